/* btf_dump.c: BTF back into C declarations, the `vmlinux.h` a BPF
 * program includes (`minibpf btf dump FILE --format c`).
 *
 * Three problems, each solved in its own part below:
 *  - Order.  C wants a struct defined before it is embedded by value,
 *    and declared before it is named through a pointer; a typedef before
 *    any use.  Types are visited in id order; before one is printed, its
 *    dependencies are: by value (a member, an array element) the full
 *    definition, through a pointer only `struct foo;`.  Named enums are
 *    printed where first needed, anonymous ones inline in the member or
 *    typedef that uses them, or on their own if nothing uses them (they
 *    only define constants, such as BPF_ANY).
 *  - Names.  A kernel's BTF may hold two different `struct foo` (from
 *    two compilation units) and two enumerators of one name: the second
 *    becomes foo___2, as bpftool names it, so the header compiles and
 *    CO-RE still finds `foo` (the ___ suffix is a flavour).
 *  - Layout.  BTF gives every member's bit offset; C gives only order.
 *    Where the compiler would not put a member where BTF says (a gap
 *    left by an aligned() attribute, a hole before a bitfield), unnamed
 *    bitfields fill the gap; a struct whose members are not naturally
 *    aligned gets __attribute__((packed)).
 *
 * Reference: include/uapi/linux/btf.h; the C declarator grammar (C11
 * 6.7.6); the layout rules of the SysV psABI for bitfields.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "btf.h"
#include "log.h"
#include "btf_impl.h" /* base: split BTF is refused */

#define DUMP_MAX_DEPTH 256 /* nesting of dependencies we follow */
#define DUMP_MAX_PAD \
	(8 << 19) /* bits of all gaps: 512 KiB, 65536 lines
				 * (6.18's vmlinux: 5,294 lines) */

enum { ST_DECLARED = 1, ST_DEFINING = 2, ST_DEFINED = 4, ST_USED = 8 };

struct cdump {
	const struct mb_btf *btf;
	FILE *f;
	const struct mb_log *log;
	uint8_t *state;	  /* per id: ST_* */
	uint8_t *align;	  /* per id: align_of's answer, 0: not yet */
	uint32_t *suffix; /* per id: 0, or N of name___N */
	struct mb_strmap types, idents; /* tags; typedefs and enumerators:
					 * how often each name was given */
	int depth;
	int err;
	char name_buf[256]; /* c_name's answer */
	uint64_t pad_left;  /* bits of padding yet allowed */
};

/* ---- names ---------------------------------------------------------- */

/* Count one more use of name: 1 the first time, 2 the second...; 0
 * when out of memory (d->err says so). */
static uint32_t name_count(struct cdump *d, struct mb_strmap *set,
			   const char *name)
{
	bool added;
	uint32_t *n = mb_strmap_get(set, name, &added);

	if (!n) {
		d->err = -ENOMEM;
		return 0;
	}
	return ++*n;
}

/* Tags (struct, union, enum) and typedefs are named in id order. */
static void assign_names(struct cdump *d)
{
	for (uint32_t id = 1; id < mb_btf_type_count(d->btf); id++) {
		const struct btf_type *t = mb_btf_type(d->btf, id);
		const char *name = mb_btf_str(d->btf, t->name_off);
		uint32_t n;

		if (!*name)
			continue;
		switch (btf_kind(t)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			n = name_count(d, &d->types, name);
			break;
		case BTF_KIND_TYPEDEF:
			n = name_count(d, &d->idents, name);
			break;
		default:
			continue;
		}
		d->suffix[id] = n > 1 ? n : 0;
	}
}

/* The name id is printed under: "foo" or "foo___2". */
static const char *c_name(struct cdump *d, uint32_t id)
{
	const char *name = mb_btf_name(d->btf, id);

	if (!d->suffix[id])
		return name;
	snprintf(d->name_buf, sizeof(d->name_buf), "%.*s___%u",
		 (int)sizeof(d->name_buf) - 16, name, d->suffix[id]);
	return d->name_buf;
}

static void put_name(struct cdump *d, FILE *f, uint32_t id)
{
	fputs(c_name(d, id), f);
}

