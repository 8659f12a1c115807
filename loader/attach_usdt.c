/* attach_usdt.c: running a program on a USDT probe of a user binary.
 *
 * A USDT probe is a uprobe at each call site of the probe (usdt.c reads
 * them from .note.stapsdt), plus what <bpf/usdt.bpf.h> needs to find
 * the arguments at run time: one "spec" per call site in the object's
 * array map __bpf_usdt_specs, saying for each argument where it lives
 * (a constant, a pt_regs register, or memory at register + offset), its
 * size and sign.  The program learns which spec is its own
 *
 *	by BPF cookie (5.15+): each uprobe's link carries its spec id, and
 *	   bpf_get_attach_cookie() returns it;
 *	by address otherwise: __bpf_usdt_ip_to_spec_id maps the probe's
 *	   run-time address (PT_REGS_IP) to the spec id.  That address is
 *	   the link-time one in a fixed-address executable; a shared
 *	   library (or PIE) needs the process, to read where it is mapped.
 *
 * The object decides which it does from LINUX_HAS_BPF_COOKIE (a
 * __kconfig extern that externs_resolve.c sets from the kernel version),
 * and this file decides the same way.  A probe with a semaphore gets the
 * uprobe's reference counter (ref_ctr_offset, 4.20+): the kernel counts
 * the semaphore up in every process while attached.  Older kernels have
 * none, so there the semaphore of the one process attached to (a pid is
 * needed) is counted up by hand through /proc/PID/mem, and down again
 * when the link is freed.
 *
 * Identical specs within one attach share an id; ids are not reused
 * after a detach (the map holds BPF_USDT_MAX_SPEC_CNT, 256 by default).
 *
 * Reference: libbpf's usdt.bpf.h for the map layout (the ABI we keep).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "internal.h"
#include "log.h"
#include "attach.h"
#include "object.h"
#include "usdt.h"

#define SPECS_MAP "__bpf_usdt_specs"
#define IP_MAP	  "__bpf_usdt_ip_to_spec_id"
#define UPROBE_REF_CTR \
	"/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset"

/* struct __bpf_usdt_arg_spec and __bpf_usdt_spec, as the BPF side
 * lays them out (BPF has the host's byte order and 8-byte longs, and
 * aligns a 64-bit field to 8 bytes, where i386 aligns it to 4: hence
 * the aligned attributes). */
struct __attribute__((aligned(8))) usdt_arg_spec {
	uint64_t val_off;
	uint32_t arg_type; /* enum __bpf_usdt_arg_type */
	int16_t reg_off;
	uint8_t arg_signed;
	int8_t arg_bitshift; /* 64 - 8 * size */
};

struct __attribute__((aligned(8))) usdt_spec {
	struct usdt_arg_spec args[MB_USDT_MAX_ARGS];
	uint64_t usdt_cookie;
	int16_t arg_cnt;
};

_Static_assert(sizeof(struct usdt_arg_spec) == 16, "usdt.bpf.h layout");
_Static_assert(sizeof(struct usdt_spec) == 208, "usdt.bpf.h layout");

/* What one attach works with. */
struct usdt_attach {
	struct mb_program *prog;
	const char *what;
	const struct mb_log *log;
	const char *path;
	int pid;
	bool cookie;	  /* spec ids by BPF cookie */
	bool manual_sema; /* no ref_ctr_offset: sema_get */
	struct mb_map *specs, *ips;
	struct usdt_spec *done; /* specs written by this attach */
	uint32_t *done_ids;
	size_t nr_done;
};

/* "PATH:PROVIDER:NAME" into its three parts (PATH may hold ':'). */
static int split_target(const char *target, char *file, size_t fsize,
			char *prov, size_t psize, char *name, size_t nsize)
{
	const char *c2 = strrchr(target, ':'), *c1;

	if (!c2 || c2 == target)
		return -EINVAL;
	for (c1 = c2 - 1; c1 > target && *c1 != ':'; c1--)
		;
	if (c1 == target || c2 - c1 < 2 || !c2[1])
		return -EINVAL;
	if ((size_t)(c1 - target) >= fsize || (size_t)(c2 - c1) > psize ||
	    strlen(c2 + 1) >= nsize)
		return -ENAMETOOLONG;
	snprintf(file, fsize, "%.*s", (int)(c1 - target), target);
	snprintf(prov, psize, "%.*s", (int)(c2 - c1 - 1), c1 + 1);
	snprintf(name, nsize, "%s", c2 + 1);
	return 0;
}

