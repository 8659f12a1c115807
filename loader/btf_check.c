/* btf_check.c: checking every type of a BTF blob.
 *
 * btf.c has read the header and the string table; this file walks the
 * type section twice.  The first walk finds where each type starts and
 * its kind, and checks that its tail fits in the section: only then is
 * the number of types known.  The second checks each type against the
 * others: its names, sizes and bit offsets, each id it references, a
 * FUNC's prototype, and that no chain of typedefs, modifiers, arrays and
 * pointers loops (so mb_btf_skip_mods and mb_btf_resolve_size always
 * end).  The first fault is named: "type [7] STRUCT member 2 references
 * missing type 40".
 *
 * Reference: include/uapi/linux/btf.h, Documentation/bpf/btf.rst.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "btf.h"
#include "btf_impl.h"

/* The bytes after struct btf_type, by kind: fixed + vlen * per_entry.
 * Every tail is made of 32-bit words, which byte-swapping uses. */
static const struct {
	uint8_t known, fixed, per_entry;
} btf_tails[32] = {
	/* the kind is 5 bits */
	[BTF_KIND_INT] = { 1, sizeof(uint32_t), 0 },
	[BTF_KIND_PTR] = { 1, 0, 0 },
	[BTF_KIND_ARRAY] = { 1, sizeof(struct btf_array), 0 },
	[BTF_KIND_STRUCT] = { 1, 0, sizeof(struct btf_member) },
	[BTF_KIND_UNION] = { 1, 0, sizeof(struct btf_member) },
	[BTF_KIND_ENUM] = { 1, 0, sizeof(struct btf_enum) },
	[BTF_KIND_FWD] = { 1, 0, 0 },
	[BTF_KIND_TYPEDEF] = { 1, 0, 0 },
	[BTF_KIND_VOLATILE] = { 1, 0, 0 },
	[BTF_KIND_CONST] = { 1, 0, 0 },
	[BTF_KIND_RESTRICT] = { 1, 0, 0 },
	[BTF_KIND_FUNC] = { 1, 0, 0 },
	[BTF_KIND_FUNC_PROTO] = { 1, 0, sizeof(struct btf_param) },
	[BTF_KIND_VAR] = { 1, sizeof(struct btf_var), 0 },
	[BTF_KIND_DATASEC] = { 1, 0, sizeof(struct btf_var_secinfo) },
	[BTF_KIND_FLOAT] = { 1, 0, 0 },
	[BTF_KIND_DECL_TAG] = { 1, sizeof(struct btf_decl_tag), 0 },
	[BTF_KIND_TYPE_TAG] = { 1, 0, 0 },
	[BTF_KIND_ENUM64] = { 1, 0, sizeof(struct btf_enum64) },
};

/* ---- what each type says -------------------------------------------- */

/* Every type is now known to lie inside the section, so a type can be
 * checked against the ones it names.  The limits are worked out once:
 * each name and reference costs one compare.  Messages name the type,
 * its kind and the part at fault: "type [7] STRUCT member 2 references
 * ...". */
struct btf_checker {
	const struct mb_btf *btf;
	uint64_t str_end; /* names: offsets below this */
	uint64_t nr_ids;  /* references: ids below this */
	const char *what;
	const struct mb_log *log;
};

#define TYPE_FMT "btf: %s: type [%u] %s%s"
#define TYPE_ARGS(id, t, part, idx)                 \
	c->what, id, mb_btf_kind_name(btf_kind(t)), \
		btf_part(buf, sizeof(buf), part, idx)

/* " member 3", " return type" (idx < 0: no index), "" (no part). */
static const char *btf_part(char *buf, size_t size, const char *part, int idx)
{
	if (!part)
		buf[0] = '\0';
	else if (idx < 0)
		snprintf(buf, size, " %s", part);
	else
		snprintf(buf, size, " %s %d", part, idx);
	return buf;
}

static const struct btf_type *btf_own_type(const struct mb_btf *btf,
					   uint32_t id)
{
	return (const void *)(btf->types + btf->type_offs[id - btf->start_id]);
}

static int btf_check_name(const struct btf_checker *c, uint32_t id,
			  const struct btf_type *t, const char *part, int idx,
			  uint32_t off)
{
	char buf[32];

	if (off < c->str_end)
		return 0;
	return mb_err(c->log, -EINVAL,
		      TYPE_FMT ": name offset %u beyond the string table",
		      TYPE_ARGS(id, t, part, idx), off);
}

