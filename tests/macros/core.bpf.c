/* core.bpf.c: the CO-RE macros, one program per behaviour, for core.py.
 *
 * Local types stand in for kernel ones; "PAI" types carry
 * preserve_access_index as vmlinux.h's do.  Chains run through s1 -> s2
 * -> ... -> s9, each struct with a different amount of padding before
 * its `next` pointer, so that every hop relocates a different field.
 * Programs take their root pointer from ctx[0] so that no architecture
 * is needed.
 */
#include <linux/types.h>
#include "headers.h"

#define PAI __attribute__((preserve_access_index))

struct s9 { long pad[9]; int val; char name[16]; } PAI;
struct s8 { long pad[8]; struct s9 *next; } PAI;
struct s7 { long pad[7]; struct s8 *next; } PAI;
struct s6 { long pad[6]; struct s7 *next; } PAI;
struct s5 { long pad[5]; struct s6 *next; } PAI;
struct s4 { long pad[4]; struct s5 *next; } PAI;
struct s3 { long pad[3]; struct s4 *next; } PAI;
struct s2 { long pad[2]; struct s3 *next; } PAI;
struct s1 { long pad[1]; struct s2 *next; } PAI;

/* BPF_CORE_READ of a chain of n fields ends at s9.val. */
#define CHAIN(n, type, ...)						\
	SEC("raw_tp/chain" #n) int chain##n(unsigned long long *ctx)	\
	{								\
		struct type *root = (void *)ctx[0];			\
		return BPF_CORE_READ(root, ##__VA_ARGS__);		\
	}
CHAIN(1, s9, val)
CHAIN(2, s8, next, val)
CHAIN(3, s7, next, next, val)
CHAIN(4, s6, next, next, next, val)
CHAIN(5, s5, next, next, next, next, val)
CHAIN(6, s4, next, next, next, next, next, val)
CHAIN(7, s3, next, next, next, next, next, next, val)
CHAIN(8, s2, next, next, next, next, next, next, next, val)
CHAIN(9, s1, next, next, next, next, next, next, next, next, val)

SEC("raw_tp/into") int read_into(unsigned long long *ctx)
{
	struct s7 *root = (void *)ctx[0];
	int v = 0;

	BPF_CORE_READ_INTO(&v, root, next, next, val);
	return v;
}

SEC("raw_tp/str_into") int read_str_into(unsigned long long *ctx)
{
	struct s8 *root = (void *)ctx[0];
	char buf[16];

	BPF_CORE_READ_STR_INTO(&buf, root, next, name);
	return buf[0];
}

SEC("raw_tp/user") int read_user(unsigned long long *ctx)
{
	struct s8 *root = (void *)ctx[0];

	return BPF_CORE_READ_USER(root, next, val);
}

SEC("raw_tp/user_str_into") int read_user_str_into(unsigned long long *ctx)
{
	struct s8 *root = (void *)ctx[0];
	char buf[16];

	BPF_CORE_READ_USER_STR_INTO(&buf, root, next, name);
	return buf[0];
}

/* Types without preserve_access_index: BPF_PROBE_READ relocates nothing. */
struct plain2 { long pad[3]; int val; };
struct plain1 { long pad; struct plain2 *next; };

SEC("raw_tp/probe") int probe_read(unsigned long long *ctx)
{
	struct plain1 *root = (void *)ctx[0];

	return BPF_PROBE_READ(root, next, val);
}

/* Bitfields: b is 3 bits at bit 5, c is signed. */
struct bits { int a : 5; unsigned int b : 3; int c : 7; long tail; } PAI;

SEC("raw_tp/bitfield_probed") int bitfield_probed(unsigned long long *ctx)
{
	struct bits *s = (void *)ctx[0];

	return BPF_CORE_READ_BITFIELD_PROBED(s, c);
}

SEC("raw_tp/bitfield") int bitfield(unsigned long long *ctx)
{
	struct bits *s = (void *)ctx[0];

	return BPF_CORE_READ_BITFIELD(s, b);
}

/* Field facts, in both spellings: an expression, or (type, field). */
SEC("raw_tp/field_exists") int field_exists(unsigned long long *ctx)
{
	struct s9 *s = (void *)ctx[0];

	return bpf_core_field_exists(s->val);
}
SEC("raw_tp/field_size") int field_size(unsigned long long *ctx)
{
	struct s9 *s = (void *)ctx[0];

	return bpf_core_field_size(s->name);
}
SEC("raw_tp/field_offset") int field_offset(unsigned long long *ctx)
{
	struct s9 *s = (void *)ctx[0];

	return bpf_core_field_offset(s->val);
}
#ifndef REF_NO_FIELD_SIGNED	/* libbpf 1.1.2 does not have it */
SEC("raw_tp/field_signed") int field_signed(unsigned long long *ctx)
{
	struct s9 *s = (void *)ctx[0];

	return bpf_core_field_signed(s->val);
}
#endif
SEC("raw_tp/field_exists_type") int field_exists_type(unsigned long long *ctx)
{
	return bpf_core_field_exists(struct s8, next);
}

/* Type facts. */
SEC("raw_tp/type_exists") int type_exists(unsigned long long *ctx)
{
	return bpf_core_type_exists(struct s3);
}
SEC("raw_tp/type_size") int type_size(unsigned long long *ctx)
{
	return bpf_core_type_size(struct s4);
}
SEC("raw_tp/type_id_local") int type_id_local(unsigned long long *ctx)
{
	return bpf_core_type_id_local(struct s5);
}
SEC("raw_tp/type_id_kernel") int type_id_kernel(unsigned long long *ctx)
{
	return bpf_core_type_id_kernel(struct s6);
}
#ifdef WANT_TYPE_MATCHES	/* clang 15 and later */
SEC("raw_tp/type_matches") int type_matches(unsigned long long *ctx)
{
	return bpf_core_type_matches(struct s7);
}
#endif

/* Enumerator facts. */
enum colour { RED = 1, GREEN = 2, BLUE = 4 };

SEC("raw_tp/enum_exists") int enum_exists(unsigned long long *ctx)
{
	return bpf_core_enum_value_exists(enum colour, GREEN);
}
SEC("raw_tp/enum_value") int enum_value(unsigned long long *ctx)
{
	return bpf_core_enum_value(enum colour, BLUE);
}

/* The plain copies: bpf_core_read and friends, one relocation each. */
SEC("raw_tp/core_read") int core_read(unsigned long long *ctx)
{
	struct s9 *s = (void *)ctx[0];
	int v;

	bpf_core_read(&v, sizeof(v), &s->val);
	return v;
}
SEC("raw_tp/core_read_str") int core_read_str(unsigned long long *ctx)
{
	struct s9 *s = (void *)ctx[0];
	char buf[16];

	return bpf_core_read_str(buf, sizeof(buf), &s->name);
}
SEC("raw_tp/core_read_user") int core_read_user(unsigned long long *ctx)
{
	struct s9 *s = (void *)ctx[0];
	int v;

	bpf_core_read_user(&v, sizeof(v), &s->val);
	return v;
}

/*
 * Callers' names the macros must not capture: libbpf's own locals are
 * called p, val and __t, and a user variable of that name breaks them.
 */
#ifdef HEADERS_MINIBPF
SEC("raw_tp/shadow") int shadow(unsigned long long *ctx)
{
	struct bits *p = (void *)ctx[0];
	struct s8 *val = (void *)ctx[1];
	struct s8 *__t = (void *)ctx[2];

	return BPF_CORE_READ_BITFIELD_PROBED(p, b) + BPF_CORE_READ(val, next, val) +
	       BPF_CORE_READ(__t, next, val);
}
#endif

char LICENSE[] SEC("license") = "GPL";
