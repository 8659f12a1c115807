/* kprobe_test.c: kprobes attached by attach_kprobe.c, on a real kernel.
 *
 * Runs inside the test VMs (tests/vm/run.sh), as root, statically linked.
 * It needs no object loader: the program is ten-odd raw instructions,
 *
 *	if (bpf_get_current_pid_tgid() >> 32 != TGID) return 0;
 *	counts[0] += 1;			// how often it ran for us
 *	counts[1] = ctx->ax;		// the return value, in a kretprobe
 *
 * (ax on x86-64: the return value's register of the guest's
 * architecture, arch.h)
 *
 * with TGID (this process) patched in at load time, so that what the
 * kernel or busybox does meanwhile is not counted.  Each test attaches it
 * somewhere, makes the calls it expects to see from user space and
 * compares the counts with the number written out in the test.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "log.h"
#include "object.h"
#include "attach.h"
#include "arch.h"

/* harness.h's TEST(name) also substitutes its parameter into the members
 * .name and .fn; until that is fixed there, the same macro renamed. */
#undef TEST
#define TEST(t_fn_)							\
	static void t_fn_(void);					\
	__attribute__((constructor)) static void t_reg_##t_fn_(void)	\
	{								\
		t_cases[t_nr_cases].name = #t_fn_;			\
		t_cases[t_nr_cases++].fn = t_fn_;			\
	}								\
	static void t_fn_(void)

/* getpid's entry (__x64_sys_getpid on x86-64 kernels with syscall
 * wrappers, 4.17+), and a function every open() passes through (5.6+). */
#define GETPID_FUNC VM_SYSCALL_PREFIX "getpid"
#define OPEN_FUNC "do_sys_openat2"
/* The return value register, as wide as the kernel's registers: a 32-bit
 * kernel's is 4 bytes (the map slot's upper half stays 0). */
#define REGS_RC_SIZE (VM_REGS_LONG == 8 ? BPF_DW : BPF_W)

static char t_log[4096];	/* the library's messages of this test */
static struct mb_log t_mblog;
static int map_fd = -1, prog_fd = -1;
static struct mb_link *t_link;
static uint32_t prog_ids[64], nr_prog_ids;

/* What the library said during this test (a pointer, so that the
 * harness's fixed-size message is not a truncation warning). */
static __attribute__((noinline)) const char *logged(void)
{
	return t_log;
}

static void t_print(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t len = strlen(t_log);

	printf("# log: %s\n", msg);
	snprintf(t_log + len, sizeof(t_log) - len, "%s\n", msg);
}

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
			    .off = (o), .imm = (i) })
#define LD_MAP_FD(d, fd) \
	INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd), \
	INSN(0, 0, 0, 0, 0)

static int load_counter(int map, int tgid)
{
	struct bpf_insn insns[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),	/* r6 = ctx */
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_current_pid_tgid),
		INSN(BPF_ALU64 | BPF_RSH | BPF_K, 0, 0, 0, 32),
		INSN(BPF_JMP | BPF_JNE | BPF_K, 0, 0, 18, tgid), /* -> exit */
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0),	/* key = 0 */
		LD_MAP_FD(1, map),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 11, 0),	/* -> exit */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1),
		INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 1),	/* key = 1 */
		LD_MAP_FD(1, map),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0),	/* -> exit */
		INSN(BPF_LDX | BPF_MEM | REGS_RC_SIZE, 1, 6, VM_REGS_RC_OFF, 0),
		INSN(BPF_STX | BPF_MEM | BPF_DW, 0, 1, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),	/* exit: */
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	static char vlog[65536];
	struct bpf_prog_info info;
	uint32_t info_len = sizeof(info);
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_KPROBE;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = ARRAY_SIZE(insns);
	attr.license = (uintptr_t)"GPL";
	attr.log_buf = (uintptr_t)vlog;
	attr.log_size = sizeof(vlog);
	attr.log_level = 1;
	strcpy(attr.prog_name, "kp_counter");
	fd = mb_sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		printf("# verifier log:\n%s", vlog);
		FAILF("BPF_PROG_LOAD: %s", strerror(-fd));
	}
	memset(&info, 0, sizeof(info));
	if (!mb_sys_obj_info(fd, &info, &info_len) &&
	    nr_prog_ids < ARRAY_SIZE(prog_ids))
		prog_ids[nr_prog_ids++] = info.id;
	return fd;
}

