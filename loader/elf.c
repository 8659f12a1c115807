/* elf.c: reading a BPF ELF object into struct mb_object.
 *
 * clang -target bpf -g writes a relocatable ELF file (ET_REL, EM_BPF):
 *
 *	kprobe/do_unlinkat  code of one or more programs (one per global
 *	                    function symbol in it); .text holds sub-programs
 *	.rel<section>       relocations of that code (maps, globals, calls)
 *	.maps, maps         map definitions (BTF-defined, legacy)
 *	.data .rodata .bss  global variables (and .data.*, .rodata.*, .bss.*)
 *	license, version    the license string, the kernel version
 *	.BTF, .BTF.ext      types; func/line info and CO-RE records
 *	.symtab             symbols: programs, maps, variables, externs
 *
 * The whole file is read into one buffer and opened with elf_memory().
 * Every size and offset is checked before use: libelf checks that section
 * data lies inside the file, we check everything inside the sections.
 * Maps, global data and externs are handed to maps.c, globals.c and
 * externs.c; programs and the relocations of code sections are
 * elf_prog.c's.
 *
 * Reference: the ELF gABI; Documentation/bpf/llvm_reloc.rst.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "object.h"
#include "elf_reader.h"
#include "btf.h"

/* The NUL-terminated string at off in string table section idx, or NULL.
 * (libelf's elf_strptr does the same, but would link its decompression
 * code, and with it most of zlib, into a static minibpf.)  The raw data
 * lies in the file buffer itself, which the object keeps until it is
 * closed: elf_getdata may hand out a converted copy that elf_end frees,
 * and section and symbol names must outlive the reader. */
const char *mb_elf_str(Elf *elf, size_t idx, size_t off)
{
	Elf_Scn *scn = elf_getscn(elf, idx);
	GElf_Shdr sh;
	Elf_Data *d;

	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type != SHT_STRTAB)
		return NULL;
	d = elf_rawdata(scn, NULL);
	if (!d || !d->d_buf || off >= d->d_size ||
	    !memchr((const char *)d->d_buf + off, '\0', d->d_size - off))
		return NULL;
	return (const char *)d->d_buf + off;
}

static int elf_fail(struct elf_reader *r, const char *what)
{
	return mb_err(&r->obj->log, -EINVAL, "elf: %s: %s: %s", r->obj->path,
		      what, elf_errmsg(-1));
}

/* Section data, checked to be what the header says and inside the file. */
static int sec_data(struct elf_reader *r, size_t idx, Elf_Data **datap)
{
	struct elf_sec *s = &r->secs[idx];
	Elf_Data *d = elf_getdata(s->scn, NULL);

	if (!d)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section %s: cannot read its data: %s",
			      r->obj->path, s->name, elf_errmsg(-1));
	/* NOBITS has no bytes in the file (d_buf is NULL): only .bss and
	 * friends may be NOBITS, not .BTF, license, maps or code */
	if (s->shdr.sh_type == SHT_NOBITS && s->role != SEC_DATA)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section %s has no bytes in the file (SHT_NOBITS)",
			      r->obj->path, s->name);
	if (s->shdr.sh_type != SHT_NOBITS && !s->shdr.sh_size)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section %s is empty", r->obj->path,
			      s->name);
	if (s->shdr.sh_type != SHT_NOBITS &&
	    (d->d_size != s->shdr.sh_size || !d->d_buf))
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section %s: truncated (%zu of %llu bytes)",
			      r->obj->path, s->name, (size_t)d->d_size,
			      (unsigned long long)s->shdr.sh_size);
	*datap = d;
	return 0;
}

