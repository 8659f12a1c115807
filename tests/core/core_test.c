#include "harness.h"
#include "core_obj.h"
#include "btf_impl.h"

static const char *const cases[] = {
	"nesting", "arrays", "ints", "mods", "ptr_as_arr", "flavors", "existence",
	"bitfields", "type_based", "type_matches", "enumval", "enum64", "errors",
};

TEST(dump)
{
	struct t_obj o;

	if (!getenv("CORE_DUMP"))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		printf("## %s\n", cases[i]);
		t_open_case(cases[i], &o);
		t_close(&o);
	}
}

/* ---- checking what was written ---------------------------------------- */

static int64_t insn_now(const struct t_obj *o, const struct t_rel *r)
{
	const struct bpf_insn *insn = &o->secs[r->sec].insns[r->res.insn];

	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return insn->imm;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return insn->off;
	}
	return (int64_t)((uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32);
}

static bool is_poison(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->imm == 0xbad2310 &&
	       !insn->dst_reg && !insn->src_reg && !insn->off;
}

/* Every record of this kind and local spec: resolved old -> new, and the
 * instruction holds new now. */
static void expect_at(const struct t_obj *o, uint32_t kind, const char *local,
		      int64_t old, int64_t new, int line)
{
	int n = 0;

	for (int i = 0; i < o->nr_rels; i++) {
		const struct t_rel *r = &o->rels[i];

		if (r->res.kind != kind || strcmp(r->res.local, local))
			continue;
		n++;
		if (r->err || r->res.poisoned)
			FAILF("line %d: %s %s: err %d%s %s", line, mb_core_kind_name(kind),
			      local, r->err, r->res.poisoned ? " poisoned" : "", r->msg);
		if ((int64_t)r->res.old_val != old || (int64_t)r->res.new_val != new)
			FAILF("line %d: %s %s: %lld -> %lld, expected %lld -> %lld", line,
			      mb_core_kind_name(kind), local, (long long)r->res.old_val,
			      (long long)r->res.new_val, (long long)old, (long long)new);
		if (insn_now(o, r) != new)
			FAILF("line %d: %s %s: insn %u holds %lld, expected %lld", line,
			      mb_core_kind_name(kind), local, r->res.insn,
			      (long long)insn_now(o, r), (long long)new);
	}
	if (!n)
		FAILF("line %d: no %s record for %s", line, mb_core_kind_name(kind), local);
}
#define EXPECT(o, kind, local, old, new) expect_at(o, kind, local, old, new, __LINE__)

static const struct t_rel *find_rel(const struct t_obj *o, uint32_t kind, const char *local)
{
	for (int i = 0; i < o->nr_rels; i++)
		if (o->rels[i].res.kind == kind && !strcmp(o->rels[i].res.local, local))
			return &o->rels[i];
	FAILF("no %s record for %s", mb_core_kind_name(kind), local);
}

/* The instruction became a call to helper 0xbad2310 (both slots of an
 * ld_imm64): the verifier rejects it only if it is reachable. */
#define EXPECT_POISONED(o, kind, local)						\
	do {									\
		const struct t_rel *r_ = find_rel(o, kind, local);		\
		const struct bpf_insn *i_ = &(o)->secs[r_->sec].insns[r_->res.insn]; \
		CHECK_EQ(r_->err, 0);						\
		CHECK(r_->res.poisoned);					\
		CHECK(is_poison(i_));						\
		if (r_->res.wide)						\
			CHECK(is_poison(i_ + 1));				\
	} while (0)

#define EXPECT_ERROR(o, kind, local, code, text)				\
	do {									\
		const struct t_rel *r_ = find_rel(o, kind, local);		\
		CHECK_EQ(r_->err, code);					\
		CHECK_CONTAINS(r_->msg, text);					\
	} while (0)

/* The memory access's size after relocation, in bytes. */
static int access_size(const struct t_obj *o, uint32_t kind, const char *local)
{
	const struct t_rel *r = find_rel(o, kind, local);
	static const int sizes[] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2,
				     [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8 };

	return sizes[BPF_SIZE(o->secs[r->sec].insns[r->res.insn].code) >> 3];
}

#define OFF BPF_CORE_FIELD_BYTE_OFFSET

/* ---- the cases -------------------------------------------------------- */

