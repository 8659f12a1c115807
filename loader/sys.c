/* sys.c: the system call layer, the only place that talks to bpf() and
 * perf_event_open() and the only place where errno becomes -errno.
 *
 * One wrapper per bpf command the loader uses.  Each zeroes the whole
 * union bpf_attr first and passes only the size of the part its command
 * reads: the kernel checks that every byte past what it knows is zero
 * (E2BIG otherwise), so an old kernel accepts what it understands.
 * Each field set carries a comment saying what it is.
 *
 * Reference: include/uapi/linux/bpf.h, Documentation/bpf/.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"
#include "sys.h"

int mb_sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	long r;

	do
		r = syscall(__NR_bpf, cmd, attr, size);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : (int)r;
}

int mb_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd,
			   unsigned long flags)
{
	long r = syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags);

	return r < 0 ? -errno : (int)r;
}

void mb_close(int fd)
{
	int saved = errno;

	if (fd >= 0)
		close(fd);
	errno = saved;
}

/* extra, if given, supplies the BTF and inner-map fields (btf_fd,
 * btf_key_type_id, btf_value_type_id, inner_map_fd, numa_node,
 * map_extra); the rest comes from the arguments. */
int mb_sys_map_create(const char *name, uint32_t type, uint32_t key_size,
		      uint32_t value_size, uint32_t max_entries, uint32_t flags,
		      const union bpf_attr *extra)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	if (extra)
		attr = *extra;
	attr.map_type = type;	      /* enum bpf_map_type */
	attr.key_size = key_size;     /* bytes */
	attr.value_size = value_size; /* bytes */
	attr.max_entries = max_entries;
	attr.map_flags = flags;	    /* BPF_F_* */
	memcpy(attr.map_name, name, /* 15 chars and a NUL */
	       strnlen(name, sizeof(attr.map_name) - 1));
	return mb_sys_bpf(BPF_MAP_CREATE, &attr, MB_ATTR_SIZE(map_extra));
}

int mb_sys_map_update(int fd, const void *key, const void *value,
		      uint64_t flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = mb_ptr(key);
	attr.value = mb_ptr(value);
	attr.flags = flags; /* BPF_ANY, BPF_NOEXIST, ... */
	return mb_sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, MB_ATTR_SIZE(flags));
}

int mb_sys_map_lookup(int fd, const void *key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = mb_ptr(key);
	attr.value = mb_ptr(value); /* filled by the kernel */
	return mb_sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr, MB_ATTR_SIZE(flags));
}

int mb_sys_map_next_key(int fd, const void *key, void *next)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = mb_ptr(key); /* NULL: the first key */
	attr.next_key = mb_ptr(next);
	return mb_sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr, MB_ATTR_SIZE(next_key));
}

int mb_sys_map_freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd; /* no more writes from user space */
	return mb_sys_bpf(BPF_MAP_FREEZE, &attr, MB_ATTR_SIZE(map_fd));
}

int mb_sys_btf_load(const void *data, uint32_t size, char *log,
		    uint32_t log_size, uint32_t log_level)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf = mb_ptr(data); /* raw BTF: header, types, strings */
	attr.btf_size = size;
	attr.btf_log_buf = mb_ptr(log); /* NULL: no log */
	attr.btf_log_size = log_size;
	attr.btf_log_level = log_level; /* 0, or 1 for the log */
	return mb_sys_bpf(BPF_BTF_LOAD, &attr, MB_ATTR_SIZE(btf_log_level));
}

int mb_sys_obj_info(int fd, void *info, uint32_t *info_len)
{
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;		/* prog, map, btf or link fd */
	attr.info.info_len = *info_len; /* our struct's size */
	attr.info.info = mb_ptr(info);
	err = mb_sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, MB_ATTR_SIZE(info));
	if (!err)
		*info_len = attr.info.info_len; /* what the kernel filled */
	return err;
}

int mb_sys_map_info(int fd, uint32_t want, struct bpf_map_info *info)
{
	uint32_t len = sizeof(*info);
	int err;

	memset(info, 0, sizeof(*info));
	err = mb_sys_obj_info(fd, info, &len);
	if (!err && info->type != want)
		err = -EINVAL;
	return err;
}

int mb_sys_link_create(int prog_fd, int target_fd, uint32_t attach_type,
		       const union bpf_attr *extra)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	if (extra)
		attr = *extra; /* per-type fields (cookie, ...) */
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd; /* perf event fd, or 0 */
	attr.link_create.attach_type = attach_type;
	return mb_sys_bpf(BPF_LINK_CREATE, &attr, MB_ATTR_SIZE(link_create));
}

int mb_sys_raw_tp_open(const char *name, int prog_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = mb_ptr(name); /* NULL: from attach_btf_id */
	attr.raw_tracepoint.prog_fd = prog_fd;
	return mb_sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr,
			  MB_ATTR_SIZE(raw_tracepoint));
}
