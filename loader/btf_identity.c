/* btf_identity.c: which kernel a BTF file belongs to.
 *
 * A BTF made for one kernel build gives wrong offsets on another one,
 * silently.  A kernel's identity is its GNU build id, a note (type 3,
 * name "GNU") that the running kernel shows in /sys/kernel/notes and
 * its vmlinux in a SHT_NOTE section; `uname -r` is not one (a rebuild
 * keeps it).  So a minimal BTF made from a vmlinux is written as a
 * small ELF file holding .BTF and the vmlinux's .note.gnu.build-id,
 * and at load the two ids are compared.  A BTF without an id can still
 * be checked for its pointer size (the size of its `long`) against the
 * running kernel's word size, from `uname -m`: a 32-bit minibpf may run
 * on a 64-bit kernel, so the process's own size says nothing.
 *
 * Notes are back to back: u32 namesz, descsz, type; the name, then the
 * desc, each padded to 4 bytes (elf(5)).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal.h"
#include "btf.h"
#include "log.h"

#define NOTE_ALIGN(x) (((uint64_t)(x) + 3) & ~(uint64_t)3)

/* ---- reading -------------------------------------------------------- */

int mb_notes_build_id(const void *notes, size_t size, struct mb_build_id *id)
{
	const uint8_t *p = notes, *end = p + size;

	while (end - p >= 12) {
		uint32_t w[3];
		uint64_t name_len, desc_len;

		memcpy(w, p, sizeof(w));
		name_len = NOTE_ALIGN(w[0]);
		desc_len = NOTE_ALIGN(w[1]);
		p += 12;
		if (name_len > (uint64_t)(end - p) ||
		    desc_len > (uint64_t)(end - p) - name_len)
			return -EINVAL;
		if (w[2] == NT_GNU_BUILD_ID && w[0] == 4 &&
		    !memcmp(p, "GNU", 4)) {
			if (!w[1] || w[1] > sizeof(id->bytes))
				return -EINVAL;
			memcpy(id->bytes, p + name_len, w[1]);
			id->len = w[1];
			return 0;
		}
		p += name_len + desc_len;
	}
	return -ENOENT;
}

/* The build id of an ELF file: its first SHT_NOTE section that holds
 * one.  Mapped by libelf, not read: a vmlinux with debug info is big.
 * -ENOENT: none (or not ELF); -EINVAL: a bad note. */
int mb_file_build_id(const char *path, struct mb_build_id *id)
{
	Elf_Scn *scn = NULL;
	Elf_Data *data;
	GElf_Shdr sh;
	Elf *elf;
	int fd, err = -ENOENT;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	while (elf && err == -ENOENT && (scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		data = elf_getdata(scn, NULL); /* libelf checks the bounds */
		err = data ? mb_notes_build_id(data->d_buf, data->d_size, id) :
			     -EINVAL;
	}
	elf_end(elf);
	close(fd);
	return err;
}

/* "3f2a..." for messages; buf holds 2 * 64 + 1. */
void mb_build_id_str(const struct mb_build_id *id, char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < id->len && at + 3 <= size; i++, at += 2)
		snprintf(buf + at, 3, "%02x", id->bytes[i]);
}

/* ---- checking --target BTF ------------------------------------------ */

/* A BTF without a build id: is its long the running kernel's word? */
static int check_word_size(const char *path, const struct mb_btf *btf,
			   const struct mb_log *log)
{
	uint32_t size = mb_btf_long_id(btf) ? mb_btf_ptr_size(btf) : 0;
	int word = mb_kernel_word_size();
	struct utsname u;

	if (!size || word < 0) {
		mb_print(log, MB_DEBUG,
			 "btf: %s: no build id and %s: not checked against the running kernel",
			 path, size ? "no uname" : "no long");
		return 0;
	}
	if ((int)size == word)
		return 0;
	return mb_err(log, -EINVAL,
		      "btf: %s: its long is %u bytes but the running kernel's (%s) is %d: BTF of another kernel",
		      path, size, uname(&u) ? "?" : u.machine, word);
}

/* A BTF file carrying a build id must carry the running kernel's. */
static int check_build_id(const char *path, const struct mb_build_id *file,
			  const struct mb_log *log)
{
	struct mb_build_id kernel;
	char a[130], b[130];

	if (mb_kernel_build_id(&kernel)) {
		mb_print(log, MB_DEBUG,
			 "btf: %s: the running kernel's build id is unknown (/sys/kernel/notes): not checked",
			 path);
		return 0;
	}
	mb_build_id_str(file, a, sizeof(a));
	mb_build_id_str(&kernel, b, sizeof(b));
	if (file->len == kernel.len &&
	    !memcmp(file->bytes, kernel.bytes, file->len)) {
		mb_print(log, MB_DEBUG,
			 "btf: %s: build id %s, the running kernel's", path, a);
		return 0;
	}
	return mb_err(log, -EINVAL,
		      "btf: %s: made for the kernel with build id %s, but the running kernel's is %s",
		      path, a, b);
}

static int load_file_checked(const char *path, const struct mb_log *log,
			     struct mb_btf **btfp)
{
	struct mb_build_id id;
	int err = mb_file_build_id(path, &id);
	bool with_id = !err;

