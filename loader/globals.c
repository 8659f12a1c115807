/* globals.c: global variables, as array maps the program reads.
 *
 * clang puts a BPF program's global variables where a C compiler would:
 * initialised ones in .data, const ones in .rodata, zeroed ones in .bss,
 * and `SEC(".data.foo")` ones in sections of their own.  The kernel has no
 * such thing as a global, so each of these sections becomes a one-entry
 * BPF_MAP_TYPE_ARRAY whose value is the whole section; an instruction
 * that loads the address of a variable becomes a BPF_PSEUDO_MAP_VALUE
 * load of (map, offset) in link.c.
 *
 *	.rodata: const volatile int debug = 0;   // offset 0, 4 bytes
 *	         const volatile char tag[8];     // offset 4, 8 bytes
 *	-> map "prog.rodata": key 4, value 12 bytes, max_entries 1,
 *	   BPF_F_RDONLY_PROG, frozen once its value is written.
 *
 * Before load the user may change the initial value of any variable
 * (mb_object_set_global, or from text as the tool's --set NAME=VALUE,
 * parsed by the variable's BTF type).  That is how one object serves
 * many configurations: the verifier sees the frozen .rodata values as
 * constants and prunes what they turn off.
 *
 * Reference: libbpf's bpf_object__init_internal_map (the naming, flags).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "object.h"
#include "elf_reader.h"
#include "btf.h"

#define MAX_DATA_SIZE (1u << 30)
#define STT_OBJECT    1

/* "<prefix of the object's name><section>" in 15 characters, like
 * libbpf: "maps_glo.rodata".  Custom sections (.data.foo) keep their own
 * name.  The kernel allows only letters, digits, '_' and '.'. */
void mb_map_internal_name(const struct mb_object *obj, const char *sec,
			  char kname[BPF_OBJ_NAME_LEN])
{
	size_t room = BPF_OBJ_NAME_LEN - 1, sfx = strlen(sec), pfx;

	if (strchr(sec + 1, '.')) { /* .data.foo, .rodata.str1.1 */
		pfx = 0;
	} else {
		pfx = strcspn(obj->name, ".");
		if (sfx < 7)
			sfx = 7; /* room for the longest: .rodata */
		pfx = pfx < room - sfx ? pfx : (sfx < room ? room - sfx : 0);
	}
	snprintf(kname, BPF_OBJ_NAME_LEN, "%.*s%s", (int)pfx, obj->name, sec);
	for (char *p = kname; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
}

/* The DATASEC VAR named name: its type (the variable's), or 0. */
static uint32_t var_type(const struct mb_object *obj, const struct btf_type *ds,
			 const char *name)
{
	const struct btf_var_secinfo *vsi = (const void *)(ds + 1);

	for (uint32_t i = 0; i < btf_vlen(ds); i++) {
		const struct btf_type *v = mb_btf_type(obj->btf, vsi[i].type);

		if (v && btf_kind(v) == BTF_KIND_VAR &&
		    !strcmp(mb_btf_str(obj->btf, v->name_off), name))
			return v->type;
	}
	return 0;
}

/* libbpf's rule: mmap()able if some variable is visible outside the
 * object (a non-static VAR), so that user space can map it. */
static bool has_global_var(const struct mb_object *obj,
			   const struct btf_type *ds)
{
	const struct btf_var_secinfo *vsi = (const void *)(ds + 1);

	for (uint32_t i = 0; i < btf_vlen(ds); i++) {
		const struct btf_type *v = mb_btf_type(obj->btf, vsi[i].type);

		if (v && btf_kind(v) == BTF_KIND_VAR &&
		    ((const struct btf_var *)(v + 1))->linkage !=
			    BTF_VAR_STATIC)
			return true;
	}
	return false;
}

static int add_global(struct mb_object *obj, const struct mb_elf_data_sec *sec,
		      const struct btf_type *ds, uint32_t map,
		      const struct mb_elf_sym *s)
{
	struct mb_global *g;

	if (s->value > sec->size || s->size > sec->size - s->value)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: variable %s (offset %llu, %llu bytes) lies outside section %s",
			      obj->path, s->name, (unsigned long long)s->value,
			      (unsigned long long)s->size, sec->name);
	g = mb_array_push((void **)&obj->globals, &obj->nr_globals, sizeof(*g));
	if (!g || !(g->name = strdup(s->name)))
		return -ENOMEM;
	g->map = map;
	g->offset = (uint32_t)s->value;
	g->size = (uint32_t)s->size;
	g->btf_type = ds ? var_type(obj, ds, s->name) : 0;
	return 0;
}

