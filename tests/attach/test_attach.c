/* test_attach.c: attaching on this machine's kernel, and reading back.
 *
 * Each test loads one small object of tests/attach, attaches it through
 * the library, makes the kernel run it with values the test chose
 * (a target binary's arguments, a syscall, an lseek offset), and
 * compares what the program recorded with those values.  After each
 * test, none of its programs, maps or links is left in the kernel
 * (bpf_ids.h) and the process has as many fds open as before.
 *
 * Needs root; tests report "skip" without it.  Objects are read from
 * $B/tests/attach (B as make sets it, default build).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "log.h"
#include "object.h"
#include "bpf_ids.h"

static char messages[8192];
static struct ids before;
static int fds_before;
static struct ours ours;

static void collect(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t len = strlen(messages);

	if (level <= MB_WARN)
		snprintf(messages + len, sizeof(messages) - len, "%s\n", msg);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* Root, tracefs mounted, and a snapshot to compare with at the end. */
static void setup(void)
{
	if (geteuid() != 0)
		SKIP("needs root");
	if (access("/sys/kernel/tracing/events", F_OK) &&
	    mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL))
		SKIP("cannot mount tracefs: %s", strerror(errno));
	messages[0] = '\0';
	memset(&ours, 0, sizeof(ours));
	ids_snap(&before);
	fds_before = count_fds();
}

static struct mb_object *open_obj(const char *name)
{
	struct mb_open_opts opts = { .print = collect, .level = MB_WARN };
	struct mb_object *obj;
	char path[PATH_MAX + 64];
	int err;

	snprintf(path, sizeof(path), "%s/%s", t_build_path("tests/attach"), name);
	err = mb_object_open(path, &opts, &obj);
	if (err)
		FAILF("open %.200s: %d: %.250s", path, err, messages);
	return obj;
}

/* Load only the program named prog (NULL: all), remember our ids. */
static void load(struct mb_object *obj, const char *prog)
{
	int err;

	for (size_t i = 0; prog && i < mb_object_program_count(obj); i++)
		mb_program_set_autoload(mb_object_program(obj, i),
			!strcmp(mb_program_name(mb_object_program(obj, i)), prog));
	err = mb_object_load(obj);
	if (err)
		FAILF("load: %d: %.400s", err, messages);
	for (size_t i = 0; i < mb_object_program_count(obj); i++)
		if (mb_program_id(mb_object_program(obj, i)))
			ours.prog[ours.nr_prog++] = mb_program_id(mb_object_program(obj, i));
	for (size_t i = 0; i < mb_object_map_count(obj); i++)
		ours.map[ours.nr_map++] = mb_map_id(mb_object_map(obj, i));
}

static void set_u32(struct mb_object *obj, const char *name, uint32_t v)
{
	CHECK_EQ(mb_object_set_global(obj, name, &v, sizeof(v)), 0);
}

/* A global variable's current value, read from its map. */
static int64_t global(struct mb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_globals; i++) {
		const struct mb_global *g = &obj->globals[i];
		uint8_t buf[4096] = { 0 };
		uint32_t key = 0;
		int64_t v = 0;

		if (strcmp(g->name, name))
			continue;
		CHECK(obj->maps[g->map].def.value_size <= sizeof(buf));
		CHECK_EQ(mb_map_lookup(&obj->maps[g->map], &key, buf), 0);
		if (g->size == 4)
			v = *(int32_t *)(buf + g->offset);
		else if (g->size == 8)
			v = *(int64_t *)(buf + g->offset);
		else
			FAILF("global %s has size %u", name, g->size);
		return v;
	}
	FAILF("no global %s", name);
}

/* Close the object; then nothing of it may be left in the kernel. */
static void close_and_check(struct mb_object *obj)
{
	char left[512];

	mb_object_close(obj);
	ids_leaked(&before, &ours, left, sizeof(left));
	if (left[0])
		FAILF("left in the kernel after close: %s", left);
	CHECK_EQ(count_fds(), fds_before);
}

/* ---- uprobes -------------------------------------------------------- */

