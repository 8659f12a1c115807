/* ref_libbpf.c: the reference loader, libbpf doing what `minibpf load`
 * does.  Used only by `make bench`, never by the library or the tool.
 *
 *	ref_libbpf OBJ...
 *
 * For each object: open it, load it (CO-RE against the running kernel's
 * /sys/kernel/btf/vmlinux, maps created, programs loaded), close it.
 * Exits 0 only if every object loaded.  libbpf's debug and info lines are
 * dropped, as minibpf prints nothing by default; warnings go to stderr.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

static int print_warn(enum libbpf_print_level level, const char *fmt,
		      va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static int load_one(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	int err = libbpf_get_error(obj);

	if (err) {
		fprintf(stderr, "ref_libbpf: %s: open: %s\n", path,
			strerror(-err));
		return err;
	}
	err = bpf_object__load(obj);
	if (err)
		fprintf(stderr, "ref_libbpf: %s: load: %s\n", path,
			strerror(-err));
	bpf_object__close(obj);
	return err;
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: ref_libbpf OBJ...\n");
		return 2;
	}
	libbpf_set_print(print_warn);
	for (int i = 1; i < argc; i++)
		failed |= load_one(argv[i]) != 0;
	return failed;
}
