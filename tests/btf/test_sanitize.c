/* test_sanitize.c: the object's BTF rewritten for kernels that lack
 * some kinds (btf_sanitize.c), on kinds.bpf.o (clang 19: every kind a
 * 5.10 kernel lacks).  Without a kernel: which type becomes what, ids
 * kept.  On a kernel (root; here and, built static, in the VMs): the
 * probes find what its release has, each rewrite loads, the object
 * loads with all features taken as missing (its BTF and its three
 * functions' func_info kept), and it loads and runs as the kernel is.
 */
#include <errno.h>
#include <libgen.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "btf.h"
#include "object.h"
#include "sys.h"

static char last_msg[512];

static void keep_msg(enum mb_print_level level, const char *msg, void *ctx)
{
	if (strstr(msg, "rewritten"))
		snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

static struct mb_object *open_kinds(void)
{
	struct mb_open_opts opts = { .print = keep_msg, .level = MB_DEBUG };
	struct mb_object *obj;

	CHECK_EQ(mb_object_open(t_fixture("kinds.bpf.o"), &opts, &obj), 0);
	CHECK(obj->btf != NULL);
	return obj;
}

/* The rewrite of the object's BTF without the features not in have,
 * parsed again (it must parse). */
static struct mb_btf *rewrite(struct mb_object *obj, unsigned int have)
{
	struct mb_btf *out;
	uint32_t size;
	void *data;

	CHECK_EQ(mb_btf_sanitize(obj->btf, have, &data, &size), 0);
	CHECK_EQ(mb_btf_parse(data, size, NULL, "rewritten", NULL, &out), 0);
	free(data);
	return out;
}

static const struct btf_type *type_named(const struct mb_btf *btf,
					 const char *name, int kind)
{
	int id = mb_btf_find(btf, name, kind);

	if (id <= 0)
		FAILF("no %s %s", mb_btf_kind_name(kind), name);
	return mb_btf_type(btf, id);
}

TEST(kinds_object_uses_every_feature)
{
	struct mb_object *obj = open_kinds();

	CHECK_EQ(mb_btf_features_used(obj->btf), MB_BTF_ALL);
	mb_object_close(obj);
}

TEST(rewrite_without_any_feature_keeps_ids)
{
	struct mb_object *obj = open_kinds();
	struct mb_btf *in = obj->btf, *out = rewrite(obj, 0);
	uint32_t n = mb_btf_type_count(in);

	CHECK_EQ(mb_btf_type_count(out), n + 1);	/* the placeholder */
	CHECK_EQ(mb_btf_features_used(out), 0);
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *a = mb_btf_type(in, id);
		const struct btf_type *b = mb_btf_type(out, id);

		switch (btf_kind(a)) {
		case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
			CHECK_EQ(btf_kind(b), BTF_KIND_INT);
			CHECK_EQ(b->size, 1);
			break;
		case BTF_KIND_DATASEC:
			CHECK_EQ(btf_kind(b), BTF_KIND_STRUCT);
			CHECK_EQ(btf_vlen(b), btf_vlen(a));
			break;
		case BTF_KIND_FLOAT:
			CHECK_EQ(btf_kind(b), BTF_KIND_STRUCT);
			CHECK_EQ(b->size, a->size);
			CHECK_EQ(btf_vlen(b), 0);
			break;
		case BTF_KIND_TYPE_TAG:
			CHECK_EQ(btf_kind(b), BTF_KIND_CONST);
			CHECK_EQ(b->type, a->type);
			break;
		case BTF_KIND_ENUM64:
			CHECK_EQ(btf_kind(b), BTF_KIND_UNION);
			CHECK_EQ(btf_members(b)[1].type, n);
			CHECK_STR(mb_btf_str(out, btf_members(b)[1].name_off),
				  "KINDS_BIG");
			break;
		case BTF_KIND_FUNC:
			CHECK_EQ(btf_vlen(b), BTF_FUNC_STATIC);
			CHECK_EQ(b->type, a->type);
			break;
		default:	/* ENUM only loses its kflag */
			CHECK_EQ(btf_kind(b), btf_kind(a));
			CHECK_EQ(btf_vlen(b), btf_vlen(a));
			CHECK_EQ(b->info & ~(1u << 31), a->info & ~(1u << 31));
		}
	}
	/* DATASEC .bss is STRUCT _bss, its member the former VAR. */
	CHECK_EQ(btf_members(type_named(out, "_bss", BTF_KIND_STRUCT))[0].type,
		 mb_btf_find(in, "kinds_calls", BTF_KIND_VAR));
	CHECK(!btf_kflag(type_named(out, "kinds_sgn", BTF_KIND_ENUM)));
	mb_btf_free(out);
	mb_object_close(obj);
}

TEST(rewrite_changes_only_what_is_missing)
{
	struct mb_object *obj = open_kinds();
	struct mb_btf *out = rewrite(obj, MB_BTF_ALL & ~MB_BTF_TYPE_TAG);

	CHECK_EQ(mb_btf_features_used(out), MB_BTF_ALL & ~MB_BTF_TYPE_TAG);
	CHECK_EQ(mb_btf_type_count(out), mb_btf_type_count(obj->btf));
	mb_btf_free(out);
	out = rewrite(obj, MB_BTF_ALL);
	{
		uint32_t a, b;
		const void *in_data = mb_btf_data(obj->btf, &a);
		const void *out_data = mb_btf_data(out, &b);

		CHECK_EQ(b, a);	/* clang's header is the 24 bytes we write */
		CHECK(!memcmp(out_data, in_data, a));
	}
	mb_btf_free(out);
	mb_object_close(obj);
}

