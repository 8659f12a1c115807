/* maps_err_unknown.bpf.c (broken on purpose): a map definition with a
 * member no loader knows.  Opening it must fail naming the member. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u32);
	__uint(colour, 3);
} painted SEC(".maps");

SEC("socket") int prog(struct __sk_buff *skb)
{
	u32 k = 0;

	return bpf_map_lookup_elem(&painted, &k) != 0;
}

char LICENSE[] SEC("license") = "GPL";
