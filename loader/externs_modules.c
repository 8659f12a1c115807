/* externs_modules.c: the BTF objects of the modules externs live in.
 *
 * A typed __ksym or a kfunc that externs_resolve.c found in a kernel
 * module's BTF has an id in that module's BTF, not in vmlinux's, and
 * the kernel must be told which BTF: by an fd of the module's BTF
 * object.  A typed ksym's ld_imm64 carries the fd in its second half; a
 * kfunc call carries an index into the fd_array given at BPF_PROG_LOAD
 * (index 0 stands for vmlinux, so modules start at 1), as libbpf does.
 *
 * The fds are opened just before the programs are loaded, one per
 * module however many externs it serves, and closed right after: each
 * loaded program holds its own reference to the BTF it uses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "object.h"

/* The fd_array index of module mod's BTF, opened if not yet. */
static int module_index(struct mb_object *obj, const char *mod)
{
	int *slot, fd;

	for (size_t i = 0; i < obj->nr_externs; i++) {
		const struct mb_extern *e = &obj->externs[i];

		if (e->fd_idx && !strcmp(e->module, mod))
			return (int)e->fd_idx;
	}
	if (obj->nr_fd_array >= INT16_MAX) /* insn->off is an s16 */
		return mb_err(&obj->log, -E2BIG,
			      "load: %s: externs in too many modules",
			      obj->path);
	if (!obj->nr_fd_array && !mb_array_push((void **)&obj->fd_array,
						&obj->nr_fd_array, sizeof(int)))
		return -ENOMEM; /* [0]: vmlinux, never read */
	fd = mb_kernel_module_btf_fd(&obj->log, mod);
	if (fd < 0)
		return fd;
	slot = mb_array_push((void **)&obj->fd_array, &obj->nr_fd_array,
			     sizeof(int));
	if (!slot) {
		mb_close(fd);
		return -ENOMEM;
	}
	*slot = fd;
	return (int)(obj->nr_fd_array - 1);
}

int mb_externs_open_modules(struct mb_object *obj)
{
	int idx;

	for (size_t i = 0; i < obj->nr_externs; i++) {
		struct mb_extern *e = &obj->externs[i];

		if (!e->resolved || !e->module)
			continue;
		idx = module_index(obj, e->module);
		if (idx == -ENOMEM)
			mb_err(&obj->log, idx, "load: %s: out of memory",
			       obj->path);
		if (idx < 0) { /* module_index said why */
			mb_externs_close_modules(obj);
			return idx;
		}
		e->fd_idx = (uint32_t)idx;
	}
	return 0;
}

void mb_externs_close_modules(struct mb_object *obj)
{
	for (size_t i = 1; i < obj->nr_fd_array; i++)
		mb_close(obj->fd_array[i]);
	free(obj->fd_array);
	obj->fd_array = NULL;
	obj->nr_fd_array = 0;
	for (size_t i = 0; i < obj->nr_externs; i++)
		obj->externs[i].fd_idx = 0;
}
