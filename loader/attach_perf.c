/* attach_perf.c: the perf-event plumbing every perf-based attach kind
 * shares: kprobes, uprobes and tracepoints all end as a perf event that
 * a program is attached to, and all leave a struct mb_link behind.
 *
 * A kprobe is a perf event.  Since 4.17 the kernel has a "kprobe" PMU:
 * perf_event_open() with its type number (from sysfs), config1 pointing
 * to the function name and config2 the offset creates the probe, and
 * closing the fd removes it, so even a crash leaks nothing.  Uprobes are
 * the same with the "uprobe" PMU (config1 = path, config2 = file
 * offset).  The program then goes onto the event with BPF_LINK_CREATE
 * (BPF_PERF_EVENT, 5.15+) or, before that, the PERF_EVENT_IOC_SET_BPF
 * ioctl.
 *
 * Without the PMU (or when asked, so that it stays tested) the probe is
 * made the old way: a line "p:minibpf/NAME FUNC+OFF" written to tracefs
 * kprobe_events, whose event id is then opened as a tracepoint.  That
 * probe outlives the process, so it is removed on every exit path, and
 * probes left by a process killed with SIGKILL are swept at the next
 * legacy attach: NAME is minibpf_<pid>_<n>_<func>, and a pid that no
 * longer exists marks a leftover.
 *
 * Reference: include/uapi/linux/perf_event.h, perf_event_open(2),
 * Documentation/trace/kprobetrace.rst, uprobetracer.rst.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>

#include "internal.h"
#include "attach.h"
#include "log.h"

#define PMU_DIR		"/sys/bus/event_source/devices"
#define LEGACY_GROUP	"minibpf"
#define LEGACY_NAME_MAX 64  /* MAX_EVENT_NAME_LEN in the kernel */
#define ENOTSUPP	524 /* kernel-internal, seen from BPF syscalls */

/* ---- links ---------------------------------------------------------- */

struct mb_link *mb_link_new(void)
{
	struct mb_link *link = mb_calloc(1, sizeof(*link));

	if (link) {
		link->fd = -1;
		link->perf_fd = -1;
	}
	return link;
}

static int legacy_remove(const char *file, const char *event);

/* The order matters: the tracefs probe cannot be removed while a perf
 * event (and so a program) still uses it. */
void mb_link_free(struct mb_link *link)
{
	if (!link)
		return;
	mb_link_free(link->next);
	mb_close(link->fd);
	if (link->perf_fd >= 0)
		ioctl(link->perf_fd, PERF_EVENT_IOC_DISABLE, 0);
	mb_close(link->perf_fd);
	if (link->legacy_event)
		legacy_remove(link->legacy_file, link->legacy_event);
	if (link->release)
		link->release(link); /* after the probe is gone */
	free(link->legacy_event);
	free(link->legacy_file);
	free(link);
}

/* ---- messages ------------------------------------------------------- */

static const char *errno_name(int err)
{
	switch (err < 0 ? -err : err) {
	case EPERM:
		return "EPERM";
	case ENOENT:
		return "ENOENT";
	case ESRCH:
		return "ESRCH";
	case EBADF:
		return "EBADF";
	case EACCES:
		return "EACCES";
	case EBUSY:
		return "EBUSY";
	case EEXIST:
		return "EEXIST";
	case ENODEV:
		return "ENODEV";
	case EINVAL:
		return "EINVAL";
	case E2BIG:
		return "E2BIG";
	case EPROTO:
		return "EPROTO";
	case EILSEQ:
		return "EILSEQ";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case ENOTSUPP:
		return "ENOTSUPP";
	default:
		return "errno";
	}
}

/* Turn the kernel's error for a probe into what went wrong.  The kernel
 * answers a missing function with ENOENT or EINVAL depending on version
 * and path, so kallsyms decides; a function that exists but is refused
 * is on the kprobe blacklist or notrace. */
