/* core.c: CO-RE, resolving relocation records against target BTF.
 *
 * An object compiled with -g carries in .BTF.ext one record per
 * instruction whose value depends on a kernel type: {insn_off, root
 * type, access string, kind}.  For each record this file
 *
 *   1. parses the access string on the object's BTF (core_spec.c);
 *   2. finds candidates: target types of the same kind whose name equals
 *      the root's "essential name" (struct task_struct___v2 looks for
 *      task_struct), cached per root type and pruned to those that
 *      matched, as libbpf does;
 *   3. matches the spec on every candidate and computes the value on
 *      both sides: the local one must be what the instruction holds, the
 *      target one replaces it; matching candidates must agree;
 *   4. patches the instruction: ALU imm, LDX/ST/STX off (and access size),
 *      LD_IMM64 imm; or poisons it when nothing matched and the kind
 *      needs a target.
 *
 * Worked example, local struct s { int a; int b; } [2], target
 * struct s { long x; int a; int b; } [7], record {insn 3, [2], "0:1",
 * FIELD_BYTE_OFFSET}: the local spec is s.b at bit 32, so insn 3 (say
 * r1 = *(u32 *)(r2 + 4)) must hold off 4; the target spec is s.b at bit
 * 96, so off becomes 12 and --explain prints
 *	core prog insn 3 byte_off 4 -> 12 struct s.b (0:1) -> [7] (0:2)
 *
 * The object's side (which records, --explain) is core_object.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "btf.h"
#include "core_relo.h"
#include "insn.h"

#define POISON_HELPER 0xbad2310 /* a helper id no kernel has */

/* The candidates for one local root type: the target's or modules'. */
struct cands {
	struct mb_core_cand *c;
	size_t nr;
	bool found; /* searched already */
};

struct mb_core_cache {
	uint32_t nr_types;
	struct cands *by_root; /* indexed by local root type id */
};

/* One side's answer: the value and, for byte offsets of scalars, the
 * size and type of what is accessed (for the LDX/STX size rule). */
struct relo_val {
	uint64_t val;
	uint32_t sz;
	uint32_t type_id;
};

/* The decision for one instruction, from the local and target values. */
struct relo_res {
	uint64_t orig, new;
	uint32_t orig_sz, new_sz;
	bool poison;
	bool validate;	 /* insn must hold orig */
	bool bad_resize; /* size differs on a signed or non-int field */
	uint32_t target_id;
	uint64_t bit_off; /* of the target field, for ambiguity */
};

static const char *const kind_names[] = {
	"byte_off",	"byte_sz",    "field_exists",	"signed",
	"lshift_u64",	"rshift_u64", "local_type_id",	"target_type_id",
	"type_exists",	"type_size",  "enumval_exists", "enumval_value",
	"type_matches",
};

const char *mb_core_kind_name(uint32_t kind)
{
	return kind < ARRAY_SIZE(kind_names) ? kind_names[kind] : "unknown";
}

/* ---- candidates ------------------------------------------------------- */

struct mb_core_cache *mb_core_cache_new(const struct mb_btf *local)
{
	struct mb_core_cache *c = mb_calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->nr_types = mb_btf_type_count(local);
	c->by_root = mb_calloc(c->nr_types, sizeof(*c->by_root));
	if (!c->by_root) {
		free(c);
		return NULL;
	}
	return c;
}

void mb_core_cache_free(struct mb_core_cache *c)
{
	if (!c)
		return;
	for (uint32_t i = 0; i < c->nr_types; i++)
		free(c->by_root[i].c);
	free(c->by_root);
	free(c);
}

/* Add the types of btf from id from + 1 on named like local root_id up
 * to a "___" flavour suffix, of a compatible kind; the name index of
 * btf makes this a lookup, not a scan of every type. */
