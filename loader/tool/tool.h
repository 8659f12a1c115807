/* tool.h: what the files of the minibpf command share.
 *
 * main.c dispatches to one cmd_*.c per subcommand; common.c holds the
 * option parsing and the message printer they share.  The tool uses the
 * public library API (minibpf.h) for everything but `inspect`, which
 * shows the loader's internals (relocations, CO-RE records, globals)
 * on purpose: they are what it is for.
 */
#ifndef MINIBPF_TOOL_H
#define MINIBPF_TOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/bpf.h>

#include "minibpf.h"

#define EXIT_USAGE    2
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct tool_args {
	const char *obj;       /* the object file */
	const char *progs[64]; /* --prog: load only these */
	int nr_progs;
	const char *sets[64]; /* --set NAME=VALUE */
	int nr_sets;
	const char *maps[64]; /* --map NAME:max_entries=N,value_size=N */
	int nr_maps;
	const char *btf;	     /* --btf FILE */
	int verbose;		     /* -v */
	bool explain;		     /* --explain */
	bool legacy;		     /* --legacy-kprobe */
	double duration, interval;   /* run: seconds, 0 = none */
	const char *perf_events[16]; /* run: --perf-event MAP=EVENT */
	int nr_perf_events;
	const char *dumps[16]; /* run: --dump MAP */
	int nr_dumps;
	const char *usdt; /* run: --usdt PATH:PROVIDER:NAME */
};

/* The options every command may take, with their help text. */
enum tool_opt {
	OPT_PROG = 1 << 0,
	OPT_SET = 1 << 1,
	OPT_BTF = 1 << 2,
	OPT_EXPLAIN = 1 << 3,
	OPT_VERBOSE = 1 << 4,
	OPT_RUN = 1 << 5,
	OPT_MAP = 1 << 6,
};

/* Parse argv into args, allowing the options in mask; prints usage on
 * --help (returns 1) or on an error (returns -1). */
int tool_parse(int argc, char **argv, unsigned int mask, const char *usage,
	       struct tool_args *args);
/* Open args->obj with the options applied (--prog, --set, --map, --btf). */
int tool_open(const struct tool_args *args, struct mb_object **objp);
/* The library's print callback: errors to stderr, --explain to stdout. */
void tool_print(enum mb_print_level level, const char *msg, void *ctx);
void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* dump.c: "NAME (TYPE):" and one line per entry; a histogram if
 * hist_applies. */
int dump_map(FILE *f, struct mb_map *map);

/* hist.c: a map whose name contains "hist", with integer keys (log2
 * slots) and integer values (counts; per-CPU values are summed). */
bool hist_applies(const struct mb_map *map);
int hist_print(FILE *f, struct mb_map *map);

int cmd_load(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_btf(int argc, char **argv);

#endif
