/* test_usdt.c: USDT probes attached on this machine's kernel.
 *
 * Each test starts usdt_target (one of its builds), attaches
 * usdt_probe.bpf.o's on_probe to the probes mbtest:sizes, twice, sema
 * (in the executable) and mbtest:lib (in libusdt_lib.so, named by its
 * soname), with the probe's number as the USDT cookie, lets the target
 * fire each probe once, and checks every argument the program read
 * against usdt_values.h.  The object is built with our usdt.bpf.h and
 * with libbpf's: both must work.  After each test nothing of it is left
 * in the kernel.
 *
 * Needs root; tests report "skip" without it.  Files are read from
 * $B/tests/usdt (B as make sets it, default build).
 *
 * Built a second time with -DUSDT_VM, static, for the VM suite: there the
 * target is usdt_target.static (no shared libraries in the guest: the
 * lib probe is linked into it), and on 5.10 the program finds its spec
 * by address, as kernels before 5.15 have no BPF cookies.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "object.h"
#include "../attach/bpf_ids.h"
#include "usdt_values.h"

enum { P_SIZES = 1, P_TWICE, P_SEMA, P_LIB };

struct record {
	long cookie;
	long cnt;
	long err[12];
	long arg[12];
};

static char messages[8192];
static struct ids before;
static struct ours ours;
static struct record recs[16];
static int nr_recs;

static void collect(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t len = strlen(messages);

	if (level <= MB_WARN)
		snprintf(messages + len, sizeof(messages) - len, "%s\n", msg);
}

static void setup(void)
{
	if (geteuid() != 0)
		SKIP("needs root");
	if (access("/sys/kernel/tracing/events", F_OK) &&
	    mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL))
		SKIP("cannot mount tracefs: %s", strerror(errno));
	if (chdir(t_build_path("tests/usdt")))
		FAILF("chdir %.200s: %s", t_build_path("tests/usdt"), strerror(errno));
	setenv("LD_LIBRARY_PATH", t_build_path("tests/usdt"), 1);
	messages[0] = '\0';
	nr_recs = 0;
	memset(&ours, 0, sizeof(ours));
	ids_snap(&before);
}

/* Open and load obj; only the program prog. */
static struct mb_object *load(const char *name, const char *prog)
{
	struct mb_open_opts opts = { .print = collect, .level = MB_WARN };
	struct mb_object *obj;
	int err;

	err = mb_object_open(name, &opts, &obj);
	if (err)
		FAILF("open %s: %d: %.300s", name, err, messages);
	for (size_t i = 0; i < mb_object_program_count(obj); i++)
		mb_program_set_autoload(mb_object_program(obj, i),
			!strcmp(mb_program_name(mb_object_program(obj, i)), prog));
	err = mb_object_load(obj);
	if (err)
		FAILF("load %s: %d: %.400s", name, err, messages);
	for (size_t i = 0; i < mb_object_program_count(obj); i++)
		if (mb_program_id(mb_object_program(obj, i)))
			ours.prog[ours.nr_prog++] = mb_program_id(mb_object_program(obj, i));
	for (size_t i = 0; i < mb_object_map_count(obj); i++)
		ours.map[ours.nr_map++] = mb_map_id(mb_object_map(obj, i));
	return obj;
}

/* A running target, stopped before its probes: its pid, the pipe that
 * lets it go, and the address of usdt_global it printed. */
struct target {
	pid_t pid;
	int go;
	unsigned long global_addr;
};

