// SPDX-License-Identifier: GPL-2.0
/* tcpconnect.bpf.c: outgoing IPv4 TCP connections, counted per
 * destination.  A kprobe on tcp_v4_connect() keeps the socket per thread;
 * the kretprobe, if the connect started, reads the destination address
 * and port from the socket through CO-RE and counts it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

struct dest {
	__u32 daddr;		/* network order, as in the socket */
	__u16 dport;		/* host order */
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);		/* thread id */
	__type(value, struct sock *);
} sockets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct dest);
	__type(value, __u64);
} connects SEC(".maps");

SEC("kprobe/tcp_v4_connect")
int BPF_KPROBE(tcp_v4_connect_entry, struct sock *sk)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_update_elem(&sockets, &tid, &sk, BPF_ANY);
	return 0;
}

SEC("kretprobe/tcp_v4_connect")
int BPF_KRETPROBE(tcp_v4_connect_return, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sock **skp = bpf_map_lookup_elem(&sockets, &tid);
	struct dest d = {};
	__u64 one = 1, *n;

	if (!skp)
		return 0;
	if (ret == 0) {
		d.daddr = BPF_CORE_READ(*skp, __sk_common.skc_daddr);
		d.dport = bpf_ntohs(BPF_CORE_READ(*skp, __sk_common.skc_dport));
		n = bpf_map_lookup_elem(&connects, &d);
		if (n)
			__sync_fetch_and_add(n, 1);
		else
			bpf_map_update_elem(&connects, &d, &one, BPF_NOEXIST);
	}
	bpf_map_delete_elem(&sockets, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
