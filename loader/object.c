/* object.c: an object's life, from file to loaded programs and back.
 *
 * This is the file to read first: it strings the stages together.
 *
 *	mb_object_open     read the ELF file (elf.c, elf_prog.c), which also
 *	                   collects maps (maps.c, maps_btf.c), global data
 *	                   (globals.c) and externs (externs.c)
 *	mb_object_load     1. read the target BTF if CO-RE needs it (btf.c,
 *	                      or kernel.c for the running kernel's)
 *	                   2. resolve externs (externs_resolve.c)
 *	                   3. apply CO-RE relocations (core_object.c)
 *	                   4. link each program with its sub-programs (link.c)
 *	                   5. upload the object's BTF (load.c)
 *	                   6. create the maps, fill and freeze them (maps.c)
 *	                   7. put map fds into the code (link.c), load each
 *	                      program (load.c)
 *	mb_object_attach   attach each program where its section says
 *	mb_object_close    detach, close every fd, free everything
 *
 * A failed load leaves nothing in the kernel: every fd it created is
 * closed before it returns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "object.h"
#include "insn.h"
#include "btf.h"

int mb_object_open(const char *path, const struct mb_open_opts *opts,
		   struct mb_object **objp)
{
	struct mb_object *obj = calloc(1, sizeof(*obj));
	int err;

	*objp = NULL;
	if (!obj)
		return -ENOMEM;
	obj->btf_fd = -1;
	obj->path = strdup(path);
	mb_log_init(&obj->log, opts);
	if (opts) {
		obj->force_legacy_kprobe = opts->force_legacy_kprobe;
		obj->btf_path = opts->btf_path ? strdup(opts->btf_path) : NULL;
	}
	if (!obj->path || (opts && opts->btf_path && !obj->btf_path))
		err = -ENOMEM;
	else
		err = mb_elf_read(obj);
	if (err) {
		mb_object_close(obj);
		return err;
	}
	*objp = obj;
	return 0;
}

static bool needs_core(const struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_secs; i++)
		if (obj->secs[i].core_relo)
			return true;
	return false;
}

static int read_target_btf(struct mb_object *obj)
{
	int err;

	if (obj->target_btf || !needs_core(obj))
		return 0;
	if (!obj->btf_path)
		return mb_kernel_btf(&obj->log, &obj->target_btf);
	err = mb_btf_load_target(obj->btf_path, &obj->log, &obj->btf_file);
	if (err)
		return mb_err(&obj->log, err,
			      "btf: %s: cannot use as target BTF: %s",
			      obj->btf_path, strerror(-err));
	obj->target_btf = obj->btf_file;
	return 0;
}

/* Steps 1-4: everything that needs no kernel object (inspect uses it). */
int mb_object_prepare(struct mb_object *obj)
{
	int err = read_target_btf(obj);

	if (!err)
		err = mb_externs_resolve(obj);
	if (!err)
		err = mb_core_apply(obj);
	for (size_t i = 0; !err && i < obj->nr_entry_progs; i++)
		if (obj->progs[i].autoload)
			err = mb_link_program(obj, &obj->progs[i]);
	return err;
}

/* The program or sub-program whose code holds instruction insn of sec. */
const struct mb_program *mb_object_function_at(const struct mb_object *obj,
					       const struct mb_section *sec,
					       uint32_t insn)
{
	for (size_t i = 0; i < obj->nr_progs; i++) {
		const struct mb_program *p = &obj->progs[i];

		if (p->sec == sec && insn >= p->off && insn - p->off < p->len)
			return p;
	}
	return NULL;
}

static void unload(struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_entry_progs; i++) {
		mb_close(obj->progs[i].fd);
		obj->progs[i].fd = -1;
		obj->progs[i].id = 0;
	}
	mb_maps_close(obj);
	mb_close(obj->btf_fd);
	obj->btf_fd = -1;
}

static int load_programs(struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_entry_progs; i++) {
		struct mb_program *prog = &obj->progs[i];
		int err;

		if (!prog->autoload)
			continue;
		err = mb_link_maps(obj, prog);
		if (!err)
			err = mb_prog_load(obj, prog);
		if (!err)
			err = mb_prog_bind_maps(obj, prog);
		if (err)
			return err;
	}
	return 0;
}

