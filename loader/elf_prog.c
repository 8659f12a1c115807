/* elf_prog.c: programs, relocations and BTF fix-ups of an ELF object.
 *
 * The second half of reading an object (elf.c reads the sections):
 *
 *  1. Relocation sections (.rel<name>) are read and attached to the
 *     section they patch.
 *  2. Programs: every function symbol in a code section.  Outside .text
 *     each is an entry program whose section name gives its type; in
 *     .text each is a sub-program, appended to the programs that call it.
 *  3. Each code relocation is classified by its instruction and symbol:
 *
 *	call     -> a .text sub-program        (R_BPF_64_32, BPF_PSEUDO_CALL)
 *	ld_imm64 -> a .text function           (a callback: BPF_PSEUDO_FUNC)
 *	ld_imm64 -> a symbol in .maps or maps  (a map: its fd)
 *	ld_imm64 -> a symbol in .data/.bss/... (a variable: map value + off)
 *	ld_imm64 or call -> an undefined symbol (a .kconfig/.ksyms extern)
 *
 *  4. The object's BTF gets what clang could not know: each DATASEC's
 *     size and each global VAR's offset, from the ELF sections and symbols.
 */
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "object.h"
#include "elf_reader.h"
#include "btf.h"
#include "insn.h"

#define R_BPF_64_64    1  /* ld_imm64: map, variable, function */
#define R_BPF_64_ABS64 2  /* 64-bit data: .rel.maps slots */
#define R_BPF_64_32    10 /* call of a sub-program */

/* Attach each SHT_REL section's entries to the section it relocates. */
int mb_elf_read_rels(struct elf_reader *r)
{
	for (size_t i = 1; i < r->nr_secs; i++) {
		struct elf_sec *s = &r->secs[i], *target;
		Elf_Data *d;

		if (s->role != SEC_REL)
			continue;
		if (s->shdr.sh_info >= r->nr_secs || s->shdr.sh_info == 0)
			return mb_err(&r->obj->log, -EINVAL,
				      "elf: %s: %s relocates section %u, which does not exist",
				      r->obj->path, s->name, s->shdr.sh_info);
		target = &r->secs[s->shdr.sh_info];
		if (target->role != SEC_CODE && target->role != SEC_BTF_MAPS)
			continue; /* .rel.BTF, .rel.debug_*: not ours */
		if (target->rels)
			return mb_err(&r->obj->log, -EINVAL,
				      "elf: %s: %s relocates section %s, which another relocation section already does",
				      r->obj->path, s->name, target->name);
		if (s->shdr.sh_entsize != sizeof(Elf64_Rel))
			return mb_err(&r->obj->log, -EINVAL,
				      "elf: %s: %s: entry size %llu, expected %zu",
				      r->obj->path, s->name,
				      (unsigned long long)s->shdr.sh_entsize,
				      sizeof(Elf64_Rel));
		d = elf_getdata(s->scn, NULL);
		if (!d || d->d_size != s->shdr.sh_size)
			return mb_err(&r->obj->log, -EINVAL,
				      "elf: %s: %s: truncated", r->obj->path,
				      s->name);
		target->nr_rels = d->d_size / sizeof(Elf64_Rel);
		target->rels =
			mb_calloc(target->nr_rels, sizeof(*target->rels));
		if (!target->rels)
			return -ENOMEM;
		for (size_t k = 0; k < target->nr_rels; k++) {
			GElf_Rel rel;

			if (!gelf_getrel(d, k, &rel))
				return -EINVAL;
			target->rels[k].offset = rel.r_offset;
			target->rels[k].type = GELF_R_TYPE(rel.r_info);
			target->rels[k].sym = GELF_R_SYM(rel.r_info);
			if (target->rels[k].sym >= r->nr_syms)
				return mb_err(&r->obj->log, -EINVAL,
					      "elf: %s: %s: relocation %zu names symbol %u of %zu",
					      r->obj->path, s->name, k,
					      target->rels[k].sym, r->nr_syms);
		}
	}
	return 0;
}

static int check_function(struct elf_reader *r, const struct mb_elf_sym *sym,
			  const struct mb_section *sec)
{
	uint64_t n = sec->nr_insns * (uint64_t)sizeof(struct bpf_insn);

	if (sym->value % 8 || sym->size % 8 || sym->size == 0 ||
	    sym->value > n || sym->size > n - sym->value)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section %s: function %s at [%llu, +%llu) is outside the section or not whole instructions",
			      r->obj->path, sec->name, sym->name,
			      (unsigned long long)sym->value,
			      (unsigned long long)sym->size);
	if (sec != r->obj->text && sym->bind == STB_LOCAL)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section %s: static function %s outside .text cannot be a program",
			      r->obj->path, sec->name, sym->name);
	return 0;
}

