// SPDX-License-Identifier: GPL-2.0
/* large.bpf.c: the benchmark's larger object, what a real tool ships:
 * 36 programs of four types, 17 maps, global data in .data, .rodata and
 * .bss, sub-programs (static and global) shared between programs, and
 * CO-RE reads of task_struct, mm_struct and files_struct.
 *
 * The repetition is written with macros: KPROBE(n, func) expands to
 *
 *	SEC("kprobe/func") int kprobe_n(void *ctx)
 *	{ return on_event(&map_{n%16}, n, 0); }
 *
 * and on_event() (a sub-program) reads the current task through CO-RE
 * (task_fill, another sub-program) and counts into the map.  Nothing is
 * attached: `make bench` only loads it, with minibpf and with libbpf.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* The kernel fields read, declared without the rest: CO-RE finds them
 * where this kernel has them. */
#define __core __attribute__((preserve_access_index))
struct mm_struct { unsigned long start_brk, total_vm; } __core;
struct fdtable { unsigned int max_fds; } __core;
struct files_struct { struct fdtable *fdt; } __core;
struct task_struct {
	char comm[16];
	int pid, tgid;
	unsigned int flags;
	struct mm_struct *mm;
	struct files_struct *files;
	struct task_struct *real_parent, *group_leader;
} __core;

struct stats {
	__u64 count;
	__u64 bytes;
	__u64 start_brk, total_vm;
	__u32 pid, ppid, leader, max_fds, flags;
	char comm[16];
};

/* 16 counting maps of four kinds, and a ring buffer. */
#define MAP(n, kind)							\
	struct {							\
		__uint(type, kind);					\
		__uint(max_entries, 256);				\
		__type(key, __u32);					\
		__type(value, struct stats);				\
	} map_##n SEC(".maps")

MAP(0, BPF_MAP_TYPE_HASH);	MAP(1, BPF_MAP_TYPE_ARRAY);
MAP(2, BPF_MAP_TYPE_PERCPU_ARRAY); MAP(3, BPF_MAP_TYPE_LRU_HASH);
MAP(4, BPF_MAP_TYPE_HASH);	MAP(5, BPF_MAP_TYPE_ARRAY);
MAP(6, BPF_MAP_TYPE_PERCPU_ARRAY); MAP(7, BPF_MAP_TYPE_LRU_HASH);
MAP(8, BPF_MAP_TYPE_HASH);	MAP(9, BPF_MAP_TYPE_ARRAY);
MAP(10, BPF_MAP_TYPE_PERCPU_ARRAY); MAP(11, BPF_MAP_TYPE_LRU_HASH);
MAP(12, BPF_MAP_TYPE_HASH);	MAP(13, BPF_MAP_TYPE_ARRAY);
MAP(14, BPF_MAP_TYPE_PERCPU_ARRAY); MAP(15, BPF_MAP_TYPE_LRU_HASH);

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* Globals in the three data sections. */
volatile const __u32 filter_tgid = 0;		/* .rodata: 0 = everyone */
volatile const __u32 sample_every = 1;		/* .rodata */
__u64 total_events = 0;				/* .bss */
__u64 per_slot[16] = {};			/* .bss */
__u32 ring_enabled = 1;				/* .data */

/* What the current task looks like: eight CO-RE reads. */
static __noinline int task_fill(struct stats *s)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	s->pid = BPF_CORE_READ(t, pid);
	s->ppid = BPF_CORE_READ(t, real_parent, tgid);
	s->leader = BPF_CORE_READ(t, group_leader, pid);
	s->flags = BPF_CORE_READ(t, flags);
	if (bpf_core_field_exists(t->mm)) {
		s->start_brk = BPF_CORE_READ(t, mm, start_brk);
		s->total_vm = BPF_CORE_READ(t, mm, total_vm);
	}
	s->max_fds = BPF_CORE_READ(t, files, fdt, max_fds);
	BPF_CORE_READ_STR_INTO(&s->comm, t, comm);
	return s->pid;
}

/* A global function: the verifier checks it once, on its own. */
__noinline int slot_of(__u32 n)
{
	return n & 15;
}

