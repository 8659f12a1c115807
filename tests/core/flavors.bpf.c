/* flavors.bpf.c: see flavors.h. */
#include "core.h"
#include "flavors.h"

#ifdef TARGET
struct core_flv target;
#else
SEC("tc") int flavors(struct __sk_buff *skb)
{
	void *p = in();
	struct core_flv___v1 *v1 = p;
	struct core_flv___v2 *v2 = p;

	if (!p)
		return 1;
	if (bpf_core_field_exists(v1->old))	/* 1 -> 0 */
		return __LINE__;
	CHECK(v1->b == 2);			/* 4 -> 4 */
	CHECK(v2->a == 1);			/* 0 -> 8 */
	CHECK(v2->c == 3);			/* 8 -> 0 */
	return 0;
}
#endif
