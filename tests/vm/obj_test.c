/* obj_test.c: BPF objects loaded and attached by the library, on the
 * kernels of the test VMs (5.10, 6.1, 6.12).
 *
 * Each test opens one object built from tests/vm/progs (or the seed
 * example, bpf/seed.bpf.c), loads it with CO-RE relocations resolved
 * against the VM kernel's own BTF, attaches it, makes the calls it
 * expects the programs to see with values written out in the test, and
 * compares what the programs recorded.  After each test nothing of it is
 * left: no program, map or link id (BPF_*_GET_NEXT_ID, bpf_ids.h), no
 * perf event or BPF fd in this process, no minibpf line in
 * kprobe_events.
 *
 * Runs in /work of the VM as root, statically linked (there is no libc
 * in the initramfs); the objects are in progs/ and bpf/ there.  On a
 * kernel without /sys/kernel/btf/vmlinux (armhf, i386, s390x) the
 * target BTF is /work/vmlinux.btf, made by pahole from the -dbg package's
 * vmlinux (tests/vm/fetch-kernels.sh), and is handed to the library as
 * btf_path: it must not load a CO-RE object without it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "harness.h"
#include "internal.h"
#include "object.h"
#include "bpf_ids.h"
#include "arch.h"

#define HRTIMER_MODE_REL 1		/* include/linux/hrtimer.h */

static char messages[65536];
static struct mb_object *cur_obj;	/* closed by the next setup() if a
					 * failed test left it open */
static struct ids before;
static struct ours ours;
static int fds_before;
static int counter_fds[64];		/* the seed's perf events, closed by
					 * the next setup() if it failed */
static int nr_counter_fds;

static void collect(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t len = strlen(messages);

	if (level <= MB_WARN)
		snprintf(messages + len, sizeof(messages) - len, "%s\n", msg);
}

/* All the library said, as comment lines (a verifier log is long). */
static void print_messages(void)
{
	for (char *p = messages, *nl; *p; p = nl + 1) {
		nl = strchrnul(p, '\n');
		printf("# %.*s\n", (int)(nl - p), p);
		if (!*nl)
			break;
	}
}

/* Open fds of this process; with what, if want is not NULL, the number
 * of those whose link names contain want ("anon_inode:bpf"). */
static int count_fds(const char *want)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char path[300], target[256];
	int n = 0;

	while (d && (e = readdir(d))) {
		ssize_t len;

		if (!want) {
			n++;
			continue;
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		target[len > 0 ? len : 0] = '\0';
		n += strstr(target, want) != NULL;
	}
	if (d)
		closedir(d);
	return n;
}

