/* link.c: turning a program's section code into the instructions the
 * kernel loads.
 *
 * A program calls sub-programs in .text with BPF-to-BPF calls whose
 * immediate is relative ("jump imm+1 instructions ahead").  The kernel
 * wants one contiguous array, so each sub-program a program reaches is
 * appended once after it, and every call is pointed at the copy:
 *
 *	section kprobe/x:  [0] r1 = 1; [1] call +5 (-> .text insn 2); [2] exit
 *	.text:             [0..1] helper_a; [2..6] helper_b
 *
 *	linked program:    [0] r1 = 1; [1] call +1; [2] exit; [3..7] helper_b
 *
 * A sub-program reached from several programs is appended to each of
 * them (each at its own place).  Appending works through a list of
 * placed "pieces" that grows as calls in placed pieces are discovered.
 *
 * Then the records that refer to instructions follow the code: func_info
 * and line_info move from section-relative bytes to program-relative
 * instructions (what BPF_PROG_LOAD wants), and the CO-RE results are
 * printed for --explain with their final instruction numbers.
 *
 * Once maps exist, mb_link_maps puts their fds into ld_imm64
 * instructions (BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE) and resolves
 * externs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "object.h"
#include "btf.h"
#include "insn.h"

/* A kfunc that a weak extern left unresolved: a call no kernel knows. */
#define POISON_KFUNC 2002000000