static int data_map_init(struct mb_object *obj, struct mb_map *map,
			 const struct mb_elf_data_sec *sec,
			 const struct btf_type *ds, uint32_t ds_id)
{
	map->elf_idx = sec->elf_idx;
	map->btf_datasec = ds_id;
	map->def.type = BPF_MAP_TYPE_ARRAY;
	map->def.key_size = 4;
	map->def.value_size = (uint32_t)sec->size; /* the whole section */
	map->def.max_entries = 1;
	map->def.btf_value_id = ds_id; /* its DATASEC */
	if (sec->kind == MB_MAP_RODATA)
		map->def.map_flags |= BPF_F_RDONLY_PROG;
	if (ds && has_global_var(obj, ds))
		map->def.map_flags |= BPF_F_MMAPABLE;
	mb_map_internal_name(obj, sec->name, map->kname);
	map->data = mb_calloc(1, sec->size); /* .bss: zeros */
	if (!map->data)
		return -ENOMEM;
	if (sec->data)
		memcpy(map->data, sec->data, sec->size);
	return 0;
}

int mb_maps_collect_data(struct mb_object *obj,
			 const struct mb_elf_data_sec *sec,
			 const struct mb_elf_sym *syms, size_t nr_syms)
{
	const struct btf_type *ds = NULL;
	int idx, ds_id = -ENOENT, err;

	if (!sec->size)
		return 0; /* nothing to hold, nothing can refer to it */
	if (sec->size > MAX_DATA_SIZE)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: section %s: absurd size %llu (limit %u)",
			      obj->path, sec->name,
			      (unsigned long long)sec->size, MAX_DATA_SIZE);
	if (obj->btf)
		ds_id = mb_btf_find(obj->btf, sec->name, BTF_KIND_DATASEC);
	if (ds_id > 0)
		ds = mb_btf_type(obj->btf, ds_id);
	idx = mb_map_add(obj, sec->name, sec->kind);
	if (idx < 0)
		return idx;
	err = data_map_init(obj, &obj->maps[idx], sec, ds, ds ? ds_id : 0);
	for (size_t i = 0; i < nr_syms && !err; i++)
		if (syms[i].shndx == sec->elf_idx &&
		    syms[i].type == STT_OBJECT && syms[i].name &&
		    syms[i].name[0])
			err = add_global(obj, sec, ds, idx, &syms[i]);
	return err;
}

/* ---- setting a variable before load --------------------------------- */

/* The variable NAME, if it can still be set: not once loaded. */
static int settable_global(struct mb_object *obj, const char *name,
			   struct mb_global **gp)
{
	if (obj->loaded)
		return mb_err(&obj->log, -EBUSY,
			      "globals: variable %s: %s is already loaded: set globals before loading",
			      name, obj->path);
	for (size_t i = 0; i < obj->nr_globals; i++) {
		if (!strcmp(obj->globals[i].name, name)) {
			*gp = &obj->globals[i];
			return 0;
		}
	}
	return mb_err(&obj->log, -ENOENT,
		      "globals: variable %s: no global variable '%s' in %s",
		      name, name, obj->path);
}

int mb_object_set_global(struct mb_object *obj, const char *name,
			 const void *value, size_t size)
{
	struct mb_global *g;
	struct mb_map *map;
	int err;

	err = settable_global(obj, name, &g);
	if (err)
		return err;
	if (size != g->size)
		return mb_err(&obj->log, -EINVAL,
			      "globals: variable %s: %zu bytes given, the variable has %u",
			      name, size, g->size);
	map = g->map < obj->nr_maps ? &obj->maps[g->map] : NULL;
	if (!map || !map->data ||
	    g->offset + (uint64_t)g->size > map->def.value_size)
		return mb_err(&obj->log, -EINVAL,
			      "globals: variable %s: the variable is not in a data map",
			      name);
	memcpy((char *)map->data + g->offset, value, size);
	return 0;
}

static void store_uint(void *out, uint32_t size, uint64_t v)
{
	if (size == 1)
		*(uint8_t *)out = (uint8_t)v;
	else if (size == 2)
		*(uint16_t *)out = (uint16_t)v;
	else if (size == 4)
		*(uint32_t *)out = (uint32_t)v;
	else
		*(uint64_t *)out = v;
}

/* Does u (negative if neg: then (int64_t)u) fit in a bits-wide int? */
static bool int_fits(uint64_t u, bool neg, unsigned int bits, bool is_signed)
{
	if (neg)
		return is_signed && (bits == 64 ||
				     (int64_t)u >= -(INT64_C(1) << (bits - 1)));
	if (is_signed)
		return u <= (uint64_t)INT64_MAX >> (64 - bits);
	return bits == 64 || u >> bits == 0;
}

/* Decimal, 0x hex or 0 octal, negative only for signed types, checked
 * against the range of a size-byte integer; stored in host order.
 * -EINVAL if text is no number, -ERANGE if it does not fit. */
