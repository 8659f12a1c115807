/* dump.c: printing map contents and records the way the program's
 * source declares them, for `minibpf run --dump MAP` and the records it
 * streams.
 *
 * The object's BTF describes each map's key and value types (the
 * __type(key, ...) and __type(value, ...) of a BTF-defined map, the
 * DATASEC of a global-data section), so a value prints as its C type:
 *
 *	int 7                       7
 *	char comm[16] "bash"        "bash"
 *	struct {u32 pid; enum state s;}  {pid=42, s=RUNNING}
 *	.bss with two variables     hits = 3
 *	                            last_pid = 42
 *
 * Without BTF, a 1/2/4/8-byte value prints as an unsigned number and
 * anything else as hex bytes.  Per-CPU maps hold one value per possible
 * CPU (each rounded up to 8 bytes): one line each, "cpu0: ...".
 * Arrays of more than 16 entries leave out entries that are all zero.
 * A map whose name contains "hist" prints as a histogram (hist.c).
 *
 * Bitfields are read assuming a little-endian host (x86, arm64, riscv).
 * Like cmd_inspect.c, this file looks into the loader (internal.h) for
 * the object's BTF and each map's type ids.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tool.h"

#define MAX_DEPTH 10
#define ARRAY_SHOWN_ALL 16	/* larger arrays skip all-zero entries */

static void print_hex(FILE *f, const void *data, size_t size)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < size; i++)
		fprintf(f, "%s%02x", i ? " " : "", p[i]);
}

/* Up to 8 bytes as an unsigned number (host byte order). */
static uint64_t read_uint(const void *data, size_t size)
{
	uint64_t v = 0;
	uint8_t b[8] = { 0 };

	memcpy(b, data, size < 8 ? size : 8);
	memcpy(&v, b, sizeof(v));
	return v;
}

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	if (bits && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ULL << bits;
	return (int64_t)v;
}

/* Without BTF: small values as numbers, the rest as hex. */
static void print_raw(FILE *f, const void *data, size_t size)
{
	if (size == 1 || size == 2 || size == 4 || size == 8)
		fprintf(f, "%llu", (unsigned long long)read_uint(data, size));
	else
		print_hex(f, data, size);
}

static void print_type(FILE *f, const struct mb_btf *btf, uint32_t id,
		       const uint8_t *data, size_t size, int depth);

static void print_int(FILE *f, const struct btf_type *t, const uint8_t *data)
{
	uint32_t word = btf_int_word(t);
	unsigned int enc = BTF_INT_ENCODING(word), bits = BTF_INT_BITS(word);
	uint64_t v;

	if (t->size > 8 || BTF_INT_OFFSET(word)) {
		print_hex(f, data, t->size);
		return;
	}
	v = read_uint(data, t->size);
	if (bits < 64)
		v &= (1ULL << bits) - 1;
	if (enc & BTF_INT_BOOL)
		fputs(v ? "true" : "false", f);
	else if (enc & BTF_INT_SIGNED)
		fprintf(f, "%lld", (long long)sign_extend(v, bits));
	else
		fprintf(f, "%llu", (unsigned long long)v);
}

static void print_enum(FILE *f, const struct mb_btf *btf,
		       const struct btf_type *t, const uint8_t *data)
{
	uint64_t v = read_uint(data, t->size);

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		uint64_t e = btf_enum_value(t, i);

		if (t->size < 8)
			e &= (1ULL << (t->size * 8)) - 1;
		if (e == v) {
			fputs(mb_btf_str(btf, btf_enum_name_off(t, i)), f);
			return;
		}
	}
	if (btf_kflag(t))
		fprintf(f, "%lld", (long long)sign_extend(v, t->size * 8));
	else
		fprintf(f, "%llu", (unsigned long long)v);
}

/* A char array whose text up to the first NUL is printable: a string. */
static bool print_string(FILE *f, const struct mb_btf *btf, uint32_t elem,
			 const uint8_t *data, size_t n)
{
	size_t len;

	if (strcmp(mb_btf_name(btf, mb_btf_skip_mods(btf, elem, false)), "char"))
		return false;
	len = strnlen((const char *)data, n);
	for (size_t i = 0; i < len; i++)
		if (data[i] < 0x20 || data[i] > 0x7e || data[i] == '"')
			return false;
	fprintf(f, "\"%.*s\"", (int)len, (const char *)data);
	return true;
}

