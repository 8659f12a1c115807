/* core_spec.c: a CO-RE access string as a path through types.
 *
 * clang describes each relocated access by a root type and a string of
 * indices.  Worked example, on the object's (local) BTF:
 *
 *	struct inner { int x; int y; };			   [3]
 *	struct outer { long pad; struct inner in[4]; };	   [5]
 *	... &p->in[2].y  (p a struct outer *)
 *
 * gives type_id 5 and access string "0:1:2:1":
 *
 *	0  p[0]: the root pointer as an array     bit_off = 0 * 32 * 8 =   0
 *	1  member 1 of outer, "in"                        + 64       =  64
 *	2  element 2 of inner[4]                          + 2 * 8 * 8 = 192
 *	1  member 1 of inner, "y"                         + 32       = 224
 *
 * The raw spec keeps all four indices.  The steps keep what matching on
 * another BTF needs: the root, each *named* member (by name, since its
 * index differs between layouts; anonymous struct/union members are
 * walked but not kept) and each array index.  On a target where
 * struct outer is { int flags; long pad; struct inner in[8]; } matching
 * finds "in" at bit 64, checks 2 < 8, finds "y" and gives bit 224 again,
 * so FIELD_BYTE_OFFSET becomes 28; if "in" were at bit 128 it would be 36.
 *
 * Type-based kinds use the string "0"; enum kinds one index, the
 * enumerator's position.  Every index is checked against its type, the
 * spec is limited to MB_CORE_SPEC_MAX accessors (64, as the kernel).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "btf.h"
#include "core_relo.h"

/* "0:1:2" -> raw[]: decimal numbers below 2^31 between single colons. */
static int parse_raw(const char *s, struct mb_core_spec *spec)
{
	const char *p = s;

	spec->nr_raw = 0;
	do {
		uint64_t v = 0;
		const char *start = p;

		while (*p >= '0' && *p <= '9' && v <= INT32_MAX)
			v = v * 10 + (uint64_t)(*p++ - '0');
		if (p == start || v > INT32_MAX || (*p && *p != ':'))
			return -EINVAL; /* caller names the string */
		if (spec->nr_raw == MB_CORE_SPEC_MAX)
			return -E2BIG;
		spec->raw[spec->nr_raw++] = (uint32_t)v;
	} while (*p && *++p);
	return p[-1] == ':' ? -EINVAL : 0;
}

static void add_step(struct mb_core_spec *spec, uint32_t type_id, uint32_t idx,
		     const char *name)
{
	struct mb_core_step *st = &spec->steps[spec->nr_steps++];

	st->type_id = type_id;
	st->idx = idx;
	st->name = name;
}

/* bit_off += idx * size * 8 with overflow checks; size of elem_id. */
static int add_elems(const struct mb_btf *btf, uint32_t elem_id, uint32_t idx,
		     uint64_t *bit_off)
{
	int64_t sz = mb_btf_resolve_size(btf, elem_id);

	if (sz < 0)
		return (int)sz;
	if (sz && idx > (UINT64_MAX / 8 - *bit_off / 8) / (uint64_t)sz)
		return -ERANGE;
	*bit_off += (uint64_t)idx * (uint64_t)sz * 8;
	return 0;
}

/* A zero-length array reached through the last named member of its
 * struct is flexible: any index is fine.  prev is the step before. */
static bool is_flex(const struct mb_btf *btf, const struct mb_core_step *prev,
		    const struct btf_array *a)
{
	const struct btf_type *t;

	if (!prev->name || a->nelems)
		return false;
	t = mb_btf_type(btf, prev->type_id);
	return t && prev->idx == btf_vlen(t) - 1u;
}

/* One index after the root: a member of a struct/union or an element of
 * an array.  *id is the current type, then the type reached. */
static int parse_step(const struct mb_core_ctx *ctx, const char *at,
		      struct mb_core_spec *spec, uint32_t i, uint32_t *id)
{
	const struct mb_btf *btf = spec->btf;
	uint32_t idx = spec->raw[i], cur = mb_btf_skip_mods(btf, *id, true);
	const struct btf_type *t = mb_btf_type(btf, cur);
	const struct btf_member *m;
	const struct btf_array *a;

