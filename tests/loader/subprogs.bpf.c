/* subprogs.bpf.c: sub-programs in .text called from several programs.
 * square() is reached from all three programs, once directly and once
 * through sum_squares(); global_twice() is a global function, which the
 * verifier checks on its own (it needs func_info).  Inputs come from the
 * packet length so that clang cannot fold the results at compile time. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __noinline int square(int x)
{
	return x * x;
}

static __noinline int sum_squares(int a, int b)
{
	return square(a) + square(b);
}

__noinline int global_twice(int x)
{
	return 2 * x;
}

SEC("socket") int first(struct __sk_buff *skb)
{
	return sum_squares(skb->len, 1);		/* len^2 + 1 */
}

SEC("socket") int second(struct __sk_buff *skb)
{
	return square(skb->len) + global_twice(skb->len); /* len^2 + 2 len */
}

SEC("socket") int third(struct __sk_buff *skb)
{
	return global_twice(sum_squares(1, skb->len));	/* 2 (1 + len^2) */
}

char LICENSE[] SEC("license") = "GPL";
