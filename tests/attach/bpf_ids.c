/* bpf_ids.c: list the kernel's BPF programs, maps and links, one per
 * line, for the shell tests' "nothing left behind" checks:
 *
 *	prog 12 on_getpid
 *	map 34 events
 *	link 5 prog 12
 */
#include "bpf_ids.h"

static void info_of(int cmd, uint32_t id, void *info, uint32_t len)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	if (cmd == BPF_PROG_GET_FD_BY_ID)
		attr.prog_id = id;
	else
		attr.map_id = id;
	fd = ids_bpf(cmd, &attr);
	if (fd < 0)
		return;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = len;
	attr.info.info = (uint64_t)(uintptr_t)info;
	ids_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	close(fd);
}

int main(void)
{
	static struct ids s;

	ids_snap(&s);
	for (int i = 0; i < s.nr_prog; i++) {
		struct bpf_prog_info info = { 0 };

		info_of(BPF_PROG_GET_FD_BY_ID, s.prog[i], &info, sizeof(info));
		printf("prog %u %s\n", s.prog[i], info.name);
	}
	for (int i = 0; i < s.nr_map; i++) {
		struct bpf_map_info info = { 0 };

		info_of(BPF_MAP_GET_FD_BY_ID, s.map[i], &info, sizeof(info));
		printf("map %u %s\n", s.map[i], info.name);
	}
	for (int i = 0; i < s.nr_link; i++)
		printf("link %u prog %u\n", s.link[i], ids_link_prog(s.link[i]));
	return 0;
}
