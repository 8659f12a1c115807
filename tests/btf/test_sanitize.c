/* test_sanitize.c: the object's BTF rewritten for kernels that lack
 * some kinds (btf_sanitize.c), on kinds.bpf.o (clang 19: every kind a
 * 5.10 kernel lacks).  Without a kernel: which type becomes what, ids
 * kept.  On this kernel (root): the probes find every feature, each
 * rewrite loads, and the object loads with all features taken as
 * missing, its BTF and its three functions' func_info kept.
 */
#include <errno.h>
#include <libgen.h>
#include <unistd.h>

#include "harness.h"
#include "btf_tools.h"

static char last_msg[512];

static void keep_msg(enum mb_print_level level, const char *msg, void *ctx)
{
	if (strstr(msg, "rewritten"))
		snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

static const char *fixture(const char *name)
{
	static char path[400];
	char self[300];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		FAILF("readlink /proc/self/exe: %s", strerror(errno));
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dirname(self), name);
	if (access(path, R_OK))
		FAILF("%s: missing (make builds it)", path);
	return path;
}

static struct mb_object *open_kinds(void)
{
	struct mb_open_opts opts = { .print = keep_msg, .level = MB_DEBUG };
	struct mb_object *obj;

	CHECK_EQ(mb_object_open(fixture("kinds.bpf.o"), &opts, &obj), 0);
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
	CHECK_EQ(out->types_len, obj->btf->types_len);
	CHECK(!memcmp(out->types, obj->btf->types, out->types_len));
	CHECK(!memcmp(out->strs, obj->btf->strs, out->strs_len));
	mb_btf_free(out);
	mb_object_close(obj);
}

/* ---- on this kernel ------------------------------------------------- */

static void need_root(void)
{
	if (geteuid())
		SKIP("needs root");
}

TEST(probes_find_every_feature_on_this_kernel)
{
	need_root();
	/* 6.18 has them all: a wrong probe blob would show as missing. */
	CHECK_EQ(mb_btf_features_probe(), MB_BTF_ALL);
}

TEST(each_rewrite_loads_on_this_kernel)
{
	struct mb_object *obj;

	need_root();
	obj = open_kinds();
	for (unsigned int f = 0; f <= MB_BTF_ALL; f = f ? f << 1 : 1) {
		unsigned int have = f == 0 ? 0 : MB_BTF_ALL & ~f;
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
