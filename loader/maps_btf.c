/* maps_btf.c: BTF-defined maps, the .maps section.
 *
 * Each map is a global variable in .maps whose type is a struct of
 * pointer members, read *by name* (libbpf's bpf_helpers.h macros):
 *
 *	struct {
 *		__uint(type, BPF_MAP_TYPE_HASH);  // int (*type)[1]
 *		__uint(max_entries, 64);          // int (*max_entries)[64]
 *		__type(key, u32);                 // u32 *key
 *		__type(value, struct val);        // struct val *value
 *	} counts SEC(".maps");
 *
 * A number is the element count of the array pointed to; a type is the
 * pointee, whose BTF id goes to the kernel with the map.  Map-in-map and
 * prog arrays add `__array(values, struct inner)`: a zero-length array of
 * pointers, last in the struct, whose initialiser clang leaves as
 * R_BPF_64_ABS64 relocations in .rel.maps, one per filled slot.
 * The variables' BTF offsets are 0 in clang output: a map's offset in
 * .maps comes from its ELF symbol.
 *
 * Reference: libbpf's bpf_helpers.h (__uint, __type, __array, __ulong).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "object.h"
#include "elf_reader.h"
#include "btf.h"

#define MAX_INIT_SLOTS (1u << 20) /* initialised map-in-map slots */
#define R_BPF_64_ABS64 2	  /* 64-bit data: .rel.maps */

/* What one definition struct said, before it becomes an mb_map. */
struct def_info {
	struct mb_map_def def;
	bool has_type, has_key_size, has_value_size;
	bool has_values;       /* a `values` member */
	uint32_t values_off;   /* its byte offset in the struct */
	bool values_are_progs; /* values of FUNC_PROTO: prog array */
	bool has_inner;
	struct mb_map_def inner; /* values of struct: the inner def */
};

/* ---- small BTF readers ---------------------------------------------- */

static const struct btf_type *type_skip_mods(const struct mb_btf *btf,
					     uint32_t id, uint32_t *idp)
{
	id = mb_btf_skip_mods(btf, id, true);
	if (idp)
		*idp = id;
	return mb_btf_type(btf, id);
}

/* `int (*name)[N]`: PTR -> ARRAY, the value is N. */
static int read_uint(struct mb_object *obj, const char *map, const char *member,
		     uint32_t type_id, uint64_t *v)
{
	const struct btf_type *t = type_skip_mods(obj->btf, type_id, NULL);

	if (t && btf_kind(t) == BTF_KIND_PTR)
		t = type_skip_mods(obj->btf, t->type, NULL);
	if (!t || btf_kind(t) != BTF_KIND_ARRAY)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: member %s is not __uint(): expected a pointer to an array",
			      obj->path, map, member);
	*v = btf_array(t)->nelems;
	return 0;
}

/* map_extra may also be `enum { x = V } map_extra` (__ulong). */
static int read_ulong(struct mb_object *obj, const char *map,
		      const char *member, uint32_t type_id, uint64_t *v)
{
	const struct btf_type *t = type_skip_mods(obj->btf, type_id, NULL);

	if (t && btf_kind(t) == BTF_KIND_ENUM && btf_vlen(t) == 1) {
		*v = (uint32_t)btf_enums(t)->val;
		return 0;
	}
	if (t && btf_kind(t) == BTF_KIND_ENUM64 && btf_vlen(t) == 1) {
		*v = btf_enum_value(t, 0);
		return 0;
	}
	return read_uint(obj, map, member, type_id, v);
}

/* `T *name`: the pointee's id and size. */
static int read_type(struct mb_object *obj, const char *map, const char *member,
		     uint32_t type_id, uint32_t *idp, uint32_t *sizep)
{
	const struct btf_type *t = type_skip_mods(obj->btf, type_id, NULL);
	int64_t size;

	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: member %s is not __type(): expected a pointer",
			      obj->path, map, member);
	size = mb_btf_resolve_size(obj->btf, t->type);
	if (size <= 0 || size > UINT32_MAX)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: member %s: type [%u] has no usable size (%lld)",
			      obj->path, map, member, t->type, (long long)size);
	*idp = t->type;
	*sizep = (uint32_t)size;
	return 0;
}

/* ---- one definition struct ------------------------------------------ */

static int parse_def(struct mb_object *obj, const char *map, uint32_t struct_id,
		     bool inner, struct def_info *d);

/* `values`: a zero-length array of pointers to an inner definition
 * (map-in-map) or to a function prototype (prog array). */
