/* perm.c: why the kernel said EPERM.
 *
 * bpf() and perf_event_open() answer EPERM (or EACCES) for several
 * different reasons, and a message that lists the capabilities to get
 * misleads a root process that has them all.  So the message says which
 * reason it is, in this order:
 *   - a capability the call needs that this process lacks (capget: the
 *     effective set of this thread), named: CAP_BPF, CAP_PERFMON, with
 *     CAP_SYS_ADMIN as the alternative that covers both;
 *   - then, if the process lacks CAP_BPF and CAP_SYS_ADMIN, the sysctl
 *     kernel.unprivileged_bpf_disabled that forbids it BPF altogether;
 *   - the kernel's lockdown mode (integrity forbids kprobes and
 *     writing user memory, confidentiality reading kernel memory too);
 *   - else something no file tells: an LSM policy, seccomp, a container.
 * Only ever called on the error path: nothing is read before.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "internal.h"

#ifndef CAP_PERFMON /* Linux 5.8; older headers lack them */
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/* This thread's effective capabilities, 64 bits; 0 if unreadable. */
static uint64_t effective_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, /* two 32-bit words */
		.pid = 0,				/* this thread */
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return 0;
	return (uint64_t)data[1].effective << 32 | data[0].effective;
}

static bool has_cap(uint64_t caps, int cap)
{
	return caps >> cap & 1;
}

/* kernel.unprivileged_bpf_disabled: 0 allowed, 1 or 2 not; -1 unknown. */
static int unprivileged_bpf_disabled(void)
{
	FILE *f = fopen("/proc/sys/kernel/unprivileged_bpf_disabled", "re");
	int c = f ? fgetc(f) : EOF;

	if (f)
		fclose(f);
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

/* "CAP_BPF and CAP_PERFMON": the needed capabilities caps lacks. */
static void missing_caps(char *buf, size_t size, uint64_t caps,
			 unsigned int need)
{
	bool bpf = need & MB_NEED_BPF && !has_cap(caps, CAP_BPF);
	bool perfmon = need & MB_NEED_PERFMON && !has_cap(caps, CAP_PERFMON);

	snprintf(buf, size, "%s%s%s", bpf ? "CAP_BPF" : "",
		 bpf && perfmon ? " and " : "", perfmon ? "CAP_PERFMON" : "");
}

static const char *need_names(unsigned int need)
{
	if (need == (MB_NEED_BPF | MB_NEED_PERFMON))
		return "CAP_BPF and CAP_PERFMON";
	return need & MB_NEED_BPF ? "CAP_BPF" : "CAP_PERFMON";
}

const char *mb_perm_reason(char *buf, size_t size, unsigned int need)
{
	uint64_t caps = effective_caps();
	const char *lockdown = mb_kernel_lockdown();
	char missing[64];
	bool no_bpf = need & MB_NEED_BPF && !has_cap(caps, CAP_BPF) &&
		      !has_cap(caps, CAP_SYS_ADMIN);

	missing_caps(missing, sizeof(missing), caps, need);
	if (!has_cap(caps, CAP_SYS_ADMIN) && missing[0])
		snprintf(buf, size,
			 "the process lacks %s (needs %s, or CAP_SYS_ADMIN)%s",
			 missing, need_names(need),
			 no_bpf && unprivileged_bpf_disabled() > 0 ?
				 "; kernel.unprivileged_bpf_disabled is set: no BPF at all without them" :
				 "");
	else if (lockdown && strcmp(lockdown, "none"))
		snprintf(buf, size, "the kernel is in lockdown (%s)", lockdown);
	else
		snprintf(buf, size,
			 "the process has the capabilities it needs and the kernel is not in lockdown: refused by a security module (LSM), seccomp or the container");
	return buf;
}