static int set_program_type(struct elf_reader *r, struct mb_program *prog)
{
	const char *name = prog->sec->name;

	if (prog->is_subprog)
		return 0;
	if (name[0] == '?') {
		prog->autoload = false;
		name++;
	}
	prog->def = mb_section_find(name, &prog->target);
	if (!prog->def) { /* refused at load, if it is loaded */
		prog->def = mb_section_unknown();
		prog->target = "";
	}
	return 0;
}

static int add_program(struct elf_reader *r, const struct mb_elf_sym *sym,
		       struct mb_section *sec)
{
	struct mb_object *obj = r->obj;
	struct mb_program *prog = &obj->progs[obj->nr_progs];
	int err = check_function(r, sym, sec);

	if (err)
		return err;
	prog->obj = obj;
	prog->name = strdup(sym->name);
	if (!prog->name)
		return -ENOMEM;
	obj->nr_progs++;
	prog->sec = sec;
	prog->off = sym->value / 8;
	prog->len = sym->size / 8;
	prog->is_subprog = sec == obj->text;
	prog->autoload = !prog->is_subprog;
	prog->fd = -1;
	return set_program_type(r, prog);
}

static bool is_function_in(const struct elf_reader *r,
			   const struct mb_elf_sym *sym, bool text)
{
	const struct elf_sec *s;

	if (sym->type != STT_FUNC || sym->shndx == SHN_UNDEF ||
	    sym->shndx >= r->nr_secs)
		return false;
	s = &r->secs[sym->shndx];
	return s->role == SEC_CODE &&
	       (&r->obj->secs[s->code] == r->obj->text) == text;
}

/* Entry programs first (in symbol order), then .text sub-programs. */
int mb_elf_collect_programs(struct elf_reader *r)
{
	struct mb_object *obj = r->obj;
	size_t n = 0;
	int err;

	for (size_t i = 0; i < r->nr_syms; i++)
		n += is_function_in(r, &r->syms[i], false) ||
		     is_function_in(r, &r->syms[i], true);
	obj->progs = mb_calloc(n, sizeof(*obj->progs));
	if (!obj->progs)
		return -ENOMEM;
	for (int text = 0; text <= 1; text++) {
		for (size_t i = 0; i < r->nr_syms; i++) {
			const struct mb_elf_sym *sym = &r->syms[i];

			if (!is_function_in(r, sym, text))
				continue;
			err = add_program(r, sym,
					  &obj->secs[r->secs[sym->shndx].code]);
			if (err)
				return err;
		}
		if (!text)
			obj->nr_entry_progs = obj->nr_progs;
	}
	return 0;
}

static int reloc_fail(struct elf_reader *r, const struct mb_section *sec,
		      uint32_t insn, const char *sym, const char *why)
{
	return mb_err(&r->obj->log, -EINVAL,
		      "elf: %s: section %s: relocation at insn %u (symbol %s): %s",
		      r->obj->path, sec->name, insn, sym, why);
}

/* An ld_imm64 or call of an undefined symbol: an extern. */
static int classify_extern(struct elf_reader *r, const struct mb_section *sec,
			   const struct mb_elf_sym *sym, struct mb_reloc *out)
{
	int ext = mb_extern_find(r->obj, sym->name);

	if (ext < 0)
		return reloc_fail(r, sec, out->insn, sym->name,
				  "undefined symbol that is not a __kconfig or __ksym extern");
	out->kind = mb_insn_is_call(&sec->insns[out->insn]) ? MB_RELOC_KFUNC :
							      MB_RELOC_EXTERN;
	out->target = ext;
	return 0;
}

static int classify_call(struct elf_reader *r, const struct mb_section *sec,
			 const struct mb_elf_sym *sym, struct mb_reloc *out)
{
	const struct bpf_insn *insn = &sec->insns[out->insn];
	const struct elf_sec *s = &r->secs[sym->shndx];
	int64_t target = (int64_t)(sym->value / 8) + insn->imm + 1;

	if (insn->src_reg != BPF_PSEUDO_CALL)
		return reloc_fail(r, sec, out->insn, sym->name,
				  "call is not a BPF-to-BPF call");
	if (s->role != SEC_CODE || &r->obj->secs[s->code] != r->obj->text)
		return reloc_fail(r, sec, out->insn, sym->name,
				  "called functions must be in .text");
	if (sym->value % 8 || target < 0 || target >= r->obj->text->nr_insns)
		return reloc_fail(r, sec, out->insn, sym->name,
				  "call target is outside .text");
	out->kind = MB_RELOC_CALL;
	out->target = target;
	return 0;
}

