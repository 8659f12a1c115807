/* load.c: handing the object to the kernel.
 *
 * Two kinds of upload happen here, after CO-RE and linking:
 *
 *  1. The object's BTF (BPF_BTF_LOAD), already fixed up (DATASEC sizes
 *     and VAR offsets by elf_prog.c, externs by externs.c).  Maps get
 *     their key/value type ids from it, programs their func_info and
 *     line_info.  Kinds the kernel lacks are rewritten first
 *     (btf_sanitize.c); a kernel that refuses even that gets a warning
 *     and a load without BTF, as far as that goes.
 *  2. Each program (BPF_PROG_LOAD).  The first try carries no log: most
 *     programs load, and a log costs the kernel time and us memory.  When
 *     the verifier says no, the load is repeated with log_level 1 and a
 *     buffer that doubles until the whole log fits (ENOSPC means it was
 *     cut), so that the error can show the verifier's reasoning with the
 *     source lines that line_info gives it.
 *
 * fentry/fexit/tp_btf programs name their target at load time, as a type
 * id in the running kernel's BTF (attach_btf_id).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "internal.h"
#include "log.h"
#include "sys.h"
#include "object.h"
#include "btf.h"

#define LOG_FIRST_SIZE (64u << 10)
#define LOG_MAX_SIZE   (UINT32_MAX >> 8) /* what every kernel accepts */
#define LOG_TAIL_LINES 25
#define POISON_CORE    "unknown#195896080" /* call 0xbad2310: CO-RE */

