/* cmd_run.c: `minibpf run OBJ`: load, attach, show what the programs
 * emit, and print maps at the end.
 *
 *	1. open and load the object (--set, --btf, --prog apply)
 *	2. fill the perf event arrays named by --perf-event with one counter
 *	   per possible CPU (what bpf_perf_event_read_value reads)
 *	3. attach every program where its section says
 *	4. until Ctrl-C, SIGTERM or --duration: print bpf_printk lines from
 *	   trace_pipe, records from ring buffers and perf event arrays, and
 *	   every --interval seconds the --dump maps
 *	5. detach, print the --dump maps, close everything
 *
 * The loop wakes at least every 100 ms to read each source without
 * blocking, so no source can starve another; a signal only sets a flag
 * that the loop checks.  Every exit path goes through run_close(), so
 * nothing stays in the kernel after minibpf ends.  Everything here goes
 * through the public interface (minibpf.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "tool.h"

#define TICK_MS		     100
#define HELPER_TRACE_PRINTK  6
#define HELPER_TRACE_VPRINTK 177

static const char usage[] =
	"usage: minibpf run OBJ [--duration S] [--interval S] [--perf-event MAP=EVENT]...\n"
	"                       [--dump MAP]... [--set VAR=VALUE]... [--prog NAME]...\n"
	"                       [--btf FILE] [--explain] [--legacy-kprobe] [-v]\n"
	"                       [--usdt PATH:PROVIDER:NAME]\n"
	"                       [--map NAME:max_entries=N,value_size=N]...\n"
	"\n"
	"Load OBJ, attach every program where its section says, and print what\n"
	"the programs emit until Ctrl-C, SIGTERM or the end of --duration:\n"
	"  - bpf_printk lines from <tracefs>/trace_pipe, if a program calls\n"
	"    bpf_trace_printk or bpf_trace_vprintk (tracefs must be mounted);\n"
	"  - records of every ring buffer map, and of every perf event array\n"
	"    not used by --perf-event, as 'MAP: VALUE' ('MAP cpuN: VALUE').\n"
	"    If the object's BTF has a 'struct event' no longer than the\n"
	"    record, the record is printed field by field, else as hex bytes\n"
	"    (clang puts the struct in BTF when a file-scope variable uses it:\n"
	"    'struct event *unused_event;').\n"
	"Then detach, print the --dump maps and exit 0.\n"
	"\n"
	"  --duration S         stop after S seconds\n"
	"  --interval S         also print the --dump maps every S seconds while\n"
	"                       attached (a map lookup may itself fire probes)\n"
	"  --perf-event MAP=EV  fill the perf event array MAP with counter EV on\n"
	"                       every CPU: cpu-clock, task-clock, page-faults,\n"
	"                       context-switches, cpu-migrations (software) or\n"
	"                       cycles, instructions, cache-misses, branch-misses\n"
	"                       (hardware)\n"
	"  --dump MAP           print MAP: keys and values as their BTF types\n"
	"                       (structs field by field, char arrays as strings,\n"
	"                       enums by name); per-CPU maps one value per CPU;\n"
	"                       global data sections one line per variable.  A map\n"
	"                       whose name contains 'hist' with integer keys and\n"
	"                       values is a log2 histogram: key k counts values in\n"
	"                       [2^k, 2^(k+1)).  Arrays over 16 entries omit zeros\n"
	"  --set VAR=VALUE      set a global variable before loading\n"
	"  --map NAME:max_entries=N,value_size=N\n"
	"                       set map NAME's sizes before loading (either key\n"
	"                       alone too)\n"
	"  --prog NAME          load and attach only these programs\n"
	"  --btf FILE|DIR       CO-RE target BTF (default: the kernel's); of a\n"
	"                       DIR, the file with the running kernel's build id\n"
	"  --explain            print each CO-RE relocation\n"
	"  --legacy-kprobe      attach kprobes through tracefs kprobe_events\n"
	"  --usdt PATH:PROV:NAME  attach the SEC(\"usdt\") programs to this USDT\n"
	"                       probe (PATH: a file, a library or a program name)\n"
	"  -v                   more detail (verifier logs, attach steps)\n"
	"\n"
	"Exit status: 0 after a clean end, 1 on an error (named on stderr).\n";

/* ---- --perf-event --------------------------------------------------- */

