/* phases.c: where minibpf's load time goes, for `make bench`.
 *
 *	phases ROUNDS OBJ
 *
 * Runs the stages of mb_object_load one by one, each timed, and prints
 * the median of ROUNDS rounds per stage in ms, one "NAME MS" per line:
 *
 *	read      read() of /sys/kernel/btf/vmlinux into memory (what a
 *	          loader that reads the file pays; shown for comparison)
 *	btf       mb_btf_load_file of vmlinux, as the library does it:
 *	          get the bytes, check every type, index the names
 *	open      mb_object_open: the ELF file, programs, maps, BTF
 *	relocate  mb_object_prepare: externs, CO-RE, linking (the target BTF
 *	          is the one timed under btf, handed to the object)
 *	load      the syscalls: BPF_BTF_LOAD, maps created and filled,
 *	          BPF_PROG_LOAD per program (verifier time included)
 *	close     mb_object_close: every fd closed, memory freed
 *
 * load repeats the second half of mb_object_load (object.c) step by step,
 * because mb_object_load would run mb_object_prepare again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "internal.h"
#include "log.h"
#include "object.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

enum { READ, BTF, OPEN, RELOCATE, LOAD, CLOSE, NR_PHASES };
static const char *const names[NR_PHASES] = {
	"read", "btf", "open", "relocate", "load", "close",
};

static void print_msg(enum mb_print_level level, const char *msg, void *ctx)
{
	fprintf(stderr, "phases: %s\n", msg);
}

/* The kernel half of mb_object_load, as object.c does it. */
static int load(struct mb_object *obj)
{
	int err = mb_btf_upload(obj) ?: mb_maps_create(obj);

	for (size_t i = 0; !err && i < obj->nr_entry_progs; i++) {
		struct mb_program *prog = &obj->progs[i];

		if (prog->autoload)
			err = mb_link_maps(obj, prog) ?: mb_prog_load(obj, prog);
	}
	if (!err)
		err = mb_maps_fill_prog_slots(obj);
	obj->loaded = !err;
	return err;
}

/* One round: each phase's time into ms[phase]. */
static int round_once(const char *path, double *ms)
{
	struct mb_open_opts opts = { .print = print_msg, .level = MB_ERROR };
	struct mb_log log = { print_msg, NULL, MB_ERROR };
	struct mb_object *obj;
	struct mb_btf *btf;
	double t = now_ms();
	size_t size;
	void *data;
	int err;

#define LAP(phase) do { double t1 = now_ms(); ms[phase] = t1 - t; t = t1; } while (0)
	if (mb_read_file(VMLINUX, &data, &size))
		return -1;
	LAP(READ);
	free(data);
	t = now_ms();
	if (mb_btf_load_file(VMLINUX, &log, &btf))
		return -1;
	LAP(BTF);
	err = mb_object_open(path, &opts, &obj);
	if (err) {
		mb_btf_free(btf);
		return -1;
	}
	LAP(OPEN);
	obj->btf_file = btf;		/* freed by mb_object_close */
	obj->target_btf = btf;
	err = mb_object_prepare(obj);
	LAP(RELOCATE);
	if (!err)
		err = load(obj);
	LAP(LOAD);
	mb_object_close(obj);
	LAP(CLOSE);
	return err ? -1 : 0;
}

int main(int argc, char **argv)
{
	int rounds = argc == 3 ? atoi(argv[1]) : 0;
	double *ms[NR_PHASES];

	if (rounds < 1) {
		fprintf(stderr, "usage: phases ROUNDS OBJ\n");
		return 2;
	}
	for (int p = 0; p < NR_PHASES; p++)
		if (!(ms[p] = calloc(rounds, sizeof(double))))
			return 1;
	for (int r = 0; r < rounds; r++) {
		double one[NR_PHASES];

		if (round_once(argv[2], one))
			return 1;
		for (int p = 0; p < NR_PHASES; p++)
			ms[p][r] = one[p];
	}
	for (int p = 0; p < NR_PHASES; p++) {
		qsort(ms[p], rounds, sizeof(double), cmp_double);
		printf("%s %.3f\n", names[p], ms[p][rounds / 2]);
		free(ms[p]);
	}
	return 0;
}
