/* maps_in_map.bpf.c: map-in-map and prog array slots set by initialisers
 * (R_BPF_64_ABS64 relocations in .rel.maps).  outer[0] is inner_a and
 * outer[2] is inner_b; jump[1] is the program `target`.  read_outer
 * returns inner_a[0] (user space writes it); tail tail-calls jump[1],
 * which returns 77. */
#include "common.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u32);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [2] = &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, u32);
	__array(values, struct inner);
} outer_hash SEC(".maps") = {
	.values = { [1] = &inner_b },
};

SEC("socket") int target(struct __sk_buff *skb)
{
	return 77;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, u32);
	__array(values, int (void *));
} jump SEC(".maps") = {
	.values = { [1] = (void *)&target },
};

SEC("socket") int read_outer(struct __sk_buff *skb)
{
	u32 zero = 0, *v;
	void *in = bpf_map_lookup_elem(&outer, &zero);

	if (!in)
		return -1;
	v = bpf_map_lookup_elem(in, &zero);
	return v ? *v : -2;
}

SEC("socket") int tail(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump, 1);
	return -1;
}

char LICENSE[] SEC("license") = "GPL";
