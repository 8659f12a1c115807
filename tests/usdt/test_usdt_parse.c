/* test_usdt_parse.c: USDT argument specs and .note.stapsdt, without a
 * kernel.
 *
 * The argument strings below are what the compilers wrote into real
 * notes (<sys/sdt.h>, tests/usdt/usdt_target.c and variants), compiled
 * here with gcc and clang for x86-64, aarch64-linux-gnu-gcc and clang
 * --target=aarch64/arm/i386/s390x; riscv's are written from its
 * assembler syntax (clang 14 cannot compile sdt.h for riscv and no
 * cross gcc is installed).  Each must give the pt_regs offset of that
 * architecture's kernel.  Malformed strings must be refused with a
 * reason, never read past their end (the SANITIZE=1 build checks).
 *
 * The note walker gets a well-formed note, then every truncation of it
 * and notes whose sizes lie.
 */
#include <errno.h>
#include <elf.h>

#include "harness.h"
#include "internal.h"
#include "usdt.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

enum { C = MB_USDT_CONST, R = MB_USDT_REG, D = MB_USDT_DEREF };

struct arg_case {
	uint16_t machine;
	const char *text;
	int kind;
	int64_t val_off;
	int reg_off;
	int size;		/* negative: signed */
	const char *sym;
};

static const struct arg_case good[] = {
	/* x86-64, gcc -O2 */
	{ EM_X86_64, "-4@%eax", R, 0, 80, -4 },
	{ EM_X86_64, "-8@%rsi", R, 0, 104, -8 },
	{ EM_X86_64, "-1@%dl", R, 0, 96, -1 },
	{ EM_X86_64, "1@%al", R, 0, 80, 1 },
	{ EM_X86_64, "-1@%dil", R, 0, 112, -1 },
	{ EM_X86_64, "1@%sil", R, 0, 104, 1 },
	{ EM_X86_64, "2@%cx", R, 0, 88, 2 },
	{ EM_X86_64, "-4@%r8d", R, 0, 72, -4 },
	{ EM_X86_64, "4@%r9d", R, 0, 64, 4 },
	{ EM_X86_64, "-4@(%rcx)", D, 0, 88, -4 },
	{ EM_X86_64, "-8@8(%rcx)", D, 8, 88, -8 },
	{ EM_X86_64, "-8@8(%rsp)", D, 8, 152, -8 },
	{ EM_X86_64, "-4@$42", C, 42, 0, -4 },
	{ EM_X86_64, "-4@$-7", C, -7, 0, -4 },
	{ EM_X86_64, "-8@usdt_global(%rip)", D, 0, 128, -8, "usdt_global" },
	{ EM_X86_64, "-8@8+g(%rip)", D, 8, 128, -8, "g" },
	{ EM_X86_64, "4@g-4(%rip)", D, -4, 128, 4, "g" },
	/* x86-64, gcc -O0 and clang */
	{ EM_X86_64, "-4@-20(%rbp)", D, -20, 32, -4 },
	{ EM_X86_64, "-1@-57(%rsp)", D, -57, 152, -1 },
	{ EM_X86_64, "8@%rdx", R, 0, 96, 8 },
	{ EM_X86_64, "-2@%ax", R, 0, 80, -2 },
	{ EM_X86_64, "8@$usdt_global", C, 0, 0, 8, "usdt_global" },
	{ EM_X86_64, "8@$0x10", C, 16, 0, 8 },
	{ EM_X86_64, "%rdi", R, 0, 112, 8 },	/* old notes: no size */
	/* i386, clang */
	{ EM_386, "-4@36(%esp)", D, 36, 60, -4 },
	{ EM_386, "-1@-33(%ebp)", D, -33, 20, -1 },
	{ EM_386, "-4@$42", C, 42, 0, -4 },
	{ EM_386, "4@%eax", R, 0, 24, 4 },
	{ EM_386, "4@%ebx", R, 0, 0, 4 },
	/* aarch64, gcc -O2 / -O0 and clang */
	{ EM_AARCH64, "-4@x0", R, 0, 0, -4 },
	{ EM_AARCH64, "-8@x5", R, 0, 40, -8 },
	{ EM_AARCH64, "1@x2", R, 0, 16, 1 },
	{ EM_AARCH64, "-4@[x3]", D, 0, 24, -4 },
	{ EM_AARCH64, "-8@[x3, 8]", D, 8, 24, -8 },
	{ EM_AARCH64, "-2@[x3, 20]", D, 20, 24, -2 },
	{ EM_AARCH64, "-4@[sp, 28]", D, 28, 248, -4 },
	{ EM_AARCH64, "-4@[x13]", D, 0, 104, -4 },
	{ EM_AARCH64, "-4@42", C, 42, 0, -4 },
	{ EM_AARCH64, "-4@-7", C, -7, 0, -4 },
	{ EM_AARCH64, "-4@w30", R, 0, 240, -4 },
	/* arm, clang */
	{ EM_ARM, "-4@[r5]", D, 0, 20, -4 },
	{ EM_ARM, "-8@[lr]", D, 0, 56, -8 },
	{ EM_ARM, "-4@#42", C, 42, 0, -4 },
	{ EM_ARM, "-4@#-7", C, -7, 0, -4 },
	{ EM_ARM, "-4@[r1, #4]", D, 4, 4, -4 },
	{ EM_ARM, "4@sp", R, 0, 52, 4 },
	{ EM_ARM, "4@r12", R, 0, 48, 4 },
	/* riscv64, from the assembler syntax */
	{ EM_RISCV, "-4@a0", R, 0, 80, -4 },
	{ EM_RISCV, "8@8(sp)", D, 8, 16, 8 },
	{ EM_RISCV, "-4@-20(s0)", D, -20, 64, -4 },
	{ EM_RISCV, "-4@-20(fp)", D, -20, 64, -4 },
	{ EM_RISCV, "4@5", C, 5, 0, 4 },
	{ EM_RISCV, "8@t6", R, 0, 248, 8 },
	/* s390x, clang */
	{ EM_S390, "-4@180(%r15)", D, 180, 144, -4 },
	{ EM_S390, "-4@42", C, 42, 0, -4 },
	{ EM_S390, "8@%r2", R, 0, 40, 8 },
	{ EM_S390, "-8@244(%r11)", D, 244, 112, -8 },
};

