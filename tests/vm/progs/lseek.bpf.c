/* lseek.bpf.c: the lseek(2) system call seen through ksyscall and
 * kretsyscall: the loader finds the architecture's entry function
 * (__x64_sys_lseek on x86-64, __arm64_sys_lseek on arm64...) in /proc/kallsyms, and BPF_KSYSCALL reads
 * the user's arguments from the pt_regs the wrapper was given (the
 * loader sets LINUX_HAS_SYSCALL_WRAPPER for this kernel).  Only calls of
 * the test process (want_pid) are counted.
 *
 * Those reads are CO-RE reads of the *kernel's* struct pt_regs, whose x86
 * fields are named di, si, dx (the UAPI <asm/ptrace.h> says rdi, rsi,
 * rdx, names the kernel's BTF does not have: the relocation would find
 * nothing).  So the struct is declared here as the kernel has it, and
 * __VMLINUX_H__ tells bpf_tracing.h to use the kernel's names, as it
 * does with a real vmlinux.h.
 */
#include <linux/bpf.h>

#if defined(__TARGET_ARCH_x86) && !defined(__i386__)
#define __VMLINUX_H__ 1
struct pt_regs {			/* arch/x86/include/asm/ptrace.h */
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
} __attribute__((preserve_access_index));
#elif defined(__TARGET_ARCH_x86)		/* i386: the same, 32-bit */
#define __VMLINUX_H__ 1
struct pt_regs {			/* arch/x86/include/asm/ptrace.h */
	unsigned long bx, cx, dx, si, di, bp, ax;
	unsigned short ds, __dsh, es, __esh, fs, __fsh, gs, __gsh;
	unsigned long orig_ax, ip;
	unsigned short cs, __csh;
	unsigned long flags, sp;
	unsigned short ss, __ssh;
} __attribute__((preserve_access_index));
#else
/* Elsewhere the UAPI names are the kernel's (bpf_tracing.h's table). */
#include <asm/ptrace.h>
#endif

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

const volatile unsigned int want_pid;
int seen_fd, seen_whence;
long long seen_off, seen_ret;
unsigned int entries, exits;

SEC("ksyscall/lseek")
int BPF_KSYSCALL(on_lseek, int fd, long offset, int whence)
{
	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	seen_fd = fd;
	seen_off = offset;
	seen_whence = whence;
	__sync_fetch_and_add(&entries, 1);
	return 0;
}

SEC("kretsyscall/lseek")
int BPF_KRETPROBE(on_lseek_ret, long ret)
{
	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	seen_ret = ret;
	__sync_fetch_and_add(&exits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
