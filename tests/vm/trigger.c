/* trigger.c: make the seed example's probe fire on a chosen CPU.
 *
 *	trigger CPU N
 *
 * The seed (bpf/seed.bpf.c) probes bpf_map_copy_value(), which every
 * BPF_MAP_LOOKUP_ELEM runs.  This creates a small array map of its own,
 * moves to CPU (sched_setaffinity) and looks up N times, so that the
 * probe runs N times there; then says what it did.  Static, for the
 * demo VM (tests/vm/guest-demo.sh).
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

int main(int argc, char **argv)
{
	union bpf_attr attr;
	uint32_t key = 0;
	uint64_t value;
	cpu_set_t set;
	int cpu, n, fd;

	if (argc != 3) {
		fprintf(stderr, "usage: trigger CPU N\n");
		return 2;
	}
	cpu = atoi(argv[1]);
	n = atoi(argv[2]);
	memset(&attr, 0, sizeof(attr));		/* unused fields must be 0 */
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(key);
	attr.value_size = sizeof(value);
	attr.max_entries = 1;
	fd = bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0) {
		perror("trigger: BPF_MAP_CREATE");
		return 1;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("trigger: sched_setaffinity");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (uintptr_t)&key;
		attr.value = (uintptr_t)&value;
		if (bpf(BPF_MAP_LOOKUP_ELEM, &attr)) {
			perror("trigger: BPF_MAP_LOOKUP_ELEM");
			return 1;
		}
	}
	printf("trigger: %d lookups of an array map on CPU %d\n", n, cpu);
	close(fd);
	return 0;
}