/* The tracefs kprobe_events file, read whole. */
static const char *kprobe_events(void)
{
	static char buf[16384];
	int fd = open("/sys/kernel/tracing/kprobe_events", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Root, and a snapshot of the kernel to compare with at the end. */
static void setup(void)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	mb_object_close(cur_obj);
	cur_obj = NULL;
	while (nr_counter_fds > 0)
		close(counter_fds[--nr_counter_fds]);
	if (geteuid() != 0)
		SKIP("needs root");
	setrlimit(RLIMIT_MEMLOCK, &unlimited);	/* charged before 5.11 */
	messages[0] = '\0';
	memset(&ours, 0, sizeof(ours));
	ids_snap(&before);
	fds_before = count_fds(NULL);
}

/* The kernel's own BTF, or else the one made from its -dbg vmlinux. */
static bool kernel_has_btf(void)
{
	return access("/sys/kernel/btf/vmlinux", R_OK) == 0;
}

/* Where the kernel has no return probes (arch.h), the tests leave the
 * return probes of an object out and check what the rest see. */
#ifdef VM_NO_RETPROBES
#define NO_RETPROBES 1
#else
#define NO_RETPROBES 0
#endif

static struct mb_object *open_obj(const char *path, bool legacy)
{
	struct mb_open_opts opts = { .print = collect, .level = MB_WARN,
				     .force_legacy_kprobe = legacy,
				     .btf_path = kernel_has_btf() ? NULL :
						 "vmlinux.btf" };
	struct mb_object *obj;
	int err = mb_object_open(path, &opts, &obj);

	if (err)
		FAILF("open %s: %s: %.300s", path, strerror(-err), messages);
	cur_obj = obj;
	return obj;
}

/* Load only the program named prog (NULL: all), remember our ids. */
static void load(struct mb_object *obj, const char *prog)
{
	int err;

	for (size_t i = 0; prog && i < mb_object_program_count(obj); i++) {
		struct mb_program *p = mb_object_program(obj, i);

		mb_program_set_autoload(p, !strcmp(mb_program_name(p), prog));
	}
	err = mb_object_load(obj);
	if (err) {
		print_messages();
		FAILF("load: %s: %.200s", strerror(-err), messages);
	}
	for (size_t i = 0; i < mb_object_program_count(obj); i++)
		if (mb_program_id(mb_object_program(obj, i)))
			ours.prog[ours.nr_prog++] = mb_program_id(mb_object_program(obj, i));
	for (size_t i = 0; i < mb_object_map_count(obj); i++)
		ours.map[ours.nr_map++] = mb_map_id(mb_object_map(obj, i));
}

static void attach(struct mb_object *obj)
{
	int err = mb_object_attach(obj);

	if (err) {
		print_messages();
		FAILF("attach: %s: %.200s", strerror(-err), messages);
	}
}

/* The object's want_pid: its programs count only this process. */
static void want_me(struct mb_object *obj)
{
	uint32_t pid = getpid();

	CHECK_EQ(mb_object_set_global(obj, "want_pid", &pid, sizeof(pid)), 0);
}

/* Copy a global variable's current value (size bytes) out of its map. */
static void read_global(struct mb_object *obj, const char *name, void *out,
			size_t size)
{
	for (size_t i = 0; i < obj->nr_globals; i++) {
		const struct mb_global *g = &obj->globals[i];
		uint8_t buf[4096];
		uint32_t key = 0;

		if (strcmp(g->name, name))
			continue;
		CHECK_EQ(g->size, size);
		CHECK(obj->maps[g->map].def.value_size <= sizeof(buf));
		CHECK_EQ(mb_map_lookup(&obj->maps[g->map], &key, buf), 0);
		memcpy(out, buf + g->offset, size);
		return;
	}
	FAILF("no global %s", name);
}

static int64_t global_int(struct mb_object *obj, const char *name, size_t size)
{
	int32_t v32 = 0;
	int64_t v64 = 0;

	if (size == 4) {
		read_global(obj, name, &v32, 4);
		return v32;
	}
	read_global(obj, name, &v64, 8);
	return v64;
}

#define G32(obj, name) global_int(obj, name, 4)
#define G64(obj, name) global_int(obj, name, 8)

/* Close the object; then nothing of it may be left anywhere. */
static void close_and_check(struct mb_object *obj)
{
	char left[512];

	mb_object_close(obj);
	cur_obj = NULL;
	ids_leaked(&before, &ours, left, sizeof(left));
	if (left[0])
		FAILF("left in the kernel after close: %s", left);
	CHECK_EQ(count_fds("anon_inode:[perf_event]"), 0);
	CHECK_EQ(count_fds("anon_inode:bpf"), 0);	/* -map, -prog, _link */
	CHECK_EQ(count_fds(NULL), fds_before);
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
}

/* ---- the seed example ----------------------------------------------- */

/* What user space stores in `counters` of bpf/seed.bpf.c: a cpu-clock
 * counter per CPU, as minibpf run --perf-event counters=cpu-clock does. */
static void fill_counters(struct mb_object *obj, int *fds, int cpus)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));	/* unused fields must be 0 */
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;	/* ns this CPU ran */
	for (uint32_t cpu = 0; cpu < (uint32_t)cpus; cpu++) {
		fds[cpu] = mb_sys_perf_event_open(&attr, -1, cpu, -1,
						  PERF_FLAG_FD_CLOEXEC);
		CHECK(fds[cpu] >= 0);
		nr_counter_fds = cpu + 1;
		CHECK_EQ(mb_map_update(mb_object_find_map(obj, "counters"),
				       &cpu, &fds[cpu], BPF_ANY), 0);
	}
}

static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	CHECK_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
}

/* The seed counts map lookups by map type and keeps, per CPU, the
 * latest reading of that CPU's counter.  Five lookups from the last CPU:
 * five calls of type percpu_array, and a reading on that CPU only. */
