/* maps.c: maps, from their definitions in the object to kernel maps.
 *
 * An object declares maps in several ways; each becomes one struct mb_map
 * in obj->maps while elf.c reads the file:
 *   .maps    BTF-defined maps (maps_btf.c);
 *   maps     legacy maps: an array of struct bpf_map_def, one symbol
 *            each (here);
 *   .data, .rodata, .bss and their .name variants: one array map per
 *            section holding the global variables (globals.c);
 *   .kconfig externs: one read-only array map (externs.c).
 *
 * At load, mb_maps_create() makes every map with BPF_MAP_CREATE, writes
 * the initial values of global data, freezes the read-only maps and fills
 * map-in-map slots; prog-array slots wait until the programs are loaded
 * (mb_maps_fill_prog_slots).  A map pinned by name is shared through
 * bpffs with later loads.
 *
 * Reference: include/uapi/linux/bpf.h (union bpf_attr, BPF_MAP_CREATE).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "internal.h"
#include "sys.h"
#include "object.h"
#include "elf_reader.h"

/* Bounds no real map exceeds: anything larger is a broken object. */
#define MAX_KEY_SIZE   (1u << 16)
#define MAX_VALUE_SIZE (1u << 30)
#define MAX_ENTRIES    (1u << 31)

#define PIN_BY_NAME 1		  /* LIBBPF_PIN_BY_NAME */
#define PIN_ROOT    "/sys/fs/bpf" /* where pinned maps live (bpffs) */

/* ---- adding maps ----------------------------------------------------- */

/* Sizes no kernel accepts are a broken object: say so here. */
static int check_def(struct mb_object *obj, const char *map,
		     const struct mb_map_def *def)
{
	if (def->key_size > MAX_KEY_SIZE)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: absurd key_size %u (limit %u)",
			      obj->path, map, def->key_size, MAX_KEY_SIZE);
	if (def->value_size > MAX_VALUE_SIZE)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: absurd value_size %u (limit %u)",
			      obj->path, map, def->value_size, MAX_VALUE_SIZE);
	if (def->max_entries > MAX_ENTRIES)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: absurd max_entries %u (limit %u)",
			      obj->path, map, def->max_entries, MAX_ENTRIES);
	if (def->pinning > PIN_BY_NAME)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: map %s: pinning %u unsupported (0: none, 1: by name)",
			      obj->path, map, def->pinning);
	return 0;
}

/* The kernel wants a ring buffer of page_size * 2^k bytes; round up as
 * libbpf does, so `__uint(max_entries, 1000)` still loads. */
static void round_ringbuf(struct mb_object *obj, const char *map,
			  struct mb_map_def *def)
{
	uint64_t size = (uint64_t)sysconf(_SC_PAGESIZE);

	if (def->type != BPF_MAP_TYPE_RINGBUF &&
	    def->type != BPF_MAP_TYPE_USER_RINGBUF)
		return;
	while (size < def->max_entries)
		size *= 2;
	if (size != def->max_entries && size <= MAX_ENTRIES) {
		mb_print(&obj->log, MB_DEBUG,
			 "maps: %s: map %s: ring buffer size %u rounded up to %llu",
			 obj->path, map, def->max_entries,
			 (unsigned long long)size);
		def->max_entries = (uint32_t)size;
	}
}

/* Round what needs rounding, then reject what no kernel accepts. */
int mb_map_check_def(struct mb_object *obj, const char *map,
		     struct mb_map_def *def)
{
	round_ringbuf(obj, map, def);
	return check_def(obj, map, def);
}

/* A new zeroed map at the end of obj->maps: its index, or -errno. */
int mb_map_add(struct mb_object *obj, const char *name, int kind)
{
	struct mb_map *map;

	for (size_t i = 0; i < obj->nr_maps; i++)
		if (!strcmp(obj->maps[i].name, name))
			return mb_err(&obj->log, -EINVAL,
				      "maps: %s: map %s is defined twice",
				      obj->path, name);
	map = mb_array_push((void **)&obj->maps, &obj->nr_maps, sizeof(*map));
	if (!map)
		return -ENOMEM;
	map->obj = obj;
	map->kind = kind;
	map->inner = -1;
	map->fd = -1; /* before anything can fail: closed on free */
	map->name = strdup(name);
	if (!map->name)
		return -ENOMEM;
	snprintf(map->kname, sizeof(map->kname), "%s", name);
	for (char *p = map->kname; *p; p++) /* what the kernel allows */
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
	return (int)obj->nr_maps - 1;
}

