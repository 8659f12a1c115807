/* test_module_vm.c: CO-RE against a kernel module's BTF, in the VMs.
 *
 * The guest has Debian's own loop.ko for its kernel in /work/btf
 * (fetch-kernels.sh keeps it for the amd64 kernels built with module
 * BTF).  It is loaded with finit_module, as insmod would; then
 * /sys/kernel/btf/loop holds struct loop_device, which vmlinux has not.
 * module.bpf.o's kprobe on loop_get_status reads two of its fields
 * through CO-RE; a LOOP_GET_STATUS64 ioctl on /dev/loop3 makes it run,
 * and the values must be that device's: number 3, flags 0 (unbound).
 * --explain's lines must name the module.
 *
 * Then nf_conntrack (and what it depends on) for module kfuncs:
 * module_kfunc.bpf.o calls bpf_xdp_ct_lookup, found in nf_conntrack's
 * BTF and passed to the kernel through the fd_array; the verifier
 * accepts it only if that is right, and a test run shows the call ran.
 * Static, no libc in the VM.
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
#include "sys.h"

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

/* Load btf/NAME.ko; its BTF must then be in /sys/kernel/btf. */
static void insmod(const char *name)
{
	char path[128];
	int fd;
	long r;

	snprintf(path, sizeof(path), "btf/%s.ko", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	r = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	if (r && errno != EEXIST)
		FAILF("finit_module %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "/sys/kernel/btf/%s", name);
	CHECK_EQ(access(path, R_OK), 0);
}

TEST(core_reads_a_struct_only_the_loop_modules_btf_has)
{
	struct mb_open_opts opts = { .print = collect, .level = MB_INFO };
	struct loop_info64 info;
	struct mb_object *obj;
	uint32_t pid = getpid();
	int fd, err;

	insmod("loop");
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

/* One run of prog on a zeroed 64-byte packet: its return value. */
static uint32_t test_run(int prog_fd)
{
	static uint8_t pkt[64];
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.data_in = mb_ptr(pkt);
	attr.test.data_size_in = sizeof(pkt);
	attr.test.repeat = 1;
	CHECK_EQ(mb_sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr.test)), 0);
	return attr.test.retval;
}

TEST(kfuncs_of_nf_conntrack_are_called_through_its_btf)
{
	struct mb_open_opts opts = { .print = collect, .level = MB_WARN };
	struct mb_object *obj;
	int err;

	if (access("btf/nf_conntrack.ko", R_OK))
		FAILF("no btf/nf_conntrack.ko beside btf/loop.ko");
	if (access("btf/libcrc32c.ko", R_OK) == 0)
		insmod("libcrc32c");
	insmod("nf_defrag_ipv4");
	insmod("nf_defrag_ipv6");
	insmod("nf_conntrack");
	explain[0] = 0;
	CHECK_EQ(mb_object_open("btf/module_kfunc.bpf.o", &opts, &obj), 0);
	err = mb_object_load(obj);
	printf("%s", explain);
	if (err)
		FAILF("load: %s", strerror(-err));
	CHECK_EQ(obj->nr_fd_array, 0); /* the module's fd closed after load */
	CHECK_EQ(test_run(mb_program_fd(mb_object_program(obj, 0))), 2);
	CHECK_EQ(global(obj, "opts_error"), -ENOENT);
	mb_object_close(obj);
}
