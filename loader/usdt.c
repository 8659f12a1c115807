/* usdt.c: reading USDT probes from a binary's .note.stapsdt.
 *
 * <sys/sdt.h> turns STAP_PROBE2(prov, name, x, y) into a nop and an ELF
 * note (owner "stapsdt", type 3) in .note.stapsdt whose descriptor is
 *
 *	pc, base, semaphore	three addresses (4 or 8 bytes each)
 *	"prov\0name\0-4@%edi 8@-16(%rbp)\0"
 *
 * pc is the nop's link-time address.  If prelink moved the file after
 * linking, the note's base differs from the address of .stapsdt.base
 * and both pc and semaphore move by that difference.  The semaphore
 * (0: none) is a 2-byte counter that the program checks before it
 * computes costly arguments; a tracer increments it while attached.
 * Both addresses become file offsets (through the PT_LOAD that maps
 * them), which is what uprobes take; each argument string is parsed by
 * usdt_arg.c, and a symbol it names ("8@g(%rip)") resolved here.
 *
 * Reference: sourceware.org/systemtap/wiki/UserSpaceProbeImplementation.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "log.h"
#include "usdt.h"

#define NT_STAPSDT 3

/* ---- the notes ------------------------------------------------------ */

static uint64_t get_word(const unsigned char *p, int size, bool big)
{
	uint64_t v = 0;

	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[big ? size - 1 - i : i] << (8 * i);
	return v;
}

/* The three NUL-terminated strings after the addresses, within desc. */
static int note_strings(const char *s, size_t len, struct mb_usdt_note *n)
{
	const char **out[] = { &n->provider, &n->name, &n->args };

	for (size_t i = 0; i < ARRAY_SIZE(out); i++) {
		const char *nul = memchr(s, '\0', len);

		if (!nul)
			return -EINVAL;
		*out[i] = s;
		len -= nul + 1 - s;
		s = nul + 1;
	}
	return 0;
}

#define ALIGN4(x) (((x) + 3) & ~(uint64_t)3)

int mb_usdt_notes_walk(const void *data, size_t size, bool is64,
		       bool big_endian,
		       int (*fn)(const struct mb_usdt_note *n, void *ctx),
		       void *ctx, const char **why)
{
	const unsigned char *p = data;
	int asz = is64 ? 8 : 4, ret;
	uint64_t off = 0;

	while (off + 12 <= size) {
		uint64_t namesz = get_word(p + off, 4, big_endian);
		uint64_t descsz = get_word(p + off + 4, 4, big_endian);
		uint32_t type = get_word(p + off + 8, 4, big_endian);
		uint64_t name = off + 12, desc = name + ALIGN4(namesz);
		struct mb_usdt_note n;

		if (desc > size || ALIGN4(descsz) > size - desc) {
			*why = "a note runs past the end of the section";
			return -EINVAL;
		}
		off = desc + ALIGN4(descsz);
		if (type != NT_STAPSDT || namesz != 8 ||
		    memcmp(p + name, "stapsdt", 8))
			continue;
		if (descsz < 3u * asz + 3 ||
		    note_strings((const char *)p + desc + 3 * asz,
				 descsz - 3 * asz, &n)) {
			*why = "a stapsdt note without its three addresses and three strings";
			return -EINVAL;
		}
		n.pc = get_word(p + desc, asz, big_endian);
		n.base = get_word(p + desc + asz, asz, big_endian);
		n.sema = get_word(p + desc + 2 * asz, asz, big_endian);
		ret = fn(&n, ctx);
		if (ret)
			return ret;
	}
	if (off != size && off < size) {
		*why = "trailing bytes after the last note";
		return -EINVAL;
	}
	return 0;
}

/* ---- one binary ----------------------------------------------------- */

/* What the walk over the notes collects. */
struct find_ctx {
	const char *provider, *name;
	struct mb_usdt_note *notes;
	size_t nr, cap;
};

static int collect_note(const struct mb_usdt_note *n, void *data)
{
	struct find_ctx *c = data;
	void *p;

	if (strcmp(n->provider, c->provider) || strcmp(n->name, c->name))
		return 0;
	if (c->nr == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		p = mb_reallocarray(c->notes, c->cap, sizeof(*c->notes));
		if (!p)
			return -ENOMEM;
		c->notes = p;
	}
	c->notes[c->nr++] = *n;
	return 0;
}

