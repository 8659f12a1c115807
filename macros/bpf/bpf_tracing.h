/* bpf_tracing.h: function arguments and registers for kprobes and friends.
 *
 * A drop-in for libbpf's header of the same name.  A kprobe program gets
 * the probed CPU's registers (struct pt_regs *ctx); which register holds
 * the 3rd argument, the return value or the stack pointer depends on the
 * architecture the *kernel* runs on, which a -target bpf compile cannot
 * know.  The program says it with -D__TARGET_ARCH_xxx:
 *
 *   -D__TARGET_ARCH_  kernel       registers read through     args in regs
 *   x86               x86-64       struct pt_regs             6
 *   x86 + __i386__    i386         struct pt_regs___mb32 (*)  3 (regparm=3)
 *   arm64             arm64        struct user_pt_regs        8
 *   arm               arm (32)     struct pt_regs___mb32 (*)  4
 *   riscv             riscv64      struct user_regs_struct    8
 *   mips              mips64 (n64) struct pt_regs             8
 *   s390              s390x        user_pt_regs (a typedef)   5
 *   powerpc           powerpc64    struct pt_regs             8
 *   loongarch         loongarch64  struct user_pt_regs        8
 *
 * i386: -target bpf defines no host macros, so an i386 kernel is chosen
 * with -D__TARGET_ARCH_x86 -D__i386__ (libbpf's spelling, which tests
 * __i386__ too).  Unlike libbpf we also handle an i386 vmlinux.h.
 *
 * (*) 32-bit kernels: declared below with 32-bit fields, whatever the
 * program declares, because a "long" in a BPF program is 8 bytes.
 *
 * Elsewhere the struct named in the table must be declared by the program:
 * by vmlinux.h of a kernel of that architecture, or by the architecture's
 * UAPI <asm/ptrace.h>.  Both spell the fields the same way except on x86,
 * where vmlinux.h (recognised by its guard __VMLINUX_H__, or __KERNEL__)
 * says di, si, ax and UAPI says rdi, rsi, rax (edi, esi, eax on i386);
 * both are handled.  On mips the UAPI struct pt_regs has a different
 * layout from the kernel's; use vmlinux.h there (its CO-RE relocations
 * fix the offsets).
 *
 * What this header gives (x is a struct pt_regs *):
 *   PT_REGS_PARM1(x)..PARM8(x)  the function's arguments, up to the arch's
 *                               count; beyond it a compile error says so
 *   PT_REGS_RC(x)               the return value (in a kretprobe)
 *   PT_REGS_RET(x)              the return address: the register holding
 *                               it, or on x86 the stack slot's address
 *   PT_REGS_FP/SP/IP(x)         frame pointer, stack pointer, instruction
 *   ..._CORE(x)                 the same through BPF_CORE_READ, for a
 *                               pt_regs pointer that is not the ctx
 *   PT_REGS_PARM1_SYSCALL(x)..6 a system call's arguments (its own
 *                               register convention), and _CORE_SYSCALL
 *   BPF_KPROBE, BPF_KRETPROBE, BPF_UPROBE, BPF_URETPROBE, BPF_KSYSCALL,
 *   BPF_PROG: programs that name their arguments.
 * Without -D__TARGET_ARCH_xxx the header still compiles (BPF_PROG needs no
 * registers); using a register macro is then a compile error saying so.
 *
 * Register facts are from each architecture's ptrace.h and calling
 * convention; tests/macros checks the byte offsets every macro reads.
 */
#ifndef MINIBPF_BPF_TRACING_H
#define MINIBPF_BPF_TRACING_H

#include "bpf_helpers.h"
#include "bpf_core_read.h"

struct pt_regs;

/* bpf_target_<arch> and bpf_target_defined -> defined (empty) for the
 * -D__TARGET_ARCH_<arch> given, as libbpf's programs test them. */
#if defined(__TARGET_ARCH_x86)
#define bpf_target_x86
#elif defined(__TARGET_ARCH_arm64)
#define bpf_target_arm64
#elif defined(__TARGET_ARCH_arm)
#define bpf_target_arm
#elif defined(__TARGET_ARCH_riscv)
#define bpf_target_riscv
#elif defined(__TARGET_ARCH_mips)
#define bpf_target_mips
#elif defined(__TARGET_ARCH_s390)
#define bpf_target_s390
#elif defined(__TARGET_ARCH_powerpc)
#define bpf_target_powerpc
#elif defined(__TARGET_ARCH_loongarch)
#define bpf_target_loongarch
#elif defined(__TARGET_ARCH_sparc)
#define bpf_target_sparc
#elif defined(__TARGET_ARCH_arc)
#define bpf_target_arc
#endif
#if defined(__TARGET_ARCH_x86) || defined(__TARGET_ARCH_arm64) ||	\
	defined(__TARGET_ARCH_arm) || defined(__TARGET_ARCH_riscv) ||	\
	defined(__TARGET_ARCH_mips) || defined(__TARGET_ARCH_s390) ||	\
	defined(__TARGET_ARCH_powerpc) || defined(__TARGET_ARCH_loongarch) || \
	defined(__TARGET_ARCH_sparc) || defined(__TARGET_ARCH_arc)
#define bpf_target_defined
#endif

/* --- The register table, one block per architecture ------------------ */
/*
 * Each block defines:
 *   __MB_ARCH            the name used in error messages
 *   __MB_REGS(x)         x cast to the struct that has the register fields
 *   __MB_NR_PARMS        how many function arguments travel in registers
 *   __MB_PARM1..n        the field holding argument 1..n
 *   __MB_RET __MB_FP __MB_RC __MB_SP __MB_IP   (no __MB_FP: none exists)
 *   __MB_SC_PARM1..6     the fields holding system call arguments 1..6
 *   __MB_SC_PARM1_TYPE   if set, syscall argument 1 lives in the kernel's
 *                        struct pt_regs, outside __MB_REGS's struct, and
 *                        is read by CO-RE through this local type
 *   __MB_RET_IN_REG      the return address is a register, not on the stack
 *   __MB_SYSCALL_WRAPPER current kernels pass syscall args as a pt_regs *
 */
