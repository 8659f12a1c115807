/* btf.c: BTF, the type information of the object and of the kernel.
 *
 * A BTF blob is a header, a type section and a string table.  Types are
 * variable-length records (struct btf_type, then a kind-specific tail:
 * members, enumerators, parameters...) numbered from 1 in file order;
 * id 0 is void.  Names are offsets into the string table.  Split BTF (a
 * kernel module's) continues a base: its ids start at the base's type
 * count and its string offsets at the base's string table size.
 *
 * mb_btf_parse copies the blob into one buffer (mb_btf_load_file hands
 * over the one it read), byte-swapped into host order if it came from a
 * big-endian target.  A first pass over the types records where each
 * starts and checks that its tail fits; a second checks, now that every
 * id is known, names, sizes, bit offsets and each referenced id; a third
 * that no chain of typedefs, modifiers, arrays and pointers loops (so
 * mb_btf_skip_mods and mb_btf_resolve_size always end).  Last comes the
 * name index: an open-addressing hash keyed by the
 * essential name (the name before a "___flavour" suffix) whose slots
 * head a chain of the ids sharing that name, in id order.  Exact lookup
 * and CO-RE candidate search are then one probe each.
 *
 * Interface: mb_btf_parse, mb_btf_load_file, mb_btf_free, the accessors
 * (mb_btf_type, mb_btf_name, mb_btf_str...), mb_btf_find,
 * mb_btf_find_next_essential, mb_btf_skip_mods, mb_btf_resolve_size,
 * mb_btf_data, mb_btf_kind_name.
 * Reference: include/uapi/linux/btf.h, Documentation/bpf/btf.rst.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BTF_MAGIC_SWAPPED 0x9FEB

struct mb_btf_slot {
	uint32_t hash;		/* of the essential name */
	uint32_t first;		/* lowest id with that name; 0: empty slot */
};

struct mb_btf {
	const struct mb_btf *base;	/* split BTF: the types before ours */
	uint8_t *data;			/* header, types, strings; host order */
	uint32_t size;
	uint8_t *types;			/* type section, inside data */
	uint32_t types_len;
	const char *strs;		/* string table, inside data */
	uint32_t strs_len;
	uint32_t start_id;		/* our first id: 1, or base's count */
	uint32_t start_str;		/* our first string offset */
	uint32_t nr_types;		/* ours */
	uint32_t *type_offs;		/* per type: offset in types */
	uint32_t *name_next;		/* per type: next id, same name */
	struct mb_btf_slot *slots;
	uint32_t nr_slots;		/* twice the names: half stay empty */
	uint32_t nr_named;
	uint32_t ptr_size;		/* sizeof(long) of the target */
};

static const char *const kind_names[NR_BTF_KINDS] = {
	"UNKNOWN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD",
	"TYPEDEF", "VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO",
	"VAR", "DATASEC", "FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
};

const char *mb_btf_kind_name(unsigned int kind)
{
	return kind < NR_BTF_KINDS ? kind_names[kind] : "UNKNOWN";
}

/* ---- strings and types ---------------------------------------------- */

static bool btf_str_ok(const struct mb_btf *btf, uint32_t off)
{
	if (off < btf->start_str)
		return mb_btf_str_ok(btf->base, off);
	return off - btf->start_str < btf->strs_len;
}

bool mb_btf_str_ok(const struct mb_btf *btf, uint32_t off)
{
	return btf && btf_str_ok(btf, off);
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

/* Only our own types are writable: a base is shared. */
struct btf_type *mb_btf_type_mut(struct mb_btf *btf, uint32_t id)
{
	if (id < btf->start_id || id - btf->start_id >= btf->nr_types)
		return NULL;
	return (void *)(btf->types + btf->type_offs[id - btf->start_id]);
}

const char *mb_btf_name(const struct mb_btf *btf, uint32_t id)
{
	const struct btf_type *t = mb_btf_type(btf, id);

	return t ? mb_btf_str(btf, t->name_off) : "";
}

const void *mb_btf_data(const struct mb_btf *btf, uint32_t *size)
{
	*size = btf->size;
	return btf->data;
}

/* The bytes after struct btf_type for t's kind; -1 for a kind we do not
 * know.  Every tail is made of 32-bit words, which byte-swapping uses. */
static int64_t btf_tail_size(const struct btf_type *t)
{
	uint32_t vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return sizeof(uint32_t);
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE: case BTF_KIND_CONST: case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC: case BTF_KIND_FLOAT: case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return (int64_t)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (int64_t)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (int64_t)vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return (int64_t)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64:
		return (int64_t)vlen * sizeof(struct btf_enum64);
	}
	return -1;
}

