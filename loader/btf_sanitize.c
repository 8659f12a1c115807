/* btf_sanitize.c: the object's BTF rewritten for an older kernel.
 *
 * clang 19 against a 6.x vmlinux.h emits BTF kinds a 5.10 kernel has
 * never seen (TYPE_TAG on kernel pointers, DECL_TAG, ENUM64, FLOAT), and
 * a kernel refuses the whole blob for one kind it does not know.  Without
 * the object's BTF a program loses its func_info and line_info, and a
 * global (non-static) sub-program, which the verifier checks only
 * through BTF, cannot load at all.  So, as libbpf does, what the kernel
 * lacks is replaced in place by something of the same size that it
 * knows, ids unchanged (func_info and map type ids point into it):
 *
 *	VAR            -> INT of 1 byte (same name)
 *	DATASEC .data  -> STRUCT _data, one member per former VAR
 *	FUNC global    -> FUNC static (5.6 added global)
 *	FLOAT          -> anonymous STRUCT of the same size, no members
 *	DECL_TAG       -> anonymous INT of 1 byte
 *	TYPE_TAG       -> CONST of the same type
 *	ENUM64         -> UNION of the same size, one member per enumerator,
 *	                  each of a 1-byte INT appended as the last type
 *	ENUM kflag     -> cleared (signedness: 6.0, as ENUM64)
 *
 * What the kernel knows is probed by loading a tiny BTF that uses each
 * feature (vendors backport, so versions say little); kernel.c asks
 * once per process and keeps the answer.
 *
 * Reference: include/uapi/linux/btf.h; the kernel versions are in
 * Documentation/bpf/btf.rst's history.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "btf.h"
#include "log.h"
#include "btf_impl.h" /* the blob is copied section by section */

/* ---- probes --------------------------------------------------------- */

#define INFO(kind, kflag, vlen) \
	((uint32_t)(kind) << 24 | (uint32_t)(kflag) << 31 | (vlen))
#define INT32 1, INFO(BTF_KIND_INT, 0, 0), 4, 0x01000020 /* [1] int */

/* "", "int", "f", "x", ".data", "float", "s", "tag", "e", "A" */
static const char probe_strs[] = "\0int\0f\0x\0.data\0float\0s\0tag\0e\0A";

/* One BTF per feature, the types as words; names from probe_strs. */
static const uint32_t probe_func_global[] = {
	INT32, 0, INFO(BTF_KIND_FUNC_PROTO, 0, 0),
	1,     5, INFO(BTF_KIND_FUNC, 0, BTF_FUNC_GLOBAL),
	2,
};
static const uint32_t probe_datasec[] = {
	INT32,
	7,
	INFO(BTF_KIND_VAR, 0, 0),
	1,
	BTF_VAR_GLOBAL_ALLOCATED,
	9,
	INFO(BTF_KIND_DATASEC, 0, 1),
	4,
	2,
	0,
	4,
};
static const uint32_t probe_float[] = {
	15,
	INFO(BTF_KIND_FLOAT, 0, 0),
	4,
};
static const uint32_t probe_decl_tag[] = {
	INT32,
	21,
	INFO(BTF_KIND_STRUCT, 0, 1),
	4,
	7,
	1,
	0,
	23,
	INFO(BTF_KIND_DECL_TAG, 0, 0),
	2,
	(uint32_t)-1,
};
static const uint32_t probe_type_tag[] = {
	INT32, 23, INFO(BTF_KIND_TYPE_TAG, 0, 0),
	1,     0,  INFO(BTF_KIND_PTR, 0, 0),
	2,
};
static const uint32_t probe_enum64[] = {
	27, INFO(BTF_KIND_ENUM64, 0, 1), 8, 29, 1, 1,
};
static const uint32_t probe_enum_signed[] = {
	27, INFO(BTF_KIND_ENUM, 1, 1), 4, 29, (uint32_t)-1,
};

