/* bpf_core_read.h: reading kernel memory so that it survives other kernels.
 *
 * A drop-in for libbpf's header of the same name.  CO-RE ("compile once,
 * run everywhere") works in two halves:
 *   - clang, given __builtin_preserve_access_index() or a struct marked
 *     __attribute__((preserve_access_index)) (vmlinux.h marks them all),
 *     records each field access in .BTF.ext as a relocation:
 *     "the instruction at 24 uses the offset of task_struct.real_parent,
 *     access string 0:57";
 *   - the loader finds task_struct.real_parent in the running kernel's BTF
 *     and patches the instruction with the offset found there.
 * The macros here are the first half: they make the compiler emit those
 * records.  Each kind of record is one of the builtins below:
 *
 *	__builtin_preserve_access_index(&s->f)   field offset (kind 0)
 *	__builtin_preserve_field_info(s->f, K)   field facts (kinds 0-5)
 *	__builtin_btf_type_id(*(T *)0, K)        type ids (kinds 6-7)
 *	__builtin_preserve_type_info(*(T *)0, K) type facts (kinds 8, 9, 12)
 *	__builtin_preserve_enum_value(*(E *)V, K) enumerator facts (kinds 10-11)
 *
 * Kernel memory outside the program's context cannot be dereferenced
 * directly by a kprobe; it is copied with bpf_probe_read_kernel() (helper
 * 113), whose source address carries the relocated offset.
 *
 * Needs clang 12 or newer; bpf_core_type_matches() needs clang 15.
 */
#ifndef MINIBPF_BPF_CORE_READ_H
#define MINIBPF_BPF_CORE_READ_H

#include "bpf_helpers.h"

/* The K argument of __builtin_preserve_field_info (what to ask of a field). */
enum bpf_field_info_kind {
	BPF_FIELD_BYTE_OFFSET = 0,	/* its offset in bytes */
	BPF_FIELD_BYTE_SIZE = 1,	/* its size in bytes */
	BPF_FIELD_EXISTS = 2,		/* 1 if the target kernel has it */
	BPF_FIELD_SIGNED = 3,		/* 1 if it is a signed integer */
	BPF_FIELD_LSHIFT_U64 = 4,	/* bitfield: shift left to drop the bits above */
	BPF_FIELD_RSHIFT_U64 = 5,	/* bitfield: then right to drop the bits below */
};

/* The K argument of __builtin_btf_type_id. */
enum bpf_type_id_kind {
	BPF_TYPE_ID_LOCAL = 0,		/* the type's id in this object's BTF */
	BPF_TYPE_ID_TARGET = 1,		/* its id in the kernel's BTF */
};

/* The K argument of __builtin_preserve_type_info. */
enum bpf_type_info_kind {
	BPF_TYPE_EXISTS = 0,		/* 1 if the kernel has a compatible type */
	BPF_TYPE_SIZE = 1,		/* its size in the kernel */
	BPF_TYPE_MATCHES = 2,		/* 1 if it matches member by member (clang 15) */
};

/* The K argument of __builtin_preserve_enum_value. */
enum bpf_enum_value_kind {
	BPF_ENUMVAL_EXISTS = 0,		/* 1 if the kernel's enum has the enumerator */
	BPF_ENUMVAL_VALUE = 1,		/* its value in the kernel */
};

/* --- Facts about fields and types, relocated at load time ------------- */