/* The two maps usdt.bpf.h defines, with the layout we write. */
static int find_maps(struct usdt_attach *a)
{
	struct mb_object *obj = a->prog->obj;

	a->specs = mb_object_find_map(obj, SPECS_MAP);
	a->ips = mb_object_find_map(obj, IP_MAP);
	if (!a->specs || !a->ips)
		return mb_err(a->log, -ENOENT,
			      "usdt: %s: the object has no %s map (build the program with <bpf/usdt.bpf.h> and BPF_USDT)",
			      a->what, a->specs ? IP_MAP : SPECS_MAP);
	if (a->specs->def.key_size != 4 ||
	    a->specs->def.value_size != sizeof(struct usdt_spec) ||
	    a->ips->def.key_size != 8 || a->ips->def.value_size != 4)
		return mb_err(a->log, -EINVAL,
			      "usdt: %s: %s or %s does not have the layout of usdt.bpf.h (value of %u bytes, expected %zu)",
			      a->what, SPECS_MAP, IP_MAP,
			      a->specs->def.value_size,
			      sizeof(struct usdt_spec));
	return 0;
}

static void make_spec(const struct mb_usdt_site *site, uint64_t cookie,
		      struct usdt_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	for (int i = 0; i < site->nr_args; i++) {
		const struct mb_usdt_arg *arg = &site->args[i];
		struct usdt_arg_spec *s = &spec->args[i];

		s->val_off = (uint64_t)arg->val_off;
		s->arg_type = arg->kind;
		s->reg_off = arg->reg_off;
		s->arg_signed = arg->is_signed;
		s->arg_bitshift = 64 - 8 * arg->size;
	}
	spec->usdt_cookie = cookie;
	spec->arg_cnt = site->nr_args;
}

/* The spec's id: one this attach already wrote, or the next free one,
 * written into __bpf_usdt_specs. */
static int spec_id(struct usdt_attach *a, const struct usdt_spec *spec,
		   uint32_t *id)
{
	struct mb_object *obj = a->prog->obj;
	int err;

	for (size_t i = 0; i < a->nr_done; i++) {
		if (!memcmp(&a->done[i], spec, sizeof(*spec))) {
			*id = a->done_ids[i];
			return 0;
		}
	}
	if (obj->usdt_next_spec >= a->specs->def.max_entries)
		return mb_err(a->log, -E2BIG,
			      "usdt: %s: %s is full (%u specs; define BPF_USDT_MAX_SPEC_CNT larger)",
			      a->what, SPECS_MAP, a->specs->def.max_entries);
	*id = obj->usdt_next_spec;
	err = mb_map_update(a->specs, id, spec, 0);
	if (err)
		return mb_err(a->log, err,
			      "usdt: %s: cannot write spec %u into %s: %s",
			      a->what, *id, SPECS_MAP, strerror(-err));
	obj->usdt_next_spec++;
	a->done[a->nr_done] = *spec;
	a->done_ids[a->nr_done++] = *id;
	return 0;
}

/* One line of /proc/PID/maps, "7f12-7f34 r-xp 00001000 08:01 1234  path":
 * its range, file offset and inode.  By hand: sscanf would bring all of
 * libc's scanf into the static binary (35 KiB). */
static bool maps_line(const char *p, uint64_t *start, uint64_t *end,
		      uint64_t *moff, uint64_t *ino)
{
	char *q;

	*start = strtoull(p, &q, 16);
	if (q == p || *q != '-')
		return false;
	*end = strtoull(q + 1, &q, 16);
	q = strchr(q, ' ');		   /* the permissions */
	q = q ? strchr(q + 1, ' ') : NULL; /* the offset */
	if (!q)
		return false;
	*moff = strtoull(q + 1, &q, 16);
	q = strchr(q + 1, ' '); /* the device */
	if (!q)
		return false;
	*ino = strtoull(q + 1, &q, 10);
	return *q == ' ' || *q == '\n' || *q == '\0';
}