static void print_lines(const struct mb_log *log, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		mb_print(log, MB_ERROR, "  %.*s", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

/* The object's BTF as this kernel takes it: rewritten (a malloc'ed
 * copy in *copy) when it uses kinds the kernel lacks. */
static const void *btf_for_kernel(struct mb_object *obj, uint32_t *size,
				  void **copy)
{
	unsigned int used = mb_btf_features_used(obj->btf), have;
	char names[128];

	*copy = NULL;
	if (!used)
		return mb_btf_data(obj->btf, size);
	have = mb_kernel_btf_features() & ~obj->btf_features_off;
	if (!(used & ~have) || mb_btf_sanitize(obj->btf, have, copy, size))
		return mb_btf_data(obj->btf, size);
	mb_btf_feature_names(used & ~have, names, sizeof(names));
	mb_print(&obj->log, MB_DEBUG,
		 "btf: %s: rewritten for a kernel without %s", obj->path,
		 names);
	return *copy;
}

int mb_btf_upload(struct mb_object *obj)
{
	uint32_t size, log_size = LOG_FIRST_SIZE;
	const void *data;
	void *copy;
	char *log;
	int fd;

	obj->btf_fd = -1;
	if (!obj->btf)
		return 0;
	data = btf_for_kernel(obj, &size, &copy);
	fd = mb_sys_btf_load(data, size, NULL, 0, 0);
	if (fd >= 0) {
		obj->btf_fd = fd;
		free(copy);
		return 0;
	}
	log = calloc(1, log_size);
	if (log)
		mb_sys_btf_load(data, size, log, log_size, 1);
	mb_print(&obj->log, MB_WARN,
		 "btf: %s: the kernel refused the object's BTF (%s); loading without it",
		 obj->path, strerror(-fd));
	if (log && log[0] && obj->log.level >= MB_DEBUG)
		print_lines(&obj->log, log);
	free(log);
	free(copy);
	return 0;
}

/* fentry/foo -> FUNC foo; tp_btf/sched_switch -> TYPEDEF btf_trace_... */
static int find_attach_btf_id(struct mb_object *obj, struct mb_program *prog)
{
	const struct mb_sec_def *def = prog->def;
	const struct mb_btf *btf;
	char name[256];
	int id, err;

	if (!def->btf_kind)
		return 0;
	if (!prog->target[0])
		return mb_err(&obj->log, -EINVAL,
			      "load: %s: program %s: section %s names no target",
			      obj->path, prog->name, prog->sec->name);
	err = mb_kernel_btf(&obj->log, &btf);
	if (err)
		return err;
	snprintf(name, sizeof(name), "%s%s", def->btf_prefix, prog->target);
	id = mb_btf_find(btf, name, def->btf_kind);
	if (id < 0)
		return mb_err(&obj->log, -ESRCH,
			      "load: %s: program %s: %s is not in the kernel's BTF",
			      obj->path, prog->name, name);
	prog->attach_btf_id = id;
	return 0;
}

static int prog_load(struct mb_object *obj, struct mb_program *prog, char *log,
		     uint32_t log_size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = prog->def->prog_type;
	attr.expected_attach_type = prog->def->attach_type;
	attr.insns = mb_ptr(prog->insns);
	attr.insn_cnt = prog->nr_insns;
	attr.license = mb_ptr(obj->license); /* "GPL" for GPL-only helpers */
	attr.log_buf = mb_ptr(log);	     /* NULL on the first try */
	attr.log_size = log_size;
	attr.log_level = log ? 1 : 0;
	attr.kern_version = obj->kern_version ? obj->kern_version :
						mb_kernel_version(); /* < 5.0 */
	memcpy(attr.prog_name, prog->name, /* 15 chars and a NUL */
	       strnlen(prog->name, sizeof(attr.prog_name) - 1));
	attr.attach_btf_id = prog->attach_btf_id; /* fentry etc. */
	if (obj->nr_fd_array > 1) /* modules' BTFs, by kfunc insn->off */
		attr.fd_array = mb_ptr(obj->fd_array);
	if (obj->btf_fd >= 0 && prog->nr_func_info) {
		attr.prog_btf_fd = obj->btf_fd;
		attr.func_info = mb_ptr(prog->func_info);
		attr.func_info_cnt = prog->nr_func_info;
		attr.func_info_rec_size = prog->func_info_size;
		attr.line_info = mb_ptr(prog->line_info);
		attr.line_info_cnt = prog->nr_line_info;
		attr.line_info_rec_size = prog->line_info_size;
	}
	return mb_sys_bpf(BPF_PROG_LOAD, &attr, MB_ATTR_SIZE(fd_array));
}

/* The error, then the log: its last lines, or all of it with -v. */
/* Tracing programs (they read kernel memory) need CAP_PERFMON too. */
static unsigned int perm_need(const struct mb_program *prog)
{
	switch (prog->def->prog_type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_TRACING:
		return MB_NEED_BPF | MB_NEED_PERFMON;
	default:
		return MB_NEED_BPF;
	}
}

static void report_rejection(struct mb_object *obj, struct mb_program *prog,
			     int err, const char *log)
{
	const char *tail = log + strlen(log);
	char why[256];
	int n = 0;

	/* EPERM without a log: refused before the verifier ran */
	if (err == -EPERM && !log[0]) {
		mb_err(&obj->log, err,
		       "load: %s: program %s (%s): permission denied: %s",
		       obj->path, prog->name, prog->sec->name,
		       mb_perm_reason(why, sizeof(why), perm_need(prog)));
		return;
	}
	mb_err(&obj->log, err,
	       "load: %s: program %s (%s): the verifier rejected it (%s)%s",
	       obj->path, prog->name, prog->sec->name, strerror(-err),
	       log[0] ? "; its log:" : "");
	while (tail > log &&
	       (n <= LOG_TAIL_LINES || obj->log.level >= MB_DEBUG))
		if (*--tail == '\n' && tail[1])
			n++;
	print_lines(&obj->log, tail + (*tail == '\n'));
	if (strstr(log, POISON_CORE))
		mb_print(&obj->log, MB_ERROR,
			 "load: %s: program %s reaches a CO-RE relocation that found no match in the kernel's types (see --explain)",
			 obj->path, prog->name);
}

/* Reload with a log that grows until the verifier's whole story fits. */
static int load_with_log(struct mb_object *obj, struct mb_program *prog,
			 int err)
{
	uint32_t size = LOG_FIRST_SIZE;
	char *log = NULL, *p;
	int fd;

	for (;;) {
		p = realloc(log, size);
		if (!p)
			break;
		log = p;
		log[0] = '\0';
		fd = prog_load(obj, prog, log, size);
		if (fd >= 0) { /* loaded after all */
			free(log);
			return fd;
		}
		err = fd;
		if (fd != -ENOSPC || size >= LOG_MAX_SIZE)
			break;
		size = size > LOG_MAX_SIZE / 2 ? LOG_MAX_SIZE : size * 2;
	}
	if (log)
		report_rejection(obj, prog, err, log);
	free(log);
	return err;
}

int mb_prog_load(struct mb_object *obj, struct mb_program *prog)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	int fd, err;

	if (prog->def == mb_section_unknown())
		return mb_err(&obj->log, -EINVAL,
			      "load: %s: section '%s' of program %s: unknown program type (expected kprobe/, tracepoint/, xdp, ...; or load only the others with --prog)",
			      obj->path, prog->sec->name, prog->name);
	err = find_attach_btf_id(obj, prog);
	if (err)
		return err;
	fd = prog_load(obj, prog, NULL, 0);
	if (fd < 0)
		fd = load_with_log(obj, prog, fd);
	if (fd < 0)
		return fd;
	prog->fd = fd;
	memset(&info, 0, sizeof(info));
	if (!mb_sys_obj_info(fd, &info, &len))
		prog->id = info.id;
	return 0;
}
