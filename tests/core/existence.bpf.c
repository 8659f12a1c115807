/* existence.bpf.c: see existence.h. */
#include "core.h"
#include "existence.h"

#ifdef TARGET
struct core_exist target;
#else
SEC("tc") int existence(struct __sk_buff *skb)
{
	struct core_exist *p = in();

	if (!p)
		return 1;
	CHECK(bpf_core_field_exists(p->a));
	CHECK(bpf_core_field_exists(p->b));
	CHECK(bpf_core_field_exists(p->arr));
	CHECK(!bpf_core_field_exists(p->c));
	CHECK(!bpf_core_field_exists(p->s));
	CHECK(!bpf_core_field_exists(p->k));
	if (bpf_core_field_exists(p->c))	/* dead code: poisoned read */
		return p->c;
	CHECK(p->b == 7);			/* 4 -> 4, through the anonymous struct */
	return 0;
}
#endif
