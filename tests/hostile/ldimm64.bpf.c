/* ldimm64.bpf.c: a program that starts with an ld_imm64 (the address of
 * a global), built without -g so that no .BTF.ext names its other
 * instructions.  test_inputs.sh cuts its section after the first half
 * of that ld_imm64.  Not broken by itself. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int counter;

SEC("socket") int bump(struct __sk_buff *skb)
{
	counter = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