/* ---- legacy maps: struct bpf_map_def -------------------------------- */

struct legacy_def { /* the five u32 of struct bpf_map_def */
	uint32_t type, key_size, value_size, max_entries, map_flags;
};

static bool is_map_sym(const struct mb_elf_sym *s, size_t elf_idx)
{
	return s->shndx == elf_idx && s->type != 3 /* STT_SECTION */ &&
	       s->name && *s->name;
}

static int add_legacy_map(struct mb_object *obj, size_t elf_idx,
			  const unsigned char *data, uint64_t rec,
			  const struct mb_elf_sym *s)
{
	struct legacy_def ld = { 0 };
	struct mb_map *map;
	int idx;

	for (uint64_t b = sizeof(ld); b < rec; b++)
		if (data[s->value + b])
			return mb_err(&obj->log, -EINVAL,
				      "maps: %s: map %s: legacy definition of %llu bytes has unknown non-zero fields",
				      obj->path, s->name,
				      (unsigned long long)rec);
	memcpy(&ld, data + s->value, rec < sizeof(ld) ? rec : sizeof(ld));
	idx = mb_map_add(obj, s->name, MB_MAP_USER);
	if (idx < 0)
		return idx;
	map = &obj->maps[idx];
	map->def.type = ld.type;
	map->def.key_size = ld.key_size;
	map->def.value_size = ld.value_size;
	map->def.max_entries = ld.max_entries;
	map->def.map_flags = ld.map_flags;
	map->elf_idx = elf_idx;
	map->sec_off = s->value;
	return mb_map_check_def(obj, s->name, &map->def);
}

int mb_maps_collect_legacy(struct mb_object *obj, size_t elf_idx,
			   const void *data, uint64_t size,
			   const struct mb_elf_sym *syms, size_t nr_syms)
{
	size_t nr = 0;
	uint64_t rec;
	int err;

	for (size_t i = 0; i < nr_syms; i++)
		nr += is_map_sym(&syms[i], elf_idx);
	if (!nr || !data || size % nr)
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: legacy maps section of %llu bytes does not split into %zu definitions",
			      obj->path, (unsigned long long)size, nr);
	rec = size / nr;
	if (rec < 4 * sizeof(uint32_t)) /* map_flags may be missing */
		return mb_err(&obj->log, -EINVAL,
			      "maps: %s: legacy map definitions of %llu bytes are too small",
			      obj->path, (unsigned long long)rec);
	for (size_t i = 0; i < nr_syms; i++) {
		const struct mb_elf_sym *s = &syms[i];

		if (!is_map_sym(s, elf_idx))
			continue;
		if (s->value % rec || s->value > size - rec)
			return mb_err(&obj->log, -EINVAL,
				      "maps: %s: legacy map %s at offset %llu is not a whole definition",
				      obj->path, s->name,
				      (unsigned long long)s->value);
		err = add_legacy_map(obj, elf_idx, data, rec, s);
		if (err)
			return err;
	}
	return 0;
}

int mb_map_find_by_sec(const struct mb_object *obj, size_t elf_idx,
		       uint64_t off)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		const struct mb_map *m = &obj->maps[i];

		if (m->elf_idx != elf_idx || m->kind == MB_MAP_KCONFIG)
			continue;
		if (m->kind != MB_MAP_USER || m->sec_off == off)
			return (int)i;
	}
	return -ENOENT;
}

/* ---- pinned maps ------------------------------------------------------- */

/* __uint(pinning, LIBBPF_PIN_BY_NAME): the map outlives the loader as
 * /sys/fs/bpf/<name>, and the next load of any object with a map of that
 * name and the same shape shares it instead of creating a new one. */
