/* externs_ksym.bpf.c: __ksym externs of every kind.
 *   typeless: the address of a kernel function, from /proc/kallsyms;
 *   kfunc: kernel functions called by BTF id;
 *   weak and missing: address 0.
 * The program stores the addresses in .bss and returns 1.
 * Typed ksyms are in externs_ksym_typed.bpf.c. */
#include "common.h"

extern const void bpf_task_acquire __ksym;
extern const void minibpf_no_such_symbol __ksym __weak;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

u64 out_addr;
u64 out_missing = 1;

SEC("socket") int use_ksyms(struct __sk_buff *skb)
{
	out_addr = (u64)&bpf_task_acquire;
	out_missing = (u64)&minibpf_no_such_symbol;
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