static void print_array(FILE *f, const struct mb_btf *btf,
			const struct btf_type *t, const uint8_t *data,
			size_t size, int depth)
{
	const struct btf_array *a = btf_array(t);
	int64_t esz = mb_btf_resolve_size(btf, a->type);

	if (esz <= 0 || (uint64_t)esz * a->nelems > size) {
		print_hex(f, data, size);
		return;
	}
	if (esz == 1 && print_string(f, btf, a->type, data, a->nelems))
		return;
	fputc('[', f);
	for (uint32_t i = 0; i < a->nelems; i++) {
		fputs(i ? ", " : "", f);
		print_type(f, btf, a->type, data + i * esz, esz, depth + 1);
	}
	fputc(']', f);
}

/* A bitfield member: bits [off, off + nbits) of data, little-endian. */
static void print_bitfield(FILE *f, const struct mb_btf *btf, uint32_t type,
			   const uint8_t *data, uint32_t off, uint32_t nbits)
{
	const struct btf_type *t = mb_btf_type(btf,
					       mb_btf_skip_mods(btf, type, true));
	uint64_t v = 0;

	for (uint32_t i = 0; i < nbits && i < 64; i++)
		v |= (uint64_t)(data[(off + i) / 8] >> ((off + i) % 8) & 1) << i;
	if (t && btf_kind(t) == BTF_KIND_INT &&
	    BTF_INT_ENCODING(btf_int_word(t)) & BTF_INT_SIGNED)
		fprintf(f, "%lld", (long long)sign_extend(v, nbits));
	else
		fprintf(f, "%llu", (unsigned long long)v);
}

static void print_struct(FILE *f, const struct mb_btf *btf,
			 const struct btf_type *t, const uint8_t *data,
			 size_t size, int depth)
{
	const struct btf_member *m = btf_members(t);

	fputc('{', f);
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		uint32_t bit = btf_member_bit_offset(t, &m[i]);
		uint32_t nbits = btf_member_bitfield_size(t, &m[i]);
		int64_t msz = mb_btf_resolve_size(btf, m[i].type);
		const char *name = mb_btf_str(btf, m[i].name_off);

		fprintf(f, "%s%s%s", i ? ", " : "", name, *name ? "=" : "");
		if (nbits && (bit + nbits + 7) / 8 <= size)
			print_bitfield(f, btf, m[i].type, data, bit, nbits);
		else if (!nbits && msz >= 0 && bit % 8 == 0 &&
			 bit / 8 + (uint64_t)msz <= size)
			print_type(f, btf, m[i].type, data + bit / 8, msz,
				   depth + 1);
		else
			fputc('?', f);
	}
	fputc('}', f);
}

/* A DATASEC (.bss, .data...): one "name = value" line per variable. */
static void print_datasec(FILE *f, const struct mb_btf *btf,
			  const struct btf_type *t, const uint8_t *data,
			  size_t size)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *var = mb_btf_type(btf, v[i].type);

		if (!var || (uint64_t)v[i].offset + v[i].size > size)
			continue;
		fprintf(f, "  %s = ", mb_btf_name(btf, v[i].type));
		print_type(f, btf, var->type, data + v[i].offset, v[i].size, 1);
		fputc('\n', f);
	}
}

static void print_type(FILE *f, const struct mb_btf *btf, uint32_t id,
		       const uint8_t *data, size_t size, int depth)
{
	const struct btf_type *t;
	int64_t tsz;

	id = btf ? mb_btf_skip_mods(btf, id, true) : 0;
	t = id ? mb_btf_type(btf, id) : NULL;
	tsz = t ? mb_btf_resolve_size(btf, id) : -1;
	if (!t || depth > MAX_DEPTH || tsz < 0 || (uint64_t)tsz > size) {
		print_raw(f, data, size);
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		print_int(f, t, data);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		print_enum(f, btf, t, data);
		break;
	case BTF_KIND_PTR:
		fprintf(f, "0x%llx", (unsigned long long)read_uint(data, tsz));
		break;
	case BTF_KIND_ARRAY:
		print_array(f, btf, t, data, size, depth);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		print_struct(f, btf, t, data, size, depth);
		break;
	case BTF_KIND_FLOAT:
		if (tsz == sizeof(double) || tsz == sizeof(float)) {
			double d;
			float x;

			if (tsz == sizeof(x))
				memcpy(&x, data, sizeof(x)), d = x;
			else
				memcpy(&d, data, sizeof(d));
			fprintf(f, "%g", d);
			break;
		}
		/* fall through */
	default:
		print_hex(f, data, tsz);
	}
}