TEST(seed_reads_the_counter_of_the_cpu_that_triggered_it)
{
	struct bpf_perf_event_value { uint64_t counter, enabled, running; } *v;
	int *fds = counter_fds, cpus = mb_possible_cpus(), me;
	uint32_t zero = 0, type = BPF_MAP_TYPE_PERCPU_ARRAY;
	struct mb_object *obj;
	struct mb_map *readings;
	uint64_t calls = 0;
	cpu_set_t all;
	uint8_t buf[64 * 24];

	setup();
	CHECK(cpus >= 2 && cpus <= 64);
	me = cpus - 1;
	obj = open_obj("bpf/seed.bpf.o", false);
	load(obj, NULL);
	readings = mb_object_find_map(obj, "readings");
	CHECK(readings != NULL);
	CHECK_EQ(mb_map_value_buf_size(readings), cpus * 24);
	fill_counters(obj, fds, cpus);
	attach(obj);
	CHECK_EQ(sched_getaffinity(0, sizeof(all), &all), 0);
	pin_to(me);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(mb_map_lookup(readings, &zero, buf), 0);
	CHECK_EQ(mb_map_lookup(mb_object_find_map(obj, "calls"), &type, &calls), 0);
	CHECK_EQ(mb_map_lookup(readings, &zero, buf), 0);
	sched_setaffinity(0, sizeof(all), &all);
	CHECK_EQ(calls, 5);
	for (int cpu = 0; cpu < cpus; cpu++) {
		v = (void *)(buf + cpu * 24);
		printf("# cpu%d: counter=%llu enabled=%llu running=%llu\n", cpu,
		       (unsigned long long)v->counter,
		       (unsigned long long)v->enabled,
		       (unsigned long long)v->running);
		if (cpu == me) {
			CHECK(v->counter > 0);
			CHECK(v->enabled > 0);
		} else {
			CHECK_EQ(v->counter, 0);
		}
	}
	for (int cpu = 0; cpu < cpus; cpu++)
		close(fds[cpu]);
	nr_counter_fds = 0;
	close_and_check(obj);
}

/* ---- kprobes on do_sys_openat2 ---------------------------------------- */

#define OPEN_NAME "minibpf-vm-open"
/* O_LARGEFILE is 0 in a 64-bit glibc (the kernel adds its own) and the
 * kernel's value in a 32-bit one: either way the kernel sees
 * VM_O_LARGEFILE. */
#define OPEN_FLAGS (O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_LARGEFILE)

/* openat(/tmp, OPEN_NAME, OPEN_FLAGS) once with prog attached; the
 * directory fd and the new fd come back in dirfd and fd. */
static struct mb_object *open_once(const char *prog, bool legacy, int *dirfd,
				   int *fd)
{
	struct mb_object *obj = open_obj("progs/open.bpf.o", legacy);

	want_me(obj);
	load(obj, prog);
	*dirfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(*dirfd >= 0);
	attach(obj);
	*fd = openat(*dirfd, OPEN_NAME, OPEN_FLAGS, 0600);
	mb_object_detach(obj);
	CHECK(*fd >= 0);
	close(*fd);
	close(*dirfd);
	return obj;
}

TEST(kprobe_reads_three_arguments_of_do_sys_openat2)
{
	struct mb_object *obj;
	char name[64];
	int dirfd, fd;

	setup();
	obj = open_once("on_open", false, &dirfd, &fd);
	CHECK_EQ(G32(obj, "entries"), 1);
	CHECK_EQ(G32(obj, "seen_dfd"), dirfd);
	read_global(obj, "seen_name", name, sizeof(name));
	CHECK_STR(name, OPEN_NAME);
	CHECK_EQ(G64(obj, "seen_flags"), OPEN_FLAGS | VM_O_LARGEFILE);
	close_and_check(obj);
}