static int add_cands(const struct mb_core_ctx *ctx, uint32_t root_id,
		     const struct mb_btf *btf, const char *module,
		     uint32_t from, struct cands *out)
{
	const char *name = mb_btf_name(ctx->local, root_id);
	size_t len = mb_btf_essential_len(name);
	int kind = mb_core_kind(ctx->local, root_id);
	struct mb_core_cand *c;
	uint32_t id = from;

	while ((id = mb_btf_find_next_essential(btf, name, len, id))) {
		if (!mb_core_kinds_compat(kind, mb_core_kind(btf, id)) ||
		    !*mb_btf_name(btf, id))
			continue;
		c = mb_array_push((void **)&out->c, &out->nr, sizeof(*c));
		if (!c)
			return -ENOMEM;
		*c = (struct mb_core_cand){ btf, module, id };
	}
	return 0;
}

/* The target's candidates; if it has none, each kernel module's own
 * types (ids past the target's, which is the modules' base), all of
 * them collected: libbpf's order and rule. */
static int find_cands(const struct mb_core_ctx *ctx, uint32_t root_id,
		      struct cands *out)
{
	uint32_t base = mb_btf_type_count(ctx->target) - 1;
	const struct mb_btf *mod;
	const char *name;
	int err;

	out->found = true;
	err = add_cands(ctx, root_id, ctx->target, NULL, 0, out);
	if (err || out->nr || !ctx->modules)
		return err;
	for (uint32_t i = 0; !err; i++) {
		err = ctx->modules(ctx->log, i, &mod, &name);
		if (err == -ENOENT)
			return 0;
		if (!err && mod)
			err = add_cands(ctx, root_id, mod, name, base, out);
	}
	return err;
}

/* ---- values ----------------------------------------------------------- */

/* Load window of a bitfield: the smallest aligned 1/2/4/8-byte read at
 * least as big as its declared type that holds every bit of it. */
static int bitfield_window(const struct mb_core_ctx *ctx, const char *at,
			   uint64_t bit_off, uint32_t bit_sz, uint32_t *byte_sz,
			   uint64_t *byte_off)
{
	uint32_t sz = *byte_sz;

	if (sz == 0 || sz > 8 || (sz & (sz - 1)))
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: bitfield of a %u-byte type", at, sz);
	*byte_off = bit_off / 8 / sz * sz;
	while (bit_off + bit_sz - *byte_off * 8 > sz * 8) {
		if (sz >= 8)
			return mb_err(ctx->log, -E2BIG,
				      "core: %s: bitfield of %u bits at bit %llu does not fit one 8-byte load",
				      at, bit_sz, (unsigned long long)bit_off);
		sz *= 2;
		*byte_off = bit_off / 8 / sz * sz;
	}
	*byte_sz = sz;
	return 0;
}

static bool is_signed(const struct btf_type *t)
{
	uint32_t data;

	if (btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64)
		return btf_kflag(t);
	if (btf_kind(t) != BTF_KIND_INT)
		return false;
	memcpy(&data, t + 1, sizeof(data));
	return BTF_INT_ENCODING(data) & BTF_INT_SIGNED;
}

/* A field kind on an access ending in an index (a[2], or p[2] alone):
 * only the offset and size of the element make sense. */
static int elem_value(const struct mb_core_ctx *ctx, const char *at,
		      const struct mb_core_spec *spec, struct relo_val *out)
{
	const struct mb_core_step *last = &spec->steps[spec->nr_steps - 1];
	int64_t sz = mb_btf_resolve_size(spec->btf, last->type_id);

	if (sz < 0)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: element [%u] has no size", at,
			      last->type_id);
	if (spec->kind == BPF_CORE_FIELD_BYTE_OFFSET) {
		out->val = spec->bit_off / 8;
		out->sz = (uint32_t)sz;
		out->type_id = last->type_id;
	} else if (spec->kind == BPF_CORE_FIELD_BYTE_SIZE) {
		out->val = (uint64_t)sz;
	} else {
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: %s cannot apply to an array element",
			      at, mb_core_kind_name(spec->kind));
	}
	return 0;
}

