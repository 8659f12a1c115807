/* test_load.c: objects load into this kernel as their sections say.
 *
 * Each test opens one of the objects in tests/loader/, loads it, and
 * checks the result through the kernel: program types and names read
 * back with BPF_OBJ_GET_INFO_BY_FD, func_info and line_info handed over,
 * and BPF_PROG_TEST_RUN results computed by code spread over
 * sub-programs.  Needs root (skipped otherwise).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "log.h"
#include "sys.h"
#include "object.h"
#include "btf.h"

static char messages[16384];

static void capture(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

static struct mb_object *open_obj(const char *name)
{
	struct mb_open_opts opts = { .print = capture, .level = MB_WARN };
	char path[256];
	struct mb_object *obj;
	int err;

	if (geteuid())
		SKIP("needs root");
	snprintf(path, sizeof(path), "%s/tests/loader/%s",
		 getenv("B") ? getenv("B") : "build", name);
	messages[0] = '\0';
	err = mb_object_open(path, &opts, &obj);
	if (err)
		FAILF("open %s: %d: %s", path, err, messages);
	return obj;
}

static void prog_info(int fd, struct bpf_prog_info *info)
{
	uint32_t len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	CHECK_EQ(mb_sys_obj_info(fd, info, &len), 0);
}

/* Run a socket filter on a zeroed packet of len bytes; its return.  The
 * kernel strips the 14-byte Ethernet header first: skb->len is len - 14. */
