/* usdt_arg.c: one USDT argument spec, as the compiler wrote it.
 *
 * Each argument of a USDT probe (usdt.c reads them from the note) is
 * "SIZE@OPERAND": a negative size is signed, and the operand is in the
 * assembler's syntax of the architecture:
 *
 *	x86-64	-4@$42  8@%rax  -4@-20(%rbp)  -8@8+g(%rip)
 *	arm64	-4@42   8@x1    -4@[sp, 28]   -8@[x3]
 *	arm	-4@#42  4@r1    -4@[r1, #4]
 *	riscv	-4@42   8@a0    -4@8(sp)
 *	s390x	-4@42   8@%r2   -4@160(%r15)
 *
 * Each becomes a constant, a register, or memory at register + offset
 * (struct mb_usdt_arg).  A register becomes its offset in the kernel's
 * struct pt_regs for that architecture, which is how the BPF side finds
 * it (usdt.bpf.h); the tables below are those structs' layouts.
 *
 * Reference: arch/<arch>/include/asm/ptrace.h for struct pt_regs;
 * the assembler manuals for the operand syntax.
 */
#include <errno.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "usdt.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

/* ---- registers ------------------------------------------------------ */

struct reg_name {
	const char *name;
	int16_t off;
};

/* x86-64 struct pt_regs: r15 at 0 ... rip at 128, rsp at 152. */
static const struct reg_name x86_64_regs[] = {
	{ "rax", 80 },	{ "eax", 80 },	{ "ax", 80 },	{ "al", 80 },
	{ "rbx", 40 },	{ "ebx", 40 },	{ "bx", 40 },	{ "bl", 40 },
	{ "rcx", 88 },	{ "ecx", 88 },	{ "cx", 88 },	{ "cl", 88 },
	{ "rdx", 96 },	{ "edx", 96 },	{ "dx", 96 },	{ "dl", 96 },
	{ "rsi", 104 }, { "esi", 104 }, { "si", 104 },	{ "sil", 104 },
	{ "rdi", 112 }, { "edi", 112 }, { "di", 112 },	{ "dil", 112 },
	{ "rbp", 32 },	{ "ebp", 32 },	{ "bp", 32 },	{ "bpl", 32 },
	{ "rsp", 152 }, { "esp", 152 }, { "sp", 152 },	{ "spl", 152 },
	{ "r8", 72 },	{ "r8d", 72 },	{ "r8w", 72 },	{ "r8b", 72 },
	{ "r9", 64 },	{ "r9d", 64 },	{ "r9w", 64 },	{ "r9b", 64 },
	{ "r10", 56 },	{ "r10d", 56 }, { "r10w", 56 }, { "r10b", 56 },
	{ "r11", 48 },	{ "r11d", 48 }, { "r11w", 48 }, { "r11b", 48 },
	{ "r12", 24 },	{ "r12d", 24 }, { "r12w", 24 }, { "r12b", 24 },
	{ "r13", 16 },	{ "r13d", 16 }, { "r13w", 16 }, { "r13b", 16 },
	{ "r14", 8 },	{ "r14d", 8 },	{ "r14w", 8 },	{ "r14b", 8 },
	{ "r15", 0 },	{ "r15d", 0 },	{ "r15w", 0 },	{ "r15b", 0 },
	{ "rip", 128 }, { NULL, 0 },
};

/* i386 struct pt_regs: bx, cx, dx, si, di, bp, ax at 0..24, ip 48,
 * sp 60. */
static const struct reg_name i386_regs[] = {
	{ "eax", 24 }, { "ax", 24 }, { "al", 24 },  { "ebx", 0 },
	{ "bx", 0 },   { "bl", 0 },  { "ecx", 4 },  { "cx", 4 },
	{ "cl", 4 },   { "edx", 8 }, { "dx", 8 },   { "dl", 8 },
	{ "esi", 12 }, { "si", 12 }, { "edi", 16 }, { "di", 16 },
	{ "ebp", 20 }, { "bp", 20 }, { "esp", 60 }, { "sp", 60 },
	{ "eip", 48 }, { NULL, 0 },
};

