/* libbpf_ref.c: the other direction, with libbpf as a reference only.
 *
 * A tests-only program, linked with Debian's libbpf (its rule is in
 * bench/rules.mk, the only place that links libbpf): it loads usdt_probe.ours.bpf.o, the
 * program built with OUR usdt.bpf.h, with libbpf, attaches on_probe to
 * mbtest:sizes of usdt_target.clang-O2 through bpf_program__attach_usdt
 * (not the gcc -O2 build: libbpf 1.1 cannot parse its "-8@g(%rip)"),
 * and checks the 12 arguments libbpf's spec let our header read.  So the
 * maps and spec layout of our header are the ones libbpf writes.
 *
 *	libbpf_ref DIR		(DIR holds the objects and the target)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "usdt_values.h"

struct record {
	long cookie, cnt, err[12], arg[12];
};

static struct record got;
static int nr_got;

static int on_record(void *ctx, void *data, size_t size)
{
	if (size == sizeof(got)) {
		memcpy(&got, data, size);
		nr_got++;
	}
	return 0;
}

/* Start the target, read the address it prints, attach, let it go. */
static int run(struct bpf_program *prog, const char *exe, long *global,
	       struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = 1);
	int in[2], out[2], status;
	char line[64] = "";
	FILE *f;
	pid_t pid;

	if (pipe(in) || pipe(out) || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl(exe, exe, "1", "0", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	f = fdopen(out[0], "r");
	if (!f || !fgets(line, sizeof(line), f))
		return -1;
	fclose(f);
	*global = strtol(line, NULL, 16);
	*link = bpf_program__attach_usdt(prog, -1, exe, "mbtest", "sizes",
					 &opts);
	if (write(in[1], "go\n", 3) != 3)
		return -1;
	close(in[1]);
	waitpid(pid, &status, 0);
	return *link ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link = NULL;
	struct ring_buffer *rb;
	long global = 0;
	int fails = 0;

	if (geteuid() != 0) {
		printf("skip libbpf_loads_our_usdt_header: needs root\n");
		return 0;
	}
	if (argc != 2 || chdir(argv[1]))
		return 2;
	setenv("LD_LIBRARY_PATH", ".", 1);
	obj = bpf_object__open_file("usdt_probe.ours.bpf.o", NULL);
	if (!obj)
		return 1;
	prog = bpf_object__find_program_by_name(obj, "on_twice");
	bpf_program__set_autoload(prog, false);
	prog = bpf_object__find_program_by_name(obj, "on_probe");
	if (bpf_object__load(obj) ||
	    run(prog, "./usdt_target.clang-O2", &global, &link)) {
		printf("FAIL libbpf_loads_our_usdt_header: load or attach failed\n");
		bpf_object__close(obj);
		return 1;
	}
	rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj,
								"records")),
			      on_record, NULL, NULL);
	if (rb)
		ring_buffer__consume(rb);
	{
		const long want[12] = {
			V_S8, V_U8, V_S16, V_U16, V_S32, V_U32, V_S64,
			(long)V_U64, 42, -7, global, V_GLOBAL,
		};

		if (nr_got != 1 || got.cookie != 1 || got.cnt != 12)
			fails++;
		for (int i = 0; i < 12; i++)
			if (got.err[i] || got.arg[i] != want[i])
				fails++;
	}
	if (fails)
		printf("FAIL libbpf_loads_our_usdt_header: %d records, cookie %ld, %ld arguments, %d wrong\n",
		       nr_got, got.cookie, got.cnt, fails);
	else
		printf("ok libbpf_loads_our_usdt_header\n");
	ring_buffer__free(rb);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return fails != 0;
}
