/* kernel.bpf.c: see kernel.h.  On the test's own next syscall, record
 * what BPF_CORE_READ finds in its task_struct, mm_struct, a struct file
 * of its fd table and a bpf_map; user space compares with what it knows. */
#include "core.h"
#include "kernel.h"

#ifndef TARGET
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, int);
	__type(value, struct kernel_out);
} out SEC(".maps");

int want_tgid;		/* set by user space */
int want_fd;

SEC("raw_tp/sys_enter") int kernel(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct bpf_map *map = (void *)&out;
	struct file **fds, *file;
	struct kernel_out *o;
	int key = 0;

	if (BPF_CORE_READ(task, tgid) != want_tgid)
		return 0;
	o = bpf_map_lookup_elem(&out, &key);
	if (!o || o->done)
		return 0;
	o->pid = BPF_CORE_READ(task, pid);
	o->tgid = BPF_CORE_READ(task, tgid);
	o->leader_tgid = BPF_CORE_READ(task, group_leader, tgid);
	BPF_CORE_READ_STR_INTO(&o->comm, task, comm);
	o->start_brk = BPF_CORE_READ(task, mm, start_brk);
	o->oom_score_adj = BPF_CORE_READ(task, signal, oom_score_adj);
	fds = BPF_CORE_READ(task, files, fdt, fd);
	if (bpf_core_read(&file, sizeof(file), &fds[want_fd & 1023]) == 0)
		o->ino = BPF_CORE_READ(file, f_inode, i_ino);
	/* a map pointer is read directly (the verifier checks the access
	 * against vmlinux's struct bpf_map): relocated LDX offsets */
	o->map_max_entries = map->max_entries;
	o->map_key_size = map->key_size;
	o->done = 1;
	return 0;
}
#endif