/* riscv struct pt_regs (= user_regs_struct): pc, then x1..x31, 8 bytes
 * each; the ABI names in that order. */
static const char *const riscv_names[32] = {
	"pc", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
	"a1", "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
	"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static int table_reg(const struct reg_name *t, const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t->off;
	return -1;
}

/* "x12" with prefix 'x': 12 if it is in [0, max]; else -1. */
static int numbered(const char *name, char prefix, int max)
{
	char *end;
	long n;

	if (name[0] != prefix || name[1] < '0' || name[1] > '9')
		return -1;
	n = strtol(name + 1, &end, 10);
	return *end || n > max ? -1 : (int)n;
}

static int riscv_reg(const char *name)
{
	int n = numbered(name, 'x', 31);

	if (n > 0)
		return n * 8;
	if (!strcmp(name, "fp"))
		return 8 * 8; /* s0 */
	for (int i = 0; i < 32; i++)
		if (!strcmp(riscv_names[i], name))
			return i * 8;
	return -1;
}

/* The pt_regs offset of register name on machine, or -1. */
static int reg_offset(uint16_t machine, const char *name)
{
	int n;

	switch (machine) {
	case EM_X86_64:
		return table_reg(x86_64_regs, name);
	case EM_386:
		return table_reg(i386_regs, name);
	case EM_AARCH64: /* regs[31], sp, pc */
		if (!strcmp(name, "sp"))
			return 31 * 8;
		n = numbered(name, 'x', 30);
		if (n < 0)
			n = numbered(name, 'w', 30);
		return n < 0 ? -1 : n * 8;
	case EM_ARM: /* uregs[18]: r0..r15 */
		if (!strcmp(name, "fp"))
			return 11 * 4;
		if (!strcmp(name, "ip"))
			return 12 * 4;
		if (!strcmp(name, "sp"))
			return 13 * 4;
		if (!strcmp(name, "lr"))
			return 14 * 4;
		if (!strcmp(name, "pc"))
			return 15 * 4;
		n = numbered(name, 'r', 15);
		return n < 0 ? -1 : n * 4;
	case EM_RISCV:
		return riscv_reg(name);
	case EM_S390: /* args[1], psw (16), gprs[16] */
		n = numbered(name, 'r', 15);
		return n < 0 ? -1 : 24 + n * 8;
	}
	return -1;
}

/* ---- one argument --------------------------------------------------- */

/* A decimal or 0x number with an optional sign; *p moves past it. */
static int parse_num(const char **p, int64_t *v)
{
	const char *s = *p;
	bool neg = *s == '-';
	int base = 10;
	uint64_t n = 0;
	int digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (n > (UINT64_MAX - d) / base)
			return -ERANGE;
		n = n * base + d;
	}
	if (!digits)
		return -EINVAL;
	*v = neg ? (int64_t)(0 - n) : (int64_t)n;
	*p = s;
	return 0;
}

/* A register name made of letters and digits, looked up for machine. */
static int parse_reg(uint16_t machine, const char **p, int16_t *off,
		     const char **why)
{
	char name[8];
	size_t len = 0;
	int r;

	while ((**p >= 'a' && **p <= 'z') || (**p >= '0' && **p <= '9')) {
		if (len + 1 >= sizeof(name)) {
			*why = "register name too long";
			return -EINVAL;
		}
		name[len++] = *(*p)++;
	}
	name[len] = '\0';
	r = len ? reg_offset(machine, name) : -1;
	if (r < 0) {
		*why = len ? "unknown register" : "register expected";
		return -EINVAL;
	}
	*off = r;
	return 0;
}

static bool is_att(uint16_t machine)
{
	return machine == EM_X86_64 || machine == EM_386 || machine == EM_S390;
}