	if (err == -EINVAL)
		return mb_err(log, err, "btf: %s: bad build id note", path);
	if (with_id && (err = check_build_id(path, &id, log)))
		return err;
	err = mb_btf_load_file(path, log, btfp); /* says why it fails */
	if (!err && !with_id && (err = check_word_size(path, *btfp, log))) {
		mb_btf_free(*btfp);
		*btfp = NULL;
	}
	return err;
}

/* --btf DIR: the file in dir whose build id is the running kernel's. */
static int load_from_dir(const char *dir, const struct mb_log *log,
			 struct mb_btf **btfp)
{
	struct mb_build_id kernel, id;
	char path[4096], hex[130];
	struct dirent *e;
	int seen = 0, err = -ENOENT;
	DIR *d;

	if (mb_kernel_build_id(&kernel))
		return mb_err(log, -ENOENT,
			      "btf: %s: a directory, but the running kernel's build id is unknown (/sys/kernel/notes)",
			      dir);
	d = opendir(dir);
	if (!d)
		return mb_err(log, -errno, "btf: %s: cannot open: %s", dir,
			      strerror(errno));
	while (err == -ENOENT && (e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     e->d_name) >= sizeof(path))
			continue;
		seen++;
		if (mb_file_build_id(path, &id) || id.len != kernel.len ||
		    memcmp(id.bytes, kernel.bytes, id.len))
			continue;
		mb_print(log, MB_DEBUG,
			 "btf: %s: %s has the running kernel's build id", dir,
			 e->d_name);
		err = mb_btf_load_file(path, log, btfp);
	}
	closedir(d);
	mb_build_id_str(&kernel, hex, sizeof(hex));
	if (err == -ENOENT)
		return mb_err(log, err,
			      "btf: %s: none of its %d files has the running kernel's build id %s",
			      dir, seen, hex);
	return err;
}

int mb_btf_load_target(const char *path, const struct mb_log *log,
		       struct mb_btf **btfp)
{
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return load_from_dir(path, log, btfp);
	return load_file_checked(path, log, btfp);
}

/* ---- writing -------------------------------------------------------- */

static const char shstrtab[] = "\0.BTF\0.note.gnu.build-id\0.shstrtab";

static void put_section(Elf64_Shdr *sh, uint32_t name, uint32_t type,
			uint64_t off, uint64_t size, uint64_t align)
{
	sh->sh_name = name; /* offset in shstrtab */
	sh->sh_type = type;
	sh->sh_offset = off;
	sh->sh_size = size;
	sh->sh_addralign = align;
}

/* The file's bytes: header, .BTF, the note, the section names, then the
 * section headers (null, .BTF, .note.gnu.build-id, .shstrtab). */
static void *elf_image(const void *btf, size_t size,
		       const struct mb_build_id *id, size_t *lenp)
{
	uint64_t btf_off = sizeof(Elf64_Ehdr), note_off, str_off, sh_off;
	uint32_t note[3] = { 4, id ? id->len : 0, NT_GNU_BUILD_ID };
	uint64_t note_len = id ? 16 + NOTE_ALIGN(id->len) : 0;
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	uint8_t *img;

	note_off = NOTE_ALIGN(btf_off + size);
	str_off = note_off + note_len;
	sh_off = (str_off + sizeof(shstrtab) + 7) & ~7ull;
	*lenp = sh_off + 4 * sizeof(Elf64_Shdr);
	img = calloc(1, *lenp);
	if (!img)
		return NULL;
	eh = (Elf64_Ehdr *)img;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ?
				       ELFDATA2LSB :
				       ELFDATA2MSB; /* as the BTF */
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_REL; /* sections only, nothing to run */
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(*eh);
	eh->e_shoff = sh_off;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = id ? 4 : 3;
	eh->e_shstrndx = eh->e_shnum - 1;
	memcpy(img + btf_off, btf, size);
	if (id) {
		memcpy(img + note_off, note, sizeof(note));
		memcpy(img + note_off + 12, "GNU", 4);
		memcpy(img + note_off + 16, id->bytes, id->len);
	}
	memcpy(img + str_off, shstrtab, sizeof(shstrtab));
	sh = (Elf64_Shdr *)(img + sh_off);
	put_section(&sh[1], 1, SHT_PROGBITS, btf_off, size, 4);
	if (id)
		put_section(&sh[2], 6, SHT_NOTE, note_off, note_len, 4);
	put_section(&sh[eh->e_shstrndx], 25, SHT_STRTAB, str_off,
		    sizeof(shstrtab), 1);
	return img;
}

int mb_btf_write_elf(const char *path, const void *btf, size_t size,
		     const struct mb_build_id *id, const struct mb_log *log)
{
	size_t len, done = 0;
	void *img = elf_image(btf, size, id, &len);
	int fd, err = 0;

	if (!img)
		return mb_err(log, -ENOMEM, "btf: %s: out of memory", path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		err = -errno;
	while (!err && done < len) {
		ssize_t n = write(fd, (char *)img + done, len - done);

		if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n > 0)
			done += n;
	}
	if (fd >= 0 && close(fd) && !err)
		err = -errno;
	free(img);
	if (err)
		return mb_err(log, err, "btf: %s: cannot write: %s", path,
			      strerror(-err));
	return 0;
}
