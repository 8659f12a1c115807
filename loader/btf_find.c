/* btf_find.c: finding types in a parsed BTF, by id and by name.
 *
 * btf.c checks a blob and records where each type starts; this file
 * answers questions about it.  By id: type_offs[id - start_id] (ids of a
 * split BTF's base go to the base).  By name: an open-addressing hash
 * table keyed by the essential name (the name before a "___flavour"
 * suffix: CO-RE's "task_struct___v510" looks for "task_struct").  Each
 * slot holds the name's hash and the lowest id with that name; name_next
 * chains the other ids, in id order.  A lookup is one probe, however
 * many types there are; vmlinux has 126,000.
 *
 * The index is built by the lookups themselves, once there have been a
 * few (the first ones scan every type: a program with a few CO-RE types
 * never needs it), in one pass with no allocation per name.
 *
 * Reference: include/uapi/linux/btf.h, Documentation/bpf/btf.rst.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "btf.h"
#include "btf_impl.h"

static const char *const kind_names[NR_BTF_KINDS] = {
	"UNKNOWN", "INT",      "PTR",	   "ARRAY",	 "STRUCT",
	"UNION",   "ENUM",     "FWD",	   "TYPEDEF",	 "VOLATILE",
	"CONST",   "RESTRICT", "FUNC",	   "FUNC_PROTO", "VAR",
	"DATASEC", "FLOAT",    "DECL_TAG", "TYPE_TAG",	 "ENUM64",
};

const char *mb_btf_kind_name(unsigned int kind)
{
	return kind < NR_BTF_KINDS ? kind_names[kind] : "UNKNOWN";
}

/* ---- by id, and strings --------------------------------------------- */

/* A split BTF's string offsets continue its base's: together they cover
 * [0, start_str + strs_len). */
bool mb_btf_str_ok(const struct mb_btf *btf, uint32_t off)
{
	return btf && off < (uint64_t)btf->start_str + btf->strs_len;
}

const char *mb_btf_str(const struct mb_btf *btf, uint32_t off)
{
	if (off < btf->start_str)
		return mb_btf_str(btf->base, off);
	if (off - btf->start_str >= btf->strs_len)
		return "";
	return btf->strs + (off - btf->start_str);
}

uint32_t mb_btf_type_count(const struct mb_btf *btf)
{
	return btf->start_id + btf->nr_types;
}

const struct btf_type *mb_btf_type(const struct mb_btf *btf, uint32_t id)
{
	if (id < btf->start_id)
		return id && btf->base ? mb_btf_type(btf->base, id) : NULL;
	if (id - btf->start_id >= btf->nr_types)
		return NULL;
	return (const void *)(btf->types + btf->type_offs[id - btf->start_id]);
}

/* Only our own types in our own copy are writable: a base is shared,
 * the kernel's mapped BTF is read-only. */
struct btf_type *mb_btf_type_mut(struct mb_btf *btf, uint32_t id)
{
	if (!btf->copy || id < btf->start_id ||
	    id - btf->start_id >= btf->nr_types)
		return NULL;
	return (void *)(btf->copy + (btf->types - btf->data) +
			btf->type_offs[id - btf->start_id]);
}

const char *mb_btf_name(const struct mb_btf *btf, uint32_t id)
{
	const struct btf_type *t = mb_btf_type(btf, id);

	return t ? mb_btf_str(btf, t->name_off) : "";
}

uint32_t mb_btf_ptr_size(const struct mb_btf *btf)
{
	return btf->ptr_size;
}

uint32_t mb_btf_long_id(const struct mb_btf *btf)
{
	return btf->long_id;
}

const void *mb_btf_data(const struct mb_btf *btf, uint32_t *size)
{
	*size = btf->size;
	return btf->data;
}

/* ---- hashing names -------------------------------------------------- */

/* "task_struct___v510" -> 11: the name before its last flavour suffix,
 * three underscores with a character other than '_' on each side. */
size_t mb_btf_essential_len(const char *name)
{
	size_t n = strlen(name);

	if (!strstr(name, "___")) /* most names: no flavour */
		return n;
	/* s is "X___Y": X and Y anything but '_'; scan from the end. */
	for (size_t i = n >= 5 ? n - 4 : 0; i-- > 0;) {
		const char *s = name + i;

		if (s[2] == '_' && s[1] == '_' && s[3] == '_' && s[0] != '_' &&
		    s[4] != '_')
			return i + 1;
	}
	return n;
}