/* "sym", "sym+8", "8+sym", "sym-8" before "(%rip)": name and offset. */
static int parse_sym(const char *s, size_t len, struct mb_usdt_arg *arg)
{
	const char *p = s, *end = s + len;
	int64_t off = 0;
	size_t n;

	if ((*p >= '0' && *p <= '9') && !parse_num(&p, &off)) {
		if (p >= end || *p != '+')
			return -EINVAL;
		p++;
	}
	n = strcspn(p, "+-(");
	if (!n || p + n > end || n >= sizeof(arg->sym))
		return -EINVAL;
	memcpy(arg->sym, p, n);
	arg->sym[n] = '\0';
	p += n;
	if (p < end) {
		int64_t more;

		if (parse_num(&p, &more) || p != end)
			return -EINVAL;
		off += more;
	}
	arg->val_off = off;
	return 0;
}

/* AT&T memory: "-20(%rbp)", "(%rcx)", "g+8(%rip)"; *p moves past ')'. */
static int parse_att_mem(uint16_t machine, const char **pp,
			 struct mb_usdt_arg *arg, const char **why)
{
	const char *p = *pp, *paren = strchr(p, '('), *num = p;

	arg->kind = MB_USDT_DEREF;
	if (strchr(paren, ',')) {
		*why = "base+index*scale memory operands are not supported";
		return -EOPNOTSUPP;
	}
	if (paren != p && parse_num(&num, &arg->val_off) == 0 && num == paren)
		; /* "-20(%rbp)" */
	else if (paren != p && parse_sym(p, paren - p, arg)) {
		*why = "bad offset or symbol before '('";
		return -EINVAL;
	}
	p = paren + 1;
	if (*p++ != '%') {
		*why = "expected %REGISTER after '('";
		return -EINVAL;
	}
	if (parse_reg(machine, &p, &arg->reg_off, why))
		return -EINVAL;
	if (*p++ != ')') {
		*why = "expected ')'";
		return -EINVAL;
	}
	if (arg->sym[0] && !(machine == EM_X86_64 && arg->reg_off == 128)) {
		/* "g(%rbx)": an array at a symbol, indexed by a register */
		*why = "a symbol is only understood relative to %rip";
		return -EOPNOTSUPP;
	}
	*pp = p;
	return 0;
}

/* AT&T constant: "$42" (x86) or "42" (s390), or "$sym" (x86, non-PIC:
 * the symbol's address). */
