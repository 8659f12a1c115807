/* must_fail.bpf.c: mistakes our headers must refuse, each with a message
 * that says what is wrong.  errors.py compiles it once per -DCASE_xxx and
 * checks the compiler's error text; CASE_standalone must compile.
 * No <linux/types.h>: our headers need nothing before them.
 */
#include "arch_regs.h"	/* empty unless an arch is given */
#include "headers.h"

#define ARGS7 long a, long b, long c, long d, long e, long f, long g

#if defined(CASE_standalone)
/* No architecture, no other header: everything that needs no registers. */
struct { __uint(type, 1); __uint(max_entries, 1); __type(key, int);
	 __type(value, long); } m SEC(".maps");
SEC("fentry/x") int BPF_PROG(ok_prog, long a) { return bpf_printk("%ld", a); }
SEC("kprobe/y") int BPF_KPROBE(ok_no_args) { return 0; }

#elif defined(CASE_no_arch_parm)
SEC("kprobe/x") long f(struct pt_regs *ctx) { return PT_REGS_PARM1(ctx); }
#elif defined(CASE_no_arch_kprobe)
SEC("kprobe/x") int BPF_KPROBE(f, long a) { return a; }
#elif defined(CASE_x86_64_parm7)
SEC("kprobe/x") long f(struct pt_regs *ctx) { return PT_REGS_PARM7(ctx); }
#elif defined(CASE_x86_64_kprobe_7_args)
SEC("kprobe/x") int BPF_KPROBE(f, ARGS7) { return a; }
#elif defined(CASE_i386_parm4)
SEC("kprobe/x") long f(struct pt_regs *ctx) { return PT_REGS_PARM4(ctx); }
#elif defined(CASE_arm_kprobe_5_args)
SEC("kprobe/x") int BPF_KPROBE(f, long a, long b, long c, long d, long e)
{ return a; }
#elif defined(CASE_s390_parm6_core)
SEC("kprobe/x") long f(struct pt_regs *ctx) { return PT_REGS_PARM6_CORE(ctx); }
#elif defined(CASE_powerpc_fp)
SEC("kprobe/x") long f(struct pt_regs *ctx) { return PT_REGS_FP(ctx); }
#elif defined(CASE_kprobe_9_args)
SEC("kprobe/x") int BPF_KPROBE(f, ARGS7, long h, long i) { return a; }
#elif defined(CASE_ksyscall_7_args)
SEC("ksyscall/x") int BPF_KSYSCALL(f, ARGS7) { return a; }
#elif defined(CASE_type_matches_clang14)
struct t { int x; };
SEC("raw_tp/x") int f(void *ctx) { return bpf_core_type_matches(struct t); }
#elif defined(CASE_ksym_not_weak)
extern const void some_kernel_symbol __ksym;
SEC("raw_tp/x") int f(void *ctx) { return bpf_ksym_exists(&some_kernel_symbol); }
#else
#error "no CASE_ given"
#endif

char LICENSE[] SEC("license") = "GPL";
