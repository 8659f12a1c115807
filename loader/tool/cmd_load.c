/* cmd_load.c: `minibpf load OBJ`: load an object and report what the
 * kernel made of it, one line per program and map, then release it all.
 * Exits 0 only if every selected program and every map loaded.
 */
#include <stdio.h>

#include "tool.h"

static const char usage[] =
	"usage: minibpf load OBJ [--prog NAME]... [--set VAR=VALUE]...\n"
	"                        [--map NAME:max_entries=N,value_size=N]...\n"
	"                        [--btf FILE] [--explain] [-v]\n"
	"\n"
	"Load every program of OBJ (or only those named with --prog) and its\n"
	"maps into the kernel, print one line per program and map with its\n"
	"kernel id, then unload them.  Exits 0 only if everything loaded.\n"
	"\n"
	"  --prog NAME       load only this program (repeatable)\n"
	"  --set VAR=VALUE   set global variable VAR before loading\n"
	"  --map NAME:max_entries=N,value_size=N\n"
	"                    set map NAME's sizes before loading (either key\n"
	"                    alone too): for maps declared with max_entries 0\n"
	"                    or sized by their user space (stack traces)\n"
	"  --btf FILE|DIR    relocate against FILE's BTF, not the kernel's; a\n"
	"                    FILE with a build id must be the running kernel's;\n"
	"                    of a DIR, the file with the kernel's build id\n"
	"  --explain         print one line per CO-RE relocation:\n"
	"                    core PROG insn N KIND OLD -> NEW ...\n"
	"  -v, --verbose     print each stage and whole verifier logs\n";

static void print_result(struct mb_object *obj)
{
	for (size_t i = 0; i < mb_object_program_count(obj); i++) {
		struct mb_program *p = mb_object_program(obj, i);

		if (!mb_program_autoload(p))
			continue;
		printf("prog %s id %u type %s section %s insns %zu\n",
		       mb_program_name(p), mb_program_id(p),
		       mb_program_type_name(p), mb_program_section(p),
		       mb_program_insn_count(p));
	}
	for (size_t i = 0; i < mb_object_map_count(obj); i++) {
		struct mb_map *m = mb_object_map(obj, i);

		printf("map %s id %u type %s key %u value %u max_entries %u\n",
		       mb_map_name(m), mb_map_id(m),
		       mb_map_type_name(mb_map_type(m)), mb_map_key_size(m),
		       mb_map_value_size(m), mb_map_max_entries(m));
	}
}

int cmd_load(int argc, char **argv)
{
	struct tool_args args;
	struct mb_object *obj;
	int r = tool_parse(argc, argv,
			   OPT_PROG | OPT_SET | OPT_MAP | OPT_BTF |
				   OPT_EXPLAIN | OPT_VERBOSE,
			   usage, &args);

	if (r)
		return r > 0 ? 0 : EXIT_USAGE;
	if (tool_open(&args, &obj))
		return 1;
	r = mb_object_load(obj);
	if (!r)
		print_result(obj);
	mb_object_close(obj);
	return r ? 1 : 0;
}
