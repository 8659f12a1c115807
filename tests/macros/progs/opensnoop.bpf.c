// SPDX-License-Identifier: GPL-2.0
/* opensnoop.bpf.c: every openat(), with the file name and flags.
 * A BPF_KSYSCALL program: it works with and without the kernel's syscall
 * wrappers (the loader sets LINUX_HAS_SYSCALL_WRAPPER), reads the user's
 * string and sends one event per call through a perf event array. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

struct open_event {
	__u32 pid;
	int flags;
	char comm[16];
	char filename[128];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} open_events SEC(".maps");

/* A per-CPU scratch event: 152 bytes is too much for comfort on the stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct open_event);
} scratch SEC(".maps");

SEC("ksyscall/openat")
int BPF_KSYSCALL(openat_entry, int dfd, const char *filename, int flags, int mode)
{
	__u32 zero = 0;
	struct open_event *e = bpf_map_lookup_elem(&scratch, &zero);

	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->flags = flags;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(&e->filename, sizeof(e->filename), filename);
	bpf_perf_event_output(ctx, &open_events, BPF_F_CURRENT_CPU, e, sizeof(*e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