/* Each test starts here: whatever an earlier (failed) test left goes,
 * then a fresh map of two u64 slots and the program. */
static void setup(void)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	mb_link_free(t_link);
	t_link = NULL;
	mb_close(prog_fd);
	mb_close(map_fd);
	t_log[0] = '\0';
	t_mblog = (struct mb_log){ .fn = t_print, .level = MB_DEBUG };
	setrlimit(RLIMIT_MEMLOCK, &unlimited);	/* charged before 5.11 */
	map_fd = mb_sys_map_create("kp_counts", BPF_MAP_TYPE_ARRAY, 4, 8, 2,
				   0, NULL);
	if (map_fd == -EPERM)
		SKIP("needs root");
	CHECK(map_fd >= 0);
	prog_fd = load_counter(map_fd, getpid());
}

static uint64_t slot(uint32_t key)
{
	uint64_t v = 0;

	CHECK_EQ(mb_sys_map_lookup(map_fd, &key, &v), 0);
	return v;
}

static void call_getpid(int n)
{
	while (n--)
		syscall(SYS_getpid);
}

static void call_open(int n)
{
	while (n--)
		close(open("/dev/null", O_RDONLY));
}

static int attach(enum mb_attach_kind kind, const char *target, bool legacy)
{
	return mb_attach_kprobe(&t_mblog, prog_fd, "p", kind, target, legacy,
				&t_link);
}

static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	uname(&u);
	sscanf(u.release, "%d.%d", &ma, &mi);
	return ma > major || (ma == major && mi >= minor);
}