TEST(nested_members_are_found_by_name_through_anonymous_members)
{
	struct t_obj o;

	t_open_case("nesting", &o);
	/* target: anonymous union @16 > anonymous struct > in @24 > y @+12 */
	EXPECT(&o, OFF, "struct core_nest.in.y (0:0:1)", 4, 36);
	EXPECT(&o, OFF, "struct core_nest.out.x (0:1:0)", 8, 48);
	CHECK_STR(find_rel(&o, OFF, "struct core_nest.in.y (0:0:1)")->res.target,
		  "[5] (0:1:0:1:2)");	/* raw target path: union, struct, in, y */
	t_close(&o);
}

TEST(array_offsets_use_target_dimensions_and_element_sizes)
{
	struct t_obj o;

	t_open_case("arrays", &o);
	EXPECT(&o, OFF, "struct core_arr.a[2] (0:0:2)", 8, 12);
	EXPECT(&o, OFF, "struct core_arr.b[1][2][3] (0:1:1:2:3)", 104, 156);
	EXPECT(&o, OFF, "struct core_arr.c[1].c (0:2:1:0)", 112, 276);
	EXPECT(&o, OFF, "struct core_arr.f[2].c (0:4:2:0)", 128, 312); /* flexible */
	t_close(&o);
}

TEST(int_widths_change_the_load_size_signed_resize_is_poisoned)
{
	struct t_obj o;

	t_open_case("ints", &o);
	EXPECT(&o, OFF, "struct core_ints.u8f (0:0)", 0, 0);
	CHECK_EQ(access_size(&o, OFF, "struct core_ints.u8f (0:0)"), 8);
	EXPECT(&o, OFF, "struct core_ints.u32f (0:1)", 4, 8);
	CHECK_EQ(access_size(&o, OFF, "struct core_ints.u32f (0:1)"), 1);
	EXPECT(&o, OFF, "struct core_ints.s16f (0:2)", 8, 10);
	CHECK_EQ(access_size(&o, OFF, "struct core_ints.s16f (0:2)"), 2);
	EXPECT(&o, OFF, "struct core_ints.u64f (0:3)", 16, 12);
	CHECK_EQ(access_size(&o, OFF, "struct core_ints.u64f (0:3)"), 4);
	EXPECT(&o, OFF, "struct core_ints.ptr (0:5)", 32, 24);
	EXPECT(&o, OFF, "struct core_ints.flag (0:6)", 40, 32);	/* u8 -> bool */
	EXPECT(&o, BPF_CORE_FIELD_SIGNED, "struct core_ints.s16f (0:2)", 1, 1);
	EXPECT(&o, BPF_CORE_FIELD_SIGNED, "struct core_ints.u32f (0:1)", 0, 0);
	EXPECT(&o, BPF_CORE_FIELD_BYTE_SIZE, "struct core_ints.u32f (0:1)", 4, 1);
	EXPECT(&o, BPF_CORE_FIELD_BYTE_SIZE, "struct core_ints.s32f (0:4)", 4, 8);
	EXPECT_POISONED(&o, OFF, "struct core_ints.s32f (0:4)");	/* int -> long long */
	t_close(&o);
}

TEST(modifiers_and_typedefs_are_skipped)
{
	struct t_obj o;

	t_open_case("mods", &o);
	EXPECT(&o, OFF, "struct core_mods.a (0:0)", 0, 8);
	EXPECT(&o, OFF, "struct core_mods.arr[3] (0:1:3)", 16, 24);
	EXPECT(&o, OFF, "struct core_mods.s.x (0:2:0)", 20, 32);
	EXPECT(&o, OFF, "struct core_mods.p (0:3)", 24, 40);
	t_close(&o);
}

TEST(pointer_as_array_scales_by_target_size)
{
	struct t_obj o;

	t_open_case("ptr_as_arr", &o);
	EXPECT(&o, OFF, "struct core_paa[2].a (2:0)", 8, 40);
	t_close(&o);
}

TEST(flavours_find_the_type_without_their_suffix)
{
	struct t_obj o;

	t_open_case("flavors", &o);
	EXPECT(&o, BPF_CORE_FIELD_EXISTS, "struct core_flv___v1.old (0:2)", 1, 0);
	EXPECT(&o, OFF, "struct core_flv___v1.b (0:1)", 4, 4);
	EXPECT(&o, OFF, "struct core_flv___v2.a (0:0)", 0, 8);
	EXPECT(&o, OFF, "struct core_flv___v2.c (0:2)", 8, 0);
	t_close(&o);
}

