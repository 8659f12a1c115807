/* core_types.c: when is a target type "the same" as a local one?
 *
 * CO-RE compares types of two different BTFs (the object's and the
 * kernel's), so ids mean nothing across them: only names, kinds and
 * shapes do.  Three rules of increasing strictness are used:
 *
 *   fields compat  a field's type, once its member was found by name:
 *                  any struct/union fits any struct/union, ints fit ints
 *                  of any size and sign, pointers fit pointers, enums fit
 *                  enums of the same essential name (or anonymous).
 *   types compat   TYPE_EXISTS / TYPE_SIZE / TYPE_ID_TARGET: the kinds
 *                  agree all the way down pointers, arrays and function
 *                  prototypes; struct and enum bodies are not compared.
 *   types match    TYPE_MATCHES: names at every level, int size and sign,
 *                  every local member and enumerator present by name;
 *                  behind a pointer only name and kind count.
 *
 * Modifiers (const, volatile, restrict, type tags) and typedefs are
 * skipped on both sides before kinds are compared.  Recursion is bounded
 * (MAX_DEPTH) because BTF is untrusted input.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "btf.h"
#include "core_relo.h"

#define MAX_DEPTH 32

int mb_core_kind(const struct mb_btf *btf, uint32_t id)
{
	const struct btf_type *t;

	if (id == 0)
		return BTF_KIND_UNKN; /* void */
	t = mb_btf_type(btf, id);
	return t ? (int)btf_kind(t) : -1;
}

/* "" for void and anonymous types. */
static const char *name_of(const struct mb_btf *btf, uint32_t id)
{
	return id ? mb_btf_name(btf, id) : "";
}

static bool is_enum(int kind)
{
	return kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64;
}

static bool is_composite(int kind)
{
	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

/* Skip modifiers and typedefs; *kind gets the kind, -1 if broken. */
static uint32_t skip(const struct mb_btf *btf, uint32_t id, int *kind)
{
	id = mb_btf_skip_mods(btf, id, true);
	*kind = mb_core_kind(btf, id);
	return id;
}

static uint32_t int_data(const struct btf_type *t)
{
	uint32_t v;

	memcpy(&v, t + 1, sizeof(v));
	return v;
}

/* Old-style "bitfield ints" carry a bit offset: CO-RE never takes them. */
static bool plain_int(const struct btf_type *t)
{
	return BTF_INT_OFFSET(int_data(t)) == 0;
}

static bool int_signed(const struct btf_type *t)
{
	return BTF_INT_ENCODING(int_data(t)) & BTF_INT_SIGNED;
}

/* Flavour-less names equal; anonymous matches only anonymous. */
bool mb_core_names_match(const char *local, const char *targ)
{
	size_t len = mb_btf_essential_len(local);

	if (!*targ)
		return !*local;
	return len == mb_btf_essential_len(targ) && !strncmp(local, targ, len);
}

/* Enums, FWDs: anonymous on either side, or equal essential names. */
static bool enum_names_compat(const char *local, const char *targ)
{
	size_t ll = mb_btf_essential_len(local);
	size_t tl = mb_btf_essential_len(targ);

	return !ll || !tl || (ll == tl && !strncmp(local, targ, ll));
}

int mb_core_fields_compat(const struct mb_btf *local, uint32_t local_id,
			  const struct mb_btf *targ, uint32_t targ_id)
{
	for (int depth = 0; depth < MAX_DEPTH; depth++) {
		int lk, tk;

		local_id = skip(local, local_id, &lk);
		targ_id = skip(targ, targ_id, &tk);
		if (lk < 0 || tk < 0)
			return -EINVAL;
		if (is_composite(lk) && is_composite(tk))
			return 1;
		if (!mb_core_kinds_compat(lk, tk))
			return 0;
		switch (lk) {
		case BTF_KIND_PTR:
		case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return enum_names_compat(mb_btf_name(local, local_id),
						 mb_btf_name(targ, targ_id));
		case BTF_KIND_INT:
			return plain_int(mb_btf_type(local, local_id)) &&
			       plain_int(mb_btf_type(targ, targ_id));
		case BTF_KIND_ARRAY:
			local_id =
				btf_array(mb_btf_type(local, local_id))->type;
			targ_id = btf_array(mb_btf_type(targ, targ_id))->type;
			continue;
		default:
			return 0;
		}
	}
	return -ELOOP;
}

static int types_compat(const struct mb_btf *local, uint32_t local_id,
			const struct mb_btf *targ, uint32_t targ_id, int level);

/* Same arity, each parameter compatible; the return type is left to the
 * caller's loop. */
static int params_compat(const struct mb_btf *local, const struct btf_type *lt,
			 const struct mb_btf *targ, const struct btf_type *tt,
			 int level)
{
	const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);
	int ret;

	if (btf_vlen(lt) != btf_vlen(tt))
		return 0;
	for (unsigned int i = 0; i < btf_vlen(lt); i++) {
		ret = types_compat(local, lp[i].type, targ, tp[i].type,
				   level - 1);
		if (ret <= 0)
			return ret;
	}
	return 1;
}