/* __CORE_RELO(s, f, KIND) -> __builtin_preserve_field_info(s->f, BPF_FIELD_KIND). */
#define __CORE_RELO(src, field, info)					\
	__builtin_preserve_field_info((src)->field, BPF_FIELD_##info)

/*
 * __mb_field(x) -> x, for the one-argument form bpf_core_field_xxx(s->f);
 * __mb_field(T, f) -> ((T *)0)->f, for the form bpf_core_field_xxx(T, f)
 * that names a type instead of a variable (T may be "struct task_struct").
 */
#define __mb_field1(expr) expr
#define __mb_field2(type, field) (((typeof(type) *)0)->field)
#define __mb_field(...) __mb_apply(__mb_field, __VA_ARGS__)

/* bpf_core_field_exists(s->f) or (T, f) -> 1 if the kernel has the field, else 0. */
#define bpf_core_field_exists(...)					\
	__builtin_preserve_field_info(__mb_field(__VA_ARGS__), BPF_FIELD_EXISTS)
/* bpf_core_field_size(s->f) or (T, f) -> the field's size in the kernel. */
#define bpf_core_field_size(...)					\
	__builtin_preserve_field_info(__mb_field(__VA_ARGS__), BPF_FIELD_BYTE_SIZE)
/* bpf_core_field_offset(s->f) or (T, f) -> the field's byte offset in the kernel. */
#define bpf_core_field_offset(...)					\
	__builtin_preserve_field_info(__mb_field(__VA_ARGS__), BPF_FIELD_BYTE_OFFSET)
/* bpf_core_field_signed(s->f) or (T, f) -> 1 if the kernel's field is signed. */
#define bpf_core_field_signed(...)					\
	__builtin_preserve_field_info(__mb_field(__VA_ARGS__), BPF_FIELD_SIGNED)

/* bpf_core_type_id_local(T) -> T's BTF id in this object (no relocation needed,
 * but recorded so the loader can tell). */
#define bpf_core_type_id_local(type)					\
	__builtin_btf_type_id(*(typeof(type) *)0, BPF_TYPE_ID_LOCAL)
/* bpf_core_type_id_kernel(T) -> the id of the matching type in the kernel's BTF. */
#define bpf_core_type_id_kernel(type)					\
	__builtin_btf_type_id(*(typeof(type) *)0, BPF_TYPE_ID_TARGET)
/* The kernel function behind bpf_core_cast (6.2+): obj, seen as the
 * kernel's type btf_id, for direct reads the verifier checks. */
extern void *bpf_rdonly_cast(const void *obj, unsigned int btf_id)
	__attribute__((section(".ksyms"))) __attribute__((weak));
/* bpf_core_cast(P, T) -> (T *)bpf_rdonly_cast(P, <the kernel's id of T>):
 * P read as a kernel T, field by field with plain loads (CO-RE fixes
 * their offsets; the verifier makes each a safe read). */
#define bpf_core_cast(ptr, type)					\
	((typeof(type) *)bpf_rdonly_cast((ptr), bpf_core_type_id_kernel(type)))
/* bpf_core_type_exists(T) -> 1 if the kernel has a type compatible with T. */
#define bpf_core_type_exists(type)					\
	__builtin_preserve_type_info(*(typeof(type) *)0, BPF_TYPE_EXISTS)
/* bpf_core_type_size(T) -> sizeof(T) in the kernel. */
#define bpf_core_type_size(type)					\
	__builtin_preserve_type_info(*(typeof(type) *)0, BPF_TYPE_SIZE)

/*
 * bpf_core_type_matches(T) -> 1 if the kernel's T matches T member by
 * member (a stricter test than exists).  clang 14 crashes on this kind,
 * so below clang 15 it is a compile error that says so.
 */
#if __clang_major__ >= 15
#define bpf_core_type_matches(type)					\
	__builtin_preserve_type_info(*(typeof(type) *)0, BPF_TYPE_MATCHES)
#else
#define bpf_core_type_matches(type) ({					\
	_Static_assert(0, "bpf_core_type_matches() needs clang 15 or newer "\
		       "(clang 14 crashes on BPF_TYPE_MATCHES)");	\
	0;								\
})
#endif

/* bpf_core_enum_value_exists(E, V) -> 1 if the kernel's enum E has enumerator V.
 * (*(E *)V: an lvalue of type E at "address" V is how the builtin takes both.) */
#define bpf_core_enum_value_exists(enum_type, enum_value)		\
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value,	\
				      BPF_ENUMVAL_EXISTS)
/* bpf_core_enum_value(E, V) -> V's value in the kernel's enum E. */
#define bpf_core_enum_value(enum_type, enum_value)			\
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value,	\
				      BPF_ENUMVAL_VALUE)