static void swap_words(void *p, size_t n)
{
	uint32_t *w = p;

	for (size_t i = 0; i < n; i++)
		w[i] = __builtin_bswap32(w[i]);
}

/* ---- the header ----------------------------------------------------- */

/* Put the header of btf->data in host order and check that the type and
 * string sections lie inside the blob.  *swapped: it was big-endian (or
 * little-endian on a big-endian host). */
static int btf_read_header(struct mb_btf *btf, size_t size, bool *swapped,
			   const char *what, const struct mb_log *log)
{
	struct btf_header *h;
	uint16_t magic;
	uint32_t rest;

	if (size < sizeof(*h))
		return mb_err(log, -EINVAL, "btf: %s: %zu bytes, too short for a BTF header (%zu)",
			      what, size, sizeof(*h));
	if (size > UINT32_MAX)
		return mb_err(log, -E2BIG, "btf: %s: %zu bytes, larger than 4 GiB",
			      what, size);
	memcpy(&magic, btf->data, sizeof(magic));
	if (magic != BTF_MAGIC && magic != BTF_MAGIC_SWAPPED)
		return mb_err(log, -EINVAL, "btf: %s: bad magic 0x%04x (expected 0x%04x)",
			      what, magic, BTF_MAGIC);
	*swapped = magic == BTF_MAGIC_SWAPPED;
	btf->size = size;
	h = (struct btf_header *)btf->data;
	if (*swapped) {
		h->magic = BTF_MAGIC;
		swap_words(&h->hdr_len, 5);
	}
	if (h->version != BTF_VERSION)
		return mb_err(log, -EINVAL, "btf: %s: version %u, only %u is known",
			      what, h->version, BTF_VERSION);
	if (h->hdr_len < sizeof(*h) || h->hdr_len > size)
		return mb_err(log, -EINVAL, "btf: %s: header length %u outside [%zu, %zu]",
			      what, h->hdr_len, sizeof(*h), size);
	if (h->hdr_len % 4 || h->type_off % 4)
		return mb_err(log, -EINVAL, "btf: %s: header length %u or type offset %u not a multiple of 4",
			      what, h->hdr_len, h->type_off);
	/* A newer, longer header (a layout section): words we do not read. */
	if (*swapped)
		swap_words(h + 1, (h->hdr_len - sizeof(*h)) / 4);
	rest = size - h->hdr_len;
	if (h->type_off > rest || h->type_len > rest - h->type_off)
		return mb_err(log, -EINVAL, "btf: %s: type section at %u, %u bytes, beyond the %u bytes after the header",
			      what, h->type_off, h->type_len, rest);
	if (h->str_off > rest || h->str_len > rest - h->str_off)
		return mb_err(log, -EINVAL, "btf: %s: string section at %u, %u bytes, beyond the %u bytes after the header",
			      what, h->str_off, h->str_len, rest);
	btf->types = btf->data + h->hdr_len + h->type_off;
	btf->types_len = h->type_len;
	btf->strs = (const char *)btf->data + h->hdr_len + h->str_off;
	btf->strs_len = h->str_len;
	return 0;
}

/* The kernel's rules: the table ends with a NUL (so every offset inside
 * it is a C string) and, unless split, starts with one (offset 0 is ""). */