#if defined(__TARGET_ARCH_x86) && defined(__i386__)
/* The kernel's struct pt_regs on i386, with its 32-bit fields and its
 * own names (UAPI's are ebx, ecx..): UAPI <asm/ptrace.h> and vmlinux.h
 * both say "long", 8 bytes in a BPF program, which would double every
 * offset.  The layout is the kernel's ABI, so direct reads need no
 * relocation; the ___mb32 flavour lets the _CORE reads match the
 * kernel's pt_regs by name. */
struct pt_regs___mb32 {
	unsigned int bx, cx, dx, si, di, bp, ax;
	unsigned int ds, es, fs, gs, orig_ax, ip, cs, flags, sp, ss;
};
#define __MB_ARCH "i386"
#define __MB_REGS(x) ((const struct pt_regs___mb32 *)(x))
#define __MB_NR_PARMS 3			/* the kernel is built -mregparm=3 */
#define __MB_PARM1 ax
#define __MB_PARM2 dx
#define __MB_PARM3 cx
#define __MB_RET sp			/* the return address is at *sp */
#define __MB_FP bp
#define __MB_RC ax
#define __MB_SP sp
#define __MB_IP ip
#define __MB_SC_PARM1 bx		/* int $0x80: ebx ecx edx esi edi ebp */
#define __MB_SC_PARM2 cx
#define __MB_SC_PARM3 dx
#define __MB_SC_PARM4 si
#define __MB_SC_PARM5 di
#define __MB_SC_PARM6 bp
#define __MB_SYSCALL_WRAPPER 1

#elif defined(__TARGET_ARCH_x86)
#define __MB_ARCH "x86_64"
#define __MB_REGS(x) ((const struct pt_regs *)(x))
#define __MB_NR_PARMS 6			/* System V AMD64 ABI */
#if defined(__VMLINUX_H__) || defined(__KERNEL__)
#define __MB_PARM1 di
#define __MB_PARM2 si
#define __MB_PARM3 dx
#define __MB_PARM4 cx
#define __MB_PARM5 r8
#define __MB_PARM6 r9
#define __MB_RET sp			/* the return address is at *sp */
#define __MB_FP bp
#define __MB_RC ax
#define __MB_SP sp
#define __MB_IP ip
#define __MB_SC_PARM1 di		/* syscall: r10 replaces rcx, */
#define __MB_SC_PARM2 si		/* which the instruction clobbers */
#define __MB_SC_PARM3 dx
#define __MB_SC_PARM4 r10
#define __MB_SC_PARM5 r8
#define __MB_SC_PARM6 r9
#else
#define __MB_PARM1 rdi
#define __MB_PARM2 rsi
#define __MB_PARM3 rdx
#define __MB_PARM4 rcx
#define __MB_PARM5 r8
#define __MB_PARM6 r9
#define __MB_RET rsp
#define __MB_FP rbp
#define __MB_RC rax
#define __MB_SP rsp
#define __MB_IP rip
#define __MB_SC_PARM1 rdi
#define __MB_SC_PARM2 rsi
#define __MB_SC_PARM3 rdx
#define __MB_SC_PARM4 r10
#define __MB_SC_PARM5 r8
#define __MB_SC_PARM6 r9
#endif
#define __MB_SYSCALL_WRAPPER 1

#elif defined(__TARGET_ARCH_arm64)
/* The kernel's pt_regs starts with user_pt_regs { regs[31], sp, pc,
 * pstate }, the only part UAPI declares; orig_x0 follows it. */
struct pt_regs___arm64 {
	unsigned long orig_x0;
};
#define __MB_ARCH "arm64"
#define __MB_REGS(x) ((const struct user_pt_regs *)(x))
#define __MB_NR_PARMS 8			/* AAPCS64: x0-x7 */
#define __MB_PARM1 regs[0]
#define __MB_PARM2 regs[1]
#define __MB_PARM3 regs[2]
#define __MB_PARM4 regs[3]
#define __MB_PARM5 regs[4]
#define __MB_PARM6 regs[5]
#define __MB_PARM7 regs[6]
#define __MB_PARM8 regs[7]
#define __MB_RET regs[30]		/* x30, the link register */
#define __MB_FP regs[29]		/* x29, with CONFIG_FRAME_POINTER */
#define __MB_RC regs[0]
#define __MB_SP sp
#define __MB_IP pc
#define __MB_SC_PARM1 orig_x0		/* x0 is overwritten by the result */
#define __MB_SC_PARM1_TYPE struct pt_regs___arm64
#define __MB_SC_PARM2 regs[1]
#define __MB_SC_PARM3 regs[2]
#define __MB_SC_PARM4 regs[3]
#define __MB_SC_PARM5 regs[4]
#define __MB_SC_PARM6 regs[5]
#define __MB_RET_IN_REG 1
#define __MB_SYSCALL_WRAPPER 1

#elif defined(__TARGET_ARCH_arm)
/* The kernel's struct pt_regs on arm: 18 32-bit words, r0-r15, cpsr and
 * orig_r0.  UAPI and vmlinux.h declare them "long", 8 bytes in a BPF
 * program; declared here as the kernel lays them out (an ABI: direct
 * reads need no relocation; ___mb32 lets _CORE reads match pt_regs). */
