/* run_demo.bpf.c: what `minibpf run` shows, on this machine's kernel
 * (the seed example needs kprobes; this one uses a tracepoint).  On
 * every bpf() system call made by a process named "minibpf" -- so the
 * map lookups of `run --interval` trigger it -- it:
 *
 *	reads the --perf-event counter of this CPU into rt_readings
 *	counts the call by command in rt_cmds (keys print as enum names)
 *	counts log2(size of the attr) in rt_size_hist (a histogram)
 *	sends {pid, cmd, comm} to the rt_events ring buffer and a
 *	bpf_printk line for each BPF_MAP_LOOKUP_ELEM
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} rt_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_perf_event_value);
} rt_readings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, enum bpf_cmd);
	__type(value, __u64);
} rt_cmds SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} rt_size_hist SEC(".maps");

struct event {
	__u32 pid;
	enum bpf_cmd cmd;
	char comm[16];
};

/* clang puts a type in BTF only when something at file scope uses it:
 * this pointer is how `minibpf run` learns the records' layout. */
struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rt_events SEC(".maps");

/* events/syscalls/sys_enter_bpf/format: 8 bytes of common fields, the
 * syscall number, then each argument in an 8-byte slot. */
struct sys_enter_bpf {
	unsigned long long common;
	long syscall_nr;
	long cmd;
	unsigned long uattr;
	unsigned long size;
};

static __always_inline int is_minibpf(char *comm)
{
	const char want[] = "minibpf";

	bpf_get_current_comm(comm, 16);
	for (int i = 0; i < 8; i++)
		if (comm[i] != want[i])
			return 0;
	return 1;
}

static __always_inline __u32 log2_slot(unsigned long v)
{
	__u32 slot = 0;

	for (int i = 0; i < 31 && v > 1; i++) {
		v >>= 1;
		slot++;
	}
	return slot;
}

SEC("tracepoint/syscalls/sys_enter_bpf")
int mbt_run_bpf(struct sys_enter_bpf *ctx)
{
	struct bpf_perf_event_value *v;
	enum bpf_cmd cmd = ctx->cmd;
	__u64 one = 1, *n;
	struct event *e;
	char comm[16];
	__u32 zero = 0, slot;

	if (!is_minibpf(comm))
		return 0;
	v = bpf_map_lookup_elem(&rt_readings, &zero);
	if (v)
		bpf_perf_event_read_value(&rt_counters, BPF_F_CURRENT_CPU, v,
					  sizeof(*v));
	n = bpf_map_lookup_elem(&rt_cmds, &cmd);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&rt_cmds, &cmd, &one, BPF_NOEXIST);
	slot = log2_slot(ctx->size);
	n = bpf_map_lookup_elem(&rt_size_hist, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	if (cmd != BPF_MAP_LOOKUP_ELEM)
		return 0;
	bpf_printk("minibpf looked up a map");
	e = bpf_ringbuf_reserve(&rt_events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->cmd = cmd;
	__builtin_memcpy(e->comm, comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
