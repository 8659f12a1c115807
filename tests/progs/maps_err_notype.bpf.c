/* maps_err_notype.bpf.c (broken on purpose): a map definition without
 * `type`.  Opening it must fail naming the map. */
#include "common.h"

struct {
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, u32);
} typeless SEC(".maps");

SEC("socket") int prog(struct __sk_buff *skb)
{
	u32 k = 0;

	return bpf_map_lookup_elem(&typeless, &k) != 0;
}

char LICENSE[] SEC("license") = "GPL";