static int btf_check_ref(const struct btf_checker *c, uint32_t id,
			 const struct btf_type *t, const char *part, int idx,
			 uint32_t ref)
{
	char buf[32];

	if (ref < c->nr_ids)
		return 0;
	return mb_err(c->log, -EINVAL, TYPE_FMT " references missing type %u",
		      TYPE_ARGS(id, t, part, idx), ref);
}

/* Each member named, typed, and inside the struct: a plain member may
 * start at the end (a flexible array), a bitfield must end by it. */
static int btf_check_members(const struct btf_checker *c, uint32_t id,
			     const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	uint64_t bits = (uint64_t)t->size * 8;
	char buf[32];

	for (uint32_t i = 0; i < btf_vlen(t); i++, m++) {
		uint32_t off = btf_member_bit_offset(t, m);
		uint32_t width = btf_member_bitfield_size(t, m);
		int err = btf_check_name(c, id, t, "member", i, m->name_off) ?:
				  btf_check_ref(c, id, t, "member", i, m->type);

		if (err)
			return err;
		if (off + (uint64_t)width > bits)
			return mb_err(c->log, -EINVAL,
				      TYPE_FMT
				      " %s at bit %u (width %u) beyond size %u",
				      TYPE_ARGS(id, t, "member", i),
				      mb_btf_str(c->btf, m->name_off), off,
				      width, t->size);
	}
	return 0;
}

/* A FUNC_PROTO's return type and parameters (the last may be 0, 0:
 * "..."). */
static int btf_check_params(const struct btf_checker *c, uint32_t id,
			    const struct btf_type *t)
{
	const struct btf_param *p = btf_params(t);
	int err = btf_check_ref(c, id, t, "return type", -1, t->type);

	for (uint32_t i = 0; i < btf_vlen(t) && !err; i++, p++)
		err = btf_check_name(c, id, t, "parameter", i, p->name_off) ?:
			      btf_check_ref(c, id, t, "parameter", i, p->type);
	return err;
}

static int btf_check_enums(const struct btf_checker *c, uint32_t id,
			   const struct btf_type *t)
{
	char buf[32];
	int err = 0;

	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
		return mb_err(c->log, -EINVAL,
			      TYPE_FMT ": size %u is not 1, 2, 4 or 8",
			      TYPE_ARGS(id, t, NULL, -1), t->size);
	for (uint32_t i = 0; i < btf_vlen(t) && !err; i++)
		err = btf_check_name(c, id, t, "enumerator", i,
				     btf_enum_name_off(t, i));
	return err;
}

static int btf_check_int(const struct btf_checker *c, uint32_t id,
			 const struct btf_type *t)
{
	uint32_t bits = BTF_INT_BITS(btf_int_word(t));
	uint32_t off = BTF_INT_OFFSET(btf_int_word(t));
	char buf[32];

	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8 &&
	    t->size != 16)
		return mb_err(c->log, -EINVAL,
			      TYPE_FMT ": size %u is not 1, 2, 4, 8 or 16",
			      TYPE_ARGS(id, t, NULL, -1), t->size);
	if (off + bits > t->size * 8)
		return mb_err(c->log, -EINVAL,
			      TYPE_FMT ": %u bits at bit %u beyond size %u",
			      TYPE_ARGS(id, t, NULL, -1), bits, off, t->size);
	return 0;
}

/* A FUNC's type is its prototype. */
static int btf_check_func(const struct btf_checker *c, uint32_t id,
			  const struct btf_type *t)
{
	const struct mb_btf *btf = c->btf;
	const struct btf_type *proto = NULL;
	char buf[32];

	if (t->type >= btf->start_id && t->type < c->nr_ids)
		proto = btf_own_type(btf, t->type);
	else if (t->type < btf->start_id)
		proto = mb_btf_type(btf, t->type);
	if (proto && btf_kind(proto) == BTF_KIND_FUNC_PROTO)
		return 0;
	return mb_err(c->log, -EINVAL,
		      TYPE_FMT " %s: type [%u] is not a FUNC_PROTO",
		      TYPE_ARGS(id, t, NULL, -1), mb_btf_name(btf, id),
		      t->type);
}