/* --- Copying memory at relocated addresses ----------------------------- */

/* bpf_core_read(dst, sz, &s->f) -> bpf_probe_read_kernel(dst, sz, &s->f)
 * with the offset of f relocated: copy sz bytes of kernel memory. */
#define bpf_core_read(dst, sz, src)					\
	bpf_probe_read_kernel(dst, sz,					\
			      (const void *)__builtin_preserve_access_index(src))
/* bpf_core_read_user(dst, sz, &s->f) -> the same from user memory (helper 112). */
#define bpf_core_read_user(dst, sz, src)				\
	bpf_probe_read_user(dst, sz,					\
			    (const void *)__builtin_preserve_access_index(src))
/* bpf_core_read_str(dst, sz, &s->f) -> copy a NUL-terminated kernel string
 * (helper 115); returns its length with the NUL. */
#define bpf_core_read_str(dst, sz, src)					\
	bpf_probe_read_kernel_str(dst, sz,				\
				  (const void *)__builtin_preserve_access_index(src))
/* bpf_core_read_user_str(dst, sz, &s->f) -> the same for a user string (helper 114). */
#define bpf_core_read_user_str(dst, sz, src)				\
	bpf_probe_read_user_str(dst, sz,				\
				(const void *)__builtin_preserve_access_index(src))

/* The same four without relocation, for the BPF_PROBE_READ family. */
#define __mb_probe_read(dst, sz, src)					\
	bpf_probe_read_kernel(dst, sz, (const void *)(src))
#define __mb_probe_read_user(dst, sz, src)				\
	bpf_probe_read_user(dst, sz, (const void *)(src))
#define __mb_probe_read_str(dst, sz, src)				\
	bpf_probe_read_kernel_str(dst, sz, (const void *)(src))
#define __mb_probe_read_user_str(dst, sz, src)				\
	bpf_probe_read_user_str(dst, sz, (const void *)(src))

/* --- Pointer chains: BPF_CORE_READ(s, a, b, c) is s->a->b->c ----------- */

/*
 * Each hop of a chain is one probe read, because only the first pointer is
 * known to the verifier.  BPF_CORE_READ(task, real_parent, tgid) becomes,
 * in outline,
 *
 *	const void *__mb_ptr = 0;
 *	bpf_probe_read_kernel(&__mb_ptr, SIZE(task_struct.real_parent),
 *			      &task->real_parent);
 *	result = 0;
 *	bpf_probe_read_kernel(&result, SIZE(task_struct.tgid),
 *			      &((struct task_struct *)__mb_ptr)->tgid);
 *
 * that is, two calls to bpf_probe_read_kernel, each with a CO-RE offset
 * relocation (the address) and a CO-RE size relocation (SIZE, the length).
 *
 * Why the size is the kernel's, not sizeof(dst): on a 32-bit kernel a
 * long and a pointer are 4 bytes, but 8 in the BPF program.  Reading 8
 * bytes of mm->task_size (0xbf000000 on an armv7 kernel) also reads the
 * pgd pointer after it: c19cc000bf000000.  So each CO-RE hop reads the
 * smaller of the kernel field's size and the destination's, into a
 * destination zeroed first, at its low-order end (the start on a
 * little-endian CPU, the end on a big-endian one): the value is
 * zero-extended, and sign-extended afterwards when both the local and
 * the kernel's field are signed integers (a 4-byte -1 stays -1).
 * Destinations larger than 8 bytes (arrays, structs) are not zeroed: they
 * get the kernel's bytes as they are.  __mb_chainN spells out the N reads
 * of an N-field chain: `rd` names the pointer hops, `rd_last` the final
 * read into dst; __mb_hop picks the hop macro by that name.
 */

/* __mb_hop(rd, dst, T, p, f) -> __mb_hop_rd(dst, T, p, f): one read of
 * ((T)p)->f into *dst, the kind of read named by rd. */
#define __mb_hop(rd, dst, type, ptr, field)				\
	__mb_hop_##rd(dst, type, ptr, field)

