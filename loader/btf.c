/* btf.c: BTF, the type information of the object and of the kernel.
 *
 * A BTF blob is a header, a type section and a string table.  Types are
 * variable-length records (struct btf_type, then a kind-specific tail:
 * members, enumerators, parameters...) numbered from 1 in file order;
 * id 0 is void.  Names are offsets into the string table.  Split BTF (a
 * kernel module's) continues a base: its ids start at the base's type
 * count and its string offsets at the base's string table size.
 *
 * mb_btf_parse copies the blob into one buffer, byte-swapped into host
 * order if it came from a big-endian target.  mb_btf_load_file parses
 * the kernel's BTF where sysfs maps it, read-only, and reads any other
 * file into one buffer.  This file reads the header and the string
 * table; btf_check.c checks every type in one pass; btf_find.c indexes
 * the names once lookups pile up.
 *
 * Reference: include/uapi/linux/btf.h, Documentation/bpf/btf.rst.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "internal.h"
#include "btf.h"
#include "log.h"
#include "btf_impl.h"

#define BTF_MAGIC_SWAPPED 0x9FEB

/* ---- the header ----------------------------------------------------- */

/* Put the header of btf->data in host order and check that the type and
 * string sections lie inside the blob.  *swapped: it was big-endian (or
 * little-endian on a big-endian host). */
static int btf_read_header(struct mb_btf *btf, size_t size, bool *swapped,
			   const char *what, const struct mb_log *log)
{
	struct btf_header *h;
	uint16_t magic;
	uint32_t rest;

	if (size < sizeof(*h))
		return mb_err(log, -EINVAL,
			      "btf: %s: %zu bytes, too short for a BTF header (%zu)",
			      what, size, sizeof(*h));
	if (size > UINT32_MAX)
		return mb_err(log, -E2BIG,
			      "btf: %s: %zu bytes, larger than 4 GiB", what,
			      size);
	memcpy(&magic, btf->data, sizeof(magic));
	if (magic != BTF_MAGIC && magic != BTF_MAGIC_SWAPPED)
		return mb_err(log, -EINVAL,
			      "btf: %s: bad magic 0x%04x (expected 0x%04x)",
			      what, magic, BTF_MAGIC);
	*swapped = magic == BTF_MAGIC_SWAPPED;
	if (*swapped && !btf->copy) /* load_file maps only host order */
		return mb_err(log, -EINVAL,
			      "btf: %s: byte-swapped BTF is read-only", what);
	btf->size = size;
	/* Written to only when swapped, so only in our own copy. */
	h = (struct btf_header *)btf->data;
	if (*swapped) {
		h->magic = BTF_MAGIC;
		mb_btf_swap_words(&h->hdr_len, 5);
	}
	if (h->version != BTF_VERSION)
		return mb_err(log, -EINVAL,
			      "btf: %s: version %u, only %u is known", what,
			      h->version, BTF_VERSION);
	if (h->hdr_len < sizeof(*h) || h->hdr_len > size)
		return mb_err(log, -EINVAL,
			      "btf: %s: header length %u outside [%zu, %zu]",
			      what, h->hdr_len, sizeof(*h), size);
	if (h->hdr_len % 4 || h->type_off % 4)
		return mb_err(log, -EINVAL,
			      "btf: %s: header length %u or type offset %u not a multiple of 4",
			      what, h->hdr_len, h->type_off);
	/* A newer, longer header (a layout section): words we do not read. */
	if (*swapped)
		mb_btf_swap_words(h + 1, (h->hdr_len - sizeof(*h)) / 4);
	rest = size - h->hdr_len;
	if (h->type_off > rest || h->type_len > rest - h->type_off)
		return mb_err(log, -EINVAL,
			      "btf: %s: type section at %u, %u bytes, beyond the %u bytes after the header",
			      what, h->type_off, h->type_len, rest);
	if (h->str_off > rest || h->str_len > rest - h->str_off)
		return mb_err(log, -EINVAL,
			      "btf: %s: string section at %u, %u bytes, beyond the %u bytes after the header",
			      what, h->str_off, h->str_len, rest);
	btf->types = btf->data + h->hdr_len + h->type_off;
	btf->types_len = h->type_len;
	btf->strs = (const char *)btf->data + h->hdr_len + h->str_off;
	btf->strs_len = h->str_len;
	return 0;
}

/* The kernel's rules: the table ends with a NUL (so every offset inside
 * it is a C string) and, unless split, starts with one (offset 0 is ""). */
static int btf_check_strings(const struct mb_btf *btf, const char *what,
			     const struct mb_log *log)
{
	if (btf->base && !btf->strs_len)
		return 0;
	if (!btf->strs_len)
		return mb_err(log, -EINVAL, "btf: %s: empty string table",
			      what);
	if (!btf->base && btf->strs[0])
		return mb_err(log, -EINVAL,
			      "btf: %s: string table does not start with \\0",
			      what);
	if (btf->strs[btf->strs_len - 1])
		return mb_err(log, -EINVAL,
			      "btf: %s: string table does not end with \\0",
			      what);
	return 0;
}

/* ---- parse, load, free ---------------------------------------------- */

/* Check btf->data, size bytes, and index it.  btf is freed on failure,
 * with its copy or mapping. */
static int btf_parse_blob(struct mb_btf *btf, size_t size,
			  const struct mb_btf *base, const char *what,
			  const struct mb_log *log, struct mb_btf **btfp)
{
	bool swapped = false;
	int err;

	btf->base = base;
	btf->start_id = base ? mb_btf_type_count(base) : 1;
	btf->start_str = base ? base->start_str + base->strs_len : 0;
	err = btf_read_header(btf, size, &swapped, what, log);
	if (!err)
		err = btf_check_strings(btf, what, log);
	if (!err)
		err = mb_btf_check_types(btf, swapped, what, log);
	if (err == -ENOMEM)
		mb_err(log, err, "btf: %s: out of memory", what);
	if (err) {
		mb_btf_free(btf);
		return err;
	}
	*btfp = btf;
	return 0;
}

