/* ringbuf.bpf.c: one ring buffer record per getpid() of the test process
 * (want_pid).  Every third record is discarded (bpf_ringbuf_discard), so
 * the reader must skip records with the discard bit.  The in-kernel
 * counters say how many records were submitted and discarded; the test
 * compares them with what the reader delivered. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	unsigned int seq;
	unsigned int pid;
	char comm[16];
	unsigned char pad[5];
} __attribute__((packed));		/* an odd size: 29 bytes */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

const volatile unsigned int want_pid;
unsigned int submitted, discarded, dropped, seq;

SEC("tracepoint/syscalls/sys_enter_getpid")
int on_getpid(void *ctx)
{
	struct event *e;
	unsigned int n;

	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	n = seq++;		/* one thread calls getpid: no race */
	e->seq = n;
	e->pid = want_pid;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	for (int i = 0; i < 5; i++)
		e->pad[i] = 0xa0 + i;
	if (n % 3 == 2) {
		bpf_ringbuf_discard(e, 0);
		__sync_fetch_and_add(&discarded, 1);
	} else {
		bpf_ringbuf_submit(e, 0);
		__sync_fetch_and_add(&submitted, 1);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