/* CO-RE hops, sized by the kernel (pointer hops need no sign). */
#define __mb_hop_core_ptr(dst, type, ptr, field)			\
	__mb_sized_read(bpf_probe_read_kernel, dst, type, ptr, field, 0)
#define __mb_hop_core(dst, type, ptr, field)				\
	__mb_sized_read(bpf_probe_read_kernel, dst, type, ptr, field, 1)
#define __mb_hop_core_user_ptr(dst, type, ptr, field)			\
	__mb_sized_read(bpf_probe_read_user, dst, type, ptr, field, 0)
#define __mb_hop_core_user(dst, type, ptr, field)			\
	__mb_sized_read(bpf_probe_read_user, dst, type, ptr, field, 1)
/* String hops: up to the buffer's size, the NUL ends the copy. */
#define __mb_hop_core_str(dst, type, ptr, field)			\
	bpf_core_read_str((void *)(dst), sizeof(*(dst)), &((type)(ptr))->field)
#define __mb_hop_core_user_str(dst, type, ptr, field)			\
	bpf_core_read_user_str((void *)(dst), sizeof(*(dst)),		\
			       &((type)(ptr))->field)
/* Hops without CO-RE (BPF_PROBE_READ): offsets and sizes as compiled. */
#define __mb_hop_probe(dst, type, ptr, field)				\
	__mb_probe_read((void *)(dst), sizeof(*(dst)), &((type)(ptr))->field)
#define __mb_hop_probe_user(dst, type, ptr, field)			\
	__mb_probe_read_user((void *)(dst), sizeof(*(dst)),		\
			     &((type)(ptr))->field)
#define __mb_hop_probe_str(dst, type, ptr, field)			\
	__mb_probe_read_str((void *)(dst), sizeof(*(dst)),		\
			    &((type)(ptr))->field)
#define __mb_hop_probe_user_str(dst, type, ptr, field)			\
	__mb_probe_read_user_str((void *)(dst), sizeof(*(dst)),		\
				 &((type)(ptr))->field)

/* __mb_dst_skip(dsz, n) -> where n bytes start in a dsz-byte destination
 * so that they are its low-order bytes; __mb_src_skip(fsz, n) -> where the
 * low-order n bytes of an fsz-byte kernel field start. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __mb_dst_skip(dsz, n) 0
#define __mb_src_skip(fsz, n) 0
#else
#define __mb_dst_skip(dsz, n) ((dsz) <= 8 ? (dsz) - (n) : 0)
#define __mb_src_skip(fsz, n) ((fsz) - (n))
#endif

/* __mb_int_signed(x) -> bpf_core_field_signed(x) if x has an integer
 * type, else 0.  clang cannot emit a SIGNED relocation for a pointer,
 * array or struct field (it crashes), and _Generic only compiles the
 * branch it selects. */
#define __mb_field_signed_(x) __builtin_preserve_field_info(x, BPF_FIELD_SIGNED)
#define __mb_int_signed(x) _Generic((x),				\
	char: __mb_field_signed_(x), signed char: __mb_field_signed_(x),\
	short: __mb_field_signed_(x), int: __mb_field_signed_(x),	\
	long: __mb_field_signed_(x), long long: __mb_field_signed_(x),	\
	default: 0)

/* __mb_local_signed(x) -> 1 if x has a signed integer type. */
#define __mb_local_signed(x) _Generic((x), signed char: 1, short: 1,	\
	int: 1, long: 1, long long: 1, char: (char)-1 < 0, default: 0)

/*
 * __mb_sext(dst, n, sgn) -> sign-extend the n-byte value at the low-order
 * end of *dst (2, 4 or 8 bytes, zero-extended so far) if sgn is 1:
 * (v ^ m) - m with m = sgn << (8n - 1), the n-byte sign bit.  Branchless,
 * and the identity when sgn is 0 or n fills *dst.
 */