struct pt_regs___mb32 {
	unsigned int uregs[18];
};
#define __MB_ARCH "arm"
#define __MB_REGS(x) ((const struct pt_regs___mb32 *)(x))
#define __MB_NR_PARMS 4			/* AAPCS: r0-r3 */
#define __MB_PARM1 uregs[0]
#define __MB_PARM2 uregs[1]
#define __MB_PARM3 uregs[2]
#define __MB_PARM4 uregs[3]
#define __MB_RET uregs[14]		/* lr */
#define __MB_FP uregs[11]		/* fp, with CONFIG_FRAME_POINTER */
#define __MB_RC uregs[0]
#define __MB_SP uregs[13]
#define __MB_IP uregs[15]		/* pc; uregs[12] is "ip", a scratch reg */
#define __MB_SC_PARM1 uregs[0]		/* EABI swi: r0-r6, number in r7 */
#define __MB_SC_PARM2 uregs[1]
#define __MB_SC_PARM3 uregs[2]
#define __MB_SC_PARM4 uregs[3]
#define __MB_SC_PARM5 uregs[4]
#define __MB_SC_PARM6 uregs[5]
#define __MB_RET_IN_REG 1
#define __MB_SYSCALL_WRAPPER 0

#elif defined(__TARGET_ARCH_riscv)
/* The kernel's pt_regs is user_regs_struct (pc named epc) and then
 * status, badaddr, cause, orig_a0. */
struct pt_regs___riscv {
	unsigned long orig_a0;
};
#define __MB_ARCH "riscv64"
#define __MB_REGS(x) ((const struct user_regs_struct *)(x))
#define __MB_NR_PARMS 8			/* a0-a7 */
#define __MB_PARM1 a0
#define __MB_PARM2 a1
#define __MB_PARM3 a2
#define __MB_PARM4 a3
#define __MB_PARM5 a4
#define __MB_PARM6 a5
#define __MB_PARM7 a6
#define __MB_PARM8 a7
#define __MB_RET ra
#define __MB_FP s0			/* with CONFIG_FRAME_POINTER */
#define __MB_RC a0
#define __MB_SP sp
#define __MB_IP pc
#define __MB_SC_PARM1 orig_a0		/* a0 is overwritten by the result */
#define __MB_SC_PARM1_TYPE struct pt_regs___riscv
#define __MB_SC_PARM2 a1
#define __MB_SC_PARM3 a2
#define __MB_SC_PARM4 a3
#define __MB_SC_PARM5 a4
#define __MB_SC_PARM6 a5
#define __MB_RET_IN_REG 1
#define __MB_SYSCALL_WRAPPER 1		/* since Linux 6.6 */

#elif defined(__TARGET_ARCH_mips)
#define __MB_ARCH "mips64"
#define __MB_REGS(x) ((const struct pt_regs *)(x))
#define __MB_NR_PARMS 8			/* n64: $4-$11 (a0-a7) */
#define __MB_PARM1 regs[4]
#define __MB_PARM2 regs[5]
#define __MB_PARM3 regs[6]
#define __MB_PARM4 regs[7]
#define __MB_PARM5 regs[8]
#define __MB_PARM6 regs[9]
#define __MB_PARM7 regs[10]
#define __MB_PARM8 regs[11]
#define __MB_RET regs[31]		/* ra */
#define __MB_FP regs[30]		/* s8/fp, with CONFIG_FRAME_POINTER */
#define __MB_RC regs[2]			/* v0 */
#define __MB_SP regs[29]
#define __MB_IP cp0_epc
#define __MB_SC_PARM1 regs[4]
#define __MB_SC_PARM2 regs[5]
#define __MB_SC_PARM3 regs[6]
#define __MB_SC_PARM4 regs[7]
#define __MB_SC_PARM5 regs[8]
#define __MB_SC_PARM6 regs[9]
#define __MB_RET_IN_REG 1
#define __MB_SYSCALL_WRAPPER 0

#elif defined(__TARGET_ARCH_s390)
/* The kernel's pt_regs is user_pt_regs { args[1], psw, gprs[16] } and
 * then orig_gpr2. */
struct pt_regs___s390 {
	unsigned long orig_gpr2;
};
#define __MB_ARCH "s390x"
#define __MB_REGS(x) ((const user_pt_regs *)(x))
#define __MB_NR_PARMS 5			/* r2-r6 */
#define __MB_PARM1 gprs[2]
#define __MB_PARM2 gprs[3]
#define __MB_PARM3 gprs[4]
#define __MB_PARM4 gprs[5]
#define __MB_PARM5 gprs[6]
#define __MB_RET gprs[14]		/* r14, the return address */
#define __MB_FP gprs[11]		/* with CONFIG_FRAME_POINTER */
#define __MB_RC gprs[2]
#define __MB_SP gprs[15]
#define __MB_IP psw.addr
#define __MB_SC_PARM1 orig_gpr2		/* gpr2 is set to -ENOSYS on entry */
#define __MB_SC_PARM1_TYPE struct pt_regs___s390
#define __MB_SC_PARM2 gprs[3]
#define __MB_SC_PARM3 gprs[4]
#define __MB_SC_PARM4 gprs[5]
#define __MB_SC_PARM5 gprs[6]
#define __MB_SC_PARM6 gprs[7]
#define __MB_RET_IN_REG 1
#define __MB_SYSCALL_WRAPPER 1

#elif defined(__TARGET_ARCH_powerpc)
#define __MB_ARCH "powerpc64"
#define __MB_REGS(x) ((const struct pt_regs *)(x))
#define __MB_NR_PARMS 8			/* ELFv1/v2: r3-r10 */
#define __MB_PARM1 gpr[3]
#define __MB_PARM2 gpr[4]
#define __MB_PARM3 gpr[5]
#define __MB_PARM4 gpr[6]
#define __MB_PARM5 gpr[7]
#define __MB_PARM6 gpr[8]
#define __MB_PARM7 gpr[9]
#define __MB_PARM8 gpr[10]
#define __MB_RET link			/* the link register */
/* no __MB_FP: the ABI has no frame pointer register (r1 back chain) */
#define __MB_RC gpr[3]
#define __MB_SP gpr[1]
#define __MB_IP nip
#define __MB_SC_PARM1 orig_gpr3		/* r3 is overwritten by the result */
#define __MB_SC_PARM2 gpr[4]
#define __MB_SC_PARM3 gpr[5]
#define __MB_SC_PARM4 gpr[6]
#define __MB_SC_PARM5 gpr[7]
#define __MB_SC_PARM6 gpr[8]
#define __MB_RET_IN_REG 1
#define __MB_SYSCALL_WRAPPER 1		/* since Linux 6.1 */