TEST(usdt_argument_forms_of_each_architecture)
{
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct arg_case *c = &good[i];
		struct mb_usdt_arg a;
		const char *why;
		int err = mb_usdt_parse_arg(c->machine, c->text, &a, &why);

		if (err)
			FAILF("machine %u '%s': error %d: %s", c->machine,
			      c->text, err, why);
		if ((int)a.kind != c->kind || a.val_off != c->val_off ||
		    (c->kind != C && a.reg_off != c->reg_off) ||
		    a.size != (c->size < 0 ? -c->size : c->size) ||
		    a.is_signed != (c->size < 0) ||
		    strcmp(a.sym, c->sym ? c->sym : ""))
			FAILF("machine %u '%s': kind %d val_off %lld reg_off %d size %d signed %d sym '%s'",
			      c->machine, c->text, a.kind,
			      (long long)a.val_off, a.reg_off, a.size,
			      a.is_signed, a.sym);
	}
}

struct bad_case {
	uint16_t machine;
	const char *text;
	int err;
	const char *why;	/* part of the reason */
};

static const struct bad_case bad[] = {
	{ EM_X86_64, "", -EINVAL, "no operand" },
	{ EM_X86_64, "@", -EINVAL, "size" },
	{ EM_X86_64, "4@", -EINVAL, "no operand" },
	{ EM_X86_64, "3@%rax", -EINVAL, "size" },
	{ EM_X86_64, "16@%rax", -EINVAL, "size" },
	{ EM_X86_64, "x@%rax", -EINVAL, "size" },
	{ EM_X86_64, "4@%xyz", -EINVAL, "unknown register" },
	{ EM_X86_64, "4@%", -EINVAL, "register expected" },
	{ EM_X86_64, "4@%raxx", -EINVAL, "unknown register" },
	{ EM_X86_64, "4@%abcdefghijklmnop", -EINVAL, "too long" },
	{ EM_X86_64, "4@$", -EINVAL, "bad constant" },
	{ EM_X86_64, "4@$99999999999999999999999", -EINVAL, "bad constant" },
	{ EM_X86_64, "4@-20(%rbp", -EINVAL, "')'" },
	{ EM_X86_64, "4@-20(rbp)", -EINVAL, "%REGISTER" },
	{ EM_X86_64, "4@(%rbp)x", -EINVAL, "unexpected" },
	{ EM_X86_64, "4@%rax junk", -EINVAL, "unexpected" },
	{ EM_X86_64, "4@rax", -EINVAL, "expected $CONSTANT" },
	{ EM_X86_64, "-4@(%rdx,%r8,4)", -EOPNOTSUPP, "index" },
	{ EM_X86_64, "4@g(%rbx)", -EOPNOTSUPP, "%rip" },
	{ EM_X86_64, "4@+(%rip)", -EINVAL, "symbol" },
	{ EM_AARCH64, "-4@[x3, 8", -EINVAL, "']'" },
	{ EM_AARCH64, "-4@[x31]", -EINVAL, "unknown register" },
	{ EM_AARCH64, "-4@[x3, y]", -EINVAL, "offset" },
	{ EM_AARCH64, "-4@q0", -EINVAL, "unknown register" },
	{ EM_ARM, "4@g", -EINVAL, "unknown register" },
	{ EM_ARM, "4@r16", -EINVAL, "unknown register" },
	{ EM_RISCV, "4@8(x0)", -EINVAL, "unknown register" },
	{ EM_RISCV, "4@8(sp", -EINVAL, "')'" },
	{ EM_S390, "4@%r16", -EINVAL, "unknown register" },
	{ EM_PPC64, "-4@0(4)", -EOPNOTSUPP, "architecture" },
};