static int btf_check_kind(const struct btf_checker *c, uint32_t id,
			  const struct btf_type *t)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	int err = 0;

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return btf_check_int(c, id, t);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return btf_check_enums(c, id, t);
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return btf_check_members(c, id, t);
	case BTF_KIND_FUNC_PROTO:
		return btf_check_params(c, id, t);
	case BTF_KIND_FUNC:
		return btf_check_func(c, id, t);
	case BTF_KIND_ARRAY:
		return btf_check_ref(c, id, t, "element", -1, btf_array(t)->type) ?:
			       btf_check_ref(c, id, t, "index", -1,
					     btf_array(t)->index_type);
	case BTF_KIND_DECL_TAG:
		if (btf_decl_tag(t)->component_idx < -1)
			return mb_err(c->log, -EINVAL,
				      "btf: %s: type [%u] DECL_TAG: component index below -1",
				      c->what, id);
		break;
	case BTF_KIND_DATASEC:
		for (uint32_t i = 0; i < btf_vlen(t) && !err; i++, v++)
			err = btf_check_ref(c, id, t, "entry", i, v->type);
		return err;
	}
	/* PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, VAR, DECL_TAG, TYPE_TAG:
	 * one type. */
	return btf_check_ref(c, id, t, NULL, -1, t->type);
}

/* ---- loops ---------------------------------------------------------- */

/* The one type a type's size or meaning is taken from, if any: the
 * edges along which mb_btf_skip_mods and mb_btf_resolve_size walk. */
static uint32_t btf_chain_next(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_ARRAY:
		return btf_array(t)->type;
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		return t->type;
	}
	return 0;
}

/* Ids strictly decreasing cannot go round, so every loop has an edge to
 * the same or a higher id, and a walk from that edge's type finds it.
 * btf_check_types walks from those types only (about 2,800 of vmlinux's
 * 126,000), marking each type it passes with the walk's start: meeting
 * our own mark is a loop, an older one a chain already checked.  A walk
 * ends at a base type, at a kind without a chain (id 0, void, included)
 * and at an id past the last, which the checks report. */
static int btf_check_loop_from(const struct btf_checker *c, uint32_t id,
			       uint32_t **markp)
{
	const struct mb_btf *btf = c->btf;
	uint32_t start = btf->start_id, j, *mark = *markp;

	if (!mark && !(mark = *markp = mb_calloc(btf->nr_types, sizeof(*mark))))
		return -ENOMEM;
	for (j = id; j >= start && j < c->nr_ids && !mark[j - start];
	     j = btf_chain_next(btf_own_type(btf, j)))
		mark[j - start] = id;
	if (j < start || j >= c->nr_ids || mark[j - start] != id)
		return 0;
	return mb_err(c->log, -ELOOP,
		      "btf: %s: type [%u] %s refers back to itself (a loop of typedefs, modifiers, arrays or pointers)",
		      c->what, j,
		      mb_btf_kind_name(btf_kind(btf_own_type(btf, j))));
}

/* ---- every type ----------------------------------------------------- */

static int btf_check_types(const struct mb_btf *btf, const char *what,
			   const struct mb_log *log)
{
	const struct btf_checker c = {
		.btf = btf,
		.str_end = (uint64_t)btf->start_str + btf->strs_len,
		.nr_ids = (uint64_t)btf->start_id + btf->nr_types,
		.what = what,
		.log = log,
	};
	uint32_t *mark = NULL;
	int err = 0;

	for (uint32_t id = btf->start_id; id < c.nr_ids && !err; id++) {
		const struct btf_type *t = btf_own_type(btf, id);

		err = btf_check_name(&c, id, t, NULL, -1, t->name_off) ?:
			      btf_check_kind(&c, id, t);
		if (!err && btf_chain_next(t) >= id)
			err = btf_check_loop_from(&c, id, &mark);
	}
	free(mark);
	return err;
}

/* ---- where each type is ------------------------------------------- */

/* A byte-swapped blob (always our copy) is put in host order first, by
 * a walk that stops, silently, where btf_layout will report the type at
 * fault: a header is swapped before its tail is sized, as the layout
 * walk reads it. */
