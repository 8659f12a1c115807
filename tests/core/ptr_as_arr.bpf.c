/* ptr_as_arr.bpf.c: see ptr_as_arr.h. */
#include "core.h"
#include "ptr_as_arr.h"

#ifdef TARGET
struct core_paa target[3];
#else
SEC("tc") int ptr_as_arr(struct __sk_buff *skb)
{
	struct core_paa *p = in();

	if (!p)
		return 1;
	CHECK(p[2].a == 5);			/* 8 -> 2 * 16 + 8 = 40 */
	return 0;
}
#endif