TEST(missing_or_incompatible_fields_do_not_exist_and_reads_are_poisoned)
{
	struct t_obj o;

	t_open_case("existence", &o);
	EXPECT(&o, BPF_CORE_FIELD_EXISTS, "struct core_exist.a (0:0)", 1, 1);
	EXPECT(&o, BPF_CORE_FIELD_EXISTS, "struct core_exist.b (0:1)", 1, 1);
	EXPECT(&o, BPF_CORE_FIELD_EXISTS, "struct core_exist.arr (0:3)", 1, 1);
	EXPECT(&o, BPF_CORE_FIELD_EXISTS, "struct core_exist.c (0:2)", 1, 0);
	EXPECT(&o, BPF_CORE_FIELD_EXISTS, "struct core_exist.s (0:4)", 1, 0);
	EXPECT(&o, BPF_CORE_FIELD_EXISTS, "struct core_exist.k (0:5)", 1, 0);
	EXPECT_POISONED(&o, OFF, "struct core_exist.c (0:2)");
	EXPECT(&o, OFF, "struct core_exist.b (0:1)", 4, 4);
	t_close(&o);
}

/* ---- bitfields: the values written must extract the right bits -------- */

#define TARGET
#include "bitfields.h"
#undef TARGET

static uint64_t relo_new(const struct t_obj *o, uint32_t kind, const char *field)
{
	char local[96];
	const struct t_rel *r;

	for (int i = 0; i < o->nr_rels; i++) {
		r = &o->rels[i];
		snprintf(local, sizeof(local), "struct core_bits.%s (", field);
		if (r->res.kind == kind && !strncmp(r->res.local, local, strlen(local))) {
			if (r->err || r->res.poisoned || insn_now(o, r) != (int64_t)r->res.new_val)
				FAILF("%s %s: err %d %s", mb_core_kind_name(kind), field, r->err, r->msg);
			return r->res.new_val;
		}
	}
	FAILF("no %s record for %s", mb_core_kind_name(kind), field);
}

/* Do what BPF_CORE_READ_BITFIELD does with the relocated numbers, on a
 * struct laid out by this compiler as the target (same ABI as BPF). */
static int64_t extract(const struct t_obj *o, const void *base, const char *field)
{
	uint64_t off = relo_new(o, BPF_CORE_FIELD_BYTE_OFFSET, field);
	uint64_t sz = relo_new(o, BPF_CORE_FIELD_BYTE_SIZE, field);
	uint64_t v = 0;

	CHECK(sz == 1 || sz == 2 || sz == 4 || sz == 8);
	memcpy(&v, (const char *)base + off, sz);	/* little-endian host */
	v <<= relo_new(o, BPF_CORE_FIELD_LSHIFT_U64, field);
	if (relo_new(o, BPF_CORE_FIELD_SIGNED, field))
		return (int64_t)v >> relo_new(o, BPF_CORE_FIELD_RSHIFT_U64, field);
	return (int64_t)(v >> relo_new(o, BPF_CORE_FIELD_RSHIFT_U64, field));
}

TEST(bitfields_of_every_width_read_right_from_the_target_layout)
{
	struct core_bits t = {
		.b1 = V_B1, .pad = -1, .b33 = V_B33, .s3 = V_S3, .b13 = V_B13,
		.s17 = V_S17, .b60 = V_B60, .b8 = V_B8, .plain = V_PLAIN,
		.was_int = V_WAS_INT,
	};
	struct t_obj o;

	t_open_case("bitfields", &o);
	CHECK_EQ(extract(&o, &t, "b1"), V_B1);
	CHECK_EQ(extract(&o, &t, "b33"), V_B33);
	CHECK_EQ(extract(&o, &t, "s3"), V_S3);
	CHECK_EQ(extract(&o, &t, "b13"), V_B13);
	CHECK_EQ(extract(&o, &t, "s17"), V_S17);
	CHECK_EQ(extract(&o, &t, "b60"), V_B60);
	CHECK_EQ(extract(&o, &t, "b8"), V_B8);
	CHECK_EQ(extract(&o, &t, "plain"), V_PLAIN);	/* bitfield -> int */
	CHECK_EQ(extract(&o, &t, "was_int"), V_WAS_INT);	/* int -> bitfield */
	/* A few numbers written out: b13 is 15 bits at bit 49 of the target
	 * (bytes 6-7), so a 2-byte load at 6 shifted left 64 - (49 + 15 - 48)
	 * = 49 and right 64 - 15 = 49. */
	EXPECT(&o, BPF_CORE_FIELD_BYTE_OFFSET, "struct core_bits.b13 (0:2)", 0, 6);
	EXPECT(&o, BPF_CORE_FIELD_BYTE_SIZE, "struct core_bits.b13 (0:2)", 8, 2);
	EXPECT(&o, BPF_CORE_FIELD_LSHIFT_U64, "struct core_bits.b13 (0:2)", 17, 49);
	EXPECT(&o, BPF_CORE_FIELD_RSHIFT_U64, "struct core_bits.b13 (0:2)", 51, 49);
	EXPECT(&o, BPF_CORE_FIELD_SIGNED, "struct core_bits.s3 (0:3)", 1, 1);
	t_close(&o);
}