struct counter_def {
	const char *name;
	uint32_t type; /* PERF_TYPE_SOFTWARE / HARDWARE */
	uint64_t config;
};

static const struct counter_def counters[] = {
	{ "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
};

/* Everything a run holds, released by run_close() in reverse order. */
struct run {
	struct tool_args args;
	struct mb_object *obj;
	int *counter_fds; /* --perf-event: one per CPU per map */
	int nr_counter_fds;
	struct mb_ringbuf **rbs; /* indexed by map */
	struct mb_perfbuf **pbs;
	struct stream *streams; /* their callbacks' contexts */
	int trace_fd;		/* trace_pipe, or -1 */
	char trace_buf[4096];
	size_t trace_len;
	struct timespec start;
	struct mb_link *usdt_links[64]; /* --usdt: one per SEC("usdt") */
	int nr_usdt_links;
};

struct stream {
	const char *map;
	const struct mb_object *obj; /* its struct event types records */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

/* tool_error() and return err: a failure is one line at its source. */
static int run_fail(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int run_fail(int err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tool_error("%s", msg);
	return err;
}

static const struct counter_def *counter_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(counters); i++)
		if (!strcmp(counters[i].name, name))
			return &counters[i];
	return NULL;
}

static int counter_open(const struct counter_def *c, int cpu)
{
	struct perf_event_attr attr;
	int fd;

	/* Zeroed: unused fields must be 0 for the kernel to accept it. */
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr); /* our version of the struct */
	attr.type = c->type;	  /* software or hardware */
	attr.config = c->config;  /* which counter */
	/* enabled from the start (disabled = 0), counting every task on
	 * this CPU (pid -1) */
	fd = syscall(__NR_perf_event_open, &attr, -1, cpu, -1,
		     PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static const char *run_help_hw(const struct counter_def *c)
{
	return c->type == PERF_TYPE_HARDWARE ?
		       " (no hardware counters here? try cpu-clock)" :
		       "";
}

/* MAP=EVENT: a counter per possible CPU, its fd in slot cpu of MAP. */
static int fill_perf_event(struct run *r, const char *spec)
{
	const char *eq = strchr(spec, '=');
	const struct counter_def *c = eq ? counter_find(eq + 1) : NULL;
	int cpus = mb_possible_cpus(), err;
	struct mb_map *map;
	char name[256];

	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof(name))
		return run_fail(-EINVAL, "--perf-event %s: expected MAP=EVENT",
				spec);
	snprintf(name, sizeof(name), "%.*s", (int)(eq - spec), spec);
	map = mb_object_find_map(r->obj, name);
	if (!map || mb_map_type(map) != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return run_fail(-ENOENT,
				"--perf-event %s: %s has no perf_event_array map '%s'",
				spec, r->args.obj, name);
	if (!c)
		return run_fail(-EINVAL,
				"--perf-event %s: unknown event '%s' (see minibpf run --help)",
				spec, eq + 1);
	for (uint32_t cpu = 0; cpus > 0 && cpu < (uint32_t)cpus; cpu++) {
		int fd = counter_open(c, cpu);

		if (fd == -ENODEV)
			continue; /* an offline CPU */
		if (fd < 0)
			return run_fail(fd,
					"--perf-event %s: cannot open %s on CPU %u: %s%s",
					spec, c->name, cpu, strerror(-fd),
					run_help_hw(c));
		r->counter_fds[r->nr_counter_fds++] = fd;
		err = mb_map_update(map, &cpu, &fd, BPF_ANY);
		if (err)
			return run_fail(err,
					"--perf-event %s: cannot store the counter of CPU %u in %s: %s",
					spec, cpu, name, strerror(-err));
	}
	return cpus < 0 ? cpus : 0;
}

static int fill_perf_events(struct run *r)
{
	int cpus = mb_possible_cpus(), err = 0;

	if (!r->args.nr_perf_events)
		return 0;
	if (cpus <= 0)
		return run_fail(-EINVAL,
				"--perf-event: cannot count the possible CPUs");
	r->counter_fds =
		calloc((size_t)cpus * r->args.nr_perf_events, sizeof(int));
	if (!r->counter_fds)
		return -ENOMEM;
	for (int i = 0; !err && i < r->args.nr_perf_events; i++)
		err = fill_perf_event(r, r->args.perf_events[i]);
	return err;
}

/* ---- streamed output ------------------------------------------------ */

static void print_record(const struct stream *s, int cpu, const void *data,
			 size_t size)
{
	if (cpu >= 0)
		printf("%s cpu%d: ", s->map, cpu);
	else
		printf("%s: ", s->map);
	if (mb_object_print_struct(stdout, s->obj, "event", data, size))
		for (size_t i = 0; i < size; i++)
			printf("%s%02x", i ? " " : "",
			       ((const uint8_t *)data)[i]);
	putchar('\n');
}

static int on_ringbuf(void *ctx, const void *data, size_t size)
{
	print_record(ctx, -1, data, size);
	return 0;
}

static void on_perfbuf(void *ctx, int cpu, const void *data, size_t size)
{
	print_record(ctx, cpu, data, size);
}

static bool is_counter_map(const struct run *r, const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; i < r->args.nr_perf_events; i++)
		if (!strncmp(r->args.perf_events[i], name, n) &&
		    r->args.perf_events[i][n] == '=')
			return true;
	return false;
}

/* A reader for every ring buffer and every perf event array that
 * --perf-event does not fill. */
static int open_readers(struct run *r)
{
	size_t n = mb_object_map_count(r->obj);

	r->rbs = calloc(n, sizeof(*r->rbs));
	r->pbs = calloc(n, sizeof(*r->pbs));
	r->streams = calloc(n, sizeof(*r->streams));
	if (!r->rbs || !r->pbs || !r->streams)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct mb_map *map = mb_object_map(r->obj, i);
		struct stream *s = &r->streams[i];
		uint32_t type = mb_map_type(map);
		int err = 0;

		*s = (struct stream){ mb_map_name(map), r->obj };
		if (type == BPF_MAP_TYPE_RINGBUF)
			err = mb_ringbuf_open(mb_map_fd(map), on_ringbuf, s,
					      &r->rbs[i]);
		else if (type == BPF_MAP_TYPE_PERF_EVENT_ARRAY &&
			 !is_counter_map(r, s->map))
			err = mb_perfbuf_open(mb_map_fd(map), 0, on_perfbuf, s,
					      &r->pbs[i]);
		if (err)
			return run_fail(err,
					"map %s: cannot read its records: %s",
					s->map, strerror(-err));
	}
	return 0;
}