static int pin_path(struct mb_object *obj, const struct mb_map *map, char *path,
		    size_t size)
{
	if ((size_t)snprintf(path, size, "%s/%s", PIN_ROOT, map->name) >= size)
		return mb_err(&obj->log, -ENAMETOOLONG,
			      "maps: %s: map %s: pin path too long", obj->path,
			      map->name);
	return 0;
}

/* BPF_OBJ_GET (path) and BPF_OBJ_PIN (path, fd): the attr's first 16
 * bytes, pathname, bpf_fd, file_flags; zeroed, the rest unused. */
static int obj_path_cmd(int cmd, const char *path, int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = mb_ptr(path); /* in a bpffs mount */
	attr.bpf_fd = cmd == BPF_OBJ_PIN ? (uint32_t)fd : 0;
	return mb_sys_bpf(cmd, &attr,
			  offsetof(union bpf_attr, file_flags) +
				  sizeof(attr.file_flags));
}

/* The map pinned at path, if there is one and it has map's shape. */
static int reuse_pinned(struct mb_object *obj, struct mb_map *map,
			const char *path)
{
	const struct mb_map_def *d = &map->def;
	struct bpf_map_info i;
	uint32_t len = sizeof(i);
	int fd = obj_path_cmd(BPF_OBJ_GET, path, -1), err;

	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return mb_err(&obj->log, fd,
			      "maps: %s: map %s: cannot open pinned %s: %s",
			      obj->path, map->name, path, strerror(-fd));
	memset(&i, 0, sizeof(i));
	err = mb_sys_obj_info(fd, &i, &len);
	if (err || i.type != d->type || i.key_size != d->key_size ||
	    i.value_size != d->value_size || i.map_flags != d->map_flags ||
	    (d->max_entries && i.max_entries != d->max_entries)) {
		mb_close(fd);
		return mb_err(&obj->log, -EEXIST,
			      "maps: %s: map %s: %s is pinned with another type, size or flags",
			      obj->path, map->name, path);
	}
	map->fd = fd;
	return 1;
}

/* Reuse the pinned map (1) or create one (0) and pin it after. */
static int pinned_open(struct mb_object *obj, struct mb_map *map)
{
	char path[256];
	int err = pin_path(obj, map, path, sizeof(path));

	if (!err)
		err = reuse_pinned(obj, map, path);
	if (err > 0)
		mb_print(&obj->log, MB_DEBUG, "maps: %s: map %s: reusing %s",
			 obj->path, map->name, path);
	return err;
}

static int pin_map(struct mb_object *obj, struct mb_map *map)
{
	char path[256];
	int err = pin_path(obj, map, path, sizeof(path));

	if (!err)
		err = obj_path_cmd(BPF_OBJ_PIN, path, map->fd);
	if (err)
		return mb_err(&obj->log, err,
			      "maps: %s: map %s: cannot pin at %s: %s%s",
			      obj->path, map->name, path, strerror(-err),
			      err == -ENOENT || err == -EPERM ?
				      " (is bpffs mounted on " PIN_ROOT "?)" :
				      "");
	return 0;
}

/* ---- creating maps --------------------------------------------------- */

/* Map types whose BTF key/value ids the kernel refuses (or ignores). */
static bool map_takes_btf(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		return false;
	default:
		return true;
	}
}

static const char *create_hint(int err, const struct mb_map_def *def,
			       uint32_t max, char *buf, size_t size)
{
	char why[256];

	if (err == -EINVAL && !max)
		return " (max_entries is 0: set it before loading, with mb_map_set_max_entries() or minibpf's --map NAME:max_entries=N)";
	if (err == -EINVAL && !def->value_size)
		return " (value_size is 0: set it before loading, with mb_map_set_value_size() or minibpf's --map NAME:value_size=N)";
	if (err != -EPERM)
		return "";
	/* before 5.11 the limit was RLIMIT_MEMLOCK, whatever the caps */
	snprintf(buf, size,
		 " (%s; before Linux 5.11 maps also count against RLIMIT_MEMLOCK: try ulimit -l unlimited)",
		 mb_perm_reason(why, sizeof(why), MB_NEED_BPF));
	return buf;
}

