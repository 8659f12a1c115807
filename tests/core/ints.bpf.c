/* ints.bpf.c: see ints.h. */
#include "core.h"
#include "ints.h"

#ifdef TARGET
struct core_ints target;
#else
SEC("tc") int ints(struct __sk_buff *skb)
{
	struct core_ints *p = in();

	if (!p)
		return 1;
	CHECK(p->u8f == 200);			/* ldxb 0 -> ldxdw 0 */
	CHECK(p->u32f == 100);			/* ldxw 4 -> ldxb 8 */
	CHECK(p->s16f == -300);			/* ldxh 8 -> ldxh 10 */
	CHECK(p->u64f == 0x89abcdef);		/* ldxdw 16 -> ldxw 12 */
	CHECK((long)p->ptr == 0x1234);		/* ldxdw 32 -> 24 */
	CHECK(p->flag == 1);			/* ldxb 40 -> 32 */
	CHECK(bpf_core_field_signed(p->s16f) == 1);
	CHECK(bpf_core_field_signed(p->u32f) == 0);
	CHECK(bpf_core_field_size(p->u32f) == 1);
	CHECK(bpf_core_field_size(p->s32f) == 8);
	return 0;
}

/* A signed int that changes width: the load is poisoned, so this
 * program is kept out of the runtime test (the verifier rejects it). */
SEC("tc") int ints_signed_resize(struct __sk_buff *skb)
{
	struct core_ints *p = in();

	return p ? p->s32f : 0;
}
#endif
