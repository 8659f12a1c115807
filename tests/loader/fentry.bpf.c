/* fentry.bpf.c: BTF-attached programs whose target is a kernel function,
 * named at load time by its id in the kernel's BTF (attach_btf_id). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("fentry/do_nanosleep") int on_fentry(__u64 *ctx) { return 0; }
SEC("fexit/do_nanosleep") int on_fexit(__u64 *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";
