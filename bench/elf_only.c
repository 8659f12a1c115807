/* elf_only.c: the floor for the static-size comparison of `make bench`.
 *
 *	elf_only OBJ
 *
 * Opens an object with libelf and counts its sections, nothing more: a
 * static build of this is glibc plus libelf (and zlib, which libelf
 * needs), so what the static minibpf weighs above it is the loader's own
 * code.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	Elf_Scn *scn = NULL;
	size_t n = 0;
	Elf *elf;
	int fd;

	if (argc != 2 || elf_version(EV_CURRENT) == EV_NONE)
		return 2;
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf) {
		fprintf(stderr, "elf_only: %s: %s\n", argv[1], elf_errmsg(-1));
		close(fd);
		return 1;
	}
	while ((scn = elf_nextscn(elf, scn)))
		n++;
	printf("%s: %zu sections\n", argv[1], n);
	elf_end(elf);
	close(fd);
	return 0;
}