/* Where a (non-array-element) field lies: its load window in bytes and
 * its bits.  For a bitfield the window is what one aligned load covers. */
struct field_loc {
	const struct btf_type *type; /* the field's type, modifiers skipped */
	uint64_t bit_off, byte_off;
	uint32_t bit_sz, byte_sz;
};

static int locate_field(const struct mb_core_ctx *ctx, const char *at,
			const struct mb_core_spec *spec, struct relo_val *out,
			bool *bitfield, struct field_loc *loc)
{
	const struct mb_core_step *last = &spec->steps[spec->nr_steps - 1];
	const struct btf_type *st = mb_btf_type(spec->btf, last->type_id);
	const struct btf_member *m = btf_members(st) + last->idx;
	uint32_t field_id = mb_btf_skip_mods(spec->btf, m->type, true);
	int64_t sz;

	loc->type = mb_btf_type(spec->btf, field_id);
	loc->bit_off = spec->bit_off;
	loc->bit_sz = btf_member_bitfield_size(st, m);
	*bitfield = loc->bit_sz > 0;
	if (*bitfield) {
		loc->byte_sz = loc->type ? loc->type->size : 0;
		return bitfield_window(ctx, at, loc->bit_off, loc->bit_sz,
				       &loc->byte_sz, &loc->byte_off);
	}
	sz = mb_btf_resolve_size(spec->btf, field_id);
	if (sz < 0 || sz > UINT32_MAX / 8)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: field type [%u] has no size", at,
			      field_id);
	loc->byte_sz = (uint32_t)sz;
	loc->byte_off = loc->bit_off / 8;
	loc->bit_sz = loc->byte_sz * 8;
	out->sz = loc->byte_sz;
	out->type_id = field_id;
	return 0;
}

/* The value of a field kind on one side.  spec NULL: no target. 1 means
 * "poison", *bitfield tells whether the local value is negotiable. */
static int field_value(const struct mb_core_ctx *ctx, const char *at,
		       const struct mb_core_spec *spec, uint32_t kind,
		       struct relo_val *out, bool *bitfield)
{
	struct field_loc loc = { 0 };
	int err;

	memset(out, 0, sizeof(*out));
	*bitfield = false;
	if (kind == BPF_CORE_FIELD_EXISTS) {
		out->val = spec != NULL;
		return 0;
	}
	if (!spec)
		return 1;
	if (!spec->steps[spec->nr_steps - 1].name)
		return elem_value(ctx, at, spec, out);
	err = locate_field(ctx, at, spec, out, bitfield, &loc);
	if (err)
		return err;
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		out->val = loc.byte_off;
		break;
	case BPF_CORE_FIELD_BYTE_SIZE:
		out->val = loc.byte_sz;
		break;
	case BPF_CORE_FIELD_SIGNED:
		out->val = loc.type && is_signed(loc.type);
		break;
	case BPF_CORE_FIELD_LSHIFT_U64:
		if (ctx->big_endian)
			out->val = (8 - loc.byte_sz) * 8 +
				   (loc.bit_off - loc.byte_off * 8);
		else
			out->val = 64 - (loc.bit_off + loc.bit_sz -
					 loc.byte_off * 8);
		break;
	case BPF_CORE_FIELD_RSHIFT_U64:
		out->val = 64 - loc.bit_sz;
		break;
	}
	return 0;
}

/* Type kinds: no target gives 0, never a poison. */
static int type_value(const struct mb_core_ctx *ctx, const char *at,
		      const struct mb_core_spec *spec, uint32_t kind,
		      struct relo_val *out)
{
	int64_t sz;