static void btf_swap_types(struct mb_btf *btf)
{
	uint8_t *p = (uint8_t *)btf->types, *end = p + btf->types_len;

	while (end - p >= (ptrdiff_t)sizeof(struct btf_type)) {
		struct btf_type *t = (struct btf_type *)p;
		unsigned int k;
		int64_t tail;

		mb_btf_swap_words(t, 3);
		k = btf_kind(t);
		tail = btf_tails[k].fixed +
		       (int64_t)btf_vlen(t) * btf_tails[k].per_entry;
		if (!btf_tails[k].known ||
		    tail > end - p - (ptrdiff_t)sizeof(*t))
			return;
		mb_btf_swap_words(t + 1, tail / 4);
		p += sizeof(*t) + tail;
	}
}

/* Pointers are as wide as the target's long: the first INT named
 * "long", else "long int"..., else (no long) 8.  Ids come in order: an earlier
 * type keeps its place against a later one of the same rank. */
struct btf_long {
	uint32_t rank, id;
};

static void btf_note_long(const struct mb_btf *btf, struct btf_long *l,
			  uint32_t id, const struct btf_type *t)
{
	static const char *const longs[] = {
		"long",
		"long int",
		"unsigned long",
		"long unsigned int",
	};
	const char *name = mb_btf_str(btf, t->name_off);

	for (uint32_t r = 0; r < l->rank && r < ARRAY_SIZE(longs); r++) {
		if (!strcmp(name, longs[r])) {
			l->rank = r;
			l->id = id;
			return;
		}
	}
}

/* The first walk: type_offs and kinds, each type's tail inside the
 * section.  A type takes at least 12 bytes, so the arrays are sized for
 * the most there can be (pages never written are never faulted in). */
static int btf_layout(struct mb_btf *btf, const char *what,
		      const struct mb_log *log)
{
	const uint8_t *p = btf->types, *end = p + btf->types_len;
	size_t max = btf->types_len / sizeof(struct btf_type) + 1;
	uint32_t n = 0;

	btf->type_offs = malloc(max * sizeof(*btf->type_offs));
	btf->kinds = malloc(max);
	if (!btf->type_offs || !btf->kinds)
		return -ENOMEM;
	for (; p < end; n++) {
		const struct btf_type *t = (const void *)p;
		uint32_t id = btf->start_id + n, left = end - p, k;
		int64_t tail;

		if (left < sizeof(*t))
			return mb_err(log, -EINVAL,
				      "btf: %s: type [%u] at offset %u truncated: %u bytes left",
				      what, id, (uint32_t)(p - btf->types),
				      left);
		k = btf_kind(t); /* only now: t->info may be past end */
		if (!btf_tails[k].known)
			return mb_err(log, -EINVAL,
				      "btf: %s: type [%u] has unknown kind %u",
				      what, id, k);
		tail = btf_tails[k].fixed +
		       (int64_t)btf_vlen(t) * btf_tails[k].per_entry;
		if (tail > (int64_t)(left - sizeof(*t)))
			return mb_err(log, -EINVAL,
				      "btf: %s: type [%u] %s: its %u entries need %lld bytes, %zu left",
				      what, id, mb_btf_kind_name(k),
				      btf_vlen(t), (long long)tail,
				      left - sizeof(*t));
		btf->type_offs[n] = p - btf->types;
		btf->kinds[n] = k;
		btf->nr_named += t->name_off != 0;
		p += sizeof(*t) + tail;
	}
	btf->nr_types = n;
	return 0;
}

/* ---- the entry point ----------------------------------------------- */

int mb_btf_check_types(struct mb_btf *btf, bool swapped, const char *what,
		       const struct mb_log *log)
{
	struct btf_long ptr = { UINT32_MAX, 0 };
	int err;

	if (swapped)
		btf_swap_types(btf);
	err = btf_layout(btf, what, log) ?: btf_check_types(btf, what, log);
	for (uint32_t i = 0; !err && !btf->base && i < btf->nr_types; i++)
		if (btf->kinds[i] == BTF_KIND_INT)
			btf_note_long(btf, &ptr, btf->start_id + i,
				      btf_own_type(btf, btf->start_id + i));
	btf->long_id = btf->base ? btf->base->long_id : ptr.id;
	btf->ptr_size = btf->long_id ? btf_own_type(btf->base ? btf->base : btf,
						    btf->long_id)
					       ->size :
				       8;
	return err;
}