static int parse_values(struct mb_object *obj, const char *map,
			const struct btf_member *m, uint32_t bit_off,
			bool inner, struct def_info *d)
{
	const struct btf_type *t = type_skip_mods(obj->btf, m->type, NULL);
	uint32_t id = 0;

	if (inner)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: inner map has `values` itself: one level of map-in-map only",
			      obj->path, map);
	if (!t || btf_kind(t) != BTF_KIND_ARRAY || btf_array(t)->nelems != 0 ||
	    bit_off % 64)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: member values is not __array(): expected a zero-length, aligned array",
			      obj->path, map);
	t = type_skip_mods(obj->btf, btf_array(t)->type, NULL);
	if (!t || btf_kind(t) != BTF_KIND_PTR ||
	    !(t = type_skip_mods(obj->btf, t->type, &id)) ||
	    (btf_kind(t) != BTF_KIND_STRUCT &&
	     btf_kind(t) != BTF_KIND_FUNC_PROTO))
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: member values: elements must point to a map definition or a function",
			      obj->path, map);
	d->has_values = true;
	d->values_off = bit_off / 8;
	if (btf_kind(t) == BTF_KIND_FUNC_PROTO) {
		d->values_are_progs = true;
		return 0;
	}
	struct def_info in = { 0 };
	char what[160];
	int err;

	snprintf(what, sizeof(what), "%s (inner)", map);
	err = parse_def(obj, what, id, true, &in);
	if (err)
		return err;
	d->has_inner = true;
	d->inner = in.def;
	return 0;
}

/* Members read as numbers, by name, and where each one goes. */
static const struct {
	const char *name;
	size_t off;
} uint_members[] = {
	{ "type", offsetof(struct mb_map_def, type) },
	{ "max_entries", offsetof(struct mb_map_def, max_entries) },
	{ "map_flags", offsetof(struct mb_map_def, map_flags) },
	{ "key_size", offsetof(struct mb_map_def, key_size) },
	{ "value_size", offsetof(struct mb_map_def, value_size) },
	{ "numa_node", offsetof(struct mb_map_def, numa_node) },
	{ "pinning", offsetof(struct mb_map_def, pinning) },
};

static int parse_uint_member(struct mb_object *obj, const char *map,
			     const char *name, uint32_t type_id,
			     struct def_info *d)
{
	uint64_t v;
	uint32_t v32;
	int err;

	for (size_t i = 0; i < ARRAY_SIZE(uint_members); i++) {
		if (strcmp(name, uint_members[i].name))
			continue;
		err = read_uint(obj, map, name, type_id, &v);
		if (err)
			return err;
		v32 = (uint32_t)v; /* nelems is a u32 */
		memcpy((char *)&d->def + uint_members[i].off, &v32,
		       sizeof(v32));
		d->has_type |= !strcmp(name, "type");
		d->has_key_size |= !strcmp(name, "key_size");
		d->has_value_size |= !strcmp(name, "value_size");
		return 0;
	}
	return 1; /* not one of these */
}

/* key / value: a size that must agree with key_size / value_size. */
static int parse_kv(struct mb_object *obj, const char *map, const char *name,
		    uint32_t type_id, struct def_info *d)
{
	bool key = !strcmp(name, "key");
	uint32_t id = 0, size = 0;
	uint32_t *have = key ? &d->def.key_size : &d->def.value_size;
	bool set = key ? d->has_key_size : d->has_value_size;
	int err = read_type(obj, map, name, type_id, &id, &size);

	if (err)
		return err;
	if (set && *have != size)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: %s_size %u conflicts with %s type of %u bytes",
			      obj->path, map, name, *have, name, size);
	*have = size;
	if (key) {
		d->def.btf_key_id = id;
		d->has_key_size = true;
	} else {
		d->def.btf_value_id = id;
		d->has_value_size = true;
	}
	return 0;
}

static int parse_member(struct mb_object *obj, const char *map,
			const struct btf_type *st, uint32_t i, bool inner,
			struct def_info *d)
{
	const struct btf_member *m = btf_members(st) + i;
	const char *name = mb_btf_str(obj->btf, m->name_off);
	uint64_t v;
	int err;

