/* core_relo.h: what the CO-RE files share (core_spec.c, core_types.c,
 * core.c, core_object.c).
 *
 * A CO-RE record (struct bpf_core_relo, <linux/bpf.h>) names a root
 * type of the object's BTF, an access string ("0:2:1") and a kind of
 * question (field offset, type exists, enum value...).  core_spec.c
 * turns the access string into a path through types (a spec) and
 * matches it against a candidate of the target BTF; core_types.c says
 * when two types are the same for CO-RE; core.c finds candidates,
 * answers the question and patches the instruction; core_object.c does
 * that for every record of an object and prints --explain.
 */
#ifndef MINIBPF_CORE_RELO_H
#define MINIBPF_CORE_RELO_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/bpf.h>

#include "btf.h"

struct mb_log;

/* The three families of record kinds (enum bpf_core_relo_kind). */
static inline bool mb_core_kind_is_field(uint32_t kind)
{
	return kind <= BPF_CORE_FIELD_RSHIFT_U64;
}

static inline bool mb_core_kind_is_enumval(uint32_t kind)
{
	return kind == BPF_CORE_ENUMVAL_EXISTS ||
	       kind == BPF_CORE_ENUMVAL_VALUE;
}

/* What one CO-RE record did to its instruction, kept for --explain. */
struct mb_core_result {
	const struct mb_section *sec; /* NULL from mb_core_relocate_insns */
	uint32_t insn;		      /* instruction index in the section */
	uint32_t kind;		      /* enum bpf_core_relo_kind */
	uint64_t old_val, new_val;    /* as found in / written to the insn */
	bool poisoned;		      /* no target: now a call 0xbad2310 */
	bool wide;		      /* an LD_IMM64: print unsigned 64-bit */
	uint32_t local_id;	      /* root type in the object's BTF */
	uint32_t target_id;	      /* matched root in the target, 0: none */
	char local[160];	      /* "struct s.a[1].b (0:2:1:0)" */
	char target[96];	      /* "[118] (0:57)", "no match", or
				       * "[90210] nf_conntrack (0:3)" */
};

/* Candidate lists of one object, one per local root type id (core.c). */
struct mb_core_cache;

/* Where a candidate comes from: its BTF, and the kernel module whose
 * BTF that is (NULL: the target itself). */
struct mb_core_cand {
	const struct mb_btf *btf;
	const char *module;
	uint32_t id;
};

/* Kernel modules' BTF (split on top of the target): module i's BTF and
 * name; *btfp NULL for a module to pass over, -ENOENT past the last. */
typedef int (*mb_core_modules_fn)(const struct mb_log *log, uint32_t i,
				  const struct mb_btf **btfp,
				  const char **namep);

/* Everything one resolution needs besides the record itself. */
struct mb_core_ctx {
	const struct mb_btf *local;  /* the object's BTF */
	const struct mb_btf *target; /* vmlinux or --btf */
	/* When target has no candidate for a root, the modules' own types
	 * are searched, as libbpf does; NULL: no modules (--btf). */
	mb_core_modules_fn modules;
	bool big_endian;   /* the object's byte order (bitfields) */
	const char *where; /* "prog 'handle'": messages */
	const struct mb_log *log;
	struct mb_core_cache *cache; /* NULL: search every time */
	/* Told of every candidate a record matched (btf_min.c), or NULL. */
	void (*on_match)(void *arg, const struct mb_core_spec *targ);
	void *on_match_arg;
};

/* core_spec.c: an access string as a path through types ("spec").
 * Raw: every index as written.  Steps: the root, each named member and
 * each array index, the only points that matching compares by name. */
#define MB_CORE_SPEC_MAX 64 /* accessors, as the kernel's limit */

struct mb_core_step {
	/* the struct, union or enum holding the member, or the element
	 * type of an array index */
	uint32_t type_id;
	uint32_t idx;	  /* member, enumerator or element index */
	const char *name; /* member/enumerator; NULL: an index */
};

struct mb_core_spec {
	const struct mb_btf *btf;
	const char *module; /* a candidate's kernel module, or NULL */
	uint32_t root_id;
	uint32_t kind;
	uint32_t raw[MB_CORE_SPEC_MAX];
	uint32_t nr_raw;
	struct mb_core_step steps[MB_CORE_SPEC_MAX];
	uint32_t nr_steps;
	uint64_t bit_off; /* field start from the root pointer */
};

/* Same kind, where ENUM and ENUM64 count as one family (kinds as
 * mb_core_kind gives them). */
static inline bool mb_core_kinds_compat(int a, int b)
{
	bool ea = a == BTF_KIND_ENUM || a == BTF_KIND_ENUM64;
	bool eb = b == BTF_KIND_ENUM || b == BTF_KIND_ENUM64;

	return a == b || (ea && eb);
}

#endif