/* BPF_MAP_CREATE for one definition; with BTF ids if the object's BTF
 * is loaded, and once more without them if the kernel refuses. */
static int create_def(struct mb_object *obj, const char *what,
		      const char *kname, const struct mb_map_def *def,
		      int inner_fd)
{
	union bpf_attr x;
	uint32_t flags = def->map_flags, max = def->max_entries;
	char hint[384];
	int fd;

	memset(&x, 0, sizeof(x)); /* unused fields must be zero */
	x.inner_map_fd = inner_fd > 0 ? inner_fd : 0; /* map-in-map template */
	x.numa_node = def->numa_node;		      /* with BPF_F_NUMA_NODE */
	x.map_extra = def->map_extra; /* bloom filter: nr hashes */
	if (def->numa_node)
		flags |= BPF_F_NUMA_NODE;
	if (def->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !max) {
		fd = mb_possible_cpus();
		if (fd < 0)
			return mb_err(&obj->log, fd,
				      "maps: %s: map %s: cannot count CPUs: %s",
				      obj->path, what, strerror(-fd));
		max = (uint32_t)fd; /* one slot per CPU */
	}
	if (obj->btf_fd >= 0 && map_takes_btf(def->type) &&
	    (def->btf_key_id || def->btf_value_id)) {
		x.btf_fd = obj->btf_fd; /* the object's BTF */
		x.btf_key_type_id = def->btf_key_id;
		x.btf_value_type_id = def->btf_value_id;
	}
	fd = mb_sys_map_create(kname, def->type, def->key_size, def->value_size,
			       max, flags, &x);
	if (fd < 0 && x.btf_fd) {
		mb_print(&obj->log, MB_DEBUG,
			 "maps: %s: map %s: refused with BTF (%s), retrying without",
			 obj->path, what, strerror(-fd));
		x.btf_fd = x.btf_key_type_id = x.btf_value_type_id = 0;
		fd = mb_sys_map_create(kname, def->type, def->key_size,
				       def->value_size, max, flags, &x);
	}
	if (fd < 0)
		return mb_err(&obj->log, fd,
			      "maps: %s: map %s: BPF_MAP_CREATE (type %u, key %u, value %u, max_entries %u, flags 0x%x) failed: %s%s",
			      obj->path, what, def->type, def->key_size,
			      def->value_size, max, flags, strerror(-fd),
			      create_hint(fd, def, max, hint, sizeof(hint)));
	return fd;
}

/* Global data and .kconfig: the initial value, then freeze if read-only. */
static int map_populate(struct mb_object *obj, struct mb_map *map)
{
	uint32_t zero = 0;
	int err;

	if (!map->data)
		return 0;
	err = mb_sys_map_update(map->fd, &zero, map->data, BPF_ANY);
	if (err)
		return mb_err(&obj->log, err,
			      "maps: %s: map %s: writing the initial value failed: %s",
			      obj->path, map->name, strerror(-err));
	if (map->kind != MB_MAP_RODATA && map->kind != MB_MAP_KCONFIG)
		return 0;
	err = mb_sys_map_freeze(map->fd);
	if (err)
		return mb_err(&obj->log, err,
			      "maps: %s: map %s: BPF_MAP_FREEZE failed: %s",
			      obj->path, map->name, strerror(-err));
	return 0;
}

static int map_read_id(struct mb_object *obj, struct mb_map *map)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	err = mb_sys_obj_info(map->fd, &info, &len);
	if (err)
		return mb_err(&obj->log, err,
			      "maps: %s: map %s: BPF_OBJ_GET_INFO_BY_FD failed: %s",
			      obj->path, map->name, strerror(-err));
	map->id = info.id;
	return 0;
}