#elif defined(__TARGET_ARCH_loongarch)
#define __MB_ARCH "loongarch64"
#define __MB_REGS(x) ((const struct user_pt_regs *)(x))
#define __MB_NR_PARMS 8			/* a0-a7 = $r4-$r11 */
#define __MB_PARM1 regs[4]
#define __MB_PARM2 regs[5]
#define __MB_PARM3 regs[6]
#define __MB_PARM4 regs[7]
#define __MB_PARM5 regs[8]
#define __MB_PARM6 regs[9]
#define __MB_PARM7 regs[10]
#define __MB_PARM8 regs[11]
#define __MB_RET regs[1]		/* ra */
#define __MB_FP regs[22]		/* fp, with CONFIG_FRAME_POINTER */
#define __MB_RC regs[4]
#define __MB_SP regs[3]
#define __MB_IP csr_era
#define __MB_SC_PARM1 orig_a0		/* a0 is overwritten by the result */
#define __MB_SC_PARM2 regs[5]
#define __MB_SC_PARM3 regs[6]
#define __MB_SC_PARM4 regs[7]
#define __MB_SC_PARM5 regs[8]
#define __MB_SC_PARM6 regs[9]
#define __MB_RET_IN_REG 1
#define __MB_SYSCALL_WRAPPER 0

#else
/* No architecture: every register macro below is a compile error. */
#define __MB_NR_PARMS 8
#endif

/* --- Register macros, built from the table --------------------------- */

/*
 * __mb_reg(x, R) -> __MB_REGS(x)->R: a direct load from the context.
 * __mb_reg_core(x, R) -> BPF_CORE_READ(__MB_REGS(x), R): a probe read at a
 * relocated offset, for a pt_regs that is not the context.
 * Without an architecture both are a compile error naming the fix.
 */
#ifdef __MB_ARCH
#define __mb_reg(x, reg) (__MB_REGS(x)->reg)
#define __mb_reg_core(x, reg) BPF_CORE_READ(__MB_REGS(x), reg)
#else
#define __mb_reg(x, reg) ({						\
	_Static_assert(0, "bpf_tracing.h: give the kernel's architecture "\
		       "with -D__TARGET_ARCH_xxx (x86, arm64, arm, riscv, " \
		       "mips, s390, powerpc, loongarch)");		\
	0UL;								\
})
#define __mb_reg_core(x, reg) __mb_reg(x, reg)
#endif

/* __mb_no_reg(what) -> a compile error: this arch has no such register. */
#define __mb_no_reg(what) ({						\
	_Static_assert(0, what);					\
	0UL;								\
})
/* __mb_beyond(n) -> a compile error: argument n is not in a register. */
#define __mb_beyond(n)							\
	__mb_no_reg("PT_REGS_PARM" #n ": " __MB_ARCH " passes only "	\
		    __mb_str(__MB_NR_PARMS) " arguments in registers")
#define __mb_str_(x) #x
#define __mb_str(x) __mb_str_(x)

/* PT_REGS_PARMn(x) -> the field that holds argument n at function entry. */
#define PT_REGS_PARM1(x) __mb_reg(x, __MB_PARM1)
#define PT_REGS_PARM1_CORE(x) __mb_reg_core(x, __MB_PARM1)
#define PT_REGS_PARM2(x) __mb_reg(x, __MB_PARM2)
#define PT_REGS_PARM2_CORE(x) __mb_reg_core(x, __MB_PARM2)
#define PT_REGS_PARM3(x) __mb_reg(x, __MB_PARM3)
#define PT_REGS_PARM3_CORE(x) __mb_reg_core(x, __MB_PARM3)
#if __MB_NR_PARMS >= 4
#define PT_REGS_PARM4(x) __mb_reg(x, __MB_PARM4)
#define PT_REGS_PARM4_CORE(x) __mb_reg_core(x, __MB_PARM4)
#else
#define PT_REGS_PARM4(x) __mb_beyond(4)
#define PT_REGS_PARM4_CORE(x) __mb_beyond(4)
#endif
#if __MB_NR_PARMS >= 5
#define PT_REGS_PARM5(x) __mb_reg(x, __MB_PARM5)
#define PT_REGS_PARM5_CORE(x) __mb_reg_core(x, __MB_PARM5)
#else
#define PT_REGS_PARM5(x) __mb_beyond(5)
#define PT_REGS_PARM5_CORE(x) __mb_beyond(5)
#endif
#if __MB_NR_PARMS >= 6
#define PT_REGS_PARM6(x) __mb_reg(x, __MB_PARM6)
#define PT_REGS_PARM6_CORE(x) __mb_reg_core(x, __MB_PARM6)
#else
#define PT_REGS_PARM6(x) __mb_beyond(6)
#define PT_REGS_PARM6_CORE(x) __mb_beyond(6)
#endif
#if __MB_NR_PARMS >= 7
#define PT_REGS_PARM7(x) __mb_reg(x, __MB_PARM7)
#define PT_REGS_PARM7_CORE(x) __mb_reg_core(x, __MB_PARM7)
#else
#define PT_REGS_PARM7(x) __mb_beyond(7)
#define PT_REGS_PARM7_CORE(x) __mb_beyond(7)
#endif
#if __MB_NR_PARMS >= 8
#define PT_REGS_PARM8(x) __mb_reg(x, __MB_PARM8)
#define PT_REGS_PARM8_CORE(x) __mb_reg_core(x, __MB_PARM8)
#else
#define PT_REGS_PARM8(x) __mb_beyond(8)
#define PT_REGS_PARM8_CORE(x) __mb_beyond(8)
#endif

