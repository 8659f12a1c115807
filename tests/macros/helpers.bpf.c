/* helpers.bpf.c: helper ids, bpf_printk, byte order and the map/extern
 * vocabulary of bpf_helpers.h, one program per behaviour, for helpers.py. */
#include <linux/types.h>
#include <linux/bpf.h>		/* BPF_MAP_TYPE_*, struct bpf_perf_event_value */
#include "headers.h"

/* A BTF-defined map: __uint puts numbers in array lengths, __type the
 * key and value types behind pointers. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

#ifdef HEADERS_MINIBPF	/* __ulong is newer than libbpf 1.1.2 */
/* __ulong: a 64-bit attribute (map_extra: a bloom filter's hash count). */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 64);
	__type(value, __u32);
	__ulong(map_extra, 3);
} bloom SEC(".maps");
#endif

extern int LINUX_KERNEL_VERSION __kconfig;
extern const void bpf_prog_active __ksym;

/* Each helper below compiles to "call <its id>", in this order. */
SEC("kprobe/ids") int helper_ids(void *ctx)
{
	__u32 key = 0;
	__u64 one = 1, *v;
	struct bpf_perf_event_value pv;

	v = bpf_map_lookup_elem(&counts, &key);			/* 1 */
	bpf_map_update_elem(&counts, &key, &one, BPF_ANY);	/* 2 */
	one = bpf_ktime_get_ns();				/* 5 */
	one += bpf_get_current_pid_tgid();			/* 14 */
	bpf_perf_event_read_value(&events, BPF_F_CURRENT_CPU,	/* 55 */
				  &pv, sizeof(pv));
	bpf_probe_read_kernel(&one, sizeof(one), v);		/* 113 */
	one += (__u64)bpf_get_current_task_btf();		/* 158 */
	return one + LINUX_KERNEL_VERSION + (long)&bpf_prog_active;
}

/* bpf_printk: up to 3 arguments bpf_trace_printk (6), beyond it
 * bpf_trace_vprintk (177). */
SEC("kprobe/p0") int printk0(void *ctx) { return bpf_printk("zero"); }
SEC("kprobe/p1") int printk1(void *ctx) { return bpf_printk("%d", 1); }
SEC("kprobe/p3") int printk3(void *ctx) { return bpf_printk("%d %d %d", 1, 2, 3); }
SEC("kprobe/p4") int printk4(void *ctx)
{
	return bpf_printk("%d %d %d %p", 1, 2, 3, ctx);
}
SEC("kprobe/p7") int printk7(void *ctx)
{
	return bpf_printk("%d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7);
}

/* Byte order: constants fold, run-time values become one "be" insn. */
SEC("raw_tp/htons_const") int htons_const(void *ctx)
{
	return bpf_htons(0x1234);
}
SEC("raw_tp/htons_var") int htons_var(unsigned long long *ctx)
{
	return bpf_htons((__u16)ctx[0]);
}
SEC("raw_tp/htonl_var") int htonl_var(unsigned long long *ctx)
{
	return bpf_htonl((__u32)ctx[0]);
}
SEC("raw_tp/be64_var") __u64 be64_var(unsigned long long *ctx)
{
	return bpf_cpu_to_be64(ctx[0]);
}
/* A constant bpf_htons() is a constant expression: it fits a case label. */
SEC("raw_tp/htons_case") int htons_case(unsigned long long *ctx)
{
	switch (ctx[0]) {
	case bpf_htons(0x0800): return 4;
	case bpf_htons(0x86dd): return 6;
	}
	return 0;
}

/* BPF_PROG: slot k of the u64 array is argument k+1. */
SEC("fentry/x") __u64 BPF_PROG(prog_arg3, __u64 a, __u64 b, __u64 c)
{
	return c;
}

char LICENSE[] SEC("license") = "GPL";