static const struct mb_reloc *find_reloc(const struct mb_section *sec,
					 uint32_t insn)
{
	size_t lo = 0, hi = sec->nr_relocs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sec->relocs[mid].insn == insn)
			return &sec->relocs[mid];
		if (sec->relocs[mid].insn < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Place fn at the end of prog's instructions; returns its position. */
static int append_piece(struct mb_program *prog, const struct mb_program *fn)
{
	uint32_t pos = prog->nr_insns;
	void *p;

	if ((uint64_t)pos + fn->len > BPF_MAXINSNS * 256u)
		return -E2BIG;
	p = mb_reallocarray(prog->insns, pos + fn->len, sizeof(*prog->insns));
	if (!p)
		return -ENOMEM;
	prog->insns = p;
	p = mb_reallocarray(prog->pieces, prog->nr_pieces + 1,
			    sizeof(*prog->pieces));
	if (!p)
		return -ENOMEM;
	prog->pieces = p;
	memcpy(prog->insns + pos, fn->sec->insns + fn->off,
	       fn->len * sizeof(*prog->insns));
	prog->pieces[prog->nr_pieces].fn = fn;
	prog->pieces[prog->nr_pieces++].pos = pos;
	prog->nr_insns += fn->len;
	return pos;
}

static int placed_at(struct mb_program *prog, const struct mb_program *fn)
{
	for (uint32_t k = 0; k < prog->nr_pieces; k++)
		if (prog->pieces[k].fn == fn)
			return prog->pieces[k].pos;
	return append_piece(prog, fn);
}

/* Where does the call or callback reference at fn insn i point?  Into
 * .text through a relocation, else relative to itself. */
static int code_target(const struct mb_program *fn, uint32_t i,
		       const struct mb_section **secp, uint32_t *targetp)
{
	const struct mb_reloc *rel = find_reloc(fn->sec, fn->off + i);
	const struct bpf_insn *insn = &fn->sec->insns[fn->off + i];
	int64_t target;

	if (rel && (rel->kind == MB_RELOC_CALL ||
		    rel->kind == MB_RELOC_SUBPROG_ADDR)) {
		*secp = fn->obj->text;
		*targetp = rel->target;
		return 1;
	}
	if (insn->code != (BPF_JMP | BPF_CALL) ||
	    insn->src_reg != BPF_PSEUDO_CALL)
		return 0;
	target = (int64_t)fn->off + i + insn->imm + 1;
	if (target < 0 || target >= fn->sec->nr_insns)
		return -EINVAL;
	*secp = fn->sec;
	*targetp = target;
	return 1;
}

/* Point each call and callback address in piece k at its callee's copy,
 * appending callees not yet placed. */
static int link_calls(struct mb_object *obj, struct mb_program *prog,
		      uint32_t k)
{
	const struct mb_program *fn = prog->pieces[k].fn, *callee;
	uint32_t pos = prog->pieces[k].pos, target;
	const struct mb_section *sec;
	int r, cpos;

	for (uint32_t i = 0; i < fn->len; i++) {
		r = code_target(fn, i, &sec, &target);
		if (r < 0 ||
		    (r && !(callee = mb_object_function_at(obj, sec, target))))
			return mb_err(&obj->log, -EINVAL,
				      "link: %s: program %s: insn %u of %s calls outside any function",
				      obj->path, prog->name, fn->off + i,
				      fn->sec->name);
		if (r) {
			cpos = placed_at(prog, callee);
			if (cpos < 0)
				return cpos;
			struct bpf_insn *insn = &prog->insns[pos + i];

			if (mb_insn_is_ld_imm64(insn))
				insn->src_reg = BPF_PSEUDO_FUNC;
			insn->imm =
				cpos + (target - callee->off) - (pos + i) - 1;
		}
		if (mb_insn_is_ld_imm64(&fn->sec->insns[fn->off + i]))
			i++;
	}
	return 0;
}

/* Copy one kind of .BTF.ext records of the placed pieces, rebased. */
static int
link_ext_records(const struct mb_program *prog,
		 const struct mb_ext_sec *(*which)(const struct mb_section *),
		 void **outp, uint32_t *nrp, uint32_t *sizep)
{
	char *out = NULL;
	uint32_t nr = 0, rec_size = 0;

	for (uint32_t k = 0; k < prog->nr_pieces; k++) {
		const struct mb_program *fn = prog->pieces[k].fn;
		const struct mb_ext_sec *es = which(fn->sec);

		for (uint32_t j = 0; es && j < es->nr_recs; j++) {
			const char *rec =
				(const char *)es->recs + j * es->rec_size;
			uint32_t off;
			char *p;

			memcpy(&off, rec, sizeof(off));
			if (off % 8 || off / 8 < fn->off ||
			    off / 8 - fn->off >= fn->len)
				continue;
			rec_size = es->rec_size;
			p = mb_reallocarray(out, nr + 1, rec_size);
			if (!p) {
				free(out);
				return -ENOMEM;
			}
			out = p;
			off = prog->pieces[k].pos + off / 8 - fn->off;
			memcpy(out + nr * rec_size, rec, rec_size);
			memcpy(out + nr * rec_size, &off, sizeof(off));
			nr++;
		}
	}
	*outp = out;
	*nrp = nr;
	*sizep = rec_size;
	return 0;
}

static const struct mb_ext_sec *func_info_of(const struct mb_section *sec)
{
	return sec->func_info;
}

static const struct mb_ext_sec *line_info_of(const struct mb_section *sec)
{
	return sec->line_info;
}

static void unlink_program(struct mb_program *prog)
{
	free(prog->insns);
	free(prog->pieces);
	free(prog->func_info);
	free(prog->line_info);
	prog->insns = NULL;
	prog->pieces = NULL;
	prog->func_info = prog->line_info = NULL;
	prog->nr_insns = prog->nr_pieces = 0;
	prog->nr_func_info = prog->nr_line_info = 0;
}

int mb_link_program(struct mb_object *obj, struct mb_program *prog)
{
	int err;

	unlink_program(prog);
	err = append_piece(prog, prog);
	for (uint32_t k = 0; err >= 0 && k < prog->nr_pieces; k++)
		err = link_calls(obj, prog, k);
	if (err == -E2BIG)
		return mb_err(&obj->log, err,
			      "link: %s: program %s: too many instructions",
			      obj->path, prog->name);
	if (err < 0)
		return err;
	err = link_ext_records(prog, func_info_of, &prog->func_info,
			       &prog->nr_func_info, &prog->func_info_size);
	if (!err)
		err = link_ext_records(prog, line_info_of, &prog->line_info,
				       &prog->nr_line_info,
				       &prog->line_info_size);
	for (uint32_t k = 0; !err && k < prog->nr_pieces; k++) {
		const struct mb_program *fn = prog->pieces[k].fn;

		mb_core_explain(obj, prog, fn->sec, fn->off,
				prog->pieces[k].pos, fn->len);
	}
	return err;
}

static int kconfig_map(const struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_maps; i++)
		if (obj->maps[i].kind == MB_MAP_KCONFIG)
			return i;
	return -ENOENT;
}

