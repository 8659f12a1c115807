/* btf_time.c: how long mb_btf_parse takes on a BTF file (default: the
 * kernel's).  Not a test: a figure for `make bench` and for reports.
 *
 *	btf_time [FILE [ROUNDS]]
 *
 * Reads the file once, then parses it ROUNDS times (default 50) and
 * prints the best and the median time of one parse, which includes the
 * copy, every check and the name index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void print_msg(enum mb_print_level level, const char *msg, void *ctx)
{
	fprintf(stderr, "%s\n", msg);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/sys/kernel/btf/vmlinux";
	int rounds = argc > 2 ? atoi(argv[2]) : 50;
	struct mb_log log = { print_msg, NULL, MB_DEBUG };
	struct mb_btf *btf;
	double *ms;
	void *data;
	size_t size;
	int err;

	if (rounds < 1 || !(ms = calloc(rounds, sizeof(*ms))))
		return 2;
	err = mb_read_file(path, &data, &size);
	if (err) {
		fprintf(stderr, "btf_time: %s: %s\n", path, strerror(-err));
		return 1;
	}
	for (int i = 0; i < rounds; i++) {
		double t0 = now_ms();

		if (mb_btf_parse(data, size, NULL, path, &log, &btf))
			return 1;
		ms[i] = now_ms() - t0;
		if (i < rounds - 1)
			mb_btf_free(btf);
	}
	qsort(ms, rounds, sizeof(*ms), cmp_double);
	printf("%s: %zu bytes, %u types: parse best %.2f ms, median %.2f ms\n",
	       path, size, mb_btf_type_count(btf) - 1, ms[0], ms[rounds / 2]);
	mb_btf_free(btf);
	free(data);
	free(ms);
	return 0;
}
