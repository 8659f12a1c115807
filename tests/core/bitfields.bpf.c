/* bitfields.bpf.c: see bitfields.h. */
#include "core.h"
#include "bitfields.h"

#ifdef TARGET
struct core_bits target;
#else
SEC("tc") int bitfields(struct __sk_buff *skb)
{
	struct core_bits *p = in();

	if (!p)
		return 1;
	CHECK(BPF_CORE_READ_BITFIELD(p, b1) == V_B1);
	CHECK(BPF_CORE_READ_BITFIELD(p, b33) == V_B33);
	CHECK((long long)BPF_CORE_READ_BITFIELD(p, s3) == V_S3);
	CHECK(BPF_CORE_READ_BITFIELD(p, b13) == V_B13);
	CHECK((long long)BPF_CORE_READ_BITFIELD(p, s17) == V_S17);
	CHECK(BPF_CORE_READ_BITFIELD(p, b60) == V_B60);
	CHECK(BPF_CORE_READ_BITFIELD(p, b8) == V_B8);
	CHECK(BPF_CORE_READ_BITFIELD(p, plain) == V_PLAIN);
	CHECK((long long)BPF_CORE_READ_BITFIELD(p, was_int) == V_WAS_INT);
	return 0;
}
#endif
