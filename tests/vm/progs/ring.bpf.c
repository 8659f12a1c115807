/* ring.bpf.c: one ring buffer record per getpid() of the test process
 * (want_pid), from a kprobe on the syscall (ksyscall/getpid; getpid has
 * no arguments, so the plain ctx is all it needs).  The ring
 * is one page: 256 records of 16 bytes, so a test that makes a thousand
 * wraps around it several times.  The program counts in the kernel what
 * it submitted and what it could not reserve; the test compares the
 * records it received with those counts.
 */
#include <linux/bpf.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>

struct event {
	unsigned int seq;		/* 0, 1, 2...: none may be missing */
	unsigned int pid;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

const volatile unsigned int want_pid;
unsigned int submitted, dropped;

SEC("ksyscall/getpid")
int on_getpid(struct pt_regs *ctx)
{
	struct event *e;

	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->seq = submitted;		/* one thread calls getpid: no race */
	e->pid = want_pid;
	bpf_ringbuf_submit(e, 0);
	__sync_fetch_and_add(&submitted, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
