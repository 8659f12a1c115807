/* btf_print.c: printing data the way the program's source declares it,
 * for `minibpf run --dump MAP` and the records it streams.
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
 * anything else as hex bytes.  Data is in the host's byte order (the
 * kernel's, and the object's: object.c refuses the other order), and
 * bitfields are numbered as the compiler of that order numbers them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "btf.h"
#include "object.h"

#define MAX_DEPTH 10

static void print_hex(FILE *f, const void *data, size_t size)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < size; i++)
		fprintf(f, "%s%02x", i ? " " : "", p[i]);
}

/* A 1, 2, 4 or 8-byte integer in host order (what the kernel hands
 * back is in its order, which is ours); other sizes read as 8 or fewer
 * bytes placed at the low addresses of a 64-bit word. */
uint64_t mb_data_uint(const void *data, size_t size)
{
	union {
		uint8_t u8;
		uint16_t u16;
		uint32_t u32;
		uint64_t u64;
	} v = { .u64 = 0 };

	memcpy(&v, data, size < 8 ? size : 8);
	switch (size) {
	case 1:
		return v.u8;
	case 2:
		return v.u16;
	case 4:
		return v.u32;
	default:
		return v.u64;
	}
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
		fprintf(f, "%llu",
			(unsigned long long)mb_data_uint(data, size));
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
	v = mb_data_uint(data, t->size);
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
	uint64_t v = mb_data_uint(data, t->size);

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

	if (strcmp(mb_btf_name(btf, mb_btf_skip_mods(btf, elem, false)),
		   "char"))
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

/* Bit i of data as the compiler numbers bits in a struct: from the
 * least significant bit of byte 0 on a little-endian target, from the
 * most significant on a big-endian one. */
static unsigned int struct_bit(const uint8_t *data, uint32_t i)
{
	unsigned int shift = i % 8;

	if (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
		shift = 7 - shift;
	return data[i / 8] >> shift & 1;
}

/* A bitfield member: bits [off, off + nbits) of data, its lowest bit
 * first on a little-endian target, its highest first on a big-endian. */
static void print_bitfield(FILE *f, const struct mb_btf *btf, uint32_t type,
			   const uint8_t *data, uint32_t off, uint32_t nbits)
{
	const struct btf_type *t =
		mb_btf_type(btf, mb_btf_skip_mods(btf, type, true));
	bool big = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	uint64_t v = 0;

	for (uint32_t i = 0; i < nbits && i < 64; i++) {
		if (big)
			v = v << 1 | struct_bit(data, off + i);
		else
			v |= (uint64_t)struct_bit(data, off + i) << i;
	}
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
		fprintf(f, "0x%llx",
			(unsigned long long)mb_data_uint(data, tsz));
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

/* ---- the public functions ------------------------------------------ */

void mb_map_print_key(FILE *f, const struct mb_map *map, const void *key)
{
	print_type(f, map->obj->btf, map->def.btf_key_id, key,
		   map->def.key_size, 0);
}

void mb_map_print_value(FILE *f, const struct mb_map *map, const void *value)
{
	const struct mb_btf *btf = map->obj->btf;
	const struct btf_type *sec =
		btf && map->btf_datasec ? mb_btf_type(btf, map->btf_datasec) :
					  NULL;

	if (map->kind != MB_MAP_USER && sec)
		print_datasec(f, btf, sec, value, map->def.value_size);
	else
		print_type(f, btf, map->def.btf_value_id, value,
			   map->def.value_size, 0);
}

int mb_object_print_struct(FILE *f, const struct mb_object *obj,
			   const char *name, const void *data, size_t size)
{
	int id = obj->btf ? mb_btf_find(obj->btf, name, BTF_KIND_STRUCT) :
			    -ENOENT;

	if (id < 0)
		return -ENOENT;
	if (mb_btf_resolve_size(obj->btf, id) > (int64_t)size)
		return -ENOENT;
	print_type(f, obj->btf, id, data, size, 0);
	return 0;
}