/* Does a loaded program call bpf_trace_printk or bpf_trace_vprintk? */
static bool uses_printk(struct mb_object *obj)
{
	for (size_t i = 0; i < mb_object_program_count(obj); i++) {
		const struct mb_program *p = mb_object_program(obj, i);

		if (mb_program_calls_helper(p, HELPER_TRACE_PRINTK) ||
		    mb_program_calls_helper(p, HELPER_TRACE_VPRINTK))
			return true;
	}
	return false;
}

/* Not being able to show bpf_printk output is worth a warning only. */
static void open_trace_pipe(struct run *r)
{
	if (!uses_printk(r->obj))
		return;
	r->trace_fd = mb_trace_pipe_open();
	if (r->trace_fd == -ENOENT)
		tool_error(
			"warning: bpf_printk output is not shown: tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
	else if (r->trace_fd < 0)
		tool_error("warning: bpf_printk output is not shown: trace_pipe: %s",
			   strerror(-r->trace_fd));
}

/* Print the complete lines that trace_pipe has for us. */
static void read_trace(struct run *r)
{
	ssize_t n;
	char *nl;

	while ((n = read(r->trace_fd, r->trace_buf + r->trace_len,
			 sizeof(r->trace_buf) - 1 - r->trace_len)) > 0) {
		r->trace_len += n;
		r->trace_buf[r->trace_len] = '\0';
		while ((nl = strchr(r->trace_buf, '\n'))) {
			fwrite(r->trace_buf, 1, nl + 1 - r->trace_buf, stdout);
			r->trace_len -= nl + 1 - r->trace_buf;
			memmove(r->trace_buf, nl + 1, r->trace_len + 1);
		}
		if (r->trace_len == sizeof(r->trace_buf) - 1) {
			fwrite(r->trace_buf, 1, r->trace_len, stdout);
			putchar('\n'); /* a line too long: cut */
			r->trace_len = 0;
		}
	}
}

/* ---- the run -------------------------------------------------------- */

static double elapsed(const struct run *r)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - r->start.tv_sec) +
	       (t.tv_nsec - r->start.tv_nsec) / 1e9;
}

