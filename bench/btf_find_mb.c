/* btf_find_mb.c: minibpf's side of the in-process BTF figure of
 * `make bench` (libbpf's is btf_find_libbpf.c).
 *
 *	btf_find_mb ROUNDS NAME
 *
 * Each round parses /sys/kernel/btf/vmlinux (mb_btf_load_file: read,
 * every check, the name index) and finds the struct NAME in it
 * (mb_btf_find), then frees it.  Prints the median time of one round in
 * ms and the id found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"
#include "internal.h"
#include "log.h"
#include "btf.h"

static void print_msg(enum mb_print_level level, const char *msg, void *ctx)
{
	fprintf(stderr, "btf_find_mb: %s\n", msg);
}

int main(int argc, char **argv)
{
	struct mb_log log = { print_msg, NULL, MB_ERROR };
	int rounds = argc == 3 ? atoi(argv[1]) : 0, id = -1;
	double *ms;

	if (rounds < 1 || !(ms = calloc(rounds, sizeof(*ms)))) {
		fprintf(stderr, "usage: btf_find_mb ROUNDS NAME\n");
		return 2;
	}
	for (int i = 0; i < rounds; i++) {
		double t0 = now_ms();
		struct mb_btf *btf;

		if (mb_btf_load_file("/sys/kernel/btf/vmlinux", &log, &btf))
			return 1;
		id = mb_btf_find(btf, argv[2], BTF_KIND_STRUCT);
		ms[i] = now_ms() - t0;
		mb_btf_free(btf);
		if (id < 0) {
			fprintf(stderr, "btf_find_mb: no struct %s\n", argv[2]);
			return 1;
		}
	}
	qsort(ms, rounds, sizeof(*ms), cmp_double);
	printf("%.3f %d\n", ms[rounds / 2], id);
	free(ms);
	return 0;
}
