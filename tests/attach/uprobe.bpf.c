/* uprobe.bpf.c: a uprobe and a uretprobe on attach_target's
 * target_add(a, b, c), which returns a + b + c.  The test runs
 * "./attach_target 3 4 5" from the directory that holds it (so the
 * relative path in the section names resolves) and compares what these
 * programs saw with what it passed. */
#include <linux/bpf.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

int seen_a, seen_b;
long seen_c, seen_ret;
unsigned int entry_pid, exit_pid, entries, exits;

SEC("uprobe/./attach_target:target_add")
int BPF_UPROBE(on_add, int a, int b, long c)
{
	seen_a = a;
	seen_b = b;
	seen_c = c;
	entry_pid = bpf_get_current_pid_tgid() >> 32;
	__sync_fetch_and_add(&entries, 1);
	return 0;
}

SEC("uretprobe/./attach_target:target_add")
int BPF_URETPROBE(on_add_ret, long ret)
{
	seen_ret = ret;
	exit_pid = bpf_get_current_pid_tgid() >> 32;
	__sync_fetch_and_add(&exits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