static void indent(FILE *f, int lvl)
{
	while (lvl-- > 0)
		fputc('\t', f);
}

/* ---- layout --------------------------------------------------------- */

static bool struct_packed(struct cdump *d, const struct btf_type *t);

/* The alignment the compiler gives the C we print for id: scalars
 * their size up to a word, structs their widest member, 1 if packed. */
static uint32_t align_of(struct cdump *d, uint32_t id)
{
	const struct btf_type *t;
	uint32_t a = 1, ptr = mb_btf_ptr_size(d->btf);

	id = mb_btf_skip_mods(d->btf, id, true);
	t = mb_btf_type(d->btf, id);
	if (!t)
		return 1;
	if (d->align[id]) /* once per type: nesting makes it exponential */
		return d->align[id];
	if (++d->depth > DUMP_MAX_DEPTH)
		goto out;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		a = t->size < ptr ? t->size : ptr;
		break;
	case BTF_KIND_PTR:
		a = ptr;
		break;
	case BTF_KIND_ARRAY:
		a = align_of(d, btf_array(t)->type);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (btf_kind(t) == BTF_KIND_STRUCT && struct_packed(d, t))
			break;
		for (uint32_t i = 0; i < btf_vlen(t); i++) {
			uint32_t m = align_of(d, btf_members(t)[i].type);

			a = m > a ? m : a;
		}
		break;
	}
out:
	d->depth--;
	d->align[id] = a ? (a < 255 ? a : 255) : 1;
	return d->align[id];
}

/* Packed: a member that is not a bitfield sits off its alignment, or
 * the size is not a multiple of the widest member's alignment. */
static bool struct_packed(struct cdump *d, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	uint32_t max = 1;

	for (uint32_t i = 0; i < btf_vlen(t); i++, m++) {
		uint32_t a = align_of(d, m->type);

		if (!btf_member_bitfield_size(t, m) &&
		    btf_member_bit_offset(t, m) % (8 * a))
			return true;
		max = a > max ? a : max;
	}
	return t->size % max != 0;
}

static uint64_t round_up(uint64_t x, uint64_t to)
{
	return (x + to - 1) / to * to;
}

/* Where the compiler puts member m after bit cur: a bitfield where it
 * fits without crossing a unit of its type, anything else aligned. */
static uint64_t natural_offset(struct cdump *d, const struct btf_type *t,
			       const struct btf_member *m, uint64_t cur,
			       bool packed)
{
	uint32_t bits = btf_member_bitfield_size(t, m);
	uint64_t unit = 8 * (uint64_t)align_of(d, m->type);

	if (packed)
		return bits ? cur : round_up(cur, 8);
	if (!bits)
		return round_up(cur, unit);
	if (cur / unit != (cur + bits - 1) / unit)
		return round_up(cur, unit);
	return cur;
}

/* Fill bits [cur, to) with unnamed bitfields that each stay inside one
 * unit of their type, so that each lands exactly where it is written:
 * `long: 64;` while whole words fit, then smaller types. */
static void emit_padding(struct cdump *d, uint64_t cur, uint64_t to, int lvl)
{
	static const struct {
		const char *type;
		uint32_t bits;
	} pads[] = {
		{ "long", 64 },
		{ "int", 32 },
		{ "short", 16 },
		{ "char", 8 },
	};

	if (to - cur > d->pad_left) { /* a line per word: bounded */
		d->err = -E2BIG;
		return;
	}
	d->pad_left -= to - cur;
	while (cur < to) {
		uint64_t n = to - cur;
		size_t i = mb_btf_ptr_size(d->btf) == 8 ? 0 : 1;

		for (; i < ARRAY_SIZE(pads) - 1; i++)
			if (cur % pads[i].bits == 0 && n >= pads[i].bits)
				break;
		if (cur % pads[i].bits || n < pads[i].bits)
			n = (n < 8 - cur % 8) ? n : 8 - cur % 8; /* char */
		else
			n = pads[i].bits;
		indent(d->f, lvl);
		fprintf(d->f, "%s: %u;\n",
			n == pads[i].bits ? pads[i].type : "char",
			(unsigned int)n);
		cur += n;
	}
}

