/* btf.h: BTF as the rest of the loader sees it.
 *
 * A struct mb_btf is a parsed, checked BTF blob (btf.c, btf_check.c,
 * btf_find.c); outside those files it is opaque and read through the
 * functions listed under them in internal.h.  A type is a struct
 * btf_type followed by a tail whose shape depends on its kind (members,
 * enumerators, parameters...): the accessors below are the one place
 * that knows where each tail starts.  The kernel's <linux/btf.h> defines
 * the records; Documentation/bpf/btf.rst explains them.
 *
 * .BTF.ext, parsed by btf_ext.c, is kept as one record table per ELF
 * section and kind (func_info, line_info, CO-RE relocations).
 */
#ifndef MINIBPF_BTF_H
#define MINIBPF_BTF_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/btf.h>

#include "internal.h"

/* ---- a type and its tail -------------------------------------------- */

static inline unsigned int btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline unsigned int btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline bool btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

/* INT: one word holding BTF_INT_ENCODING / _OFFSET / _BITS. */
static inline uint32_t btf_int_word(const struct btf_type *t)
{
	return *(const uint32_t *)(t + 1);
}

static inline const struct btf_array *btf_array(const struct btf_type *t)
{
	return (const struct btf_array *)(t + 1);
}

static inline const struct btf_member *btf_members(const struct btf_type *t)
{
	return (const struct btf_member *)(t + 1);
}

static inline const struct btf_enum *btf_enums(const struct btf_type *t)
{
	return (const struct btf_enum *)(t + 1);
}

static inline const struct btf_enum64 *btf_enum64s(const struct btf_type *t)
{
	return (const struct btf_enum64 *)(t + 1);
}

static inline const struct btf_param *btf_params(const struct btf_type *t)
{
	return (const struct btf_param *)(t + 1);
}

static inline const struct btf_var *btf_var(const struct btf_type *t)
{
	return (const struct btf_var *)(t + 1);
}

static inline const struct btf_var_secinfo *
btf_var_secinfos(const struct btf_type *t)
{
	return (const struct btf_var_secinfo *)(t + 1);
}

static inline const struct btf_decl_tag *btf_decl_tag(const struct btf_type *t)
{
	return (const struct btf_decl_tag *)(t + 1);
}

/* A member's bit offset and bitfield width: with the kflag set, the
 * offset word holds both. */
static inline uint32_t btf_member_bit_offset(const struct btf_type *t,
					     const struct btf_member *m)
{
	return btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}

static inline uint32_t btf_member_bitfield_size(const struct btf_type *t,
						const struct btf_member *m)
{
	return btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
}

/* Enumerator i of an ENUM or ENUM64, its value widened (sign-extended
 * when the kflag says signed, as the kernel's BTF documentation says). */
static inline uint64_t btf_enum_value(const struct btf_type *t, uint32_t i)
{
	if (btf_kind(t) == BTF_KIND_ENUM64)
		return (uint64_t)btf_enum64s(t)[i].val_hi32 << 32 |
		       btf_enum64s(t)[i].val_lo32;
	if (btf_kflag(t))
		return (uint64_t)(int64_t)btf_enums(t)[i].val;
	return (uint32_t)btf_enums(t)[i].val;
}

static inline uint32_t btf_enum_name_off(const struct btf_type *t, uint32_t i)
{
	if (btf_kind(t) == BTF_KIND_ENUM64)
		return btf_enum64s(t)[i].name_off;
	return btf_enums(t)[i].name_off;
}

static inline const char *btf_enum_name(const struct mb_btf *btf,
					const struct btf_type *t, uint32_t i)
{
	return mb_btf_str(btf, btf_enum_name_off(t, i));
}

/* BTF from a target of the other byte order is swapped word by word:
 * every field of the header and of every type is 32 bits wide. */
static inline void mb_btf_swap_words(void *p, size_t n)
{
	uint32_t *w = p;

	for (size_t i = 0; i < n; i++)
		w[i] = __builtin_bswap32(w[i]);
}

/* ---- .BTF.ext ------------------------------------------------------- */

/* One section's records of one kind, pointing into the .BTF.ext copy.
 * rec_size is what the file declares (>= the fields we read). */
struct mb_ext_sec {
	const char *sec_name; /* ELF section the records describe */
	const void *recs;
	uint32_t nr_recs;
	uint32_t rec_size;
};

struct mb_btf_ext {
	void *data;		      /* our copy */
	struct mb_ext_sec *func_info; /* one entry per section */
	uint32_t nr_func_info;
	struct mb_ext_sec *line_info;
	uint32_t nr_line_info;
	struct mb_ext_sec *core_relo;
	uint32_t nr_core_relo;
};

/* A kernel's identity: its GNU build id (btf_identity.c). */
struct mb_build_id {
	uint8_t bytes[64]; /* 20 for a SHA-1 */
	uint32_t len;
};

/* BTF features a kernel may lack, and the release that brought each
 * (btf_sanitize.c). */
enum mb_btf_feature {
	MB_BTF_FUNC_GLOBAL = 1 << 0, /* 5.6: FUNC linkage global */
	MB_BTF_DATASEC = 1 << 1,     /* 5.2: DATASEC, VAR */
	MB_BTF_FLOAT = 1 << 2,	     /* 5.13 */
	MB_BTF_DECL_TAG = 1 << 3,    /* 5.16 */
	MB_BTF_TYPE_TAG = 1 << 4,    /* 5.17 */
	MB_BTF_ENUM64 = 1 << 5,	     /* 6.0 */
	MB_BTF_ENUM_SIGNED = 1 << 6, /* 6.0: ENUM kflag */
	MB_BTF_ALL = (1 << 7) - 1,
};

/* Strings to 32-bit values, for the BTF writers (strmap.c). */
struct mb_strmap_slot {
	const char *key; /* NULL: empty */
	uint32_t val;
};

struct mb_strmap { /* zeroed: empty */
	struct mb_strmap_slot *slots;
	uint32_t mask, used;
};

#endif