int mb_object_load(struct mb_object *obj)
{
	int err;

	if (obj->loaded)
		return mb_err(&obj->log, -EBUSY, "load: %s: already loaded",
			      obj->path);
	err = mb_object_prepare(obj);
	if (!err)
		err = mb_btf_upload(obj);
	if (!err)
		err = mb_maps_create(obj);
	if (!err)
		err = mb_externs_open_modules(obj);
	if (!err)
		err = load_programs(obj);
	mb_externs_close_modules(obj); /* the programs hold the BTFs now */
	if (!err)
		err = mb_maps_fill_prog_slots(obj);
	if (err) {
		unload(obj);
		return err;
	}
	obj->loaded = true;
	return 0;
}

int mb_object_attach(struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_entry_progs; i++) {
		struct mb_program *prog = &obj->progs[i];
		int err;

		if (prog->fd < 0 || prog->link ||
		    prog->def->attach == MB_ATTACH_NONE)
			continue;
		if (prog->def->attach == MB_ATTACH_USDT && !prog->target[0])
			continue; /* target given at attach time */
		err = mb_program_attach(prog, &prog->link);
		if (err) {
			mb_object_detach(obj);
			return err;
		}
	}
	return 0;
}

void mb_object_detach(struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_entry_progs; i++) {
		mb_link_detach(obj->progs[i].link);
		obj->progs[i].link = NULL;
	}
}

void mb_object_close(struct mb_object *obj)
{
	if (!obj)
		return;
	mb_object_detach(obj);
	unload(obj);
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct mb_program *prog = &obj->progs[i];

		free(prog->name);
		free(prog->insns);
		free(prog->pieces);
		free(prog->func_info);
		free(prog->line_info);
	}
	free(obj->progs);
	mb_maps_free(obj);
	mb_externs_free(obj);
	mb_core_free(obj);
	mb_btf_free(obj->btf_file);
	mb_elf_free(obj);
	free(obj->btf_path);
	free(obj->path);
	free(obj);
}

const char *mb_object_name(const struct mb_object *obj)
{
	return obj->name;
}

const char *mb_object_license(const struct mb_object *obj)
{
	return obj->license;
}

size_t mb_object_program_count(const struct mb_object *obj)
{
	return obj->nr_entry_progs;
}

struct mb_program *mb_object_program(struct mb_object *obj, size_t i)
{
	return i < obj->nr_entry_progs ? &obj->progs[i] : NULL;
}

struct mb_program *mb_object_find_program(struct mb_object *obj,
					  const char *name)
{
	for (size_t i = 0; i < obj->nr_entry_progs; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	return NULL;
}

size_t mb_object_map_count(const struct mb_object *obj)
{
	return obj->nr_maps;
}

struct mb_map *mb_object_map(struct mb_object *obj, size_t i)
{
	return i < obj->nr_maps ? &obj->maps[i] : NULL;
}

struct mb_map *mb_object_find_map(struct mb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_maps; i++)
		if (!strcmp(obj->maps[i].name, name))
			return &obj->maps[i];
	return NULL;
}

const char *mb_program_name(const struct mb_program *prog)
{
	return prog->name;
}

const char *mb_program_section(const struct mb_program *prog)
{
	return prog->sec->name;
}

const char *mb_program_type_name(const struct mb_program *prog)
{
	return mb_prog_type_name(prog->def->prog_type);
}

size_t mb_program_insn_count(const struct mb_program *prog)
{
	return prog->insns ? prog->nr_insns : prog->len;
}

int mb_program_fd(const struct mb_program *prog)
{
	return prog->fd;
}

uint32_t mb_program_id(const struct mb_program *prog)
{
	return prog->id;
}

void mb_program_set_autoload(struct mb_program *prog, bool autoload)
{
	prog->autoload = autoload;
}

bool mb_program_autoload(const struct mb_program *prog)
{
	return prog->autoload;
}

int mb_program_attach(struct mb_program *prog, struct mb_link **linkp)
{
	if (prog->fd < 0)
		return mb_err(&prog->obj->log, -EINVAL,
			      "attach: %s: program %s is not loaded",
			      prog->obj->path, prog->name);
	return mb_attach_program(prog, linkp);
}

void mb_link_detach(struct mb_link *link)
{
	mb_link_free(link);
}

bool mb_program_calls_helper(const struct mb_program *prog, int32_t helper)
{
	for (uint32_t i = 0; prog->fd >= 0 && i < prog->nr_insns; i++)
		if (mb_insn_is_call(&prog->insns[i]) &&
		    prog->insns[i].src_reg == 0 && prog->insns[i].imm == helper)
			return true;
	return false;
}