/* Run "./attach_target a b c" in t_build_path("tests/attach"); its pid. */
static pid_t run_target(const char *a, const char *b, const char *c)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl("./attach_target", "attach_target", a, b, c, (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	return pid;
}

TEST(uprobe_sees_the_arguments_of_target_add)
{
	struct mb_object *obj;
	pid_t pid;

	setup();
	CHECK_EQ(chdir(t_build_path("tests/attach")), 0);		/* "./attach_target" in SEC */
	obj = open_obj("uprobe.bpf.o");
	load(obj, NULL);
	CHECK_EQ(mb_object_attach(obj), 0);
	pid = run_target("3", "4", "5");
	CHECK_EQ(global(obj, "entries"), 1);
	CHECK_EQ(global(obj, "seen_a"), 3);
	CHECK_EQ(global(obj, "seen_b"), 4);
	CHECK_EQ(global(obj, "seen_c"), 5);
	CHECK_EQ(global(obj, "entry_pid"), pid);
	close_and_check(obj);
}

TEST(uretprobe_sees_the_return_value_of_target_add)
{
	struct mb_object *obj;
	pid_t pid;

	setup();
	CHECK_EQ(chdir(t_build_path("tests/attach")), 0);
	obj = open_obj("uprobe.bpf.o");
	load(obj, "on_add_ret");
	CHECK_EQ(mb_object_attach(obj), 0);
	pid = run_target("-10", "100", "1000000");
	CHECK_EQ(global(obj, "exits"), 1);
	CHECK_EQ(global(obj, "seen_ret"), 1000090);
	CHECK_EQ(global(obj, "exit_pid"), pid);
	CHECK_EQ(global(obj, "entries"), 0);	/* on_add not loaded */
	close_and_check(obj);
}

TEST(uprobe_detached_no_longer_fires)
{
	struct mb_object *obj;

	setup();
	CHECK_EQ(chdir(t_build_path("tests/attach")), 0);
	obj = open_obj("uprobe.bpf.o");
	load(obj, "on_add");
	CHECK_EQ(mb_object_attach(obj), 0);
	run_target("1", "1", "1");
	mb_object_detach(obj);
	run_target("1", "1", "1");
	CHECK_EQ(global(obj, "entries"), 1);
	close_and_check(obj);
}

TEST(uprobe_on_a_missing_symbol_says_which)
{
	struct mb_object *obj;
	struct mb_link *link = NULL;

	setup();
	CHECK_EQ(chdir(t_build_path("tests/attach")), 0);
	obj = open_obj("bad.bpf.o");
	load(obj, "on_missing_sym");
	CHECK_EQ(mb_program_attach(mb_object_find_program(obj, "on_missing_sym"),
				   &link), -ENOENT);
	CHECK(link == NULL);
	CHECK_CONTAINS(messages, "attach: uprobe/./attach_target:no_such_function: program on_missing_sym: no symbol 'no_such_function' in ./attach_target");
	close_and_check(obj);
}

TEST(uprobe_on_a_missing_file_says_which)
{
	struct mb_object *obj;
	struct mb_link *link = NULL;

	setup();
	CHECK_EQ(chdir(t_build_path("tests/attach")), 0);
	obj = open_obj("bad.bpf.o");
	load(obj, "on_missing_file");
	CHECK_EQ(mb_program_attach(mb_object_find_program(obj, "on_missing_file"),
				   &link), -ENOENT);
	CHECK_CONTAINS(messages, "attach: uprobe/./no_such_binary:main: program on_missing_file: cannot open ./no_such_binary");
	close_and_check(obj);
}

/* A function of this test binary, to compare the ELF arithmetic with
 * where the loader really mapped it. */
__attribute__((noinline, used)) int t_marker(int x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}

/* The file offset of addr, from the mapping in /proc/self/maps. */
static uint64_t mapped_offset(const void *addr)
{
	unsigned long long start, end, off;
	char line[512], perms[8];
	FILE *f = fopen("/proc/self/maps", "r");
	uint64_t r = 0;

	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx %7s %llx", &start, &end, perms,
			   &off) == 4 &&
		    (uintptr_t)addr >= start && (uintptr_t)addr < end)
			r = (uintptr_t)addr - start + off;
	fclose(f);
	return r;
}

TEST(uprobe_offset_is_where_the_function_is_mapped_from)
{
	uint64_t off = 0;
	struct mb_log log = { 0 };

	CHECK_EQ(mb_uprobe_offset(&log, "t", "/proc/self/exe", "t_marker",
				  &off), 0);
	CHECK_EQ(off, mapped_offset((const void *)t_marker));
	CHECK_EQ(t_marker(1), 2);
}