	memset(out, 0, sizeof(*out));
	if (!spec)
		return 0;
	if (kind == BPF_CORE_TYPE_ID_LOCAL || kind == BPF_CORE_TYPE_ID_TARGET) {
		out->val = spec->root_id;
	} else if (kind == BPF_CORE_TYPE_SIZE) {
		sz = mb_btf_resolve_size(spec->btf, spec->root_id);
		if (sz < 0)
			return mb_err(ctx->log, -EINVAL,
				      "core: %s: type [%u] has no size", at,
				      spec->root_id);
		out->val = (uint64_t)sz;
	} else {
		out->val = 1; /* TYPE_EXISTS, TYPE_MATCHES */
	}
	return 0;
}

/* Enumerator kinds.  A 32-bit value is sign-extended as clang does when
 * it writes the LD_IMM64 (the enum's signedness aside). */
static int enum_value(const struct mb_core_spec *spec, uint32_t kind,
		      struct relo_val *out)
{
	const struct btf_type *t;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	if (kind == BPF_CORE_ENUMVAL_EXISTS) {
		out->val = spec != NULL;
		return 0;
	}
	if (!spec)
		return 1;
	t = mb_btf_type(spec->btf, spec->steps[0].type_id);
	i = spec->steps[0].idx;
	if (btf_kind(t) == BTF_KIND_ENUM) {
		out->val = (uint64_t)(int64_t)btf_enums(t)[i].val;
	} else {
		const struct btf_enum64 *e = btf_enum64s(t) + i;

		out->val = (uint64_t)e->val_hi32 << 32 | e->val_lo32;
	}
	return 0;
}

static int side_value(const struct mb_core_ctx *ctx, const char *at,
		      const struct mb_core_spec *spec, uint32_t kind,
		      struct relo_val *out, bool *bitfield)
{
	*bitfield = false;
	if (mb_core_kind_is_field(kind))
		return field_value(ctx, at, spec, kind, out, bitfield);
	if (mb_core_kind_is_enumval(kind))
		return enum_value(spec, kind, out);
	return type_value(ctx, at, spec, kind, out);
}

/* Changing a load's size is safe for pointers (a 32-bit kernel's 4-byte
 * pointer) and unsigned ints (zero extension keeps the value). */
static bool resize_ok(const struct mb_btf *lb, uint32_t lid,
		      const struct mb_btf *tb, uint32_t tid)
{
	const struct btf_type *l = mb_btf_type(lb, lid),
			      *t = mb_btf_type(tb, tid);

	if (!l || !t || btf_kind(l) != btf_kind(t))
		return false;
	if (btf_kind(l) == BTF_KIND_PTR)
		return true;
	return btf_kind(l) == BTF_KIND_INT && !is_signed(l) && !is_signed(t);
}

/* Both sides' values into one decision; targ NULL: nothing matched. */
static int calc(const struct mb_core_ctx *ctx, const char *at,
		const struct mb_core_spec *local,
		const struct mb_core_spec *targ, struct relo_res *res)
{
	struct relo_val lv, tv;
	bool bitfield, unused;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = side_value(ctx, at, local, local->kind, &lv, &bitfield);
	if (ret)
		return ret < 0 ? ret :
				 mb_err(ctx->log, -EINVAL,
					"core: %s: no local value", at);
	ret = side_value(ctx, at, targ, local->kind, &tv, &unused);
	if (ret < 0)
		return ret;
	res->poison = ret == 1;
	res->orig = lv.val;
	res->new = tv.val;
	res->orig_sz = lv.sz;
	res->new_sz = tv.sz;
	/* clang and we may pick other bitfield windows; ids change when
	 * objects are linked: only those values are not checked. */
	res->validate =
		!(bitfield && (local->kind == BPF_CORE_FIELD_BYTE_OFFSET ||
			       local->kind == BPF_CORE_FIELD_BYTE_SIZE ||
			       local->kind == BPF_CORE_FIELD_LSHIFT_U64)) &&
		local->kind != BPF_CORE_TYPE_ID_LOCAL &&
		local->kind != BPF_CORE_TYPE_ID_TARGET;
	if (targ && lv.sz != tv.sz)
		res->bad_resize = !resize_ok(local->btf, lv.type_id, targ->btf,
					     tv.type_id);
	if (targ) {
		res->target_id = targ->root_id;
		res->bit_off = targ->bit_off;
	}
	return 0;
}