/* Where file offset off of path is mapped in process pid: the line of
 * /proc/PID/maps with path's inode (names differ through symlinks)
 * whose range covers it. */
static int runtime_addr(struct usdt_attach *a, uint64_t off, uint64_t *addr)
{
	uint64_t start, end, moff, ino;
	char maps[64], line[4608];
	struct stat st;
	FILE *f;
	int err = -ENOENT;

	if (stat(a->path, &st))
		return -errno;
	snprintf(maps, sizeof(maps), "/proc/%d/maps", a->pid);
	f = fopen(maps, "re");
	if (!f)
		return -errno;
	while (err && fgets(line, sizeof(line), f)) {
		if (!maps_line(line, &start, &end, &moff, &ino))
			continue;
		if (ino != st.st_ino || off < moff || off - moff >= end - start)
			continue;
		*addr = start + (off - moff);
		err = 0;
	}
	fclose(f);
	return err;
}

/* Add delta to the 2-byte semaphore at addr in process pid. */
static int sema_add(int pid, uint64_t addr, int delta)
{
	char path[64];
	uint16_t v;
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pread(fd, &v, sizeof(v), addr) != sizeof(v))
		err = errno ? -errno : -EIO;
	v += delta;
	if (!err && pwrite(fd, &v, sizeof(v), addr) != sizeof(v))
		err = errno ? -errno : -EIO;
	close(fd);
	return err;
}

/* mb_link_free calls it: the process may be gone, which is fine. */
static void sema_put(struct mb_link *link)
{
	sema_add(link->sema_pid, link->sema_addr, -1);
}

/* No reference counter in the kernel: count the semaphore of process
 * a->pid up by hand, and remember it in link for mb_usdt_sema_put. */
static int sema_get(struct usdt_attach *a, const struct mb_usdt_site *site,
		    struct mb_link *link)
{
	uint64_t addr;
	int err;

	if (a->pid < 0)
		return mb_err(a->log, -EOPNOTSUPP,
			      "usdt: %s: the probe has a semaphore and this kernel's uprobes have no reference counter (ref_ctr_offset, 4.20+): give the process id, whose semaphore minibpf then sets itself",
			      a->what);
	err = runtime_addr(a, site->sema_off, &addr);
	if (!err)
		err = sema_add(a->pid, addr, 1);
	if (err)
		return mb_err(a->log, err,
			      "usdt: %s: cannot count up the semaphore at file offset %#llx in process %d: %s",
			      a->what, (unsigned long long)site->sema_off,
			      a->pid, strerror(-err));
	link->sema_pid = a->pid;
	link->sema_addr = addr;
	link->release = sema_put;
	return 0;
}

/* No cookies: the probe's run-time address -> spec id. */
static int map_ip(struct usdt_attach *a, const struct mb_usdt_target *t,
		  const struct mb_usdt_site *site, uint32_t id)
{
	uint64_t ip = site->pc;
	int err;

	if (t->is_dyn && a->pid < 0)
		return mb_err(a->log, -EOPNOTSUPP,
			      "usdt: %s: %s is position-independent and this kernel has no BPF cookies (5.15+): give the process id to attach to",
			      a->what, a->path);
	if (t->is_dyn && runtime_addr(a, site->file_off, &ip))
		return mb_err(a->log, -ESRCH,
			      "usdt: %s: process %d does not map %s at file offset %#llx",
			      a->what, a->pid, a->path,
			      (unsigned long long)site->file_off);
	err = mb_map_update(a->ips, &ip, &id, 0);
	if (err)
		return mb_err(a->log, err, "usdt: %s: cannot write %s: %s",
			      a->what, IP_MAP, strerror(-err));
	return 0;
}

static int attach_site(struct usdt_attach *a, const struct mb_usdt_target *t,
		       const struct mb_usdt_site *site, uint64_t usdt_cookie,
		       struct mb_link **linkp)
{
	struct mb_probe probe = { .pmu = "uprobe",
				  .target = a->path,
				  .offset = site->file_off,
				  .pid = a->pid };
	struct usdt_spec spec;
	uint32_t id;
	int err;