static int btf_check_strings(const struct mb_btf *btf, const char *what,
			     const struct mb_log *log)
{
	if (btf->base && !btf->strs_len)
		return 0;
	if (!btf->strs_len)
		return mb_err(log, -EINVAL, "btf: %s: empty string table", what);
	if (!btf->base && btf->strs[0])
		return mb_err(log, -EINVAL, "btf: %s: string table does not start with \\0",
			      what);
	if (btf->strs[btf->strs_len - 1])
		return mb_err(log, -EINVAL, "btf: %s: string table does not end with \\0",
			      what);
	return 0;
}

/* ---- where each type is -------------------------------------------- */

/* Walk the type section once: put each type in host order, check that
 * its kind is known and its tail fits, record its offset. */
static int btf_find_types(struct mb_btf *btf, bool swapped, const char *what,
			  const struct mb_log *log)
{
	uint32_t off = 0, left;

	/* A type takes at least 12 bytes: room for the most there can be
	 * (pages never written are never faulted in). */
	btf->type_offs = malloc((btf->types_len / sizeof(struct btf_type) + 1) *
				sizeof(*btf->type_offs));
	if (!btf->type_offs)
		return -ENOMEM;
	for (; off < btf->types_len; off += sizeof(struct btf_type)) {
		uint32_t id = btf->start_id + btf->nr_types;
		struct btf_type *t = (void *)(btf->types + off);
		int64_t tail;

		left = btf->types_len - off;
		if (left < sizeof(*t))
			return mb_err(log, -EINVAL, "btf: %s: type [%u] at offset %u truncated: %u bytes left",
				      what, id, off, left);
		if (swapped)
			swap_words(t, 3);
		tail = btf_tail_size(t);
		if (tail < 0)
			return mb_err(log, -EINVAL, "btf: %s: type [%u] has unknown kind %u",
				      what, id, btf_kind(t));
		if (tail > (int64_t)(left - sizeof(*t)))
			return mb_err(log, -EINVAL, "btf: %s: type [%u] %s: its %u entries need %lld bytes, %zu left",
				      what, id, mb_btf_kind_name(btf_kind(t)),
				      btf_vlen(t), (long long)tail,
				      left - sizeof(*t));
		if (swapped)
			swap_words(t + 1, tail / 4);
		btf->type_offs[btf->nr_types++] = off;
		btf->nr_named += t->name_off != 0;
		off += tail;
	}
	return 0;
}

/* ---- what each type says -------------------------------------------- */

/* Every type is now known to lie inside the section, so a type can be
 * checked against the ones it names.  Messages name the type, its kind
 * and the part at fault: "type [7] STRUCT member 2 references ...". */
#define TYPE_FMT "btf: %s: type [%u] %s%s"
#define TYPE_ARGS(id, t, part, idx) what, id, mb_btf_kind_name(btf_kind(t)), \
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

static int btf_check_name(const struct mb_btf *btf, uint32_t id,
			  const struct btf_type *t, const char *part, int idx,
			  uint32_t off, const char *what,
			  const struct mb_log *log)
{
	char buf[32];

	if (btf_str_ok(btf, off))
		return 0;
	return mb_err(log, -EINVAL, TYPE_FMT ": name offset %u beyond the string table",
		      TYPE_ARGS(id, t, part, idx), off);
}

static int btf_check_ref(const struct mb_btf *btf, uint32_t id,
			 const struct btf_type *t, const char *part, int idx,
			 uint32_t ref, const char *what,
			 const struct mb_log *log)
{
	char buf[32];

	if (ref < mb_btf_type_count(btf))
		return 0;
	return mb_err(log, -EINVAL, TYPE_FMT " references missing type %u",
		      TYPE_ARGS(id, t, part, idx), ref);
}

/* Each member named, typed, and inside the struct: a plain member may
 * start at the end (a flexible array), a bitfield must end by it. */
static int btf_check_members(const struct mb_btf *btf, uint32_t id,
			     const struct btf_type *t, const char *what,
			     const struct mb_log *log)
{
	const struct btf_member *m = btf_members(t);
	uint64_t bits = (uint64_t)t->size * 8;
	char buf[32];

	for (uint32_t i = 0; i < btf_vlen(t); i++, m++) {
		uint32_t off = btf_member_bit_offset(t, m);
		uint32_t width = btf_member_bitfield_size(t, m);
		int err = btf_check_name(btf, id, t, "member", i, m->name_off,
					 what, log) ?:
			  btf_check_ref(btf, id, t, "member", i, m->type,
					what, log);

		if (err)
			return err;
		if (off + (uint64_t)width > bits)
			return mb_err(log, -EINVAL, TYPE_FMT " %s at bit %u (width %u) beyond size %u",
				      TYPE_ARGS(id, t, "member", i),
				      mb_btf_str(btf, m->name_off), off, width,
				      t->size);
	}
	return 0;
}

