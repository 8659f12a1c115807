/* usdt.bpf.h: reading the arguments of a USDT probe in a BPF program.
 *
 * A drop-in for libbpf's header of the same name, with the same maps and
 * the same spec layout, so an object built with either header loads in
 * either loader.  A USDT argument lives wherever the compiler of the
 * traced program put it: a constant, a register, or memory at register +
 * offset.  The loader (minibpf's attach_usdt.c) reads that from the
 * binary's .note.stapsdt and writes, per call site, one spec into
 * __bpf_usdt_specs; here the program finds its spec and follows it:
 *
 *	SEC("usdt/./app:myprov:request")
 *	int BPF_USDT(on_request, int id, const char *url)
 *	{ ... id and url are arguments 0 and 1 of the probe ... }
 *
 * Which spec is ours: the BPF cookie of the attachment (kernels 5.15+,
 * LINUX_HAS_BPF_COOKIE), else the probe's address looked up in
 * __bpf_usdt_ip_to_spec_id.
 *
 * What this header gives (ctx is the struct pt_regs * of the program):
 *   BPF_USDT(name, args...)        a program whose args are the probe's
 *   bpf_usdt_arg_cnt(ctx)          how many arguments the probe has
 *   bpf_usdt_arg(ctx, n, &res)     argument n (from 0) into long res
 *   bpf_usdt_cookie(ctx)           the cookie given when attaching
 * BPF_USDT_MAX_SPEC_CNT and BPF_USDT_MAX_IP_CNT size the two maps.
 */
#ifndef __USDT_BPF_H__
#define __USDT_BPF_H__

#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* BPF_USDT_MAX_SPEC_CNT -> 256: specs (distinct call-site layouts). */
#ifndef BPF_USDT_MAX_SPEC_CNT
#define BPF_USDT_MAX_SPEC_CNT 256
#endif
/* BPF_USDT_MAX_IP_CNT -> 1024: probe addresses (unused with cookies). */
#ifndef BPF_USDT_MAX_IP_CNT
#define BPF_USDT_MAX_IP_CNT (4 * BPF_USDT_MAX_SPEC_CNT)
#endif
/* BPF_USDT_MAX_ARG_CNT -> 12: arguments per probe (sys/sdt.h's limit). */
#define BPF_USDT_MAX_ARG_CNT 12

/* Where an argument lives; the loader writes these values. */
enum __bpf_usdt_arg_type {
	BPF_USDT_ARG_CONST,		/* "-4@$-9": val_off is the value */
	BPF_USDT_ARG_REG,		/* "8@%rax": the register */
	BPF_USDT_ARG_REG_DEREF,		/* "-4@-20(%rbp)": at reg + val_off */
};

/* 16 bytes: the layout the loader writes (keep it). */
struct __bpf_usdt_arg_spec {
	__u64 val_off;			/* constant or offset */
	enum __bpf_usdt_arg_type arg_type;
	short reg_off;			/* offsetof(struct pt_regs, reg) */
	_Bool arg_signed;		/* sign-extend the value */
	char arg_bitshift;		/* 64 - 8 * size of the argument */
};

struct __bpf_usdt_spec {
	struct __bpf_usdt_arg_spec args[BPF_USDT_MAX_ARG_CNT];
	__u64 usdt_cookie;		/* bpf_usdt_cookie() */
	short arg_cnt;
};

/* Spec id -> spec.  __weak: one map however many files include this. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BPF_USDT_MAX_SPEC_CNT);
	__type(key, int);
	__type(value, struct __bpf_usdt_spec);
} __bpf_usdt_specs SEC(".maps") __weak;

/* Run-time probe address -> spec id, for kernels without BPF cookies. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPF_USDT_MAX_IP_CNT);
	__type(key, long);
	__type(value, __u32);
} __bpf_usdt_ip_to_spec_id SEC(".maps") __weak;

/* Set by the loader: the kernel has bpf_get_attach_cookie (5.15+). */
extern const _Bool LINUX_HAS_BPF_COOKIE __kconfig;

/* A register of pt_regs is 4 bytes on 32-bit kernels (arm, i386). */
#if defined(__TARGET_ARCH_arm) || (defined(__TARGET_ARCH_x86) && defined(__i386__))
typedef __u32 __bpf_usdt_reg_t;
#else
typedef __u64 __bpf_usdt_reg_t;
#endif

/* Our spec id, or -ESRCH if the loader gave this probe none. */
static __always_inline int __bpf_usdt_spec_id(struct pt_regs *ctx)
{
	long ip;
	__u32 *id;

	if (LINUX_HAS_BPF_COOKIE)
		return bpf_get_attach_cookie(ctx);
	ip = PT_REGS_IP(ctx);
	id = bpf_map_lookup_elem(&__bpf_usdt_ip_to_spec_id, &ip);
	return id ? (int)*id : -ESRCH;
}

/* Our spec, or NULL. */
static __always_inline struct __bpf_usdt_spec *
__bpf_usdt_spec(struct pt_regs *ctx)
{
	int id = __bpf_usdt_spec_id(ctx);

	if (id < 0)
		return NULL;
	return bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
}