int mb_parse_int(const char *text, uint32_t size, bool is_signed, void *out)
{
	bool neg = text[0] == '-';
	char *end;
	uint64_t u;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	errno = 0;
	u = neg ? (uint64_t)strtoll(text, &end, 0) : strtoull(text, &end, 0);
	if (end == text || *end || !(isdigit((unsigned char)text[0]) || neg))
		return -EINVAL;
	if (errno == ERANGE || !int_fits(u, neg, size * 8, is_signed))
		return -ERANGE;
	store_uint(out, size, u);
	return 0;
}

static int parse_int(struct mb_object *obj, const char *name, const char *text,
		     uint32_t size, bool is_signed, void *out)
{
	int err = mb_parse_int(text, size, is_signed, out);

	if (err == -EINVAL)
		return mb_err(&obj->log, err,
			      "globals: variable %s: '%s' is not a number",
			      name, text);
	if (err)
		return mb_err(&obj->log, err,
			      "globals: variable %s: value %s does not fit in %c%u %s",
			      name, text, is_signed ? 's' : 'u', size * 8,
			      name);
	return 0;
}

static int parse_bool(struct mb_object *obj, const char *name, const char *text,
		      uint8_t *out)
{
	if (!strcmp(text, "true") || !strcmp(text, "1"))
		*out = 1;
	else if (!strcmp(text, "false") || !strcmp(text, "0"))
		*out = 0;
	else
		return mb_err(&obj->log, -EINVAL,
			      "globals: variable %s: '%s' is not a bool (true, false, 1, 0)",
			      name, text);
	return 0;
}

/* An enumerator by name, else a number. */
static int parse_enum(struct mb_object *obj, const char *name, const char *text,
		      const struct btf_type *t, void *out)
{
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		if (strcmp(btf_enum_name(obj->btf, t, i), text))
			continue;
		store_uint(out, t->size, btf_enum_value(t, i));
		return 0;
	}
	return parse_int(obj, name, text, t->size, btf_kflag(t), out);
}

/* char name[N]: the string, NUL-padded; it must leave room for a NUL. */
static int parse_chars(struct mb_object *obj, const char *name,
		       const char *text, uint32_t size, char *out)
{
	size_t len = strlen(text);

	if (len >= size)
		return mb_err(&obj->log, -ERANGE,
			      "globals: variable %s: \"%s\" is %zu characters, %s holds %u with the NUL",
			      name, text, len, name, size);
	memset(out, 0, size);
	memcpy(out, text, len);
	return 0;
}

/* Parse text as the variable's type into buf (g->size bytes). */
static int parse_value(struct mb_object *obj, const struct mb_global *g,
		       const char *text, void *buf)
{
	uint32_t id =
		g->btf_type ? mb_btf_skip_mods(obj->btf, g->btf_type, true) : 0;
	const struct btf_type *t = id ? mb_btf_type(obj->btf, id) : NULL;
	const struct btf_type *elem;

	if (!t) /* no BTF: an integer of the symbol's size */
		return g->size == 1 || g->size == 2 || g->size == 4 ||
				       g->size == 8 ?
			       parse_int(obj, g->name, text, g->size,
					 text[0] == '-', buf) :
			       mb_err(&obj->log, -EINVAL,
				      "globals: variable %s: no BTF type and %u bytes: not a number",
				      g->name, g->size);
	if (btf_kind(t) == BTF_KIND_INT) {
		uint32_t enc = BTF_INT_ENCODING(btf_int_word(t));

		if (enc & BTF_INT_BOOL && t->size == 1)
			return parse_bool(obj, g->name, text, buf);
		if (t->size == g->size && (t->size == 1 || t->size == 2 ||
					   t->size == 4 || t->size == 8))
			return parse_int(obj, g->name, text, t->size,
					 enc & BTF_INT_SIGNED, buf);
	}
	if ((btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64) &&
	    t->size == g->size &&
	    (t->size == 4 || t->size == 8 || t->size == 1 || t->size == 2))
		return parse_enum(obj, g->name, text, t, buf);
	if (btf_kind(t) == BTF_KIND_ARRAY) {
		elem = mb_btf_type(obj->btf,
				   mb_btf_skip_mods(obj->btf,
						    btf_array(t)->type, true));
		if (elem && btf_kind(elem) == BTF_KIND_INT && elem->size == 1)
			return parse_chars(obj, g->name, text, g->size, buf);
	}
	return mb_err(&obj->log, -EINVAL,
		      "globals: variable %s: cannot set a variable of this type from text (integers, bools, enums and char arrays only)",
		      g->name);
}

int mb_object_set_global_str(struct mb_object *obj, const char *name,
			     const char *value)
{
	struct mb_global *g;
	void *buf;
	int err;

	err = settable_global(obj, name, &g);
	if (err)
		return err;
	buf = mb_calloc(1, g->size);
	if (!buf)
		return -ENOMEM;
	err = parse_value(obj, g, value, buf);
	if (!err)
		err = mb_object_set_global(obj, name, buf, g->size);
	free(buf);
	return err;
}
