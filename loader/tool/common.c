/* common.c: option parsing and printing shared by the tool's commands.
 *
 * Every command takes the object file as its one positional argument
 * and a subset of the same options; tool_parse() knows them all and
 * rejects those the command does not take.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

void tool_error(const char *fmt, ...)
{
	va_list ap;

	fputs("minibpf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void tool_print(enum mb_print_level level, const char *msg, void *ctx)
{
	FILE *f = level == MB_INFO ? stdout : stderr;

	fprintf(f, "%s%s\n", level == MB_INFO ? "" : "minibpf: ", msg);
}

static int add_arg(const char **list, int *nr, int max, const char *arg,
		   const char *opt)
{
	if (*nr >= max) {
		tool_error("too many %s options (at most %d)", opt, max);
		return -1;
	}
	list[(*nr)++] = arg;
	return 0;
}

/* "2", "0.5", "2.25": seconds as decimal digits with an optional
 * fraction, by hand (strtod would bring all of libc's float parsing
 * into the static binary).  Up to 15 digits, all exact in a double, so
 * digits / 10^fraction_digits is rounded once, as strtod would round. */
static int parse_seconds(const char *arg, const char *opt, double *out)
{
	unsigned long long digits = 0, scale = 1;
	int nr_digits = 0, point = 0;
	const char *p;

	for (p = arg; *p; p++) {
		if (*p == '.' && !point) {
			point = 1;
			continue;
		}
		if (*p < '0' || *p > '9' || ++nr_digits > 15)
			break;
		digits = digits * 10 + (*p - '0');
		scale *= point ? 10 : 1;
	}
	if (*p || !nr_digits) {
		tool_error("%s: '%s' is not a number of seconds", opt, arg);
		return -1;
	}
	*out = (double)digits / (double)scale;
	return 0;
}

static const struct option long_opts[] = {
	{ "prog", required_argument, NULL, 'p' },
	{ "set", required_argument, NULL, 's' },
	{ "map", required_argument, NULL, 'm' },
	{ "btf", required_argument, NULL, 'b' },
	{ "explain", no_argument, NULL, 'e' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "duration", required_argument, NULL, 'd' },
	{ "interval", required_argument, NULL, 'i' },
	{ "perf-event", required_argument, NULL, 'P' },
	{ "dump", required_argument, NULL, 'D' },
	{ "legacy-kprobe", no_argument, NULL, 'L' },
	{ "usdt", required_argument, NULL, 'U' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Which mask bit allows each option. */
static unsigned int opt_mask(int c)
{
	switch (c) {
	case 'p':
		return OPT_PROG;
	case 's':
		return OPT_SET;
	case 'm':
		return OPT_MAP;
	case 'b':
		return OPT_BTF;
	case 'e':
		return OPT_EXPLAIN;
	case 'v':
		return OPT_VERBOSE;
	case 'h':
		return ~0u;
	default:
		return OPT_RUN;
	}
}

static int parse_one(int c, const char *arg, struct tool_args *a)
{
	switch (c) {
	case 'p':
		return add_arg(a->progs, &a->nr_progs, 64, arg, "--prog");
	case 's':
		return add_arg(a->sets, &a->nr_sets, 64, arg, "--set");
	case 'm':
		return add_arg(a->maps, &a->nr_maps, 64, arg, "--map");
	case 'b':
		a->btf = arg;
		return 0;
	case 'e':
		a->explain = true;
		return 0;
	case 'v':
		a->verbose++;
		return 0;
	case 'd':
		return parse_seconds(arg, "--duration", &a->duration);
	case 'i':
		return parse_seconds(arg, "--interval", &a->interval);
	case 'P':
		return add_arg(a->perf_events, &a->nr_perf_events, 16, arg,
			       "--perf-event");
	case 'D':
		return add_arg(a->dumps, &a->nr_dumps, 16, arg, "--dump");
	case 'L':
		a->legacy = true;
		return 0;
	case 'U':
		a->usdt = arg;
		return 0;
	default:
		return -1;
	}
}

int tool_parse(int argc, char **argv, unsigned int mask, const char *usage,
	       struct tool_args *args)
{
	int c;

	memset(args, 0, sizeof(*args));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "v", long_opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (c == '?' || c == ':' || !(opt_mask(c) & mask)) {
			tool_error("%s: unknown option '%s' (see %s --help)",
				   argv[0], argv[optind - 1], argv[0]);
			return -1;
		}
		if (parse_one(c, optarg, args))
			return -1;
	}
	if (optind != argc - 1) {
		tool_error("%s: expected one object file (see %s --help)",
			   argv[0], argv[0]);
		return -1;
	}
	args->obj = argv[optind];
	return 0;
}

static int select_programs(struct mb_object *obj, const struct tool_args *a)
{
	size_t n = mb_object_program_count(obj);

	if (!a->nr_progs)
		return 0;
	for (size_t i = 0; i < n; i++)
		mb_program_set_autoload(mb_object_program(obj, i), false);
	for (int k = 0; k < a->nr_progs; k++) {
		struct mb_program *p = mb_object_find_program(obj, a->progs[k]);

		if (!p) {
			tool_error("--prog %s: no program of that name in %s",
				   a->progs[k], a->obj);
			return -ENOENT;
		}
		mb_program_set_autoload(p, true);
	}
	return 0;
}

static int apply_sets(struct mb_object *obj, const struct tool_args *a)
{
	for (int k = 0; k < a->nr_sets; k++) {
		char name[256];
		const char *eq = strchr(a->sets[k], '=');
		int err;

		if (!eq || eq == a->sets[k] ||
		    (size_t)(eq - a->sets[k]) >= sizeof(name)) {
			tool_error("--set %s: expected NAME=VALUE", a->sets[k]);
			return -EINVAL;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - a->sets[k]),
			 a->sets[k]);
		err = mb_object_set_global_str(obj, name, eq + 1);
		if (err)
			return err;
	}
	return 0;
}

