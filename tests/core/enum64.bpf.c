/* enum64.bpf.c: see enum64.h (clang-15: clang 14 emits no ENUM64). */
#include "core.h"
#include "enum64.h"

#ifdef TARGET
enum core_e64 t1;
enum core_mix t2;
#else
SEC("tc") int enum64(struct __sk_buff *skb)
{
	CHECK(bpf_core_enum_value(enum core_e64, E64_BIG) == 0xfedcba9876543210ULL);
	CHECK(bpf_core_enum_value(enum core_e64, E64_ONE) == 2);
	CHECK(!bpf_core_enum_value_exists(enum core_e64, E64_GONE));
	CHECK(bpf_core_enum_value(enum core_mix, MIX_A) == 5);
	return 0;
}
#endif
