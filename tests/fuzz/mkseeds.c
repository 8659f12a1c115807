/* mkseeds.c: cut fuzz seeds out of one of our BPF objects.
 *
 *	mkseeds OBJ TARGET OUTDIR
 *
 * writes, for OBJ's .BTF, .BTF.ext and code sections:
 *
 *	OUTDIR/btf/NAME       the .BTF section
 *	OUTDIR/btf_ext/NAME   u32 length, .BTF, .BTF.ext (fuzz_btf_ext.c)
 *	OUTDIR/core/NAME.N    for CO-RE record N: u32 length, .BTF, u32
 *	                      length, TARGET's .BTF, the record, the
 *	                      instructions of its section (fuzz_core.c)
 *
 * TARGET is the object whose .BTF is the CO-RE target (OBJ itself for
 * objects that have no target of their own).  An object without .BTF
 * gives no seeds.  Our own objects are trusted here: this is a tool.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "btf.h"

static const char *out_dir, *obj_name;

__attribute__((noreturn)) static void die(const char *what, const char *detail)
{
	fprintf(stderr, "mkseeds: %s: %s\n", what, detail);
	exit(1);
}

/* A section's bytes by name, or NULL. */
static Elf_Data *section(Elf *elf, const char *name)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx))
		die(obj_name, elf_errmsg(-1));
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(elf, shstrndx, sh.sh_name);
		if (n && !strcmp(n, name))
			return elf_getdata(scn, NULL);
	}
	return NULL;
}

static Elf *open_elf(const char *path)
{
	int fd = open(path, O_RDONLY);
	Elf *elf;

	if (fd < 0)
		die(path, strerror(errno));
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf)
		die(path, elf_errmsg(-1));
	return elf;	/* fd stays open with it until exit */
}

static void put_len(FILE *f, size_t len)
{
	uint32_t v = len;
	unsigned char b[4] = { v, v >> 8, v >> 16, v >> 24 };

	fwrite(b, 1, 4, f);
}

static FILE *create(const char *kind, const char *suffix)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s%s", out_dir, kind, obj_name,
		 suffix);
	f = fopen(path, "wb");
	if (!f)
		die(path, strerror(errno));
	return f;
}

static void core_seeds(Elf *elf, Elf_Data *btf, Elf_Data *ext,
		       Elf_Data *target)
{
	struct mb_btf *b;
	struct mb_btf_ext *e;
	int n = 0;

	if (mb_btf_parse(btf->d_buf, btf->d_size, NULL, obj_name, NULL, &b) ||
	    mb_btf_ext_parse(ext->d_buf, ext->d_size, b, obj_name, NULL, &e))
		die(obj_name, "bad .BTF or .BTF.ext");
	for (uint32_t s = 0; s < e->nr_core_relo; s++) {
		const struct mb_ext_sec *sec = &e->core_relo[s];
		Elf_Data *code = section(elf, sec->sec_name);

		for (uint32_t i = 0; code && i < sec->nr_recs; i++) {
			char suffix[32];
			FILE *f;

			snprintf(suffix, sizeof(suffix), ".%d", n++);
			f = create("core", suffix);
			put_len(f, btf->d_size);
			fwrite(btf->d_buf, 1, btf->d_size, f);
			put_len(f, target->d_size);
			fwrite(target->d_buf, 1, target->d_size, f);
			fwrite((const char *)sec->recs + i * sec->rec_size, 1,
			       sizeof(struct bpf_core_relo), f);
			fwrite(code->d_buf, 1, code->d_size, f);
			fclose(f);
		}
	}
	mb_btf_ext_free(e);
	mb_btf_free(b);
}

int main(int argc, char **argv)
{
	Elf *elf, *telf;
	Elf_Data *btf, *ext, *target;
	FILE *f;

	if (argc != 4)
		die("usage", "mkseeds OBJ TARGET OUTDIR");
	elf_version(EV_CURRENT);
	obj_name = basename(strdup(argv[1]));
	out_dir = argv[3];
	elf = open_elf(argv[1]);
	btf = section(elf, ".BTF");
	if (!btf)
		return 0;
	f = create("btf", "");
	fwrite(btf->d_buf, 1, btf->d_size, f);
	fclose(f);
	ext = section(elf, ".BTF.ext");
	if (!ext)
		return 0;
	f = create("btf_ext", "");
	put_len(f, btf->d_size);
	fwrite(btf->d_buf, 1, btf->d_size, f);
	fwrite(ext->d_buf, 1, ext->d_size, f);
	fclose(f);
	telf = open_elf(argv[2]);
	target = section(telf, ".BTF");
	if (!target)
		die(argv[2], "no .BTF");
	core_seeds(elf, btf, ext, target);
	return 0;
}
