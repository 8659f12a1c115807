/* tp.bpf.c: a tracepoint, a raw tracepoint and a tp_btf program, all on
 * system call entry of the test process (want_pid, set before load).
 *
 *	tracepoint/syscalls/sys_enter_getpid   counts getpid() calls
 *	raw_tp/sys_enter                       counts calls of syscall want_nr
 *	tp_btf/sys_enter                       the same, from typed arguments
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct pt_regs;

const volatile unsigned int want_pid;
const volatile long want_nr;
unsigned int tp_hits, raw_hits, btf_hits;
long tp_nr;

static __always_inline int ours(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == want_pid;
}

/* The record in events/syscalls/sys_enter_getpid/format: common fields
 * (8 bytes), then int __syscall_nr at offset 8. */
struct sys_enter_getpid {
	unsigned long long common;
	int syscall_nr;
};

SEC("tracepoint/syscalls/sys_enter_getpid")
int on_getpid(struct sys_enter_getpid *ctx)
{
	if (ours()) {
		tp_nr = ctx->syscall_nr;
		__sync_fetch_and_add(&tp_hits, 1);
	}
	return 0;
}

/* raw_tp/sys_enter: ctx[0] is struct pt_regs *, ctx[1] the syscall id. */
SEC("raw_tp/sys_enter")
int on_raw_enter(unsigned long long *ctx)
{
	if (ours() && (long)ctx[1] == want_nr)
		__sync_fetch_and_add(&raw_hits, 1);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_btf_enter, struct pt_regs *regs, long id)
{
	if (ours() && id == want_nr)
		__sync_fetch_and_add(&btf_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