/* PT_REGS_RET(x) -> the return address register (x86: the stack pointer,
 * whose slot holds it).  RC: the return value.  SP, IP: stack and
 * instruction pointers.  FP: the frame pointer, where there is one. */
#define PT_REGS_RET(x) __mb_reg(x, __MB_RET)
#define PT_REGS_RET_CORE(x) __mb_reg_core(x, __MB_RET)
#define PT_REGS_RC(x) __mb_reg(x, __MB_RC)
#define PT_REGS_RC_CORE(x) __mb_reg_core(x, __MB_RC)
#define PT_REGS_SP(x) __mb_reg(x, __MB_SP)
#define PT_REGS_SP_CORE(x) __mb_reg_core(x, __MB_SP)
#define PT_REGS_IP(x) __mb_reg(x, __MB_IP)
#define PT_REGS_IP_CORE(x) __mb_reg_core(x, __MB_IP)
#if defined(__MB_FP) || !defined(__MB_ARCH)
#define PT_REGS_FP(x) __mb_reg(x, __MB_FP)
#define PT_REGS_FP_CORE(x) __mb_reg_core(x, __MB_FP)
#else
#define PT_REGS_FP(x) __mb_no_reg("PT_REGS_FP: " __MB_ARCH " has no frame pointer register")
#define PT_REGS_FP_CORE(x) PT_REGS_FP(x)
#endif

/*
 * PT_REGS_PARMn_SYSCALL(x) -> system call argument n, from the pt_regs the
 * user-space registers were saved in (n = 1..6, no syscall has more).
 * Where argument 1 lives only in the kernel's struct pt_regs (orig_x0,
 * orig_a0, orig_gpr2), both forms read it with CO-RE.
 */
#ifdef __MB_SC_PARM1_TYPE
#define PT_REGS_PARM1_CORE_SYSCALL(x)					\
	BPF_CORE_READ((const __MB_SC_PARM1_TYPE *)(x), __MB_SC_PARM1)
#define PT_REGS_PARM1_SYSCALL(x) PT_REGS_PARM1_CORE_SYSCALL(x)
#else
#define PT_REGS_PARM1_SYSCALL(x) __mb_reg(x, __MB_SC_PARM1)
#define PT_REGS_PARM1_CORE_SYSCALL(x) __mb_reg_core(x, __MB_SC_PARM1)
#endif
#define PT_REGS_PARM2_SYSCALL(x) __mb_reg(x, __MB_SC_PARM2)
#define PT_REGS_PARM2_CORE_SYSCALL(x) __mb_reg_core(x, __MB_SC_PARM2)
#define PT_REGS_PARM3_SYSCALL(x) __mb_reg(x, __MB_SC_PARM3)
#define PT_REGS_PARM3_CORE_SYSCALL(x) __mb_reg_core(x, __MB_SC_PARM3)
#define PT_REGS_PARM4_SYSCALL(x) __mb_reg(x, __MB_SC_PARM4)
#define PT_REGS_PARM4_CORE_SYSCALL(x) __mb_reg_core(x, __MB_SC_PARM4)
#define PT_REGS_PARM5_SYSCALL(x) __mb_reg(x, __MB_SC_PARM5)
#define PT_REGS_PARM5_CORE_SYSCALL(x) __mb_reg_core(x, __MB_SC_PARM5)
#define PT_REGS_PARM6_SYSCALL(x) __mb_reg(x, __MB_SC_PARM6)
#define PT_REGS_PARM6_CORE_SYSCALL(x) __mb_reg_core(x, __MB_SC_PARM6)

/*
 * PT_REGS_SYSCALL_REGS(ctx) -> the pt_regs holding a syscall's arguments,
 * for a kprobe on the syscall's entry function: with a syscall wrapper
 * (__x64_sys_openat(const struct pt_regs *regs)) it is argument 1, else
 * ctx itself.  This is a compile-time guess for current kernels;
 * BPF_KSYSCALL asks the running kernel instead.
 */
#if defined(__MB_SYSCALL_WRAPPER) && __MB_SYSCALL_WRAPPER
#define PT_REGS_SYSCALL_REGS(ctx) ((struct pt_regs *)(unsigned long)PT_REGS_PARM1(ctx))
#else
#define PT_REGS_SYSCALL_REGS(ctx) (ctx)
#endif

/*
 * BPF_KPROBE_READ_RET_IP(ip, ctx) -> ip = the probed function's return
 * address: the link register where there is one, else (x86) a probe read
 * of the stack slot the stack pointer points at.
 * BPF_KRETPROBE_READ_RET_IP(ip, ctx) -> the same in a kretprobe, read from
 * the frame record (saved fp, then return address); x86 and arm64 only.
 */
#ifdef __MB_RET_IN_REG
#define BPF_KPROBE_READ_RET_IP(ip, ctx) ({ (ip) = PT_REGS_RET(ctx); })
#else
#define BPF_KPROBE_READ_RET_IP(ip, ctx) ({				\
	bpf_probe_read_kernel(&(ip), sizeof(ip), (void *)PT_REGS_RET(ctx)); \
})
#endif
#if defined(__TARGET_ARCH_x86) || defined(__TARGET_ARCH_arm64)
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) ({				\
	bpf_probe_read_kernel(&(ip), sizeof(ip),			\
			      (void *)(PT_REGS_FP(ctx) + sizeof(ip)));	\
})
#else
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx)				\
	__mb_no_reg("BPF_KRETPROBE_READ_RET_IP: no frame record layout known for this arch")
#endif