/* Parse data, a malloc'ed blob that becomes the BTF's (freed on
 * failure too): mb_btf_load_file hands over what it read, no copy. */
static int btf_parse_owned(void *data, size_t size, const struct mb_btf *base,
			   const char *what, const struct mb_log *log,
			   struct mb_btf **btfp)
{
	struct mb_btf *btf = calloc(1, sizeof(*btf));

	if (!btf) {
		free(data);
		return mb_err(log, -ENOMEM, "btf: %s: out of memory", what);
	}
	btf->data = btf->copy = data;
	return btf_parse_blob(btf, size, base, what, log, btfp);
}

int mb_btf_parse(const void *data, size_t size, const struct mb_btf *base,
		 const char *what, const struct mb_log *log,
		 struct mb_btf **btfp)
{
	void *copy = malloc(size ? size : 1);

	if (!copy)
		return mb_err(log, -ENOMEM,
			      "btf: %s: out of memory for %zu bytes", what,
			      size);
	memcpy(copy, data, size);
	return btf_parse_owned(copy, size, base, what, log, btfp);
}

/* The .BTF section of an ELF file (a vmlinux with debug info). */
static int btf_parse_elf(void *file, size_t size, const char *path,
			 const struct mb_log *log, struct mb_btf **btfp)
{
	Elf *elf;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstrndx;
	int err;

	elf_version(EV_CURRENT);
	elf = elf_memory(file, size);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
		err = mb_err(log, -EINVAL,
			     "btf: %s: not a readable ELF file: %s", path,
			     elf_errmsg(-1));
		goto out_end;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = mb_elf_str(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".BTF"))
			break;
	}
	if (!scn)
		err = mb_err(log, -ENOENT,
			     "btf: %s: ELF file without a .BTF section", path);
	else if (sh.sh_type == SHT_NOBITS || sh.sh_flags & SHF_COMPRESSED)
		err = mb_err(log, -EINVAL,
			     "btf: %s: .BTF section is empty or compressed",
			     path);
	else if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
		err = mb_err(log, -EINVAL,
			     "btf: %s: .BTF section at %llu, %llu bytes, beyond the file's %zu",
			     path, (unsigned long long)sh.sh_offset,
			     (unsigned long long)sh.sh_size, size);
	else
		err = mb_btf_parse((char *)file + sh.sh_offset, sh.sh_size,
				   NULL, path, log, btfp);
out_end:
	elf_end(elf);
	return err;
}

/* The kernel's BTF (/sys/kernel/btf/vmlinux and its modules') is
 * read-only kernel memory, and recent kernels let it be mapped: no read,
 * no copy.  Only files in sysfs are mapped: any other file could change
 * under us after it was checked.  -ENOTSUP: read it instead. */
static int btf_map_sysfs(const char *path, void **map, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct statfs fs;
	struct stat st;
	uint16_t magic;

	if (fd < 0)
		return -ENOTSUP; /* mb_read_file says why */
	*map = MAP_FAILED;
	if (!fstatfs(fd, &fs) && fs.f_type == SYSFS_MAGIC && !fstat(fd, &st) &&
	    st.st_size >= (off_t)sizeof(struct btf_header) &&
	    (uint64_t)st.st_size <= UINT32_MAX) {
		*len = st.st_size;
		*map = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	}
	close(fd);
	if (*map == MAP_FAILED)
		return -ENOTSUP;
	memcpy(&magic, *map, sizeof(magic));
	if (magic == BTF_MAGIC) /* in host order: parsed in place */
		return 0;
	munmap(*map, *len);
	return -ENOTSUP;
}

static int btf_parse_mapped(void *map, size_t len, const char *path,
			    const struct mb_log *log, struct mb_btf **btfp)
{
	struct mb_btf *btf = calloc(1, sizeof(*btf));

	if (!btf) {
		munmap(map, len);
		return mb_err(log, -ENOMEM, "btf: %s: out of memory", path);
	}
	btf->data = map;
	btf->map_len = len;
	return btf_parse_blob(btf, len, NULL, path, log, btfp);
}

int mb_btf_load_file(const char *path, const struct mb_log *log,
		     struct mb_btf **btfp)
{
	void *data;
	size_t size;
	int err;

	if (!btf_map_sysfs(path, &data, &size))
		return btf_parse_mapped(data, size, path, log, btfp);
	err = mb_read_file(path, &data, &size);
	if (err)
		return mb_err(log, err, "btf: %s: cannot read: %s", path,
			      strerror(-err));
	if (size < SELFMAG || memcmp(data, ELFMAG, SELFMAG))
		return btf_parse_owned(data, size, NULL, path, log, btfp);
	err = btf_parse_elf(data, size, path, log, btfp);
	free(data);
	return err;
}

int mb_btf_open(const char *path, const struct mb_open_opts *opts,
		struct mb_btf **btfp)
{
	struct mb_log log;

	mb_log_init(&log, opts);
	return mb_btf_load_file(path, &log, btfp);
}

void mb_btf_close(struct mb_btf *btf)
{
	mb_btf_free(btf);
}

void mb_btf_free(struct mb_btf *btf)
{
	if (!btf)
		return;
	free(btf->slots);
	free(btf->name_next);
	free(btf->type_offs);
	free(btf->kinds);
	free(btf->copy);
	if (btf->map_len)
		munmap((void *)btf->data, btf->map_len);
	free(btf);
}