/* ---- declarations --------------------------------------------------- */

static void emit_decl(struct cdump *d, FILE *f, uint32_t id, const char *name,
		      int lvl);
static void emit_struct_def(struct cdump *d, FILE *f, uint32_t id, int lvl);
static void emit_enum_def(struct cdump *d, FILE *f, uint32_t id, int lvl);

/* The parameter list of a FUNC_PROTO, "(int, struct foo *)". */
static void emit_params(struct cdump *d, FILE *f, const struct btf_type *t,
			int lvl)
{
	const struct btf_param *p = btf_params(t);
	uint32_t n = btf_vlen(t);

	fputc('(', f);
	if (!n)
		fputs("void", f);
	for (uint32_t i = 0; i < n; i++, p++) {
		if (i)
			fputs(", ", f);
		if (!p->type && i == n - 1)
			fputs("...", f);
		else
			emit_decl(d, f, p->type,
				  mb_btf_str(d->btf, p->name_off), lvl);
	}
	fputc(')', f);
}

/* The part of a declaration left of the declarator: qualifiers and the
 * type specifier, with anonymous structs and enums written out. */
static void emit_base(struct cdump *d, FILE *f, uint32_t id, const char *quals,
		      int lvl)
{
	const struct btf_type *t = mb_btf_type(d->btf, id);

	fputs(quals, f);
	if (!t) {
		fputs("void", f);
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!t->name_off)
			return emit_struct_def(d, f, id, lvl);
		fputs(btf_kind(t) == BTF_KIND_STRUCT ? "struct " : "union ", f);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!t->name_off)
			return emit_enum_def(d, f, id, lvl);
		fputs("enum ", f);
		break;
	case BTF_KIND_FWD:
		fputs(btf_kflag(t) ? "union " : "struct ", f);
		break;
	}
	put_name(d, f, id);
}

static bool is_declarator(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_ARRAY:
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return true;
	}
	return false;
}

/* One level of a declarator around decl: a new string, decl itself
 * when the level adds nothing there (a qualifier of the base type goes
 * into quals), NULL when out of memory. */
static char *wrap_decl(struct cdump *d, const struct btf_type *t, char *decl,
		       char *quals, int lvl)
{
	unsigned int k = btf_kind(t);
	const char *q = k == BTF_KIND_CONST    ? "const " :
			k == BTF_KIND_VOLATILE ? "volatile " :
			k == BTF_KIND_RESTRICT ? "restrict " :
						 NULL;
	const char *paren = decl[0] == '*' ? "(%s)" : "%s";
	const struct btf_type *next;
	char *out = NULL;
	size_t len;
	FILE *m;
	int r = 0;

	if (k == BTF_KIND_TYPE_TAG)
		return decl; /* bpftool writes none either */
	if (q) {
		next = mb_btf_type(d->btf,
				   mb_btf_skip_mods(d->btf, t->type, false));
		if (next && btf_kind(next) == BTF_KIND_PTR) /* "* const p" */
			r = asprintf(&out, " %.*s%s%s", (int)strlen(q) - 1, q,
				     decl[0] ? " " : "", decl);
		else if (!strstr(quals, q))
			strcat(quals, q); /* at most all three */
		return r < 0 ? NULL : out ? out : decl;
	}
	if (k == BTF_KIND_PTR)
		r = asprintf(&out, "*%s", decl);
	else if (k == BTF_KIND_ARRAY)
		r = asprintf(&out, decl[0] == '*' ? "(%s)[%u]" : "%s[%u]", decl,
			     btf_array(t)->nelems);
	if (k != BTF_KIND_FUNC_PROTO)
		return r < 0 ? NULL : out;
	m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	fprintf(m, paren, decl);
	emit_params(d, m, t, lvl);
	if (!fclose(m))
		return out;
	free(out);
	return NULL;
}

/* The declarator of name with type id, built inside out:
 *   PTR(ARRAY[3] of INT), "a"  ->  "(*a)[3]", then "int " in front.
 * A pointer written before the name binds looser than [] and (), so a
 * pointer to an array or a function is parenthesised.  A qualifier of
 * a pointer follows its '*'; any other goes in front of the base. */