/* ---- type-based, type ids, enumerators -------------------------------- */

TEST(types_exist_by_kind_and_name_and_give_the_target_size)
{
	struct t_obj o;

	t_open_case("type_based", &o);
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "struct tb_struct", 1, 1);
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "union tb_union", 1, 1);
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "typedef tb_int_t", 1, 1);
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "typedef tb_ptr_t", 1, 1);
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "enum tb_enum", 1, 1);
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "struct tb_kind", 1, 0);	/* a union there */
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "struct tb_missing", 1, 0);
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "typedef tb_missing_t", 1, 0);
	EXPECT(&o, BPF_CORE_TYPE_SIZE, "struct tb_struct", 4, 16);
	EXPECT(&o, BPF_CORE_TYPE_SIZE, "union tb_union", 4, 12);
	EXPECT(&o, BPF_CORE_TYPE_SIZE, "typedef tb_int_t", 4, 4);
	EXPECT(&o, BPF_CORE_TYPE_SIZE, "struct tb_missing", 4, 0);	/* not poisoned */
	t_close(&o);
}

TEST(type_ids_are_the_local_and_the_target_ids)
{
	struct t_obj o;
	int local, target;

	t_open_case("type_based", &o);
	local = mb_btf_find(o.btf, "tb_struct", BTF_KIND_STRUCT);
	target = mb_btf_find(o.target, "tb_struct", BTF_KIND_STRUCT);
	CHECK(local > 0 && target > 0 && local != target);
	EXPECT(&o, BPF_CORE_TYPE_ID_LOCAL, "struct tb_struct", local, local);
	EXPECT(&o, BPF_CORE_TYPE_ID_TARGET, "struct tb_struct", local, target);
	EXPECT(&o, BPF_CORE_TYPE_ID_TARGET, "union tb_union",
	       mb_btf_find(o.btf, "tb_union", BTF_KIND_UNION),
	       mb_btf_find(o.target, "tb_union", BTF_KIND_UNION));
	EXPECT(&o, BPF_CORE_TYPE_ID_TARGET, "struct tb_missing",
	       mb_btf_find(o.btf, "tb_missing", BTF_KIND_STRUCT), 0);
	t_close(&o);
}

/* Built with clang-15: clang 14 crashes on BPF_TYPE_MATCHES. */
TEST(type_matches_is_stricter_than_exists)
{
	struct t_obj o;

	t_open_case("type_matches", &o);
	EXPECT(&o, BPF_CORE_TYPE_MATCHES, "struct tm_struct", 1, 1);
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "typedef tm_int_t", 1, 1);
	EXPECT(&o, BPF_CORE_TYPE_MATCHES, "typedef tm_int_t", 1, 0);	/* sign */
	EXPECT(&o, BPF_CORE_TYPE_EXISTS, "typedef tm_arr_t", 1, 1);
	EXPECT(&o, BPF_CORE_TYPE_MATCHES, "typedef tm_arr_t", 1, 0);	/* length */
	EXPECT(&o, BPF_CORE_TYPE_MATCHES, "struct tm_fewer", 1, 0);	/* members */
	t_close(&o);
}

