/* cmd_inspect.c: `minibpf inspect OBJ`: what an object holds, read
 * without creating anything in the kernel.  This command looks inside
 * the loader (internal.h) on purpose: it is how a reader sees what the
 * ELF reader made of a file.
 *
 * With --explain it also relocates the object (against --btf FILE or the
 * kernel's BTF file) and prints each CO-RE relocation, still without
 * loading anything.
 */
#include <stdio.h>

#include "internal.h"
#include "object.h"
#include "btf.h"
#include "tool.h"

static const char usage[] =
	"usage: minibpf inspect OBJ [--btf FILE] [--explain] [-v]\n"
	"\n"
	"List the programs (section, type, instructions), maps, global\n"
	"variables and relocations of OBJ without touching the kernel.\n"
	"\n"
	"  --explain   also apply CO-RE and print one line per relocation\n"
	"  --btf FILE  relocate against FILE (default: the kernel's BTF); a\n"
	"              FILE or DIR as for load\n"
	"  -v          more detail in error messages\n";

static const char *const reloc_names[] = {
	[MB_RELOC_CALL] = "call",     [MB_RELOC_SUBPROG_ADDR] = "func_addr",
	[MB_RELOC_MAP] = "map",	      [MB_RELOC_DATA] = "data",
	[MB_RELOC_EXTERN] = "extern", [MB_RELOC_KFUNC] = "kfunc",
};

static void print_programs(const struct mb_object *obj)
{
	printf("license \"%s\"\n", obj->license);
	for (size_t i = 0; i < obj->nr_progs; i++) {
		const struct mb_program *p = &obj->progs[i];

		if (p->is_subprog)
			printf("subprog %s section %s insns %u\n", p->name,
			       p->sec->name, p->len);
		else
			printf("prog %s section %s type %s insns %u%s\n",
			       p->name, p->sec->name,
			       mb_prog_type_name(p->def->prog_type), p->len,
			       p->autoload ? "" : " (not loaded by default)");
	}
}

static void print_maps(const struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		const struct mb_map *m = &obj->maps[i];

		printf("map %s type %s key %u value %u max_entries %u flags 0x%x\n",
		       m->name, mb_map_type_name(m->def.type), m->def.key_size,
		       m->def.value_size, m->def.max_entries, m->def.map_flags);
	}
	for (size_t i = 0; i < obj->nr_globals; i++) {
		const struct mb_global *g = &obj->globals[i];

		printf("global %s map %s offset %u size %u\n", g->name,
		       obj->maps[g->map].name, g->offset, g->size);
	}
	for (size_t i = 0; i < obj->nr_externs; i++)
		printf("extern %s%s\n", obj->externs[i].name,
		       obj->externs[i].weak ? " (weak)" : "");
}

static void print_relocs(const struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_secs; i++) {
		const struct mb_section *s = &obj->secs[i];

		for (uint32_t k = 0; k < s->nr_relocs; k++) {
			const struct mb_reloc *r = &s->relocs[k];

			printf("reloc %s insn %u %s %s", s->name, r->insn,
			       reloc_names[r->kind], r->sym);
			if (r->kind == MB_RELOC_DATA)
				printf("+%u", r->offset);
			putchar('\n');
		}
		if (s->core_relo)
			printf("core %s %u relocations\n", s->name,
			       s->core_relo->nr_recs);
	}
}

int cmd_inspect(int argc, char **argv)
{
	struct tool_args args;
	struct mb_object *obj;
	int r = tool_parse(argc, argv, OPT_BTF | OPT_EXPLAIN | OPT_VERBOSE,
			   usage, &args);

	if (r)
		return r > 0 ? 0 : EXIT_USAGE;
	if (tool_open(&args, &obj))
		return 1;
	print_programs(obj);
	print_maps(obj);
	print_relocs(obj);
	r = args.explain ? mb_object_prepare(obj) : 0;
	mb_object_close(obj);
	return r ? 1 : 0;
}