	if (t &&
	    (btf_kind(t) == BTF_KIND_STRUCT || btf_kind(t) == BTF_KIND_UNION)) {
		if (idx >= btf_vlen(t))
			return mb_err(ctx->log, -EINVAL,
				      "core: %s: access %u: member %u of [%u] %s, which has %u",
				      at, i, idx, cur, mb_btf_name(btf, cur),
				      btf_vlen(t));
		m = btf_members(t) + idx;
		spec->bit_off += btf_member_bit_offset(t, m);
		if (m->name_off)
			add_step(spec, cur, idx, mb_btf_str(btf, m->name_off));
		*id = m->type;
		return 0;
	}
	if (!t || btf_kind(t) != BTF_KIND_ARRAY)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: access %u: index %u into [%u], not a struct, union or array",
			      at, i, idx, cur);
	a = btf_array(t);
	if (!is_flex(btf, &spec->steps[spec->nr_steps - 1], a) &&
	    idx >= a->nelems)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: access %u: index %u out of bounds of array [%u] (%u elements)",
			      at, i, idx, cur, a->nelems);
	*id = mb_btf_skip_mods(btf, a->type, true);
	add_step(spec, *id, idx, NULL);
	if (add_elems(btf, *id, idx, &spec->bit_off))
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: access %u: element [%u] has no size or the offset overflows",
			      at, i, *id);
	return 0;
}

/* The local side: root_id and access as the record gives them. */
int mb_core_spec_parse(const struct mb_core_ctx *ctx, const char *at,
		       uint32_t root_id, const char *access, uint32_t kind,
		       struct mb_core_spec *spec)
{
	const struct mb_btf *btf = ctx->local;
	const struct btf_type *t;
	uint32_t id;
	int err;

	memset(spec, 0, sizeof(*spec));
	spec->btf = btf;
	spec->root_id = root_id;
	spec->kind = kind;
	err = parse_raw(access, spec);
	if (err == -E2BIG)
		return mb_err(ctx->log, err,
			      "core: %s: access string has more than %d indices",
			      at, MB_CORE_SPEC_MAX);
	if (err)
		return mb_err(ctx->log, err,
			      "core: %s: malformed access string", at);
	if (!mb_core_kind_is_field(kind) && !mb_core_kind_is_enumval(kind)) {
		if (spec->nr_raw != 1 || spec->raw[0] != 0)
			return mb_err(ctx->log, -EINVAL,
				      "core: %s: type relocation needs access string \"0\"",
				      at);
		return 0;
	}
	id = mb_btf_skip_mods(btf, root_id, true);
	t = mb_btf_type(btf, id);
	if (!t)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: root [%u] is void or broken", at,
			      root_id);
	add_step(spec, id, spec->raw[0], NULL);
	if (mb_core_kind_is_enumval(kind)) {
		if (btf_kind(t) != BTF_KIND_ENUM &&
		    btf_kind(t) != BTF_KIND_ENUM64)
			return mb_err(ctx->log, -EINVAL,
				      "core: %s: enum relocation on [%u], not an enum",
				      at, id);
		if (spec->nr_raw != 1 || spec->raw[0] >= btf_vlen(t))
			return mb_err(ctx->log, -EINVAL,
				      "core: %s: no enumerator %u in [%u] (%u)",
				      at, spec->raw[0], id, btf_vlen(t));
		spec->steps[0].name = btf_enum_name(btf, t, spec->raw[0]);
		return 0;
	}
	if (add_elems(btf, id, spec->raw[0], &spec->bit_off))
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: root [%u] has no size or the offset overflows",
			      at, id);
	for (uint32_t i = 1; i < spec->nr_raw; i++) {
		err = parse_step(ctx, at, spec, i, &id);
		if (err)
			return err;
	}
	return 0;
}

/* Find the member called name in the target struct/union targ_id,
 * descending depth-first into anonymous members; each member entered
 * goes into the raw spec and its offset into bit_off, undone on a miss.
 * 1: found (*next_id = its type), 0: not here, < 0: error. */
