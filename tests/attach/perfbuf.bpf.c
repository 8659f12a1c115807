/* perfbuf.bpf.c: one bpf_perf_event_output record per getpid() of the
 * test process.  The records are 36 bytes (44 with the perf size word,
 * padded to 48 in the ring), so with one-page rings they wrap around the
 * ring's end; each carries its sequence number and a byte pattern the
 * test checks. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	unsigned int seq;
	unsigned char bytes[32];	/* bytes[i] = seq + i */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} events SEC(".maps");

const volatile unsigned int want_pid;
unsigned int sent, failed, seq;

SEC("tracepoint/syscalls/sys_enter_getpid")
int on_getpid(void *ctx)
{
	struct event e;

	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	e.seq = seq++;		/* one thread calls getpid */
	for (int i = 0; i < 32; i++)
		e.bytes[i] = e.seq + i;
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e,
				  sizeof(e)))
		__sync_fetch_and_add(&failed, 1);
	else
		__sync_fetch_and_add(&sent, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