TEST(kretprobe_sees_the_fd_do_sys_openat2_returns)
{
	struct mb_object *obj;
	int dirfd, fd;

	setup();
#ifdef VM_NO_RETPROBES
	obj = open_obj("progs/open.bpf.o", false);
	want_me(obj);
	load(obj, "on_open_ret");
	CHECK_EQ(mb_object_attach(obj), -EINVAL);
	CHECK_CONTAINS(messages, "so it has no return probes");
	close_and_check(obj);
	return;
#endif
	obj = open_once("on_open_ret", false, &dirfd, &fd);
	CHECK_EQ(G32(obj, "exits"), 1);
	CHECK_EQ(G64(obj, "seen_ret"), fd);
	CHECK_EQ(G32(obj, "entries"), 0);	/* not loaded */
	close_and_check(obj);
}

TEST(kprobe_at_an_offset_fires_with_the_arguments_still_in_place)
{
	struct mb_object *obj;
	int dirfd, fd;

	setup();
	obj = open_once("on_open_body", false, &dirfd, &fd);
	CHECK_EQ(G32(obj, "body_hits"), 1);
	CHECK_EQ(G32(obj, "body_dfd"), dirfd);
	close_and_check(obj);
}

/* All three at once through tracefs: three events while attached,
 * none after. */
TEST(legacy_kprobes_attach_through_tracefs_and_remove_their_events)
{
	struct mb_object *obj = NULL;
	char mark[64], name[64];
	int dirfd, fd, events = 0, entries, exits, hits;
	const char *p;

	setup();
	obj = open_obj("progs/open.bpf.o", true);
	want_me(obj);
	mb_program_set_autoload(mb_object_find_program(obj, "on_open_ret"),
				!NO_RETPROBES);
	load(obj, NULL);
	attach(obj);
	snprintf(mark, sizeof(mark), "minibpf/minibpf_%d_", getpid());
	for (p = kprobe_events(); (p = strstr(p, mark)); p++)
		events++;
	printf("# kprobe_events while attached:\n%s", kprobe_events());
	CHECK_EQ(events, NO_RETPROBES ? 2 : 3);
	CHECK(strstr(kprobe_events(), " do_sys_openat2+" VM_BODY_OFF) != NULL);
	/* Attaching and reading kprobe_events opened files: count from
	 * here. */
	dirfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	entries = G32(obj, "entries");
	exits = G32(obj, "exits");
	hits = G32(obj, "body_hits");
	fd = openat(dirfd, OPEN_NAME, OPEN_FLAGS, 0600);
	CHECK_EQ(G32(obj, "entries"), entries + 1);
	CHECK_EQ(G32(obj, "exits"), exits + !NO_RETPROBES);
	CHECK_EQ(G32(obj, "body_hits"), hits + 1);
	CHECK_EQ(G32(obj, "seen_dfd"), dirfd);
	CHECK_EQ(G64(obj, "seen_ret"), NO_RETPROBES ? 0 : fd);
	read_global(obj, "seen_name", name, sizeof(name));
	CHECK_STR(name, OPEN_NAME);
	close(fd);
	close(dirfd);
	mb_object_detach(obj);	/* writes to kprobe_events: opens too */
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
	close_and_check(obj);
}

/* ---- ksyscall ------------------------------------------------------- */

/* lseek(fd, 12345, SEEK_END) on a file of 100 bytes returns 12445. */
TEST(ksyscall_and_kretsyscall_see_the_arguments_and_result_of_lseek)
{
	struct mb_object *obj;
	char data[100] = { 0 };
	int fd;

	setup();
	obj = open_obj("progs/lseek.bpf.o", false);
	want_me(obj);
	mb_program_set_autoload(mb_object_find_program(obj, "on_lseek_ret"),
				!NO_RETPROBES);
	load(obj, NULL);
	fd = open("/tmp/minibpf-vm-lseek", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, data, sizeof(data)), 100);
	attach(obj);
	/* The system call itself: a 32-bit glibc's lseek() calls _llseek. */
	CHECK_EQ(syscall(SYS_lseek, fd, 12345L, SEEK_END), 12445);
	mb_object_detach(obj);
	close(fd);
	CHECK_EQ(G32(obj, "entries"), 1);
	CHECK_EQ(G32(obj, "seen_fd"), fd);
	CHECK_EQ(G64(obj, "seen_off"), 12345);
	CHECK_EQ(G32(obj, "seen_whence"), SEEK_END);
	CHECK_EQ(G32(obj, "exits"), NO_RETPROBES ? 0 : 1);
	CHECK_EQ(G64(obj, "seen_ret"), NO_RETPROBES ? 0 : 12445);
	close_and_check(obj);
}

