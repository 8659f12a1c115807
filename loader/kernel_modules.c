/* kernel_modules.c: the BTF of the running kernel's modules.
 *
 * A module built with BTF has its types in /sys/kernel/btf/<module>:
 * split BTF, whose ids and strings continue those of vmlinux, so it is
 * parsed with the kernel's BTF (kernel.c) as its base.  CO-RE looks in
 * the modules only when vmlinux has no candidate for a type (libbpf's
 * rule), so most programs never read one.  Modules come and go while
 * a process runs, so the directory is read again at the start of each
 * search (a cheap readdir); each module's BTF is parsed on the first
 * search that reaches it and kept for the process like the rest of
 * kernel.c's facts, under its own lock.
 *
 * The modules found at one reading are taken in the order of their
 * names, so that a search gives the same answer on every run (libbpf
 * goes by BTF object id, the order the modules were loaded in; the set
 * of candidates is the same).  A module whose BTF cannot be read is passed over with a
 * warning: its types are then not there, as on a kernel without it.
 *
 * A program that uses a module's kfunc or variable names the module's
 * BTF to the kernel by an fd of its BTF object, found by walking the
 * kernel's BTF objects (BPF_BTF_GET_NEXT_ID) for the one of that name;
 * that needs CAP_SYS_ADMIN and is done at each load, not kept.
 */
#include <dirent.h>
#include <sys/types.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "btf.h"
#include "sys.h"

#define BTF_DIR "/sys/kernel/btf"

struct module_btf {
	char *name;
	ino_t ino;	    /* of its sysfs file: a reloaded module's differs */
	struct mb_btf *btf; /* NULL: not read yet, or unreadable */
	bool tried;
	bool gone; /* unloaded (or reloaded: a new entry has it now) */
	bool seen; /* in the directory at this refresh */
};

/* Append-only, so that an index given out stays the same module. */
static struct {
	pthread_mutex_t lock;
	struct module_btf *mods;
	size_t nr;
} modules = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct module_btf *)a)->name,
		      ((const struct module_btf *)b)->name);
}

/* The entry of name that is not gone, or NULL. */
static struct module_btf *find_module(const char *name)
{
	for (size_t i = 0; i < modules.nr; i++)
		if (!modules.mods[i].gone &&
		    !strcmp(modules.mods[i].name, name))
			return &modules.mods[i];
	return NULL;
}

/* The entries of BTF_DIR but vmlinux, sorted by name, into *newp. */
static int read_dir(struct module_btf **newp, size_t *nrp)
{
	DIR *dir = opendir(BTF_DIR);
	struct module_btf *m;
	struct dirent *de;
	int err = 0;

	*newp = NULL;
	*nrp = 0;
	if (!dir)
		return 0; /* no BTF, or no modules' BTF */
	while (!err && (de = readdir(dir))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		m = mb_array_push((void **)newp, nrp, sizeof(*m));
		if (!m || !(m->name = strdup(de->d_name)))
			err = -ENOMEM;
		else
			m->ino = de->d_ino;
	}
	closedir(dir);
	if (*nrp)
		qsort(*newp, *nrp, sizeof(**newp), by_name);
	return err;
}

/* Bring the list up to date with BTF_DIR: modules loaded since are
 * appended, those unloaded (or reloaded) marked gone; parsed BTF is
 * kept (it may be in use), so a module reloaded many times costs its
 * BTF each time. */
static int refresh_modules(void)
{
	struct module_btf *dir, *m;
	size_t nr;
	int err = read_dir(&dir, &nr);

	for (size_t i = 0; i < modules.nr; i++)
		modules.mods[i].seen = false;
	for (size_t i = 0; !err && i < nr; i++) {
		m = find_module(dir[i].name);
		if (m && m->ino == dir[i].ino) {
			m->seen = true;
			continue;
		}
		if (m)
			m->gone = true;
		m = mb_array_push((void **)&modules.mods, &modules.nr,
				  sizeof(*m));
		if (!m) {
			err = -ENOMEM;
			break;
		}
		*m = dir[i];
		m->seen = true;
		dir[i].name = NULL; /* the list has it now */
	}
	for (size_t i = 0; !err && i < modules.nr; i++)
		modules.mods[i].gone |= !modules.mods[i].seen;
	for (size_t i = 0; i < nr; i++)
		free(dir[i].name);
	free(dir);
	return err;
}