/* One KEY=N of --map NAME:KEY=N,KEY=N; *end: after it. */
static int apply_map_size(struct mb_map *map, const char *opt, const char *kv,
			  const char **end)
{
	const char *eq = strchr(kv, '=');
	size_t klen = eq ? (size_t)(eq - kv) : 0;
	unsigned long long n = 0;
	const char *p = eq ? eq + 1 : kv;

	for (; *p >= '0' && *p <= '9' && n <= UINT32_MAX; p++)
		n = n * 10 + (unsigned long long)(*p - '0');
	if (!eq || p == eq + 1 || (*p && *p != ',') || n > UINT32_MAX) {
		tool_error("--map %s: expected NAME:max_entries=N,value_size=N",
			   opt);
		return -EINVAL;
	}
	*end = *p ? p + 1 : p;
	if (klen == 11 && !strncmp(kv, "max_entries", klen))
		return mb_map_set_max_entries(map, (uint32_t)n);
	if (klen == 10 && !strncmp(kv, "value_size", klen))
		return mb_map_set_value_size(map, (uint32_t)n);
	tool_error("--map %s: unknown key '%.*s' (max_entries, value_size)",
		   opt, (int)klen, kv);
	return -EINVAL;
}

static int apply_maps(struct mb_object *obj, const struct tool_args *a)
{
	for (int k = 0; k < a->nr_maps; k++) {
		const char *opt = a->maps[k], *colon = strchr(opt, ':'), *kv;
		char name[256];
		struct mb_map *map;
		int err = 0;

		if (!colon || colon == opt || !colon[1] ||
		    (size_t)(colon - opt) >= sizeof(name)) {
			tool_error("--map %s: expected NAME:max_entries=N,value_size=N",
				   opt);
			return -EINVAL;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(colon - opt), opt);
		map = mb_object_find_map(obj, name);
		if (!map) {
			tool_error("--map %s: no map %s in %s", opt, name,
				   a->obj);
			return -ENOENT;
		}
		for (kv = colon + 1; !err && *kv;)
			err = apply_map_size(map, opt, kv, &kv);
		if (err)
			return err;
	}
	return 0;
}

int tool_open(const struct tool_args *a, struct mb_object **objp)
{
	struct mb_open_opts opts = {
		.btf_path = a->btf,
		.print = tool_print,
		.level = a->verbose ? MB_DEBUG :
			 a->explain ? MB_INFO :
				      MB_WARN,
		.force_legacy_kprobe = a->legacy,
	};
	int err = mb_object_open(a->obj, &opts, objp);

	if (!err)
		err = select_programs(*objp, a);
	if (!err)
		err = apply_sets(*objp, a);
	if (!err)
		err = apply_maps(*objp, a);
	if (err && *objp) {
		mb_object_close(*objp);
		*objp = NULL;
	}
	return err;
}
