/* btf_min.c: the minimal BTF for a set of objects' CO-RE relocations
 * (`minibpf btf min --btf FULL OBJ... -o OUT`), to ship a few KB to a
 * device whose kernel has no BTF instead of its 5 MB.
 *
 * The objects are relocated against FULL by the loader's own resolver
 * (core.c), which reports each candidate a record matched (its target
 * spec: root type and raw access path).  What the answers depend on is
 * kept, and nothing else:
 *  - field records: the root and each struct, union and array along
 *    the path, with only the members walked (anonymous ones included);
 *    every struct keeps its size and each member its bit offset, so
 *    offsets are unchanged.  Pointers kept this way point to void: a
 *    field match only asks "is it a pointer";
 *  - type records (exists, size, id): the type, structs without
 *    members, pointers followed (type compatibility looks through them);
 *  - enum value records and "type matches": the whole type (behind a
 *    pointer, "matches" compares structs by name only: no members).
 * Then every kept type is written in id order (ids renumbered, strings
 * deduplicated).  Worked example: the seed (bpf/seed.bpf.c) reads
 * bpf_map.map_type, so OUT holds struct bpf_map with that one member
 * (size and offset as in FULL) and enum bpf_map_type without its
 * enumerators: 91 bytes against this 6.18 kernel, where bpftool's 1,311
 * keep all 37 enumerators.
 *
 * The result is candidates equal in number and answers to FULL's: a
 * target that matched in FULL matches here with the same offsets, one
 * that did not holds fewer members here and still does not.
 *
 * Reference: bpftool's `gen min_core_btf` does the same job.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "btf.h"
#include "log.h"
#include "object.h"
#include "core_relo.h"

/* How much of a type a record needs; each mode includes the one above. */
enum keep_mode {
	KEEP_FIELD = 1,	  /* structs memberless, pointers to void */
	KEEP_TYPE = 2,	  /* and pointers followed */
	KEEP_ALL = 4,	  /* every member and enumerator; behind a
				 * pointer KEEP_PTR_ALL */
	KEEP_PTR_ALL = 8, /* structs memberless (matched by name
				 * behind a pointer), enumerators kept */
};

struct mb_btf_min {
	const struct mb_btf *full;
	uint8_t *modes;	   /* per id: KEEP_* bits seen */
	uint8_t **members; /* per struct id: member kept, or NULL */
	int err;
};

int mb_btf_min_new(const struct mb_btf *full, struct mb_btf_min **mp)
{
	struct mb_btf_min *m = calloc(1, sizeof(*m));
	uint32_t n = mb_btf_type_count(full);

	*mp = NULL;
	if (!m)
		return -ENOMEM;
	m->full = full;
	m->modes = calloc(n, 1);
	m->members = mb_calloc(n, sizeof(*m->members));
	if (!m->modes || !m->members) {
		mb_btf_min_free(m);
		return -ENOMEM;
	}
	*mp = m;
	return 0;
}

void mb_btf_min_free(struct mb_btf_min *m)
{
	if (!m)
		return;
	for (uint32_t i = 0; m->members && i < mb_btf_type_count(m->full); i++)
		free(m->members[i]);
	free(m->members);
	free(m->modes);
	free(m);
}

/* ---- marking -------------------------------------------------------- */

static void keep_member(struct mb_btf_min *m, uint32_t id, uint32_t i)
{
	const struct btf_type *t = mb_btf_type(m->full, id);

	if (!m->members[id])
		m->members[id] = calloc(btf_vlen(t) ? btf_vlen(t) : 1, 1);
	if (!m->members[id])
		m->err = -ENOMEM;
	else if (i < btf_vlen(t))
		m->members[id][i] = 1;
}

/* Keep id in mode, and what it refers to.  The walk stops at a type
 * already kept in this mode, so pointer loops end. */
static void keep(struct mb_btf_min *m, uint32_t id, enum keep_mode mode)
{
	const struct btf_type *t = mb_btf_type(m->full, id);

	if (!t || (m->modes[id] & mode))
		return;
	m->modes[id] |= mode;
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (uint32_t i = 0; mode == KEEP_ALL && i < btf_vlen(t); i++) {
			keep_member(m, id, i);
			keep(m, btf_members(t)[i].type, mode);
		}
		break;
	case BTF_KIND_PTR:
		if (mode != KEEP_FIELD)
			keep(m, t->type,
			     mode == KEEP_ALL ? KEEP_PTR_ALL : mode);
		break;
	case BTF_KIND_ARRAY:
		keep(m, btf_array(t)->type, mode);
		keep(m, btf_array(t)->index_type, mode);
		break;
	case BTF_KIND_FUNC_PROTO:
		for (uint32_t i = 0; i < btf_vlen(t); i++)
			keep(m, btf_params(t)[i].type, mode);
		keep(m, t->type, mode);
		break;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		keep(m, t->type, mode);
		break;
	}
}