/* --- Programs with named arguments ------------------------------------- */

/*
 * The BPF_* program macros below all have one shape.  The user writes
 *
 *	SEC("kprobe/vfs_read")
 *	int BPF_KPROBE(trace_read, struct file *file, char *buf, size_t count)
 *	{ ... uses ctx, file, buf, count ... }
 *
 * and gets
 *
 *	int trace_read(struct pt_regs *ctx);           // the program
 *	static __always_inline int __mb_trace_read(struct pt_regs *ctx,
 *		struct file *file, char *buf, size_t count);
 *	int trace_read(struct pt_regs *ctx)
 *	{
 *		return __mb_trace_read(ctx,
 *			(unsigned long long)PT_REGS_PARM1(ctx),
 *			(unsigned long long)PT_REGS_PARM2(ctx),
 *			(unsigned long long)PT_REGS_PARM3(ctx));
 *	}
 *	static __always_inline int __mb_trace_read(...)  // the user's { ... }
 *
 * Each register is widened to u64 and converted to the declared type by
 * the call; -Wint-conversion is silenced for the pointer conversions.
 * typeof(name(0)) is the return type the user wrote before the macro.
 */
#define __MB_QUIET_INT_CONVERSION					\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")
#define __MB_END_QUIET _Pragma("GCC diagnostic pop")

/* __mb_kprobe_argsN(args) -> ctx, PT_REGS_PARM1(ctx), .., PT_REGS_PARMN(ctx) */
#define __mb_kprobe_args0() ctx
#define __mb_kprobe_args1(a) __mb_kprobe_args0(), (unsigned long long)PT_REGS_PARM1(ctx)
#define __mb_kprobe_args2(a, b) __mb_kprobe_args1(a), (unsigned long long)PT_REGS_PARM2(ctx)
#define __mb_kprobe_args3(a, b, c) __mb_kprobe_args2(a, b), (unsigned long long)PT_REGS_PARM3(ctx)
#define __mb_kprobe_args4(a, b, c, d) __mb_kprobe_args3(a, b, c), (unsigned long long)PT_REGS_PARM4(ctx)
#define __mb_kprobe_args5(a, b, c, d, e) __mb_kprobe_args4(a, b, c, d), (unsigned long long)PT_REGS_PARM5(ctx)
#define __mb_kprobe_args6(a, b, c, d, e, f) __mb_kprobe_args5(a, b, c, d, e), (unsigned long long)PT_REGS_PARM6(ctx)
#define __mb_kprobe_args7(a, b, c, d, e, f, g) __mb_kprobe_args6(a, b, c, d, e, f), (unsigned long long)PT_REGS_PARM7(ctx)
#define __mb_kprobe_args8(a, b, c, d, e, f, g, h) __mb_kprobe_args7(a, b, c, d, e, f, g), (unsigned long long)PT_REGS_PARM8(ctx)
#define __mb_too_many(what) __mb_no_reg(what), 0
#define __mb_kprobe_args9(...) __mb_too_many("BPF_KPROBE takes at most 8 arguments")
#define __mb_kprobe_args10(...) __mb_kprobe_args9()
#define __mb_kprobe_args11(...) __mb_kprobe_args9()
#define __mb_kprobe_args12(...) __mb_kprobe_args9()
#define __mb_kprobe_args(...) __mb_apply(__mb_kprobe_args, ##__VA_ARGS__)

/* BPF_KPROBE(name, T1 a1, ..) -> a kprobe program name(struct pt_regs *ctx)
 * whose body sees argument k of the probed function as ak (shape above). */
#define BPF_KPROBE(name, ...)						\
name(struct pt_regs *ctx);						\
static __always_inline typeof(name(0))					\
__mb_##name(struct pt_regs *ctx, ##__VA_ARGS__);			\
typeof(name(0)) name(struct pt_regs *ctx)				\
{									\
	__MB_QUIET_INT_CONVERSION					\
	return __mb_##name(__mb_kprobe_args(__VA_ARGS__));		\
	__MB_END_QUIET							\
}									\
static __always_inline typeof(name(0))					\
__mb_##name(struct pt_regs *ctx, ##__VA_ARGS__)

/* __mb_kretprobe_args(ret) -> ctx, PT_REGS_RC(ctx); or ctx alone. */
#define __mb_kretprobe_args0() ctx
#define __mb_kretprobe_args1(a) ctx, (unsigned long long)PT_REGS_RC(ctx)
#define __mb_kretprobe_args2(...) __mb_too_many("BPF_KRETPROBE takes at most 1 argument, the return value")
#define __mb_kretprobe_args(...) __mb_apply(__mb_kretprobe_args, ##__VA_ARGS__)

/* BPF_KRETPROBE(name, T ret) -> a kretprobe program whose body sees the
 * probed function's return value as ret. */
#define BPF_KRETPROBE(name, ...)					\
name(struct pt_regs *ctx);						\
static __always_inline typeof(name(0))					\
__mb_##name(struct pt_regs *ctx, ##__VA_ARGS__);			\
typeof(name(0)) name(struct pt_regs *ctx)				\
{									\
	__MB_QUIET_INT_CONVERSION					\
	return __mb_##name(__mb_kretprobe_args(__VA_ARGS__));		\
	__MB_END_QUIET							\
}									\
static __always_inline typeof(name(0))					\
__mb_##name(struct pt_regs *ctx, ##__VA_ARGS__)

/* BPF_UPROBE, BPF_URETPROBE -> BPF_KPROBE, BPF_KRETPROBE: a user function's
 * registers are saved in the same struct pt_regs. */
#define BPF_UPROBE(name, ...) BPF_KPROBE(name, ##__VA_ARGS__)
#define BPF_URETPROBE(name, ...) BPF_KRETPROBE(name, ##__VA_ARGS__)

