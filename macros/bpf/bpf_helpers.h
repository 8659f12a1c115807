/* bpf_helpers.h: the basics every BPF program written for minibpf uses.
 *
 * A drop-in for libbpf's header of the same name: a program that says
 * #include <bpf/bpf_helpers.h> compiles unchanged with -I macros.  It gives
 *   - the helper prototypes (bpf_helper_defs.h, generated from linux/bpf.h),
 *   - SEC() to name the ELF section a program, map or global lives in,
 *   - __uint/__type/__array/__ulong, the vocabulary of BTF-defined maps,
 *   - __ksym/__kconfig/__weak for externs the loader fills in,
 *   - inlining and compiler-barrier helpers,
 *   - bpf_printk(), BPF_SEQ_PRINTF() and BPF_SNPRINTF() with any number
 *     of arguments.
 * It needs no other header and no target architecture; it compiles
 * before or after vmlinux.h or linux/types.h.
 *
 * Every macro has a comment saying what it expands to.  Locals inside
 * macros start with __mb_ so that they never shadow the caller's names.
 */
#ifndef MINIBPF_BPF_HELPERS_H
#define MINIBPF_BPF_HELPERS_H

#include "bpf_helper_defs.h"

/* --- Sections and maps ------------------------------------------------ */

/*
 * SEC("kprobe/do_unlinkat") -> __attribute__((section("kprobe/do_unlinkat"), used))
 * The loader reads the program type and attach point from the section name.
 * "used" keeps the compiler from dropping it; the pragmas silence the
 * warning that "used" means nothing on an extern (SEC(".maps") externs).
 */
#define SEC(name)							\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wignored-attributes\"")	\
	__attribute__((section(name), used))				\
	_Pragma("GCC diagnostic pop")

/*
 * BTF-defined maps are a struct in SEC(".maps") whose members carry the
 * map's attributes in their *types*, which is all BTF records:
 *
 *	struct {
 *		__uint(type, BPF_MAP_TYPE_HASH);   // int (*type)[1]
 *		__uint(max_entries, 1024);         // int (*max_entries)[1024]
 *		__type(key, __u32);                // __u32 *key
 *		__type(value, __u64);              // __u64 *value
 *	} counts SEC(".maps");
 */
/* __uint(name, 7) -> int (*name)[7]: the number is the array length. */
#define __uint(name, val) int (*name)[val]
/* __type(name, T) -> typeof(T) *name: the loader takes T's BTF id and size. */
#define __type(name, val) typeof(val) *name
/* __array(name, T) -> typeof(T) *name[]: inner maps of map-in-map, prog arrays. */
#define __array(name, val) typeof(val) *name[]
/*
 * __ulong(name, v) -> enum { __mb_ulong_<n> = v } name: a 64-bit value
 * (map_extra); an array length could not hold it, an enum constant can.
 */
#define __ulong(name, val)						\
	enum { __mb_concat(__mb_ulong_, __COUNTER__) = val } name

/* Pinning requested with __uint(pinning, LIBBPF_PIN_BY_NAME). */
enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	LIBBPF_PIN_BY_NAME,	/* pin under /sys/fs/bpf/<map name> */
};

/* --- Externs the loader resolves ------------------------------------ */

/* __kconfig -> section(".kconfig"): the loader fills the value from the
 * kernel's config (CONFIG_X) or its own facts (LINUX_KERNEL_VERSION). */
#define __kconfig __attribute__((section(".kconfig")))
/* __ksym -> section(".ksyms"): a kernel symbol's address or a kfunc. */
#define __ksym __attribute__((section(".ksyms")))
/* __kptr -> a BTF type tag marking a map value field as a kernel pointer. */
#define __kptr __attribute__((btf_type_tag("kptr")))
/* __kptr_ref -> the same for a referenced (owned) kernel pointer. */
#define __kptr_ref __attribute__((btf_type_tag("kptr_ref")))

/* libbpf's tristate for CONFIG_X=y/n/m externs. */
enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/*
 * bpf_ksym_exists(sym) -> !!sym, and a compile error unless sym is a
 * __weak extern: only a weak extern can be missing (address 0) at run time.
 */
#define bpf_ksym_exists(sym) ({						\
	_Static_assert(!__builtin_constant_p(!!sym),			\
		       #sym " must be declared __weak to be tested");	\
	!!sym;								\
})

/* --- Compiler attributes and barriers --------------------------------- */