void dump_value(FILE *f, const struct mb_btf *btf, uint32_t type_id,
		const void *data, size_t size)
{
	print_type(f, btf, type_id, data, size, 0);
}

static bool map_is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* "  KEY: VALUE", or for a per-CPU map "  KEY:" then "    cpuN: VALUE". */
static void print_entry(FILE *f, const struct mb_map *map, const void *key,
			const uint8_t *value, int cpus)
{
	const struct mb_btf *btf = map->obj->btf;
	size_t vsize = map->def.value_size, stride = (vsize + 7) & ~(size_t)7;

	fputs("  ", f);
	print_type(f, btf, map->def.btf_key_id, key, map->def.key_size, 0);
	fputc(':', f);
	if (!map_is_percpu(map->def.type)) {
		fputc(' ', f);
		print_type(f, btf, map->def.btf_value_id, value, vsize, 0);
		fputc('\n', f);
		return;
	}
	fputc('\n', f);
	for (int cpu = 0; cpu < cpus; cpu++) {
		fprintf(f, "    cpu%d: ", cpu);
		print_type(f, btf, map->def.btf_value_id, value + cpu * stride,
			   vsize, 0);
		fputc('\n', f);
	}
}

/* Every entry in key order (the kernel's order for hash maps). */
static int dump_entries(FILE *f, const struct mb_map *map, uint8_t *key,
			uint8_t *next, uint8_t *value, size_t vbuf)
{
	bool skip_zero = map->def.max_entries > ARRAY_SHOWN_ALL &&
			 (map->def.type == BPF_MAP_TYPE_ARRAY ||
			  map->def.type == BPF_MAP_TYPE_PERCPU_ARRAY);
	int cpus = map_is_percpu(map->def.type) ? mb_possible_cpus() : 1;
	uint64_t n = 0, zeros = 0;
	int err;

	for (err = mb_map_next_key(map, NULL, next); !err;
	     err = mb_map_next_key(map, key, next)) {
		memcpy(key, next, map->def.key_size);
		if (++n > 2ULL * map->def.max_entries + 2)
			break;			/* keys changing under us */
		err = mb_map_lookup(map, key, value);
		if (err == -ENOENT)
			continue;		/* deleted meanwhile */
		if (err)
			return err;
		if (skip_zero && all_zero(value, vbuf)) {
			zeros++;
			continue;
		}
		print_entry(f, map, key, value, cpus);
	}
	if (zeros)
		fprintf(f, "  (%llu entries that are all zero not shown)\n",
			(unsigned long long)zeros);
	if (n == 0)
		fputs("  (empty)\n", f);
	return err == -ENOENT ? 0 : err;
}

int dump_map(FILE *f, struct mb_map *map)
{
	size_t vbuf = mb_map_value_buf_size(map);
	uint8_t *key, *next, *value;
	const struct btf_type *sec;
	int err;

	fprintf(f, "%s (%s):\n", map->name, mb_map_type_name(map->def.type));
	if (hist_applies(map))
		return hist_print(f, map);
	if (map->def.type == BPF_MAP_TYPE_RINGBUF ||
	    map->def.type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		fputs("  (streamed, not dumped)\n", f);
		return 0;
	}
	key = mb_calloc(1, map->def.key_size);
	next = mb_calloc(1, map->def.key_size);
	value = mb_calloc(1, vbuf);
	err = key && next && value && vbuf ? 0 : -ENOMEM;
	sec = map->obj->btf && map->btf_datasec ?
	      mb_btf_type(map->obj->btf, map->btf_datasec) : NULL;
	if (!err && map->kind != MB_MAP_USER && sec) {
		err = mb_map_lookup(map, key, value);	/* key 0: the section */
		if (!err)
			print_datasec(f, map->obj->btf, sec, value, vbuf);
	} else if (!err) {
		err = dump_entries(f, map, key, next, value, vbuf);
	}
	free(key);
	free(next);
	free(value);
	return err;
}