#define __mb_sext(dst, n, sgn) do {					\
	if (sizeof(*(dst)) == 8) {					\
		unsigned long long __mb_m =				\
			(unsigned long long)(sgn) << (8 * (n) - 1);	\
		*(unsigned long long *)(dst) =				\
			(*(unsigned long long *)(dst) ^ __mb_m) - __mb_m; \
	} else if (sizeof(*(dst)) == 4) {				\
		unsigned int __mb_m = (unsigned int)(sgn) << (8 * (n) - 1); \
		*(unsigned int *)(dst) =				\
			(*(unsigned int *)(dst) ^ __mb_m) - __mb_m;	\
	} else if (sizeof(*(dst)) == 2) {				\
		unsigned short __mb_m =					\
			(unsigned short)((sgn) << (8 * (n) - 1));	\
		*(unsigned short *)(dst) =				\
			(*(unsigned short *)(dst) ^ __mb_m) - __mb_m;	\
	}								\
} while (0)

/*
 * __mb_min_size(a, b) -> the smaller of a and b, without a branch: a
 * branch on the relocated size makes clang duplicate the code after it.
 * d = b - a; if d >= 0 (a <= b) the mask is all ones and b - d = a; if
 * d < 0 the mask is 0 and the result is b.  barrier_var hides the mask
 * from clang, which would otherwise see a max(d, 0) and branch again.
 */
#define __mb_min_size(a, b) ({						\
	unsigned long __mb_d = (b) - (a);				\
	unsigned long __mb_keep = ~(unsigned long)((long)__mb_d >> 63);	\
	barrier_var(__mb_keep);						\
	(b) - (__mb_d & __mb_keep);					\
})

/*
 * __mb_sized_read(read, dst, T, p, f, sign) -> read (a probe-read helper)
 * min(kernel size of f, sizeof(*dst)) bytes of ((T)p)->f into *dst,
 * zero-extended, sign-extended if `sign` and both the local type and the
 * kernel's field are signed; evaluates to the helper's result.
 */
#define __mb_sized_read(read, dst, type, ptr, field, sign) ({		\
	unsigned long __mb_fsz = bpf_core_field_size(((type)(ptr))->field); \
	unsigned long __mb_n = __mb_min_size(__mb_fsz, sizeof(*(dst))); \
	const void *__mb_src = (const void *)				\
		__builtin_preserve_access_index(&((type)(ptr))->field);	\
	long __mb_err;							\
	/* after __mb_src: a pointer hop's dst is its ptr */		\
	if (sizeof(*(dst)) <= 8)					\
		__builtin_memset((void *)(dst), 0, sizeof(*(dst)));	\
	__mb_err = read((void *)(dst) + __mb_dst_skip(sizeof(*(dst)), __mb_n), \
		__mb_n, __mb_src + __mb_src_skip(__mb_fsz, __mb_n));	\
	if ((sign) && __mb_local_signed(*(dst)))			\
		__mb_sext(dst, __mb_n,					\
			  __mb_int_signed(((type)(ptr))->field));	\
	__mb_err;							\
})

#define __mb_chain1(rd, rd_last, dst, s, a)				\
	__mb_hop(rd_last, dst, typeof(s), s, a);
#define __mb_chain2(rd, rd_last, dst, s, a, b)				\
	const void *__mb_ptr;						\
	__mb_hop(rd, &__mb_ptr, typeof(s), s, a);			\
	__mb_hop(rd_last, dst, typeof((s)->a), __mb_ptr, b);
#define __mb_chain3(rd, rd_last, dst, s, a, b, c)			\
	const void *__mb_ptr;						\
	__mb_hop(rd, &__mb_ptr, typeof(s), s, a);			\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a), __mb_ptr, b);		\
	__mb_hop(rd_last, dst, typeof((s)->a->b), __mb_ptr, c);
#define __mb_chain4(rd, rd_last, dst, s, a, b, c, d)			\
	const void *__mb_ptr;						\
	__mb_hop(rd, &__mb_ptr, typeof(s), s, a);			\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a), __mb_ptr, b);		\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b), __mb_ptr, c);	\
	__mb_hop(rd_last, dst, typeof((s)->a->b->c), __mb_ptr, d);
