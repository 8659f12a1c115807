/* attach_uprobe.c: running a program on a function of a user binary.
 *
 * A uprobe is a breakpoint at a *file offset* of an executable or
 * shared library: every process that maps that file hits it.  The
 * "uprobe" PMU creates one from perf_event_open() with config1 = path
 * and config2 = offset (attach_kprobe.c does that part, and the tracefs
 * fallback).  What is left here is finding the offset of a function:
 *
 *	SEC("uprobe/./bin:add+4")
 *	1. "./bin" is the file, "add" the function, 4 bytes into it;
 *	2. the symbol table (.symtab, else .dynsym) says add is an STT_FUNC
 *	   at st_value 0x401136 in section 14 (.text);
 *	3. .text has sh_addr 0x401040 and sh_offset 0x1040, so add starts
 *	   at file offset 0x401136 - 0x401040 + 0x1040 = 0x1136, and the
 *	   probe goes at 0x113a.
 * A symbol in no section the table can tell (SHN_ABS...) goes through
 * the PT_LOAD program header that maps its address instead.
 *
 * A path without '/' is looked up like the dynamic linker and the shell
 * would: "libc.so.6" in LD_LIBRARY_PATH then the usual library
 * directories, "bash" in PATH.  "PATH:0x1136" probes a raw offset.
 *
 * Reference: Documentation/trace/uprobetracer.rst, elf(5).
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
#include "attach.h"

#define LIB_DIRS \
	"/usr/lib64:/usr/lib:/lib64:/lib:/usr/lib/x86_64-linux-gnu:/usr/lib/aarch64-linux-gnu"
#define BIN_DIRS "/usr/bin:/usr/sbin:/bin:/sbin"

/* ---- the symbol's file offset --------------------------------------- */

/* What the search found so far: matches with the same offset are the
 * same function (aliases); a single strong one wins over weak ones. */
struct sym_match {
	uint64_t offset;
	int nr_strong, nr_weak;
	bool conflict;
};

/* "name" equals sym, or sym with a version: "name@VER", "name@@VER". */
static bool sym_name_is(const char *name, const char *sym)
{
	size_t n = strlen(sym);

	return !strncmp(name, sym, n) && (name[n] == '\0' || name[n] == '@');
}

/* st_value is a virtual address: through its section, or else through
 * the PT_LOAD segment that contains it. */
static int vaddr_to_offset(Elf *elf, const GElf_Sym *s, uint64_t *off)
{
	size_t nr_phdrs;
	GElf_Shdr sh;
	GElf_Phdr ph;
	Elf_Scn *scn;

	scn = s->st_shndx < SHN_LORESERVE ? elf_getscn(elf, s->st_shndx) : NULL;
	if (scn && gelf_getshdr(scn, &sh) && sh.sh_type != SHT_NOBITS &&
	    s->st_value >= sh.sh_addr &&
	    s->st_value - sh.sh_addr < sh.sh_size) {
		*off = s->st_value - sh.sh_addr + sh.sh_offset;
		return 0;
	}
	if (elf_getphdrnum(elf, &nr_phdrs))
		return -ENOEXEC;
	for (size_t i = 0; i < nr_phdrs; i++) {
		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (s->st_value >= ph.p_vaddr &&
		    s->st_value - ph.p_vaddr < ph.p_filesz) {
			*off = s->st_value - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	}
	return -ENOEXEC;
}

static void match_add(struct sym_match *m, const GElf_Sym *s, uint64_t off)
{
	bool weak = GELF_ST_BIND(s->st_info) == STB_WEAK;

	if (m->nr_strong + m->nr_weak && m->offset != off) {
		/* a single strong definition overrides weak ones */
		if (!weak && !m->nr_strong) {
			m->nr_weak = 0;
			m->conflict = false;
		} else if (weak && m->nr_strong) {
			return;
		} else {
			m->conflict = true;
		}
	}
	m->offset = off;
	if (weak)
		m->nr_weak++;
	else
		m->nr_strong++;
}

/* Search one symbol table (SHT_SYMTAB or SHT_DYNSYM) for sym. */
static int search_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
			 const char *sym, struct sym_match *m)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n;

	if (!d || !sh->sh_entsize)
		return -ENOEXEC;
	n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 1; i < n; i++) {
		const char *name;
		uint64_t off;
		GElf_Sym s;

		if (!gelf_getsym(d, i, &s) ||
		    GELF_ST_TYPE(s.st_info) != STT_FUNC ||
		    s.st_shndx == SHN_UNDEF || !s.st_value)
			continue; /* an import, not a definition */
		name = mb_elf_str(elf, sh->sh_link, s.st_name);
		if (!name || !sym_name_is(name, sym))
			continue;
		if (vaddr_to_offset(elf, &s, &off))
			continue;
		match_add(m, &s, off);
	}
	return 0;
}

/* .symtab (complete, when not stripped) first, then .dynsym. */
static int find_func(Elf *elf, const char *sym, struct sym_match *m)
{
	static const uint32_t types[] = { SHT_SYMTAB, SHT_DYNSYM };

	for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
		Elf_Scn *scn = NULL;
		GElf_Shdr sh;

		while ((scn = elf_nextscn(elf, scn))) {
			if (!gelf_getshdr(scn, &sh) || sh.sh_type != types[t])
				continue;
			if (search_symtab(elf, scn, &sh, sym, m))
				return -ENOEXEC;
		}
		if (m->nr_strong + m->nr_weak)
			return 0;
	}
	return -ENOENT;
}

