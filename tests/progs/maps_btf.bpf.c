/* maps_btf.bpf.c: BTF-defined maps with every numeric attribute, keys
 * and values from types, and sizes the loader adjusts (ring buffer
 * rounding, perf event array of one slot per CPU).  The program adds the
 * packet length to counts[7] and returns the new sum. */
#include "common.h"

struct key {
	u32 a;
	u32 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 32);
	__uint(key_size, 8);		/* agrees with struct key */
	__type(key, struct key);
	__type(value, struct key);
} by_struct SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, u64);
} pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 10000);	/* rounded up to 16384 */
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);		/* max_entries 0: one per CPU */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 16);
	__type(value, u32);
	__ulong(map_extra, 3);		/* number of hash functions */
} bloom SEC(".maps");

SEC("socket") int count_len(struct __sk_buff *skb)
{
	u32 k = 7;
	u64 *v, init = 0;

	v = bpf_map_lookup_elem(&counts, &k);
	if (!v) {
		bpf_map_update_elem(&counts, &k, &init, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &k);
		if (!v)
			return 0;
	}
	__sync_fetch_and_add(v, skb->len);
	return *v;
}

char LICENSE[] SEC("license") = "GPL";
