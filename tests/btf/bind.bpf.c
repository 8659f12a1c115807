/* bind.bpf.c: a program that names one map of its object; the other map
 * and .rodata (read only by user space) are bound to it at load
 * (load_bind.c), so they live as long as it does.  test_sanitize.c
 * counts the program's maps.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, long);
} bind_used SEC(".maps"), bind_unused SEC(".maps");

const volatile char bind_version[] = "1.0";	/* .rodata, for user space */

SEC("tc")
int bind(struct __sk_buff *skb)
{
	int k = 0;
	long *v = bpf_map_lookup_elem(&bind_used, &k);

	if (v)
		(*v)++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