/* The section named name, with its header in *sh; NULL if none. */
static Elf_Scn *find_scn(Elf *elf, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, sh))
			continue;
		n = mb_elf_str(elf, shstrndx, sh->sh_name);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

/* A link-time address into a file offset, through its PT_LOAD. */
static int addr_to_off(Elf *elf, uint64_t addr, uint64_t *off)
{
	size_t nr;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &nr))
		return -ENOEXEC;
	for (size_t i = 0; i < nr; i++) {
		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (addr >= ph.p_vaddr && addr - ph.p_vaddr < ph.p_filesz) {
			*off = addr - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

/* The address of a defined symbol of any type: .symtab, then .dynsym. */
static int sym_addr(Elf *elf, const char *name, uint64_t *addr)
{
	static const uint32_t types[] = { SHT_SYMTAB, SHT_DYNSYM };

	for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
		Elf_Scn *scn = NULL;
		GElf_Shdr sh;

		while ((scn = elf_nextscn(elf, scn))) {
			Elf_Data *d;
			GElf_Sym s;

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != types[t] ||
			    !sh.sh_entsize || !(d = elf_getdata(scn, NULL)))
				continue;
			for (size_t i = 1; i < sh.sh_size / sh.sh_entsize;
			     i++) {
				const char *n;

				if (!gelf_getsym(d, i, &s) ||
				    s.st_shndx == SHN_UNDEF)
					continue;
				n = mb_elf_str(elf, sh.sh_link, s.st_name);
				if (n && !strcmp(n, name)) {
					*addr = s.st_value;
					return 0;
				}
			}
		}
	}
	return -ENOENT;
}

/* Split the note's argument string on blanks and parse each. */
static int site_args(const struct mb_log *log, const char *what, Elf *elf,
		     const struct mb_usdt_target *t, const char *args,
		     struct mb_usdt_site *site)
{
	char buf[128];
	const char *why;
	uint64_t a;

	while (*(args += strspn(args, " \t"))) {
		size_t len = strcspn(args, " \t");
		struct mb_usdt_arg *arg = &site->args[site->nr_args];
		int err;

		if (site->nr_args == MB_USDT_MAX_ARGS)
			return mb_err(log, -E2BIG,
				      "usdt: %s: more than %d arguments at %#llx",
				      what, MB_USDT_MAX_ARGS,
				      (unsigned long long)site->pc);
		snprintf(buf, sizeof(buf), "%.*s", (int)len, args);
		err = len >= sizeof(buf) ?
			      -EINVAL :
			      mb_usdt_parse_arg(t->machine, buf, arg, &why);
		if (err)
			return mb_err(log, err,
				      "usdt: %s: argument %d '%.*s' at %#llx: %s",
				      what, site->nr_args + 1, (int)len, args,
				      (unsigned long long)site->pc,
				      len >= sizeof(buf) ? "too long" : why);
		if (arg->sym[0]) {
			if (sym_addr(elf, arg->sym, &a))
				return mb_err(log, -ENOENT,
					      "usdt: %s: argument %d refers to symbol '%s', which the file's symbol tables do not define",
					      what, site->nr_args + 1,
					      arg->sym);
			if (arg->kind == MB_USDT_CONST && t->is_dyn)
				return mb_err(log, -EINVAL,
					      "usdt: %s: argument %d is the address of '%s' in a position-independent file",
					      what, site->nr_args + 1,
					      arg->sym);
			/* at the probe, %rip is the probe's address */
			arg->val_off +=
				arg->kind == MB_USDT_CONST ? a : a - site->pc;
		}
		site->nr_args++;
		args += len;
	}
	return 0;
}

/* A note into a site: prelink adjustment, file offsets, arguments.
 * base_addr is the address of .stapsdt.base, or 0 if there is none. */
