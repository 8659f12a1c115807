/* usdt_probe.bpf.c: one USDT program that records, for whatever probe it
 * is attached to, the cookie given at attach (the test's probe number),
 * the argument count and all 12 arguments, in a ring buffer record.
 * Built twice: against our macros/bpf/usdt.bpf.h and against libbpf's. */
#include <stdbool.h>
#include <linux/bpf.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

struct record {
	long cookie;
	long cnt;
	long err[12];
	long arg[12];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 65536);
} records SEC(".maps");

SEC("usdt")
int BPF_USDT(on_probe)
{
	struct record *r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);

	if (!r)
		return 0;
	r->cookie = bpf_usdt_cookie(ctx);
	r->cnt = bpf_usdt_arg_cnt(ctx);
#pragma unroll
	for (int i = 0; i < 12; i++)
		r->err[i] = bpf_usdt_arg(ctx, i, &r->arg[i]);
	bpf_ringbuf_submit(r, 0);
	return 0;
}

/* BPF_USDT's own argument passing, and a target in the section name. */
long twice_sum, twice_hits;

SEC("usdt/./usdt_target.gcc-O2:mbtest:twice")
int BPF_USDT(on_twice, long x)
{
	__sync_fetch_and_add(&twice_sum, x);
	__sync_fetch_and_add(&twice_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