/* __always_inline -> inline + always_inline: BPF-to-BPF calls are costly
 * on old kernels, and the macros below rely on their workers inlining.
 * (#undef first: glibc's sys/cdefs.h spells it differently.) */
#undef __always_inline
#define __always_inline inline __attribute__((always_inline))
#ifndef __noinline
/* __noinline -> noinline: force a real BPF-to-BPF call (subprogram). */
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
/* __weak -> weak: an extern that may stay unresolved, or an overridable global. */
#define __weak __attribute__((weak))
#endif
/* __hidden -> hidden visibility: a global the linker keeps object-local. */
#define __hidden __attribute__((visibility("hidden")))

/* barrier() -> an empty asm that clobbers memory: no load or store moves
 * across it. */
#ifndef barrier
#define barrier() asm volatile("" ::: "memory")
#endif

/*
 * barrier_var(v) -> an empty asm that claims to change v: the compiler
 * forgets what it knew about v's value (a bounds check it wants to merge,
 * a relocated offset it wants to recompute) and uses the register as is.
 */
#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "=r"(var) : "0"(var))
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

/* __bpf_unreachable() -> a trap: clang refuses to compile a BPF program
 * where this call is still reachable after optimisation. */
#ifndef __bpf_unreachable
#define __bpf_unreachable() __builtin_trap()
#endif

/*
 * bpf_tail_call_static(ctx, map, slot) -> r1 = ctx, r2 = map, r3 = slot,
 * call 12 (bpf_tail_call), written as one asm so that the slot stays an
 * immediate in r3 on every path to the call: the verifier then knows the
 * key, and the x86-64 JIT patches a direct jump instead of a retpoline.
 * slot must be a compile-time constant (else __bpf_unreachable).
 * r0-r5 are clobbered, as any helper call clobbers them.
 */
#if defined(__bpf__)
static __always_inline void bpf_tail_call_static(void *ctx, const void *map,
						 const unsigned int slot)
{
	if (!__builtin_constant_p(slot))
		__bpf_unreachable();
	asm volatile("r1 = %[ctx]\n\t"
		     "r2 = %[map]\n\t"
		     "r3 = %[slot]\n\t"
		     "call 12"
		     :
		     : [ctx] "r"(ctx), [map] "r"(map), [slot] "i"(slot)
		     : "r0", "r1", "r2", "r3", "r4", "r5");
}
#endif

/* KERNEL_VERSION(5, 10, 0) -> 0x050a00, as LINUX_VERSION_CODE encodes it. */
#ifndef KERNEL_VERSION
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#endif

/* offsetof(T, m) -> the address of m in a T at address 0 (no stddef.h here). */
#ifndef offsetof
#define offsetof(type, member) ((unsigned long)&((type *)0)->member)
#endif

/* container_of(p, T, m) -> the T that holds member m at address p. */
#ifndef container_of
#define container_of(ptr, type, member) ({				\
	void *__mb_mptr = (void *)(ptr);				\
	((type *)(__mb_mptr - offsetof(type, member)));			\
})
#endif

/* --- Argument counting, shared with bpf_tracing.h and bpf_core_read.h -- */

/* __mb_concat(a, b) -> ab, after expanding a and b. */
#define __mb_concat_(a, b) a##b
#define __mb_concat(a, b) __mb_concat_(a, b)
/*
 * __mb_nargs(x, y, z) -> 3 (0 to 12 arguments): the arguments push the
 * list 12..0 to the right, so the 14th slot holds their count.
 */
#define __mb_nth(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, N, ...) N
#define __mb_nargs(...)							\
	__mb_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
/* __mb_apply(fn, x, y) -> fn2(x, y): pick the variant for that many args. */
#define __mb_apply(fn, ...)						\
	__mb_concat(fn, __mb_nargs(__VA_ARGS__))(__VA_ARGS__)

/*
 * __mb_u64s(a, b) -> (unsigned long long)(a), (unsigned long long)(b):
 * the arguments of a printf-like helper, each widened to the u64 slot the
 * kernel reads.  Pointers convert too: a u64 is what the kernel expects.
 */