static int print_dumps(struct run *r)
{
	for (int i = 0; i < r->args.nr_dumps; i++) {
		struct mb_map *map =
			mb_object_find_map(r->obj, r->args.dumps[i]);
		int err = dump_map(stdout, map);

		if (err)
			return run_fail(err,
					"--dump %s: cannot read the map: %s",
					r->args.dumps[i], strerror(-err));
	}
	fflush(stdout);
	return 0;
}

/* Read every source without blocking, then wait up to timeout_ms for
 * trace_pipe (or just sleep; a signal ends the wait early). */
static int poll_sources(struct run *r, int timeout_ms)
{
	size_t n = mb_object_map_count(r->obj);
	struct pollfd p = { .fd = r->trace_fd, .events = POLLIN };

	for (size_t i = 0; i < n; i++) {
		int err = r->rbs[i] ? mb_ringbuf_poll(r->rbs[i], 0) :
			  r->pbs[i] ? mb_perfbuf_poll(r->pbs[i], 0) :
				      0;

		if (err < 0 && err != -EINTR)
			return run_fail(err,
					"map %s: reading records failed: %s",
					r->streams[i].map, strerror(-err));
	}
	if (r->trace_fd >= 0)
		read_trace(r);
	fflush(stdout);
	if (timeout_ms > 0 && !stop)
		poll(&p, r->trace_fd >= 0, timeout_ms);
	return 0;
}

static int stream_loop(struct run *r)
{
	double next_dump = r->args.interval;
	int err = 0;

	while (!stop && !err) {
		double t = elapsed(r), wait = TICK_MS / 1000.0;

		if (r->args.duration && t >= r->args.duration)
			break;
		if (r->args.interval && t >= next_dump) {
			printf("--- %.1fs ---\n", t);
			err = print_dumps(r);
			next_dump += r->args.interval;
		}
		if (r->args.duration && r->args.duration - t < wait)
			wait = r->args.duration - t;
		if (r->args.interval && next_dump - t < wait)
			wait = next_dump - t;
		if (!err)
			err = poll_sources(r, wait > 0 ?
						      (int)(wait * 1000) + 1 :
						      0);
	}
	return err;
}

/* --dump names, checked before anything is loaded. */
static int check_dumps(const struct run *r)
{
	for (int i = 0; i < r->args.nr_dumps; i++)
		if (!mb_object_find_map(r->obj, r->args.dumps[i]))
			return run_fail(-ENOENT,
					"--dump %s: no map of that name in %s",
					r->args.dumps[i], r->args.obj);
	return 0;
}

