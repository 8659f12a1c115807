/* stages.bpf.c: one object per failure stage of mb_object_load and
 * mb_object_attach, selected with -DSTAGE=N (tests/hostile/rules.mk):
 *
 *	1 MAP     a good map, then a hash map of 512 MiB values: the
 *	          library accepts it, the kernel refuses it (E2BIG)
 *	2 VERIFY  a good program, then one the verifier rejects
 *	3 ATTACH  loads, but its tracepoint does not exist
 *
 * test_fds.c loads each many times and checks that nothing stays open.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, long);
} hst_good SEC(".maps");

#if STAGE == 1
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__uint(key_size, 4);
	__uint(value_size, 1 << 29);
} hst_huge SEC(".maps");
#endif

int hst_seen;

SEC("tracepoint/syscalls/sys_enter_getppid") int hst_first(void *ctx)
{
	int key = 0;
	long *v = bpf_map_lookup_elem(&hst_good, &key);

	if (v)
		*v += 1;
#if STAGE == 1
	return bpf_map_lookup_elem(&hst_huge, &key) != 0;
#endif
	hst_seen = 1;
	return 0;
}

#if STAGE == 2
SEC("tracepoint/syscalls/sys_enter_getppid") int hst_second(void *ctx)
{
	int key = bpf_get_prandom_u32();
	long *v = bpf_map_lookup_elem(&hst_good, &key);

	return *v;	/* the verifier wants a NULL check first */
}
#endif

#if STAGE == 3
SEC("tracepoint/minibpf/no_such_event") int hst_third(void *ctx)
{
	return 0;
}
#endif

char LICENSE[] SEC("license") = "GPL";
