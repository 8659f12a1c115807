/* unknown_section.bpf.c: a program in a section no loader knows, next to
 * a good one: only loading `lost` may fail, `--prog good` must not. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("foo/bar") int lost(void *ctx) { return 0; }

SEC("socket") int good(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";