/* SEC("usdt") names no probe: --usdt does, for each such program. */
static int attach_usdt(struct run *r)
{
	for (size_t i = 0; i < mb_object_program_count(r->obj); i++) {
		struct mb_program *p = mb_object_program(r->obj, i);
		struct mb_link **link = &r->usdt_links[r->nr_usdt_links];

		if (strcmp(mb_program_section(p), "usdt") ||
		    mb_program_fd(p) < 0)
			continue;
		if (!r->args.usdt)
			return run_fail(-EINVAL,
					"program %s: SEC(\"usdt\") names no probe: give --usdt PATH:PROVIDER:NAME",
					mb_program_name(p));
		if (r->nr_usdt_links == ARRAY_SIZE(r->usdt_links))
			return run_fail(-E2BIG,
					"--usdt: more than %zu SEC(\"usdt\") programs",
					ARRAY_SIZE(r->usdt_links));
		if (mb_program_attach_usdt(p, -1, r->args.usdt, 0, link))
			return -EINVAL; /* the library said why */
		r->nr_usdt_links++;
	}
	if (r->args.usdt && !r->nr_usdt_links)
		return run_fail(-ENOENT,
				"--usdt %s: %s has no loaded SEC(\"usdt\") program",
				r->args.usdt, r->args.obj);
	return 0;
}

static void detach_usdt(struct run *r)
{
	while (r->nr_usdt_links)
		mb_link_detach(r->usdt_links[--r->nr_usdt_links]);
}

static int run_start(struct run *r)
{
	int err = tool_open(&r->args, &r->obj);

	if (!err)
		err = check_dumps(r);
	if (!err)
		err = mb_object_load(r->obj);
	if (!err)
		err = fill_perf_events(r);
	if (!err)
		err = open_readers(r);
	if (!err && !stop)
		err = mb_object_attach(r->obj);
	if (!err && !stop)
		err = attach_usdt(r);
	if (err)
		return err;
	open_trace_pipe(r);
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	fprintf(stderr, "minibpf: %s: attached; %s\n", r->args.obj,
		r->args.duration ? "running for --duration seconds" :
				   "Ctrl-C to stop");
	return 0;
}

/* Detach, read what is left in the buffers, print the maps. */
static int run_finish(struct run *r)
{
	double t = elapsed(r);
	int err;

	mb_object_detach(r->obj);
	detach_usdt(r);
	err = poll_sources(r, 0);
	if (!err && r->args.nr_dumps) {
		printf("--- detached after %.1fs%s ---\n", t,
		       stop ? stop == SIGINT ? " (SIGINT)" : " (SIGTERM)" : "");
		err = print_dumps(r);
	}
	for (size_t i = 0; !err && r->pbs && i < mb_object_map_count(r->obj);
	     i++)
		if (r->pbs[i] && mb_perfbuf_lost(r->pbs[i]))
			fprintf(stderr,
				"minibpf: map %s: %llu records lost (perf buffer full)\n",
				r->streams[i].map,
				(unsigned long long)mb_perfbuf_lost(r->pbs[i]));
	return err;
}

static void run_close(struct run *r)
{
	size_t n = r->obj ? mb_object_map_count(r->obj) : 0;

	for (size_t i = 0; i < n; i++) {
		if (r->rbs)
			mb_ringbuf_close(r->rbs[i]);
		if (r->pbs)
			mb_perfbuf_close(r->pbs[i]);
	}
	free(r->rbs);
	free(r->pbs);
	free(r->streams);
	if (r->trace_fd >= 0)
		close(r->trace_fd);
	detach_usdt(r);
	mb_object_close(r->obj); /* detaches, closes maps and programs */
	for (int i = 0; i < r->nr_counter_fds; i++)
		close(r->counter_fds[i]);
	free(r->counter_fds);
}

/* No SA_RESTART: a signal interrupts the wait in poll_sources. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cmd_run(int argc, char **argv)
{
	struct run r;
	int err;

	memset(&r, 0, sizeof(r));
	r.trace_fd = -1;
	err = tool_parse(argc, argv,
			 OPT_RUN | OPT_PROG | OPT_SET | OPT_MAP | OPT_BTF |
				 OPT_EXPLAIN | OPT_VERBOSE,
			 usage, &r.args);
	if (err)
		return err > 0 ? 0 : EXIT_USAGE;
	setvbuf(stdout, NULL, _IOLBF, 0);
	catch_signals();
	err = run_start(&r);
	if (!err)
		err = stream_loop(&r);
	if (!err)
		err = run_finish(&r);
	run_close(&r);
	return err ? 1 : 0;
}
