/* test_bind.c: what the loader does at load for kernels of every age
 * (load_bind.c, maps.c), on this kernel (root):
 *  - bind.bpf.o's program names one of its three maps; the other two
 *    (.rodata, bind_unused) are bound to it: the kernel lists all three;
 *  - RLIMIT_MEMLOCK is left alone on a kernel from 5.11 on, which no
 *    longer charges maps to it (the VMs check that 5.10 raises it).
 */
#include <errno.h>
#include <libgen.h>
#include <sys/resource.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "sys.h"

static struct mb_object *load_bind(void)
{
	struct mb_object *obj;

	if (geteuid())
		SKIP("needs root");
	CHECK_EQ(mb_object_open(t_fixture("bind.bpf.o"), NULL, &obj), 0);
	CHECK_EQ(mb_object_load(obj), 0);
	return obj;
}

TEST(maps_the_code_does_not_name_are_bound)
{
	struct mb_object *obj = load_bind();
	struct mb_program *prog = mb_object_find_program(obj, "bind");
	struct bpf_prog_info info;
	uint32_t len = sizeof(info), ids[8];

	CHECK(prog != NULL);
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 8;
	info.map_ids = mb_ptr(ids);
	CHECK_EQ(mb_sys_obj_info(mb_program_fd(prog), &info, &len), 0);
	CHECK_EQ(info.nr_map_ids, 3);	/* bind_used, .rodata, bind_unused */
	mb_object_close(obj);
}

TEST(memlock_left_alone_from_5_11)
{
	struct rlimit small = { 1 << 16, 1 << 16 }, after;
	struct mb_object *obj;

	if (mb_kernel_version() < (5u << 16 | 11u << 8))
		SKIP("kernel before 5.11: the VM suite checks it");
	CHECK_EQ(setrlimit(RLIMIT_MEMLOCK, &small), 0);
	obj = load_bind();
	CHECK_EQ(getrlimit(RLIMIT_MEMLOCK, &after), 0);
	CHECK_EQ(after.rlim_cur, 1 << 16);
	mb_object_close(obj);
}
