/* tailcall.bpf.c: bpf_tail_call_static and SEC("?...").
 *
 * entry runs on getpid() of the test process and tail-calls slot 0 of
 * jmp, where the test puts callee; callee counts.  If the tail call
 * fails, entry falls through and counts that instead.  not_by_default
 * is in a "?" section: mb_object_load leaves it out unless asked. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} jmp SEC(".maps");

const volatile unsigned int want_pid;
unsigned int callee_hits, fell_through;

SEC("tp/syscalls/sys_enter_getpid")
int entry(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	bpf_tail_call_static(ctx, &jmp, 0);
	__sync_fetch_and_add(&fell_through, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int callee(void *ctx)
{
	__sync_fetch_and_add(&callee_hits, 1);
	return 0;
}

SEC("?tp/syscalls/sys_enter_getpid")
int not_by_default(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
