/* type_matches.bpf.c: see type_matches.h (clang-15). */
#include "core.h"
#include "type_matches.h"

#ifdef TARGET
struct tm_struct t1;
tm_int_t t2;
tm_arr_t t3;
struct tm_fewer t4;
#else
SEC("tc") int type_matches(struct __sk_buff *skb)
{
	CHECK(bpf_core_type_matches(struct tm_struct));
	CHECK(bpf_core_type_exists(tm_int_t));
	CHECK(!bpf_core_type_matches(tm_int_t));
	CHECK(bpf_core_type_exists(tm_arr_t));
	CHECK(!bpf_core_type_matches(tm_arr_t));
	CHECK(!bpf_core_type_matches(struct tm_fewer));
	return 0;
}
#endif