static int probe_error(const struct mb_log *log, const char *what,
		       const struct mb_probe *probe, int err)
{
	bool uprobe = !strcmp(probe->pmu, "uprobe");
	const char *t = probe->target;
	char why[256];

	if (err == -EPERM || err == -EACCES)
		return mb_err(log, err,
			      "attach: %s: permission denied (%s): %s", what,
			      errno_name(err),
			      mb_perm_reason(why, sizeof(why),
					     MB_NEED_BPF | MB_NEED_PERFMON));
	if (uprobe && err == -ENOENT)
		return mb_err(log, err,
			      "attach: %s: no such file '%s' (ENOENT)", what,
			      t);
	if (err == -EILSEQ)
		return mb_err(log, err,
			      "attach: %s: offset %#llx is not on an instruction boundary of '%s' (EILSEQ)",
			      what, (unsigned long long)probe->offset, t);
	if (!uprobe && (err == -ENOENT || err == -EINVAL) &&
	    !mb_kallsyms_has(t))
		return mb_err(log, -ENOENT,
			      "attach: %s: no such function '%s' (ENOENT)",
			      what, t);
	if (!uprobe && (err == -EINVAL || err == -ENOENT || err == -EOPNOTSUPP))
		return mb_err(log, err,
			      "attach: %s: function '%s' is not traceable (on the kprobe blacklist, notrace, or offset %#llx outside it) (%s)",
			      what, t, (unsigned long long)probe->offset,
			      errno_name(err));
	return mb_err(log, err,
		      "attach: %s: cannot create the %s on '%s': %s (%s)", what,
		      probe->pmu, t, strerror(-err), errno_name(err));
}

/* ---- the PMU -------------------------------------------------------- */

/* A small number from sysfs: the PMU's type, or the retprobe bit of
 * format/retprobe ("config:0"). */
int mb_read_sysfs_int(const char *path, const char *prefix)
{
	char buf[64];
	size_t plen = strlen(prefix);
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;
	char *end;
	long value;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	buf[n] = '\0';
	if (strncmp(buf, prefix, plen) || buf[plen] < '0' || buf[plen] > '9')
		return -EINVAL;
	value = strtol(buf + plen, &end, 10);
	/* a bit range, "config:32-63" (ref_ctr_offset): its first bit */
	if (value > INT32_MAX || (*end && *end != '\n' && *end != '-'))
		return -EINVAL;
	return (int)value;
}

static int pmu_open(const struct mb_probe *probe)
{
	struct perf_event_attr attr;
	char path[128];
	int type, bit = 0;

	snprintf(path, sizeof(path), PMU_DIR "/%s/type", probe->pmu);
	type = mb_read_sysfs_int(path, "");
	if (type == -ENOENT)
		return -ENODEV; /* no such PMU: go legacy */
	if (type < 0)
		return type;
	if (probe->retprobe) {
		snprintf(path, sizeof(path), PMU_DIR "/%s/format/retprobe",
			 probe->pmu);
		bit = mb_read_sysfs_int(path, "config:");
		if (bit < 0 || bit > 63)
			return -ENODEV;
	}
	/* Zeroed: the kernel refuses attributes it does not know that are
	 * not zero, and every unset field must mean "off". */
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr); /* our version of the struct */
	attr.type = type;	  /* the kprobe or uprobe PMU */
	attr.config = probe->retprobe ? 1ULL << bit : 0;   /* return probe */
	attr.config1 = (uint64_t)(uintptr_t)probe->target; /* func or path */
	attr.config2 = probe->offset; /* into func / in the file */
	if (probe->ref_ctr_offset) {  /* USDT semaphore (4.20+) */
		snprintf(path, sizeof(path),
			 PMU_DIR "/%s/format/ref_ctr_offset", probe->pmu);
		bit = mb_read_sysfs_int(path, "config:");
		if (bit < 0 || bit > 63)
			return -EOPNOTSUPP;
		attr.config |= probe->ref_ctr_offset << bit; /* its offset */
	}
	/* A kprobe fires on every CPU whatever the event's CPU is: one
	 * event, on CPU 0.  A uprobe may follow one process instead. */
	return mb_sys_perf_event_open(&attr, probe->pid,
				      probe->pid >= 0 ? -1 : 0, -1,
				      PERF_FLAG_FD_CLOEXEC);
}