/* FNV-1a over len bytes: a byte at a time, a multiply each. */
static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* ---- the name index ------------------------------------------------- */

static const struct btf_type *btf_own(const struct mb_btf *btf, uint32_t i)
{
	return (const void *)(btf->types + btf->type_offs[i]);
}

static bool essential_eq(const char *a, const char *b)
{
	size_t len = mb_btf_essential_len(a);

	return !strncmp(a, b, len) && mb_btf_essential_len(b) == len;
}

/* Insert type i (ours), whose name hashes to h, ahead of the ids already
 * there.  Two types with one name offset have one name (deduplicated
 * BTF, such as the kernel's, shares it): no string compare then. */
static void btf_index_one(struct mb_btf *btf, uint32_t i, uint32_t h)
{
	const struct btf_type *t = btf_own(btf, i);
	uint32_t at;

	for (at = h & btf->slot_mask;; at = (at + 1) & btf->slot_mask) {
		struct mb_btf_slot *s = &btf->slots[at];
		const struct btf_type *o;

		if (!s->first) {
			s->hash = h;
			break;
		}
		if (s->hash != h)
			continue;
		o = mb_btf_type(btf, s->first);
		if (o->name_off == t->name_off ||
		    essential_eq(mb_btf_str(btf, o->name_off),
				 mb_btf_str(btf, t->name_off)))
			break;
	}
	btf->name_next[i] = btf->slots[at].first;
	btf->slots[at].first = btf->start_id + i;
}

int mb_btf_index_names(struct mb_btf *btf)
{
	uint64_t nr_slots = 4;

	while (nr_slots < btf->nr_named + btf->nr_named / 3 + 1)
		nr_slots *= 2;
	btf->slot_mask = nr_slots - 1;
	btf->slots = mb_calloc(nr_slots, sizeof(*btf->slots));
	btf->name_next = mb_calloc(btf->nr_types, sizeof(*btf->name_next));
	if (!btf->slots || !btf->name_next) {
		free(btf->slots);
		free(btf->name_next);
		btf->slots = NULL;
		btf->name_next = NULL;
		return -ENOMEM;
	}
	/* From the last type down, so that each chain is in id order. */
	for (uint32_t i = btf->nr_types; i-- > 0;) {
		const char *name = mb_btf_str(btf, btf_own(btf, i)->name_off);

		if (*name)
			btf_index_one(btf, i,
				      hash_bytes(name,
						 mb_btf_essential_len(name)));
	}
	return 0;
}

/* ---- lookups: a scan, then the index -------------------------------- */

/* Building the index costs about as much as INDEX_AFTER scans of
 * vmlinux: the first lookups scan, the next one builds it (a program
 * with a few CO-RE types never does).  Through a const pointer: see
 * struct mb_btf.  If memory runs out, lookups go on scanning. */
#define INDEX_AFTER 6

static bool btf_indexed(const struct mb_btf *cbtf)
{
	struct mb_btf *btf = (struct mb_btf *)cbtf;

	if (btf->slots)
		return true;
	if (++btf->nr_lookups <= INDEX_AFTER)
		return false;
	return !mb_btf_index_names(btf);
}

/* Our first type from index i on whose essential name is name[:len]. */
static uint32_t btf_scan_essential(const struct mb_btf *btf, const char *name,
				   size_t len, uint32_t i)
{
	for (; i < btf->nr_types; i++) {
		const struct btf_type *t = btf_own(btf, i);
		const char *got;

		if (!t->name_off)
			continue;
		got = mb_btf_str(btf, t->name_off);
		if (got[0] == name[0] && !strncmp(got, name, len) &&
		    mb_btf_essential_len(got) == len)
			return btf->start_id + i;
	}
	return 0;
}

/* Our first type named name of kind kind (< 0: any), by kinds[] first:
 * most types are passed over without reading their name. */