/* A FUNC_PROTO's return type and parameters (the last may be 0, 0:
 * "..."). */
static int btf_check_params(const struct mb_btf *btf, uint32_t id,
			    const struct btf_type *t, const char *what,
			    const struct mb_log *log)
{
	const struct btf_param *p = btf_params(t);
	int err = btf_check_ref(btf, id, t, "return type", -1, t->type, what,
				log);

	for (uint32_t i = 0; i < btf_vlen(t) && !err; i++, p++)
		err = btf_check_name(btf, id, t, "parameter", i, p->name_off,
				     what, log) ?:
		      btf_check_ref(btf, id, t, "parameter", i, p->type, what,
				    log);
	return err;
}

static int btf_check_enums(const struct mb_btf *btf, uint32_t id,
			   const struct btf_type *t, const char *what,
			   const struct mb_log *log)
{
	char buf[32];
	int err = 0;

	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
		return mb_err(log, -EINVAL, TYPE_FMT ": size %u is not 1, 2, 4 or 8",
			      TYPE_ARGS(id, t, NULL, -1), t->size);
	for (uint32_t i = 0; i < btf_vlen(t) && !err; i++)
		err = btf_check_name(btf, id, t, "enumerator", i,
				     btf_enum_name_off(t, i), what, log);
	return err;
}

static int btf_check_int(uint32_t id, const struct btf_type *t,
			 const char *what, const struct mb_log *log)
{
	uint32_t bits = BTF_INT_BITS(btf_int_word(t));
	uint32_t off = BTF_INT_OFFSET(btf_int_word(t));
	char buf[32];

	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8 &&
	    t->size != 16)
		return mb_err(log, -EINVAL, TYPE_FMT ": size %u is not 1, 2, 4, 8 or 16",
			      TYPE_ARGS(id, t, NULL, -1), t->size);
	if (off + bits > t->size * 8)
		return mb_err(log, -EINVAL, TYPE_FMT ": %u bits at bit %u beyond size %u",
			      TYPE_ARGS(id, t, NULL, -1), bits, off, t->size);
	return 0;
}

/* A FUNC's type is its prototype. */
static int btf_check_func(const struct mb_btf *btf, uint32_t id,
			  const struct btf_type *t, const char *what,
			  const struct mb_log *log)
{
	const struct btf_type *proto = mb_btf_type(btf, t->type);
	char buf[32];

	if (proto && btf_kind(proto) == BTF_KIND_FUNC_PROTO)
		return 0;
	return mb_err(log, -EINVAL, TYPE_FMT " %s: type [%u] is not a FUNC_PROTO",
		      TYPE_ARGS(id, t, NULL, -1), mb_btf_name(btf, id),
		      t->type);
}

static int btf_check_kind(const struct mb_btf *btf, uint32_t id,
			  const struct btf_type *t, const char *what,
			  const struct mb_log *log)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	int err = 0;

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return btf_check_int(id, t, what, log);
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		return btf_check_enums(btf, id, t, what, log);
	case BTF_KIND_FWD: case BTF_KIND_FLOAT:
		return 0;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return btf_check_members(btf, id, t, what, log);
	case BTF_KIND_FUNC_PROTO:
		return btf_check_params(btf, id, t, what, log);
	case BTF_KIND_FUNC:
		return btf_check_func(btf, id, t, what, log);
	case BTF_KIND_ARRAY:
		return btf_check_ref(btf, id, t, "element", -1,
				     btf_array(t)->type, what, log) ?:
		       btf_check_ref(btf, id, t, "index", -1,
				     btf_array(t)->index_type, what, log);
	case BTF_KIND_DECL_TAG:
		if (((const struct btf_decl_tag *)(t + 1))->component_idx < -1)
			return mb_err(log, -EINVAL, "btf: %s: type [%u] DECL_TAG: component index below -1",
				      what, id);
		break;
	case BTF_KIND_DATASEC:
		for (uint32_t i = 0; i < btf_vlen(t) && !err; i++, v++)
			err = btf_check_ref(btf, id, t, "entry", i, v->type,
					    what, log);
		return err;
	}
	/* PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, VAR, DECL_TAG, TYPE_TAG:
	 * one type. */
	return btf_check_ref(btf, id, t, NULL, -1, t->type, what, log);
}