/* A field record's path: raw[0] indexes the root pointer, each later
 * index is a member of a struct/union or an element of an array. */
static void keep_path(struct mb_btf_min *m, const struct mb_core_spec *s)
{
	uint32_t id = s->root_id;

	keep(m, id, KEEP_FIELD);
	for (uint32_t k = 1; k < s->nr_raw && !m->err; k++) {
		const struct btf_type *t;

		id = mb_btf_skip_mods(m->full, id, true);
		t = mb_btf_type(m->full, id);
		if (!t)
			return;
		if (btf_kind(t) == BTF_KIND_ARRAY) {
			id = btf_array(t)->type;
		} else if ((btf_kind(t) == BTF_KIND_STRUCT ||
			    btf_kind(t) == BTF_KIND_UNION) &&
			   s->raw[k] < btf_vlen(t)) {
			keep_member(m, id, s->raw[k]);
			id = btf_members(t)[s->raw[k]].type;
			keep(m, id, KEEP_FIELD);
		}
	}
}

void mb_btf_min_on_match(void *arg, const struct mb_core_spec *targ)
{
	struct mb_btf_min *m = arg;

	switch (targ->kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
	case BPF_CORE_FIELD_BYTE_SIZE:
	case BPF_CORE_FIELD_EXISTS:
	case BPF_CORE_FIELD_SIGNED:
	case BPF_CORE_FIELD_LSHIFT_U64:
	case BPF_CORE_FIELD_RSHIFT_U64:
		keep_path(m, targ);
		break;
	case BPF_CORE_ENUMVAL_EXISTS:
	case BPF_CORE_ENUMVAL_VALUE:
	case BPF_CORE_TYPE_MATCHES:
		keep(m, targ->root_id, KEEP_ALL);
		break;
	default:
		keep(m, targ->root_id, KEEP_TYPE);
	}
}

/* The loader's CO-RE pass, on the shared full BTF, reporting to m.
 * The object borrows m->full as its target and gives it back. */
int mb_btf_min_add_object(struct mb_btf_min *m, const char *path,
			  const struct mb_log *log)
{
	struct mb_open_opts opts = {
		.print = log->fn,
		.print_ctx = log->ctx,
		.level = log->level,
	};
	struct mb_object *obj;
	int err = mb_object_open(path, &opts, &obj);

	if (err)
		return err;
	obj->target_btf = m->full;
	obj->core_on_match = mb_btf_min_on_match;
	obj->core_on_match_arg = m;
	err = mb_core_apply(obj);
	obj->target_btf = NULL;
	mb_object_close(obj);
	if (!err && m->err)
		err = mb_err(log, m->err, "btf: %s: out of memory", path);
	return err;
}

/* The INT that gives the target's pointer size (btf_check.c) where it
 * is not 8 bytes: a BTF without `long` is read with 8-byte pointers,
 * and --btf checks a file without a build id by its long against the
 * running kernel's word size.  (bpftool keeps none: wrong on 32-bit
 * kernels.) */
static void keep_long(struct mb_btf_min *m)
{
	uint32_t id = mb_btf_long_id(m->full);

	if (id && mb_btf_ptr_size(m->full) != 8)
		keep(m, id, KEEP_FIELD);
}

/* ---- writing -------------------------------------------------------- */

struct out {
	uint8_t *buf;
	size_t len, cap;
	/* strings: the new table, and where each name went in it */
	char *strs;
	uint32_t strs_len, strs_cap;
	struct mb_strmap offs; /* keys: FULL's strings */
	uint32_t *new_id;      /* per full id, 0: dropped */
	int err;
};

static void *out_grow(void *p, uint32_t *cap, size_t need, size_t elem)
{
	uint32_t c = *cap ? *cap : 256;

	while (c < need)
		c *= 2;
	if (c == *cap)
		return p;
	p = mb_reallocarray(p, c, elem);
	if (p)
		*cap = c;
	return p;
}