#define __mb_chain5(rd, rd_last, dst, s, a, b, c, d, e)			\
	const void *__mb_ptr;						\
	__mb_hop(rd, &__mb_ptr, typeof(s), s, a);			\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a), __mb_ptr, b);		\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b), __mb_ptr, c);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c), __mb_ptr, d);	\
	__mb_hop(rd_last, dst, typeof((s)->a->b->c->d), __mb_ptr, e);
#define __mb_chain6(rd, rd_last, dst, s, a, b, c, d, e, f)		\
	const void *__mb_ptr;						\
	__mb_hop(rd, &__mb_ptr, typeof(s), s, a);			\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a), __mb_ptr, b);		\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b), __mb_ptr, c);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c), __mb_ptr, d);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d), __mb_ptr, e);	\
	__mb_hop(rd_last, dst, typeof((s)->a->b->c->d->e), __mb_ptr, f);
#define __mb_chain7(rd, rd_last, dst, s, a, b, c, d, e, f, g)		\
	const void *__mb_ptr;						\
	__mb_hop(rd, &__mb_ptr, typeof(s), s, a);			\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a), __mb_ptr, b);		\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b), __mb_ptr, c);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c), __mb_ptr, d);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d), __mb_ptr, e);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d->e), __mb_ptr, f); \
	__mb_hop(rd_last, dst, typeof((s)->a->b->c->d->e->f), __mb_ptr, g);
#define __mb_chain8(rd, rd_last, dst, s, a, b, c, d, e, f, g, h)	\
	const void *__mb_ptr;						\
	__mb_hop(rd, &__mb_ptr, typeof(s), s, a);			\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a), __mb_ptr, b);		\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b), __mb_ptr, c);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c), __mb_ptr, d);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d), __mb_ptr, e);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d->e), __mb_ptr, f); \
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d->e->f), __mb_ptr, g); \
	__mb_hop(rd_last, dst, typeof((s)->a->b->c->d->e->f->g), __mb_ptr, h);
#define __mb_chain9(rd, rd_last, dst, s, a, b, c, d, e, f, g, h, i)	\
	const void *__mb_ptr;						\
	__mb_hop(rd, &__mb_ptr, typeof(s), s, a);			\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a), __mb_ptr, b);		\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b), __mb_ptr, c);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c), __mb_ptr, d);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d), __mb_ptr, e);	\
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d->e), __mb_ptr, f); \
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d->e->f), __mb_ptr, g); \
	__mb_hop(rd, &__mb_ptr, typeof((s)->a->b->c->d->e->f->g), __mb_ptr, h); \
	__mb_hop(rd_last, dst, typeof((s)->a->b->c->d->e->f->g->h), __mb_ptr, i);

/* __mb_chain(rd, rd_last, dst, s, fields...) -> __mb_chainN(...) for N fields. */
#define __mb_chain(rd, rd_last, dst, s, ...)				\
	__mb_concat(__mb_chain, __mb_nargs(__VA_ARGS__))		\
		(rd, rd_last, dst, s, __VA_ARGS__)

/* __mb_arrows(s, a, b) -> (s)->a->b: the chain as an expression, for typeof. */
#define __mb_arrows1(s, a) (s)->a
#define __mb_arrows2(s, a, b) (s)->a->b
#define __mb_arrows3(s, a, b, c) (s)->a->b->c
#define __mb_arrows4(s, a, b, c, d) (s)->a->b->c->d
#define __mb_arrows5(s, a, b, c, d, e) (s)->a->b->c->d->e
#define __mb_arrows6(s, a, b, c, d, e, f) (s)->a->b->c->d->e->f
#define __mb_arrows7(s, a, b, c, d, e, f, g) (s)->a->b->c->d->e->f->g
#define __mb_arrows8(s, a, b, c, d, e, f, g, h) (s)->a->b->c->d->e->f->g->h
#define __mb_arrows9(s, a, b, c, d, e, f, g, h, i) (s)->a->b->c->d->e->f->g->h->i
#define __mb_arrows(s, ...)						\
	__mb_concat(__mb_arrows, __mb_nargs(__VA_ARGS__))(s, __VA_ARGS__)