static void emit_decl(struct cdump *d, FILE *f, uint32_t id, const char *name,
		      int lvl)
{
	char *decl = strdup(name), *next, quals[64] = "";
	const struct btf_type *t;

	for (int n = 0; decl && (t = mb_btf_type(d->btf, id)) &&
			is_declarator(t) && n < DUMP_MAX_DEPTH;
	     n++) {
		next = wrap_decl(d, t, decl, quals, lvl);
		if (next != decl)
			free(decl);
		decl = next;
		id = btf_kind(t) == BTF_KIND_ARRAY ? btf_array(t)->type :
						     t->type;
	}
	if (!decl) {
		d->err = -ENOMEM;
		return;
	}
	emit_base(d, f, id, quals, lvl);
	if (decl[0])
		fprintf(f, " %s", decl);
	free(decl);
}

/* ---- definitions ---------------------------------------------------- */

static void emit_member(struct cdump *d, FILE *f, const struct btf_type *t,
			const struct btf_member *m, int lvl)
{
	uint32_t bits = btf_member_bitfield_size(t, m);

	indent(f, lvl);
	emit_decl(d, f, m->type, mb_btf_str(d->btf, m->name_off), lvl);
	if (bits)
		fprintf(f, ": %u", bits);
	fputs(";\n", f);
}

static void emit_struct_def(struct cdump *d, FILE *f, uint32_t id, int lvl)
{
	const struct btf_type *t = mb_btf_type(d->btf, id);
	const struct btf_member *m = btf_members(t);
	bool is_struct = btf_kind(t) == BTF_KIND_STRUCT;
	bool packed = is_struct && struct_packed(d, t);
	uint64_t cur = 0, off;
	int64_t size;

	if (lvl > DUMP_MAX_DEPTH / 4) { /* an anonymous struct in itself */
		d->err = -ELOOP;
		return;
	}

	fputs(is_struct ? "struct" : "union", f);
	if (t->name_off) {
		fputc(' ', f);
		put_name(d, f, id);
	}
	fputs(btf_vlen(t) || t->size ? " {\n" : " {", f);
	for (uint32_t i = 0; i < btf_vlen(t) && !d->err; i++, m++) {
		off = btf_member_bit_offset(t, m);
		if (is_struct && off > cur &&
		    natural_offset(d, t, m, cur, packed) != off)
			emit_padding(d, cur, off, lvl + 1);
		emit_member(d, f, t, m, lvl + 1);
		size = mb_btf_resolve_size(d->btf, m->type);
		if (btf_member_bitfield_size(t, m))
			cur = off + btf_member_bitfield_size(t, m);
		else if (size >= 0)
			cur = off + 8 * (uint64_t)size;
	}
	off = 8 * (uint64_t)t->size;
	if (is_struct && cur < off &&
	    round_up(cur, 8 * (packed ? 1 : align_of(d, id))) != off)
		emit_padding(d, cur, off, lvl + 1);
	if (btf_vlen(t) || t->size)
		indent(f, lvl);
	fputs(packed ? "} __attribute__((packed))" : "}", f);
}

/* An enumerator of a name printed before gets ___N, counted here, in
 * the order they are printed (each enum is printed once). */
static void emit_enumerator(struct cdump *d, FILE *f, const struct btf_type *t,
			    uint32_t i, int lvl)
{
	const char *name = mb_btf_str(d->btf, btf_enum_name_off(t, i));
	uint32_t n = name_count(d, &d->idents, name);
	uint64_t v = btf_enum_value(t, i);
	bool sgn = btf_kflag(t);

	indent(f, lvl);
	fputs(name, f);
	if (n > 1)
		fprintf(f, "___%u", n);
	if (btf_kind(t) == BTF_KIND_ENUM64)
		fprintf(f, sgn ? " = %lldLL,\n" : " = %lluULL,\n",
			(unsigned long long)v);
	else
		fprintf(f, sgn ? " = %d,\n" : " = %u,\n", (int)v);
}

/* Enums whose size is not an int's: mode(byte) makes one byte; mode(word)
 * eight bytes when no value alone asks for them. */