static void out_bytes(struct out *o, const void *p, size_t n)
{
	uint32_t cap = o->cap;
	uint8_t *b;

	if (o->err)
		return;
	b = out_grow(o->buf, &cap, o->len + n, 1);
	if (!b || o->len + n > UINT32_MAX) {
		o->err = -ENOMEM;
		return;
	}
	o->buf = b;
	o->cap = cap;
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* The offset of s (a string of FULL) in the new table, added once. */
static uint32_t out_str(struct out *o, const char *s)
{
	uint32_t len = strlen(s) + 1, *off;
	bool added;
	char *p;

	if (!*s || o->err)
		return 0;
	off = mb_strmap_get(&o->offs, s, &added);
	if (off && !added)
		return *off;
	p = off ? out_grow(o->strs, &o->strs_cap, (size_t)o->strs_len + len,
			   1) :
		  NULL;
	if (!p) {
		o->err = -ENOMEM;
		return 0;
	}
	o->strs = p;
	memcpy(o->strs + o->strs_len, s, len);
	*off = o->strs_len;
	o->strs_len += len;
	return *off;
}

static uint32_t out_name(struct out *o, const struct mb_btf *b, uint32_t off)
{
	return out_str(o, mb_btf_str(b, off));
}

/* The tail of a struct/union: its kept members only. */
static uint32_t write_members(struct mb_btf_min *m, struct out *o, uint32_t id,
			      const struct btf_type *t)
{
	const uint8_t *kept = m->members[id];
	uint32_t n = 0;

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		struct btf_member bm = btf_members(t)[i];

		if (!(m->modes[id] & KEEP_ALL) && !(kept && kept[i]))
			continue;
		bm.name_off = out_name(o, m->full, bm.name_off);
		bm.type = o->new_id[bm.type];
		out_bytes(o, &bm, sizeof(bm));
		n++;
	}
	return n;
}

static uint32_t write_enum(struct mb_btf_min *m, struct out *o, uint32_t id,
			   const struct btf_type *t)
{
	bool is64 = btf_kind(t) == BTF_KIND_ENUM64;

	if (!(m->modes[id] & (KEEP_ALL | KEEP_PTR_ALL)))
		return 0;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		struct btf_enum64 e = { .val_lo32 = btf_enum_value(t, i) };

		e.val_hi32 = btf_enum_value(t, i) >> 32;
		e.name_off = out_name(o, m->full, btf_enum_name_off(t, i));
		out_bytes(o, &e, is64 ? sizeof(e) : sizeof(struct btf_enum));
	}
	return btf_vlen(t);
}

/* The tail of the other kinds: ids renumbered, the rest as it was. */
static uint32_t write_tail(struct mb_btf_min *m, struct out *o,
			   const struct btf_type *t)
{
	if (btf_kind(t) == BTF_KIND_ARRAY) {
		struct btf_array a = *btf_array(t);

		a.type = o->new_id[a.type];
		a.index_type = o->new_id[a.index_type];
		out_bytes(o, &a, sizeof(a));
	} else if (btf_kind(t) == BTF_KIND_FUNC_PROTO) {
		for (uint32_t i = 0; i < btf_vlen(t); i++) {
			struct btf_param p = btf_params(t)[i];

			p.name_off = out_name(o, m->full, p.name_off);
			p.type = o->new_id[p.type];
			out_bytes(o, &p, sizeof(p));
		}
	} else if (btf_kind(t) == BTF_KIND_INT || btf_kind(t) == BTF_KIND_VAR ||
		   btf_kind(t) == BTF_KIND_DECL_TAG) {
		out_bytes(o, t + 1, 4);
	}
	return btf_vlen(t);
}

static void write_type(struct mb_btf_min *m, struct out *o, uint32_t id)
{
	const struct btf_type *t = mb_btf_type(m->full, id);
	size_t at = o->len;
	struct btf_type nt = *t;
	uint32_t vlen;

	nt.name_off = out_name(o, m->full, t->name_off);
	if (btf_kind(t) != BTF_KIND_INT && btf_kind(t) != BTF_KIND_STRUCT &&
	    btf_kind(t) != BTF_KIND_UNION && btf_kind(t) != BTF_KIND_ENUM &&
	    btf_kind(t) != BTF_KIND_ENUM64 && btf_kind(t) != BTF_KIND_FLOAT &&
	    btf_kind(t) != BTF_KIND_DATASEC)
		nt.type = o->new_id[t->type]; /* a pointer may lose it */
	out_bytes(o, &nt, sizeof(nt));
	if (btf_kind(t) == BTF_KIND_STRUCT || btf_kind(t) == BTF_KIND_UNION)
		vlen = write_members(m, o, id, t);
	else if (btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64)
		vlen = write_enum(m, o, id, t);
	else
		vlen = write_tail(m, o, t);
	nt.info = (t->info & ~0xffffu) | vlen; /* kind and kflag kept */
	if (!o->err)
		memcpy(o->buf + at, &nt, sizeof(nt));
}

/* Number the kept types; every type a kept one refers to is kept too,
 * except a pointer's target in KEEP_FIELD (it becomes void).  The
 * string table starts as "". */
