/* attach_kprobe.c: running a program on a kernel function (kprobes,
 * kretprobes) or on a syscall's entry (ksyscall).
 *
 * The section's target names the function, and the probe itself is a
 * perf event that attach_perf.c opens and attaches:
 *
 *	kprobe/do_sys_openat2       -> do_sys_openat2 + 0
 *	kprobe/do_sys_openat2+0x9   -> do_sys_openat2 + 9
 *	kretprobe/do_sys_openat2    -> return probe (no offset)
 *	ksyscall/getpid             -> __x64_sys_getpid (kernel.c knows
 *	                               the prefix of this kernel)
 *
 * Reference: Documentation/trace/kprobetrace.rst.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "attach.h"
#include "object.h"

/* The kernel's own prefix (kernel.c: "__x64_sys_" on x86-64), else
 * the names of kernels without syscall wrappers: __se_sys_getpid, or
 * sys_getpid. */
int mb_ksyscall_func(const char *name, char *buf, size_t size)
{
	const char *const prefixes[] = {
		mb_kernel_syscall_prefix(),
		"__se_sys_",
		"sys_",
	};

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		int n = snprintf(buf, size, "%s%s", prefixes[i], name);

		if (n < 0 || (size_t)n >= size)
			return -ENAMETOOLONG;
		if (mb_kallsyms_has(buf))
			return 0;
	}
	return -ENOENT;
}

static const char *kind_prefix(int kind)
{
	switch (kind) {
	case MB_ATTACH_KPROBE:
		return "kprobe";
	case MB_ATTACH_KRETPROBE:
		return "kretprobe";
	case MB_ATTACH_KSYSCALL:
		return "ksyscall";
	case MB_ATTACH_KRETSYSCALL:
		return "kretsyscall";
	default:
		return NULL;
	}
}

/* "FUNC" or "FUNC+OFF" (OFF decimal or 0x hex) into func and *offset. */
static int parse_func_off(const char *target, char *func, size_t size,
			  uint64_t *offset)
{
	size_t len = strcspn(target, "+");
	char *end;

	if (len == 0 || len >= size)
		return -EINVAL;
	memcpy(func, target, len);
	func[len] = '\0';
	*offset = 0;
	if (!target[len])
		return 0;
	errno = 0;
	*offset = strtoull(target + len + 1, &end, 0);
	if (errno || end == target + len + 1 || *end)
		return -EINVAL;
	return 0;
}

/* A kernel that patches a call to ftrace into each function's first
 * instructions but cannot put a kprobe on them (riscv64 without
 * KPROBES_ON_FTRACE: Debian's 6.12) refuses a kprobe at offset 0 with
 * EINVAL.  The instruction after that patch site serves BPF_KPROBE as
 * well: the arguments are still where the call left them.  No such
 * place exists for a return probe, which the kernel takes only at the
 * entry: it is refused, and the message says why. */
static int attach_at_entry(const struct mb_log *log, const char *what,
			   int prog_fd, struct mb_probe *probe,
			   struct mb_link **linkp)
{
	int site = mb_kernel_ftrace_site();
	int err = mb_probe_attach(NULL, what, prog_fd, probe, linkp);

	if (err != -EINVAL)
		return err ? mb_probe_attach(log, what, prog_fd, probe, linkp) :
			     0;
	if (probe->retprobe)
		return mb_err(log, err,
			      "attach: %s: this kernel cannot probe a function's entry (its ftrace patch site; no KPROBES_ON_FTRACE), so it has no return probes",
			      what);
	mb_print(log, MB_DEBUG,
		 "attach: %s: the entry is ftrace's patch site: probing at +%d",
		 what, site);
	probe->offset = site;
	return mb_probe_attach(log, what, prog_fd, probe, linkp);
}

int mb_attach_kprobe(const struct mb_log *log, int prog_fd,
		     const char *prog_name, int kind, const char *target,
		     bool legacy, struct mb_link **linkp)
{
	const char *prefix = kind_prefix(kind);
	char what[512], func[256];
	struct mb_probe probe = {
		.pmu = "kprobe", .pid = -1, .legacy = legacy, .target = func
	};
	bool sys = kind == MB_ATTACH_KSYSCALL || kind == MB_ATTACH_KRETSYSCALL;

	if (!prefix)
		return mb_err(log, -EINVAL, "attach: program %s: not a kprobe",
			      prog_name);
	snprintf(what, sizeof(what), "%s/%s: program %s", prefix, target,
		 prog_name);
	probe.retprobe = kind == MB_ATTACH_KRETPROBE ||
			 kind == MB_ATTACH_KRETSYSCALL;
	if (sys && mb_ksyscall_func(target, func, sizeof(func)))
		return mb_err(log, -ENOENT,
			      "attach: %s: no such syscall '%s' in /proc/kallsyms (ENOENT)",
			      what, target);
	if (!sys && parse_func_off(target, func, sizeof(func), &probe.offset))
		return mb_err(log, -EINVAL,
			      "attach: %s: expected FUNC or FUNC+OFFSET after '%s/'",
			      what, prefix);
	if (probe.retprobe && probe.offset)
		return mb_err(log, -EINVAL,
			      "attach: %s: a return probe takes no offset",
			      what);
	if (!probe.offset && mb_kernel_ftrace_site() > 0)
		return attach_at_entry(log, what, prog_fd, &probe, linkp);
	return mb_probe_attach(log, what, prog_fd, &probe, linkp);
}