static int types_compat(const struct mb_btf *local, uint32_t local_id,
			const struct mb_btf *targ, uint32_t targ_id, int level)
{
	const struct btf_type *lt, *tt;
	int lk, tk, ret;

	for (int depth = 0; depth < MAX_DEPTH && level > 0; depth++) {
		local_id = skip(local, local_id, &lk);
		targ_id = skip(targ, targ_id, &tk);
		if (lk < 0 || tk < 0)
			return -EINVAL;
		if (!mb_core_kinds_compat(lk, tk))
			return 0;
		lt = mb_btf_type(local, local_id);
		tt = mb_btf_type(targ, targ_id);
		switch (lk) {
		case BTF_KIND_UNKN:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FWD:
			return 1;
		case BTF_KIND_INT:
			return plain_int(lt) && plain_int(tt);
		case BTF_KIND_PTR:
			local_id = lt->type;
			targ_id = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			local_id = btf_array(lt)->type;
			targ_id = btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			ret = params_compat(local, lt, targ, tt, level);
			if (ret <= 0)
				return ret;
			local_id = lt->type; /* then the return type */
			targ_id = tt->type;
			continue;
		default:
			return 0;
		}
	}
	return -ELOOP;
}

/* The root kinds must agree before modifiers and typedefs are skipped: a
 * typedef root is matched against typedefs of the same name. */
int mb_core_types_compat(const struct mb_btf *local, uint32_t local_id,
			 const struct mb_btf *targ, uint32_t targ_id)
{
	int lk = mb_core_kind(local, local_id),
	    tk = mb_core_kind(targ, targ_id);

	if (lk < 0 || tk < 0)
		return -EINVAL;
	if (!mb_core_kinds_compat(lk, tk))
		return 0;
	return types_compat(local, local_id, targ, targ_id, MAX_DEPTH);
}