static int check_header(struct elf_reader *r)
{
	GElf_Ehdr eh;

	if (elf_kind(r->elf) != ELF_K_ELF || !gelf_getehdr(r->elf, &eh))
		return mb_err(&r->obj->log, -ENOEXEC,
			      "elf: %s: not an ELF file", r->obj->path);
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		return mb_err(&r->obj->log, -ENOEXEC,
			      "elf: %s: not a 64-bit ELF file", r->obj->path);
	if (eh.e_machine != EM_BPF && eh.e_machine != EM_NONE)
		return mb_err(&r->obj->log, -ENOEXEC,
			      "elf: %s: not a BPF object (machine %u, expected EM_BPF %u)",
			      r->obj->path, eh.e_machine, EM_BPF);
	if (eh.e_type != ET_REL)
		return mb_err(&r->obj->log, -ENOEXEC,
			      "elf: %s: not a relocatable object (type %u)",
			      r->obj->path, eh.e_type);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
#else
	if (eh.e_ident[EI_DATA] != ELFDATA2MSB)
#endif
		return mb_err(&r->obj->log, -ENOEXEC,
			      "elf: %s: byte order differs from this machine's",
			      r->obj->path);
	if (eh.e_shnum && eh.e_shentsize != sizeof(Elf64_Shdr))
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section header size %u, expected %zu",
			      r->obj->path, eh.e_shentsize, sizeof(Elf64_Shdr));
	if (elf_getshdrstrndx(r->elf, &r->shstrndx))
		return elf_fail(r, "no section name table");
	return 0;
}

/* libelf quietly reads fewer sections when the table runs past the end
 * of the file, and takes any e_shstrndx: say what is wrong instead. */
static int check_section_table(struct elf_reader *r)
{
	struct mb_object *obj = r->obj;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	size_t n;

	gelf_getehdr(r->elf, &eh); /* check_header read it already */
	n = eh.e_shnum ? eh.e_shnum : r->nr_secs; /* 0: extended numbering */
	if (eh.e_shoff > obj->file_size ||
	    n > (obj->file_size - eh.e_shoff) / sizeof(Elf64_Shdr))
		return mb_err(&obj->log, -EINVAL,
			      "elf: %s: section header table (%zu headers at offset %llu) extends beyond the end of the file (%zu bytes)",
			      obj->path, n, (unsigned long long)eh.e_shoff,
			      obj->file_size);
	if (r->shstrndx == SHN_UNDEF || r->shstrndx >= r->nr_secs ||
	    !gelf_getshdr(elf_getscn(r->elf, r->shstrndx), &sh) ||
	    sh.sh_type != SHT_STRTAB)
		return mb_err(&obj->log, -EINVAL,
			      "elf: %s: section name table index %zu is not a string table section",
			      obj->path, r->shstrndx);
	return 0;
}

/* Read every section header and name. */
static int read_sections(struct elf_reader *r)
{
	if (elf_getshdrnum(r->elf, &r->nr_secs))
		return elf_fail(r, "bad section header table");
	if (check_section_table(r))
		return -EINVAL;
	r->secs = mb_calloc(r->nr_secs, sizeof(*r->secs));
	if (!r->secs)
		return -ENOMEM;
	for (size_t i = 1; i < r->nr_secs; i++) {
		struct elf_sec *s = &r->secs[i];

		s->scn = elf_getscn(r->elf, i);
		if (!s->scn || !gelf_getshdr(s->scn, &s->shdr))
			return elf_fail(r, "bad section header");
		s->name = mb_elf_str(r->elf, r->shstrndx, s->shdr.sh_name);
		if (!s->name)
			return mb_err(&r->obj->log, -EINVAL,
				      "elf: %s: section %zu: name offset %u out of range",
				      r->obj->path, i, s->shdr.sh_name);
		if (s->shdr.sh_type == SHT_SYMTAB) {
			if (r->symtab)
				return mb_err(&r->obj->log, -EINVAL,
					      "elf: %s: more than one symbol table",
					      r->obj->path);
			r->symtab = i;
		}
	}
	if (!r->symtab)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: no symbol table (stripped object?)",
			      r->obj->path);
	return 0;
}