TEST(enumerators_are_found_by_name_with_target_values)
{
	struct t_obj o;

	t_open_case("enumval", &o);
	EXPECT(&o, BPF_CORE_ENUMVAL_EXISTS, "enum core_enum::CE_ONE (0)", 1, 1);
	EXPECT(&o, BPF_CORE_ENUMVAL_EXISTS, "enum core_enum::CE_TWO (1)", 1, 1);
	EXPECT(&o, BPF_CORE_ENUMVAL_EXISTS, "enum core_enum::CE_THREE (2)", 1, 0);
	EXPECT(&o, BPF_CORE_ENUMVAL_VALUE, "enum core_enum::CE_ONE (0)", 1, 10);
	EXPECT(&o, BPF_CORE_ENUMVAL_VALUE, "enum core_enum::CE_TWO (1)", 2, 20); /* ___diff */
	EXPECT(&o, BPF_CORE_ENUMVAL_VALUE, "typedef anon_enum_t::AE_Y (1)", 1, 8);
	EXPECT_POISONED(&o, BPF_CORE_ENUMVAL_VALUE, "enum core_enum::CE_THREE (2)");
	t_close(&o);
}

/* Built with clang-15: clang 14 never emits ENUM64. */
TEST(enum64_values_are_64_bit_and_mix_with_32_bit_enums)
{
	struct t_obj o;

	t_open_case("enum64", &o);
	EXPECT(&o, BPF_CORE_ENUMVAL_VALUE, "enum core_e64::E64_BIG (0)",
	       0x100000000LL, (int64_t)0xfedcba9876543210ULL);
	EXPECT(&o, BPF_CORE_ENUMVAL_VALUE, "enum core_e64::E64_ONE (1)", 1, 2);
	EXPECT(&o, BPF_CORE_ENUMVAL_EXISTS, "enum core_e64::E64_GONE (2)", 1, 0);
	EXPECT(&o, BPF_CORE_ENUMVAL_VALUE, "enum core_mix::MIX_A (0)", 0x1ffffffffLL, 5);
	t_close(&o);
}

/* ---- what must fail --------------------------------------------------- */

TEST(two_candidates_with_different_offsets_are_ambiguous)
{
	struct t_obj o;

	t_open_case("errors", &o);
	EXPECT_ERROR(&o, OFF, "struct core_amb.x (0:0)", -EINVAL,
		     "core_amb and [");
	CHECK_CONTAINS(find_rel(&o, OFF, "struct core_amb.x (0:0)")->msg, "core_amb___dup");
	t_close(&o);
}

TEST(identical_duplicate_candidates_agree)
{
	struct t_obj o;

	t_open_case("errors", &o);
	EXPECT(&o, OFF, "struct core_dup.x (0:0)", 0, 4);
	t_close(&o);
}

TEST(out_of_bounds_index_and_incompatible_kind_are_poisoned)
{
	struct t_obj o;

	t_open_case("errors", &o);
	EXPECT_POISONED(&o, OFF, "struct core_oob.a[3] (0:0:3)");	/* a[2] there */
	EXPECT_POISONED(&o, OFF, "struct core_incompat.x (0:0)");	/* struct there */
	t_close(&o);
}

/* ---- kernel modules' BTF, split on top of the target ------------------ */

/* A module's split BTF made by hand on top of base: int, then
 * struct nest_inner { int pad, x, y; } and
 * struct core_nest { struct nest_inner out, in; } (in.y at 12 + 8). */
static struct mb_btf *t_module_btf(const struct mb_btf *base)
{
	static const char strs[] = "\0int\0nest_inner\0pad\0x\0y\0core_nest\0out\0in";
	uint32_t id = mb_btf_type_count(base), so = base->start_str + base->strs_len;
	uint32_t types[] = {
		so + 1, BTF_KIND_INT << 24, 4, BTF_INT_SIGNED << 24 | 32,
		so + 5, BTF_KIND_STRUCT << 24 | 3, 12,
		so + 16, id, 0, so + 20, id, 32, so + 22, id, 64,
		so + 24, BTF_KIND_STRUCT << 24 | 2, 24,
		so + 34, id + 1, 0, so + 38, id + 1, 96,
	};
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = sizeof(types),
		.str_off = sizeof(types), .str_len = sizeof(strs),
	};
	uint8_t blob[sizeof(h) + sizeof(types) + sizeof(strs)];
	struct mb_btf *btf = NULL;

	memcpy(blob, &h, sizeof(h));
	memcpy(blob + sizeof(h), types, sizeof(types));
	memcpy(blob + sizeof(h) + sizeof(types), strs, sizeof(strs));
	CHECK_EQ(mb_btf_parse(blob, sizeof(blob), base, "t_mod", &t_log, &btf), 0);
	return btf;
}

