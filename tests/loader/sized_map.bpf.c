/* sized_map.bpf.c: maps whose sizes user space sets before loading, as
 * tools do: a hash map declared with max_entries 0 and a stack-trace
 * map whose value size (the depth) is chosen at run time; and a .rodata
 * map, whose sizes are its section's and cannot be set. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 0); /* set by user space */
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 8 * sizeof(__u64));
	__uint(max_entries, 16);
} stacks SEC(".maps");

const volatile __u32 first_key = 0;

SEC("socket") int count(void *ctx)
{
	__u32 key = first_key;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
