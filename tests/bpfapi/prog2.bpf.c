/* prog2.bpf.c: BPF_PROG2 with arguments of every size, a 16-byte struct
 * first (two slots), built with our headers and with libbpf's; the test
 * compares the instructions.  Not loaded: fentry needs the VMs. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct pair {
	long a, b;
};

struct small {
	int a;
};

long out[8];

SEC("fentry/f1")
int BPF_PROG2(p2_mixed, struct pair, p, int, x, char, c, struct small, s,
	      unsigned short, u, long, l)
{
	out[0] = p.a;			/* ctx[0] */
	out[1] = p.b;			/* ctx[1] */
	out[2] = x;			/* ctx[2] */
	out[3] = c;			/* ctx[3] */
	out[4] = s.a;			/* ctx[4] */
	out[5] = u;			/* ctx[5] */
	out[6] = l;			/* ctx[6] */
	return 0;
}

SEC("fentry/f0")
int BPF_PROG2(p2_none)
{
	out[7] = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