TEST(usdt_malformed_arguments_are_refused_with_a_reason)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct bad_case *c = &bad[i];
		struct mb_usdt_arg a;
		const char *why = NULL;
		int err = mb_usdt_parse_arg(c->machine, c->text, &a, &why);

		if (err != c->err || !why || !strstr(why, c->why))
			FAILF("machine %u '%s': error %d (%s), expected %d with '%s'",
			      c->machine, c->text, err, why ? why : "no reason",
			      c->err, c->why);
	}
}

/* ---- notes ---------------------------------------------------------- */

struct seen {
	int n;
	struct mb_usdt_note last;
};

static int count_note(const struct mb_usdt_note *n, void *ctx)
{
	struct seen *s = ctx;

	s->n++;
	s->last = *n;
	return 0;
}

static void put(unsigned char *p, uint64_t v, int size, bool big)
{
	for (int i = 0; i < size; i++)
		p[big ? size - 1 - i : i] = v >> (8 * i);
}

/* One stapsdt note: header, "stapsdt\0", 3 addresses, 3 strings, padded
 * to 4 bytes.  Returns its size. */
static size_t make_note(unsigned char *buf, bool is64, bool big)
{
	static const char strs[] = "prov\0name\0-4@%edi 8@-16(%rbp)";
	int asz = is64 ? 8 : 4;
	size_t desc = 3 * asz + sizeof(strs);

	memset(buf, 0, 256);
	put(buf, 8, 4, big);
	put(buf + 4, desc, 4, big);
	put(buf + 8, 3, 4, big);
	memcpy(buf + 12, "stapsdt", 8);
	put(buf + 20, 0x1234, asz, big);
	put(buf + 20 + asz, 0x2000, asz, big);
	put(buf + 20 + 2 * asz, 0x4030, asz, big);
	memcpy(buf + 20 + 3 * asz, strs, sizeof(strs));
	return 20 + ((desc + 3) & ~(size_t)3);
}

TEST(usdt_note_is_decoded_in_each_class_and_byte_order)
{
	for (int k = 0; k < 4; k++) {
		bool is64 = k & 1, big = k & 2;
		unsigned char buf[256];
		size_t size = make_note(buf, is64, big);
		struct seen s = { 0 };
		const char *why = NULL;

		CHECK_EQ(mb_usdt_notes_walk(buf, size, is64, big, count_note,
					    &s, &why), 0);
		CHECK_EQ(s.n, 1);
		CHECK_EQ(s.last.pc, 0x1234);
		CHECK_EQ(s.last.base, 0x2000);
		CHECK_EQ(s.last.sema, 0x4030);
		CHECK_STR(s.last.provider, "prov");
		CHECK_STR(s.last.name, "name");
		CHECK_STR(s.last.args, "-4@%edi 8@-16(%rbp)");
	}
}

/* Every prefix of a note: refused with a reason or (length 0) empty;
 * each copy is exactly that long, so ASan sees any read past it. */
TEST(usdt_truncated_notes_are_refused)
{
	unsigned char buf[256];
	size_t size = make_note(buf, true, false);

	for (size_t len = 0; len < size; len++) {
		unsigned char *copy = malloc(len ? len : 1);
		struct seen s = { 0 };
		const char *why = NULL;
		int err;

		memcpy(copy, buf, len);
		err = mb_usdt_notes_walk(copy, len, true, false, count_note,
					 &s, &why);
		free(copy);
		if (len == 0 ? err != 0 : err != -EINVAL || !why)
			FAILF("length %zu: error %d", len, err);
		CHECK_EQ(s.n, 0);
	}
}

TEST(usdt_notes_with_lying_sizes_are_refused)
{
	static const struct { size_t at; uint32_t v; const char *why; } lies[] = {
		{ 0, 0xffffffff, "past the end" },	/* namesz */
		{ 4, 0xfffffffd, "past the end" },	/* descsz */
		{ 4, 20, "three addresses" },		/* desc too short */
	};
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		unsigned char buf[256];
		size_t size = make_note(buf, true, false);
		struct seen s = { 0 };
		const char *why = NULL;

		put(buf + lies[i].at, lies[i].v, 4, false);
		CHECK_EQ(mb_usdt_notes_walk(buf, size, true, false, count_note,
					    &s, &why), -EINVAL);
		CHECK_CONTAINS(why, lies[i].why);
	}
	{	/* strings without their NULs */
		unsigned char buf[256];
		size_t size = make_note(buf, true, false);
		struct seen s = { 0 };
		const char *why = NULL;

		for (size_t k = 44; k < size; k++)
			buf[k] = 'x';
		CHECK_EQ(mb_usdt_notes_walk(buf, size, true, false, count_note,
					    &s, &why), -EINVAL);
		CHECK_CONTAINS(why, "three strings");
	}
}