static int btf_check_types(const struct mb_btf *btf, const char *what,
			   const struct mb_log *log)
{
	for (uint32_t id = btf->start_id; id < mb_btf_type_count(btf); id++) {
		const struct btf_type *t = mb_btf_type(btf, id);
		int err = btf_check_name(btf, id, t, NULL, -1, t->name_off,
					 what, log) ?:
			  btf_check_kind(btf, id, t, what, log);

		if (err)
			return err;
	}
	return 0;
}

/* ---- loops ---------------------------------------------------------- */

/* The one type a type's size or meaning is taken from, if any: the
 * edges along which mb_btf_skip_mods and mb_btf_resolve_size walk. */
static uint32_t btf_chain_next(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_ARRAY:
		return ((const struct btf_array *)(t + 1))->type;
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC:
	case BTF_KIND_VAR: case BTF_KIND_DECL_TAG: case BTF_KIND_TYPE_TAG:
		return t->type;
	}
	return 0;
}

/* Each type has at most one chain successor, so a loop is found by
 * walking from each type and marking with the walk's start: meeting our
 * own mark is a loop, meeting an older one is a chain already checked.
 * Base types (already checked) end a walk. */
static int btf_check_loops(const struct mb_btf *btf, const char *what,
			   const struct mb_log *log)
{
	uint32_t start = btf->start_id, *mark, id, j;

	mark = mb_calloc(btf->nr_types, sizeof(*mark));
	if (!mark)
		return -ENOMEM;
	for (id = start; id < start + btf->nr_types; id++) {
		for (j = id; j >= start && !mark[j - start];
		     j = btf_chain_next(mb_btf_type(btf, j)))
			mark[j - start] = id;
		if (j >= start && mark[j - start] == id) {
			free(mark);
			return mb_err(log, -ELOOP, "btf: %s: type [%u] %s refers back to itself (a loop of typedefs, modifiers, arrays or pointers)",
				      what, j,
				      mb_btf_kind_name(btf_kind(mb_btf_type(btf, j))));
		}
	}
	free(mark);
	return 0;
}

/* ---- the name index ------------------------------------------------- */

/* "task_struct___v510" -> 11: the name before its last flavour suffix,
 * three underscores with a character other than '_' on each side. */
