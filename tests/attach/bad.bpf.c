/* bad.bpf.c: programs that load but cannot attach; each attach error
 * must name the program, the target and the reason. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("uprobe/./attach_target:no_such_function")
int on_missing_sym(void *ctx) { return 0; }

SEC("uprobe/./no_such_binary:main")
int on_missing_file(void *ctx) { return 0; }

SEC("tracepoint/syscalls/sys_enter_no_such_call")
int on_missing_tp(void *ctx) { return 0; }

SEC("raw_tp/no_such_raw_tracepoint")
int on_missing_raw_tp(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";
