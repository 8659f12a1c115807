/* arrays.bpf.c: see arrays.h. */
#include "core.h"
#include "arrays.h"

#ifdef TARGET
struct core_arr target;
#else
SEC("tc") int arrays(struct __sk_buff *skb)
{
	struct core_arr *p = in();

	if (!p)
		return 1;
	CHECK(p->a[2] == 1);		/* 8 -> 4 + 2 * 4 = 12 */
	/* preserve_access_index on the struct covers only its members: the
	 * inner indices need the builtin on the whole expression. */
	CHECK(*__builtin_preserve_access_index(&p->b[1][2][3]) == 2);
					/* 104 -> 24 + (20 + 10 + 3) * 4 = 156 */
	CHECK(p->c[1].c == 3);		/* 112 -> 264 + 8 + 4 = 276 */
	CHECK(p->f[2].c == 4);		/* 128 -> 292 + 16 + 4 = 312 */
	return 0;
}
#endif
