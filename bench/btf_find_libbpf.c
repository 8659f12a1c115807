/* btf_find_libbpf.c: libbpf's side of the in-process BTF figure of
 * `make bench` (minibpf's is btf_find_mb.c).
 *
 *	btf_find_libbpf ROUNDS NAME
 *
 * Each round parses /sys/kernel/btf/vmlinux (btf__load_vmlinux_btf) and
 * finds the struct NAME in it (btf__find_by_name_kind), then frees it.
 * Prints the median time of one round in ms and the id found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "clock.h"

int main(int argc, char **argv)
{
	int rounds = argc == 3 ? atoi(argv[1]) : 0, id = -1;
	double *ms;

	if (rounds < 1 || !(ms = calloc(rounds, sizeof(*ms)))) {
		fprintf(stderr, "usage: btf_find_libbpf ROUNDS NAME\n");
		return 2;
	}
	for (int i = 0; i < rounds; i++) {
		double t0 = now_ms();
		struct btf *btf = btf__load_vmlinux_btf();

		if (!btf) {
			perror("btf_find_libbpf: btf__load_vmlinux_btf");
			return 1;
		}
		id = btf__find_by_name_kind(btf, argv[2], BTF_KIND_STRUCT);
		ms[i] = now_ms() - t0;
		btf__free(btf);
		if (id < 0) {
			fprintf(stderr, "btf_find_libbpf: no struct %s\n", argv[2]);
			return 1;
		}
	}
	qsort(ms, rounds, sizeof(*ms), cmp_double);
	printf("%.3f %d\n", ms[rounds / 2], id);
	free(ms);
	return 0;
}
