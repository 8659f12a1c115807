/* ours.h: which programs and maps in the kernel are this suite's.
 *
 * Our objects name every program and map hst_* (and the global data
 * maps of stageN.bpf.o and tp_count.bpf.o get "<object>.bss"): names no
 * other test uses, so tests running at the same time do not disturb the
 * "nothing left behind" checks.  count_ours() walks every id with
 * BPF_PROG/MAP_GET_NEXT_ID (needs root).
 */
#ifndef MB_HOSTILE_OURS_H
#define MB_HOSTILE_OURS_H

#include <string.h>
#include <unistd.h>

#include "internal.h"

/* "hst_*" programs and maps, "stageN.*"/"tp_count.*" data maps: ours. */
static inline int is_ours(const char *name)
{
	return !strncmp(name, "hst_", 4) || !strncmp(name, "tp_count.", 9) ||
	       (!strncmp(name, "stage", 5) && strchr(name, '.'));
}

/* How many programs (cmd BPF_PROG_GET_NEXT_ID) or maps of ours exist,
 * their names in buf. */
static inline int count_ours(int next_cmd, int fd_cmd, char *buf, size_t size)
{
	union bpf_attr attr;
	uint32_t id = 0;
	int n = 0;

	buf[0] = '\0';
	for (;;) {
		char info[256] = { 0 };
		uint32_t len = sizeof(info);
		const char *name;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (mb_sys_bpf(next_cmd, &attr, sizeof(attr)) < 0)
			break;
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.prog_id = id;	/* map_id: the same field */
		fd = mb_sys_bpf(fd_cmd, &attr, sizeof(attr));
		if (fd < 0)
			continue;	/* gone meanwhile */
		if (!mb_sys_obj_info(fd, info, &len)) {
			name = next_cmd == BPF_PROG_GET_NEXT_ID ?
			       ((struct bpf_prog_info *)info)->name :
			       ((struct bpf_map_info *)info)->name;
			if (is_ours(name)) {
				n++;
				snprintf(buf + strlen(buf), size - strlen(buf),
					 "%s %u ", name, id);
			}
		}
		close(fd);
	}
	return n;
}

#endif
