/* maps_legacy.bpf.c: maps in the legacy "maps" section, one
 * struct bpf_map_def per symbol.  The program returns old[1] + 5. */
#include "common.h"

struct legacy_map_def old SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = 4,
	.value_size = 8,
	.max_entries = 3,
};

struct legacy_map_def old_hash SEC("maps") = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = 4,
	.value_size = 4,
	.max_entries = 10,
	.map_flags = BPF_F_NO_PREALLOC,
};

SEC("socket") int use_old(struct __sk_buff *skb)
{
	u32 one = 1;
	u64 *v = bpf_map_lookup_elem(&old, &one);

	bpf_map_lookup_elem(&old_hash, &one);
	return v ? *v + 5 : -1;
}

char LICENSE[] SEC("license") = "GPL";