static __noinline void count(struct stats *s, __u64 bytes)
{
	__sync_fetch_and_add(&s->count, 1);
	__sync_fetch_and_add(&s->bytes, bytes);
}

static __noinline void emit(const struct stats *s)
{
	struct stats *r;

	if (!ring_enabled)
		return;
	r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
	if (!r)
		return;
	__builtin_memcpy(r, s, sizeof(*r));
	bpf_ringbuf_submit(r, 0);
}

/* Tracing programs: who, counted in map, and sent on the ring. */
static __always_inline int on_event(void *map, __u32 n, __u64 bytes)
{
	struct stats s = {}, *v;
	__u32 key = n;

	if (task_fill(&s) < 0)
		return 0;
	if (filter_tgid && (__u32)(bpf_get_current_pid_tgid() >> 32) != filter_tgid)
		return 0;
	__sync_fetch_and_add(&total_events, 1);
	__sync_fetch_and_add(&per_slot[slot_of(n) & 15], 1);
	v = bpf_map_lookup_elem(map, &key);
	if (!v) {
		bpf_map_update_elem(map, &key, &s, BPF_NOEXIST);
		v = bpf_map_lookup_elem(map, &key);
		if (!v)
			return 0;
	}
	count(v, bytes);
	if (sample_every && total_events % sample_every == 0)
		emit(&s);
	return 0;
}

/* Socket filters cannot see the task: count packet bytes only. */
static __always_inline int on_packet(void *map, __u32 n, __u64 bytes)
{
	__u32 key = n;
	struct stats *v = bpf_map_lookup_elem(map, &key);

	if (v)
		count(v, bytes);
	return 0;
}

#define KPROBE(n, func)							\
	SEC("kprobe/" #func) int kprobe_##n(void *ctx)			\
	{ return on_event(&map_##n, n, 0); }
#define TRACEPOINT(n, m, name)						\
	SEC("tracepoint/syscalls/" #name) int tp_##n(void *ctx)	\
	{ return on_event(&map_##m, n, 0); }
#define RAW_TP(n, m, name)						\
	SEC("raw_tp/" #name) int raw_##n(void *ctx)			\
	{ return on_event(&map_##m, n, 0); }
#define SOCKET(n, m)							\
	SEC("socket") int socket_##n(struct __sk_buff *skb)		\
	{ return on_packet(&map_##m, n, skb->len); }

KPROBE(0, do_sys_openat2)	KPROBE(1, vfs_read)
KPROBE(2, vfs_write)		KPROBE(3, vfs_open)
KPROBE(4, do_unlinkat)		KPROBE(5, do_mkdirat)
KPROBE(6, tcp_sendmsg)		KPROBE(7, tcp_recvmsg)
KPROBE(8, udp_sendmsg)		KPROBE(9, ip_output)
KPROBE(10, do_exit)		KPROBE(11, wake_up_new_task)
KPROBE(12, schedule)		KPROBE(13, handle_mm_fault)
KPROBE(14, bpf_map_copy_value)	KPROBE(15, security_file_open)

TRACEPOINT(16, 0, sys_enter_read)	TRACEPOINT(17, 1, sys_enter_write)
TRACEPOINT(18, 2, sys_enter_openat)	TRACEPOINT(19, 3, sys_enter_close)
TRACEPOINT(20, 4, sys_enter_execve)	TRACEPOINT(21, 5, sys_enter_clone)
TRACEPOINT(22, 6, sys_enter_mmap)	TRACEPOINT(23, 7, sys_enter_getpid)

RAW_TP(24, 8, sys_enter)	RAW_TP(25, 9, sys_exit)
RAW_TP(26, 10, sched_switch)	RAW_TP(27, 11, sched_process_exec)
RAW_TP(28, 12, sched_process_fork) RAW_TP(29, 13, sched_process_exit)
RAW_TP(30, 14, task_newtask)	RAW_TP(31, 15, sched_wakeup)

SOCKET(32, 0)	SOCKET(33, 5)	SOCKET(34, 10)	SOCKET(35, 15)

char LICENSE[] SEC("license") = "GPL";