static const struct {
	unsigned int feature;
	const char *name;
	const uint32_t *types;
	size_t len;
} probes[] = {
	{ MB_BTF_FUNC_GLOBAL, "global functions", probe_func_global,
	  sizeof(probe_func_global) },
	{ MB_BTF_DATASEC, "DATASEC/VAR", probe_datasec, sizeof(probe_datasec) },
	{ MB_BTF_FLOAT, "FLOAT", probe_float, sizeof(probe_float) },
	{ MB_BTF_DECL_TAG, "DECL_TAG", probe_decl_tag, sizeof(probe_decl_tag) },
	{ MB_BTF_TYPE_TAG, "TYPE_TAG", probe_type_tag, sizeof(probe_type_tag) },
	{ MB_BTF_ENUM64, "ENUM64", probe_enum64, sizeof(probe_enum64) },
	{ MB_BTF_ENUM_SIGNED, "signed ENUM", probe_enum_signed,
	  sizeof(probe_enum_signed) },
};

/* Does the kernel take this BTF?  Any error is a no. */
static bool probe_one(const uint32_t *types, size_t len)
{
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(h),
		.type_len = len,
		.str_off = len,
		.str_len = sizeof(probe_strs),
	};
	uint8_t blob[sizeof(h) + 64 + sizeof(probe_strs)];
	int fd;

	memcpy(blob, &h, sizeof(h));
	memcpy(blob + sizeof(h), types, len);
	memcpy(blob + sizeof(h) + len, probe_strs, sizeof(probe_strs));
	fd = mb_sys_btf_load(blob, sizeof(h) + len + sizeof(probe_strs), NULL,
			     0, 0);
	mb_close(fd);
	return fd >= 0;
}

/* Every probe, each time it is called: kernel.c keeps the answer. */
unsigned int mb_btf_features_probe(void)
{
	unsigned int have = 0;

	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		if (probe_one(probes[i].types, probes[i].len))
			have |= probes[i].feature;
	return have;
}

/* "TYPE_TAG, ENUM64" for messages. */
void mb_btf_feature_names(unsigned int features, char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(probes) && at < size; i++)
		if (features & probes[i].feature)
			at += snprintf(buf + at, size - at, "%s%s",
				       at ? ", " : "", probes[i].name);
}

/* ---- what a BTF uses ------------------------------------------------ */

static unsigned int type_needs(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
		return MB_BTF_DATASEC;
	case BTF_KIND_FUNC:
		return btf_vlen(t) != BTF_FUNC_STATIC ? MB_BTF_FUNC_GLOBAL : 0;
	case BTF_KIND_FLOAT:
		return MB_BTF_FLOAT;
	case BTF_KIND_DECL_TAG:
		return MB_BTF_DECL_TAG;
	case BTF_KIND_TYPE_TAG:
		return MB_BTF_TYPE_TAG;
	case BTF_KIND_ENUM64:
		return MB_BTF_ENUM64;
	case BTF_KIND_ENUM:
		return btf_kflag(t) ? MB_BTF_ENUM_SIGNED : 0;
	}
	return 0;
}

unsigned int mb_btf_features_used(const struct mb_btf *btf)
{
	unsigned int used = 0;

	for (uint32_t id = btf->start_id; id < mb_btf_type_count(btf); id++)
		used |= type_needs(mb_btf_type(btf, id));
	return used;
}

/* ---- the rewrite ---------------------------------------------------- */

/* VAR x and DATASEC .data: INT x of a byte, STRUCT _data whose members
 * are the former VARs at their offsets.  The name is changed in place
 * in our copy of the string table: '.' is not allowed in a struct's. */
static void rewrite_datasec(struct btf_type *t, char *strs, uint32_t strs_len,
			    const struct mb_btf *btf)
{
	struct btf_var_secinfo *v = (struct btf_var_secinfo *)(t + 1);

	if (btf_kind(t) == BTF_KIND_VAR) {
		t->info = INFO(BTF_KIND_INT, 0, 0);
		t->size = 1;
		*(uint32_t *)(t + 1) = 8; /* unsigned, 8 bits */
		return;
	}
	for (uint32_t i = t->name_off; i < strs_len && strs[i]; i++)
		if (strs[i] == '.')
			strs[i] = '_';
	for (uint32_t i = 0; i < btf_vlen(t); i++, v++) {
		struct btf_member m = {
			.name_off =
				mb_btf_type(btf, v->type) ?
					mb_btf_type(btf, v->type)->name_off :
					0,
			.type = v->type,
			.offset = v->offset * 8,
		};

		memcpy(v, &m, sizeof(m)); /* both 12 bytes */
	}
	t->info = INFO(BTF_KIND_STRUCT, 0, btf_vlen(t));
}

