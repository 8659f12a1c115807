// SPDX-License-Identifier: GPL-2.0
/* seed.bpf.c: the example minibpf grew from.
 *
 * Every BPF_MAP_LOOKUP_ELEM system call goes through the kernel function
 *
 *	int bpf_map_copy_value(struct bpf_map *map, void *key, void *value,
 *			       __u64 flags);
 *
 * This kprobe on it shows the three things a loader has to get right:
 *   - BPF_KPROBE names the function's arguments (map, key, value; not
 *     flags, which an i386 kernel passes on the stack), read from the
 *     registers of -D__TARGET_ARCH_xxx;
 *   - BPF_CORE_READ(map, map_type) reads a kernel struct field through a
 *     CO-RE relocation, so the offset comes from the running kernel;
 *   - maps of three kinds: `counters`, a perf event array that user space
 *     fills with one cpu-clock counter per CPU; `readings`, a per-CPU
 *     array holding the latest bpf_perf_event_read_value() of this CPU's
 *     counter; `calls`, a hash counting lookups per map type.
 *
 * It builds two ways, both with our headers alone (-I macros):
 *   - freestanding (the default, build/bpf/seed.bpf.o): the few kernel
 *     types it touches are declared below, struct bpf_map with
 *     preserve_access_index so that its field is relocated;
 *   - -DUSE_VMLINUX_H (build/bpf/seed-vmlinux.bpf.o): every type from a
 *     vmlinux.h dumped from this kernel's BTF.
 */
#ifdef USE_VMLINUX_H
#include "vmlinux.h"
#else
typedef unsigned int __u32;
typedef unsigned long long __u64;

/* The UAPI constants used below, values from linux/bpf.h (with the map
 * types `minibpf run --dump calls` should print by name). */
enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
};
enum {
	BPF_ANY = 0,			/* map update: create or replace */
	BPF_NOEXIST = 1,		/* map update: create only */
};
#define BPF_F_CURRENT_CPU 0xffffffffULL	/* index = this CPU */

struct bpf_perf_event_value {
	__u64 counter;			/* the counter's value */
	__u64 enabled;			/* time enabled, ns */
	__u64 running;			/* time running on the PMU, ns */
};

/* The one kernel field we read; CO-RE finds it in the running kernel. */
struct bpf_map {
	enum bpf_map_type map_type;
} __attribute__((preserve_access_index));

/* The registers a kprobe sees, as each kernel lays them out (an ABI, so
 * no relocation is needed), in the struct bpf_tracing.h reads for the
 * -D__TARGET_ARCH_xxx given.  The 32-bit kernels' (i386, arm) need none
 * here: bpf_tracing.h declares them with 32-bit fields itself. */
#if defined(__TARGET_ARCH_x86) && !defined(__i386__)
struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	unsigned long rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags;
	unsigned long rsp, ss;
};
#elif defined(__TARGET_ARCH_x86) || defined(__TARGET_ARCH_arm)
/* i386, arm: in bpf_tracing.h */
#elif defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
	__u64 regs[31], sp, pc, pstate;
};
#elif defined(__TARGET_ARCH_riscv)
struct user_regs_struct {
	__u64 pc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	__u64 a0, a1, a2, a3, a4, a5, a6, a7;
	__u64 s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6;
};
#elif defined(__TARGET_ARCH_s390)
typedef struct {
	__u64 mask, addr;
} __attribute__((aligned(8))) psw_t;
typedef struct {
	__u64 args[1];
	psw_t psw;
	__u64 gprs[16];
} user_pt_regs;
#else
#error "no registers declared for this arch here; use -DUSE_VMLINUX_H"
#endif
#endif /* USE_VMLINUX_H */

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

/* One perf event fd per CPU, put there by user space. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} counters SEC(".maps");

/* This CPU's latest reading of its counter. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_perf_event_value);
} readings SEC(".maps");

/* Lookups seen, by the looked-up map's type. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, enum bpf_map_type);	/* dumps print it by name */
	__type(value, __u64);
} calls SEC(".maps");

SEC("kprobe/bpf_map_copy_value")
int BPF_KPROBE(seed, struct bpf_map *map, void *key, void *value)
{
	struct bpf_perf_event_value v;
	enum bpf_map_type type = BPF_CORE_READ(map, map_type);
	__u32 zero = 0;
	__u64 one = 1, *n;

	n = bpf_map_lookup_elem(&calls, &type);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&calls, &type, &one, BPF_NOEXIST);

	if (bpf_perf_event_read_value(&counters, BPF_F_CURRENT_CPU, &v, sizeof(v)) == 0)
		bpf_map_update_elem(&readings, &zero, &v, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