/* ---- tracefs (legacy) ----------------------------------------------- */

/* One write of a whole line to kprobe_events/uprobe_events: the kernel
 * parses each write as one command. */
static int events_write(const char *file, const char *cmd)
{
	size_t len = strlen(cmd);
	int fd = open(file, O_WRONLY | O_APPEND | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, cmd, len) != (ssize_t)len)
		err = errno ? -errno : -EIO;
	close(fd);
	return err;
}

static int legacy_remove(const char *file, const char *event)
{
	char cmd[LEGACY_NAME_MAX + 32];

	snprintf(cmd, sizeof(cmd), "-:%s\n", event);
	return events_write(file, cmd);
}

/* Process-wide state besides kernel.c's facts: a counter that makes
 * each legacy probe name unique within the process (the pid makes it
 * unique between processes).  Atomic, so threads may attach at once. */
static unsigned int legacy_counter;

/* "minibpf_<pid>_<n>_<target>", every character that is not a letter or
 * digit turned into '_', cut at the kernel's 64 characters. */
static void legacy_name(char *buf, size_t size, const char *target)
{
	unsigned int n =
		__atomic_fetch_add(&legacy_counter, 1, __ATOMIC_RELAXED);
	size_t len;

	snprintf(buf, size, "minibpf_%d_%u_%s", (int)getpid(), n, target);
	for (len = 0; buf[len]; len++) {
		char c = buf[len];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9'))
			buf[len] = '_';
	}
}

/* Is this line of kprobe_events ours, and its process gone?
 * "p:minibpf/minibpf_123_0_do_sys_openat2 do_sys_openat2" */
static bool legacy_is_orphan(const char *line, char *event, size_t size)
{
	const char *ev = strchr(line, ':'), *name;
	size_t len;
	long pid;

	if (!ev || strncmp(ev + 1, LEGACY_GROUP "/minibpf_",
			   strlen(LEGACY_GROUP "/minibpf_")))
		return false;
	ev++;
	name = ev + strlen(LEGACY_GROUP "/");
	len = strcspn(ev, " \t\n");
	if (len >= size)
		return false;
	pid = strtol(name + strlen("minibpf_"), NULL, 10);
	if (pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH)
		return false;
	memcpy(event, ev, len);
	event[len] = '\0';
	return true;
}

/* A probe that a perf event still uses cannot be removed (EBUSY): so an
 * event of a live process in another pid namespace is safe from us. */
int mb_legacy_probe_sweep(const struct mb_log *log, const char *file)
{
	char path[160], event[LEGACY_NAME_MAX + 16];
	const char *dir;
	char *data, *line, *next;
	size_t size;
	int err, removed = 0;

	err = mb_kernel_tracefs(&dir);
	if (err)
		return 0; /* no tracefs: nothing to sweep */
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	err = mb_read_file(path, (void **)&data, &size);
	if (err)
		return 0;
	for (line = data; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (!legacy_is_orphan(line, event, sizeof(event)))
			continue;
		err = legacy_remove(path, event);
		if (err)
			mb_print(log, MB_WARN,
				 "attach: cannot remove the leftover probe %s from %s: %s",
				 event, path, strerror(-err));
		else
			removed++;
	}
	free(data);
	return removed;
}