size_t mb_btf_essential_len(const char *name)
{
	size_t n = strlen(name);

	if (!strstr(name, "___"))	/* most names: no flavour */
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

/* Eight bytes at a time, each step a multiply and a fold: names are
 * short, but vmlinux has a hundred thousand of them. */
static uint32_t btf_hash(const char *s, size_t len)
{
	const uint64_t k = 0x9E3779B97F4A7C15ull;	/* 2^64 / golden ratio */
	uint64_t h = len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	for (w = 0; len; len--)
		w = w << 8 | (unsigned char)s[len - 1];
	h = (h ^ w) * k;
	return h >> 32;
}

static bool btf_essential_eq(const struct mb_btf *btf, uint32_t id,
			     const char *name, size_t len)
{
	const char *s = mb_btf_name(btf, id);

	return !strncmp(s, name, len) && mb_btf_essential_len(s) == len;
}

/* The slot for an essential name: the one holding it, or the empty one
 * where it would go.  More than half the slots stay empty. */
static struct mb_btf_slot *btf_probe(const struct mb_btf *btf,
				     const char *name, size_t len, uint32_t h)
{
	/* h * nr_slots / 2^32: a slot from the hash without a modulo. */
	uint32_t i = (uint64_t)h * btf->nr_slots >> 32;

	for (;; i = i + 1 < btf->nr_slots ? i + 1 : 0) {
		struct mb_btf_slot *s = &btf->slots[i];

		if (!s->first || (s->hash == h &&
				  btf_essential_eq(btf, s->first, name, len)))
			return s;
	}
}

/* Insert from the last id down, so that each chain is in id order. */
static int btf_index_names(struct mb_btf *btf)
{
	btf->nr_slots = 2 * btf->nr_named + 1;
	btf->slots = mb_calloc(btf->nr_slots, sizeof(*btf->slots));
	btf->name_next = mb_calloc(btf->nr_types, sizeof(*btf->name_next));
	if (!btf->slots || !btf->name_next)
		return -ENOMEM;
	for (uint32_t i = btf->nr_types; i-- > 0;) {
		uint32_t id = btf->start_id + i;
		const char *name = mb_btf_name(btf, id);
		size_t len = mb_btf_essential_len(name);
		uint32_t h = btf_hash(name, len);
		struct mb_btf_slot *s;

		if (!*name)
			continue;
		s = btf_probe(btf, name, len, h);
		btf->name_next[i] = s->first;
		s->hash = h;
		s->first = id;
	}
	return 0;
}

uint32_t mb_btf_find_next_essential(const struct mb_btf *btf,
				    const char *name, size_t len,
				    uint32_t prev)
{
	uint32_t next;

	if (prev < btf->start_id && btf->base) {
		next = mb_btf_find_next_essential(btf->base, name, len, prev);
		if (next)
			return next;
		prev = 0;
	}
	if (prev >= btf->start_id)
		return prev - btf->start_id < btf->nr_types ?
		       btf->name_next[prev - btf->start_id] : 0;
	return btf_probe(btf, name, len, btf_hash(name, len))->first;
}

int mb_btf_find(const struct mb_btf *btf, const char *name, int kind)
{
	size_t len = mb_btf_essential_len(name);
	uint32_t id = 0;

	while ((id = mb_btf_find_next_essential(btf, name, len, id))) {
		const struct btf_type *t = mb_btf_type(btf, id);

		if ((kind < 0 || btf_kind(t) == (unsigned int)kind) &&
		    !strcmp(mb_btf_str(btf, t->name_off), name))
			return id;
	}
	return -ENOENT;
}

/* ---- walking types -------------------------------------------------- */

uint32_t mb_btf_skip_mods(const struct mb_btf *btf, uint32_t id,
			  bool typedefs)
{
	const struct btf_type *t;

	/* Ends: mb_btf_parse rejected loops along these edges. */
	while ((t = mb_btf_type(btf, id))) {
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
			if (!typedefs)
				return id;
			/* fall through */
		case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
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
		case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_FLOAT:
		case BTF_KIND_DATASEC:
			size = t->size;
			goto out;
		case BTF_KIND_PTR:
			size = btf->ptr_size;
			goto out;
		case BTF_KIND_ARRAY: {
			uint32_t n = ((const struct btf_array *)(t + 1))->nelems;

			if (n && nelems > INT64_MAX / n)
				return -E2BIG;
			nelems *= n;
			id = ((const struct btf_array *)(t + 1))->type;
			break;
		}
		case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST: case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR:
			id = t->type;
			break;
		default:	/* FWD, FUNC, FUNC_PROTO, DECL_TAG: no size */
			return -EINVAL;
		}
	}
	return -EINVAL;		/* void */
out:
	if (size && nelems > INT64_MAX / size)
		return -E2BIG;
	return nelems * size;
}

/* Pointers are as wide as the target's long: 8 unless it says 4. */
static uint32_t btf_find_ptr_size(const struct mb_btf *btf)
{
	static const char *const longs[] = {
		"long", "long int", "unsigned long", "long unsigned int",
	};

	if (btf->base)
		return btf->base->ptr_size;
	for (size_t i = 0; i < ARRAY_SIZE(longs); i++) {
		int id = mb_btf_find(btf, longs[i], BTF_KIND_INT);

		if (id > 0)
			return mb_btf_type(btf, id)->size;
	}
	return 8;
}