/* Parse module m's BTF on top of the kernel's; a warning if it fails. */
static void read_module(const struct mb_log *log, struct module_btf *m)
{
	const struct mb_btf *base;
	char path[sizeof(BTF_DIR) + 256];
	void *data = NULL;
	size_t size = 0;
	int err;

	m->tried = true;
	snprintf(path, sizeof(path), BTF_DIR "/%s", m->name);
	err = mb_kernel_btf(log, &base);
	if (!err)
		err = mb_read_file(path, &data, &size);
	if (!err)
		err = mb_btf_parse(data, size, base, m->name, log, &m->btf);
	free(data);
	if (err)
		mb_print(log, MB_WARN,
			 "btf: %s: cannot read module %s's BTF, its types are not searched: %s",
			 path, m->name, strerror(-err));
}

int mb_kernel_module_btf(const struct mb_log *log, uint32_t i,
			 const struct mb_btf **btfp, const char **namep)
{
	struct module_btf *m;
	int err = 0;

	*btfp = NULL;
	*namep = NULL;
	pthread_mutex_lock(&modules.lock);
	if (i == 0)
		err = refresh_modules();
	if (!err && i >= modules.nr)
		err = -ENOENT;
	if (!err) {
		m = &modules.mods[i];
		if (!m->tried && !m->gone)
			read_module(log, m);
		*btfp = m->gone ? NULL : m->btf;
		*namep = m->name;
	}
	pthread_mutex_unlock(&modules.lock);
	if (err == -ENOMEM)
		return mb_err(log, err, "btf: %s: out of memory", BTF_DIR);
	return err;
}

/* The kernel BTF object id's fd if it is the module name's; -ESRCH if
 * it is another's or is gone; -errno for a failure that stops the walk
 * (EPERM: it needs CAP_SYS_ADMIN). */
static int btf_fd_if_named(uint32_t id, const char *name)
{
	struct bpf_btf_info info;
	uint32_t len = sizeof(info);
	union bpf_attr attr;
	char kname[64] = "";
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.btf_id = id; /* BPF_BTF_GET_FD_BY_ID: the object's id */
	fd = mb_sys_bpf(BPF_BTF_GET_FD_BY_ID, &attr, MB_ATTR_SIZE(btf_id));
	if (fd == -ENOENT)
		return -ESRCH; /* freed since GET_NEXT_ID saw it */
	if (fd < 0)
		return fd;
	memset(&info, 0, sizeof(info));
	info.name = mb_ptr(kname); /* where the kernel writes its name */
	info.name_len = sizeof(kname);
	if (!mb_sys_obj_info(fd, &info, &len) && info.kernel_btf &&
	    !strcmp(kname, name))
		return fd;
	mb_close(fd);
	return -ESRCH;
}

int mb_kernel_module_btf_fd(const struct mb_log *log, const char *name)
{
	union bpf_attr attr;
	uint32_t id = 0;
	int fd = -ESRCH;

	while (fd == -ESRCH) {
		memset(&attr, 0, sizeof(attr));
		attr.start_id = id; /* the next BTF object after this id */
		fd = mb_sys_bpf(BPF_BTF_GET_NEXT_ID, &attr,
				MB_ATTR_SIZE(next_id));
		if (fd < 0)
			break; /* -ENOENT: past the last */
		id = attr.next_id;
		fd = btf_fd_if_named(id, name);
	}
	if (fd < 0)
		return mb_err(log, fd,
			      "btf: cannot open the BTF object of module %s: %s",
			      name, strerror(-fd));
	return fd;
}