static int read_symbols(struct elf_reader *r)
{
	struct elf_sec *s = &r->secs[r->symtab];
	Elf_Data *d;
	int err = sec_data(r, r->symtab, &d);

	if (err)
		return err;
	if (s->shdr.sh_entsize != sizeof(Elf64_Sym) ||
	    s->shdr.sh_link >= r->nr_secs)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: malformed symbol table", r->obj->path);
	r->nr_syms = d->d_size / sizeof(Elf64_Sym);
	r->syms = mb_calloc(r->nr_syms, sizeof(*r->syms));
	if (!r->syms)
		return -ENOMEM;
	for (size_t i = 0; i < r->nr_syms; i++) {
		struct mb_elf_sym *sym = &r->syms[i];
		GElf_Sym gs;

		if (!gelf_getsym(d, i, &gs))
			return elf_fail(r, "bad symbol");
		sym->name = mb_elf_str(r->elf, s->shdr.sh_link, gs.st_name);
		if (!sym->name)
			return mb_err(&r->obj->log, -EINVAL,
				      "elf: %s: symbol %zu: name offset %u out of range",
				      r->obj->path, i, gs.st_name);
		sym->shndx = gs.st_shndx;
		if (sym->shndx != SHN_UNDEF && sym->shndx < SHN_LORESERVE &&
		    sym->shndx >= r->nr_secs)
			return mb_err(&r->obj->log, -EINVAL,
				      "elf: %s: symbol %s: section index %zu does not exist",
				      r->obj->path, sym->name, sym->shndx);
		sym->value = gs.st_value;
		sym->size = gs.st_size;
		sym->bind = GELF_ST_BIND(gs.st_info);
		sym->type = GELF_ST_TYPE(gs.st_info);
		sym->visibility = GELF_ST_VISIBILITY(gs.st_other);
	}
	return 0;
}

static int read_license(struct elf_reader *r, size_t idx, Elf_Data *d)
{
	struct mb_object *obj = r->obj;
	size_t n = strnlen(d->d_buf, d->d_size);

	if (n == d->d_size || n >= sizeof(obj->license))
		return mb_err(&obj->log, -EINVAL,
			      "elf: %s: license is not a NUL-terminated string of at most %zu bytes",
			      obj->path, sizeof(obj->license) - 1);
	memcpy(obj->license, d->d_buf, n + 1);
	return 0;
}

static int read_version(struct elf_reader *r, size_t idx, Elf_Data *d)
{
	if (d->d_size != sizeof(uint32_t))
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: version section is %zu bytes, expected 4",
			      r->obj->path, (size_t)d->d_size);
	memcpy(&r->obj->kern_version, d->d_buf, sizeof(uint32_t));
	return 0;
}

static int read_btf(struct elf_reader *r)
{
	struct mb_object *obj = r->obj;
	char what[300];
	Elf_Data *d;
	int err;

	if (!r->btf_idx)
		return 0;
	err = sec_data(r, r->btf_idx, &d);
	if (err)
		return err;
	snprintf(what, sizeof(what), "%s .BTF", obj->path);
	err = mb_btf_parse(d->d_buf, d->d_size, NULL, what, &obj->log,
			   &obj->btf);
	if (err || !r->btf_ext_idx)
		return err;
	err = sec_data(r, r->btf_ext_idx, &d);
	if (err)
		return err;
	snprintf(what, sizeof(what), "%s .BTF.ext", obj->path);
	return mb_btf_ext_parse(d->d_buf, d->d_size, obj->btf, what, &obj->log,
				&obj->ext);
}

static bool has_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(s, prefix, n) && (s[n] == '\0' || s[n] == '.');
}

/* .data, .data.foo -> DATA; .rodata* -> RODATA; .bss* -> BSS. */
static int data_kind(const char *name)
{
	if (has_prefix(name, ".data"))
		return MB_MAP_DATA;
	if (has_prefix(name, ".rodata"))
		return MB_MAP_RODATA;
	if (has_prefix(name, ".bss"))
		return MB_MAP_BSS;
	return -1;
}