static uint32_t test_run(int fd, uint32_t len)
{
	unsigned char pkt[128] = { 0 };
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = mb_ptr(pkt);
	attr.test.data_size_in = len;
	attr.test.repeat = 1;
	CHECK_EQ(mb_sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	return attr.test.retval;
}

static const struct {
	const char *name;
	uint32_t type;
} expected_types[] = {
	{ "on_kprobe", BPF_PROG_TYPE_KPROBE },
	{ "on_kretprobe", BPF_PROG_TYPE_KPROBE },
	{ "on_ksyscall", BPF_PROG_TYPE_KPROBE },
	{ "on_uprobe", BPF_PROG_TYPE_KPROBE },
	{ "on_uretprobe", BPF_PROG_TYPE_KPROBE },
	{ "on_tracepoint", BPF_PROG_TYPE_TRACEPOINT },
	{ "on_tp", BPF_PROG_TYPE_TRACEPOINT },
	{ "on_raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT },
	{ "on_raw_tp", BPF_PROG_TYPE_RAW_TRACEPOINT },
	{ "on_tp_btf", BPF_PROG_TYPE_TRACING },
	{ "on_perf_event", BPF_PROG_TYPE_PERF_EVENT },
	{ "on_socket", BPF_PROG_TYPE_SOCKET_FILTER },
	{ "on_xdp", BPF_PROG_TYPE_XDP },
	{ "on_tc", BPF_PROG_TYPE_SCHED_CLS },
};

TEST(every_section_kind_loads_with_its_program_type)
{
	struct mb_object *obj = open_obj("sections.bpf.o");

	CHECK_EQ(mb_object_load(obj), 0);
	CHECK_EQ(mb_object_program_count(obj), ARRAY_SIZE(expected_types));
	for (size_t i = 0; i < ARRAY_SIZE(expected_types); i++) {
		struct mb_program *p =
			mb_object_find_program(obj, expected_types[i].name);
		struct bpf_prog_info info;

		CHECK(p);
		prog_info(mb_program_fd(p), &info);
		CHECK_EQ(info.type, expected_types[i].type);
		CHECK_EQ(info.id, mb_program_id(p));
		/* the kernel keeps 15 characters of a name */
		CHECK_EQ(strncmp(info.name, expected_types[i].name, 15), 0);
	}
	mb_object_close(obj);
}

TEST(tp_btf_program_names_its_kernel_target)
{
	struct mb_object *obj = open_obj("sections.bpf.o");
	struct mb_btf *vmlinux;
	struct bpf_prog_info info;

	CHECK_EQ(mb_object_load(obj), 0);
	prog_info(mb_program_fd(mb_object_find_program(obj, "on_tp_btf")), &info);
	CHECK_EQ(mb_btf_load_file("/sys/kernel/btf/vmlinux", NULL, &vmlinux), 0);
	CHECK_EQ(info.attach_btf_id,
		 mb_btf_find(vmlinux, "btf_trace_sched_switch", BTF_KIND_TYPEDEF));
	mb_btf_free(vmlinux);
	mb_object_close(obj);
}

TEST(func_info_and_line_info_reach_the_kernel)
{
	struct mb_object *obj = open_obj("subprogs.bpf.o");
	struct bpf_prog_info info;

	CHECK_EQ(mb_object_load(obj), 0);
	prog_info(mb_program_fd(mb_object_find_program(obj, "first")), &info);
	CHECK_EQ(info.nr_func_info, 3);		/* first, sum_squares, square */
	CHECK(info.nr_line_info > 3);
	CHECK(info.btf_id != 0);
	mb_object_close(obj);
}

TEST(subprograms_are_linked_into_each_caller)
{
	struct mb_object *obj = open_obj("subprogs.bpf.o");
	uint32_t len = 20 - 14;	/* skb->len of a 20-byte test packet */

	CHECK_EQ(mb_object_load(obj), 0);
	CHECK_EQ(test_run(mb_program_fd(mb_object_find_program(obj, "first")), 20),
		 len * len + 1);
	CHECK_EQ(test_run(mb_program_fd(mb_object_find_program(obj, "second")), 20),
		 len * len + 2 * len);
	CHECK_EQ(test_run(mb_program_fd(mb_object_find_program(obj, "third")), 20),
		 2 * (1 + len * len));
	mb_object_close(obj);
}

TEST(programs_left_out_are_not_loaded)
{
	struct mb_object *obj = open_obj("subprogs.bpf.o");

	mb_program_set_autoload(mb_object_find_program(obj, "first"), false);
	mb_program_set_autoload(mb_object_find_program(obj, "third"), false);
	CHECK_EQ(mb_object_load(obj), 0);
	CHECK_EQ(mb_program_fd(mb_object_find_program(obj, "first")), -1);
	CHECK(mb_program_fd(mb_object_find_program(obj, "second")) >= 0);
	CHECK_EQ(mb_program_fd(mb_object_find_program(obj, "third")), -1);
	mb_object_close(obj);
}

TEST(verifier_rejection_shows_program_log_and_source_line)
{
	struct mb_object *obj = open_obj("rejected.bpf.o");

	CHECK_EQ(mb_object_load(obj), -EACCES);
	CHECK_CONTAINS(messages, "program unchecked_lookup (socket): the verifier rejected it");
	CHECK_CONTAINS(messages, "map_value_or_null");
	CHECK_CONTAINS(messages, "return *v;");
	mb_object_close(obj);
}

TEST(map_sizes_are_set_before_load_and_refused_after)
{
	struct mb_object *obj = open_obj("sized_map.bpf.o");
	struct mb_map *counts = mb_object_find_map(obj, "counts");
	struct mb_map *stacks = mb_object_find_map(obj, "stacks");

	CHECK(counts && stacks);
	CHECK_EQ(mb_map_max_entries(counts), 0);
	CHECK_EQ(mb_map_set_max_entries(counts, 128), 0);
	CHECK_EQ(mb_map_set_value_size(stacks, 16 * 8), 0);
	CHECK_EQ(mb_map_max_entries(counts), 128);
	CHECK_EQ(mb_map_value_size(stacks), 16 * 8);
	CHECK_EQ(mb_object_load(obj), 0);
	CHECK_EQ(mb_map_set_max_entries(counts, 64), -EBUSY);
	CHECK_EQ(mb_map_set_value_size(stacks, 8), -EBUSY);
	CHECK_CONTAINS(messages, "map counts: sizes can be set only before");
	CHECK_EQ(mb_map_max_entries(counts), 128);
	mb_object_close(obj);

	obj = open_obj("sized_map.bpf.o"); /* its .rodata is one value */
	CHECK_EQ(mb_map_set_max_entries(mb_object_find_map(obj, ".rodata"), 2),
		 -EINVAL);
	CHECK_CONTAINS(messages, "map .rodata: a global data section's sizes");
	mb_object_close(obj);
}

TEST(map_with_max_entries_zero_names_itself)
{
	struct mb_object *obj = open_obj("sized_map.bpf.o");

	CHECK_EQ(mb_object_load(obj), -EINVAL);
	CHECK_CONTAINS(messages, "map counts: BPF_MAP_CREATE");
	CHECK_CONTAINS(messages, "max_entries is 0: set it before loading");
	mb_object_close(obj);
}

TEST(license_and_version_are_read)
{
	struct mb_object *obj = open_obj("sections.bpf.o");

	CHECK_STR(mb_object_license(obj), "GPL");
	CHECK_EQ(obj->kern_version, 0x060100);
	mb_object_close(obj);
}