TEST(uprobe_offset_of_a_missing_symbol_is_enoent)
{
	uint64_t off = 0;
	struct mb_log log = { 0 };

	CHECK_EQ(mb_uprobe_offset(&log, "t", "/proc/self/exe", "t_marke",
				  &off), -ENOENT);
	CHECK_EQ(mb_uprobe_offset(&log, "t", "/dev/null", "t_marker", &off),
		 -ENOEXEC);
}

/* ---- tracepoints ---------------------------------------------------- */

/* tp.bpf.o with only prog loaded, filtering on this process. */
static struct mb_object *open_tp(const char *prog)
{
	struct mb_object *obj = open_obj("tp.bpf.o");
	int64_t nr = SYS_getppid;

	set_u32(obj, "want_pid", getpid());
	CHECK_EQ(mb_object_set_global(obj, "want_nr", &nr, sizeof(nr)), 0);
	load(obj, prog);
	return obj;
}

TEST(tracepoint_counts_each_getpid)
{
	struct mb_object *obj;

	setup();
	obj = open_tp("on_getpid");
	CHECK_EQ(mb_object_attach(obj), 0);
	for (int i = 0; i < 5; i++)
		syscall(SYS_getpid);
	mb_object_detach(obj);
	syscall(SYS_getpid);			/* detached: not counted */
	CHECK_EQ(global(obj, "tp_hits"), 5);
	CHECK_EQ(global(obj, "tp_nr"), SYS_getpid);
	close_and_check(obj);
}

TEST(raw_tracepoint_sees_the_syscall_number)
{
	struct mb_object *obj;

	setup();
	obj = open_tp("on_raw_enter");
	CHECK_EQ(mb_object_attach(obj), 0);
	for (int i = 0; i < 3; i++)
		syscall(SYS_getppid);
	syscall(SYS_getpid);
	mb_object_detach(obj);
	CHECK_EQ(global(obj, "raw_hits"), 3);
	close_and_check(obj);
}

TEST(tp_btf_sees_the_syscall_number)
{
	struct mb_object *obj;

	setup();
	obj = open_tp("on_btf_enter");
	CHECK_EQ(mb_object_attach(obj), 0);
	for (int i = 0; i < 4; i++)
		syscall(SYS_getppid);
	mb_object_detach(obj);
	CHECK_EQ(global(obj, "btf_hits"), 4);
	close_and_check(obj);
}

TEST(tracepoint_that_does_not_exist_says_which)
{
	struct mb_object *obj;
	struct mb_link *link = NULL;

	setup();
	obj = open_obj("bad.bpf.o");
	load(obj, "on_missing_tp");
	CHECK_EQ(mb_program_attach(mb_object_find_program(obj, "on_missing_tp"),
				   &link), -ENOENT);
	CHECK_CONTAINS(messages, "attach: tracepoint/syscalls/sys_enter_no_such_call: program on_missing_tp: no tracepoint 'syscalls/sys_enter_no_such_call'");
	close_and_check(obj);
}

TEST(raw_tracepoint_that_does_not_exist_says_which)
{
	struct mb_object *obj;
	struct mb_link *link = NULL;

	setup();
	obj = open_obj("bad.bpf.o");
	load(obj, "on_missing_raw_tp");
	CHECK_EQ(mb_program_attach(mb_object_find_program(obj, "on_missing_raw_tp"),
				   &link), -ENOENT);
	CHECK_CONTAINS(messages, "attach: raw_tp/no_such_raw_tracepoint: program on_missing_raw_tp: no tracepoint 'no_such_raw_tracepoint' in the kernel");
	close_and_check(obj);
}

/* ---- fentry / fexit ------------------------------------------------- */

/* fentry/fexit load only where the kernel allows BPF trampolines; the
 * build machine's says EPERM to every loader (libbpf too), as root, so
 * these two run in the VMs (tests/vm) and the host run leaves them out.
 * Should they run here anyway, that exact refusal is a skip. */
static struct mb_object *open_fentry(const char *prog)
{
	struct mb_object *obj = open_obj("fentry.bpf.o");
	int err;