/* Every local enumerator has a target enumerator of the same name. */
static int enums_match(const struct mb_btf *local, const struct btf_type *lt,
		       const struct mb_btf *targ, const struct btf_type *tt)
{
	if (lt->size != tt->size || btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (unsigned int i = 0; i < btf_vlen(lt); i++) {
		const char *name = btf_enum_name(local, lt, i);
		unsigned int j = 0;

		while (j < btf_vlen(tt) &&
		       !mb_core_names_match(name, btf_enum_name(targ, tt, j)))
			j++;
		if (j == btf_vlen(tt))
			return 0;
	}
	return 1;
}

static int types_match(const struct mb_btf *local, uint32_t local_id,
		       const struct mb_btf *targ, uint32_t targ_id,
		       bool behind_ptr, int level);

/* Every local member has a same-named target member of matching type. */
static int members_match(const struct mb_btf *local, const struct btf_type *lt,
			 const struct mb_btf *targ, const struct btf_type *tt,
			 bool behind_ptr, int level)
{
	const struct btf_member *lm = btf_members(lt), *tm = btf_members(tt);
	int ret = 0;

	if (btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (unsigned int i = 0; i < btf_vlen(lt); i++) {
		const char *name = mb_btf_str(local, lm[i].name_off);

		ret = 0;
		for (unsigned int j = 0; j < btf_vlen(tt) && ret == 0; j++) {
			if (!mb_core_names_match(name,
						 mb_btf_str(targ,
							    tm[j].name_off)))
				continue;
			ret = types_match(local, lm[i].type, targ, tm[j].type,
					  behind_ptr, level - 1);
		}
		if (ret <= 0)
			return ret;
	}
	return 1;
}

/* A FWD or struct/union against the target's type of the same name. */
static int aggregates_match(const struct mb_btf *local,
			    const struct btf_type *lt,
			    const struct mb_btf *targ,
			    const struct btf_type *tt, bool behind_ptr,
			    int level)
{
	int lk = btf_kind(lt), tk = btf_kind(tt);

	if (lk == BTF_KIND_FWD) { /* kflag: 0 struct, 1 union */
		if (tk == BTF_KIND_FWD)
			return btf_kflag(lt) == btf_kflag(tt);
		return behind_ptr &&
		       ((tk == BTF_KIND_STRUCT && !btf_kflag(lt)) ||
			(tk == BTF_KIND_UNION && btf_kflag(lt)));
	}
	if (lk == tk)
		return behind_ptr ? 1 :
				    members_match(local, lt, targ, tt,
						  behind_ptr, level);
	return behind_ptr && tk == BTF_KIND_FWD &&
	       (lk == BTF_KIND_UNION) == btf_kflag(tt);
}

static int params_match(const struct mb_btf *local, const struct btf_type *lt,
			const struct mb_btf *targ, const struct btf_type *tt,
			bool behind_ptr, int level)
{
	const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);
	int ret;

	if (btf_vlen(lt) != btf_vlen(tt))
		return 0;
	for (unsigned int i = 0; i < btf_vlen(lt); i++) {
		ret = types_match(local, lp[i].type, targ, tp[i].type,
				  behind_ptr, level - 1);
		if (ret <= 0)
			return ret;
	}
	return 1;
}

static int types_match(const struct mb_btf *local, uint32_t local_id,
		       const struct mb_btf *targ, uint32_t targ_id,
		       bool behind_ptr, int level)
{
	const struct btf_type *lt, *tt;
	int lk, tk, ret;

	for (int depth = 0; depth < MAX_DEPTH && level > 0; depth++) {
		local_id = skip(local, local_id, &lk);
		targ_id = skip(targ, targ_id, &tk);
		if (lk < 0 || tk < 0)
			return -EINVAL;
		if (!mb_core_names_match(name_of(local, local_id),
					 name_of(targ, targ_id)))
			return 0;
		if (lk == BTF_KIND_UNKN || tk == BTF_KIND_UNKN)
			return lk == tk;
		lt = mb_btf_type(local, local_id);
		tt = mb_btf_type(targ, targ_id);
		switch (lk) {
		case BTF_KIND_FWD:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			return aggregates_match(local, lt, targ, tt, behind_ptr,
						level);
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return is_enum(tk) && enums_match(local, lt, targ, tt);
		case BTF_KIND_INT:
			return tk == lk && lt->size == tt->size &&
			       int_signed(lt) == int_signed(tt);
		case BTF_KIND_PTR:
			if (tk != lk)
				return 0;
			behind_ptr = true;
			local_id = lt->type;
			targ_id = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			if (tk != lk ||
			    btf_array(lt)->nelems != btf_array(tt)->nelems)
				return 0;
			local_id = btf_array(lt)->type;
			targ_id = btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			ret = tk == lk ? params_match(local, lt, targ, tt,
						      behind_ptr, level) :
					 0;
			if (ret <= 0)
				return ret;
			local_id = lt->type; /* then the return type */
			targ_id = tt->type;
			continue;
		default:
			return 0;
		}
	}
	return -ELOOP;
}

int mb_core_types_match(const struct mb_btf *local, uint32_t local_id,
			const struct mb_btf *targ, uint32_t targ_id)
{
	return types_match(local, local_id, targ, targ_id, false, MAX_DEPTH);
}