static int make_site(const struct mb_log *log, const char *what, Elf *elf,
		     const struct mb_usdt_target *t, uint64_t base_addr,
		     const struct mb_usdt_note *n, struct mb_usdt_site *site)
{
	uint64_t shift = base_addr && n->base ? base_addr - n->base : 0;

	memset(site, 0, sizeof(*site));
	site->pc = n->pc + shift;
	if (addr_to_off(elf, site->pc, &site->file_off))
		return mb_err(log, -ENOEXEC,
			      "usdt: %s: probe address %#llx is in no loadable segment (not a linked executable or library?)",
			      what, (unsigned long long)site->pc);
	if (n->sema) {
		site->sema_addr = n->sema + shift;
		if (addr_to_off(elf, site->sema_addr, &site->sema_off))
			return mb_err(log, -ENOEXEC,
				      "usdt: %s: semaphore address %#llx is in no loadable segment",
				      what,
				      (unsigned long long)site->sema_addr);
	}
	return site_args(log, what, elf, t, n->args, site);
}

/* Collect the notes of provider:name from .note.stapsdt. */
static int find_notes(const struct mb_log *log, const char *what, Elf *elf,
		      const GElf_Ehdr *eh, struct find_ctx *c)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_scn(elf, ".note.stapsdt", &sh);
	Elf_Data *d;
	const char *why = NULL;
	int err;

	if (!scn || sh.sh_type != SHT_NOTE)
		return mb_err(log, -ENOENT,
			      "usdt: %s: the file has no .note.stapsdt section (no USDT probes)",
			      what);
	d = elf_rawdata(scn, NULL);
	if (!d || !d->d_buf)
		return mb_err(log, -ENOEXEC,
			      "usdt: %s: cannot read .note.stapsdt: %s", what,
			      elf_errmsg(-1));
	err = mb_usdt_notes_walk(d->d_buf, d->d_size,
				 eh->e_ident[EI_CLASS] == ELFCLASS64,
				 eh->e_ident[EI_DATA] == ELFDATA2MSB,
				 collect_note, c, &why);
	if (err == -ENOMEM)
		return mb_err(log, err, "usdt: %s: out of memory", what);
	if (err)
		return mb_err(log, err, "usdt: %s: .note.stapsdt: %s", what,
			      why);
	if (!c->nr)
		return mb_err(log, -ENOENT,
			      "usdt: %s: no probe %s:%s in the file", what,
			      c->provider, c->name);
	return 0;
}

static int read_target(const struct mb_log *log, const char *what, Elf *elf,
		       struct find_ctx *c, struct mb_usdt_target *t)
{
	GElf_Shdr sh;
	GElf_Ehdr eh;
	uint64_t base = 0;
	int err;

	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh))
		return mb_err(log, -ENOEXEC, "usdt: %s: not an ELF file", what);
	t->machine = eh.e_machine;
	t->is_dyn = eh.e_type == ET_DYN;
	err = find_notes(log, what, elf, &eh, c);
	if (err)
		return err;
	if (find_scn(elf, ".stapsdt.base", &sh))
		base = sh.sh_addr;
	t->sites = mb_calloc(c->nr, sizeof(*t->sites));
	if (!t->sites)
		return mb_err(log, -ENOMEM, "usdt: %s: out of memory", what);
	for (size_t i = 0; i < c->nr; i++) {
		err = make_site(log, what, elf, t, base, &c->notes[i],
				&t->sites[i]);
		if (err)
			return err;
		t->nr_sites++;
	}
	return 0;
}

int mb_usdt_find(const struct mb_log *log, const char *what, const char *path,
		 const char *provider, const char *name,
		 struct mb_usdt_target *t)
{
	struct find_ctx c = { .provider = provider, .name = name };
	int fd, err;
	Elf *elf;

	memset(t, 0, sizeof(*t));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		return mb_err(log, err, "usdt: %s: cannot open %s: %s", what,
			      path, strerror(-err));
	}
	if (elf_version(EV_CURRENT) == EV_NONE ||
	    !(elf = elf_begin(fd, ELF_C_READ, NULL))) {
		close(fd);
		return mb_err(log, -ENOEXEC, "usdt: %s: %s: libelf: %s", what,
			      path, elf_errmsg(-1));
	}
	err = read_target(log, what, elf, &c, t);
	free(c.notes);
	elf_end(elf);
	close(fd);
	if (err)
		mb_usdt_target_free(t);
	return err;
}

void mb_usdt_target_free(struct mb_usdt_target *t)
{
	free(t->sites);
	t->sites = NULL;
	t->nr_sites = 0;
}
