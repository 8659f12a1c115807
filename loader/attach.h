/* attach.h: what the attach files share.
 *
 * Every way of attaching (attach.c picks one by section kind) ends in a
 * struct mb_link: the BPF link fd, the perf event the program runs on,
 * or a tracefs probe to remove.  attach_perf.c opens kprobes and
 * uprobes as perf events (struct mb_probe), attaches programs to perf
 * events and frees links; attach_kprobe.c, attach_uprobe.c and
 * attach_tp.c turn a section's target into those calls.
 */
#ifndef MINIBPF_ATTACH_H
#define MINIBPF_ATTACH_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

/* What an attached program holds in the kernel.  Every attach kind fills
 * one; mb_link_free() undoes it in this order: close fd, close perf_fd,
 * then remove the tracefs probe (the kernel refuses to remove a probe
 * that a perf event still uses). */
struct mb_link {
	int fd;		      /* BPF link (BPF_LINK_CREATE, raw_tp), or -1 */
	int perf_fd;	      /* perf event the program runs on, or -1 */
	char *legacy_event;   /* tracefs probe "minibpf/NAME", or NULL */
	char *legacy_file;    /* path of its kprobe_events/uprobe_events */
	struct mb_link *next; /* more of one attach (USDT call sites) */
	/* the last thing mb_link_free does, or NULL (attach_usdt.c: a
	 * semaphore counted up by hand, in sema_pid at sema_addr) */
	void (*release)(struct mb_link *link);
	int sema_pid;
	uint64_t sema_addr;
};

/* A kprobe or uprobe to open as a perf event. */
struct mb_probe {
	const char *pmu;    /* "kprobe" or "uprobe" */
	const char *target; /* kprobe: function name; uprobe: file path */
	uint64_t offset;    /* kprobe: into the function; uprobe: file offset */
	bool retprobe;	    /* kretprobe / uretprobe */
	int pid;	    /* uprobe: only this process; -1: every one */
	bool legacy;	    /* use tracefs even when the PMU exists */
	/* uprobe: file offset of a USDT semaphore that the kernel counts
	 * up while attached (4.20+), or 0 */
	uint64_t ref_ctr_offset;
	uint64_t cookie; /* BPF cookie (perf links, 5.15+), or 0 */
};

#endif