static int match_member(const struct mb_core_ctx *ctx, const char *at,
			const struct mb_core_spec *local,
			const struct mb_core_step *lstep,
			struct mb_core_spec *targ, uint32_t targ_id,
			uint32_t *next_id)
{
	const struct mb_btf *btf = targ->btf;
	const struct btf_type *t;
	const struct btf_member *m, *lm;
	int found;

	targ_id = mb_btf_skip_mods(btf, targ_id, true);
	t = mb_btf_type(btf, targ_id);
	if (!t ||
	    (btf_kind(t) != BTF_KIND_STRUCT && btf_kind(t) != BTF_KIND_UNION))
		return 0;
	lm = btf_members(mb_btf_type(local->btf, lstep->type_id)) + lstep->idx;
	m = btf_members(t);
	for (uint32_t i = 0; i < btf_vlen(t); i++, m++) {
		uint32_t bit = btf_member_bit_offset(t, m);

		if (targ->nr_raw == MB_CORE_SPEC_MAX)
			return mb_err(ctx->log, -E2BIG,
				      "core: %s: target [%u]: more than %d nested members",
				      at, targ->root_id, MB_CORE_SPEC_MAX);
		targ->bit_off += bit;
		targ->raw[targ->nr_raw++] = i;
		if (!m->name_off) {
			found = match_member(ctx, at, local, lstep, targ,
					     m->type, next_id);
			if (found)
				return found;
		} else if (!strcmp(lstep->name, mb_btf_str(btf, m->name_off))) {
			*next_id = m->type;
			found = mb_core_fields_compat(local->btf, lm->type, btf,
						      m->type);
			if (found > 0)
				add_step(targ, targ_id, i,
					 mb_btf_str(btf, m->name_off));
			return found;
		}
		targ->bit_off -= bit;
		targ->nr_raw--;
	}
	return 0;
}

/* An array index after the root: the target must be an array too, the
 * index within its bounds unless it is flexible. */
static int match_index(const struct mb_core_ctx *ctx, const char *at,
		       const struct mb_core_step *lstep,
		       struct mb_core_spec *targ, uint32_t *targ_id)
{
	const struct mb_btf *btf = targ->btf;
	uint32_t id = mb_btf_skip_mods(btf, *targ_id, true);
	const struct btf_type *t = mb_btf_type(btf, id);
	const struct btf_array *a;

	if (!t || btf_kind(t) != BTF_KIND_ARRAY)
		return 0;
	a = btf_array(t);
	if (!is_flex(btf, &targ->steps[targ->nr_steps - 1], a) &&
	    lstep->idx >= a->nelems)
		return 0;
	*targ_id = mb_btf_skip_mods(btf, a->type, true);
	return 1;
}

static int match_enumval(const struct mb_core_spec *local, uint32_t cand_id,
			 struct mb_core_spec *targ)
{
	const struct mb_btf *btf = targ->btf;
	uint32_t id = mb_btf_skip_mods(btf, cand_id, true);
	const struct btf_type *t = mb_btf_type(btf, id);
	const char *want = local->steps[0].name, *name;
	size_t len = mb_btf_essential_len(want);

	if (!t ||
	    (btf_kind(t) != BTF_KIND_ENUM && btf_kind(t) != BTF_KIND_ENUM64))
		return 0;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		name = btf_enum_name(btf, t, i);
		if (mb_btf_essential_len(name) == len &&
		    !strncmp(want, name, len)) {
			add_step(targ, id, i, name);
			targ->raw[targ->nr_raw++] = i;
			return 1;
		}
	}
	return 0;
}

/* Walk the local steps on candidate cand (see the example at the
 * top).  targ gets the target's raw spec and offset. */
int mb_core_spec_match(const struct mb_core_ctx *ctx, const char *at,
		       const struct mb_core_spec *local,
		       const struct mb_core_cand *cand,
		       struct mb_core_spec *targ)
{
	uint32_t cand_id = cand->id, id = cand_id;
	int ret;

