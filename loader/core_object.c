/* core_object.c: CO-RE for a whole object, and --explain.
 *
 * mb_core_apply runs every CO-RE record of the object's code sections
 * through the resolver (core.c) against obj->target_btf (and, when that
 * is the running kernel's, its modules' BTF: kernel_modules.c), in place on
 * sec->insns, before programs are linked (so sub-programs copied into
 * several programs carry patched code), with one candidate cache for the
 * object.  Records of programs that will not be loaded are skipped;
 * .text is always relocated.  What each record did is kept in
 * obj->core_results; the linker calls mb_core_explain for each piece it
 * places into a program, which prints one line per record in the
 * final program's numbering:
 *
 *	core handle insn 4 byte_off 16 -> 24 struct task_struct.pid (0:42) -> [118] (0:57)
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "object.h"
#include "btf.h"
#include "core_relo.h"

/* Bitfield shifts depend on the object's byte order (clang -target bpfeb). */
static bool object_big_endian(const struct mb_object *obj)
{
	const unsigned char *ident = obj->file;

	return ident && obj->file_size > EI_DATA &&
	       ident[EI_DATA] == ELFDATA2MSB;
}

/* A record is applied if its instruction belongs to a program that will
 * be loaded, or to .text (sub-programs are copied into the programs that
 * call them).  Records outside any program are left for
 * mb_core_relocate_insns to reject. */
static bool wanted(const struct mb_object *obj, const struct mb_section *sec,
		   const struct bpf_core_relo *rec,
		   const struct mb_program **progp)
{
	uint32_t idx = rec->insn_off / 8;

	*progp = NULL;
	if (rec->insn_off % 8 || idx >= sec->nr_insns)
		return true;
	*progp = mb_object_function_at(obj, sec, idx);
	if (sec == obj->text)
		return true;
	return *progp && (*progp)->autoload;
}

static int apply_sec(struct mb_object *obj, struct mb_section *sec,
		     struct mb_core_ctx *ctx)
{
	const struct mb_ext_sec *ext = sec->core_relo;
	const struct mb_program *prog;
	struct bpf_core_relo rec;
	char where[160];
	int err;

	if (ext->rec_size < sizeof(rec))
		return mb_err(&obj->log, -EINVAL,
			      "core: %s: section %s: CO-RE record size %u < %zu",
			      obj->name, sec->name, ext->rec_size, sizeof(rec));
	for (uint32_t i = 0; i < ext->nr_recs; i++) {
		memcpy(&rec,
		       (const char *)ext->recs + (size_t)i * ext->rec_size,
		       sizeof(rec));
		if (!wanted(obj, sec, &rec, &prog))
			continue;
		snprintf(where, sizeof(where), "%s: section %s%s%s%s",
			 obj->name, sec->name, prog ? " (prog " : "",
			 prog ? prog->name : "", prog ? ")" : "");
		ctx->where = where;
		struct mb_core_result *res =
			&obj->core_results[obj->nr_core_results];

		err = mb_core_relocate_insns(ctx, &rec, sec->insns,
					     sec->nr_insns, res);
		if (err)
			return err;
		res->sec = sec;
		obj->nr_core_results++;
	}
	return 0;
}

static size_t count_records(const struct mb_object *obj)
{
	size_t n = 0;

	for (size_t i = 0; i < obj->nr_secs; i++)
		if (obj->secs[i].core_relo)
			n += obj->secs[i].core_relo->nr_recs;
	return n;
}

int mb_core_apply(struct mb_object *obj)
{
	struct mb_core_ctx ctx = { .log = &obj->log };
	size_t n = count_records(obj);
	int err = 0;

	if (!n || obj->core_results)
		return 0; /* nothing to do, or done already */
	if (!obj->btf)
		return mb_err(&obj->log, -EINVAL,
			      "core: %s: CO-RE records but no .BTF", obj->name);
	obj->core_results = mb_calloc(n, sizeof(*obj->core_results));
	ctx.local = obj->btf;
	ctx.target = obj->target_btf;
	/* The running kernel's own types: its modules' too (not --btf's,
	 * nor btf_min's, which notes what the target file gives). */
	if (!obj->btf_path && !obj->core_on_match)
		ctx.modules = mb_kernel_module_btf;
	ctx.big_endian = object_big_endian(obj);
	ctx.cache = mb_core_cache_new(obj->btf);
	ctx.on_match = obj->core_on_match;
	ctx.on_match_arg = obj->core_on_match_arg;
	if (!obj->core_results || !ctx.cache) {
		err = mb_err(&obj->log, -ENOMEM, "core: %s: out of memory",
			     obj->name);
		goto out;
	}
	for (size_t i = 0; i < obj->nr_secs && !err; i++)
		if (obj->secs[i].core_relo)
			err = apply_sec(obj, &obj->secs[i], &ctx);
out:
	mb_core_cache_free(ctx.cache);
	if (err)
		mb_core_free(obj);
	return err;
}

void mb_core_free(struct mb_object *obj)
{
	free(obj->core_results);
	obj->core_results = NULL;
	obj->nr_core_results = 0;
}

/* One line per record in [sec_insn, sec_insn + count) of sec, numbered
 * as in the final program where that piece starts at prog_insn:
 *	core PROG insn N KIND OLD -> NEW  local-spec -> target
 *	core PROG insn N KIND poisoned    local-spec -> no candidate */
void mb_core_explain(const struct mb_object *obj, const struct mb_program *prog,
		     const struct mb_section *sec, uint32_t sec_insn,
		     uint32_t prog_insn, uint32_t count)
{
	for (size_t i = 0; i < obj->nr_core_results; i++) {
		const struct mb_core_result *r = &obj->core_results[i];
		uint32_t n = prog_insn + (r->insn - sec_insn);
		const char *kind = mb_core_kind_name(r->kind);

		if (r->sec != sec || r->insn < sec_insn ||
		    r->insn - sec_insn >= count)
			continue;
		if (r->poisoned)
			mb_print(&obj->log, MB_INFO,
				 "core %s insn %u %s poisoned %s -> %s",
				 prog->name, n, kind, r->local, r->target);
		else if (r->wide)
			mb_print(&obj->log, MB_INFO,
				 "core %s insn %u %s %llu -> %llu %s -> %s",
				 prog->name, n, kind,
				 (unsigned long long)r->old_val,
				 (unsigned long long)r->new_val, r->local,
				 r->target);
		else
			mb_print(&obj->log, MB_INFO,
				 "core %s insn %u %s %lld -> %lld %s -> %s",
				 prog->name, n, kind, (long long)r->old_val,
				 (long long)r->new_val, r->local, r->target);
	}
}
