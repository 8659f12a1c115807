/* core_obj.h: a minimal reader of the case objects for core_test: the
 * executable sections, .BTF and .BTF.ext, and every CO-RE record run
 * through the pure resolver (mb_core_relocate_insns) against a target
 * BTF, one shared candidate cache, each record's outcome kept, errors
 * included, so that one object can hold several must-fail cases. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include "internal.h"
#include "log.h"
#include "object.h"
#include "btf.h"
#include "core_relo.h"

struct t_rel {
	struct mb_core_result res;
	int err;			/* what mb_core_relocate_insns returned */
	char msg[320];			/* its error message */
	int sec;			/* index in t_obj.secs */
};

struct t_sec {
	char name[64];
	struct bpf_insn *insns;
	uint32_t nr;
};

struct t_obj {
	struct mb_btf *btf, *target;
	struct mb_btf_ext *ext;
	struct t_sec secs[32];
	int nr_secs;
	struct t_rel rels[256];
	int nr_rels;
};

static char t_msg[320];

static void t_log_fn(enum mb_print_level level, const char *msg, void *ctx)
{
	if (level == MB_ERROR)
		snprintf(t_msg, sizeof(t_msg), "%s", msg);
	if (getenv("CORE_VERBOSE"))
		fprintf(stderr, "%s\n", msg);
}

static const struct mb_log t_log = { t_log_fn, NULL, MB_DEBUG };

static const char *t_path(const char *file)
{
	static char buf[4][512];
	static int n;
	const char *b = getenv("B");

	n = (n + 1) % 4;
	snprintf(buf[n], sizeof(buf[n]), "%s/tests/core/%s", b ? b : "build", file);
	return buf[n];
}

/* Copy .BTF, .BTF.ext and the code sections out of an ELF file. */
static void t_read_elf(const char *file, struct t_obj *o)
{
	int fd = open(t_path(file), O_RDONLY);
	Elf *elf;
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (fd < 0)
		FAILF("cannot open %s (run make first)", t_path(file));
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	CHECK(elf && !elf_getshdrstrndx(elf, &shstrndx));
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		const char *name;

		gelf_getshdr(scn, &sh);
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		d = elf_getdata(scn, NULL);
		if (!name || !d || !d->d_size)
			continue;
		if (!strcmp(name, ".BTF"))
			CHECK_EQ(mb_btf_parse(d->d_buf, d->d_size, NULL, file, &t_log, &o->btf), 0);
		if ((sh.sh_flags & SHF_EXECINSTR) && o->nr_secs < 32) {
			struct t_sec *s = &o->secs[o->nr_secs++];

			snprintf(s->name, sizeof(s->name), "%s", name);
			s->insns = malloc(d->d_size);
			memcpy(s->insns, d->d_buf, d->d_size);
			s->nr = d->d_size / 8;
		}
	}
	scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {	/* .BTF.ext needs .BTF */
		GElf_Shdr sh;
		Elf_Data *d;
		const char *name;

		gelf_getshdr(scn, &sh);
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		d = elf_getdata(scn, NULL);
		if (name && d && !strcmp(name, ".BTF.ext"))
			CHECK_EQ(mb_btf_ext_parse(d->d_buf, d->d_size, o->btf, file, &t_log, &o->ext), 0);
	}
	elf_end(elf);
	close(fd);
	CHECK(o->btf && o->ext);
}

static int t_find_sec(const struct t_obj *o, const char *name)
{
	for (int i = 0; i < o->nr_secs; i++)
		if (!strcmp(o->secs[i].name, name))
			return i;
	return -1;
}

/* Run every CO-RE record of o through the resolver with ctx (its local
 * and target set here), keeping each outcome. */
static void t_relocate(struct t_obj *o, struct mb_core_ctx *ctx)
{
	ctx->local = o->btf;
	ctx->target = o->target;
	ctx->cache = mb_core_cache_new(o->btf);
	for (uint32_t i = 0; i < o->ext->nr_core_relo; i++) {
		const struct mb_ext_sec *es = &o->ext->core_relo[i];
		int s = t_find_sec(o, es->sec_name);

		CHECK(s >= 0);
		ctx->where = o->secs[s].name;
		for (uint32_t j = 0; j < es->nr_recs && o->nr_rels < 256; j++) {
			struct t_rel *r = &o->rels[o->nr_rels++];
			struct bpf_core_relo rec;

			memcpy(&rec, (const char *)es->recs + j * es->rec_size, sizeof(rec));
			t_msg[0] = 0;
			r->err = mb_core_relocate_insns(ctx, &rec, o->secs[s].insns, o->secs[s].nr, &r->res);
			r->sec = s;
			snprintf(r->msg, sizeof(r->msg), "%s", t_msg);
			if (getenv("CORE_DUMP"))
				printf("# %s insn %u %s %llu -> %llu%s \"%s\" -> %s err %d %s\n",
				       o->secs[s].name, r->res.insn, mb_core_kind_name(r->res.kind),
				       (unsigned long long)r->res.old_val, (unsigned long long)r->res.new_val,
				       r->res.poisoned ? " poisoned" : "", r->res.local, r->res.target,
				       r->err, r->msg);
		}
	}
	mb_core_cache_free(ctx->cache);
	ctx->cache = NULL;
}

/* Open NAME.bpf.o and TARGET.target.o, without relocating. */
static void t_open_pair(const char *name, const char *target, struct t_obj *o)
{
	char file[128];

	memset(o, 0, sizeof(*o));
	snprintf(file, sizeof(file), "%s.bpf.o", name);
	t_read_elf(file, o);
	snprintf(file, sizeof(file), "%s.target.o", target);
	CHECK_EQ(mb_btf_load_file(t_path(file), &t_log, &o->target), 0);
}

/* Open case NAME: NAME.bpf.o relocated against NAME.target.o. */
static void t_open_case(const char *name, struct t_obj *o)
{
	struct mb_core_ctx ctx = { .log = &t_log };

	t_open_pair(name, name, o);
	t_relocate(o, &ctx);
}

static void t_close(struct t_obj *o)
{
	for (int i = 0; i < o->nr_secs; i++)
		free(o->secs[i].insns);
	mb_btf_ext_free(o->ext);
	mb_btf_free(o->btf);
	mb_btf_free(o->target);
}
