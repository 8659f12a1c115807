/* measure.c: whole-process wall time and peak RSS of two loaders, side by
 * side, for `make bench`.
 *
 *	measure ROUNDS "CMD_A ARGS" "CMD_B ARGS" OBJ...
 *
 * One round runs CMD_A once per object (CMD_A ARGS OBJ, each a process of
 * its own), then CMD_B the same way; rounds alternate which side goes
 * first, so that a slow spell of the machine hits both.  A round's time is
 * the sum over its objects of fork-to-wait4 wall time; its RSS the largest
 * ru_maxrss wait4 reports for one of its processes.  Prints the median of
 * ROUNDS rounds for each side on one line:
 *
 *	A_MS A_KIB B_MS B_KIB
 *
 * Every process must exit 0: a load that fails is not a time.  The
 * processes' output goes to /dev/null.  One warm-up round per side is not
 * counted (the first read of vmlinux BTF and the page cache).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

#define MAX_ARGS 16

struct side {
	char *argv[MAX_ARGS + 2];	/* command, its args, object, NULL */
	int argc;			/* where the object goes */
	double *ms;			/* per round */
	long *kib;			/* per round */
};

/* Split "build/minibpf load" on spaces; the object is appended later. */
static int side_init(struct side *s, char *cmd, int rounds)
{
	for (char *tok = strtok(cmd, " "); tok; tok = strtok(NULL, " ")) {
		if (s->argc == MAX_ARGS)
			return -1;
		s->argv[s->argc++] = tok;
	}
	s->ms = calloc(rounds, sizeof(*s->ms));
	s->kib = calloc(rounds, sizeof(*s->kib));
	return s->argc && s->ms && s->kib ? 0 : -1;
}

/* One process: wall time in *ms, peak RSS in *kib; -1 if it failed. */
static int run_one(struct side *s, char *obj, double *ms, long *kib)
{
	double t0 = now_ms();
	struct rusage ru;
	int status;
	pid_t pid;

	s->argv[s->argc] = obj;
	s->argv[s->argc + 1] = NULL;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execv(s->argv[0], s->argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return -1;
	*ms = now_ms() - t0;
	*kib = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "measure: %s %s failed (status %#x)\n",
			s->argv[0], obj, status);
		return -1;
	}
	return 0;
}

/* One round of one side: every object once. */
static int run_round(struct side *s, char **objs, int nr_objs, int round)
{
	double total = 0, ms;
	long peak = 0, kib;

	for (int i = 0; i < nr_objs; i++) {
		if (run_one(s, objs[i], &ms, &kib))
			return -1;
		total += ms;
		peak = kib > peak ? kib : peak;
	}
	if (round >= 0) {
		s->ms[round] = total;
		s->kib[round] = peak;
	}
	return 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static void print_median(const struct side *s, int rounds)
{
	qsort(s->ms, rounds, sizeof(*s->ms), cmp_double);
	qsort(s->kib, rounds, sizeof(*s->kib), cmp_long);
	printf("%.3f %ld", s->ms[rounds / 2], s->kib[rounds / 2]);
}

int main(int argc, char **argv)
{
	struct side a = { 0 }, b = { 0 };
	int rounds = argc > 1 ? atoi(argv[1]) : 0;
	char **objs = argv + 4;
	int nr_objs = argc - 4;

	if (argc < 5 || rounds < 1) {
		fprintf(stderr,
			"usage: measure ROUNDS \"CMD_A ARGS\" \"CMD_B ARGS\" OBJ...\n");
		return 2;
	}
	if (side_init(&a, argv[2], rounds) || side_init(&b, argv[3], rounds))
		return 2;
	if (run_round(&a, objs, nr_objs, -1) || run_round(&b, objs, nr_objs, -1))
		return 1;
	for (int r = 0; r < rounds; r++) {
		struct side *first = r % 2 ? &b : &a, *second = r % 2 ? &a : &b;

		if (run_round(first, objs, nr_objs, r) ||
		    run_round(second, objs, nr_objs, r))
			return 1;
	}
	print_median(&a, rounds);
	putchar(' ');
	print_median(&b, rounds);
	putchar('\n');
	return 0;
}