	memset(targ, 0, sizeof(*targ));
	targ->btf = cand->btf;
	targ->module = cand->module;
	targ->root_id = cand_id;
	targ->kind = local->kind;
	if (local->kind == BPF_CORE_TYPE_MATCHES)
		return mb_core_types_match(local->btf, local->root_id,
					   targ->btf, cand_id);
	if (!mb_core_kind_is_field(local->kind) &&
	    !mb_core_kind_is_enumval(local->kind))
		return mb_core_types_compat(local->btf, local->root_id,
					    targ->btf, cand_id);
	if (mb_core_kind_is_enumval(local->kind))
		return match_enumval(local, cand_id, targ);
	for (uint32_t i = 0; i < local->nr_steps; i++) {
		const struct mb_core_step *ls = &local->steps[i];

		if (ls->name) {
			ret = match_member(ctx, at, local, ls, targ, id, &id);
			if (ret <= 0)
				return ret;
			continue;
		}
		if (i > 0 && (ret = match_index(ctx, at, ls, targ, &id)) <= 0)
			return ret;
		if (targ->nr_raw == MB_CORE_SPEC_MAX)
			return mb_err(ctx->log, -E2BIG,
				      "core: %s: target [%u]: more than %d accessors",
				      at, cand_id, MB_CORE_SPEC_MAX);
		add_step(targ, id, ls->idx, NULL);
		targ->raw[targ->nr_raw++] = ls->idx;
		if (add_elems(targ->btf, id, ls->idx, &targ->bit_off))
			return mb_err(ctx->log, -EINVAL,
				      "core: %s: target [%u] has no size or the offset overflows",
				      at, id);
	}
	return 1;
}

/* "struct foo", "union (anon)", "int": a type for messages. */
static int type_desc(const struct mb_btf *btf, uint32_t id, char *buf,
		     size_t size)
{
	static const char *const kinds[] = {
		[BTF_KIND_STRUCT] = "struct ", [BTF_KIND_UNION] = "union ",
		[BTF_KIND_ENUM] = "enum ",     [BTF_KIND_ENUM64] = "enum ",
		[BTF_KIND_FWD] = "struct ",    [BTF_KIND_TYPEDEF] = "typedef ",
	};
	int kind = mb_core_kind(btf, id);
	const char *name = id ? mb_btf_name(btf, id) : "void";
	const char *word = kind > 0 && (size_t)kind < ARRAY_SIZE(kinds) &&
					   kinds[kind] ?
				   kinds[kind] :
				   "";

	if (kind == BTF_KIND_PTR)
		return snprintf(buf, size, "ptr [%u]", id);
	if (kind == BTF_KIND_ARRAY)
		return snprintf(buf, size, "array [%u]", id);
	if (kind == BTF_KIND_FUNC_PROTO)
		return snprintf(buf, size, "func_proto [%u]", id);
	return snprintf(buf, size, "%s%s", word, *name ? name : "(anon)");
}

/* How the spec reads in C plus the raw string: for the example at the
 * top "struct outer.in[2].y (0:1:2:1)".  Type kinds: "struct outer";
 * enum kinds: "enum e::VAL (1)". */
void mb_core_spec_format(const struct mb_core_spec *spec, char *buf,
			 size_t size, bool target)
{
	size_t n = 0;

#define PUT(...)                                          \
	(n += (size_t)snprintf(n < size ? buf + n : NULL, \
			       n < size ? size - n : 0, __VA_ARGS__))
	if (target && spec->module)
		n = (size_t)snprintf(buf, size, "[%u] %s", spec->root_id,
				     spec->module);
	else if (target)
		n = (size_t)snprintf(buf, size, "[%u]", spec->root_id);
	else
		n = (size_t)type_desc(spec->btf, spec->root_id, buf, size);
	if (!mb_core_kind_is_field(spec->kind) &&
	    !mb_core_kind_is_enumval(spec->kind))
		return;
	if (target)
		;
	else if (mb_core_kind_is_enumval(spec->kind))
		PUT("::%s", spec->steps[0].name);
	else if (spec->nr_steps && spec->steps[0].idx)
		PUT("[%u]", spec->steps[0].idx);
	for (uint32_t i = 1; i < spec->nr_steps && !target; i++) {
		if (spec->steps[i].name)
			PUT(".%s", spec->steps[i].name);
		else
			PUT("[%u]", spec->steps[i].idx);
	}
	PUT(" (");
	for (uint32_t i = 0; i < spec->nr_raw; i++)
		PUT("%s%u", i ? ":" : "", spec->raw[i]);
	PUT(")");
#undef PUT
}