/* ---- resolution ------------------------------------------------------- */

static int ambiguity(const struct mb_core_ctx *ctx, const char *at,
		     const struct mb_core_cand *a, const struct mb_core_cand *b,
		     const char *what, unsigned long long va,
		     unsigned long long vb)
{
	return mb_err(ctx->log, -EINVAL,
		      "core: %s: ambiguous: candidates [%u] %s%s%s and [%u] %s%s%s give %s %llu and %llu",
		      at, a->id, mb_btf_name(a->btf, a->id),
		      a->module ? " in " : "", a->module ? a->module : "",
		      b->id, mb_btf_name(b->btf, b->id),
		      b->module ? " in " : "", b->module ? b->module : "", what,
		      va, vb);
}

/* Try every candidate; keep the first match, check the others agree,
 * prune the list to the matching ones.  tdesc describes the target. */
static int resolve(const struct mb_core_ctx *ctx, const char *at,
		   const struct mb_core_spec *local, struct cands *cands,
		   struct relo_res *res, char *tdesc, size_t tsize)
{
	struct mb_core_spec cand;
	struct relo_res cres;
	size_t j = 0;
	int ret;

	for (size_t i = 0; i < cands->nr; i++) {
		ret = mb_core_spec_match(ctx, at, local, &cands->c[i], &cand);
		if (ret < 0)
			return ret;
		if (ret == 0)
			continue;
		ret = calc(ctx, at, local, &cand, &cres);
		if (ret)
			return ret;
		if (ctx->on_match)
			ctx->on_match(ctx->on_match_arg, &cand);
		if (j == 0) {
			*res = cres;
			mb_core_spec_format(&cand, tdesc, tsize, true);
		} else if (cres.bit_off != res->bit_off) {
			return ambiguity(ctx, at, &cands->c[0], &cands->c[i],
					 "field bit offsets", res->bit_off,
					 cres.bit_off);
		} else if (cres.poison != res->poison || cres.new != res->new) {
			return ambiguity(ctx, at, &cands->c[0], &cands->c[i],
					 "values", res->new, cres.new);
		}
		cands->c[j++] = cands->c[i];
	}
	if (j > 0) {
		cands->nr = j;
		return 0;
	}
	snprintf(tdesc, tsize, "no match");
	return calc(ctx, at, local, NULL, res);
}

/* Candidates of the record's root, from the cache or searched now. */
static int get_cands(const struct mb_core_ctx *ctx, uint32_t root_id,
		     struct cands *tmp, struct cands **out)
{
	struct cands *c = tmp;
	int err;

	if (ctx->cache && root_id < ctx->cache->nr_types)
		c = &ctx->cache->by_root[root_id];
	*out = c;
	if (c->found)
		return 0;
	err = find_cands(ctx, root_id, c);
	return err ? mb_err(ctx->log, err, "core: out of memory") : 0;
}

/* ---- patching --------------------------------------------------------- */

/* BPF_SIZE code of a 1, 2, 4 or 8-byte access; -1 for other sizes. */
static int size_code(uint32_t bytes)
{
	switch (bytes) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	case 8:
		return BPF_DW;
	default:
		return -1;
	}
}

