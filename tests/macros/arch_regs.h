/* arch_regs.h: each target architecture's register struct, declared the
 * way vmlinux.h or the arch's UAPI <asm/ptrace.h> declares it, so that the
 * tests can compile BPF programs for kernels of every architecture on
 * this x86-64 machine (a -target bpf compile has no other arch's headers).
 *
 * Field types are the kernel's own widths: 32-bit for arm and i386
 * (where a -target bpf "long" would be 64 bits), 64-bit elsewhere.  The
 * byte offsets these layouts give are written out, independently, in
 * tests/macros/regs.py; a mistake here shows up there.
 *
 * -DLONG_REGS declares arm's and i386's registers as their UAPI headers
 * do, with "long" fields: 8 bytes each in a BPF program.
 *
 * -DFAKE_VMLINUX defines __VMLINUX_H__ and uses vmlinux.h field names (the
 * x86 ones differ from UAPI's); the kernel struct then carries
 * preserve_access_index, as vmlinux.h's do.
 */
#ifndef TESTS_MACROS_ARCH_REGS_H
#define TESTS_MACROS_ARCH_REGS_H

typedef unsigned int u32_t;
typedef unsigned long long u64_t;

#ifdef FAKE_VMLINUX
#define __VMLINUX_H__
#define KERNEL_STRUCT __attribute__((preserve_access_index))
#else
#define KERNEL_STRUCT
#endif

#if defined(__TARGET_ARCH_x86) && defined(__i386__) && defined(LONG_REGS)
struct pt_regs {		/* as UAPI <asm/ptrace.h> says it: longs */
	long ebx, ecx, edx, esi, edi, ebp, eax;
	int  xds, xes, xfs, xgs;
	long orig_eax, eip;
	int  xcs;
	long eflags, esp;
	int  xss;
};

#elif defined(__TARGET_ARCH_x86) && defined(__i386__)
#ifdef FAKE_VMLINUX
struct pt_regs {
	u32_t bx, cx, dx, si, di, bp, ax;
	u32_t ds, es, fs, gs, orig_ax, ip, cs, flags, sp, ss;
} KERNEL_STRUCT;
#else
struct pt_regs {
	u32_t ebx, ecx, edx, esi, edi, ebp, eax;
	u32_t xds, xes, xfs, xgs, orig_eax, eip, xcs, eflags, esp, xss;
};
#endif

#elif defined(__TARGET_ARCH_x86)
#ifdef FAKE_VMLINUX
struct pt_regs {
	u64_t r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	u64_t ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
} KERNEL_STRUCT;
#else
struct pt_regs {
	u64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64_t rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
};
#endif

#elif defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
	u64_t regs[31];
	u64_t sp, pc, pstate;
} KERNEL_STRUCT;
struct pt_regs {
	union {
		struct user_pt_regs user_regs;
		struct {
			u64_t regs[31];
			u64_t sp, pc, pstate;
		};
	};
	u64_t orig_x0;
} KERNEL_STRUCT;

#elif defined(__TARGET_ARCH_arm) && defined(LONG_REGS)
struct pt_regs {		/* as UAPI <asm/ptrace.h> says it */
	long uregs[18];
};

#elif defined(__TARGET_ARCH_arm)
struct pt_regs {
	u32_t uregs[18];	/* r0-r15, cpsr, orig_r0 */
} KERNEL_STRUCT;

#elif defined(__TARGET_ARCH_riscv)
struct user_regs_struct {
	u64_t pc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	u64_t a0, a1, a2, a3, a4, a5, a6, a7;
	u64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6;
} KERNEL_STRUCT;
struct pt_regs {
	u64_t epc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	u64_t a0, a1, a2, a3, a4, a5, a6, a7;
	u64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6;
	u64_t status, badaddr, cause, orig_a0;
} KERNEL_STRUCT;

#elif defined(__TARGET_ARCH_mips)
struct pt_regs {		/* the kernel's (64-bit) layout */
	u64_t regs[32];
	u64_t cp0_status, hi, lo, cp0_badvaddr, cp0_cause, cp0_epc;
} KERNEL_STRUCT;

#elif defined(__TARGET_ARCH_s390)
typedef struct KERNEL_STRUCT {
	u64_t mask, addr;
} __attribute__((aligned(8))) psw_t;
typedef struct KERNEL_STRUCT {
	u64_t args[1];
	psw_t psw;
	u64_t gprs[16];
} user_pt_regs;
struct pt_regs {
	union {
		user_pt_regs user_regs;
		struct {
			u64_t args[1];
			psw_t psw;
			u64_t gprs[16];
		};
	};
	u64_t orig_gpr2;
} KERNEL_STRUCT;

#elif defined(__TARGET_ARCH_powerpc)
struct pt_regs {
	u64_t gpr[32];
	u64_t nip, msr, orig_gpr3, ctr, link, xer, ccr, softe;
	u64_t trap, dar, dsisr, result;
} KERNEL_STRUCT;

#elif defined(__TARGET_ARCH_loongarch)
struct user_pt_regs {
	u64_t regs[32];
	u64_t orig_a0, csr_era, csr_badv;
	u64_t reserved[10];
} KERNEL_STRUCT;
#endif

#endif /* TESTS_MACROS_ARCH_REGS_H */
