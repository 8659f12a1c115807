/* bpf_ids.h: what the kernel holds, for the "nothing left behind" checks
 * of the attach tests.
 *
 * ids_snap() lists every program, map and link id (BPF_*_GET_NEXT_ID).
 * Other engineers' tests may run at the same time, so "ours" is decided
 * by identity, not by novelty: ids_leaked() looks, among the ids that are
 * new since a snapshot, for our programs and maps (ids recorded while
 * the object was loaded) and for links whose program is one of ours.
 * The kernel frees objects a little after their last fd is closed (RCU,
 * work queues), so the check retries for up to two seconds.
 */
#ifndef MB_TEST_BPF_IDS_H
#define MB_TEST_BPF_IDS_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>

#define IDS_MAX 4096

struct ids {
	uint32_t prog[IDS_MAX], map[IDS_MAX], link[IDS_MAX];
	int nr_prog, nr_map, nr_link;
};

static inline long ids_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static inline int ids_list(int cmd, uint32_t *out, int max)
{
	union bpf_attr attr;
	uint32_t id = 0;
	int n = 0;

	for (;;) {
		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (ids_bpf(cmd, &attr) < 0)
			break;			/* ENOENT: the last one */
		id = attr.next_id;
		if (n < max)
			out[n++] = id;
	}
	return n;
}

static inline void ids_snap(struct ids *s)
{
	s->nr_prog = ids_list(BPF_PROG_GET_NEXT_ID, s->prog, IDS_MAX);
	s->nr_map = ids_list(BPF_MAP_GET_NEXT_ID, s->map, IDS_MAX);
	s->nr_link = ids_list(BPF_LINK_GET_NEXT_ID, s->link, IDS_MAX);
}

static inline int ids_has(const uint32_t *v, int n, uint32_t id)
{
	for (int i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

/* The program a link runs, or 0 if the link is gone. */
static inline uint32_t ids_link_prog(uint32_t link_id)
{
	struct bpf_link_info info;
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.link_id = link_id;
	fd = ids_bpf(BPF_LINK_GET_FD_BY_ID, &attr);
	if (fd < 0)
		return 0;
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (uint64_t)(uintptr_t)&info;
	if (ids_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0)
		info.prog_id = 0;
	close(fd);
	return info.prog_id;
}

/* Our objects: ids recorded while they were loaded. */
struct ours {
	uint32_t prog[64], map[64];
	int nr_prog, nr_map;
};

/* One line naming what is left ("prog 12 map 34 link 5 (prog 12)"), or
 * an empty string when nothing is.  Waits up to 2 s for the kernel. */
static inline const char *ids_leaked(const struct ids *before,
				     const struct ours *o, char *buf,
				     size_t size)
{
	static struct ids now;

	for (int tries = 0; tries < 40; tries++) {
		size_t len = 0;

		buf[0] = '\0';
		ids_snap(&now);
		for (int i = 0; i < now.nr_prog; i++)
			if (ids_has(o->prog, o->nr_prog, now.prog[i]))
				len += snprintf(buf + len, len < size ? size - len : 0,
						"prog %u ", now.prog[i]);
		for (int i = 0; i < now.nr_map; i++)
			if (ids_has(o->map, o->nr_map, now.map[i]))
				len += snprintf(buf + len, len < size ? size - len : 0,
						"map %u ", now.map[i]);
		for (int i = 0; i < now.nr_link; i++) {
			uint32_t p;

			if (ids_has(before->link, before->nr_link, now.link[i]))
				continue;
			p = ids_link_prog(now.link[i]);
			if (p && ids_has(o->prog, o->nr_prog, p))
				len += snprintf(buf + len, len < size ? size - len : 0,
						"link %u (prog %u) ", now.link[i], p);
		}
		if (!buf[0] || len >= size)
			return buf;
		usleep(50000);
	}
	return buf;
}

#endif