static int classify_ld_imm64(struct elf_reader *r, const struct mb_section *sec,
			     const struct mb_elf_sym *sym, struct mb_reloc *out)
{
	const struct bpf_insn *insn = &sec->insns[out->insn];
	const struct elf_sec *s = &r->secs[sym->shndx];
	int64_t off = (int64_t)sym->value + insn->imm;
	int map;

	switch (s->role) {
	case SEC_CODE:
		if (&r->obj->secs[s->code] != r->obj->text || off < 0 ||
		    off % 8 || off / 8 >= r->obj->text->nr_insns)
			return reloc_fail(r, sec, out->insn, sym->name,
					  "address of a function outside .text");
		out->kind = MB_RELOC_SUBPROG_ADDR;
		out->target = off / 8;
		return 0;
	case SEC_BTF_MAPS:
	case SEC_LEGACY_MAPS:
		map = mb_map_find_by_sec(r->obj, sym->shndx, sym->value);
		if (map < 0)
			return reloc_fail(r, sec, out->insn, sym->name,
					  "no map is defined at that symbol");
		out->kind = MB_RELOC_MAP;
		out->target = map;
		return 0;
	case SEC_DATA:
		map = mb_map_find_by_sec(r->obj, sym->shndx, 0);
		if (map < 0 || off < 0 || (uint64_t)off >= s->shdr.sh_size)
			return reloc_fail(r, sec, out->insn, sym->name,
					  "variable offset outside its section");
		out->kind = MB_RELOC_DATA;
		out->target = map;
		out->offset = off;
		return 0;
	default:
		return reloc_fail(r, sec, out->insn, sym->name,
				  "symbol is in a section that is neither code, maps nor data");
	}
}

static int classify_reloc(struct elf_reader *r, const struct mb_section *sec,
			  const struct mb_elf_rel *rel, struct mb_reloc *out)
{
	const struct mb_elf_sym *sym = &r->syms[rel->sym];
	const struct bpf_insn *insn;

	if (rel->offset % 8)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section %s: relocation at byte %llu is not at an instruction boundary",
			      r->obj->path, sec->name,
			      (unsigned long long)rel->offset);
	if (rel->offset / 8 >= sec->nr_insns)
		return mb_err(&r->obj->log, -EINVAL,
			      "elf: %s: section %s: relocation at byte %llu is beyond its %u instructions",
			      r->obj->path, sec->name,
			      (unsigned long long)rel->offset, sec->nr_insns);
	out->insn = rel->offset / 8;
	out->sym = sym->name;
	insn = &sec->insns[out->insn];
	if (mb_insn_is_ld_imm64(insn) && out->insn + 1 >= sec->nr_insns)
		return reloc_fail(r, sec, out->insn, sym->name,
				  "ld_imm64 is cut off by the end of the section");
	if (!mb_insn_is_ld_imm64(insn) && !mb_insn_is_call(insn))
		return reloc_fail(r, sec, out->insn, sym->name,
				  "instruction is neither a call nor an ld_imm64");
	if (sym->shndx == SHN_UNDEF)
		return classify_extern(r, sec, sym, out);
	if (sym->shndx >= r->nr_secs)
		return reloc_fail(r, sec, out->insn, sym->name,
				  "symbol in a special section (uninitialized global? give it a value)");
	if (mb_insn_is_call(insn))
		return classify_call(r, sec, sym, out);
	return classify_ld_imm64(r, sec, sym, out);
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct mb_reloc *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

int mb_elf_classify_relocs(struct elf_reader *r)
{
	for (size_t i = 1; i < r->nr_secs; i++) {
		struct elf_sec *s = &r->secs[i];
		struct mb_section *sec;
		int err;

		if (s->role != SEC_CODE || !s->nr_rels)
			continue;
		sec = &r->obj->secs[s->code];
		sec->relocs = mb_calloc(s->nr_rels, sizeof(*sec->relocs));
		if (!sec->relocs)
			return -ENOMEM;
		for (size_t k = 0; k < s->nr_rels; k++) {
			err = classify_reloc(r, sec, &s->rels[k],
					     &sec->relocs[sec->nr_relocs]);
			if (err)
				return err;
			sec->nr_relocs++;
		}
		qsort(sec->relocs, sec->nr_relocs, sizeof(*sec->relocs),
		      cmp_reloc);
		for (size_t k = 1; k < sec->nr_relocs; k++)
			if (sec->relocs[k].insn == sec->relocs[k - 1].insn)
				return reloc_fail(r, sec, sec->relocs[k].insn,
						  sec->relocs[k].sym,
						  "two relocations on one instruction");
	}
	return 0;
}