static int map_create(struct mb_object *obj, struct mb_map *map)
{
	int inner_fd = -1, fd;
	char what[160];

	fd = map->def.pinning ? pinned_open(obj, map) : 0;
	if (fd) /* shared as it is: no initial value written */
		return fd < 0 ? fd : map_read_id(obj, map);
	if (map->def.type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
	    map->def.type == BPF_MAP_TYPE_HASH_OF_MAPS) {
		if (map->inner < 0)
			return mb_err(&obj->log, -EINVAL,
				      "maps: %s: map %s: map-in-map needs __array(values, struct inner_def)",
				      obj->path, map->name);
		snprintf(what, sizeof(what), "%s (inner template)", map->name);
		inner_fd = create_def(obj, what, "", &map->inner_def, -1);
		if (inner_fd < 0)
			return inner_fd;
	}
	fd = create_def(obj, map->name, map->kname, &map->def, inner_fd);
	mb_close(inner_fd); /* the kernel copied what it needs */
	if (fd < 0)
		return fd;
	map->fd = fd;
	mb_print(&obj->log, MB_DEBUG, "maps: %s: map %s: fd %d", obj->path,
		 map->name, fd);
	fd = map_populate(obj, map);
	if (!fd && map->def.pinning)
		fd = pin_map(obj, map);
	return fd ? fd : map_read_id(obj, map);
}

static int fill_map_slots(struct mb_object *obj, struct mb_map *map)
{
	for (uint32_t i = 0; i < map->nr_init_slots; i++) {
		int t = map->init_slots[i], err;
		uint32_t inner_fd;

		if (t < 0 || (size_t)t >= obj->nr_maps)
			continue;
		inner_fd = (uint32_t)obj->maps[t].fd;
		err = mb_sys_map_update(map->fd, &i, &inner_fd, BPF_ANY);
		if (err)
			return mb_err(&obj->log, err,
				      "maps: %s: map %s: slot %u = map %s: %s",
				      obj->path, map->name, i,
				      obj->maps[t].name, strerror(-err));
	}
	return 0;
}

int mb_maps_create(struct mb_object *obj)
{
	struct rlimit inf = { RLIM_INFINITY, RLIM_INFINITY };
	int err = 0;

	/* Kernels before 5.11 charge maps to RLIMIT_MEMLOCK; newer ones
	 * use memory cgroups and ignore it: leave it alone there.  Failing
	 * to raise it is fine (map_create's error names it). */
	if (mb_kernel_version() < (5u << 16 | 11u << 8) &&
	    !setrlimit(RLIMIT_MEMLOCK, &inf))
		mb_print(&obj->log, MB_DEBUG,
			 "maps: %s: RLIMIT_MEMLOCK raised to unlimited: a kernel before 5.11 charges maps to it",
			 obj->path);
	for (size_t i = 0; i < obj->nr_maps && !err; i++)
		err = map_create(obj, &obj->maps[i]);
	for (size_t i = 0; i < obj->nr_maps && !err; i++)
		if (!obj->maps[i].slots_are_progs)
			err = fill_map_slots(obj, &obj->maps[i]);
	if (err)
		mb_maps_close(obj);
	return err;
}

static int find_prog(const struct mb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_progs; i++)
		if (!obj->progs[i].is_subprog &&
		    !strcmp(obj->progs[i].name, name))
			return (int)i;
	return -ENOENT;
}

static int fill_prog_slots(struct mb_object *obj, struct mb_map *map)
{
	for (uint32_t i = 0; i < map->nr_init_slots; i++) {
		const char *name = map->slot_progs[i];
		int p = name ? find_prog(obj, name) : -1, err;

		if (!name)
			continue;
		if (p < 0 || obj->progs[p].fd < 0) {
			mb_print(&obj->log, MB_WARN,
				 "maps: %s: map %s: slot %u: program %s is not loaded, slot left empty",
				 obj->path, map->name, i, name);
			continue;
		}
		map->init_slots[i] = p;
		err = mb_sys_map_update(map->fd, &i, &obj->progs[p].fd,
					BPF_ANY);
		if (err)
			return mb_err(&obj->log, err,
				      "maps: %s: map %s: slot %u = program %s: %s",
				      obj->path, map->name, i, name,
				      strerror(-err));
	}
	return 0;
}

int mb_maps_fill_prog_slots(struct mb_object *obj)
{
	int err;

	for (size_t i = 0; i < obj->nr_maps; i++) {
		if (!obj->maps[i].slots_are_progs || obj->maps[i].fd < 0)
			continue;
		err = fill_prog_slots(obj, &obj->maps[i]);
		if (err)
			return err;
	}
	return 0;
}

