/* cmd_btf.c: `minibpf btf dump|min`: BTF files as text and as C, and
 * the minimal BTF that an object's CO-RE relocations need.
 *
 *	minibpf btf dump FILE [--format raw|c]
 *	minibpf btf min --btf FULL [--build-id HEX] OBJ... -o OUT
 *
 * FILE and FULL are raw BTF (/sys/kernel/btf/vmlinux) or an ELF file
 * with a .BTF section (a vmlinux, a BPF object, pahole's output).  The
 * work is the library's (mb_btf_* in minibpf.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char usage[] =
	"usage: minibpf btf dump FILE [--format raw|c]\n"
	"\n"
	"  dump FILE    print every type of FILE (raw BTF, or an ELF file\n"
	"               with .BTF): one line per type as bpftool prints them,\n"
	"               or with --format c the C declarations (a vmlinux.h)\n"
	"\n"
	"usage: minibpf btf min --btf FULL [--build-id HEX] OBJ... -o OUT\n"
	"\n"
	"  min          the types of FULL that the CO-RE relocations of the\n"
	"               objects use, and nothing else: a BTF for --btf on a\n"
	"               kernel without one.  If FULL is a vmlinux with a build\n"
	"               id (or /sys/kernel/btf/vmlinux: the running kernel's),\n"
	"               OUT is a small ELF file with .BTF and that id, which\n"
	"               --btf checks against the running kernel\n"
	"  --build-id HEX  the id OUT carries, for a FULL that has none (pahole's\n"
	"               BTF of a -dbg vmlinux): the kernel's, as its\n"
	"               /sys/kernel/notes or the vmlinux's .notes says\n";

static const struct mb_open_opts tool_opts = {
	.print = tool_print,
	.level = MB_WARN,
};

static int btf_dump_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "raw";
	struct mb_btf *btf;
	int c, err = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (c != 'f') {
			tool_error("btf dump: unknown option '%s'",
				   argv[optind - 1]);
			return EXIT_USAGE;
		}
		format = optarg;
	}
	if (optind != argc - 1 ||
	    (strcmp(format, "raw") && strcmp(format, "c"))) {
		tool_error(
			"btf dump: expected one FILE and --format raw or c (see minibpf btf --help)");
		return EXIT_USAGE;
	}
	if (mb_btf_open(argv[optind], &tool_opts, &btf))
		return 1;
	if (!strcmp(format, "c"))
		err = mb_btf_print_c(stdout, btf, &tool_opts);
	else
		mb_btf_print_raw(stdout, btf);
	mb_btf_close(btf);
	if (fflush(stdout)) {
		tool_error("btf dump: cannot write the output");
		return 1;
	}
	return err ? 1 : 0;
}

static int btf_min_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "btf", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "build-id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *full = NULL, *out = NULL, *build_id = NULL;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (c == 'b')
			full = optarg;
		else if (c == 'o')
			out = optarg;
		else if (c == 'i')
			build_id = optarg;
		else
			break;
	}
	if (c != -1 || !full || !out || optind == argc) {
		tool_error(
			"btf min: expected --btf FULL, -o OUT and objects (see minibpf btf --help)");
		return EXIT_USAGE;
	}
	return mb_btf_write_min(full, (const char *const *)argv + optind,
				argc - optind, build_id, out, &tool_opts) ?
		       1 :
		       0;
}

int cmd_btf(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "min"))
		return btf_min_cmd(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "dump"))
		return btf_dump_cmd(argc - 1, argv + 1);
	if (argc >= 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	fputs(usage, stderr);
	return EXIT_USAGE;
}