/* BPF_CORE_READ_INTO(&dst, s, a, b) -> dst = s->a->b, hop by hop with
 * relocated offsets; evaluates to the last read's result (0 or -errno). */
#define BPF_CORE_READ_INTO(dst, src, a, ...) ({				\
	__mb_chain(core_ptr, core, dst, (src), a, ##__VA_ARGS__) \
})
/* BPF_CORE_READ_STR_INTO(&buf, s, a, name) -> copy the string s->a->name
 * into the array buf (the last hop is a string read). */
#define BPF_CORE_READ_STR_INTO(dst, src, a, ...) ({			\
	__mb_chain(core_ptr, core_str, dst, (src), a, ##__VA_ARGS__) \
})
/* BPF_CORE_READ_USER_INTO(&dst, s, a, b) -> the same through user memory. */
#define BPF_CORE_READ_USER_INTO(dst, src, a, ...) ({			\
	__mb_chain(core_user_ptr, core_user, dst, (src), a, ##__VA_ARGS__) \
})
/* BPF_CORE_READ_USER_STR_INTO(&buf, s, a, name) -> a user string. */
#define BPF_CORE_READ_USER_STR_INTO(dst, src, a, ...) ({		\
	__mb_chain(core_user_ptr, core_user_str, dst, (src), a, ##__VA_ARGS__) \
})
/* BPF_PROBE_READ_INTO(&dst, s, a, b) -> dst = s->a->b without CO-RE
 * (offsets as compiled; relocated only if the types are preserve_access_index). */
#define BPF_PROBE_READ_INTO(dst, src, a, ...) ({			\
	__mb_chain(probe, probe, dst, (src), a, ##__VA_ARGS__) \
})
/* BPF_PROBE_READ_STR_INTO(&buf, s, a, name) -> a kernel string, without CO-RE. */
#define BPF_PROBE_READ_STR_INTO(dst, src, a, ...) ({			\
	__mb_chain(probe, probe_str, dst, (src), a, ##__VA_ARGS__) \
})
/* BPF_PROBE_READ_USER_INTO(&dst, s, a, b) -> user memory, without CO-RE. */
#define BPF_PROBE_READ_USER_INTO(dst, src, a, ...) ({			\
	__mb_chain(probe_user, probe_user, dst, (src), a, ##__VA_ARGS__) \
})
/* BPF_PROBE_READ_USER_STR_INTO(&buf, s, a, name) -> a user string, without CO-RE. */
#define BPF_PROBE_READ_USER_STR_INTO(dst, src, a, ...) ({		\
	__mb_chain(probe_user, probe_user_str, dst, (src), a, ##__VA_ARGS__) \
})

/*
 * BPF_CORE_READ(s, a, b) -> the value of s->a->b, read as
 * BPF_CORE_READ_INTO does into a local of that type.  A read that fails
 * leaves the local as the helper left it (zeroed by the kernel).
 */
