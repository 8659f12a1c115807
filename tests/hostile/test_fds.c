/* test_fds.c: a failed load leaves nothing behind (issue 6).
 *
 * Objects that fail at each stage of open, load and attach are loaded
 * ROUNDS times in this one process.  After each case the number of open
 * fds (/proc/self/fd) must be what it was before, and at the end no
 * program or map of ours may exist in the kernel (ids enumerated with
 * BPF_PROG/MAP_GET_NEXT_ID; ours are named hst_*, or stageN.* for the
 * global data maps, names no other test uses, so tests running beside
 * this one do not disturb it).  Each case also checks its message, so
 * that it fails at the stage it is meant to.
 */
#include <dirent.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "ours.h"

#define ROUNDS 50

static char t_msg[1024];

static void t_print(enum mb_print_level level, const char *msg, void *ctx)
{
	if (level == MB_ERROR && !t_msg[0])
		snprintf(t_msg, sizeof(t_msg), "%s", msg);
}

static const char *t_path(const char *file)
{
	static char buf[4][512];
	static int n;
	const char *b = getenv("B");

	n = (n + 1) % 4;
	snprintf(buf[n], sizeof(buf[n]), "%s/%s", b ? b : "build", file);
	return buf[n];
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

/* Open, load and attach path (target BTF btf, or NULL) as far as it
 * goes, then close it: the first error, or 0. */
static int try_object(const char *path, const char *btf)
{
	struct mb_open_opts opts = { .btf_path = btf, .print = t_print };
	struct mb_object *obj;
	int err;

	t_msg[0] = '\0';
	err = mb_object_open(path, &opts, &obj);
	if (err)
		return err;
	err = mb_object_load(obj);
	if (!err)
		err = mb_object_attach(obj);
	mb_object_close(obj);
	return err;
}

/* ROUNDS times: fails with a message containing want, fd count kept. */
static void check_rounds(const char *path, const char *btf, const char *want)
{
	int before = count_fds();

	CHECK(before > 0);
	for (int i = 0; i < ROUNDS; i++) {
		CHECK(try_object(path, btf) < 0);
		CHECK_CONTAINS(t_msg, want);
		CHECK_EQ(count_fds(), before);
	}
}

/* A copy of a good object with bytes at off in section sec replaced. */
static const char *broken_copy(const char *src, const char *sec,
			       size_t off, const void *bytes, size_t len)
{
	static char dst[64];
	int in, out;
	char buf[1 << 16];
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	Elf *elf;
	ssize_t n;

	strcpy(dst, "/tmp/minibpf-fds-XXXXXX");
	in = open(src, O_RDONLY);
	out = mkstemp(dst);
	CHECK(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK(write(out, buf, n) == n);
	elf_version(EV_CURRENT);
	elf = elf_begin(in, ELF_C_READ, NULL);
	CHECK(elf && !elf_getshdrstrndx(elf, &shstrndx));
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		gelf_getshdr(scn, &sh);
		if (!strcmp(elf_strptr(elf, shstrndx, sh.sh_name), sec))
			CHECK(pwrite(out, bytes, len, sh.sh_offset + off) ==
			      (ssize_t)len);
	}
	elf_end(elf);
	close(in);
	close(out);
	return dst;
}

TEST(open_failures_close_every_fd)
{
	const char *p;

	check_rounds(t_path("tests/nonexistent.bpf.o"), NULL, "cannot read");
	check_rounds("tests/hostile/stages.bpf.c", NULL, "not an ELF file");
	p = broken_copy(t_path("tests/hostile/stage0.bpf.o"), ".BTF", 0, "\0\0", 2);
	check_rounds(p, NULL, ".BTF: ");
	unlink(p);
	p = broken_copy(t_path("tests/hostile/stage0.bpf.o"), ".BTF.ext", 0, "\0\0", 2);
	check_rounds(p, NULL, ".BTF.ext: ");
	unlink(p);
	check_rounds(t_path("tests/progs/maps_err_absurd.bpf.o"), NULL, "absurd max_entries");
	check_rounds(t_path("tests/loader/missing_symbol.bpf.o"), NULL, "extern defined_nowhere");
}

TEST(load_failures_close_every_fd)
{
	check_rounds(t_path("tests/core/errors.bpf.o"),
		     t_path("tests/core/errors.target.o"), "core: errors: ");
	check_rounds(t_path("tests/core/nesting.bpf.o"),
		     t_path("tests/nonexistent.btf"), "nonexistent.btf: cannot read");
	check_rounds(t_path("tests/hostile/stage1.bpf.o"), NULL,
		     "map hst_huge: BPF_MAP_CREATE");
	check_rounds(t_path("tests/hostile/stage2.bpf.o"), NULL,
		     "program hst_second (tracepoint/syscalls/sys_enter_getppid): the verifier rejected it");
}

TEST(attach_failures_close_every_fd)
{
	check_rounds(t_path("tests/hostile/stage3.bpf.o"), NULL,
		     "no tracepoint 'minibpf/no_such_event'");
}

TEST(a_good_object_opened_and_closed_closes_every_fd)
{
	int before = count_fds();

	for (int i = 0; i < ROUNDS; i++) {
		CHECK_EQ(try_object(t_path("tests/hostile/stage0.bpf.o"), NULL), 0);
		CHECK_EQ(count_fds(), before);
	}
}

/* Last: everything above is closed, so nothing of ours may remain.  The
 * kernel frees a program or map a little after its last fd goes (RCU). */
TEST(no_program_or_map_of_ours_remains)
{
	char progs[512], maps[512];
	int tries = 0;

	struct mb_object *obj;

	if (getuid() != 0)
		SKIP("needs root to list programs and maps");
	/* the check sees ours while they are loaded (and maybe the last
	 * test's, which the kernel is still freeing) */
	CHECK_EQ(mb_object_open(t_path("tests/hostile/stage0.bpf.o"), NULL, &obj), 0);
	CHECK_EQ(mb_object_load(obj), 0);
	CHECK(count_ours(BPF_PROG_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID, progs, sizeof(progs)) >= 1);
	CHECK(count_ours(BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_FD_BY_ID, maps, sizeof(maps)) >= 2);
	CHECK_CONTAINS(maps, "hst_good");
	mb_object_close(obj);
	while ((count_ours(BPF_PROG_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID, progs, sizeof(progs)) ||
		count_ours(BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_FD_BY_ID, maps, sizeof(maps))) &&
	       tries++ < 40)
		usleep(50000);
	CHECK_STR(progs, "");
	CHECK_STR(maps, "");
}
