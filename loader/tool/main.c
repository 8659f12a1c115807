/* main.c: the minibpf command.
 *
 *	minibpf load OBJ     load programs and maps, print their kernel ids
 *	minibpf inspect OBJ  show what an object holds, without the kernel
 *	minibpf run OBJ      load, attach, stream output, dump maps
 *	minibpf btf ...      BTF files: dump as text or C, minimise
 *
 * Each command lives in its own cmd_*.c; this file only dispatches.
 * Exit status: 0 on success, 1 on failure, 2 on a usage error.
 */
#include <stdio.h>
#include <string.h>

#include "tool.h"

static const char usage[] =
	"usage: minibpf COMMAND OBJ [OPTIONS]\n"
	"\n"
	"A small eBPF loader: reads a BPF ELF object, relocates it against the\n"
	"running kernel's BTF (CO-RE) and loads it with the bpf() syscall.\n"
	"\n"
	"commands:\n"
	"  load OBJ      load all programs and maps; print one line each\n"
	"  inspect OBJ   list programs, maps, globals and relocations\n"
	"  run OBJ       load, attach, stream output until Ctrl-C\n"
	"  btf dump|min  print a BTF file as text or C; make a minimal BTF\n"
	"\n"
	"'minibpf COMMAND --help' describes each command's options.\n";

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "load", cmd_load },
	{ "inspect", cmd_inspect },
	{ "run", cmd_run },
	{ "btf", cmd_btf },
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	tool_error("unknown command '%s' (see minibpf --help)", argv[1]);
	return EXIT_USAGE;
}
