/* core_run.c: the conformance cases loaded into this kernel (root) and
 * run with BPF_PROG_TEST_RUN.  User space writes the input map laid out
 * as the TARGET types (this file includes the case headers with TARGET
 * defined), the program reads it through its LOCAL types after minibpf
 * relocated it against NAME.target.o, and returns 0 or the line of the
 * first failed check.  Must-fail cases must fail to load. */
#include <errno.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"

#define TARGET
#include "nesting.h"
#include "arrays.h"
#include "ints.h"
#include "mods.h"
#include "ptr_as_arr.h"
#include "flavors.h"
#include "existence.h"
#include "bitfields.h"
#undef TARGET

static char log_buf[4096];

static void log_fn(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t n = strlen(log_buf);

	if (level <= MB_WARN)
		snprintf(log_buf + n, sizeof(log_buf) - n, "%s\n", msg);
}

static const char *path(const char *name, const char *ext)
{
	static char buf[2][512];
	static int n;
	const char *b = getenv("B");

	n ^= 1;
	snprintf(buf[n], sizeof(buf[n]), "%s/tests/core/%s.%s", b ? b : "build", name, ext);
	return buf[n];
}

/* Open NAME.bpf.o against NAME.target.o, load only program prog. */
static int open_load(const char *name, const char *prog, struct mb_object **objp)
{
	struct mb_open_opts opts = {
		.btf_path = path(name, "target.o"),
		.print = log_fn, .level = MB_WARN,
	};
	int err;

	if (geteuid() != 0)
		SKIP("needs root");
	log_buf[0] = 0;
	CHECK_EQ(mb_object_open(path(name, "bpf.o"), &opts, objp), 0);
	for (size_t i = 0; i < mb_object_program_count(*objp); i++) {
		struct mb_program *p = mb_object_program(*objp, i);

		mb_program_set_autoload(p, !strcmp(mb_program_name(p), prog));
	}
	err = mb_object_load(*objp);
	return err;
}

/* Load, write input, run once: the program's return value. */
static int run_case(const char *name, const void *input, size_t size)
{
	char value[512] = { 0 }, pkt[64] = { 0 };
	struct mb_object *obj;
	union bpf_attr attr;
	int key = 0, err;

	err = open_load(name, name, &obj);
	if (err)
		FAILF("%s: load failed %d: %.300s", name, err, log_buf);
	memcpy(value, input, size);
	CHECK_EQ(mb_map_update(mb_object_find_map(obj, "input"), &key, value, 0), 0);
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = mb_program_fd(mb_object_find_program(obj, name));
	attr.test.data_in = (uint64_t)(uintptr_t)pkt;	/* a dummy packet */
	attr.test.data_size_in = sizeof(pkt);
	attr.test.repeat = 1;
	err = mb_sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr.test));
	mb_object_close(obj);
	CHECK_EQ(err, 0);
	return (int)attr.test.retval;
}

#define RUN(name, input) CHECK_EQ(run_case(name, &(input), sizeof(input)), 0)

TEST(run_nesting)
{
	struct core_nest t = { .in = { .y = 2 }, .out = { .x = 3 } };

	RUN("nesting", t);
}

TEST(run_arrays)
{
	union { struct core_arr s; char bytes[400]; } t = { 0 };

	t.s.a[2] = 1;
	t.s.b[1][2][3] = 2;
	t.s.c[1].c = 3;
	t.s.f[2].c = 4;
	RUN("arrays", t);
}

TEST(run_ints)
{
	struct core_ints t = { .u8f = 200, .u32f = 100, .s16f = -300,
			       .u64f = 0x89abcdef, .ptr = (void *)0x1234, .flag = 1 };

	RUN("ints", t);
}

TEST(run_mods)
{
	struct core_mods t = { .a = 11, .arr = { [3] = 12 }, .s = { .x = 13 },
			       .p = (int *)0x5678 };

	RUN("mods", t);
}

TEST(run_ptr_as_arr)
{
	struct core_paa t[3] = { [2] = { .a = 5 } };

	RUN("ptr_as_arr", t);
}

TEST(run_flavors)
{
	struct core_flv t = { .a = 1, .b = 2, .c = 3 };

	RUN("flavors", t);
}

TEST(run_existence)
{
	struct core_exist t = { .a = 1, .b = 7 };

	RUN("existence", t);
}

TEST(run_bitfields)
{
	struct core_bits t = {
		.b1 = V_B1, .pad = -1, .b33 = V_B33, .s3 = V_S3, .b13 = V_B13,
		.s17 = V_S17, .b60 = V_B60, .b8 = V_B8, .plain = V_PLAIN,
		.was_int = V_WAS_INT,
	};

	RUN("bitfields", t);
}

