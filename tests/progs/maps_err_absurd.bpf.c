/* maps_err_absurd.bpf.c (broken on purpose): max_entries of 2^31 + 1,
 * more than any kernel map holds.  Opening it must fail naming the map. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 0x80000001);
	__type(key, u32);
	__type(value, u32);
} huge SEC(".maps");

SEC("socket") int prog(struct __sk_buff *skb)
{
	return bpf_map_lookup_elem(&huge, &skb->len) != 0;
}

char LICENSE[] SEC("license") = "GPL";