	make_spec(site, usdt_cookie, &spec);
	err = spec_id(a, &spec, &id);
	if (!err && !a->cookie)
		err = map_ip(a, t, site, id);
	if (err)
		return err;
	probe.cookie = a->cookie ? id : 0;
	if (!a->manual_sema)
		probe.ref_ctr_offset = site->sema_off;
	mb_print(a->log, MB_DEBUG,
		 "usdt: %s: call site %#llx (file offset %#llx), %d arguments, spec %u%s",
		 a->what, (unsigned long long)site->pc,
		 (unsigned long long)site->file_off, site->nr_args, id,
		 site->sema_off ? ", with a semaphore" : "");
	err = mb_probe_attach(a->log, a->what, a->prog->fd, &probe, linkp);
	if (!err && site->sema_off && a->manual_sema) {
		err = sema_get(a, site, *linkp);
		if (err) {
			mb_link_free(*linkp);
			*linkp = NULL;
		}
	}
	return err;
}

/* Every call site; the links chained behind the first. */
static int attach_sites(struct usdt_attach *a, const struct mb_usdt_target *t,
			uint64_t usdt_cookie, struct mb_link **linkp)
{
	struct mb_link *first = NULL, **next = &first;
	int err = 0;

	a->done = mb_calloc(t->nr_sites, sizeof(*a->done));
	a->done_ids = mb_calloc(t->nr_sites, sizeof(*a->done_ids));
	if (!a->done || !a->done_ids)
		err = mb_err(a->log, -ENOMEM, "usdt: %s: out of memory",
			     a->what);
	a->manual_sema = a->prog->obj->usdt_manual_sema ||
			 access(UPROBE_REF_CTR, F_OK);
	for (size_t i = 0; !err && i < t->nr_sites; i++) {
		err = attach_site(a, t, &t->sites[i], usdt_cookie, next);
		if (!err)
			next = &(*next)->next;
	}
	free(a->done);
	free(a->done_ids);
	if (err) {
		mb_link_free(first);
		return err;
	}
	*linkp = first;
	return 0;
}

int mb_attach_usdt(struct mb_program *prog, const char *what,
		   const char *target, int pid, uint64_t usdt_cookie,
		   struct mb_link **linkp)
{
	char file[512], path[4096], prov[256], name[256];
	struct usdt_attach a = { .prog = prog,
				 .what = what,
				 .path = path,
				 .log = &prog->obj->log,
				 .pid = pid };
	struct mb_usdt_target t;
	int err;

	if (!target || !target[0] ||
	    split_target(target, file, sizeof(file), prov, sizeof(prov), name,
			 sizeof(name)))
		return mb_err(a.log, -EINVAL,
			      "usdt: %s: expected PATH:PROVIDER:NAME (after 'usdt/', or given when attaching: --usdt)",
			      what);
	if (mb_uprobe_path(file, path, sizeof(path)))
		return mb_err(a.log, -ENOENT,
			      "usdt: %s: no file '%s' (searched LD_LIBRARY_PATH, the library directories and PATH)",
			      what, file);
	a.cookie = mb_kernel_version() >= (5u << 16 | 15u << 8);
	err = find_maps(&a);
	if (!err)
		err = mb_usdt_find(a.log, what, path, prov, name, &t);
	if (err)
		return err;
	mb_print(a.log, MB_DEBUG,
		 "usdt: %s: %s:%s has %zu call sites in %s; spec ids by %s",
		 what, prov, name, t.nr_sites, path,
		 a.cookie ? "BPF cookie" : "address");
	err = attach_sites(&a, &t, usdt_cookie, linkp);
	mb_usdt_target_free(&t);
	return err;
}

int mb_program_attach_usdt(struct mb_program *prog, int pid, const char *target,
			   uint64_t usdt_cookie, struct mb_link **linkp)
{
	char what[512];

	*linkp = NULL;
	snprintf(what, sizeof(what), "usdt/%s: program %s",
		 target ? target : "", prog->name);
	if (prog->fd < 0)
		return mb_err(&prog->obj->log, -EINVAL,
			      "usdt: %s: the program is not loaded", what);
	if (prog->def->prog_type != BPF_PROG_TYPE_KPROBE)
		return mb_err(&prog->obj->log, -EINVAL,
			      "usdt: %s: section '%s' is not of a kprobe type (use SEC(\"usdt\"))",
			      what, prog->sec->name);
	return mb_attach_usdt(prog, what, target, pid, usdt_cookie, linkp);
}