static uint32_t insn_bytes(const struct bpf_insn *insn)
{
	switch (BPF_SIZE(insn->code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

/* A call to a helper that does not exist: the verifier rejects it only
 * if it can be reached (libbpf's "poisoned" instruction). */
static void poison(struct bpf_insn *insn)
{
	memset(insn, 0, sizeof(*insn));
	insn->code = BPF_JMP | BPF_CALL;
	insn->imm = POISON_HELPER;
}

/* The value the instruction holds now: ALU imm, memory off, ld_imm64. */
static uint64_t insn_value(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return (uint64_t)(int64_t)insn->imm;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return (uint64_t)(int64_t)insn->off;
	default:
		return (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm
						       << 32;
	}
}

static int patch_mem(const struct mb_core_ctx *ctx, const char *at,
		     struct bpf_insn *insn, const struct relo_res *r)
{
	if (r->new > INT16_MAX)
		return mb_err(ctx->log, -ERANGE,
			      "core: %s: offset %llu does not fit a 16-bit insn offset",
			      at, (unsigned long long)r->new);
	if (r->orig_sz == r->new_sz) {
		insn->off = (int16_t)r->new;
		return 0;
	}
	if (r->bad_resize)
		return 1; /* the caller poisons it */
	insn->off = (int16_t)r->new;
	if (insn_bytes(insn) != r->orig_sz)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: insn accesses %u bytes, field has %u",
			      at, insn_bytes(insn), r->orig_sz);
	if (size_code(r->new_sz) < 0)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: target field of %u bytes cannot be loaded whole",
			      at, r->new_sz);
	insn->code = BPF_MODE(insn->code) | size_code(r->new_sz) |
		     BPF_CLASS(insn->code);
	return 0;
}

/* Check the instruction holds the local value and write the target one. */
static int patch(const struct mb_core_ctx *ctx, const char *at,
		 struct bpf_insn *insn, const struct relo_res *r)
{
	uint8_t cls = BPF_CLASS(insn->code);

	if (r->validate && insn_value(insn) != r->orig)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: insn holds %lld, the local type gives %llu: object and BTF disagree",
			      at, (long long)insn_value(insn),
			      (unsigned long long)r->orig);
	if (cls == BPF_ALU || cls == BPF_ALU64) {
		if (r->new > UINT32_MAX && r->new < (uint64_t)INT32_MIN)
			return mb_err(ctx->log, -ERANGE,
				      "core: %s: value %llu does not fit a 32-bit imm",
				      at, (unsigned long long)r->new);
		insn->imm = (int32_t)(uint32_t)r->new;
		return 0;
	}
	if (cls == BPF_LDX || cls == BPF_ST || cls == BPF_STX)
		return patch_mem(ctx, at, insn, r);
	insn[0].imm = (int32_t)(uint32_t)r->new;
	insn[1].imm = (int32_t)(uint32_t)(r->new >> 32);
	return 0;
}

/* Only the forms clang emits for CO-RE: ALU with K, memory, ld_imm64. */
static int check_form(const struct mb_core_ctx *ctx, const char *at,
		      const struct bpf_insn *insn, uint32_t idx, uint32_t nr)
{
	uint8_t cls = BPF_CLASS(insn->code);

	if ((cls == BPF_ALU || cls == BPF_ALU64) &&
	    BPF_SRC(insn->code) == BPF_K)
		return 0;
	if (cls == BPF_LDX || cls == BPF_ST || cls == BPF_STX)
		return 0;
	if (mb_insn_is_ld_imm64(insn) && idx + 1 < nr && !insn->src_reg &&
	    !insn->off && !insn[1].code && !insn[1].dst_reg &&
	    !insn[1].src_reg && !insn[1].off)
		return 0;
	return mb_err(ctx->log, -EINVAL,
		      "core: %s: cannot relocate insn code 0x%02x", at,
		      insn->code);
}

/* ---- one record ------------------------------------------------------- */

static int check_record(const struct mb_core_ctx *ctx,
			const struct bpf_core_relo *rec, uint32_t nr_insns,
			const char *at)
{
	if (rec->insn_off % 8 || rec->insn_off / 8 >= nr_insns)
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: insn offset %u is outside the %u instructions",
			      at, rec->insn_off, nr_insns);
	if (rec->kind >= ARRAY_SIZE(kind_names))
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: unknown relocation kind %u", at,
			      rec->kind);
	if (!mb_btf_type(ctx->local, rec->type_id))
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: root type [%u] does not exist", at,
			      rec->type_id);
	if (!*mb_btf_str(ctx->local, rec->access_str_off))
		return mb_err(ctx->log, -EINVAL,
			      "core: %s: access string offset %u is empty or out of range",
			      at, rec->access_str_off);
	return 0;
}