/* __mb_syscall_args(rd, regs, args) -> ctx, rd1(regs), .., rdN(regs) where rdk
 * is PT_REGS_PARMk_SYSCALL or PT_REGS_PARMk_CORE_SYSCALL. */
#define __mb_sc_args0(rd, r) ctx
#define __mb_sc_args1(rd, r, a) __mb_sc_args0(rd, r), (unsigned long long)PT_REGS_PARM1_##rd(r)
#define __mb_sc_args2(rd, r, a, b) __mb_sc_args1(rd, r, a), (unsigned long long)PT_REGS_PARM2_##rd(r)
#define __mb_sc_args3(rd, r, a, b, c) __mb_sc_args2(rd, r, a, b), (unsigned long long)PT_REGS_PARM3_##rd(r)
#define __mb_sc_args4(rd, r, a, b, c, d) __mb_sc_args3(rd, r, a, b, c), (unsigned long long)PT_REGS_PARM4_##rd(r)
#define __mb_sc_args5(rd, r, a, b, c, d, e) __mb_sc_args4(rd, r, a, b, c, d), (unsigned long long)PT_REGS_PARM5_##rd(r)
#define __mb_sc_args6(rd, r, a, b, c, d, e, f) __mb_sc_args5(rd, r, a, b, c, d, e), (unsigned long long)PT_REGS_PARM6_##rd(r)
#define __mb_sc_args7(rd, r, ...) __mb_too_many("BPF_KSYSCALL takes at most 6 arguments")
#define __mb_sc_args8(rd, r, ...) __mb_sc_args7(rd, r)
#define __mb_sc_args9(rd, r, ...) __mb_sc_args7(rd, r)
#define __mb_sc_args10(rd, r, ...) __mb_sc_args7(rd, r)
#define __mb_syscall_args(rd, r, ...)					\
	__mb_concat(__mb_sc_args, __mb_nargs(__VA_ARGS__))(rd, r, ##__VA_ARGS__)

/*
 * BPF_KSYSCALL(name, T1 a1, ..) -> a kprobe program for a syscall's entry
 * function (SEC("ksyscall/openat")) whose body sees the syscall's
 * arguments.  Kernels with syscall wrappers pass the user's registers as
 * a struct pt_regs * in argument 1, read with CO-RE probe reads; others
 * pass the arguments in the syscall registers of ctx.  The loader sets
 * LINUX_HAS_SYSCALL_WRAPPER (a .kconfig extern) to tell which.
 */
#define BPF_KSYSCALL(name, ...)						\
name(struct pt_regs *ctx);						\
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;			\
static __always_inline typeof(name(0))					\
__mb_##name(struct pt_regs *ctx, ##__VA_ARGS__);			\
typeof(name(0)) name(struct pt_regs *ctx)				\
{									\
	struct pt_regs *__mb_regs;					\
	__MB_QUIET_INT_CONVERSION					\
	if (LINUX_HAS_SYSCALL_WRAPPER) {				\
		__mb_regs = (struct pt_regs *)(unsigned long)PT_REGS_PARM1(ctx);	\
		return __mb_##name(__mb_syscall_args(CORE_SYSCALL,	\
						     __mb_regs, ##__VA_ARGS__)); \
	}								\
	return __mb_##name(__mb_syscall_args(SYSCALL, ctx, ##__VA_ARGS__)); \
	__MB_END_QUIET							\
}									\
static __always_inline typeof(name(0))					\
__mb_##name(struct pt_regs *ctx, ##__VA_ARGS__)

/* BPF_KPROBE_SYSCALL -> BPF_KSYSCALL, its older name. */
#define BPF_KPROBE_SYSCALL BPF_KSYSCALL

/* __mb_ctx_argsN(args) -> ctx, ctx[0], .., ctx[N-1] */
#define __mb_ctx_args0() ctx
#define __mb_ctx_args1(a) __mb_ctx_args0(), ctx[0]
#define __mb_ctx_args2(a, b) __mb_ctx_args1(a), ctx[1]
#define __mb_ctx_args3(a, b, c) __mb_ctx_args2(a, b), ctx[2]
#define __mb_ctx_args4(a, b, c, d) __mb_ctx_args3(a, b, c), ctx[3]
#define __mb_ctx_args5(a, b, c, d, e) __mb_ctx_args4(a, b, c, d), ctx[4]
#define __mb_ctx_args6(a, b, c, d, e, f) __mb_ctx_args5(a, b, c, d, e), ctx[5]
#define __mb_ctx_args7(a, b, c, d, e, f, g) __mb_ctx_args6(a, b, c, d, e, f), ctx[6]
#define __mb_ctx_args8(a, b, c, d, e, f, g, h) __mb_ctx_args7(a, b, c, d, e, f, g), ctx[7]
#define __mb_ctx_args9(a, b, c, d, e, f, g, h, i) __mb_ctx_args8(a, b, c, d, e, f, g, h), ctx[8]
#define __mb_ctx_args10(a, b, c, d, e, f, g, h, i, j) __mb_ctx_args9(a, b, c, d, e, f, g, h, i), ctx[9]
#define __mb_ctx_args11(a, b, c, d, e, f, g, h, i, j, k) __mb_ctx_args10(a, b, c, d, e, f, g, h, i, j), ctx[10]
#define __mb_ctx_args12(a, b, c, d, e, f, g, h, i, j, k, l) __mb_ctx_args11(a, b, c, d, e, f, g, h, i, j, k), ctx[11]
#define __mb_ctx_args(...) __mb_apply(__mb_ctx_args, ##__VA_ARGS__)

/*
 * BPF_PROG(name, T1 a1, ..) -> a program name(unsigned long long *ctx) for
 * fentry/fexit/fmod_ret, tp_btf and raw_tp, whose context is an array of
 * u64 with one slot per argument; the body sees slot k-1 as ak (up to 12).
 */
#define BPF_PROG(name, ...)						\
name(unsigned long long *ctx);						\
static __always_inline typeof(name(0))					\
__mb_##name(unsigned long long *ctx, ##__VA_ARGS__);			\
typeof(name(0)) name(unsigned long long *ctx)				\
{									\
	__MB_QUIET_INT_CONVERSION					\
	return __mb_##name(__mb_ctx_args(__VA_ARGS__));			\
	__MB_END_QUIET							\
}									\
static __always_inline typeof(name(0))					\
__mb_##name(unsigned long long *ctx, ##__VA_ARGS__)

/*
 * BPF_PROG2(name, T1, a1, T2, a2, ..) -> BPF_PROG for arguments that may
 * be structs passed by value: fentry/fexit give a struct of up to 16
 * bytes two u64 slots, so each argument's slot is the sum of the slots
 * (sizeof rounded up to 8) of those before it, which needs each type
 * apart from its name.  Up to 12 arguments:
 *
 *	int BPF_PROG2(f, struct pair, p, int, x)  // p in ctx[0..1], x in ctx[2]
 */
/* __mb_p2_npairs(T1, a1, T2, a2) -> 2 (0 to 12 pairs) */
#define __mb_p2_nth(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, \
		    _24, N, ...) N
