/* maps_err_keysize.bpf.c (broken on purpose): key_size 8 beside a 4-byte
 * key type.  Opening it must fail naming both. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__uint(key_size, 8);
	__type(key, u32);
	__type(value, u32);
} confused SEC(".maps");

SEC("socket") int prog(struct __sk_buff *skb)
{
	u32 k = 0;

	return bpf_map_lookup_elem(&confused, &k) != 0;
}

char LICENSE[] SEC("license") = "GPL";