void mb_maps_close(struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		mb_close(obj->maps[i].fd);
		obj->maps[i].fd = -1;
		obj->maps[i].id = 0;
	}
}

void mb_maps_free(struct mb_object *obj)
{
	mb_maps_close(obj);
	for (size_t i = 0; i < obj->nr_maps; i++) {
		struct mb_map *m = &obj->maps[i];

		for (uint32_t s = 0; m->slot_progs && s < m->nr_init_slots; s++)
			free(m->slot_progs[s]);
		free(m->slot_progs);
		free(m->init_slots);
		free(m->data);
		free(m->name);
	}
	free(obj->maps);
	obj->maps = NULL;
	obj->nr_maps = 0;
	for (size_t i = 0; i < obj->nr_globals; i++)
		free((char *)obj->globals[i].name);
	free(obj->globals);
	obj->globals = NULL;
	obj->nr_globals = 0;
}

/* ---- the public map API --------------------------------------------- */

const char *mb_map_name(const struct mb_map *map)
{
	return map->name;
}
int mb_map_fd(const struct mb_map *map)
{
	return map->fd;
}
uint32_t mb_map_id(const struct mb_map *map)
{
	return map->id;
}
uint32_t mb_map_type(const struct mb_map *map)
{
	return map->def.type;
}
uint32_t mb_map_key_size(const struct mb_map *map)
{
	return map->def.key_size;
}
uint32_t mb_map_value_size(const struct mb_map *map)
{
	return map->def.value_size;
}
uint32_t mb_map_max_entries(const struct mb_map *map)
{
	return map->def.max_entries;
}

/* A copy of the definition is changed and checked (rounded, limits),
 * so a refused size leaves the map as it was. */
static int map_resize(struct mb_map *map, const struct mb_map_def *def)
{
	struct mb_map_def d = *def;
	int err;

	if (map->obj->loaded)
		return mb_err(&map->obj->log, -EBUSY,
			      "maps: %s: map %s: sizes can be set only before the object is loaded",
			      map->obj->path, map->name);
	if (map->kind != MB_MAP_USER) /* one value: the section's bytes */
		return mb_err(&map->obj->log, -EINVAL,
			      "maps: %s: map %s: a global data section's sizes are the section's",
			      map->obj->path, map->name);
	err = mb_map_check_def(map->obj, map->name, &d);
	if (!err)
		map->def = d;
	return err;
}

int mb_map_set_max_entries(struct mb_map *map, uint32_t max_entries)
{
	struct mb_map_def d = map->def;

	d.max_entries = max_entries;
	return map_resize(map, &d);
}

int mb_map_set_value_size(struct mb_map *map, uint32_t value_size)
{
	struct mb_map_def d = map->def;

	d.value_size = value_size;
	d.btf_value_id = 0; /* the declared type no longer fits */
	return map_resize(map, &d);
}

static bool type_is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

/* 0 if the number of CPUs cannot be read. */
size_t mb_map_value_buf_size(const struct mb_map *map)
{
	int cpus;

	if (!type_is_percpu(map->def.type))
		return map->def.value_size;
	cpus = mb_possible_cpus();
	if (cpus <= 0)
		return 0;
	return (((size_t)map->def.value_size + 7) & ~(size_t)7) * cpus;
}

int mb_map_lookup(const struct mb_map *map, const void *key, void *value)
{
	return map->fd < 0 ? -EBADF : mb_sys_map_lookup(map->fd, key, value);
}

int mb_map_update(const struct mb_map *map, const void *key, const void *value,
		  uint64_t flags)
{
	return map->fd < 0 ? -EBADF :
			     mb_sys_map_update(map->fd, key, value, flags);
}

int mb_map_next_key(const struct mb_map *map, const void *key, void *next)
{
	return map->fd < 0 ? -EBADF : mb_sys_map_next_key(map->fd, key, next);
}

bool mb_map_is_percpu(const struct mb_map *map)
{
	return type_is_percpu(map->def.type);
}

bool mb_map_is_global_data(const struct mb_map *map)
{
	return map->kind != MB_MAP_USER;
}
