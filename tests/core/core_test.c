#include "harness.h"
#include "core_obj.h"

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