static void start(const char *exe, struct target *t)
{
	int in[2], out[2];
	char line[64] = "";
	FILE *f;

	CHECK(pipe(in) == 0 && pipe(out) == 0);
	t->pid = fork();
	CHECK(t->pid >= 0);
	if (t->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(exe, exe, "1", "0", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	t->go = in[1];
	f = fdopen(out[0], "r");
	CHECK(f && fgets(line, sizeof(line), f));
	fclose(f);
	t->global_addr = strtoul(line, NULL, 16);
	CHECK(t->global_addr != 0);
}

/* Let it fire its probes; it must exit 0. */
static void finish(struct target *t)
{
	int status;

	CHECK(write(t->go, "go\n", 3) == 3);
	close(t->go);
	CHECK(waitpid(t->pid, &status, 0) == t->pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int on_record(void *ctx, const void *data, size_t size)
{
	if (size == sizeof(struct record) && nr_recs < 16)
		memcpy(&recs[nr_recs++], data, size);
	return 0;
}

static void read_records(struct mb_object *obj)
{
	struct mb_ringbuf *rb;

	CHECK_EQ(mb_ringbuf_open(mb_map_fd(mb_object_find_map(obj, "records")),
				 on_record, NULL, &rb), 0);
	mb_ringbuf_poll(rb, 100);
	mb_ringbuf_close(rb);
}

/* The records of probe p, in the order they were made. */
static const struct record *rec(long p, int nth)
{
	for (int i = 0; i < nr_recs; i++)
		if (recs[i].cookie == p && nth-- == 0)
			return &recs[i];
	FAILF("no record %d of probe %ld among %d records", nth, p, nr_recs);
}

static void check_args(const struct record *r, long cnt, const long *want)
{
	CHECK_EQ(r->cnt, cnt);
	for (int i = 0; i < cnt; i++) {
		if (r->err[i] || r->arg[i] != want[i])
			FAILF("probe %ld argument %d: %ld (error %ld), expected %ld",
			      r->cookie, i, r->arg[i], r->err[i], want[i]);
	}
	for (int i = cnt; i < 12; i++)
		CHECK_EQ(r->err[i], -ENOENT);	/* past the last argument */
}

/* Attach on_probe of obj to the four probes of exe (lib: the file of
 * mbtest:lib), in every process or (by_pid) only in exe's, run exe once
 * and check each argument. */
static void every_argument_of(const char *obj_name, const char *exe,
			      const char *lib, bool by_pid)
{
	static const struct { long id; const char *probe; } probes[] = {
		{ P_SIZES, "mbtest:sizes" }, { P_TWICE, "mbtest:twice" },
		{ P_SEMA, "mbtest:sema" }, { P_LIB, "mbtest:lib" },
	};
	struct mb_link *links[4] = { 0 };
	struct mb_object *obj;
	struct mb_program *prog;
	struct target t;
	char target[PATH_MAX + 64];

	setup();
	obj = load(obj_name, "on_probe");
	prog = mb_object_find_program(obj, "on_probe");
	start(exe, &t);
	for (int i = 0; i < 4; i++) {
		snprintf(target, sizeof(target), "%s:%s",
			 i == 3 ? lib : exe, probes[i].probe);
		if (mb_program_attach_usdt(prog, by_pid ? t.pid : -1, target,
					   probes[i].id, &links[i]))
			FAILF("attach %.100s: %.380s", target, messages);
	}
	finish(&t);
	read_records(obj);
	for (int i = 0; i < 4; i++)
		mb_link_detach(links[i]);
	{
		const long sizes[12] = {
			V_S8, V_U8, V_S16, V_U16, V_S32, V_U32, V_S64,
			(long)V_U64, 42, -7, (long)t.global_addr, V_GLOBAL,
		};
		const long one[] = { 1 }, two[] = { 2 };
		const long lib[] = { V_LIB_A, V_LIB_B, V_LIB_C };

		check_args(rec(P_SIZES, 0), 12, sizes);
		check_args(rec(P_TWICE, 0), 1, one);	/* two call sites */
		check_args(rec(P_TWICE, 1), 1, two);
		check_args(rec(P_SEMA, 0), 1, one);	/* semaphore counted up */
		check_args(rec(P_LIB, 0), 3, lib);
		CHECK_EQ(nr_recs, 5);
	}
	mb_object_close(obj);
	{
		char left[512];

		ids_leaked(&before, &ours, left, sizeof(left));
		if (left[0])
			FAILF("left in the kernel after close: %s", left);
	}
}

static void every_argument(const char *obj_name, const char *exe,
			   const char *lib)
{
	every_argument_of(obj_name, exe, lib, false);
}

/* A position-independent executable, attached in its process only: on
 * kernels without BPF cookies (5.10) the spec is found by the probe's
 * run-time address, which the process's mappings give. */
TEST(usdt_static_pie_target_by_pid)
{
	every_argument_of("usdt_probe.ours.bpf.o", "./usdt_target.static-pie",
			  "./usdt_target.static-pie", true);
}

#ifdef USDT_VM
TEST(usdt_static_target_with_our_header)
{
	every_argument("usdt_probe.ours.bpf.o", "./usdt_target.static",
		       "./usdt_target.static");
}

TEST(usdt_static_target_with_libbpf_header)
{
	every_argument("usdt_probe.libbpf.bpf.o", "./usdt_target.static",
		       "./usdt_target.static");
}
#else
TEST(usdt_gcc_O2_registers_and_rip_relative_with_our_header)
{
	every_argument("usdt_probe.ours.bpf.o", "./usdt_target.gcc-O2",
		       "libusdt_lib.so");
}

TEST(usdt_gcc_O0_frame_pointer_memory_with_our_header)
{
	every_argument("usdt_probe.ours.bpf.o", "./usdt_target.gcc-O0",
		       "libusdt_lib.so");
}

TEST(usdt_clang_O2_stack_pointer_memory_with_our_header)
{
	every_argument("usdt_probe.ours.bpf.o", "./usdt_target.clang-O2",
		       "libusdt_lib.so");
}

TEST(usdt_gcc_O2_no_pie_with_our_header)
{
	every_argument("usdt_probe.ours.bpf.o", "./usdt_target.nopie",
		       "libusdt_lib.so");
}

TEST(usdt_gcc_O2_with_libbpf_header)
{
	every_argument("usdt_probe.libbpf.bpf.o", "./usdt_target.gcc-O2",
		       "libusdt_lib.so");
}

TEST(usdt_clang_O2_with_libbpf_header)
{
	every_argument("usdt_probe.libbpf.bpf.o", "./usdt_target.clang-O2",
		       "libusdt_lib.so");
}

/* SEC("usdt/./usdt_target.gcc-O2:mbtest:twice"): mb_object_attach
 * attaches it at both call sites; BPF_USDT passes the argument. */
TEST(usdt_section_target_attaches_every_call_site)
{
	struct mb_object *obj;
	struct target t;

	setup();
	obj = load("usdt_probe.ours.bpf.o", "on_twice");
	start("./usdt_target.gcc-O2", &t);
	if (mb_object_attach(obj))
		FAILF("attach: %.400s", messages);
	finish(&t);
	{
		struct mb_map *bss = mb_object_find_map(obj, ".bss");
		long v[2] = { 0 };
		uint32_t key = 0;

		CHECK(bss && mb_map_value_size(bss) == sizeof(v));
		CHECK_EQ(mb_map_lookup(bss, &key, v), 0);
		CHECK_EQ(v[0], 1 + 2);		/* twice_sum */
		CHECK_EQ(v[1], 2);		/* twice_hits */
	}
	mb_object_close(obj);
}

/* Kernels before 4.20 have no uprobe reference counter: the semaphore of
 * the one process attached to is counted up through /proc/PID/mem (the
 * test asks for that path here, where the kernel has the counter). */
#define SEMA_PROBE "./usdt_target.gcc-O2:mbtest:sema"
TEST(usdt_semaphore_counted_by_hand_needs_and_uses_the_pid)
{
	struct mb_object *obj;
	struct mb_program *prog;
	struct mb_link *link = NULL;
	struct target t;
	const long one[] = { 1 };

	setup();
	obj = load("usdt_probe.ours.bpf.o", "on_probe");
	obj->usdt_manual_sema = true;
	prog = mb_object_find_program(obj, "on_probe");
	start("./usdt_target.gcc-O2", &t);
	CHECK_EQ(mb_program_attach_usdt(prog, -1, SEMA_PROBE, P_SEMA, &link),
		 -EOPNOTSUPP);
	CHECK_CONTAINS(messages, "give the process id");
	if (mb_program_attach_usdt(prog, t.pid, SEMA_PROBE, P_SEMA, &link))
		FAILF("attach: %.400s", messages);
	finish(&t);
	read_records(obj);
	mb_link_detach(link);
	check_args(rec(P_SEMA, 0), 1, one);	/* semaphore was 1 */
	CHECK_EQ(nr_recs, 1);
	mb_object_close(obj);
}

TEST(usdt_missing_probe_is_named)
{
	struct mb_object *obj;
	struct mb_link *link;

	setup();
	obj = load("usdt_probe.ours.bpf.o", "on_probe");
	CHECK_EQ(mb_program_attach_usdt(mb_object_find_program(obj, "on_probe"),
					-1, "./usdt_target.gcc-O2:mbtest:nope",
					0, &link), -ENOENT);
	CHECK_CONTAINS(messages, "usdt: usdt/./usdt_target.gcc-O2:mbtest:nope: program on_probe: no probe mbtest:nope in the file");
	mb_object_close(obj);
}
#endif

TEST(usdt_malformed_target_is_refused)
{
	struct mb_object *obj;
	struct mb_link *link;

	setup();
	obj = load("usdt_probe.ours.bpf.o", "on_probe");
	CHECK_EQ(mb_program_attach_usdt(mb_object_find_program(obj, "on_probe"),
					-1, "./usdt_target.gcc-O2:twice", 0,
					&link), -EINVAL);
	CHECK_CONTAINS(messages, "expected PATH:PROVIDER:NAME");
	mb_object_close(obj);
}

TEST(usdt_file_without_probes_says_so)
{
	struct mb_object *obj;
	struct mb_link *link;

	setup();
	obj = load("usdt_probe.ours.bpf.o", "on_probe");
	CHECK_EQ(mb_program_attach_usdt(mb_object_find_program(obj, "on_probe"),
					-1, "./usdt_probe.ours.bpf.o:a:b", 0,
					&link), -ENOENT);
	CHECK_CONTAINS(messages, "no .note.stapsdt section");
	mb_object_close(obj);
}