TEST(run_type_based)
{
	char none = 0;

	RUN("type_based", none);
}

TEST(run_type_matches)	/* built with clang-15 */
{
	char none = 0;

	RUN("type_matches", none);
}

TEST(run_enumval)
{
	char none = 0;

	RUN("enumval", none);
}

TEST(run_enum64)	/* built with clang-15 */
{
	char none = 0;

	RUN("enum64", none);
}

/* A reachable poisoned instruction: the verifier names the helper. */
TEST(reachable_poison_fails_to_load)
{
	struct mb_object *obj;

	CHECK(open_load("errors", "array_oob", &obj) < 0);
	CHECK(strstr(log_buf, "unknown#195896080"));	/* 0xbad2310 */
	mb_object_close(obj);
	CHECK(open_load("ints", "ints_signed_resize", &obj) < 0);
	CHECK(strstr(log_buf, "insn poisoned"));
	mb_object_close(obj);
}

TEST(ambiguity_fails_to_load)
{
	struct mb_object *obj;

	CHECK_EQ(open_load("errors", "ambiguous", &obj), -EINVAL);
	CHECK(strstr(log_buf, "ambiguous: candidates ["));
	mb_object_close(obj);
}

/* ---- real kernel structures, relocated against this kernel's BTF ----- */

#include <fcntl.h>
#include <sys/stat.h>
#define __core		/* host side: the struct kernel_out layout only */
#include "kernel.h"

/* Writes /proc/self/oom_score_adj (a short in the kernel); 0 or -1. */
static int set_oom_score_adj(int v)
{
	FILE *f = fopen("/proc/self/oom_score_adj", "w");
	int ok = f && fprintf(f, "%d\n", v) > 0;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

/* Field n (1-based) of /proc/self/stat, counted after the ")" of comm. */
static unsigned long proc_stat_field(int n)
{
	char buf[2048], *p;
	FILE *f = fopen("/proc/self/stat", "r");
	size_t len = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[len] = 0;
	p = strrchr(buf, ')');
	for (int i = 2; p && i < n; i++)
		p = strchr(p + 1, ' ');
	return p ? strtoul(p + 1, NULL, 10) : 0;
}

TEST(task_mm_file_and_map_fields_read_right_on_this_kernel)
{
	struct mb_open_opts opts = { .print = log_fn, .level = MB_WARN };
	struct kernel_out o = { 0 };
	struct mb_object *obj;
	struct mb_link *link = NULL;
	char comm[16] = { 0 };
	struct stat st;
	int key = 0, tgid = getpid(), fd = open("/dev/null", O_RDONLY);
	long adj;
	FILE *f;

	if (geteuid() != 0)
		SKIP("needs root");
	CHECK(fd >= 0 && fstat(fd, &st) == 0);
	f = fopen("/proc/self/comm", "r");
	CHECK(f && fgets(comm, sizeof(comm), f));
	fclose(f);
	comm[strcspn(comm, "\n")] = 0;
	/* -7 needs CAP_SYS_RESOURCE (sign extension shows); 7 does not */
	adj = set_oom_score_adj(-7) == 0 ? -7 : 7;
	CHECK(adj == -7 || set_oom_score_adj(7) == 0);
	log_buf[0] = 0;
	CHECK_EQ(mb_object_open(path("kernel", "bpf.o"), &opts, &obj), 0);
	CHECK_EQ(mb_object_set_global(obj, "want_tgid", &tgid, sizeof(tgid)), 0);
	CHECK_EQ(mb_object_set_global(obj, "want_fd", &fd, sizeof(fd)), 0);
	if (mb_object_load(obj))
		FAILF("load: %.300s", log_buf);
	CHECK_EQ(mb_program_attach(mb_object_find_program(obj, "kernel"), &link), 0);
	usleep(1000);				/* a syscall or two */
	CHECK_EQ(mb_map_lookup(mb_object_find_map(obj, "out"), &key, &o), 0);
	mb_link_detach(link);
	mb_object_close(obj);
	close(fd);
	set_oom_score_adj(0);
	CHECK_EQ(o.done, 1);
	CHECK_EQ(o.pid, getpid());
	CHECK_EQ(o.tgid, tgid);
	CHECK_EQ(o.leader_tgid, tgid);
	CHECK_STR(o.comm, comm);
	CHECK_EQ(o.start_brk, proc_stat_field(47));	/* start_brk */
	CHECK_EQ(o.ino, st.st_ino);
	CHECK_EQ(o.oom_score_adj, adj);		/* 2 kernel bytes into a long */
	CHECK_EQ(o.map_max_entries, 3);
	CHECK_EQ(o.map_key_size, 4);
}