	if (!strcmp(name, "values")) {
		if (i != btf_vlen(st) - 1)
			return mb_err(&obj->log, -EINVAL,
				      "maps: %s: map %s: member values must be the last member",
				      obj->path, map);
		return parse_values(obj, map, m, btf_member_bit_offset(st, m),
				    inner, d);
	}
	if (!strcmp(name, "key") || !strcmp(name, "value"))
		return parse_kv(obj, map, name, m->type, d);
	if (!strcmp(name, "map_extra")) {
		err = read_ulong(obj, map, name, m->type, &v);
		d->def.map_extra = v;
		return err;
	}
	err = parse_uint_member(obj, map, name, m->type, d);
	if (err <= 0)
		return err;
	return mb_err(&obj->log, -EINVAL,
		      "maps: %s: map %s: unknown member '%s' in the map definition",
		      obj->path, map, name);
}

static int parse_def(struct mb_object *obj, const char *map, uint32_t struct_id,
		     bool inner, struct def_info *d)
{
	const struct btf_type *st = type_skip_mods(obj->btf, struct_id, NULL);
	int err;

	if (!st || btf_kind(st) != BTF_KIND_STRUCT)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: definition is not a struct",
			      obj->path, map);
	for (uint32_t i = 0; i < btf_vlen(st); i++) {
		err = parse_member(obj, map, st, i, inner, d);
		if (err)
			return err;
	}
	if (!d->has_type)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: missing member type",
			      obj->path, map);
	if (d->has_values) { /* slots hold fds: 4-byte values */
		bool of_maps = d->def.type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
			       d->def.type == BPF_MAP_TYPE_HASH_OF_MAPS;

		if (d->values_are_progs ?
			    d->def.type != BPF_MAP_TYPE_PROG_ARRAY :
			    !of_maps)
			return mb_err(&obj->log, -EINVAL,
				      "maps: %s: map %s: values of %s need a %s",
				      obj->path, map,
				      d->values_are_progs ? "programs" : "maps",
				      d->values_are_progs ? "prog array" :
							    "map-in-map type");
		if (d->def.value_size && d->def.value_size != 4)
			return mb_err(&obj->log, -EINVAL,
				      "maps: %s: map %s: value_size %u, but a map with values holds 4-byte ids",
				      obj->path, map, d->def.value_size);
		d->def.value_size = 4;
		d->def.btf_value_id = 0;
	}
	return mb_map_check_def(obj, map, &d->def);
}

/* The ELF symbol of a variable defined in section elf_idx. */
static const struct mb_elf_sym *find_sym(const struct mb_elf_sym *syms,
					 size_t nr_syms, size_t elf_idx,
					 const char *name)
{
	for (size_t i = 0; i < nr_syms; i++)
		if (syms[i].shndx == elf_idx && syms[i].name &&
		    !strcmp(syms[i].name, name))
			return &syms[i];
	return NULL;
}

static int add_btf_map(struct mb_object *obj, size_t elf_idx,
		       const struct btf_var_secinfo *vsi,
		       const struct mb_elf_sym *syms, size_t nr_syms,
		       struct def_info *d)
{
	const struct btf_type *var = mb_btf_type(obj->btf, vsi->type);
	const struct mb_elf_sym *sym;
	const char *name;
	struct mb_map *map;
	int err, idx;

	if (!var || btf_kind(var) != BTF_KIND_VAR)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: .maps entry [%u] is not a variable",
			      obj->path, vsi->type);
	name = mb_btf_str(obj->btf, var->name_off);
	sym = find_sym(syms, nr_syms, elf_idx, name);
	if (!*name || !sym)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map '%s' has no symbol in .maps",
			      obj->path, name);
	err = parse_def(obj, name, var->type, false, d);
	if (err)
		return err;
	idx = mb_map_add(obj, name, MB_MAP_USER);
	if (idx < 0)
		return idx;
	map = &obj->maps[idx];
	map->def = d->def;
	map->elf_idx = elf_idx;
	map->sec_off = sym->value;
	map->slots_are_progs = d->values_are_progs;
	if (d->has_inner) {
		map->inner = 0;
		map->inner_def = d->inner;
	}
	return 0;
}

/* ---- initial slots: .rel.maps --------------------------------------- */

/* The map whose definition holds section offset off: the one with the
 * greatest sec_off <= off among the maps of this section. */
static int map_holding(const struct mb_object *obj, size_t first, uint64_t off)
{
	int best = -1;

	for (size_t i = first; i < obj->nr_maps; i++)
		if (obj->maps[i].sec_off <= off &&
		    (best < 0 ||
		     obj->maps[i].sec_off > obj->maps[best].sec_off))
			best = (int)i;
	return best;
}

