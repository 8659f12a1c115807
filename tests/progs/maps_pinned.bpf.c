/* maps_pinned.bpf.c: a map pinned by name, which a second load of the
 * object shares instead of creating anew. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, u32);
	__type(value, u32);
	__uint(pinning, 1);		/* LIBBPF_PIN_BY_NAME */
} mb_test_pinned SEC(".maps");

SEC("socket") int read_pinned(struct __sk_buff *skb)
{
	u32 k = 1, *v = bpf_map_lookup_elem(&mb_test_pinned, &k);

	return v ? *v : 0;
}

char LICENSE[] SEC("license") = "GPL";
