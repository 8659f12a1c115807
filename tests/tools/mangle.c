/* mangle.c: make a broken copy of an ELF object, for error tests.
 *
 *	mangle IN OUT shdr SECTION FIELD VALUE   set a section header field
 *	                                         (offset size link info entsize)
 *	mangle IN OUT poke SECTION OFFSET BYTES  overwrite section bytes (hex);
 *	                                         a negative OFFSET counts from the end
 *	mangle IN OUT add  SECTION OFFSET DELTA  add to a u32 in the section
 *	mangle IN OUT machine VALUE              set e_machine
 *	mangle IN OUT cut  LENGTH                keep only LENGTH bytes
 *	mangle IN OUT ehdr FIELD VALUE           set an ELF header field
 *	                                         (shstrndx shnum shoff
 *	                                         shentsize type class)
 *	mangle IN OUT sym  NAME FIELD VALUE      set a .symtab symbol's field
 *	                                         (name value size shndx info)
 *	mangle IN OUT btf  ID WORD VALUE         set u32 WORD of BTF type ID
 *	                                         (0 name_off, 1 info, 2 size
 *	                                         or type, 3... its tail)
 *	mangle IN OUT ext  KIND WORD VALUE       set u32 WORD of the .BTF.ext
 *	                                         func|line|core subsection
 *	                                         (0 rec_size, 1 sec_name_off,
 *	                                         2 num_info, 3... records)
 *
 * shdr also takes the fields name, type, flags and addralign.  It
 * trusts its input (our own test objects) and parses just enough of
 * ELF64 and BTF to find a section, a symbol or a type.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *buf;
static long len;

__attribute__((noreturn)) static void die(const char *msg)
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
	else if (!strcmp(field, "name"))
		sh->sh_name = v;
	else if (!strcmp(field, "type"))
		sh->sh_type = v;
	else if (!strcmp(field, "flags"))
		sh->sh_flags = v;
	else if (!strcmp(field, "addralign"))
		sh->sh_addralign = v;
	else
		die("unknown field");
}

/* "12" is byte 12 of the section, "-1" its last byte. */
static uint64_t section_offset(const Elf64_Shdr *sh, const char *arg)
{
	long long v = strtoll(arg, NULL, 0);

	return v < 0 ? sh->sh_size + v : (uint64_t)v;
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

static void set_ehdr(const char *field, uint64_t v)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;

	if (!strcmp(field, "shstrndx"))
		eh->e_shstrndx = v;
	else if (!strcmp(field, "shnum"))
		eh->e_shnum = v;
	else if (!strcmp(field, "shoff"))
		eh->e_shoff = v;
	else if (!strcmp(field, "shentsize"))
		eh->e_shentsize = v;
	else if (!strcmp(field, "type"))
		eh->e_type = v;
	else if (!strcmp(field, "class"))
		eh->e_ident[EI_CLASS] = v;
	else
		die("unknown field");
}

static void set_sym(const char *name, const char *field, uint64_t v)
{
	Elf64_Shdr *st = section(".symtab");
	Elf64_Shdr *strs = (Elf64_Shdr *)(buf + ((Elf64_Ehdr *)buf)->e_shoff) +
			   st->sh_link;
	Elf64_Sym *sym = (Elf64_Sym *)(buf + st->sh_offset);

	for (size_t i = 0; i < st->sh_size / sizeof(*sym); i++, sym++) {
		if (strcmp((char *)buf + strs->sh_offset + sym->st_name, name))
			continue;
		if (!strcmp(field, "name"))
			sym->st_name = v;
		else if (!strcmp(field, "value"))
			sym->st_value = v;
		else if (!strcmp(field, "size"))
			sym->st_size = v;
		else if (!strcmp(field, "shndx"))
			sym->st_shndx = v;
		else if (!strcmp(field, "info"))
			sym->st_info = v;
		else
			die("unknown field");
		return;
	}
	die("no such symbol");
}

static uint32_t *u32_at(Elf64_Shdr *sh, uint64_t off)
{
	if (off + 4 > sh->sh_size)
		die("offset beyond the section");
	return (uint32_t *)(buf + sh->sh_offset + off);
}

/* Bytes that follow struct btf_type, by kind (see <linux/btf.h>). */
static uint32_t btf_tail(uint32_t info)
{
	uint32_t kind = info >> 24 & 0x1f, vlen = info & 0xffff;

	switch (kind) {
	case 1: case 14: case 17: return 4;	/* INT, VAR, DECL_TAG */
	case 3: return 12;			/* ARRAY */
	case 4: case 5: case 15: case 19:	/* STRUCT UNION DATASEC ENUM64 */
		return vlen * 12;
	case 6: case 13: return vlen * 8;	/* ENUM, FUNC_PROTO */
	default: return 0;
	}
}

static void set_btf(uint32_t id, uint32_t word, uint32_t v)
{
	Elf64_Shdr *sh = section(".BTF");
	uint32_t hdr_len = *u32_at(sh, 4), off = hdr_len + *u32_at(sh, 8);

	for (uint32_t i = 1; i < id; i++)
		off += 12 + btf_tail(*u32_at(sh, off + 4));
	*u32_at(sh, off + 4 * word) = v;
}

static void set_ext(const char *kind, uint32_t word, uint32_t v)
{
	Elf64_Shdr *sh = section(".BTF.ext");
	int k = !strcmp(kind, "func") ? 0 : !strcmp(kind, "line") ? 1 :
		!strcmp(kind, "core") ? 2 : -1;
	uint32_t hdr_len = *u32_at(sh, 4);

	if (k < 0)
		die("kind is func, line or core");
	*u32_at(sh, hdr_len + *u32_at(sh, 8 + 8 * k) + 4 * word) = v;
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
		poke(section(argv[4]), section_offset(section(argv[4]), argv[5]),
		     argv[6]);
	else if (!strcmp(argv[3], "add") && argc == 7)
		add(section(argv[4]), strtoull(argv[5], NULL, 0),
		    strtoll(argv[6], NULL, 0));
	else if (!strcmp(argv[3], "machine"))
		((Elf64_Ehdr *)buf)->e_machine = strtoul(argv[4], NULL, 0);
	else if (!strcmp(argv[3], "cut") && strtol(argv[4], NULL, 0) < len)
		len = strtol(argv[4], NULL, 0);
	else if (!strcmp(argv[3], "ehdr") && argc == 6)
		set_ehdr(argv[4], strtoull(argv[5], NULL, 0));
	else if (!strcmp(argv[3], "sym") && argc == 7)
		set_sym(argv[4], argv[5], strtoull(argv[6], NULL, 0));
	else if (!strcmp(argv[3], "btf") && argc == 7)
		set_btf(strtoul(argv[4], NULL, 0), strtoul(argv[5], NULL, 0),
			strtoul(argv[6], NULL, 0));
	else if (!strcmp(argv[3], "ext") && argc == 7)
		set_ext(argv[4], strtoul(argv[5], NULL, 0),
			strtoul(argv[6], NULL, 0));
	else
		die("bad operation");
	f = fopen(argv[2], "wb");
	if (!f || fwrite(buf, 1, len, f) != (size_t)len || fclose(f))
		die("cannot write output");
	return 0;
}