	set_u32(obj, "want_pid", getpid());
	for (size_t i = 0; i < mb_object_program_count(obj); i++)
		mb_program_set_autoload(mb_object_program(obj, i),
			!strcmp(mb_program_name(mb_object_program(obj, i)), prog));
	err = mb_object_load(obj);
	if (err == -EPERM && strstr(messages, "verifier rejected it (Operation not permitted)\n")) {
		mb_object_close(obj);
		SKIP("this kernel refuses fentry/fexit programs (EPERM as root, before the verifier)");
	}
	if (err)
		FAILF("load: %d: %.400s", err, messages);
	for (size_t i = 0; i < mb_object_program_count(obj); i++)
		if (mb_program_id(mb_object_program(obj, i)))
			ours.prog[ours.nr_prog++] = mb_program_id(mb_object_program(obj, i));
	for (size_t i = 0; i < mb_object_map_count(obj); i++)
		ours.map[ours.nr_map++] = mb_map_id(mb_object_map(obj, i));
	return obj;
}

static int seek_once(off_t off)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	CHECK(fd >= 0);
	CHECK_EQ(lseek(fd, off, SEEK_SET), off);
	close(fd);
	return fd;
}

TEST(fentry_sees_the_arguments_of_ksys_lseek)
{
	struct mb_object *obj;
	int fd;

	setup();
	obj = open_fentry("on_lseek");
	CHECK_EQ(mb_object_attach(obj), 0);
	fd = seek_once(1234);
	mb_object_detach(obj);
	CHECK_EQ(global(obj, "entries"), 1);
	CHECK_EQ(global(obj, "seen_fd"), fd);
	CHECK_EQ(global(obj, "seen_off"), 1234);
	CHECK_EQ(global(obj, "seen_whence"), SEEK_SET);
	close_and_check(obj);
}

TEST(fexit_sees_the_return_value_of_ksys_lseek)
{
	struct mb_object *obj;

	setup();
	obj = open_fentry("on_lseek_ret");
	CHECK_EQ(mb_object_attach(obj), 0);
	seek_once(4321);
	mb_object_detach(obj);
	CHECK_EQ(global(obj, "exits"), 1);
	CHECK_EQ(global(obj, "seen_ret"), 4321);
	close_and_check(obj);
}

/* ---- ring buffer ---------------------------------------------------- */

struct event {				/* as in ringbuf.bpf.c */
	uint32_t seq;
	uint32_t pid;
	char comm[16];
	uint8_t pad[5];
} __attribute__((packed));

struct received {
	int count, bad;
	int64_t last_seq;
	uint32_t pid;		/* not getpid() in the callback: that is
				 * the very syscall that makes records */
};

/* Every record: the right size, in order, never a discarded one
 * (seq % 3 == 2), and its bytes as the program wrote them. */
static int on_ring_record(void *ctx, const void *data, size_t size)
{
	struct received *r = ctx;
	struct event e;

	memcpy(&e, data, size < sizeof(e) ? size : sizeof(e));
	if (size != 29 || (int64_t)e.seq <= r->last_seq || e.seq % 3 == 2 ||
	    e.pid != r->pid || e.pad[0] != 0xa0 || e.pad[4] != 0xa4)
		r->bad++;
	r->last_seq = e.seq;
	r->count++;
	return 0;
}

TEST(ringbuf_delivers_every_submitted_record_and_skips_discarded)
{
	struct received got = { .last_seq = -1, .pid = getpid() };
	struct mb_ringbuf *rb = NULL;
	struct mb_object *obj;

	setup();
	obj = open_obj("ringbuf.bpf.o");
	set_u32(obj, "want_pid", getpid());
	load(obj, NULL);
	CHECK_EQ(mb_ringbuf_open(mb_map_fd(mb_object_find_map(obj, "events")),
				 on_ring_record, &got, &rb), 0);
	CHECK_EQ(mb_object_attach(obj), 0);
	for (int i = 0; i < 300; i++) {
		syscall(SYS_getpid);
		if (i % 10 == 9)		/* 4 KiB hold ~100 records */
			CHECK(mb_ringbuf_poll(rb, 0) >= 0);
	}
	mb_object_detach(obj);
	CHECK(mb_ringbuf_poll(rb, 100) >= 0);
	CHECK_EQ(global(obj, "dropped"), 0);
	CHECK_EQ(global(obj, "discarded"), 100);
	CHECK_EQ(global(obj, "submitted"), 200);
	CHECK_EQ(got.count, 200);
	CHECK_EQ(got.bad, 0);
	mb_ringbuf_close(rb);
	close_and_check(obj);
}