static int grow_slots(struct mb_map *map, uint32_t slot)
{
	int *s;

	if (slot < map->nr_init_slots)
		return 0;
	s = mb_reallocarray(map->init_slots, slot + 1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	for (uint32_t i = map->nr_init_slots; i <= slot; i++)
		s[i] = -1;
	map->init_slots = s;
	if (map->slots_are_progs) {
		char **n =
			mb_reallocarray(map->slot_progs, slot + 1, sizeof(*n));
		if (!n)
			return -ENOMEM;
		for (uint32_t i = map->nr_init_slots; i <= slot; i++)
			n[i] = NULL;
		map->slot_progs = n;
	}
	map->nr_init_slots = slot + 1;
	return 0;
}

/* What goes into one slot: a map of .maps, or a program by name. */
static int set_slot(struct mb_object *obj, struct mb_map *map, uint32_t slot,
		    const struct mb_elf_sym *sym, size_t elf_idx)
{
	int target, err = grow_slots(map, slot);

	if (err)
		return err;
	if (map->slots_are_progs) {
		if (sym->type != 2 /* STT_FUNC */ || !sym->name || !*sym->name)
			return mb_err(&obj->log, -EINVAL,
				      "maps: %s: map %s: slot %u: '%s' is not a program",
				      obj->path, map->name, slot,
				      sym->name ? sym->name : "");
		free(map->slot_progs[slot]);
		map->slot_progs[slot] = strdup(sym->name);
		return map->slot_progs[slot] ? 0 : -ENOMEM;
	}
	target = sym->shndx == elf_idx ?
			 mb_map_find_by_sec(obj, elf_idx, sym->value) :
			 -ENOENT;
	if (target < 0 || obj->maps[target].inner >= 0)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: slot %u: '%s' is not a map that can be an inner map",
			      obj->path, map->name, slot,
			      sym->name ? sym->name : "");
	map->init_slots[slot] = target;
	return 0;
}

static int collect_slot(struct mb_object *obj, size_t elf_idx, size_t first,
			const uint32_t *values_off,
			const struct mb_elf_rel *rel,
			const struct mb_elf_sym *syms, size_t nr_syms)
{
	int m = map_holding(obj, first, rel->offset);
	struct mb_map *map = m >= 0 ? &obj->maps[m] : NULL;
	uint64_t delta;

	if (rel->type != R_BPF_64_ABS64 || rel->sym >= nr_syms)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: .rel.maps: relocation at 0x%llx: type %u / symbol %u unsupported",
			      obj->path, (unsigned long long)rel->offset,
			      rel->type, rel->sym);
	if (!map || values_off[m - first] == UINT32_MAX ||
	    rel->offset < map->sec_off + values_off[m - first])
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: .rel.maps: relocation at 0x%llx is not in the values of a map",
			      obj->path, (unsigned long long)rel->offset);
	delta = rel->offset - map->sec_off - values_off[m - first];
	if (delta % 8 || delta / 8 >= map->def.max_entries ||
	    delta / 8 >= MAX_INIT_SLOTS)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: initial slot at +%llu is outside 0..max_entries %u",
			      obj->path, map->name, (unsigned long long)delta,
			      map->def.max_entries);
	return set_slot(obj, map, (uint32_t)(delta / 8), &syms[rel->sym],
			elf_idx);
}

int mb_maps_collect_btf(struct mb_object *obj, size_t elf_idx,
			const struct mb_elf_sym *syms, size_t nr_syms,
			const struct mb_elf_rel *rels, size_t nr_rels)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *sec;
	size_t first = obj->nr_maps;
	uint32_t *values_off;
	int id, err = 0;

	if (!obj->btf)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: .maps needs BTF: compile with clang -g",
			      obj->path);
	id = mb_btf_find(obj->btf, ".maps", BTF_KIND_DATASEC);
	sec = id > 0 ? mb_btf_type(obj->btf, id) : NULL;
	if (!sec)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: no DATASEC .maps in BTF", obj->path);
	vsi = (const struct btf_var_secinfo *)(sec + 1);
	values_off = mb_calloc(btf_vlen(sec), sizeof(*values_off));
	if (!values_off)
		return -ENOMEM;
	for (uint32_t i = 0; i < btf_vlen(sec) && !err; i++) {
		struct def_info d = { 0 };

		err = add_btf_map(obj, elf_idx, &vsi[i], syms, nr_syms, &d);
		values_off[i] = d.has_values ? d.values_off : UINT32_MAX;
	}
	for (size_t i = 0; i < nr_rels && !err; i++)
		err = collect_slot(obj, elf_idx, first, values_off, &rels[i],
				   syms, nr_syms);
	free(values_off);
	return err;
}
