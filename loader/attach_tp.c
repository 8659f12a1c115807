/* attach_tp.c: running a program on a kernel tracepoint.
 *
 * A tracepoint is a fixed hook the kernel's developers placed in the
 * code (sched/sched_process_exec, syscalls/sys_enter_getpid...).  tracefs
 * lists each one as a directory with an id file:
 *
 *	SEC("tracepoint/syscalls/sys_enter_getpid")
 *	1. read /sys/kernel/tracing/events/syscalls/sys_enter_getpid/id: 172
 *	2. perf_event_open(type PERF_TYPE_TRACEPOINT, config 172, cpu 0)
 *	3. put the program on that event (mb_perf_attach, attach_kprobe.c)
 *
 * The program's context is the raw record whose layout the format file
 * next to id describes.  tracefs must be mounted for step 1; when it is
 * not, the error says so (mount -t tracefs nodev /sys/kernel/tracing).
 *
 * Reference: Documentation/trace/events.rst, perf_event_open(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "internal.h"
#include "attach.h"

/* The event id in <tracefs>/events/CAT/NAME/id ("172\n"). */
static int read_tp_id(const struct mb_log *log, const char *what,
		      const char *target)
{
	const char *dir;
	char path[512];
	int id;

	if (mb_kernel_tracefs(&dir))
		return mb_err(log, -ENOENT,
			      "attach: %s: tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)",
			      what);
	snprintf(path, sizeof(path), "%s/events/%s/id", dir, target);
	id = mb_read_sysfs_int(path, "");
	if (id == -ENOENT)
		return mb_err(log, id, "attach: %s: no tracepoint '%s' (no %s)",
			      what, target, path);
	if (id == -EINVAL)
		return mb_err(log, id, "attach: %s: %s holds no event id", what,
			      path);
	if (id < 0)
		return mb_err(log, id, "attach: %s: cannot read %s: %s", what,
			      path, strerror(-id));
	return id;
}

static int tp_perf_open(const struct mb_log *log, const char *what, int id)
{
	struct perf_event_attr attr;
	char why[256];
	int fd;

	/* Zeroed: unused fields must be 0 for the kernel to accept it. */
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);	  /* our version of the struct */
	attr.type = PERF_TYPE_TRACEPOINT; /* a trace event ... */
	attr.config = id;		  /* ... with this id */
	/* A tracepoint fires on every CPU whatever the event's CPU: one
	 * system-wide event (pid -1) on CPU 0 is enough for a program. */
	fd = mb_sys_perf_event_open(&attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd == -EPERM || fd == -EACCES)
		return mb_err(log, fd,
			      "attach: %s: permission denied opening the trace event: %s",
			      what,
			      mb_perm_reason(why, sizeof(why),
					     MB_NEED_PERFMON));
	if (fd < 0)
		return mb_err(log, fd,
			      "attach: %s: perf_event_open of trace event %d failed: %s",
			      what, id, strerror(-fd));
	return fd;
}

int mb_attach_tracepoint(const struct mb_log *log, const char *what,
			 int prog_fd, const char *target,
			 struct mb_link **linkp)
{
	const char *slash = strchr(target, '/');
	struct mb_link *link;
	int id, err;

	if (!slash || slash == target || !slash[1] || strchr(slash + 1, '/') ||
	    strstr(target, ".."))
		return mb_err(log, -EINVAL,
			      "attach: %s: expected CATEGORY/NAME after 'tracepoint/'",
			      what);
	id = read_tp_id(log, what, target);
	if (id < 0)
		return id;
	link = mb_link_new();
	if (!link)
		return mb_err(log, -ENOMEM, "attach: %s: out of memory", what);
	link->perf_fd = tp_perf_open(log, what, id);
	if (link->perf_fd < 0) {
		err = link->perf_fd;
		goto free_link;
	}
	err = mb_perf_attach(log, what, prog_fd, link->perf_fd, &link->fd);
	if (err)
		goto free_link;
	*linkp = link;
	return 0;
free_link:
	mb_link_free(link);
	return err;
}