/* ---- parse, load, free ---------------------------------------------- */

/* Parse data, a malloc'ed blob that becomes the BTF's (freed on
 * failure too): mb_btf_load_file hands over what it read, no copy. */
static int btf_parse_owned(void *data, size_t size, const struct mb_btf *base,
			   const char *what, const struct mb_log *log,
			   struct mb_btf **btfp)
{
	struct mb_btf *btf = calloc(1, sizeof(*btf));
	bool swapped = false;
	int err;

	if (!btf) {
		free(data);
		return mb_err(log, -ENOMEM, "btf: %s: out of memory", what);
	}
	btf->data = data;
	btf->base = base;
	btf->start_id = base ? mb_btf_type_count(base) : 1;
	btf->start_str = base ? base->start_str + base->strs_len : 0;
	err = btf_read_header(btf, size, &swapped, what, log);
	if (!err)
		err = btf_check_strings(btf, what, log);
	if (!err)
		err = btf_find_types(btf, swapped, what, log);
	if (!err)
		err = btf_check_types(btf, what, log);
	if (!err)
		err = btf_check_loops(btf, what, log);
	if (!err)
		err = btf_index_names(btf);
	if (err == -ENOMEM)
		mb_err(log, err, "btf: %s: out of memory", what);
	if (err) {
		mb_btf_free(btf);
		return err;
	}
	btf->ptr_size = btf_find_ptr_size(btf);
	*btfp = btf;
	return 0;
}

int mb_btf_parse(const void *data, size_t size, const struct mb_btf *base,
		 const char *what, const struct mb_log *log,
		 struct mb_btf **btfp)
{
	void *copy = malloc(size ? size : 1);

	if (!copy)
		return mb_err(log, -ENOMEM, "btf: %s: out of memory for %zu bytes",
			      what, size);
	memcpy(copy, data, size);
	return btf_parse_owned(copy, size, base, what, log, btfp);
}

/* The .BTF section of an ELF file (a vmlinux with debug info). */
static int btf_parse_elf(void *file, size_t size, const char *path,
			 const struct mb_log *log, struct mb_btf **btfp)
{
	Elf *elf;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstrndx;
	int err;

	elf_version(EV_CURRENT);
	elf = elf_memory(file, size);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
		err = mb_err(log, -EINVAL, "btf: %s: not a readable ELF file: %s",
			     path, elf_errmsg(-1));
		goto out_end;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".BTF"))
			break;
	}
	if (!scn)
		err = mb_err(log, -ENOENT, "btf: %s: ELF file without a .BTF section",
			     path);
	else if (sh.sh_type == SHT_NOBITS || sh.sh_flags & SHF_COMPRESSED)
		err = mb_err(log, -EINVAL, "btf: %s: .BTF section is empty or compressed",
			     path);
	else if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
		err = mb_err(log, -EINVAL, "btf: %s: .BTF section at %llu, %llu bytes, beyond the file's %zu",
			     path, (unsigned long long)sh.sh_offset,
			     (unsigned long long)sh.sh_size, size);
	else
		err = mb_btf_parse((char *)file + sh.sh_offset, sh.sh_size,
				   NULL, path, log, btfp);
out_end:
	elf_end(elf);
	return err;
}

int mb_btf_load_file(const char *path, const struct mb_log *log,
		     struct mb_btf **btfp)
{
	void *data;
	size_t size;
	int err = mb_read_file(path, &data, &size);

	if (err)
		return mb_err(log, err, "btf: %s: cannot read: %s", path,
			      strerror(-err));
	if (size < SELFMAG || memcmp(data, ELFMAG, SELFMAG))
		return btf_parse_owned(data, size, NULL, path, log, btfp);
	err = btf_parse_elf(data, size, path, log, btfp);
	free(data);
	return err;
}

void mb_btf_free(struct mb_btf *btf)
{
	if (!btf)
		return;
	free(btf->slots);
	free(btf->name_next);
	free(btf->type_offs);
	free(btf->data);
	free(btf);
}
