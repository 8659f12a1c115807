/* tp_count.bpf.c: counts getppid() calls on a tracepoint into an array
 * map and .bss.  test_signals.sh and test_caps.sh run it with
 * `minibpf run` (interrupted, or with reduced capabilities) and check
 * what it leaves in the kernel. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, long);
} hst_calls SEC(".maps");

long hst_total;

SEC("tracepoint/syscalls/sys_enter_getppid") int hst_count(void *ctx)
{
	int key = 0;
	long *v = bpf_map_lookup_elem(&hst_calls, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	__sync_fetch_and_add(&hst_total, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
