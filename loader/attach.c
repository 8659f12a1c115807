/* attach.c: putting a loaded program where its section name says.
 *
 * mb_attach_program() is the one entry point: it reads the attach kind
 * that section.c found for the program's section and hands the target
 * (what follows "kprobe/", "uprobe/", "tracepoint/"...) to the file that
 * knows that kind:
 *
 *	kprobe, kretprobe, ksyscall, kretsyscall   attach_kprobe.c
 *	uprobe, uretprobe                          attach_uprobe.c
 *	usdt                                       attach_usdt.c
 *	tracepoint, tp                             attach_tp.c
 *	raw_tp, raw_tracepoint                     here: BPF_RAW_TRACEPOINT_OPEN
 *	tp_btf, fentry, fexit                      here: BPF_LINK_CREATE
 *
 * The last two need no perf event.  A raw tracepoint is named at attach
 * time; a BTF-attached program (tp_btf, fentry, fexit) named its target
 * at load time as attach_btf_id, so attaching only says "now", with the
 * expected attach type the program was loaded with.  Kernels before 5.8
 * have no BPF_LINK_CREATE for them: BPF_RAW_TRACEPOINT_OPEN with no name
 * does the same there (this is what libbpf does too).
 *
 * Every kind returns a struct mb_link; closing its fds detaches.
 *
 * Reference: include/uapi/linux/bpf.h (BPF_RAW_TRACEPOINT_OPEN,
 * BPF_LINK_CREATE); kernel/bpf/trampoline.c for fentry/fexit.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "object.h"
#include "attach.h"

/* A link that holds only a BPF link fd (raw_tp, tracing). */
static int fd_link(const struct mb_log *log, const char *what, int fd,
		   struct mb_link **linkp)
{
	struct mb_link *link = mb_link_new();

	if (!link) {
		mb_close(fd);
		return mb_err(log, -ENOMEM, "attach: %s: out of memory", what);
	}
	link->fd = fd;
	*linkp = link;
	return 0;
}

static int link_error(const struct mb_log *log, const char *what, int err,
		      const char *how)
{
	char why[256];

	if (err == -EPERM || err == -EACCES)
		return mb_err(log, err,
			      "attach: %s: permission denied by %s: %s", what,
			      how,
			      mb_perm_reason(why, sizeof(why),
					     MB_NEED_BPF | MB_NEED_PERFMON));
	return mb_err(log, err, "attach: %s: %s failed: %s", what, how,
		      strerror(-err));
}

/* raw_tp/sys_enter: the tracepoint's name as the kernel knows it (the
 * name of its trace_<name> function), without a category. */
static int attach_raw_tp(const struct mb_program *prog, const char *what,
			 struct mb_link **linkp)
{
	const struct mb_log *log = &prog->obj->log;
	int fd;

	if (!prog->target[0])
		return mb_err(log, -EINVAL,
			      "attach: %s: no tracepoint name after '%s/'",
			      what, prog->def->prefix);
	fd = mb_sys_raw_tp_open(prog->target, prog->fd);
	if (fd == -ENOENT)
		return mb_err(log, fd,
			      "attach: %s: no tracepoint '%s' in the kernel (ENOENT)",
			      what, prog->target);
	if (fd < 0)
		return link_error(log, what, fd, "BPF_RAW_TRACEPOINT_OPEN");
	return fd_link(log, what, fd, linkp);
}

/* tp_btf/NAME, fentry/FUNC, fexit/FUNC: the target is in the program
 * already (attach_btf_id); target fd 0 means "the kernel" (vmlinux). */
static int attach_tracing(const struct mb_program *prog, const char *what,
			  struct mb_link **linkp)
{
	const struct mb_log *log = &prog->obj->log;
	int fd;

	fd = mb_sys_link_create(prog->fd, 0, prog->def->attach_type, NULL);
	if (fd == -EINVAL) /* before 5.8: no tracing links */
		fd = mb_sys_raw_tp_open(NULL, prog->fd);
	if (fd == -EOPNOTSUPP || fd == -524) /* ENOTSUPP, kernel-internal */
		return mb_err(log, fd,
			      "attach: %s: the kernel cannot attach %s programs here (no BPF trampoline for this architecture or function)",
			      what, prog->def->prefix);
	if (fd < 0)
		return link_error(log, what, fd, "BPF_LINK_CREATE");
	return fd_link(log, what, fd, linkp);
}

int mb_attach_program(struct mb_program *prog, struct mb_link **linkp)
{
	const struct mb_log *log = &prog->obj->log;
	enum mb_attach_kind kind = prog->def->attach;
	char what[512];

	snprintf(what, sizeof(what), "%s: program %s", prog->sec->name,
		 prog->name);
	*linkp = NULL;
	switch (kind) {
	case MB_ATTACH_KPROBE:
	case MB_ATTACH_KRETPROBE:
	case MB_ATTACH_KSYSCALL:
	case MB_ATTACH_KRETSYSCALL:
		return mb_attach_kprobe(log, prog->fd, prog->name, kind,
					prog->target,
					prog->obj->force_legacy_kprobe, linkp);
	case MB_ATTACH_UPROBE:
	case MB_ATTACH_URETPROBE:
		return mb_attach_uprobe(log, what, prog->fd, prog->target,
					kind == MB_ATTACH_URETPROBE, linkp);
	case MB_ATTACH_USDT:
		return mb_attach_usdt(prog, what, prog->target, -1, 0, linkp);
	case MB_ATTACH_TRACEPOINT:
		return mb_attach_tracepoint(log, what, prog->fd, prog->target,
					    linkp);
	case MB_ATTACH_RAW_TP:
		return attach_raw_tp(prog, what, linkp);
	case MB_ATTACH_TRACING:
		return attach_tracing(prog, what, linkp);
	case MB_ATTACH_NONE:
		break;
	}
	return mb_err(log, -EOPNOTSUPP,
		      "attach: %s: section '%s' does not say where to attach (load it and attach it yourself)",
		      what, prog->sec->name);
}
