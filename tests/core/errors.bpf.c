/* errors.bpf.c: see errors.h. */
#include "core.h"
#include "errors.h"

#ifdef TARGET
struct core_amb t1;
struct core_amb___dup t2;
struct core_oob t3;
struct core_incompat t4;
struct core_pmd t5;
struct core_pmd___2 t6;
struct core_dup t7;
struct core_dup___2 t8;
struct core_big t9;
#else
#define READER(name, expr)					\
	SEC("tc") int name(struct __sk_buff *skb)		\
	{							\
		void *p = in();					\
								\
		return p ? (int)(expr) : 0;			\
	}

READER(ambiguous, ((struct core_amb *)p)->x)
READER(array_oob, ((struct core_oob *)p)->a[3])
READER(incompat, ((struct core_incompat *)p)->x)
/* The first read prunes core_pmd's candidates to core_pmd, which has no
 * b: the second read finds nothing (libbpf's partial_match_dups). */
READER(partial_match, ((struct core_pmd *)p)->a + ((struct core_pmd *)p)->b)
READER(dup_compat, ((struct core_dup *)p)->x)
READER(too_big, BPF_CORE_READ_BITFIELD((struct core_big *)p, big))
#endif