/* ---- on this kernel ------------------------------------------------- */

static void need_root(void)
{
	if (geteuid())
		SKIP("needs root");
}

/* What each kernel release brought (Debian's kernels backport none). */
static unsigned int expected_features(void)
{
	static const struct { uint32_t version; unsigned int have; } at[] = {
		{ 6u << 16, MB_BTF_ALL },
		{ 5u << 16 | 17u << 8, MB_BTF_ALL & ~(MB_BTF_ENUM64 | MB_BTF_ENUM_SIGNED) },
		{ 5u << 16 | 16u << 8, MB_BTF_FUNC_GLOBAL | MB_BTF_DATASEC |
				       MB_BTF_FLOAT | MB_BTF_DECL_TAG },
		{ 5u << 16 | 13u << 8, MB_BTF_FUNC_GLOBAL | MB_BTF_DATASEC | MB_BTF_FLOAT },
		{ 5u << 16 | 6u << 8, MB_BTF_FUNC_GLOBAL | MB_BTF_DATASEC },
		{ 5u << 16 | 2u << 8, MB_BTF_DATASEC },
	};
	uint32_t v = mb_kernel_version();

	for (size_t i = 0; i < ARRAY_SIZE(at); i++)
		if (v >= at[i].version)
			return at[i].have;
	return 0;
}

TEST(probes_find_what_this_kernel_has)
{
	need_root();
	/* A wrong probe blob would show as a missing feature. */
	CHECK_EQ(mb_btf_features_probe(), expected_features());
}

TEST(each_rewrite_loads_on_this_kernel)
{
	struct mb_object *obj;

	need_root();
	obj = open_kinds();
	for (unsigned int f = 0; f <= MB_BTF_ALL; f = f ? f << 1 : 1) {
		/* what the kernel has, less f (everything when f is 0) */
		unsigned int have = f ? mb_btf_features_probe() & ~f : 0;
		uint32_t size;
		void *data;
		char log[4096] = "";
		int fd;

		CHECK_EQ(mb_btf_sanitize(obj->btf, have, &data, &size), 0);
		fd = mb_sys_btf_load(data, size, NULL, 0, 0);
		if (fd < 0)	/* again, for the kernel's reason */
			mb_sys_btf_load(data, size, log, sizeof(log), 1);
		free(data);
		if (fd < 0)
			FAILF("without 0x%x: BPF_BTF_LOAD: %s: %.300s",
			      MB_BTF_ALL & ~have, strerror(-fd), log);
		close(fd);
	}
	mb_object_close(obj);
}

TEST(object_loads_with_its_rewritten_btf)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	struct mb_object *obj;
	struct mb_program *prog;

	need_root();
	obj = open_kinds();
	obj->btf_features_off = MB_BTF_ALL;
	last_msg[0] = '\0';
	CHECK_EQ(mb_object_load(obj), 0);
	CHECK_CONTAINS(last_msg, "rewritten for a kernel without global functions, DATASEC/VAR, FLOAT");
	CHECK(obj->btf_fd >= 0);
	prog = mb_object_find_program(obj, "kinds");
	CHECK(prog != NULL);
	memset(&info, 0, sizeof(info));
	CHECK_EQ(mb_sys_obj_info(mb_program_fd(prog), &info, &len), 0);
	CHECK(info.btf_id != 0);
	CHECK_EQ(info.nr_func_info, 3);	/* kinds, kinds_add, kinds_read */
	mb_object_close(obj);
}

/* kinds(): kinds_vals[0].count += kinds_add(len) + kinds_read(&0), that
 * is 64 * 3 + 1 + 1 for a 64-byte packet; kinds_calls counts runs. */
TEST(object_runs_with_its_btf)
{
	struct { uint32_t lock, pad; long count; } val;	/* the start of it */
	char pkt[64] = { 0 }, value[40];
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	struct mb_object *obj;
	union bpf_attr attr;
	int key = 0, calls = 0;

	need_root();
	obj = open_kinds();
	CHECK_EQ(mb_object_load(obj), 0);
	memset(&info, 0, sizeof(info));
	CHECK_EQ(mb_sys_obj_info(mb_program_fd(mb_object_find_program(obj, "kinds")),
				 &info, &len), 0);
	CHECK(info.btf_id != 0);	/* loaded with its BTF */
	memset(&attr, 0, sizeof(attr));	/* unused bytes must be zero */
	attr.test.prog_fd = mb_program_fd(mb_object_find_program(obj, "kinds"));
	attr.test.data_in = mb_ptr(pkt);	/* a dummy packet */
	attr.test.data_size_in = sizeof(pkt);
	attr.test.repeat = 1;
	CHECK_EQ(mb_sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr.test)), 0);
	CHECK_EQ(attr.test.retval, 0);
	CHECK_EQ(mb_map_lookup(mb_object_find_map(obj, "kinds_vals"), &key, value), 0);
	memcpy(&val, value, sizeof(val));
	CHECK_EQ(val.count, 64 * 3 + 1 + 1);
	CHECK_EQ(mb_map_lookup(mb_object_find_map(obj, ".bss"), &key, &calls), 0);
	CHECK_EQ(calls, 1);
	mb_object_close(obj);
}