/* The tracefs kprobe_events file, read whole ("" if there is none). */
static const char *kprobe_events(void)
{
	static char buf[65536];
	const char *dir;
	char path[160];
	int fd;
	ssize_t n = 0;

	buf[0] = '\0';
	if (mb_kernel_tracefs(&dir))
		return buf;
	snprintf(path, sizeof(path), "%s/kprobe_events", dir);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void need_kprobes(void)
{
	if (access("/sys/bus/event_source/devices/kprobe/type", F_OK))
		SKIP("this kernel has no kprobe PMU");
}

TEST(kprobe_counts_each_call)
{
	need_kprobes();
	setup();
	CHECK_EQ(attach(MB_ATTACH_KPROBE, OPEN_FUNC, false), 0);
	call_open(7);
	CHECK_EQ(slot(0), 7);
}

TEST(kprobe_uses_a_bpf_link_from_5_15_and_the_ioctl_before)
{
	need_kprobes();
	setup();
	CHECK_EQ(attach(MB_ATTACH_KPROBE, OPEN_FUNC, false), 0);
	CHECK(t_link->perf_fd >= 0);
	CHECK(t_link->legacy_event == NULL);
	if (kernel_at_least(5, 15))
		CHECK(t_link->fd >= 0);
	else
		CHECK_EQ(t_link->fd, -1);
}

TEST(detach_stops_counting)
{
	need_kprobes();
	setup();
	CHECK_EQ(attach(MB_ATTACH_KPROBE, OPEN_FUNC, false), 0);
	call_open(2);
	mb_link_free(t_link);
	t_link = NULL;
	call_open(5);
	CHECK_EQ(slot(0), 2);
}

TEST(kretprobe_sees_the_return_value)
{
	need_kprobes();
	setup();
#ifdef VM_NO_RETPROBES
	CHECK_EQ(attach(MB_ATTACH_KRETPROBE, GETPID_FUNC, false), -EINVAL);
	CHECK_CONTAINS(logged(), "so it has no return probes");
	return;
#endif
	CHECK_EQ(attach(MB_ATTACH_KRETPROBE, GETPID_FUNC, false), 0);
	call_getpid(3);
	CHECK_EQ(slot(0), 3);
	CHECK_EQ(slot(1), getpid());
}

TEST(kprobe_offset_inside_an_instruction_is_refused)
{
	need_kprobes();
	setup();
	/* +1 is inside the first instruction (a 5-byte nop for ftrace or a
	 * 4-byte endbr64 on x86, 4, 6 or 2 bytes elsewhere) whatever the
	 * kernel's build.  Only x86 says EILSEQ: the others refuse a
	 * misaligned address with EINVAL, as they do a blacklisted one. */
#if defined(__x86_64__) || defined(__i386__)
	CHECK_EQ(attach(MB_ATTACH_KPROBE, OPEN_FUNC "+1", false), -EILSEQ);
	CHECK_CONTAINS(logged(), "attach: kprobe/" OPEN_FUNC "+1: program p: offset 0x1 is not on an instruction boundary");
#else
	CHECK(attach(MB_ATTACH_KPROBE, OPEN_FUNC "+1", false) < 0);
	CHECK_CONTAINS(logged(), "attach: kprobe/" OPEN_FUNC "+1: program p: ");
	CHECK_CONTAINS(logged(), "offset 0x1");
#endif
}

TEST(kprobe_with_offset_fires)
{
	int off, err = -EILSEQ;
	char target[64];

	need_kprobes();
	setup();
	/* The first boundary after the entry depends on the build: +4
	 * after endbr64 (IBT), +5 after the ftrace nop on x86; arm64
	 * refuses its two-nop ftrace site (EINVAL) and takes +8. */
	for (off = 2; off < 16 && err; off++) {
		snprintf(target, sizeof(target), OPEN_FUNC "+%d", off);
		err = attach(MB_ATTACH_KPROBE, target, false);
	}
	CHECK_EQ(err, 0);
	printf("# attached at %s\n", target);
	call_open(4);
	CHECK_EQ(slot(0), 4);
}

TEST(kprobe_on_a_missing_function_says_so)
{
	need_kprobes();
	setup();
	CHECK_EQ(attach(MB_ATTACH_KPROBE, "no_such_fn", false), -ENOENT);
	CHECK_STR(logged(), "attach: kprobe/no_such_fn: program p: no such function 'no_such_fn' (ENOENT)\n");
	CHECK(t_link == NULL);
}

/* A function of the kprobe blacklist that kallsyms lists. */
static bool blacklisted_function(char *name, size_t size)
{
	FILE *f = fopen("/sys/kernel/debug/kprobes/blacklist", "r");
	char line[256], sym[128];
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %127s", sym) == 1 &&
			strchr(line, '[') == NULL &&
			strncmp(sym, "__", 2) && strlen(sym) < size;
	if (f)
		fclose(f);
	if (found)
		strcpy(name, sym);
	return found;
}

TEST(kprobe_on_a_blacklisted_function_is_not_traceable)
{
	char func[128], want[256];

	need_kprobes();
	setup();
	if (!blacklisted_function(func, sizeof(func)))
		SKIP("no /sys/kernel/debug/kprobes/blacklist");
	printf("# blacklisted: %s\n", func);
	CHECK(attach(MB_ATTACH_KPROBE, func, false) < 0);
	snprintf(want, sizeof(want), "attach: kprobe/%s: program p: function '%s' is not traceable",
		 func, func);
	CHECK_CONTAINS(logged(), want);
}

TEST(kretprobe_with_an_offset_is_refused)
{
	setup();
	CHECK_EQ(attach(MB_ATTACH_KRETPROBE, OPEN_FUNC "+5", false), -EINVAL);
	CHECK_STR(logged(), "attach: kretprobe/" OPEN_FUNC "+5: program p: a return probe takes no offset\n");
}

TEST(ksyscall_finds_the_arch_prefixed_function)
{
	char func[64];

	need_kprobes();
	CHECK_EQ(mb_ksyscall_func("getpid", func, sizeof(func)), 0);
	CHECK_STR(func, GETPID_FUNC);
	CHECK_EQ(mb_ksyscall_func("no_such_syscall", func, sizeof(func)),
		 -ENOENT);
}

TEST(ksyscall_counts_each_call)
{
	need_kprobes();
	setup();
	CHECK_EQ(attach(MB_ATTACH_KSYSCALL, "getpid", false), 0);
	call_getpid(5);
	CHECK_EQ(slot(0), 5);
}

TEST(kretsyscall_sees_the_return_value)
{
	need_kprobes();
	setup();
#ifdef VM_NO_RETPROBES
	CHECK_EQ(attach(MB_ATTACH_KRETSYSCALL, "getpid", false), -EINVAL);
	CHECK_CONTAINS(logged(), "so it has no return probes");
	return;
#endif
	CHECK_EQ(attach(MB_ATTACH_KRETSYSCALL, "getpid", false), 0);
	call_getpid(2);
	CHECK_EQ(slot(0), 2);
	CHECK_EQ(slot(1), getpid());
}

TEST(ksyscall_on_a_missing_syscall_says_so)
{
	need_kprobes();
	setup();
	CHECK_EQ(attach(MB_ATTACH_KSYSCALL, "no_such_call", false), -ENOENT);
	CHECK_STR(logged(), "attach: ksyscall/no_such_call: program p: no such syscall 'no_such_call' in /proc/kallsyms (ENOENT)\n");
}

/* ---- the tracefs path, forced ---------------------------------------- */

static void need_tracefs(void)
{
	const char *dir;

	if (mb_kernel_tracefs(&dir))
		SKIP("no tracefs with kprobe_events");
}

TEST(legacy_kprobe_counts_and_removes_its_event)
{
	char name[128];

	need_tracefs();
	setup();
	CHECK_EQ(attach(MB_ATTACH_KPROBE, OPEN_FUNC, true), 0);
	CHECK(t_link->legacy_event != NULL);
	snprintf(name, sizeof(name), "minibpf/minibpf_%d_", getpid());
	CHECK(strncmp(t_link->legacy_event, name, strlen(name)) == 0);
	call_open(6);
	CHECK_EQ(slot(0), 6);
	snprintf(name, sizeof(name), "p:%s " OPEN_FUNC, t_link->legacy_event);
	CHECK_CONTAINS(kprobe_events(), name);
	mb_link_free(t_link);
	t_link = NULL;
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
}

TEST(legacy_kretprobe_sees_the_return_value)
{
	need_tracefs();
	setup();
#ifdef VM_NO_RETPROBES
	CHECK_EQ(attach(MB_ATTACH_KRETPROBE, GETPID_FUNC, true), -EINVAL);
	CHECK_CONTAINS(logged(), "so it has no return probes");
	return;
#endif
	CHECK_EQ(attach(MB_ATTACH_KRETPROBE, GETPID_FUNC, true), 0);
	CHECK_CONTAINS(kprobe_events(), "r");
	call_getpid(3);
	CHECK_EQ(slot(0), 3);
	CHECK_EQ(slot(1), getpid());
	mb_link_free(t_link);
	t_link = NULL;
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
}

TEST(legacy_kprobe_with_offset_fires)
{
	int off, err = -EILSEQ;
	char target[64];

	need_tracefs();
	setup();
	for (off = 2; off < 16 && err; off++) {
		snprintf(target, sizeof(target), OPEN_FUNC "+%d", off);
		err = attach(MB_ATTACH_KPROBE, target, true);
	}
	CHECK_EQ(err, 0);
	call_open(3);
	CHECK_EQ(slot(0), 3);
	mb_link_free(t_link);
	t_link = NULL;
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
}

TEST(legacy_kprobe_on_a_missing_function_says_so_and_leaves_nothing)
{
	need_tracefs();
	setup();
	CHECK_EQ(attach(MB_ATTACH_KPROBE, "no_such_fn", true), -ENOENT);
	CHECK_STR(logged(), "attach: kprobe/no_such_fn: program p: no such function 'no_such_fn' (ENOENT)\n");
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
}

TEST(legacy_attach_failing_after_the_event_was_made_removes_it)
{
	need_tracefs();
	setup();
	/* The probe is created, then the "program" (a map fd) is refused. */
	CHECK(mb_attach_kprobe(&t_mblog, map_fd, "p", MB_ATTACH_KPROBE,
			       OPEN_FUNC, true, &t_link) < 0);
	CHECK(t_link == NULL);
	CHECK_CONTAINS(logged(), "attach: kprobe/" OPEN_FUNC ": program p: ");
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
}

TEST(legacy_event_of_a_killed_process_is_removed_by_the_next_attach)
{
	char mark[64];
	int pipefd[2], child, status;

	need_tracefs();
	setup();
	CHECK_EQ(pipe(pipefd), 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		char c = attach(MB_ATTACH_KPROBE, OPEN_FUNC, true) ? 'e' : 'k';

		if (write(pipefd[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char c = 0;

	CHECK_EQ(read(pipefd[0], &c, 1), 1);
	CHECK_EQ(c, 'k');
	kill(child, SIGKILL);
	CHECK_EQ(waitpid(child, &status, 0), child);
	close(pipefd[0]);
	close(pipefd[1]);
	snprintf(mark, sizeof(mark), "minibpf/minibpf_%d_", child);
	CHECK_CONTAINS(kprobe_events(), mark);	/* SIGKILL left it */
	CHECK_EQ(attach(MB_ATTACH_KPROBE, GETPID_FUNC, true), 0);
	CHECK(strstr(kprobe_events(), mark) == NULL);
	call_getpid(2);
	CHECK_EQ(slot(0), 2);
	mb_link_free(t_link);
	t_link = NULL;
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
}

TEST(kprobe_without_privilege_says_permission_denied)
{
	int pipefd[2], child, status;
	char msg[512] = "";

	need_kprobes();
	setup();
	CHECK_EQ(pipe(pipefd), 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		/* nobody: no capabilities left, the program fd stays open. */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(1);
		t_log[0] = '\0';
		attach(MB_ATTACH_KPROBE, OPEN_FUNC, false);
		if (write(pipefd[1], t_log, strlen(t_log)) < 0)
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	CHECK(read(pipefd[0], msg, sizeof(msg) - 1) > 0);
	close(pipefd[0]);
	CHECK_EQ(waitpid(child, &status, 0), child);
	printf("# log of the child: %s", msg);
	CHECK_CONTAINS(msg, "attach: kprobe/" OPEN_FUNC ": program p: permission denied");
}

/* Last: every program this test loaded is gone from the kernel, and so
 * is every probe. */
TEST(nothing_is_left_behind)
{
	union bpf_attr attr;
	int tries, left = 0;

	setup();
	mb_link_free(t_link);
	t_link = NULL;
	mb_close(prog_fd);
	mb_close(map_fd);
	prog_fd = map_fd = -1;
	CHECK(strstr(kprobe_events(), "minibpf") == NULL);
	/* Programs are freed after an RCU grace period: give it time. */
	for (tries = 0; tries < 100; tries++) {
		left = 0;
		for (uint32_t i = 0; i < nr_prog_ids; i++) {
			memset(&attr, 0, sizeof(attr));
			attr.prog_id = prog_ids[i];
			int fd = mb_sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr,
					    sizeof(attr));

			left += fd >= 0;
			mb_close(fd);
		}
		if (!left)
			break;
		usleep(20000);
	}
	CHECK(nr_prog_ids > 0);
	CHECK_EQ(left, 0);
}
