/* test_modules.c: the kernel modules' BTF (kernel_modules.c) on this
 * kernel: the list matches /sys/kernel/btf, each module's BTF is split
 * on top of vmlinux's, and the walk over the kernel's BTF objects finds
 * one by name (root).  A module of this kernel with BTF is checked too
 * when one is loaded; core_test covers the search through them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/btf.h>

#include "harness.h"
#include "internal.h"
#include "log.h"
#include "sys.h"

static char msg[512];

static void log_fn(enum mb_print_level level, const char *m, void *ctx)
{
	if (level == MB_ERROR)
		snprintf(msg, sizeof(msg), "%s", m);
}

static const struct mb_log tlog = { log_fn, NULL, MB_DEBUG };

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of /sys/kernel/btf but vmlinux, sorted: how many. */
static size_t sysfs_modules(char *names[], size_t max)
{
	DIR *d = opendir("/sys/kernel/btf");
	struct dirent *de;
	size_t n = 0;

	CHECK(d != NULL);
	while ((de = readdir(d)) && n < max)
		if (de->d_name[0] != '.' && strcmp(de->d_name, "vmlinux"))
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	return n;
}

TEST(the_modules_are_those_of_sys_kernel_btf_split_on_vmlinux)
{
	const struct mb_btf *vmlinux, *mod;
	const char *name;
	char *names[4096];
	size_t n = sysfs_modules(names, 4096);

	CHECK_EQ(mb_kernel_btf(&tlog, &vmlinux), 0);
	for (size_t i = 0; i < n; i++) {
		CHECK_EQ(mb_kernel_module_btf(&tlog, i, &mod, &name), 0);
		CHECK_STR(name, names[i]);
		CHECK(mod != NULL);
		/* its own types come after vmlinux's, whose are visible */
		CHECK(mb_btf_type_count(mod) > mb_btf_type_count(vmlinux));
		CHECK_EQ(mb_btf_find(mod, "task_struct", BTF_KIND_STRUCT),
			 mb_btf_find(vmlinux, "task_struct", BTF_KIND_STRUCT));
		free(names[i]);
	}
	CHECK_EQ(mb_kernel_module_btf(&tlog, n, &mod, &name), -ENOENT);
	CHECK_EQ(mb_kernel_module_btf(&tlog, n + 7, &mod, &name), -ENOENT);
	printf("# %zu modules with BTF\n", n);
}

/* The kernel's name of the BTF object behind fd. */
static void btf_name(int fd, char *buf, size_t size)
{
	struct bpf_btf_info info = { 0 };
	uint32_t len = sizeof(info);

	buf[0] = 0;
	info.name = mb_ptr(buf);
	info.name_len = size;
	CHECK_EQ(mb_sys_obj_info(fd, &info, &len), 0);
	CHECK_EQ(info.kernel_btf, 1);
}

TEST(a_modules_btf_object_is_found_by_name)
{
	const struct mb_btf *mod;
	const char *name;
	char kname[64];
	int fd;

	if (geteuid())
		SKIP("needs root");
	fd = mb_kernel_module_btf_fd(&tlog, "vmlinux"); /* always there */
	CHECK(fd >= 0);
	btf_name(fd, kname, sizeof(kname));
	CHECK_STR(kname, "vmlinux");
	close(fd);
	for (uint32_t i = 0; !mb_kernel_module_btf(&tlog, i, &mod, &name); i++) {
		fd = mb_kernel_module_btf_fd(&tlog, name);
		CHECK(fd >= 0);
		btf_name(fd, kname, sizeof(kname));
		CHECK_STR(kname, name);
		close(fd);
	}
	msg[0] = 0;
	CHECK_EQ(mb_kernel_module_btf_fd(&tlog, "no_such_module"), -ENOENT);
	CHECK_CONTAINS(msg, "BTF object of module no_such_module");
}