/* Module 0 has unreadable BTF (passed over), module 1 is t_mod. */
static const struct mb_btf *t_mod;
static int t_mod_calls;

static int t_modules(const struct mb_log *log, uint32_t i,
		     const struct mb_btf **btfp, const char **namep)
{
	t_mod_calls++;
	*btfp = i == 1 ? t_mod : NULL;
	*namep = i == 0 ? "broken" : "t_mod";
	return i < 2 ? 0 : -ENOENT;
}

TEST(a_type_only_a_module_has_is_found_in_the_module)
{
	struct mb_core_ctx ctx = { .log = &t_log, .modules = t_modules };
	struct mb_btf *mod;
	struct t_obj o;
	char want[64];

	t_open_pair("nesting", "ints", &o);	/* no core_nest in ints */
	t_mod = mod = t_module_btf(o.target);
	t_mod_calls = 0;
	t_relocate(&o, &ctx);
	EXPECT(&o, OFF, "struct core_nest.in.y (0:0:1)", 4, 20);
	EXPECT(&o, OFF, "struct core_nest.out.x (0:1:0)", 8, 4);
	snprintf(want, sizeof(want), "[%u] t_mod (0:1:2)", mb_btf_type_count(o.target) + 2);
	CHECK_STR(find_rel(&o, OFF, "struct core_nest.in.y (0:0:1)")->res.target, want);
	CHECK_EQ(t_mod_calls, 3);	/* both modules and the end, once: cached */
	mb_btf_free(mod);
	t_close(&o);
}

TEST(modules_are_not_searched_when_the_target_has_a_candidate)
{
	struct mb_core_ctx ctx = { .log = &t_log, .modules = t_modules };
	struct mb_btf *mod;
	struct t_obj o;

	t_open_pair("nesting", "nesting", &o);
	t_mod = mod = t_module_btf(o.target);	/* a core_nest of its own */
	t_mod_calls = 0;
	t_relocate(&o, &ctx);
	EXPECT(&o, OFF, "struct core_nest.in.y (0:0:1)", 4, 36);	/* the target's */
	CHECK_EQ(t_mod_calls, 0);
	mb_btf_free(mod);
	t_close(&o);
}

TEST(without_modules_a_type_only_a_module_has_is_not_found)
{
	struct mb_core_ctx ctx = { .log = &t_log };
	struct t_obj o;

	t_open_pair("nesting", "ints", &o);
	t_relocate(&o, &ctx);
	EXPECT_POISONED(&o, OFF, "struct core_nest.in.y (0:0:1)");
	t_close(&o);
}

TEST(candidates_are_pruned_to_those_that_matched)
{
	struct t_obj o;

	t_open_case("errors", &o);
	EXPECT(&o, OFF, "struct core_pmd.a (0:0)", 0, 0);		/* core_pmd */
	EXPECT_POISONED(&o, OFF, "struct core_pmd.b (0:1)");	/* core_pmd___2 pruned */
	t_close(&o);
}

TEST(a_bitfield_beyond_one_8_byte_load_is_an_error)
{
	struct t_obj o;

	t_open_case("errors", &o);
	EXPECT_ERROR(&o, OFF, "struct core_big.big (0:0)", -E2BIG,
		     "does not fit one 8-byte load");
	t_close(&o);
}

/* ---- untrusted records, built by hand --------------------------------- */

/* Run one made-up record against the nesting case's BTFs. */
static int bad_record(struct t_obj *o, uint32_t insn_off, uint32_t type_id,
		      const char *access, uint32_t kind)
{
	struct mb_core_ctx ctx = { .local = o->btf, .target = o->target,
				   .where = "section tc", .log = &t_log };
	struct bpf_core_relo rec = { insn_off, type_id, 0, kind };
	struct bpf_insn insns[4] = { { .code = BPF_ALU64 | BPF_MOV | BPF_K } };
	struct mb_core_result res;
	const char *s;
	uint32_t off;

	/* find the access string among the BTF's strings: clang wrote it */
	for (off = 1, s = mb_btf_str(o->btf, off); *s || off < 2; off++, s = mb_btf_str(o->btf, off))
		if (!strcmp(s, access))
			break;
	rec.access_str_off = *s ? off : 0xfffffff0;	/* absent: a bad offset */
	t_msg[0] = 0;
	return mb_core_relocate_insns(&ctx, &rec, insns, 4, &res);
}

