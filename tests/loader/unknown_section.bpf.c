/* unknown_section.bpf.c: a program in a section no loader knows. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("foo/bar") int lost(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";