#define __mb_p2_npairs(...)						\
	__mb_p2_nth(_, ##__VA_ARGS__, 12, 11, 11, 10, 10, 9, 9, 8, 8, 7, 7, \
		    6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0)
/* __mb_p2_slots(T) -> how many u64 slots a T takes: 1 or 2 */
#define __mb_p2_slots(t) ((sizeof(t) + 7) / 8)
/* __mb_p2_get(T, n) -> slot n (and n + 1) read as a T, through a union
 * with an unsigned integer of T's size, so it is right in both byte
 * orders; a T of another size than 1, 2, 4, 8 or 16 does not compile. */
#define __mb_p2_as(t, n, z)						\
	({ union { z __mb_z; t __mb_x; } __mb_u = { .__mb_z = ctx[n] };	\
	   __mb_u.__mb_x; })
#define __mb_p2_get(t, n)						\
	__builtin_choose_expr(sizeof(t) == 1, __mb_p2_as(t, n, unsigned char), \
	__builtin_choose_expr(sizeof(t) == 2, __mb_p2_as(t, n, unsigned short), \
	__builtin_choose_expr(sizeof(t) == 4, __mb_p2_as(t, n, unsigned int), \
	__builtin_choose_expr(sizeof(t) == 8, __mb_p2_as(t, n, unsigned long long), \
	__builtin_choose_expr(sizeof(t) == 16,				\
	({ union { unsigned long long __mb_z[2]; t __mb_x; } __mb_u =	\
		{ .__mb_z = { ctx[n], ctx[(n) + 1] } };			\
	   __mb_u.__mb_x; }),						\
	(void)0)))))
/* __mb_p2_declN(T1, a1, ..) -> , T1 a1, .. */
#define __mb_p2_decl0()
#define __mb_p2_decl1(t, x) , t x
#define __mb_p2_decl2(t, x, ...) , t x __mb_p2_decl1(__VA_ARGS__)
#define __mb_p2_decl3(t, x, ...) , t x __mb_p2_decl2(__VA_ARGS__)
#define __mb_p2_decl4(t, x, ...) , t x __mb_p2_decl3(__VA_ARGS__)
#define __mb_p2_decl5(t, x, ...) , t x __mb_p2_decl4(__VA_ARGS__)
#define __mb_p2_decl6(t, x, ...) , t x __mb_p2_decl5(__VA_ARGS__)
#define __mb_p2_decl7(t, x, ...) , t x __mb_p2_decl6(__VA_ARGS__)
#define __mb_p2_decl8(t, x, ...) , t x __mb_p2_decl7(__VA_ARGS__)
#define __mb_p2_decl9(t, x, ...) , t x __mb_p2_decl8(__VA_ARGS__)
#define __mb_p2_decl10(t, x, ...) , t x __mb_p2_decl9(__VA_ARGS__)
#define __mb_p2_decl11(t, x, ...) , t x __mb_p2_decl10(__VA_ARGS__)
#define __mb_p2_decl12(t, x, ...) , t x __mb_p2_decl11(__VA_ARGS__)
/* __mb_p2_argsN(slot, T1, a1, ..) -> , T1 at slot, T2 after it, .. */
#define __mb_p2_args0(n, ...)
#define __mb_p2_args1(n, t, x) , __mb_p2_get(t, n)
#define __mb_p2_args2(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args1((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args3(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args2((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args4(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args3((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args5(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args4((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args6(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args5((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args7(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args6((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args8(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args7((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args9(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args8((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args10(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args9((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args11(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args10((n) + __mb_p2_slots(t), __VA_ARGS__)
#define __mb_p2_args12(n, t, x, ...) , __mb_p2_get(t, n) __mb_p2_args11((n) + __mb_p2_slots(t), __VA_ARGS__)

#define BPF_PROG2(name, ...)						\
name(unsigned long long *ctx);						\
static __always_inline typeof(name(0))					\
__mb_##name(unsigned long long *ctx					\
	    __mb_concat(__mb_p2_decl, __mb_p2_npairs(__VA_ARGS__))(__VA_ARGS__)); \
typeof(name(0)) name(unsigned long long *ctx)				\
{									\
	return __mb_##name(ctx						\
		__mb_concat(__mb_p2_args, __mb_p2_npairs(__VA_ARGS__))(0, ##__VA_ARGS__)); \
}									\
static __always_inline typeof(name(0))					\
__mb_##name(unsigned long long *ctx					\
	    __mb_concat(__mb_p2_decl, __mb_p2_npairs(__VA_ARGS__))(__VA_ARGS__))

#endif /* MINIBPF_BPF_TRACING_H */
