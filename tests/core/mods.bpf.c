/* mods.bpf.c: see mods.h. */
#include "core.h"
#include "mods.h"

#ifdef TARGET
struct core_mods target;
#else
SEC("tc") int mods(struct __sk_buff *skb)
{
	struct core_mods *p = in();

	if (!p)
		return 1;
	CHECK(p->a == 11);			/* 0 -> 8 */
	CHECK(p->arr[3] == 12);			/* 16 -> 24 */
	CHECK(p->s.x == 13);			/* 20 -> 32 */
	CHECK((long)p->p == 0x5678);		/* 24 -> 40 */
	return 0;
}
#endif
