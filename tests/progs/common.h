/* common.h: what the programs in tests/progs/ share.
 *
 * They build with our macros (-Imacros finds macros/bpf/bpf_helpers.h)
 * and also with libbpf's own headers, used as a reference.  Older
 * libbpf headers lack a few definitions; they are supplied here.
 */
#ifndef TESTS_PROGS_COMMON_H
#define TESTS_PROGS_COMMON_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <stdbool.h>

#ifndef __ulong	/* libbpf before 1.1 */
#define __ulong_cat2(a, b) a##b
#define __ulong_cat(a, b) __ulong_cat2(a, b)
#define __ulong(name, val) enum { __ulong_cat(__ulong_, __COUNTER__) = val } name
#endif

/* The legacy map definition, which libbpf 1.0 dropped from its headers. */
struct legacy_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef short s16;

#endif
