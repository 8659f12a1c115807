/* externs_ksym_typed.bpf.c: a typed __ksym, a per-CPU kernel variable
 * the loader finds by name in vmlinux BTF (BPF_PSEUDO_BTF_ID).  The
 * program returns 1 if bpf_this_cpu_ptr gave a pointer. */
#include "common.h"

extern const int bpf_prog_active __ksym;

SEC("socket") int use_percpu(struct __sk_buff *skb)
{
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);

	return active != 0;
}

char LICENSE[] SEC("license") = "GPL";