static int apply_one(const struct mb_core_ctx *ctx, const char *at,
		     struct bpf_insn *insns, uint32_t idx,
		     const struct relo_res *r, struct mb_core_result *res);

static int local_only(const struct mb_core_spec *local, struct relo_res *r,
		      char *tdesc, size_t tsize)
{
	memset(r, 0, sizeof(*r));
	r->orig = r->new = local->root_id;
	snprintf(tdesc, tsize, "local");
	return 0;
}

int mb_core_relocate_insns(const struct mb_core_ctx *ctx,
			   const struct bpf_core_relo *rec,
			   struct bpf_insn *insns, uint32_t nr_insns,
			   struct mb_core_result *res)
{
	struct mb_core_spec local;
	struct cands tmp = { 0 }, *cands;
	struct relo_res r;
	uint32_t idx = rec->insn_off / 8;
	char at[256];
	int err;

	memset(res, 0, sizeof(*res));
	res->insn = idx;
	res->kind = rec->kind;
	res->local_id = rec->type_id;
	snprintf(at, sizeof(at), "%s insn %u", ctx->where, idx);
	err = check_record(ctx, rec, nr_insns, at);
	if (err)
		return err;
	snprintf(at, sizeof(at), "%s insn %u: %s [%u] %s \"%s\"", ctx->where,
		 idx, mb_core_kind_name(rec->kind), rec->type_id,
		 mb_btf_name(ctx->local, rec->type_id),
		 mb_btf_str(ctx->local, rec->access_str_off));
	err = check_form(ctx, at, &insns[idx], idx, nr_insns);
	err = err ? err :
		    mb_core_spec_parse(ctx, at, rec->type_id,
				       mb_btf_str(ctx->local,
						  rec->access_str_off),
				       rec->kind, &local);
	if (err)
		return err;
	mb_core_spec_format(&local, res->local, sizeof(res->local), false);
	if (rec->kind == BPF_CORE_TYPE_ID_LOCAL) {
		err = local_only(&local, &r, res->target, sizeof(res->target));
	} else if (!*mb_btf_name(ctx->local, rec->type_id)) {
		return mb_err(ctx->log, -EOPNOTSUPP,
			      "core: %s: anonymous root type", at);
	} else {
		err = get_cands(ctx, rec->type_id, &tmp, &cands);
		err = err ? err :
			    resolve(ctx, at, &local, cands, &r, res->target,
				    sizeof(res->target));
	}
	free(tmp.c);
	if (err)
		return err;
	return apply_one(ctx, at, insns, idx, &r, res);
}

/* Patch (or poison) the instruction and record what was done. */
static int apply_one(const struct mb_core_ctx *ctx, const char *at,
		     struct bpf_insn *insns, uint32_t idx,
		     const struct relo_res *r, struct mb_core_result *res)
{
	struct bpf_insn *insn = &insns[idx];
	int ret = 0;

	res->wide = mb_insn_is_ld_imm64(insn);
	res->old_val = insn_value(insn);
	res->new_val = r->new;
	res->target_id = r->target_id;
	if (!r->poison)
		ret = patch(ctx, at, insn, r);
	if (ret < 0)
		return ret;
	if (ret == 1)
		mb_print(ctx->log, MB_WARN,
			 "core: %s: a %u-byte load of a field that is %u bytes in the target and signed or not an integer: insn poisoned",
			 at, r->orig_sz, r->new_sz);
	if (r->poison || ret == 1) {
		if (res->wide)
			poison(insn + 1);
		poison(insn);
		res->poisoned = true;
	}
	return 0;
}
