/* regs.bpf.c: one tiny program per register macro, for tests/macros/regs.py.
 *
 * Each program returns what one macro reads, so its compiled code is a
 * single load (or probe read) whose offset the test compares with the
 * byte offsets it expects for the architecture chosen with
 * -D__TARGET_ARCH_xxx.  The same file compiles with our headers
 * (-I macros) and with libbpf's (/usr/include/bpf, the reference); the
 * test drops with -D what the reference lacks or gets wrong:
 *   NR_PARMS, NR_SC_PARMS   how many PARMn / PARMn_SYSCALL to test
 *   NO_RET NO_FP NO_SP NO_IP NO_SYSCALL NO_SC_PARM1   skip those
 */
#include <linux/types.h>	/* libbpf's helper prototypes need __u64 */
#include "arch_regs.h"
#include "headers.h"

#define READ(name, expr)						\
	SEC("kprobe/" #name) u64_t name(struct pt_regs *ctx) { return expr; }

READ(parm1, PT_REGS_PARM1(ctx))
READ(parm1_core, PT_REGS_PARM1_CORE(ctx))
READ(parm2, PT_REGS_PARM2(ctx))
READ(parm2_core, PT_REGS_PARM2_CORE(ctx))
READ(parm3, PT_REGS_PARM3(ctx))
READ(parm3_core, PT_REGS_PARM3_CORE(ctx))
#if NR_PARMS >= 4
READ(parm4, PT_REGS_PARM4(ctx))
READ(parm4_core, PT_REGS_PARM4_CORE(ctx))
#endif
#if NR_PARMS >= 5
READ(parm5, PT_REGS_PARM5(ctx))
READ(parm5_core, PT_REGS_PARM5_CORE(ctx))
#endif
#if NR_PARMS >= 6
READ(parm6, PT_REGS_PARM6(ctx))
READ(parm6_core, PT_REGS_PARM6_CORE(ctx))
#endif
#if NR_PARMS >= 7
READ(parm7, PT_REGS_PARM7(ctx))
READ(parm7_core, PT_REGS_PARM7_CORE(ctx))
#endif
#if NR_PARMS >= 8
READ(parm8, PT_REGS_PARM8(ctx))
READ(parm8_core, PT_REGS_PARM8_CORE(ctx))
#endif

#ifndef NO_RET
READ(ret, PT_REGS_RET(ctx))
READ(ret_core, PT_REGS_RET_CORE(ctx))
#endif
#ifndef NO_FP
READ(fp, PT_REGS_FP(ctx))
READ(fp_core, PT_REGS_FP_CORE(ctx))
#endif
READ(rc, PT_REGS_RC(ctx))
READ(rc_core, PT_REGS_RC_CORE(ctx))
#ifndef NO_SP
READ(sp, PT_REGS_SP(ctx))
READ(sp_core, PT_REGS_SP_CORE(ctx))
#endif
#ifndef NO_IP
READ(ip, PT_REGS_IP(ctx))
READ(ip_core, PT_REGS_IP_CORE(ctx))
#endif

#ifndef NO_SYSCALL
#ifndef NO_SC_PARM1
READ(sc_parm1, PT_REGS_PARM1_SYSCALL(ctx))
READ(sc_parm1_core, PT_REGS_PARM1_CORE_SYSCALL(ctx))
#endif
READ(sc_parm2, PT_REGS_PARM2_SYSCALL(ctx))
READ(sc_parm2_core, PT_REGS_PARM2_CORE_SYSCALL(ctx))
READ(sc_parm3, PT_REGS_PARM3_SYSCALL(ctx))
READ(sc_parm3_core, PT_REGS_PARM3_CORE_SYSCALL(ctx))
READ(sc_parm4, PT_REGS_PARM4_SYSCALL(ctx))
READ(sc_parm4_core, PT_REGS_PARM4_CORE_SYSCALL(ctx))
READ(sc_parm5, PT_REGS_PARM5_SYSCALL(ctx))
READ(sc_parm5_core, PT_REGS_PARM5_CORE_SYSCALL(ctx))
#if NR_SC_PARMS >= 6
READ(sc_parm6, PT_REGS_PARM6_SYSCALL(ctx))
READ(sc_parm6_core, PT_REGS_PARM6_CORE_SYSCALL(ctx))
#endif
#endif

/* BPF_KPROBE with n arguments returns the last: one load of PARMn. */
SEC("kprobe/a1") u64_t BPF_KPROBE(kprobe_arg1, u64_t a1)
{ return a1; }
SEC("kprobe/a2") u64_t BPF_KPROBE(kprobe_arg2, u64_t a1, u64_t a2)
{ return a2; }
SEC("kprobe/a3") u64_t BPF_KPROBE(kprobe_arg3, u64_t a1, u64_t a2, u64_t a3)
{ return a3; }
#if NR_PARMS >= 4
SEC("kprobe/a4") u64_t BPF_KPROBE(kprobe_arg4, u64_t a1, u64_t a2, u64_t a3,
				  u64_t a4)
{ return a4; }
#endif
#if NR_PARMS >= 5
SEC("kprobe/a5") u64_t BPF_KPROBE(kprobe_arg5, u64_t a1, u64_t a2, u64_t a3,
				  u64_t a4, u64_t a5)
{ return a5; }
#endif
#if NR_PARMS >= 6
SEC("kprobe/a6") u64_t BPF_KPROBE(kprobe_arg6, u64_t a1, u64_t a2, u64_t a3,
				  u64_t a4, u64_t a5, u64_t a6)
{ return a6; }
#endif
#if NR_PARMS >= 7
SEC("kprobe/a7") u64_t BPF_KPROBE(kprobe_arg7, u64_t a1, u64_t a2, u64_t a3,
				  u64_t a4, u64_t a5, u64_t a6, u64_t a7)
{ return a7; }
#endif
#if NR_PARMS >= 8
SEC("kprobe/a8") u64_t BPF_KPROBE(kprobe_arg8, u64_t a1, u64_t a2, u64_t a3,
				  u64_t a4, u64_t a5, u64_t a6, u64_t a7, u64_t a8)
{ return a8; }
#endif

/* BPF_KRETPROBE's one argument is the return value register. */
SEC("kretprobe/r") u64_t BPF_KRETPROBE(kretprobe_rc, u64_t rc)
{ return rc; }

/* BPF_KSYSCALL reads every argument, through the wrapper's pt_regs. */
#ifndef NO_SYSCALL
SEC("ksyscall/s") u64_t BPF_KSYSCALL(ksyscall_args, u64_t a1, u64_t a2,
				     u64_t a3, u64_t a4, u64_t a5
#if NR_SC_PARMS >= 6
				     , u64_t a6
#endif
				     )
{
	return a1 + a2 + a3 + a4 + a5
#if NR_SC_PARMS >= 6
		+ a6
#endif
		;
}
#endif

char LICENSE[] SEC("license") = "GPL";
