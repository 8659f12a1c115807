/* core.h: what every CO-RE case program shares.
 *
 * Each case NAME is NAME.h (the types: a local layout, and under
 * -DTARGET the "kernel" layout the test relocates against) and
 * NAME.bpf.c (the programs).  NAME.bpf.c built with -DTARGET holds only
 * the target types: its .BTF is the target BTF.
 *
 * The programs read a map value that user space fills with bytes laid
 * out as the TARGET types, through the LOCAL types, and return 0, or
 * the __LINE__ of the first check that failed (self-checking programs).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define __core __attribute__((preserve_access_index))

#ifndef TARGET
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, char[512]);
} input SEC(".maps");

static __always_inline void *in(void)
{
	int key = 0;

	return bpf_map_lookup_elem(&input, &key);
}

#define CHECK(cond)				\
	do {					\
		if (!(cond))			\
			return __LINE__;	\
	} while (0)
#endif

char LICENSE[] SEC("license") = "GPL";
