/* externs_kconfig.bpf.c: .kconfig externs.  The program copies each into
 * .bss, where the test reads what the loader resolved. */
#include "common.h"

extern u32 LINUX_KERNEL_VERSION __kconfig;
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig __weak;
extern bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig __weak;
extern int CONFIG_HZ __kconfig __weak;
extern char CONFIG_LOCALVERSION[16] __kconfig __weak;
extern u64 CONFIG_MINIBPF_NO_SUCH_OPTION __kconfig __weak;

u32 out_version;
u32 out_wrapper;
u32 out_syscall;
u32 out_jit;
int out_hz;
char out_localversion[16];
u64 out_missing = 1;

SEC("socket") int read_kconfig(struct __sk_buff *skb)
{
	out_version = LINUX_KERNEL_VERSION;
	out_wrapper = LINUX_HAS_SYSCALL_WRAPPER;
	out_syscall = CONFIG_BPF_SYSCALL;
	out_jit = CONFIG_BPF_JIT;
	out_hz = CONFIG_HZ;
	__builtin_memcpy(out_localversion, CONFIG_LOCALVERSION, 16);
	out_missing = CONFIG_MINIBPF_NO_SUCH_OPTION;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
