/* fuzz_elf.c: a whole ELF object into mb_object_open and, when it opens,
 * mb_object_prepare: what `minibpf inspect` does, without the kernel.
 *
 * The input is written to a memfd and opened by its /proc/self/fd path,
 * so the library reads it exactly as it reads a file.  The object is its
 * own CO-RE target (--btf pointing at itself: an ELF file with .BTF), so
 * that CO-RE and linking run too.  Objects with externs are only opened:
 * resolving them reads /proc/kallsyms and the kernel's BTF, which are not
 * the input.  The seeds are the objects that make builds.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct mb_open_opts opts = {
		.btf_path = path, .print = fuzz_print, .level = MB_DEBUG,
	};
	struct mb_object *obj;

	if (fd < 0) {
		fd = memfd_create("fuzz.bpf.o", MFD_CLOEXEC);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (mb_object_open(path, &opts, &obj))
		return 0;
	if (obj->nr_externs == 0)
		(void)mb_object_prepare(obj);
	mb_object_close(obj);
	return 0;
}
