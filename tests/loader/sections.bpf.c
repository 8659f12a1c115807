/* sections.bpf.c: one program for each section kind minibpf knows.
 * Each must load with the program type (and, for BTF-attached kinds,
 * the attach target) that its section name implies.  fentry and fexit
 * are in fentry.bpf.o: this machine's kernel refuses to load them (EPERM
 * before the verifier runs), so the VM tests load them instead. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_unlinkat") int on_kprobe(void *ctx) { return 0; }
SEC("kretprobe/do_unlinkat") int on_kretprobe(void *ctx) { return 0; }
SEC("ksyscall/getpid") int on_ksyscall(void *ctx) { return 0; }
SEC("uprobe/bin/true:main") int on_uprobe(void *ctx) { return 0; }
SEC("uretprobe/bin/true:main") int on_uretprobe(void *ctx) { return 0; }
SEC("tracepoint/syscalls/sys_enter_getpid") int on_tracepoint(void *ctx) { return 0; }
SEC("tp/sched/sched_process_exec") int on_tp(void *ctx) { return 0; }
SEC("raw_tracepoint/sys_enter") int on_raw_tracepoint(void *ctx) { return 0; }
SEC("raw_tp/sys_exit") int on_raw_tp(void *ctx) { return 0; }
SEC("tp_btf/sched_switch") int on_tp_btf(__u64 *ctx) { return 0; }
SEC("perf_event") int on_perf_event(void *ctx) { return 0; }
SEC("socket") int on_socket(struct __sk_buff *skb) { return 0; }
SEC("xdp") int on_xdp(struct xdp_md *xdp) { return XDP_PASS; }
SEC("tc") int on_tc(struct __sk_buff *skb) { return 0; }

char LICENSE[] SEC("license") = "GPL";
__u32 VERSION SEC("version") = 0x060100;