TEST(bad_records_are_rejected_with_a_message_naming_them)
{
	struct t_obj o;
	int nest;

	t_open_case("nesting", &o);
	nest = mb_btf_find(o.btf, "core_nest", BTF_KIND_STRUCT);
	CHECK_EQ(bad_record(&o, 4 * 8, nest, "0:0:1", OFF), -EINVAL);
	CHECK_CONTAINS(t_msg, "section tc insn 4: insn offset 32 is outside the 4 instructions");
	CHECK_EQ(bad_record(&o, 3, nest, "0:0:1", OFF), -EINVAL);	/* not a multiple of 8 */
	CHECK_EQ(bad_record(&o, 0, nest, "0:0:1", 13), -EINVAL);
	CHECK_CONTAINS(t_msg, "unknown relocation kind 13");
	CHECK_EQ(bad_record(&o, 0, 100000, "0:0:1", OFF), -EINVAL);
	CHECK_CONTAINS(t_msg, "root type [100000] does not exist");
	CHECK_EQ(bad_record(&o, 0, nest, "not in the strings", OFF), -EINVAL);
	CHECK_CONTAINS(t_msg, "access string offset 4294967280 is empty or out of range");
	t_close(&o);
}

/* Access strings that clang did not write: parse them from a BTF string
 * made for the purpose, through mb_core_spec_parse directly. */
TEST(access_strings_are_checked_index_by_index)
{
	struct mb_core_ctx ctx = { .log = &t_log, .where = "t" };
	struct mb_core_spec spec;
	struct t_obj o;
	char deep[256] = "0";
	int nest;

	t_open_case("nesting", &o);
	ctx.local = o.btf;
	nest = mb_btf_find(o.btf, "core_nest", BTF_KIND_STRUCT);
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, "0:0:1", OFF, &spec), 0);
	CHECK_EQ(spec.bit_off, 32);
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, "0:2", OFF, &spec), -EINVAL);
	CHECK_CONTAINS(t_msg, "member 2 of [");
	CHECK_CONTAINS(t_msg, "core_nest, which has 2");
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, "0:-1", OFF, &spec), -EINVAL);
	CHECK_CONTAINS(t_msg, "malformed access string");
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, "0:", OFF, &spec), -EINVAL);
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, ":0", OFF, &spec), -EINVAL);
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, "0::0", OFF, &spec), -EINVAL);
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, "0:99999999999", OFF, &spec), -EINVAL);
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, "0:0:0:0", OFF, &spec), -EINVAL);
	CHECK_CONTAINS(t_msg, "not a struct, union or array");	/* into an int */
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, "1", BPF_CORE_TYPE_EXISTS, &spec), -EINVAL);
	for (int i = 0; i < 64; i++)
		strcat(deep, ":0");				/* 65 indices */
	CHECK_EQ(mb_core_spec_parse(&ctx, "t", nest, deep, OFF, &spec), -E2BIG);
	CHECK_CONTAINS(t_msg, "more than 64 indices");
	t_close(&o);
}

TEST(an_insn_not_holding_the_local_value_is_an_error)
{
	struct t_obj o;
	struct bpf_insn *insn;

	t_open_case("nesting", &o);
	/* relocate the first record again, its insn made to hold 5, where
	 * the local type says 4 (in.y) */
	insn = &o.secs[o.rels[0].sec].insns[o.rels[0].res.insn];
	insn->off = 5;
	{
		struct mb_core_ctx ctx = { .local = o.btf, .target = o.target,
					   .where = "tc", .log = &t_log };
		const struct mb_ext_sec *es = &o.ext->core_relo[0];
		struct bpf_core_relo rec;
		struct mb_core_result res;

		memcpy(&rec, es->recs, sizeof(rec));
		CHECK_EQ(mb_core_relocate_insns(&ctx, &rec, o.secs[o.rels[0].sec].insns,
						o.secs[o.rels[0].sec].nr, &res), -EINVAL);
		CHECK_CONTAINS(t_msg, "insn holds 5, the local type gives 4");
	}
	t_close(&o);
}