static int parse_att_const(bool x86, const char **p, struct mb_usdt_arg *arg,
			   const char **why)
{
	const char *s = *p;

	arg->kind = MB_USDT_CONST;
	if (x86 && (*s == '_' || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z'))) {
		if (parse_sym(s, strlen(s), arg)) {
			*why = "bad symbol constant";
			return -EINVAL;
		}
		*p = s + strlen(s);
		return 0;
	}
	if (parse_num(p, &arg->val_off)) {
		*why = "bad constant";
		return -EINVAL;
	}
	return 0;
}

/* AT&T: "$42" (x86) or "42" (s390), "%reg", "off(%reg)", "sym(%rip)". */
static int parse_att(uint16_t machine, const char *p, struct mb_usdt_arg *arg,
		     const char **why)
{
	bool x86 = machine != EM_S390;
	int err;

	if (x86 && *p == '$') {
		p++;
		err = parse_att_const(x86, &p, arg, why);
	} else if (*p == '%') {
		arg->kind = MB_USDT_REG;
		p++;
		err = parse_reg(machine, &p, &arg->reg_off, why);
	} else if (strchr(p, '(')) {
		err = parse_att_mem(machine, &p, arg, why);
	} else if (!x86) {
		err = parse_att_const(x86, &p, arg, why);
	} else {
		*why = "expected $CONSTANT, %REGISTER or OFFSET(%REGISTER)";
		err = -EINVAL;
	}
	if (err)
		return err;
	if (*p) {
		*why = "unexpected characters after the operand";
		return -EINVAL;
	}
	return 0;
}

/* arm64 and arm: "42" / "#42", "x1", "[x1]", "[sp, 28]", "[r1, #4]". */
static int parse_arm(uint16_t machine, const char *p, struct mb_usdt_arg *arg,
		     const char **why)
{
	if (*p == '[') {
		arg->kind = MB_USDT_DEREF;
		p++;
		if (parse_reg(machine, &p, &arg->reg_off, why))
			return -EINVAL;
		if (*p == ',') {
			p += 1 + (p[1] == ' ');
			p += *p == '#';
			if (parse_num(&p, &arg->val_off)) {
				*why = "bad offset after ','";
				return -EINVAL;
			}
		}
		if (*p++ != ']') {
			*why = "expected ']'";
			return -EINVAL;
		}
	} else if (*p == '#' || *p == '-' || (*p >= '0' && *p <= '9')) {
		arg->kind = MB_USDT_CONST;
		p += *p == '#';
		if (parse_num(&p, &arg->val_off)) {
			*why = "bad constant";
			return -EINVAL;
		}
	} else {
		arg->kind = MB_USDT_REG;
		if (parse_reg(machine, &p, &arg->reg_off, why))
			return -EINVAL;
	}
	if (*p) {
		*why = "unexpected characters after the operand";
		return -EINVAL;
	}
	return 0;
}

/* riscv: "42", "a0", "8(sp)", "-16(s0)". */
static int parse_riscv(const char *p, struct mb_usdt_arg *arg, const char **why)
{
	const char *paren = strchr(p, '(');

	if (paren) {
		arg->kind = MB_USDT_DEREF;
		if (paren != p &&
		    (parse_num(&p, &arg->val_off) || p != paren)) {
			*why = "bad offset before '('";
			return -EINVAL;
		}
		p = paren + 1;
		if (parse_reg(EM_RISCV, &p, &arg->reg_off, why))
			return -EINVAL;
		if (*p++ != ')') {
			*why = "expected ')'";
			return -EINVAL;
		}
	} else if (*p == '-' || (*p >= '0' && *p <= '9')) {
		arg->kind = MB_USDT_CONST;
		if (parse_num(&p, &arg->val_off)) {
			*why = "bad constant";
			return -EINVAL;
		}
	} else {
		arg->kind = MB_USDT_REG;
		if (parse_reg(EM_RISCV, &p, &arg->reg_off, why))
			return -EINVAL;
	}
	if (*p) {
		*why = "unexpected characters after the operand";
		return -EINVAL;
	}
	return 0;
}

/* "SIZE@": -8..8, the sign says signed.  Without it (old notes), a
 * register-wide unsigned value. */
static int parse_size(uint16_t machine, const char **p, struct mb_usdt_arg *arg,
		      const char **why)
{
	const char *at = strchr(*p, '@');
	const char *s = *p;
	int64_t n;

	if (!at) {
		arg->size = machine == EM_386 || machine == EM_ARM ? 4 : 8;
		return 0;
	}
	if (parse_num(&s, &n) || s != at ||
	    (n != 1 && n != 2 && n != 4 && n != 8 && n != -1 && n != -2 &&
	     n != -4 && n != -8)) {
		*why = "the size before '@' must be 1, 2, 4 or 8, negative if signed";
		return -EINVAL;
	}
	arg->is_signed = n < 0;
	arg->size = n < 0 ? -n : n;
	*p = at + 1;
	return 0;
}

int mb_usdt_parse_arg(uint16_t machine, const char *text,
		      struct mb_usdt_arg *arg, const char **why)
{
	const char *p = text;

	memset(arg, 0, sizeof(*arg));
	*why = NULL;
	if (parse_size(machine, &p, arg, why))
		return -EINVAL;
	if (!*p) {
		*why = "no operand after '@'";
		return -EINVAL;
	}
	if (is_att(machine))
		return parse_att(machine, p, arg, why);
	if (machine == EM_AARCH64 || machine == EM_ARM)
		return parse_arm(machine, p, arg, why);
	if (machine == EM_RISCV)
		return parse_riscv(p, arg, why);
	*why = "USDT arguments of this architecture are not supported";
	return -EOPNOTSUPP;
}
