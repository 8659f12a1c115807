/* mangle.c: make a broken copy of an ELF object, for error tests.
 *
 *	mangle IN OUT shdr SECTION FIELD VALUE   set a section header field
 *	                                         (offset size link info entsize)
 *	mangle IN OUT poke SECTION OFFSET BYTES  overwrite section bytes (hex)
 *	mangle IN OUT add  SECTION OFFSET DELTA  add to a u32 in the section
 *	mangle IN OUT machine VALUE              set e_machine
 *	mangle IN OUT cut  LENGTH                keep only LENGTH bytes
 *
 * It trusts its input (our own test objects) and parses just enough of
 * ELF64 to find a section by name.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *buf;
static long len;

static void die(const char *msg)
{
	fprintf(stderr, "mangle: %s\n", msg);
	exit(1);
}

static Elf64_Shdr *section(const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(buf + eh->e_shoff);
	const char *names = (const char *)buf + sh[eh->e_shstrndx].sh_offset;

	for (int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(names + sh[i].sh_name, name))
			return &sh[i];
	die("no such section");
	return NULL;
}

static void set_field(Elf64_Shdr *sh, const char *field, uint64_t v)
{
	if (!strcmp(field, "offset"))
		sh->sh_offset = v;
	else if (!strcmp(field, "size"))
		sh->sh_size = v;
	else if (!strcmp(field, "link"))
		sh->sh_link = v;
	else if (!strcmp(field, "info"))
		sh->sh_info = v;
	else if (!strcmp(field, "entsize"))
		sh->sh_entsize = v;
	else
		die("unknown field");
}

static void poke(Elf64_Shdr *sh, uint64_t off, const char *hex)
{
	for (size_t i = 0; hex[2 * i] && hex[2 * i + 1]; i++) {
		unsigned int b;

		if (off + i >= sh->sh_size || sscanf(hex + 2 * i, "%2x", &b) != 1)
			die("bad poke");
		buf[sh->sh_offset + off + i] = b;
	}
}

static void add(Elf64_Shdr *sh, uint64_t off, int64_t delta)
{
	uint32_t v;

	if (off + 4 > sh->sh_size)
		die("bad add");
	memcpy(&v, buf + sh->sh_offset + off, 4);
	v += delta;
	memcpy(buf + sh->sh_offset + off, &v, 4);
}

int main(int argc, char **argv)
{
	FILE *f;

	if (argc < 5 || !(f = fopen(argv[1], "rb")))
		die("usage: mangle IN OUT OP ARGS...");
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len);
	if (!buf || fread(buf, 1, len, f) != (size_t)len)
		die("cannot read input");
	fclose(f);
	if (!strcmp(argv[3], "shdr") && argc == 7)
		set_field(section(argv[4]), argv[5], strtoull(argv[6], NULL, 0));
	else if (!strcmp(argv[3], "poke") && argc == 7)
		poke(section(argv[4]), strtoull(argv[5], NULL, 0), argv[6]);
	else if (!strcmp(argv[3], "add") && argc == 7)
		add(section(argv[4]), strtoull(argv[5], NULL, 0),
		    strtoll(argv[6], NULL, 0));
	else if (!strcmp(argv[3], "machine"))
		((Elf64_Ehdr *)buf)->e_machine = strtoul(argv[4], NULL, 0);
	else if (!strcmp(argv[3], "cut") && strtol(argv[4], NULL, 0) < len)
		len = strtol(argv[4], NULL, 0);
	else
		die("bad operation");
	f = fopen(argv[2], "wb");
	if (!f || fwrite(buf, 1, len, f) != (size_t)len || fclose(f))
		die("cannot write output");
	return 0;
}