/* ld_imm64 (or kfunc call) of an extern, as externs.c resolved it. */
static int link_extern(struct mb_object *obj, struct bpf_insn *insn,
		       const struct mb_reloc *rel)
{
	const struct mb_extern *ext = &obj->externs[rel->target];
	int map;

	if (rel->kind == MB_RELOC_KFUNC) {
		insn->src_reg = ext->resolved ? BPF_PSEUDO_KFUNC_CALL : 0;
		insn->imm = ext->resolved ? (int32_t)ext->kernel_btf_id :
					    POISON_KFUNC + (int32_t)rel->target;
		insn->off = (int16_t)ext->fd_idx; /* fd_array: 0 is vmlinux */
		return 0;
	}
	if (ext->kind == MB_EXT_KCONFIG) {
		map = kconfig_map(obj);
		if (map < 0)
			return mb_err(&obj->log, -EINVAL,
				      "link: %s: no .kconfig map for extern %s",
				      obj->path, ext->name);
		insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		insn[0].imm = obj->maps[map].fd;
		insn[1].imm = ext->offset;
	} else if (ext->kernel_btf_id) {
		insn[0].src_reg = BPF_PSEUDO_BTF_ID; /* typed __ksym */
		insn[0].imm = ext->kernel_btf_id;
		insn[1].imm = ext->fd_idx ? obj->fd_array[ext->fd_idx] :
					    0; /* module's BTF fd, or vmlinux */
	} else {
		insn[0].imm = (uint32_t)ext->addr; /* typeless __ksym */
		insn[1].imm = ext->addr >> 32;
	}
	return 0;
}

static int link_data(struct mb_object *obj, struct bpf_insn *insn,
		     const struct mb_reloc *rel)
{
	switch (rel->kind) {
	case MB_RELOC_MAP:
		insn[0].src_reg = BPF_PSEUDO_MAP_FD;
		insn[0].imm = obj->maps[rel->target].fd;
		return 0;
	case MB_RELOC_DATA:
		insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		insn[0].imm = obj->maps[rel->target].fd;
		insn[1].imm = rel->offset; /* offset in the map value */
		return 0;
	case MB_RELOC_EXTERN:
	case MB_RELOC_KFUNC:
		return link_extern(obj, insn, rel);
	default:
		return 0; /* calls: done by link_calls */
	}
}

int mb_link_maps(struct mb_object *obj, struct mb_program *prog)
{
	for (uint32_t k = 0; k < prog->nr_pieces; k++) {
		const struct mb_program *fn = prog->pieces[k].fn;
		const struct mb_section *sec = fn->sec;

		for (uint32_t j = 0; j < sec->nr_relocs; j++) {
			const struct mb_reloc *rel = &sec->relocs[j];
			int err;

			if (rel->insn < fn->off ||
			    rel->insn - fn->off >= fn->len)
				continue;
			if (rel->kind != MB_RELOC_KFUNC &&
			    rel->kind != MB_RELOC_CALL &&
			    rel->insn + 1 - fn->off >= fn->len)
				return mb_err(&obj->log, -EINVAL,
					      "link: %s: program %s: ld_imm64 at insn %u of %s is cut off by the end of function %s",
					      obj->path, prog->name, rel->insn,
					      sec->name, fn->name);
			err = link_data(obj,
					&prog->insns[prog->pieces[k].pos +
						     rel->insn - fn->off],
					rel);
			if (err)
				return err;
		}
	}
	return 0;
}