static int btf_scan_find(const struct mb_btf *btf, const char *name, int kind)
{
	for (uint32_t i = 0; i < btf->nr_types; i++) {
		const struct btf_type *t;

		if (kind >= 0 && (btf->kinds[i] & 0x1f) != (unsigned int)kind)
			continue;
		t = btf_own(btf, i);
		if (t->name_off && !strcmp(mb_btf_str(btf, t->name_off), name))
			return btf->start_id + i;
	}
	return -ENOENT;
}

/* Our lowest id whose essential name is name[:len], by the index. */
static uint32_t btf_index_first(const struct mb_btf *btf, const char *name,
				size_t len)
{
	uint32_t h = hash_bytes(name, len), at;

	for (at = h & btf->slot_mask;; at = (at + 1) & btf->slot_mask) {
		const struct mb_btf_slot *s = &btf->slots[at];
		const char *got;

		if (!s->first)
			return 0;
		if (s->hash != h)
			continue;
		got = mb_btf_name(btf, s->first);
		if (!strncmp(got, name, len) &&
		    mb_btf_essential_len(got) == len)
			return s->first;
	}
}

uint32_t mb_btf_find_next_essential(const struct mb_btf *btf, const char *name,
				    size_t len, uint32_t prev)
{
	uint32_t next, i;

	if (prev < btf->start_id && btf->base) {
		next = mb_btf_find_next_essential(btf->base, name, len, prev);
		if (next)
			return next;
		prev = 0;
	}
	if (prev >= btf->start_id) { /* the next one after ours */
		i = prev - btf->start_id;
		if (i >= btf->nr_types)
			return 0;
		if (btf->slots)
			return btf->name_next[i];
		return btf_scan_essential(btf, name, len, i + 1);
	}
	if (!len) /* only "" has no essential name: not indexed */
		return 0;
	if (btf_indexed(btf))
		return btf_index_first(btf, name, len);
	return btf_scan_essential(btf, name, len, 0);
}

int mb_btf_find(const struct mb_btf *btf, const char *name, int kind)
{
	size_t len = mb_btf_essential_len(name);
	int in_base = btf->base ? mb_btf_find(btf->base, name, kind) : -ENOENT;
	uint32_t id;

	if (in_base > 0)
		return in_base;
	if (!len)
		return -ENOENT;
	if (!btf_indexed(btf))
		return btf_scan_find(btf, name, kind);
	for (id = btf_index_first(btf, name, len); id;
	     id = btf->name_next[id - btf->start_id]) {
		const struct btf_type *t = mb_btf_type(btf, id);

		if ((kind < 0 || btf_kind(t) == (unsigned int)kind) &&
		    !strcmp(mb_btf_str(btf, t->name_off), name))
			return id;
	}
	return -ENOENT;
}

/* ---- walking types -------------------------------------------------- */

uint32_t mb_btf_skip_mods(const struct mb_btf *btf, uint32_t id, bool typedefs)
{
	const struct btf_type *t;

	/* Ends: mb_btf_parse rejected loops along these edges. */
	while ((t = mb_btf_type(btf, id))) {
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
			if (!typedefs)
				return id;
			/* fall through */
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		default:
			return id;
		}
	}
	return id;
}

/* int x[3][4] -> ARRAY(3) of ARRAY(4) of INT(4): 3 * 4 * 4 = 48. */
int64_t mb_btf_resolve_size(const struct mb_btf *btf, uint32_t id)
{
	uint64_t nelems = 1, size;
	const struct btf_type *t;

	while ((t = mb_btf_type(btf, id))) {
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FLOAT:
		case BTF_KIND_DATASEC:
			size = t->size;
			goto out;
		case BTF_KIND_PTR:
			size = btf->ptr_size;
			goto out;
		case BTF_KIND_ARRAY: {
			uint32_t n = btf_array(t)->nelems;

			if (n && nelems > INT64_MAX / n)
				return -E2BIG;
			nelems *= n;
			id = btf_array(t)->type;
			break;
		}
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
		case BTF_KIND_VAR:
			id = t->type;
			break;
		default: /* FWD, FUNC, FUNC_PROTO, DECL_TAG: no size */
			return -EINVAL;
		}
	}
	return -EINVAL; /* void */
out:
	if (size && nelems > INT64_MAX / size)
		return -E2BIG;
	return nelems * size;
}