/* bpf_usdt_arg_cnt(ctx) -> the probe's argument count, or -ESRCH. */
__weak __hidden int bpf_usdt_arg_cnt(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __bpf_usdt_spec(ctx);

	return spec ? spec->arg_cnt : -ESRCH;
}

/* The register at byte offset off of pt_regs, widened to 64 bits. */
static __always_inline long __bpf_usdt_reg(struct pt_regs *ctx, short off,
					   __u64 *val)
{
	__bpf_usdt_reg_t r;
	long err;

	err = bpf_probe_read_kernel(&r, sizeof(r), (void *)ctx + off);
	*val = r;
	return err;
}

/* bpf_usdt_arg(ctx, n, &res) -> 0 and argument n (from 0) in res, cast
 * to its size and sign; or a negative error and res = 0. */
__weak __hidden int bpf_usdt_arg(struct pt_regs *ctx, __u64 arg_num,
				 long *res)
{
	struct __bpf_usdt_spec *spec = __bpf_usdt_spec(ctx);
	struct __bpf_usdt_arg_spec *a;
	__u64 val = 0;
	long err;

	*res = 0;
	if (!spec)
		return -ESRCH;
	if (arg_num >= BPF_USDT_MAX_ARG_CNT || arg_num >= spec->arg_cnt)
		return -ENOENT;
	a = &spec->args[arg_num];
	switch (a->arg_type) {
	case BPF_USDT_ARG_CONST:
		val = a->val_off;
		break;
	case BPF_USDT_ARG_REG:
		err = __bpf_usdt_reg(ctx, a->reg_off, &val);
		if (err)
			return err;
		break;
	case BPF_USDT_ARG_REG_DEREF:
		err = __bpf_usdt_reg(ctx, a->reg_off, &val);
		if (err)
			return err;
		err = bpf_probe_read_user(&val, sizeof(val),
					  (void *)(val + a->val_off));
		if (err)
			return err;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		val >>= a->arg_bitshift;	/* the value's bytes come first */
#endif
		break;
	default:
		return -EINVAL;
	}
	/* keep the low 8 * size bits, sign-extended if signed */
	val <<= a->arg_bitshift;
	if (a->arg_signed)
		val = (__u64)((long)val >> a->arg_bitshift);
	else
		val >>= a->arg_bitshift;
	*res = val;
	return 0;
}

/* bpf_usdt_cookie(ctx) -> the usdt_cookie given at attach, or 0. */
__weak __hidden long bpf_usdt_cookie(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __bpf_usdt_spec(ctx);

	return spec ? spec->usdt_cookie : 0;
}

/* __bpf_usdt_argsN(a..) -> ctx, argument 0, .., argument N-1: each read
 * with bpf_usdt_arg (0 if missing) and passed as a long. */
#define __bpf_usdt_argN(n) ({ long _v; bpf_usdt_arg(ctx, n, &_v); _v; })
#define __bpf_usdt_args0() ctx
#define __bpf_usdt_args1(a) __bpf_usdt_args0(), __bpf_usdt_argN(0)
#define __bpf_usdt_args2(a, ...) __bpf_usdt_args1(a), __bpf_usdt_argN(1)
#define __bpf_usdt_args3(a, ...) __bpf_usdt_args2(a), __bpf_usdt_argN(2)
#define __bpf_usdt_args4(a, ...) __bpf_usdt_args3(a), __bpf_usdt_argN(3)
#define __bpf_usdt_args5(a, ...) __bpf_usdt_args4(a), __bpf_usdt_argN(4)
#define __bpf_usdt_args6(a, ...) __bpf_usdt_args5(a), __bpf_usdt_argN(5)
#define __bpf_usdt_args7(a, ...) __bpf_usdt_args6(a), __bpf_usdt_argN(6)
#define __bpf_usdt_args8(a, ...) __bpf_usdt_args7(a), __bpf_usdt_argN(7)
#define __bpf_usdt_args9(a, ...) __bpf_usdt_args8(a), __bpf_usdt_argN(8)
#define __bpf_usdt_args10(a, ...) __bpf_usdt_args9(a), __bpf_usdt_argN(9)
#define __bpf_usdt_args11(a, ...) __bpf_usdt_args10(a), __bpf_usdt_argN(10)
#define __bpf_usdt_args12(a, ...) __bpf_usdt_args11(a), __bpf_usdt_argN(11)
#define __bpf_usdt_args(...) __mb_apply(__bpf_usdt_args, ##__VA_ARGS__)

/* BPF_USDT(name, T1 a1, ..) -> a program name(struct pt_regs *ctx) whose
 * body sees the probe's arguments as a1.. (converted from long to their
 * declared types) and ctx, shaped as BPF_KPROBE in bpf_tracing.h. */
#define BPF_USDT(name, ...)						\
name(struct pt_regs *ctx);						\
static __always_inline typeof(name(0))					\
____##name(struct pt_regs *ctx, ##__VA_ARGS__);			\
typeof(name(0)) name(struct pt_regs *ctx)				\
{									\
	__MB_QUIET_INT_CONVERSION					\
	return ____##name(__bpf_usdt_args(__VA_ARGS__));		\
	__MB_END_QUIET							\
}									\
static __always_inline typeof(name(0))					\
____##name(struct pt_regs *ctx, ##__VA_ARGS__)

#endif /* __USDT_BPF_H__ */