/* ---- ring buffer ---------------------------------------------------- */

struct event {				/* as in progs/ring.bpf.c */
	uint32_t seq, pid;
};

struct received {
	uint32_t count, bad, pid;	/* pid: not getpid() in the callback,
					 * the very call that makes records */
};

/* Every record the right size, from us, and numbered in order. */
static int on_record(void *ctx, const void *data, size_t size)
{
	struct received *r = ctx;
	const struct event *e = data;

	if (size != sizeof(*e) || e->seq != r->count || e->pid != r->pid)
		r->bad++;
	r->count++;
	return 0;
}

/* A thousand getpid() calls through a one-page ring (256 records):
 * read every 50 calls, it wraps around four times and loses nothing. */
TEST(ringbuf_delivers_every_record_the_program_submitted)
{
	struct received got = { .pid = getpid() };
	struct mb_ringbuf *rb = NULL;
	struct mb_object *obj;

	setup();
	obj = open_obj("progs/ring.bpf.o", false);
	want_me(obj);
	load(obj, NULL);
	CHECK_EQ(mb_ringbuf_open(mb_map_fd(mb_object_find_map(obj, "events")),
				 on_record, &got, &rb), 0);
	attach(obj);
	for (int i = 0; i < 1000; i++) {
		syscall(SYS_getpid);
		if (i % 50 == 49)
			CHECK(mb_ringbuf_poll(rb, 0) >= 0);
	}
	mb_object_detach(obj);
	CHECK(mb_ringbuf_poll(rb, 100) >= 0);
	mb_ringbuf_close(rb);
	CHECK_EQ(G32(obj, "dropped"), 0);
	CHECK_EQ(G32(obj, "submitted"), 1000);
	CHECK_EQ(got.count, 1000);
	CHECK_EQ(got.bad, 0);
	close_and_check(obj);
}

/* ---- without the kernel's BTF ---------------------------------------- */

/* Where the kernel has no BTF, a CO-RE object opened without btf_path
 * must fail to load, saying so: no relocation may be guessed.  Where it
 * has, the same open loads. */
TEST(core_object_needs_a_target_btf)
{
	struct mb_open_opts opts = { .print = collect, .level = MB_WARN };
	struct mb_object *obj;
	int err;

	setup();
	err = mb_object_open("bpf/seed.bpf.o", &opts, &obj);
	if (!err) {
		cur_obj = obj;
		err = mb_object_load(obj);
	}
	printf("# %s BTF: %d %s", kernel_has_btf() ? "with" : "without",
	       err, messages);
	if (kernel_has_btf()) {
		CHECK_EQ(err, 0);
	} else {
		CHECK(err < 0);
		CHECK_CONTAINS(messages, "btf");
		CHECK_EQ(access("vmlinux.btf", R_OK), 0);
	}
	mb_object_close(cur_obj);
	cur_obj = NULL;
	CHECK_EQ(count_fds("anon_inode:bpf"), 0);
}

/* ---- fentry / fexit ------------------------------------------------- */

/* fentry needs the kernel's own BTF: attach_btf_id is an id in it.
 * Without it the load must fail with a message, BTF file or not. */
TEST(fentry_and_fexit_count_do_nanosleep_and_see_its_result)
{
	struct mb_object *obj;
	int err;

	setup();
	if (!kernel_has_btf()) {
		obj = open_obj("progs/sleep.bpf.o", false);
		err = mb_object_load(obj);
		printf("# without kernel BTF: %d %s", err, messages);
		CHECK(err < 0);
		CHECK(messages[0] != '\0');
		close_and_check(obj);
		return;
	}
	obj = open_obj("progs/sleep.bpf.o", false);
	want_me(obj);
	load(obj, NULL);
	attach(obj);
	for (int i = 0; i < 3; i++)
		usleep(1000);
	mb_object_detach(obj);
	CHECK_EQ(G32(obj, "entries"), 3);
	CHECK_EQ(G32(obj, "exits"), 3);
	CHECK_EQ(G32(obj, "seen_mode"), HRTIMER_MODE_REL);
	CHECK_EQ(G32(obj, "seen_ret"), 0);
	close_and_check(obj);
}
