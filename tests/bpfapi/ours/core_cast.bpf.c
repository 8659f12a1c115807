/* core_cast.bpf.c: bpf_core_cast, which libbpf 1.1's headers (the
 * reference the other tests/bpfapi programs are built with too) do not
 * have, so it is built with ours only.  On getpid() of the test process
 * the current task is read as a kernel struct task_struct through
 * bpf_rdonly_cast: its tgid and the tgid of its group leader. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct {
	int tgid;
	struct task_struct *group_leader;
} __attribute__((preserve_access_index));

const volatile unsigned int want_pid;
unsigned int seen_tgid, seen_leader_tgid, hits;

SEC("tp/syscalls/sys_enter_getpid")
int cast(void *ctx)
{
	struct task_struct *t;

	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	t = bpf_core_cast((void *)bpf_get_current_task(), struct task_struct);
	seen_tgid = t->tgid;
	seen_leader_tgid = t->group_leader->tgid;
	hits++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