/* ENUM64 -> UNION: each enumerator {name, lo, hi} becomes a member
 * {name, the placeholder INT, offset 0}. */
static void rewrite_enum64(struct btf_type *t, uint32_t placeholder)
{
	struct btf_enum64 *e = (struct btf_enum64 *)(t + 1);

	for (uint32_t i = 0; i < btf_vlen(t); i++, e++) {
		struct btf_member m = {
			.name_off = e->name_off,
			.type = placeholder,
		};

		memcpy(e, &m, sizeof(m));
	}
	t->info = INFO(BTF_KIND_UNION, 0, btf_vlen(t));
}

static void rewrite_type(struct btf_type *t, unsigned int missing,
			 uint32_t placeholder, char *strs, uint32_t strs_len,
			 const struct mb_btf *btf)
{
	unsigned int need = type_needs(t);

	if (!(need & missing))
		return;
	switch (btf_kind(t)) {
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
		rewrite_datasec(t, strs, strs_len, btf);
		break;
	case BTF_KIND_FUNC:
		t->info = INFO(BTF_KIND_FUNC, 0, BTF_FUNC_STATIC);
		break;
	case BTF_KIND_FLOAT:
		t->name_off = 0;
		t->info = INFO(BTF_KIND_STRUCT, 0, 0); /* size kept */
		break;
	case BTF_KIND_DECL_TAG:
		t->name_off = 0;
		t->info = INFO(BTF_KIND_INT, 0, 0);
		t->size = 1;
		*(uint32_t *)(t + 1) = 8;
		break;
	case BTF_KIND_TYPE_TAG:
		t->name_off = 0;
		t->info = INFO(BTF_KIND_CONST, 0, 0); /* type kept */
		break;
	case BTF_KIND_ENUM64:
		rewrite_enum64(t, placeholder);
		break;
	case BTF_KIND_ENUM:
		t->info &= ~(1u << 31);
		break;
	}
}

/* A copy of btf's blob with what have lacks rewritten: header, the
 * types (plus the placeholder INT if an ENUM64 goes), the strings. */
int mb_btf_sanitize(const struct mb_btf *btf, unsigned int have, void **datap,
		    uint32_t *sizep)
{
	static const uint32_t placeholder_int[] = {
		0, INFO(BTF_KIND_INT, 0, 0), 1, 8, /* unsigned, 8 bits */
	};
	unsigned int missing = mb_btf_features_used(btf) & ~have;
	uint32_t extra = missing & MB_BTF_ENUM64 ? sizeof(placeholder_int) : 0;
	struct btf_header h = *(const struct btf_header *)btf->data;
	uint8_t *out, *types;
	char *strs;

	if (btf->base)
		return -ENOTSUP; /* only an object's own BTF */
	h.hdr_len = sizeof(h);
	h.type_off = 0;
	h.type_len = btf->types_len + extra;
	h.str_off = h.type_len;
	h.str_len = btf->strs_len;
	out = malloc(sizeof(h) + h.type_len + h.str_len);
	if (!out)
		return -ENOMEM;
	types = out + sizeof(h);
	strs = (char *)types + h.type_len;
	memcpy(out, &h, sizeof(h));
	memcpy(types, btf->types, btf->types_len);
	memcpy(types + btf->types_len, placeholder_int, extra);
	memcpy(strs, btf->strs, btf->strs_len);
	for (uint32_t id = 1; id < mb_btf_type_count(btf); id++) {
		size_t off = (const uint8_t *)mb_btf_type(btf, id) - btf->types;

		rewrite_type((struct btf_type *)(types + off), missing,
			     mb_btf_type_count(btf), strs, h.str_len, btf);
	}
	*datap = out;
	*sizep = sizeof(h) + h.type_len + h.str_len;
	return 0;
}
