/* arch.h: what the VM tests expect of the kernel of each architecture
 * they run on (tests/vm/targets.sh).  The test programs are built for
 * the guest's architecture, so the compiler's macros say which kernel
 * runs them.
 *
 *   VM_SYSCALL_PREFIX  the prefix of a system call's entry function with
 *                      the kernel's syscall wrappers ("sys_": none)
 *   VM_REGS_RC_OFF     offsetof(struct pt_regs, <return value register>)
 *   VM_REGS_LONG       the size of a register in the kernel's pt_regs
 *   VM_O_LARGEFILE     the kernel's O_LARGEFILE, which 64-bit kernels add
 *                      to every open (and 32-bit glibc passes itself)
 *   VM_BODY_OFF        an offset into do_sys_openat2 where a kprobe fires
 *                      before the arguments are touched: the instruction
 *                      after the ftrace patch site (tests/vm/progs/open.bpf.c
 *                      has the same numbers for its SEC name)
 *   VM_NO_RETPROBES    defined where the kernel has no return probes:
 *                      riscv64 6.12 cannot put a kprobe on a function's
 *                      entry (its ftrace patch site, no KPROBES_ON_FTRACE),
 *                      which a return probe needs; minibpf then probes an
 *                      entry past that site, and refuses a return probe
 *                      with a message the tests check
 * Offsets are from each architecture's asm/ptrace.h.
 */
#ifndef MINIBPF_VM_ARCH_H
#define MINIBPF_VM_ARCH_H

#if defined(__x86_64__)
#define VM_SYSCALL_PREFIX "__x64_sys_"
#define VM_REGS_RC_OFF 80	/* r15..r8 (10 regs), then ax */
#define VM_REGS_LONG 8
#define VM_O_LARGEFILE 0100000
#define VM_BODY_OFF "5"		/* after the 5-byte ftrace nop */
#elif defined(__i386__)
#define VM_SYSCALL_PREFIX "__ia32_sys_"
#define VM_REGS_RC_OFF 24	/* bx cx dx si di bp, then ax */
#define VM_REGS_LONG 4
#define VM_O_LARGEFILE 0100000
#define VM_BODY_OFF "5"
#elif defined(__aarch64__)
#define VM_SYSCALL_PREFIX "__arm64_sys_"
#define VM_REGS_RC_OFF 0	/* regs[0] */
#define VM_REGS_LONG 8
#define VM_O_LARGEFILE 0400000
#define VM_BODY_OFF "8"		/* after the two nops of the patch site */
#elif defined(__arm__)
#define VM_SYSCALL_PREFIX "sys_"
#define VM_REGS_RC_OFF 0	/* uregs[0] */
#define VM_REGS_LONG 4
#define VM_O_LARGEFILE 0400000
#define VM_BODY_OFF "4"
#elif defined(__riscv)
#define VM_SYSCALL_PREFIX "__riscv_sys_"
#define VM_REGS_RC_OFF 80	/* epc ra sp gp tp t0-t2 s0 s1, then a0 */
#define VM_REGS_LONG 8
#define VM_O_LARGEFILE 0100000
#define VM_BODY_OFF "8"
#define VM_NO_RETPROBES
#elif defined(__s390x__)
#define VM_SYSCALL_PREFIX "__s390x_sys_"
#define VM_REGS_RC_OFF 40	/* args[1], psw (16 bytes), gprs[0..1] */
#define VM_REGS_LONG 8
#define VM_O_LARGEFILE 0100000
#define VM_BODY_OFF "6"		/* after the 6-byte brcl of ftrace */
#else
#error "tests/vm/arch.h: no facts for this architecture"
#endif

#endif