static const char *enum_mode(struct cdump *d, const struct btf_type *t)
{
	if (t->size == 1)
		return " __attribute__((mode(byte)))";
	if (t->size != 8 || mb_btf_ptr_size(d->btf) != 8)
		return "";
	for (uint32_t i = 0; btf_kind(t) == BTF_KIND_ENUM64 && i < btf_vlen(t);
	     i++)
		if (btf_enum64s(t)[i].val_hi32)
			return "";
	return " __attribute__((mode(word)))";
}

static void emit_enum_def(struct cdump *d, FILE *f, uint32_t id, int lvl)
{
	const struct btf_type *t = mb_btf_type(d->btf, id);

	fputs("enum", f);
	if (t->name_off) {
		fputc(' ', f);
		put_name(d, f, id);
	}
	d->state[id] |= ST_DEFINED;
	if (!btf_vlen(t))
		return;
	fputs(" {\n", f);
	for (uint32_t i = 0; i < btf_vlen(t); i++)
		emit_enumerator(d, f, t, i, lvl + 1);
	indent(f, lvl);
	fprintf(f, "}%s", enum_mode(d, t));
}

/* ---- order ---------------------------------------------------------- */

static void need(struct cdump *d, uint32_t id, bool by_value, uint32_t self);

static void need_members(struct cdump *d, const struct btf_type *t,
			 uint32_t self)
{
	for (uint32_t i = 0; i < btf_vlen(t); i++)
		need(d, btf_members(t)[i].type, true, self);
}

/* Print the definition of a named struct or union, after everything
 * its members need. */
static void define_struct(struct cdump *d, uint32_t id)
{
	if (d->state[id] & (ST_DEFINED | ST_DEFINING))
		return; /* done, or a by-value loop: bad BTF */
	d->state[id] |= ST_DEFINING;
	need_members(d, mb_btf_type(d->btf, id), id);
	emit_struct_def(d, d->f, id, 0);
	fputs(";\n\n", d->f);
	d->state[id] |= ST_DEFINED | ST_DECLARED;
}

static void declare_tag(struct cdump *d, uint32_t id, uint32_t self)
{
	const struct btf_type *t = mb_btf_type(d->btf, id);
	bool is_union = btf_kind(t) == BTF_KIND_UNION ||
			(btf_kind(t) == BTF_KIND_FWD && btf_kflag(t));

	if (d->state[id] & (ST_DECLARED | ST_DEFINED) || id == self)
		return;
	fputs(is_union ? "union " : "struct ", d->f);
	put_name(d, d->f, id);
	fputs(";\n\n", d->f);
	d->state[id] |= ST_DECLARED;
}

static void define_typedef(struct cdump *d, uint32_t id)
{
	const struct btf_type *t = mb_btf_type(d->btf, id);

	if (d->state[id] & (ST_DEFINED | ST_DEFINING))
		return;
	d->state[id] |= ST_DEFINING;
	need(d, t->type, false, 0);
	/* The compiler's own (__builtin_va_list): declared already. */
	if (!strncmp(mb_btf_name(d->btf, id), "__builtin_", 10))
		;
	else if (!t->type &&
		 !strcmp(mb_btf_name(d->btf, id), "__gnuc_va_list")) {
		fputs("typedef __builtin_va_list __gnuc_va_list;\n\n", d->f);
	} else {
		fputs("typedef ", d->f);
		emit_decl(d, d->f, t->type, c_name(d, id), 0);
		fputs(";\n\n", d->f);
	}
	d->state[id] |= ST_DEFINED;
}

/* Print what must come before a use of type id: by_value, a complete
 * type; else (through a pointer, a function parameter) a declaration.
 * self: the struct being defined, which may point to itself. */