/* The probe definition line for kprobe_events or uprobe_events. */
static int legacy_cmd(char *buf, size_t size, const struct mb_probe *probe,
		      const char *name)
{
	char kind = probe->retprobe ? 'r' : 'p';
	int n;

	if (!strcmp(probe->pmu, "uprobe") && probe->ref_ctr_offset)
		n = snprintf(buf, size,
			     "%c:" LEGACY_GROUP "/%s %s:0x%llx(0x%llx)\n", kind,
			     name, probe->target,
			     (unsigned long long)probe->offset,
			     (unsigned long long)probe->ref_ctr_offset);
	else if (!strcmp(probe->pmu, "uprobe"))
		n = snprintf(buf, size, "%c:" LEGACY_GROUP "/%s %s:0x%llx\n",
			     kind, name, probe->target,
			     (unsigned long long)probe->offset);
	else if (probe->retprobe)
		n = snprintf(buf, size, "r:" LEGACY_GROUP "/%s %s\n", name,
			     probe->target);
	else
		n = snprintf(buf, size, "p:" LEGACY_GROUP "/%s %s+%llu\n", name,
			     probe->target, (unsigned long long)probe->offset);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Open the tracepoint perf event of a tracefs probe: its id is in
 * events/minibpf/NAME/id.  pid as in pmu_open. */
static int legacy_perf_open(const char *dir, const char *name, int pid)
{
	struct perf_event_attr attr;
	char path[256];
	int id;

	snprintf(path, sizeof(path), "%s/events/" LEGACY_GROUP "/%s/id", dir,
		 name);
	id = mb_read_sysfs_int(path, "");
	if (id < 0)
		return id;
	memset(&attr, 0, sizeof(attr)); /* see pmu_open */
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_TRACEPOINT; /* a trace event ... */
	attr.config = id;		  /* ... this one */
	return mb_sys_perf_event_open(&attr, pid, pid >= 0 ? -1 : 0, -1,
				      PERF_FLAG_FD_CLOEXEC);
}

/* Add the probe to tracefs, open its event into link->perf_fd and
 * remember the probe in link->legacy_*; on failure nothing is left. */
static int legacy_open(const struct mb_log *log, const char *what,
		       const struct mb_probe *probe, struct mb_link *link)
{
	const char *file = strcmp(probe->pmu, "uprobe") ? "kprobe_events" :
							  "uprobe_events";
	char path[160], name[LEGACY_NAME_MAX + 1], cmd[4352];
	const char *dir;
	char event[sizeof(LEGACY_GROUP) + sizeof(name)];
	int err, fd;

	if (mb_kernel_tracefs(&dir))
		return mb_err(log, -EOPNOTSUPP,
			      "attach: %s: no %s PMU and no tracefs (mount it on /sys/kernel/tracing)",
			      what, probe->pmu);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	mb_legacy_probe_sweep(log, file);
	legacy_name(name, sizeof(name), probe->target);
	snprintf(event, sizeof(event), LEGACY_GROUP "/%s", name);
	if (legacy_cmd(cmd, sizeof(cmd), probe, name))
		return mb_err(log, -ENAMETOOLONG, "attach: %s: target too long",
			      what);
	err = events_write(path, cmd);
	if (err)
		return probe_error(log, what, probe, err);
	fd = legacy_perf_open(dir, name, probe->pid);
	if (fd < 0) {
		err = mb_err(log, fd,
			     "attach: %s: cannot open trace event %s: %s (%s)",
			     what, event, strerror(-fd), errno_name(fd));
		goto remove_probe;
	}
	link->legacy_file = strdup(path);
	link->legacy_event = strdup(event);
	if (!link->legacy_file || !link->legacy_event) {
		err = mb_err(log, -ENOMEM, "attach: %s: out of memory", what);
		goto close_fd;
	}
	link->perf_fd = fd;
	return 0;
close_fd:
	free(link->legacy_file);
	free(link->legacy_event);
	link->legacy_file = link->legacy_event = NULL;
	close(fd);
remove_probe:
	legacy_remove(path, event);
	return err;
}

/* ---- the common part ------------------------------------------------ */

int mb_perf_probe_open(const struct mb_log *log, const char *what,
		       const struct mb_probe *probe, struct mb_link *link)
{
	int fd;

	if (!probe->legacy) {
		fd = pmu_open(probe);
		if (fd >= 0) {
			link->perf_fd = fd;
			return 0;
		}
		if (fd != -ENODEV)
			return probe_error(log, what, probe, fd);
	}
	return legacy_open(log, what, probe, link);
}

/* BPF_LINK_CREATE with a perf event arrived in 5.15.  An older kernel
 * does not know the attach type and says EINVAL, which is also what it
 * says for a real mistake; so ask again with target fd -1: a kernel with
 * perf links looks for that fd and says EBADF. */
static bool perf_links_supported(int prog_fd)
{
	return mb_sys_link_create(prog_fd, -1, BPF_PERF_EVENT, NULL) == -EBADF;
}

static int attach_error(const struct mb_log *log, const char *what, int err,
			const char *how)
{
	if (err == -EPERM || err == -EACCES)
		return mb_err(log, err,
			      "attach: %s: permission denied (%s) by %s", what,
			      errno_name(err), how);
	if (err == -EEXIST)
		return mb_err(log, err,
			      "attach: %s: the event already has a program (EEXIST)",
			      what);
	return mb_err(log, err,
		      "attach: %s: %s failed: %s (%s); is the program of the right type?",
		      what, how, strerror(-err), errno_name(err));
}

/* cookie: what bpf_get_attach_cookie() returns; only perf links carry
 * one, so a non-zero cookie on an older kernel is an error. */
static int perf_attach_cookie(const struct mb_log *log, const char *what,
			      int prog_fd, int perf_fd, uint64_t cookie,
			      int *link_fd)
{
	union bpf_attr extra;
	int fd;

	*link_fd = -1;
	memset(&extra, 0, sizeof(extra));
	extra.link_create.perf_event.bpf_cookie = cookie; /* 5.15+ */
	fd = mb_sys_link_create(prog_fd, perf_fd, BPF_PERF_EVENT, &extra);
	if (fd < 0 && (fd != -EINVAL || perf_links_supported(prog_fd)))
		return attach_error(log, what, fd, "BPF_LINK_CREATE");
	if (fd < 0 && cookie)
		return mb_err(log, -EOPNOTSUPP,
			      "attach: %s: a BPF cookie needs perf links (kernel 5.15+)",
			      what);
	if (fd < 0) {
		/* Before 5.15: the program goes onto the event itself and
		 * stays until the event is closed. */
		fd = -1;
		if (ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, prog_fd) < 0)
			return attach_error(log, what, -errno,
					    "PERF_EVENT_IOC_SET_BPF");
	}
	if (ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, 0) < 0) {
		int err = -errno;

		mb_close(fd);
		return attach_error(log, what, err, "PERF_EVENT_IOC_ENABLE");
	}
	*link_fd = fd;
	return 0;
}

int mb_perf_attach(const struct mb_log *log, const char *what, int prog_fd,
		   int perf_fd, int *link_fd)
{
	return perf_attach_cookie(log, what, prog_fd, perf_fd, 0, link_fd);
}

int mb_probe_attach(const struct mb_log *log, const char *what, int prog_fd,
		    const struct mb_probe *probe, struct mb_link **linkp)
{
	struct mb_link *link = mb_link_new();
	int err;

	if (!link)
		return mb_err(log, -ENOMEM, "attach: %s: out of memory", what);
	err = mb_perf_probe_open(log, what, probe, link);
	if (!err)
		err = perf_attach_cookie(log, what, prog_fd, link->perf_fd,
					 probe->cookie, &link->fd);
	if (err) {
		mb_link_free(link); /* removes a legacy probe too */
		return err;
	}
	*linkp = link;
	return 0;
}
