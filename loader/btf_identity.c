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
 *
 * Interface: mb_notes_build_id, mb_elf_build_id, mb_kernel_build_id,
 * mb_kernel_word_size, mb_build_id_str, mb_btf_write_elf (btf_tools.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "btf_tools.h"

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

/* The build id of an ELF file in memory: its first SHT_NOTE section
 * that holds one.  -ENOENT: none; -EINVAL: not ELF or a bad note. */
int mb_elf_build_id(const void *file, size_t size, struct mb_build_id *id)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	Elf *elf;
	int err = -ENOENT;

	elf_version(EV_CURRENT);
	elf = elf_memory((char *)file, size);
	if (!elf)
		return -EINVAL;
	while (err == -ENOENT && (scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
			err = -EINVAL;
		else
			err = mb_notes_build_id((const char *)file + sh.sh_offset,
						sh.sh_size, id);
	}
	elf_end(elf);
	return err;
}

/* Belongs in kernel.c: a fact about the running kernel. */
int mb_kernel_build_id(struct mb_build_id *id)
{
	void *data;
	size_t size;
	int err = mb_read_file("/sys/kernel/notes", &data, &size);

	if (err)
		return err;
	err = mb_notes_build_id(data, size, id);
	free(data);
	return err;
}

/* Belongs in kernel.c.  The machines whose kernels have 4-byte longs;
 * every other Linux machine name is a 64-bit one (x86_64, aarch64,
 * riscv64, s390x, ppc64le, mips64, loongarch64). */
int mb_kernel_word_size(void)
{
	static const char *const m32[] = {
		"i386", "i486", "i586", "i686", "arm", "armv", "mips",
		"riscv32", "ppc", "sh", "m68k", "parisc", "sparc", "xtensa",
		"arc", "microblaze", "nios2", "csky", "openrisc", "or1k",
	};
	struct utsname u;

	if (uname(&u))
		return -errno;
	if (strstr(u.machine, "64"))
		return 8;
	for (size_t i = 0; i < ARRAY_SIZE(m32); i++)
		if (!strncmp(u.machine, m32[i], strlen(m32[i])))
			return 4;
	return 8;
}

/* "3f2a..." for messages; buf holds 2 * 64 + 1. */
void mb_build_id_str(const struct mb_build_id *id, char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < id->len && at + 3 <= size; i++, at += 2)
		snprintf(buf + at, 3, "%02x", id->bytes[i]);
}

/* ---- writing -------------------------------------------------------- */

static const char shstrtab[] = "\0.BTF\0.note.gnu.build-id\0.shstrtab";

static void put_section(Elf64_Shdr *sh, uint32_t name, uint32_t type,
			uint64_t off, uint64_t size, uint64_t align)
{
	sh->sh_name = name;		/* offset in shstrtab */
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
			       ELFDATA2LSB : ELFDATA2MSB;	/* as the BTF */
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_REL;		/* sections only, nothing to run */
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