static void need(struct cdump *d, uint32_t id, bool by_value, uint32_t self)
{
	const struct btf_type *t = mb_btf_type(d->btf, id);

	if (!t || d->err)
		return;
	if (++d->depth > DUMP_MAX_DEPTH) {
		d->err = -ELOOP;
		goto out;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		need(d, t->type, false, self);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		need(d, t->type, by_value, self);
		break;
	case BTF_KIND_ARRAY:
		need(d, btf_array(t)->type, true, self);
		break;
	case BTF_KIND_FUNC_PROTO:
		need(d, t->type, false, self);
		for (uint32_t i = 0; i < btf_vlen(t); i++)
			need(d, btf_params(t)[i].type, false, self);
		break;
	case BTF_KIND_TYPEDEF:
		define_typedef(d, id);
		if (by_value)
			need(d, t->type, true, self);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!t->name_off)
			need_members(d, t, self);
		else if (by_value)
			define_struct(d, id);
		else
			declare_tag(d, id, self);
		break;
	case BTF_KIND_FWD:
		declare_tag(d, id, self);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (t->name_off && !(d->state[id] & ST_DEFINED)) {
			emit_enum_def(d, d->f, id, 0);
			fputs(";\n\n", d->f);
		}
		break;
	}
out:
	d->depth--;
}

/* Mark the types something else refers to: an anonymous enum that
 * nothing uses is printed on its own, for its constants. */
static void mark_used(struct cdump *d)
{
	for (uint32_t id = 1; id < mb_btf_type_count(d->btf); id++) {
		const struct btf_type *t = mb_btf_type(d->btf, id);
		uint32_t ref;

		switch (btf_kind(t)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			for (uint32_t i = 0; i < btf_vlen(t); i++)
				d->state[btf_members(t)[i].type] |= ST_USED;
			continue;
		case BTF_KIND_FUNC_PROTO:
			for (uint32_t i = 0; i < btf_vlen(t); i++)
				d->state[btf_params(t)[i].type] |= ST_USED;
			ref = t->type;
			break;
		case BTF_KIND_ARRAY:
			ref = btf_array(t)->type;
			break;
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			ref = t->type;
			break;
		default:
			continue;
		}
		d->state[ref] |= ST_USED;
	}
}

static void emit_top(struct cdump *d, uint32_t id)
{
	const struct btf_type *t = mb_btf_type(d->btf, id);

	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FWD:
		if (t->name_off)
			need(d, id, true, 0);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (t->name_off)
			need(d, id, true, 0);
		else if (!(d->state[id] & ST_USED)) {
			emit_enum_def(d, d->f, id, 0);
			fputs(";\n\n", d->f);
		}
		break;
	}
}

static const char header[] =
	"#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n"
	"#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
	"#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n"
	"#endif\n\n";
static const char footer[] =
	"#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n"
	"#endif\n\n#endif /* __VMLINUX_H__ */\n";

int mb_btf_dump_c(const struct mb_btf *btf, FILE *f, const struct mb_log *log)
{
	struct cdump d = {
		.btf = btf, .f = f, .log = log, .pad_left = DUMP_MAX_PAD
	};
	uint32_t n = mb_btf_type_count(btf);

	if (btf->base)
		return mb_err(log, -ENOTSUP,
			      "btf: C dump of split BTF is not supported");
	d.state = calloc(n, 1);
	d.align = calloc(n, 1);
	d.suffix = mb_calloc(n, sizeof(*d.suffix));
	if (!d.state || !d.align || !d.suffix) {
		d.err = mb_err(log, -ENOMEM,
			       "btf: out of memory for the C dump of %u types",
			       n);
		goto out;
	}
	assign_names(&d);
	mark_used(&d);
	fputs(header, f);
	for (uint32_t id = 1; id < n && !d.err; id++)
		emit_top(&d, id);
	fputs(footer, f);
	if (d.err == -ELOOP)
		mb_err(log, d.err, "btf: types nested deeper than %d",
		       DUMP_MAX_DEPTH);
	else if (d.err == -E2BIG)
		mb_err(log, d.err,
		       "btf: more than %d KiB of gaps between struct members",
		       DUMP_MAX_PAD / 8 / 1024);
	else if (d.err)
		mb_err(log, d.err, "btf: out of memory in the C dump");
out:
	mb_strmap_free(&d.types);
	mb_strmap_free(&d.idents);
	free(d.suffix);
	free(d.align);
	free(d.state);
	return d.err;
}

int mb_btf_print_c(FILE *f, const struct mb_btf *btf,
		   const struct mb_open_opts *opts)
{
	struct mb_log log;

	mb_log_init(&log, opts);
	return mb_btf_dump_c(btf, f, &log);
}
