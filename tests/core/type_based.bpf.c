/* type_based.bpf.c: see type_based.h. */
#include "core.h"
#include "type_based.h"

#ifdef TARGET
struct tb_struct t1;
union tb_union t2;
tb_int_t t3;
tb_ptr_t t4;
union tb_kind t5;
enum tb_enum t6;
#else
SEC("tc") int type_based(struct __sk_buff *skb)
{
	CHECK(bpf_core_type_exists(struct tb_struct));
	CHECK(bpf_core_type_exists(union tb_union));
	CHECK(bpf_core_type_exists(tb_int_t));
	CHECK(bpf_core_type_exists(tb_ptr_t));
	CHECK(bpf_core_type_exists(enum tb_enum));
	CHECK(!bpf_core_type_exists(struct tb_kind));
	CHECK(!bpf_core_type_exists(struct tb_missing));
	CHECK(!bpf_core_type_exists(tb_missing_t));
	CHECK(bpf_core_type_size(struct tb_struct) == 16);	/* 4 -> 16 */
	CHECK(bpf_core_type_size(union tb_union) == 12);	/* 4 -> 12 */
	CHECK(bpf_core_type_size(tb_int_t) == 4);
	CHECK(bpf_core_type_size(struct tb_missing) == 0);	/* no target: 0 */
	return 0;
}

/* Type ids: local ones are the object's, target ones the target BTF's
 * (the test compares them with its own lookups). */
__u32 ids[4];

SEC("tc") int type_id(struct __sk_buff *skb)
{
	ids[0] = bpf_core_type_id_local(struct tb_struct);
	ids[1] = bpf_core_type_id_kernel(struct tb_struct);
	ids[2] = bpf_core_type_id_kernel(union tb_union);
	ids[3] = bpf_core_type_id_kernel(struct tb_missing);	/* 0 */
	return 0;
}
#endif