#define __mb_u64s0()
#define __mb_u64s1(a) (unsigned long long)(a)
#define __mb_u64s2(a, ...) __mb_u64s1(a), __mb_u64s1(__VA_ARGS__)
#define __mb_u64s3(a, ...) __mb_u64s1(a), __mb_u64s2(__VA_ARGS__)
#define __mb_u64s4(a, ...) __mb_u64s1(a), __mb_u64s3(__VA_ARGS__)
#define __mb_u64s5(a, ...) __mb_u64s1(a), __mb_u64s4(__VA_ARGS__)
#define __mb_u64s6(a, ...) __mb_u64s1(a), __mb_u64s5(__VA_ARGS__)
#define __mb_u64s7(a, ...) __mb_u64s1(a), __mb_u64s6(__VA_ARGS__)
#define __mb_u64s8(a, ...) __mb_u64s1(a), __mb_u64s7(__VA_ARGS__)
#define __mb_u64s9(a, ...) __mb_u64s1(a), __mb_u64s8(__VA_ARGS__)
#define __mb_u64s10(a, ...) __mb_u64s1(a), __mb_u64s9(__VA_ARGS__)
#define __mb_u64s11(a, ...) __mb_u64s1(a), __mb_u64s10(__VA_ARGS__)
#define __mb_u64s12(a, ...) __mb_u64s1(a), __mb_u64s11(__VA_ARGS__)
#define __mb_u64s(...) __mb_apply(__mb_u64s, ##__VA_ARGS__)

/* --- Printing ----------------------------------------------------------- */

/*
 * The format string lives in .rodata ("static const"), which needs kernel
 * 5.2 global data.  Define BPF_NO_GLOBAL_DATA to keep it on the stack.
 */
#ifdef BPF_NO_GLOBAL_DATA
#define __MB_FMT_STORAGE
#else
#define __MB_FMT_STORAGE static const
#endif

/*
 * bpf_printk("x=%d y=%d", x, y) -> bpf_trace_printk(fmt, sizeof(fmt), x, y)
 * with up to 3 arguments (helper 6, any kernel), and with 4 or more
 * bpf_trace_vprintk(fmt, sizeof(fmt), u64 array, its size) (helper 177,
 * kernel 5.16), the only form that takes more.  Output goes to
 * /sys/kernel/tracing/trace_pipe.
 */
#define bpf_printk(fmt, ...)						\
	__mb_concat(__mb_printk_, __mb_printk_kind(__VA_ARGS__))(fmt, ##__VA_ARGS__)
/* __mb_printk_kind(args) -> "short" for 0-3 arguments, "long" beyond. */
#define __mb_printk_kind(...)						\
	__mb_nth(_, ##__VA_ARGS__, long, long, long, long, long, long,	\
		 long, long, long, short, short, short, short)
#define __mb_printk_short(fmt, ...) ({					\
	__MB_FMT_STORAGE char __mb_fmt[] = fmt;				\
	bpf_trace_printk(__mb_fmt, sizeof(__mb_fmt), ##__VA_ARGS__);	\
})
#define __mb_printk_long(fmt, ...) ({					\
	__MB_FMT_STORAGE char __mb_fmt[] = fmt;				\
	unsigned long long __mb_args[] = { __mb_u64s(__VA_ARGS__) };	\
	bpf_trace_vprintk(__mb_fmt, sizeof(__mb_fmt),			\
			  __mb_args, sizeof(__mb_args));		\
})

/*
 * BPF_SEQ_PRINTF(seq, fmt, args...) -> bpf_seq_printf(seq, fmt, sizeof(fmt),
 * u64 array, its size): printing from a bpf_iter program into its seq_file.
 */
#define BPF_SEQ_PRINTF(seq, fmt, ...) ({				\
	static const char __mb_fmt[] = fmt;				\
	unsigned long long __mb_args[] = { __mb_u64s(__VA_ARGS__) };	\
	bpf_seq_printf(seq, __mb_fmt, sizeof(__mb_fmt),			\
		       __mb_args, sizeof(__mb_args));			\
})

/*
 * BPF_SNPRINTF(out, size, fmt, args...) -> bpf_snprintf(out, size, fmt,
 * u64 array, its size): formatting into a buffer (kernel 5.13).
 */
#define BPF_SNPRINTF(out, out_size, fmt, ...) ({			\
	static const char __mb_fmt[] = fmt;				\
	unsigned long long __mb_args[] = { __mb_u64s(__VA_ARGS__) };	\
	bpf_snprintf(out, out_size, __mb_fmt,				\
		     __mb_args, sizeof(__mb_args));			\
})

#endif /* MINIBPF_BPF_HELPERS_H */