/* First pass: decide what each section is; read the small ones. */
static int classify_section(struct elf_reader *r, size_t i)
{
	struct elf_sec *s = &r->secs[i];
	const Elf64_Shdr *sh = &s->shdr;
	Elf_Data *d;
	int err;

	if (!strcmp(s->name, "license") || !strcmp(s->name, "version")) {
		err = sec_data(r, i, &d);
		if (err)
			return err;
		return s->name[0] == 'l' ? read_license(r, i, d) :
					   read_version(r, i, d);
	}
	if (!strcmp(s->name, ".BTF"))
		r->btf_idx = i;
	else if (!strcmp(s->name, ".BTF.ext"))
		r->btf_ext_idx = i;
	else if (!strcmp(s->name, ".maps"))
		s->role = SEC_BTF_MAPS;
	else if (!strcmp(s->name, "maps"))
		s->role = SEC_LEGACY_MAPS;
	else if (sh->sh_type == SHT_PROGBITS &&
		 (sh->sh_flags & SHF_EXECINSTR) && sh->sh_size > 0)
		s->role = SEC_CODE;
	else if ((sh->sh_type == SHT_PROGBITS || sh->sh_type == SHT_NOBITS) &&
		 data_kind(s->name) >= 0 && sh->sh_size > 0)
		s->role = SEC_DATA;
	else if (sh->sh_type == SHT_REL)
		s->role = SEC_REL;
	return 0;
}

/* func_info and line_info records name instructions of their section:
 * link.c picks the records inside each function, so one that points
 * elsewhere would be dropped quietly and the verifier would complain
 * about what is missing instead.  (core.c checks CO-RE records.) */
static int check_ext_recs(struct mb_object *obj, const struct mb_section *sec,
			  const struct mb_ext_sec *es, const char *kind)
{
	for (uint32_t j = 0; es && j < es->nr_recs; j++) {
		uint32_t off;

		memcpy(&off, (const char *)es->recs + (size_t)j * es->rec_size,
		       sizeof(off));
		if (off % sizeof(struct bpf_insn) ||
		    off / sizeof(struct bpf_insn) >= sec->nr_insns)
			return mb_err(&obj->log, -EINVAL,
				      "elf: %s: .BTF.ext %s of section %s: record %u: insn offset %u is outside its %u instructions",
				      obj->path, kind, sec->name, j, off,
				      sec->nr_insns);
	}
	return 0;
}

static int read_code_section(struct elf_reader *r, size_t i)
{
	struct mb_object *obj = r->obj;
	struct elf_sec *s = &r->secs[i];
	struct mb_section *sec = &obj->secs[obj->nr_secs];
	Elf_Data *d;
	int err = sec_data(r, i, &d);

	if (err)
		return err;
	if (d->d_size % sizeof(struct bpf_insn) || d->d_size > UINT32_MAX)
		return mb_err(&obj->log, -EINVAL,
			      "elf: %s: section %s: size %zu is not a whole number of instructions",
			      obj->path, s->name, (size_t)d->d_size);
	sec->insns = malloc(d->d_size);
	if (!sec->insns)
		return -ENOMEM;
	memcpy(sec->insns, d->d_buf, d->d_size);
	sec->nr_insns = d->d_size / sizeof(struct bpf_insn);
	sec->name = s->name;
	sec->elf_idx = i;
	s->code = obj->nr_secs++;
	if (!strcmp(s->name, ".text"))
		obj->text = sec;
	if (obj->ext) {
		const struct mb_btf_ext *e = obj->ext;

		sec->func_info =
			mb_btf_ext_find(e->func_info, e->nr_func_info, s->name);
		sec->line_info =
			mb_btf_ext_find(e->line_info, e->nr_line_info, s->name);
		sec->core_relo =
			mb_btf_ext_find(e->core_relo, e->nr_core_relo, s->name);
	}
	err = check_ext_recs(obj, sec, sec->func_info, "func_info");
	if (!err)
		err = check_ext_recs(obj, sec, sec->line_info, "line_info");
	return err;
}

