/* nesting.bpf.c: see nesting.h. */
#include "core.h"
#include "nesting.h"

#ifdef TARGET
struct core_nest target;
#else
SEC("tc") int nesting(struct __sk_buff *skb)
{
	struct core_nest *p = in();

	if (!p)
		return 1;
	CHECK(p->in.y == 2);	/* local off 4, target 24 + 12 = 36 */
	CHECK(p->out.x == 3);	/* local off 8, target 40 + 8 = 48 */
	return 0;
}
#endif
