/* enumval.bpf.c: see enumval.h. */
#include "core.h"
#include "enumval.h"

#ifdef TARGET
enum core_enum t1;
anon_enum_t t2;
#else
SEC("tc") int enumval(struct __sk_buff *skb)
{
	CHECK(bpf_core_enum_value_exists(enum core_enum, CE_ONE));
	CHECK(bpf_core_enum_value_exists(enum core_enum, CE_TWO));
	CHECK(!bpf_core_enum_value_exists(enum core_enum, CE_THREE));
	CHECK(bpf_core_enum_value(enum core_enum, CE_ONE) == 10);
	CHECK(bpf_core_enum_value(enum core_enum, CE_TWO) == 20);
	CHECK(bpf_core_enum_value(anon_enum_t, AE_Y) == 8);
	if (bpf_core_enum_value_exists(enum core_enum, CE_THREE))
		return bpf_core_enum_value(enum core_enum, CE_THREE); /* poisoned */
	return 0;
}
#endif
