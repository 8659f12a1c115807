/* load_bind.c: maps a program keeps alive without naming them.
 *
 * A loaded program holds the maps its instructions name (ld_imm64 of a
 * map fd or of a map value); a map of the object that none of its code
 * names, a .rodata whose only reader is user space (bpftool shows a
 * program's "metadata" from it) or a map only user space fills, dies
 * with our fd.  BPF_PROG_BIND_MAP (5.10) ties such a map to the program
 * for the program's lifetime, as libbpf does for .rodata.  A kernel
 * without the command answers EINVAL: then nothing is bound and -v
 * says so once.
 *
 * Reference: include/uapi/linux/bpf.h (BPF_PROG_BIND_MAP).
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "object.h"
#include "sys.h"

/* Does an ld_imm64 of the program name fd (a map or a map value)? */
static bool prog_names_map(const struct mb_program *prog, int fd)
{
	for (uint32_t i = 0; i + 1 < prog->nr_insns; i++) {
		const struct bpf_insn *in = &prog->insns[i];

		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if ((in->src_reg == BPF_PSEUDO_MAP_FD ||
		     in->src_reg == BPF_PSEUDO_MAP_VALUE) &&
		    in->imm == fd)
			return true;
		i++; /* the second half of the ld_imm64 */
	}
	return false;
}

static int bind_one(int prog_fd, int map_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));	      /* unused bytes must be zero */
	attr.prog_bind_map.prog_fd = prog_fd; /* the program keeps ... */
	attr.prog_bind_map.map_fd = map_fd;   /* ... this map alive */
	attr.prog_bind_map.flags = 0;	      /* none defined */
	return mb_sys_bpf(BPF_PROG_BIND_MAP, &attr,
			  MB_ATTR_SIZE(prog_bind_map));
}

int mb_prog_bind_maps(struct mb_object *obj, struct mb_program *prog)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		const struct mb_map *map = &obj->maps[i];
		int err;

		if (map->fd < 0 || prog_names_map(prog, map->fd))
			continue;
		err = bind_one(prog->fd, map->fd);
		if (err == -EINVAL) {
			mb_print(&obj->log, MB_DEBUG,
				 "load: %s: the kernel has no BPF_PROG_BIND_MAP (5.10): map %s not bound to program %s",
				 obj->path, map->name, prog->name);
			return 0;
		}
		if (err)
			return mb_err(&obj->log, err,
				      "load: %s: program %s: binding map %s: %s",
				      obj->path, prog->name, map->name,
				      strerror(-err));
		mb_print(&obj->log, MB_DEBUG,
			 "load: %s: map %s bound to program %s", obj->path,
			 map->name, prog->name);
	}
	return 0;
}
