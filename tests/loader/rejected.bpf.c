/* rejected.bpf.c: a program the verifier must refuse: it uses a map
 * lookup's result without checking it for NULL.  The error must name
 * the program and show the verifier's log with the source line.  (A hash
 * map: newer kernels know an array lookup with a constant key cannot
 * return NULL.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, long);
} vals SEC(".maps");

SEC("socket") int unchecked_lookup(struct __sk_buff *skb)
{
	int key = 0;
	long *v = bpf_map_lookup_elem(&vals, &key);

	return *v;	/* the verifier wants a NULL check first */
}

char LICENSE[] SEC("license") = "GPL";