/* Hand map and data sections to maps.c. */
static int read_map_sections(struct elf_reader *r)
{
	for (size_t i = 1; i < r->nr_secs; i++) {
		struct elf_sec *s = &r->secs[i];
		struct mb_elf_data_sec ds;
		Elf_Data *d;
		int err;

		if (s->role != SEC_BTF_MAPS && s->role != SEC_LEGACY_MAPS &&
		    s->role != SEC_DATA)
			continue;
		err = sec_data(r, i, &d);
		if (err)
			return err;
		if (s->role == SEC_BTF_MAPS) {
			if (!r->obj->btf)
				return mb_err(&r->obj->log, -EINVAL,
					      "elf: %s: .maps needs BTF (compile with -g)",
					      r->obj->path);
			err = mb_maps_collect_btf(r->obj, i, r->syms,
						  r->nr_syms, s->rels,
						  s->nr_rels);
		} else if (s->role == SEC_LEGACY_MAPS) {
			err = mb_maps_collect_legacy(r->obj, i, d->d_buf,
						     d->d_size, r->syms,
						     r->nr_syms);
		} else {
			ds.name = s->name;
			ds.elf_idx = i;
			ds.data = s->shdr.sh_type == SHT_NOBITS ? NULL :
								  d->d_buf;
			ds.size = s->shdr.sh_size;
			ds.kind = data_kind(s->name);
			err = mb_maps_collect_data(r->obj, &ds, r->syms,
						   r->nr_syms);
		}
		if (err)
			return err;
	}
	return 0;
}

/* The object's short name: file name without directory and ".o". */
static void set_name(struct mb_object *obj)
{
	const char *base = strrchr(obj->path, '/');
	size_t n;

	base = base ? base + 1 : obj->path;
	snprintf(obj->name, sizeof(obj->name), "%s", base);
	n = strlen(obj->name);
	if (n > 6 && !strcmp(obj->name + n - 6, ".bpf.o"))
		obj->name[n - 6] = '\0';
	else if (n > 2 && !strcmp(obj->name + n - 2, ".o"))
		obj->name[n - 2] = '\0';
}

static int read_object(struct elf_reader *r)
{
	struct mb_object *obj = r->obj;
	size_t nr_code = 0;
	int err;

	err = check_header(r);
	if (!err)
		err = read_sections(r);
	if (!err)
		err = read_symbols(r);
	for (size_t i = 1; !err && i < r->nr_secs; i++)
		err = classify_section(r, i);
	if (!err)
		err = read_btf(r);
	if (err)
		return err;
	for (size_t i = 1; i < r->nr_secs; i++)
		nr_code += r->secs[i].role == SEC_CODE;
	obj->secs = mb_calloc(nr_code, sizeof(*obj->secs));
	if (!obj->secs)
		return -ENOMEM;
	for (size_t i = 1; !err && i < r->nr_secs; i++)
		if (r->secs[i].role == SEC_CODE)
			err = read_code_section(r, i);
	if (!err)
		err = mb_elf_read_rels(r);
	if (!err && obj->btf)
		err = mb_elf_fixup_btf(r);
	if (!err)
		err = read_map_sections(r);
	if (!err)
		err = mb_externs_collect(obj, r->syms, r->nr_syms);
	if (!err)
		err = mb_elf_collect_programs(r);
	if (!err)
		err = mb_elf_classify_relocs(r);
	return err;
}

int mb_elf_read(struct mb_object *obj)
{
	struct elf_reader r = { .obj = obj };
	int err;

	set_name(obj);
	err = mb_read_file(obj->path, &obj->file, &obj->file_size);
	if (err)
		return mb_err(&obj->log, err, "elf: %s: cannot read: %s",
			      obj->path, strerror(-err));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return mb_err(&obj->log, -EINVAL, "elf: libelf too old");
	r.elf = elf_memory(obj->file, obj->file_size);
	if (!r.elf)
		return elf_fail(&r, "cannot open as ELF");
	err = read_object(&r);
	for (size_t i = 0; r.secs && i < r.nr_secs; i++)
		free(r.secs[i].rels);
	free(r.secs);
	free(r.syms);
	elf_end(r.elf);
	return err;
}

void mb_elf_free(struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_secs; i++) {
		free(obj->secs[i].insns);
		free(obj->secs[i].relocs);
	}
	free(obj->secs);
	mb_btf_ext_free(obj->ext);
	mb_btf_free(obj->btf);
	free(obj->file);
}