static size_t find_section(const struct elf_reader *r, const char *name)
{
	for (size_t i = 1; i < r->nr_secs; i++)
		if (!strcmp(r->secs[i].name, name))
			return i;
	return 0;
}

static const struct mb_elf_sym *find_symbol(const struct elf_reader *r,
					    const char *name, size_t shndx)
{
	for (size_t i = 0; i < r->nr_syms; i++)
		if (r->syms[i].shndx == shndx && !strcmp(r->syms[i].name, name))
			return &r->syms[i];
	return NULL;
}

static int cmp_secinfo(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* clang leaves each DATASEC's size and its global VARs' offsets at 0. */
static int fixup_datasec(struct elf_reader *r, struct btf_type *t,
			 const char *name, size_t idx)
{
	struct mb_object *obj = r->obj;
	struct btf_var_secinfo *vars = (struct btf_var_secinfo *)(t + 1);
	uint64_t size = r->secs[idx].shdr.sh_size;

	if (size > UINT32_MAX)
		return mb_err(&obj->log, -E2BIG, "elf: %s: section %s too big",
			      obj->path, name);
	t->size = size;
	for (unsigned int k = 0; k < btf_vlen(t); k++) {
		const struct btf_type *v = mb_btf_type(obj->btf, vars[k].type);
		const struct mb_elf_sym *sym;
		const char *vname;

		if (!v || btf_kind(v) != BTF_KIND_VAR)
			return mb_err(&obj->log, -EINVAL,
				      "elf: %s: .BTF: DATASEC %s entry %u is not a VAR",
				      obj->path, name, k);
		vname = mb_btf_str(obj->btf, v->name_off);
		if (((const struct btf_var *)(v + 1))->linkage ==
		    BTF_VAR_GLOBAL_ALLOCATED) {
			sym = find_symbol(r, vname, idx);
			if (!sym)
				return mb_err(&obj->log, -EINVAL,
					      "elf: %s: .BTF: variable %s in %s has no symbol",
					      obj->path, vname, name);
			vars[k].offset = sym->value;
		}
		if (vars[k].offset > size ||
		    vars[k].size > size - vars[k].offset)
			return mb_err(&obj->log, -EINVAL,
				      "elf: %s: .BTF: variable %s lies outside section %s",
				      obj->path, vname, name);
	}
	qsort(vars, btf_vlen(t), sizeof(*vars), cmp_secinfo);
	return 0;
}

/* A __hidden global function of .text (usdt.bpf.h's bpf_usdt_arg) is
 * visible only inside the object, so, as libbpf does, its BTF says
 * static: the verifier then checks it with its caller's arguments
 * instead of alone, where a pointer argument could be NULL. */
static void fixup_hidden_func(struct elf_reader *r, struct btf_type *t)
{
	const struct mb_elf_sym *sym;
	const char *name = mb_btf_str(r->obj->btf, t->name_off);

	if (!r->obj->text || !name || btf_vlen(t) != BTF_FUNC_GLOBAL)
		return;
	sym = find_symbol(r, name, r->obj->text->elf_idx);
	if (sym && sym->visibility == STV_HIDDEN && sym->bind != STB_LOCAL)
		t->info = (uint32_t)BTF_KIND_FUNC << 24 | BTF_FUNC_STATIC;
}

int mb_elf_fixup_btf(struct elf_reader *r)
{
	struct mb_btf *btf = r->obj->btf;

	for (uint32_t id = 1; id < mb_btf_type_count(btf); id++) {
		struct btf_type *t = mb_btf_type_mut(btf, id);
		const char *name;
		size_t idx;
		int err;

		if (t && btf_kind(t) == BTF_KIND_FUNC)
			fixup_hidden_func(r, t);
		if (!t || btf_kind(t) != BTF_KIND_DATASEC)
			continue;
		name = mb_btf_str(btf, t->name_off);
		idx = find_section(r, name);
		if (!idx)
			continue; /* .kconfig, .ksyms: externs.c */
		err = fixup_datasec(r, t, name, idx);
		if (err)
			return err;
	}
	return 0;
}
