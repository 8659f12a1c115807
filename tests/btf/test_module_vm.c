/* test_module_vm.c: CO-RE against a kernel module's BTF, in the VMs.
 *
 * The guest has Debian's own loop.ko for its kernel in /work/btf
 * (fetch-kernels.sh keeps it for the amd64 kernels built with module
 * BTF).  It is loaded with finit_module, as insmod would; then
 * /sys/kernel/btf/loop holds struct loop_device, which vmlinux has not.
 * module.bpf.o's kprobe on loop_get_status reads two of its fields
 * through CO-RE; a LOOP_GET_STATUS64 ioctl on /dev/loop3 makes it run,
 * and the values must be that device's: number 3, flags 0 (unbound).
 * --explain's lines must name the module.  Static, no libc in the VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/loop.h>

#include "harness.h"
#include "internal.h"
#include "object.h"

static char explain[8192];

static void collect(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t n = strlen(explain);

	snprintf(explain + n, sizeof(explain) - n, "%s\n", msg);
}

static int32_t global(struct mb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_globals; i++) {
		const struct mb_global *g = &obj->globals[i];
		uint8_t buf[4096];
		uint32_t key = 0;
		int32_t v;

		if (strcmp(g->name, name))
			continue;
		CHECK(obj->maps[g->map].def.value_size <= sizeof(buf));
		CHECK_EQ(mb_map_lookup(&obj->maps[g->map], &key, buf), 0);
		memcpy(&v, buf + g->offset, 4);
		return v;
	}
	FAILF("no global %s", name);
	return 0;
}

static void insmod(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long r;

	CHECK(fd >= 0);
	r = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	if (r && errno != EEXIST)
		FAILF("finit_module %s: %s", path, strerror(errno));
	CHECK_EQ(access("/sys/kernel/btf/loop", R_OK), 0);
}

TEST(core_reads_a_struct_only_the_loop_modules_btf_has)
{
	struct mb_open_opts opts = { .print = collect, .level = MB_INFO };
	struct loop_info64 info;
	struct mb_object *obj;
	uint32_t pid = getpid();
	int fd, err;

	insmod("btf/loop.ko");
	CHECK_EQ(mb_object_open("btf/module.bpf.o", &opts, &obj), 0);
	CHECK_EQ(mb_object_set_global(obj, "want_pid", &pid, sizeof(pid)), 0);
	err = mb_object_load(obj);
	printf("%s", explain); /* as "# " lines would be: for the log */
	if (err)
		FAILF("load: %s", strerror(-err));
	CHECK_CONTAINS(explain, " loop (0:");
	CHECK_EQ(mb_object_attach(obj), 0);
	fd = open("/dev/loop3", O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	ioctl(fd, LOOP_GET_STATUS64, &info); /* ENXIO: not bound, but asked */
	close(fd);
	mb_object_detach(obj);
	CHECK_EQ(global(obj, "calls"), 1);
	CHECK_EQ(global(obj, "seen_number"), 3);
	CHECK_EQ(global(obj, "seen_flags"), 0);
	mb_object_close(obj);
}