static int out_init(struct mb_btf_min *m, struct out *o)
{
	uint32_t next = 1;

	o->new_id = mb_calloc(mb_btf_type_count(m->full), sizeof(*o->new_id));
	o->strs = malloc(o->strs_cap = 256);
	if (!o->new_id || !o->strs)
		return -ENOMEM;
	for (uint32_t id = 1; id < mb_btf_type_count(m->full); id++)
		if (m->modes[id])
			o->new_id[id] = next++;
	o->strs[0] = '\0';
	o->strs_len = 1;
	return 0;
}

int mb_btf_min_build(struct mb_btf_min *m, void **data, size_t *size,
		     const struct mb_log *log)
{
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(h),
	};
	struct out o = { 0 };
	uint32_t n = mb_btf_type_count(m->full);

	if (m->err)
		return mb_err(log, m->err, "btf: out of memory");
	keep_long(m);
	o.err = out_init(m, &o);
	out_bytes(&o, &h, sizeof(h));
	for (uint32_t id = 1; id < n && !o.err; id++)
		if (m->modes[id])
			write_type(m, &o, id);
	h.type_len = o.len - sizeof(h);
	h.str_off = h.type_len;
	h.str_len = o.strs_len;
	out_bytes(&o, o.strs, o.strs_len);
	if (!o.err)
		memcpy(o.buf, &h, sizeof(h));
	free(o.new_id);
	mb_strmap_free(&o.offs);
	free(o.strs);
	if (o.err) {
		free(o.buf);
		return mb_err(log, o.err,
			      "btf: out of memory writing the minimal BTF");
	}
	*data = o.buf;
	*size = o.len;
	return 0;
}

/* ---- the whole job: minibpf btf min ---------------------------------- */

/* "48595b79...": an even number of hex digits, at most 64 bytes. */
static int parse_build_id(const char *hex, struct mb_build_id *id)
{
	size_t n = strlen(hex);

	if (!n || n % 2 || n / 2 > sizeof(id->bytes) ||
	    strspn(hex, "0123456789abcdefABCDEF") != n)
		return -EINVAL;
	for (id->len = 0; id->len < n / 2; id->len++) {
		char byte[3] = { hex[2 * id->len], hex[2 * id->len + 1], 0 };

		id->bytes[id->len] = (uint8_t)strtoul(byte, NULL, 16);
	}
	return 0;
}

/* The build id OUT carries: the one given (pahole's BTF has none), a
 * vmlinux's note, or the running kernel's for its sysfs BTF.  -ENOENT:
 * none. */
static int full_build_id(const char *path, const char *given,
			 struct mb_build_id *id)
{
	if (given)
		return parse_build_id(given, id);
	if (!strncmp(path, "/sys/kernel/btf/", 16))
		return mb_kernel_build_id(id);
	return mb_file_build_id(path, id);
}

static int write_raw(const char *out, const void *data, size_t size,
		     const struct mb_log *log)
{
	FILE *f = fopen(out, "wb");
	int err = f ? 0 : -errno;

	if (f && fwrite(data, 1, size, f) != size)
		err = -EIO;
	if (f && fclose(f) && !err)
		err = -errno;
	if (err)
		return mb_err(log, err, "btf: cannot write %s: %s", out,
			      strerror(-err));
	return 0;
}

static int write_min(struct mb_btf_min *m, const char *full,
		     const char *build_id, const char *out,
		     const struct mb_log *log)
{
	struct mb_build_id id;
	void *data;
	size_t size;
	int err = full_build_id(full, build_id, &id);

	if (err == -EINVAL)
		return mb_err(log, err, "btf: build id '%s' is not hex bytes",
			      build_id);
	err = mb_btf_min_build(m, &data, &size, log);
	if (err)
		return err;
	if (!full_build_id(full, build_id, &id))
		err = mb_btf_write_elf(out, data, size, &id, log);
	else
		err = write_raw(out, data, size, log);
	free(data);
	return err;
}

int mb_btf_write_min(const char *full, const char *const *objs, size_t nr_objs,
		     const char *build_id, const char *out,
		     const struct mb_open_opts *opts)
{
	struct mb_btf_min *m = NULL;
	struct mb_btf *btf;
	struct mb_log log;
	int err;

	mb_log_init(&log, opts);
	err = mb_btf_load_file(full, &log, &btf);
	if (err)
		return err;
	err = mb_btf_min_new(btf, &m);
	if (err)
		mb_err(&log, err, "btf: out of memory");
	for (size_t i = 0; !err && i < nr_objs; i++)
		err = mb_btf_min_add_object(m, objs[i], &log);
	if (!err)
		err = write_min(m, full, build_id, out, &log);
	mb_btf_min_free(m);
	mb_btf_free(btf);
	return err;
}