#define BPF_CORE_READ(src, a, ...) ({					\
	typeof(__mb_arrows(src, a, ##__VA_ARGS__)) __mb_val;		\
	BPF_CORE_READ_INTO(&__mb_val, (src), a, ##__VA_ARGS__);		\
	__mb_val;							\
})
/* BPF_CORE_READ_USER(s, a, b) -> s->a->b read from user memory with CO-RE. */
#define BPF_CORE_READ_USER(src, a, ...) ({				\
	typeof(__mb_arrows(src, a, ##__VA_ARGS__)) __mb_val;		\
	BPF_CORE_READ_USER_INTO(&__mb_val, (src), a, ##__VA_ARGS__);	\
	__mb_val;							\
})
/* BPF_PROBE_READ(s, a, b) -> s->a->b read from kernel memory without CO-RE. */
#define BPF_PROBE_READ(src, a, ...) ({					\
	typeof(__mb_arrows(src, a, ##__VA_ARGS__)) __mb_val;		\
	BPF_PROBE_READ_INTO(&__mb_val, (src), a, ##__VA_ARGS__);	\
	__mb_val;							\
})
/* BPF_PROBE_READ_USER(s, a, b) -> s->a->b read from user memory without CO-RE. */
#define BPF_PROBE_READ_USER(src, a, ...) ({				\
	typeof(__mb_arrows(src, a, ##__VA_ARGS__)) __mb_val;		\
	BPF_PROBE_READ_USER_INTO(&__mb_val, (src), a, ##__VA_ARGS__);	\
	__mb_val;							\
})

/* --- Bitfields -------------------------------------------------------- */

/*
 * A bitfield has no address, so it is read as the 1, 2, 4 or 8 bytes
 * around it (BYTE_OFFSET, BYTE_SIZE) into a u64, then shifted left until
 * its top bit is bit 63 (LSHIFT_U64) and right until its low bit is bit 0
 * (RSHIFT_U64); an arithmetic right shift when the field is SIGNED
 * extends the sign.  All four numbers are relocated, so the field may
 * move or change width in another kernel.  Worked example: a 3-bit
 * unsigned field in bits 5..7 of its byte, on a little-endian CPU:
 * BYTE_SIZE 1, LSHIFT_U64 64 - 8 = 56 (bit 7 becomes bit 63),
 * RSHIFT_U64 64 - 3 = 61 (bit 5, now bit 61, becomes bit 0).
 */

/*
 * BPF_CORE_READ_BITFIELD_PROBED(s, f) -> s->f for a bitfield f, copying the
 * bytes with bpf_probe_read_kernel (for pointers that are not the context).
 * The bytes go to the low-order end of the u64: its start on a
 * little-endian CPU, its end on a big-endian one.
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __mb_low_bytes(u64p, size) ((void *)(u64p))
#else
#define __mb_low_bytes(u64p, size) ((void *)(u64p) + 8 - (size))
#endif
#define BPF_CORE_READ_BITFIELD_PROBED(s, field) ({			\
	unsigned long long __mb_bits = 0;				\
	bpf_probe_read_kernel(						\
		__mb_low_bytes(&__mb_bits, __CORE_RELO(s, field, BYTE_SIZE)), \
		__CORE_RELO(s, field, BYTE_SIZE),			\
		(const void *)(s) + __CORE_RELO(s, field, BYTE_OFFSET)); \
	__mb_bits <<= __CORE_RELO(s, field, LSHIFT_U64);		\
	if (__CORE_RELO(s, field, SIGNED))				\
		__mb_bits = (unsigned long long)((long long)__mb_bits >> \
			__CORE_RELO(s, field, RSHIFT_U64));		\
	else								\
		__mb_bits >>= __CORE_RELO(s, field, RSHIFT_U64);	\
	__mb_bits;							\
})

/*
 * BPF_CORE_READ_BITFIELD(s, f) -> s->f for a bitfield f, loading the bytes
 * directly (for memory the program may read: its context, a tp_btf or
 * fentry argument).  barrier_var keeps the relocated address in one
 * register, so that the switch below does not relocate it four times.
 */
#define BPF_CORE_READ_BITFIELD(s, field) ({				\
	const void *__mb_at = (const void *)(s) +			\
		__CORE_RELO(s, field, BYTE_OFFSET);			\
	unsigned long long __mb_bits = 0;				\
	barrier_var(__mb_at);						\
	switch (__CORE_RELO(s, field, BYTE_SIZE)) {			\
	case 1: __mb_bits = *(const unsigned char *)__mb_at; break;	\
	case 2: __mb_bits = *(const unsigned short *)__mb_at; break;	\
	case 4: __mb_bits = *(const unsigned int *)__mb_at; break;	\
	case 8: __mb_bits = *(const unsigned long long *)__mb_at; break; \
	}								\
	__mb_bits <<= __CORE_RELO(s, field, LSHIFT_U64);		\
	if (__CORE_RELO(s, field, SIGNED))				\
		__mb_bits = (unsigned long long)((long long)__mb_bits >> \
			__CORE_RELO(s, field, RSHIFT_U64));		\
	else								\
		__mb_bits >>= __CORE_RELO(s, field, RSHIFT_U64);	\
	__mb_bits;							\
})

#endif /* MINIBPF_BPF_CORE_READ_H */
