/* missing_symbol.bpf.c: code that refers to a variable defined nowhere
 * (neither __kconfig nor __ksym), which no loader can resolve. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int defined_nowhere;

SEC("socket") int uses_it(struct __sk_buff *skb) { return defined_nowhere; }

char LICENSE[] SEC("license") = "GPL";