int mb_uprobe_offset(const struct mb_log *log, const char *what,
		     const char *path, const char *sym, uint64_t *offset)
{
	struct sym_match m = { 0 };
	int fd, err;
	Elf *elf;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		return mb_err(log, err, "attach: %s: cannot open %s: %s", what,
			      path, strerror(-err));
	}
	if (elf_version(EV_CURRENT) == EV_NONE ||
	    !(elf = elf_begin(fd, ELF_C_READ, NULL))) {
		close(fd);
		return mb_err(log, -ENOEXEC, "attach: %s: %s: libelf: %s", what,
			      path, elf_errmsg(-1));
	}
	err = elf_kind(elf) == ELF_K_ELF ? find_func(elf, sym, &m) : -ENOEXEC;
	elf_end(elf);
	close(fd);
	if (err == -ENOEXEC)
		return mb_err(log, err,
			      "attach: %s: %s is not an ELF file with a readable symbol table",
			      what, path);
	if (err)
		return mb_err(log, err, "attach: %s: no symbol '%s' in %s",
			      what, sym, path);
	if (m.conflict)
		return mb_err(log, -ENOTUNIQ,
			      "attach: %s: symbol '%s' is ambiguous in %s (several definitions at different addresses)",
			      what, sym, path);
	*offset = m.offset;
	return 0;
}

/* ---- the target ----------------------------------------------------- */

/* A bare file name: the first of dirs (':'-separated) that has it. */
static int search_dirs(const char *dirs, const char *name, char *buf,
		       size_t size)
{
	while (dirs && *dirs) {
		size_t len = strcspn(dirs, ":");
		int n = snprintf(buf, size, "%.*s/%s", (int)len, dirs, name);

		if (len && n > 0 && (size_t)n < size && access(buf, F_OK) == 0)
			return 0;
		dirs += len + (dirs[len] == ':');
	}
	return -ENOENT;
}

int mb_uprobe_path(const char *name, char *buf, size_t size)
{
	const char *env;

	if (strchr(name, '/')) {
		int n = snprintf(buf, size, "%s", name);

		return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
	}
	if (strstr(name, ".so")) {
		env = getenv("LD_LIBRARY_PATH");
		if (!search_dirs(env, name, buf, size))
			return 0;
		return search_dirs(LIB_DIRS, name, buf, size);
	}
	env = getenv("PATH");
	if (!search_dirs(env, name, buf, size))
		return 0;
	return search_dirs(BIN_DIRS, name, buf, size);
}

/* "SYMBOL", "SYMBOL+OFF" or a number (a raw file offset). */
static int parse_spec(const char *spec, char *sym, size_t size, uint64_t *add,
		      bool *raw)
{
	size_t len = strcspn(spec, "+");
	char *end;

	*raw = spec[0] >= '0' && spec[0] <= '9';
	if (len == 0 || len >= size || (*raw && spec[len]))
		return -EINVAL;
	memcpy(sym, spec, len);
	sym[len] = '\0';
	*add = 0;
	if (!*raw && !spec[len])
		return 0;
	errno = 0;
	*add = strtoull(*raw ? spec : spec + len + 1, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

int mb_attach_uprobe(const struct mb_log *log, const char *what, int prog_fd,
		     const char *target, bool retprobe, struct mb_link **linkp)
{
	const char *colon = strrchr(target, ':');
	char file[512], path[4096], sym[256];
	struct mb_probe probe = {
		.pmu = "uprobe", .target = path, .retprobe = retprobe, .pid = -1
	};
	uint64_t add = 0;
	bool raw;
	int err;

	if (!colon || colon == target ||
	    (size_t)(colon - target) >= sizeof(file) ||
	    parse_spec(colon + 1, sym, sizeof(sym), &add, &raw))
		return mb_err(log, -EINVAL,
			      "attach: %s: expected PATH:SYMBOL, PATH:SYMBOL+OFFSET or PATH:OFFSET after 'uprobe/'",
			      what);
	if (retprobe && add && !raw)
		return mb_err(log, -EINVAL,
			      "attach: %s: a return probe takes no offset",
			      what);
	snprintf(file, sizeof(file), "%.*s", (int)(colon - target), target);
	if (mb_uprobe_path(file, path, sizeof(path)))
		return mb_err(log, -ENOENT,
			      "attach: %s: no file '%s' (searched %s)", what,
			      file,
			      strstr(file, ".so") ?
				      "LD_LIBRARY_PATH and " LIB_DIRS :
				      "PATH and " BIN_DIRS);
	if (!raw) {
		err = mb_uprobe_offset(log, what, path, sym, &probe.offset);
		if (err)
			return err;
	}
	probe.offset += add;
	mb_print(log, MB_DEBUG, "attach: %s: %s at file offset %#llx", what,
		 path, (unsigned long long)probe.offset);
	return mb_probe_attach(log, what, prog_fd, &probe, linkp);
}