TEST(ringbuf_open_refuses_a_map_that_is_not_a_ring_buffer)
{
	struct mb_ringbuf *rb = NULL;
	struct mb_object *obj;

	setup();
	obj = open_obj("ringbuf.bpf.o");
	load(obj, NULL);
	CHECK_EQ(mb_ringbuf_open(mb_map_fd(mb_object_find_map(obj, ".bss")),
				 on_ring_record, NULL, &rb), -EINVAL);
	CHECK(rb == NULL);
	close_and_check(obj);
}

/* ---- perf buffer ---------------------------------------------------- */

struct perf_event_rec {			/* as in perfbuf.bpf.c */
	uint32_t seq;
	uint8_t bytes[32];
};

static void on_perf_record(void *ctx, int cpu, const void *data, size_t size)
{
	struct received *r = ctx;
	struct perf_event_rec e;

	memcpy(&e, data, size < sizeof(e) ? size : sizeof(e));
	if (size != sizeof(e) || cpu != 0 || (int64_t)e.seq <= r->last_seq)
		r->bad++;
	for (int i = 0; i < 32; i++)
		if (e.bytes[i] != (uint8_t)(e.seq + i))
			r->bad++;
	r->last_seq = e.seq;
	r->count++;
}

/* Everything on CPU 0, so that one ring fills and wraps. */
static void pin_to_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
}

static struct mb_object *open_perfbuf(struct received *got,
				      struct mb_perfbuf **pb)
{
	struct mb_object *obj = open_obj("perfbuf.bpf.o");

	set_u32(obj, "want_pid", getpid());
	load(obj, NULL);
	/* one page per CPU: 4096 bytes, 48 per record, so they wrap */
	CHECK_EQ(mb_perfbuf_open(mb_map_fd(mb_object_find_map(obj, "events")),
				 1, on_perf_record, got, pb), 0);
	CHECK_EQ(mb_object_attach(obj), 0);
	return obj;
}

TEST(perfbuf_delivers_every_record_across_the_ring_end)
{
	struct received got = { .last_seq = -1 };
	struct mb_perfbuf *pb = NULL;
	struct mb_object *obj;

	setup();
	pin_to_cpu0();
	obj = open_perfbuf(&got, &pb);
	for (int i = 0; i < 400; i++) {
		syscall(SYS_getpid);
		if (i % 20 == 19)		/* a ring holds 85 */
			CHECK(mb_perfbuf_poll(pb, 0) >= 0);
	}
	mb_object_detach(obj);
	CHECK(mb_perfbuf_poll(pb, 100) >= 0);
	CHECK_EQ(global(obj, "failed"), 0);
	CHECK_EQ(global(obj, "sent"), 400);
	CHECK_EQ(got.count, 400);
	CHECK_EQ(got.bad, 0);
	CHECK_EQ(mb_perfbuf_lost(pb), 0);
	mb_perfbuf_close(pb);
	close_and_check(obj);
}

TEST(perfbuf_counts_the_records_a_full_ring_lost)
{
	struct received got = { .last_seq = -1 };
	struct mb_perfbuf *pb = NULL;
	struct mb_object *obj;

	setup();
	pin_to_cpu0();
	obj = open_perfbuf(&got, &pb);
	for (int i = 0; i < 300; i++)		/* no reading: it fills */
		syscall(SYS_getpid);
	CHECK(mb_perfbuf_poll(pb, 100) >= 0);
	/* the kernel reports the loss with the next record it can write */
	syscall(SYS_getpid);
	mb_object_detach(obj);
	CHECK(mb_perfbuf_poll(pb, 100) >= 0);
	CHECK(global(obj, "failed") > 0);
	CHECK_EQ(got.count, global(obj, "sent"));
	CHECK_EQ(mb_perfbuf_lost(pb), global(obj, "failed"));
	CHECK_EQ(got.bad, 0);
	mb_perfbuf_close(pb);
	close_and_check(obj);
}
