/* kernel.c: what minibpf learns about the running kernel.
 *
 * Loading and attaching ask the running kernel a few questions: its
 * version and word size (uname), its build id (/sys/kernel/notes), its
 * types (/sys/kernel/btf/vmlinux) and the BTF kinds it takes (probes),
 * its config (/proc/config.gz), where tracefs is mounted, what its
 * syscall functions are called (/proc/kallsyms), how many CPUs it may
 * have, whether it is in lockdown (/sys/kernel/security/lockdown).
 * The answers do not change while a process runs, so each is read once
 * and kept here for every object of the process: the one piece of
 * state the library keeps outside an object, guarded by a lock so that
 * objects may live in different threads.  The kernel's BTF is the
 * largest (126,000 types on x86_64); parsing it once is what makes a
 * second object cheap.
 *
 * /proc/kallsyms is the exception: it is 10 MB of text on a big kernel,
 * too much to keep on a small device, and it is read only to resolve
 * typeless __ksym externs and to explain a failed kprobe.  It is read
 * afresh by each mb_kallsyms_each.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"
#include "log.h"
#include "btf.h"

#define VMLINUX_BTF	"/sys/kernel/btf/vmlinux"
#define MAX_CONFIG_SIZE (64u << 20)

/* Each fact: have_* once it was asked for, and then its value or the
 * error that asking gave (an error is a fact too: no BTF stays no BTF). */
static struct {
	pthread_mutex_t lock;
	bool have_version, have_btf, have_config, have_prefix;
	bool have_build_id, have_features, have_lockdown;
	uint32_t version;
	int btf_err, config_err, build_id_err, word_size;
	struct mb_build_id build_id;
	unsigned int btf_features;
	struct mb_btf *btf;
	char *config;
	const char *tracefs;
	const char *syscall_prefix;
	const char *lockdown;
	int possible_cpus;
} kernel = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* ---- version ------------------------------------------------------- */

/* "6.1.0-13-amd64": major.minor, and .patch if there is one. */
static uint32_t read_version(void)
{
	unsigned int a, b, c = 0;
	struct utsname u;
	char *p, *end;

	if (uname(&u))
		return 0;
	a = strtoul(u.release, &p, 10);
	if (p == u.release || *p != '.')
		return 0;
	b = strtoul(p + 1, &end, 10);
	if (end == p + 1)
		return 0;
	if (*end == '.')
		c = strtoul(end + 1, NULL, 10);
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

uint32_t mb_kernel_version(void)
{
	uint32_t v;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.have_version) {
		kernel.version = read_version();
		kernel.have_version = true;
	}
	v = kernel.version;
	pthread_mutex_unlock(&kernel.lock);
	return v;
}

/* ---- identity ------------------------------------------------------ */

/* /sys/kernel/notes holds the kernel's ELF notes, with or without BTF. */
static int read_build_id(struct mb_build_id *id)
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

int mb_kernel_build_id(struct mb_build_id *id)
{
	int err;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.have_build_id) {
		kernel.build_id_err = read_build_id(&kernel.build_id);
		kernel.have_build_id = true;
	}
	err = kernel.build_id_err;
	*id = kernel.build_id;
	pthread_mutex_unlock(&kernel.lock);
	return err;
}

/* The machines whose kernels have 4-byte longs; every other Linux
 * machine name is a 64-bit one (x86_64, aarch64, riscv64, s390x,
 * ppc64le, mips64, loongarch64).  The kernel's, not this process's: a
 * 32-bit minibpf may run on a 64-bit kernel. */
static int read_word_size(void)
{
	static const char *const m32[] = {
		"i386",	      "i486",	"i586",	   "i686",     "arm",
		"armv",	      "mips",	"riscv32", "ppc",      "sh",
		"m68k",	      "parisc", "sparc",   "xtensa",   "arc",
		"microblaze", "nios2",	"csky",	   "openrisc", "or1k",
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

int mb_kernel_word_size(void)
{
	int size;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.word_size)
		kernel.word_size = read_word_size();
	size = kernel.word_size;
	pthread_mutex_unlock(&kernel.lock);
	return size;
}

/* The bytes ftrace patches at the start of every traceable function,
 * where this kernel may refuse a kprobe: riscv64's two instructions
 * (auipc, jalr).  0 where kprobes on that site work, as on x86-64,
 * arm64 and s390x (KPROBES_ON_FTRACE or no such site). */
int mb_kernel_ftrace_site(void)
{
	struct utsname u;

	if (uname(&u))
		return 0;
	return strcmp(u.machine, "riscv64") ? 0 : 8;
}

/* ---- types ----------------------------------------------------------- */

/* The first caller's log hears why a parse failed; every caller is told
 * that it did. */
int mb_kernel_btf(const struct mb_log *log, const struct mb_btf **btfp)
{
	int err;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.have_btf) {
		kernel.btf_err =
			mb_btf_load_file(VMLINUX_BTF, log, &kernel.btf);
		kernel.have_btf = true;
	}
	err = kernel.btf_err;
	*btfp = kernel.btf;
	pthread_mutex_unlock(&kernel.lock);
	if (err)
		return mb_err(log, err,
			      "btf: cannot read the kernel's BTF %s: %s",
			      VMLINUX_BTF, strerror(-err));
	return 0;
}

/* The BTF kinds and flags the kernel takes (enum mb_btf_feature bits),
 * probed by btf_sanitize.c. */
unsigned int mb_kernel_btf_features(void)
{
	unsigned int have;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.have_features) {
		kernel.btf_features = mb_btf_features_probe();
		kernel.have_features = true;
	}
	have = kernel.btf_features;
	pthread_mutex_unlock(&kernel.lock);
	return have;
}

/* ---- config ---------------------------------------------------------- */

/* The bytes of a gzip file, inflated.  windowBits 16 + MAX_WBITS makes
 * inflate read the gzip header and check the trailer's CRC (zlib.h); the
 * buffer doubles until Z_STREAM_END, up to MAX_CONFIG_SIZE.  *outp is
 * NUL-terminated. */
static int gunzip(unsigned char *in, size_t in_len, char **outp)
{
	z_stream zs = { .next_in = in, .avail_in = (uInt)in_len };
	size_t cap = 1 << 18, len = 0;
	char *buf, *tmp;
	int ret = Z_OK;

	if (in_len > MAX_CONFIG_SIZE || !(buf = malloc(cap + 1)))
		return -ENOMEM;
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		ret = Z_MEM_ERROR;
	while (ret == Z_OK) {
		if (len == cap) {
			tmp = cap > MAX_CONFIG_SIZE ? NULL :
						      realloc(buf, cap * 2 + 1);
			if (!tmp) {
				ret = Z_MEM_ERROR;
				break;
			}
			buf = tmp;
			cap *= 2;
		}
		zs.next_out = (unsigned char *)buf + len;
		zs.avail_out = (uInt)(cap - len);
		ret = inflate(&zs, Z_NO_FLUSH);
		len = cap - zs.avail_out;
	}
	inflateEnd(&zs);
	if (ret != Z_STREAM_END) {
		free(buf);
		return ret == Z_MEM_ERROR ? -ENOMEM : -EIO;
	}
	buf[len] = '\0';
	*outp = buf;
	return 0;
}

/* /proc/config.gz, else /boot/config-RELEASE (plain text, or gzip if it
 * starts with gzip's magic 1f 8b). */
static int read_config(char **textp)
{
	char boot[320];
	unsigned char *data;
	struct utsname u;
	size_t len;
	int err;

	err = mb_read_file("/proc/config.gz", (void **)&data, &len);
	if (err && !uname(&u)) {
		snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
		err = mb_read_file(boot, (void **)&data, &len);
	}
	if (err)
		return -ENOENT;
	if (len < 2 || data[0] != 0x1f || data[1] != 0x8b) {
		*textp = (char *)data; /* mb_read_file ends it with a NUL */
		return 0;
	}
	err = gunzip(data, len, textp);
	free(data);
	return err;
}

int mb_kernel_config(const char **textp)
{
	int err;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.have_config) {
		kernel.config_err = read_config(&kernel.config);
		kernel.have_config = true;
	}
	err = kernel.config_err;
	*textp = kernel.config;
	pthread_mutex_unlock(&kernel.lock);
	return err;
}

/* ---- lockdown -------------------------------------------------------- */

/* "none [integrity] confidentiality": the bracketed word is the mode. */
const char *mb_lockdown_parse(const char *text)
{
	static const char *const modes[] = { "none", "integrity",
					     "confidentiality" };
	const char *lb = strchr(text, '['), *rb;

	rb = lb ? strchr(lb, ']') : NULL;
	for (size_t i = 0; rb && i < ARRAY_SIZE(modes); i++)
		if ((size_t)(rb - lb - 1) == strlen(modes[i]) &&
		    !strncmp(lb + 1, modes[i], strlen(modes[i])))
			return modes[i];
	return NULL;
}

/* Without the file (no lockdown LSM, securityfs unmounted) the mode is
 * unknown: NULL, not "none". */
const char *mb_kernel_lockdown(void)
{
	char text[128] = "";
	int fd;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.have_lockdown) {
		kernel.have_lockdown = true;
		fd = open("/sys/kernel/security/lockdown",
			  O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && read(fd, text, sizeof(text) - 1) < 0)
			text[0] = '\0';
		mb_close(fd);
		kernel.lockdown = mb_lockdown_parse(text);
	}
	pthread_mutex_unlock(&kernel.lock);
	return kernel.lockdown;
}

/* ---- tracefs --------------------------------------------------------- */

static int find_tracefs(const char **dirp)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing",
		"/sys/kernel/debug/tracing",
	};
	char path[128];

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/events", dirs[i]);
		if (access(path, F_OK) == 0) {
			*dirp = dirs[i];
			return 0;
		}
	}
	return -ENOENT;
}

int mb_kernel_tracefs(const char **dirp)
{
	int err;

	/* Only where it is: tracefs may be mounted later. */
	pthread_mutex_lock(&kernel.lock);
	err = kernel.tracefs ? 0 : find_tracefs(&kernel.tracefs);
	*dirp = kernel.tracefs;
	pthread_mutex_unlock(&kernel.lock);
	return err;
}

int mb_trace_pipe_open(void)
{
	const char *dir;
	char path[160];
	int fd;

	if (mb_kernel_tracefs(&dir))
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/trace_pipe", dir);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* ---- kernel symbols -------------------------------------------------- */

/* One line of /proc/kallsyms, "ffffffff81234560 T do_sys_openat2\t[mod]":
 * the address and the name, which ends at its first blank.  false for
 * a line that is not of that form. */
static bool kallsyms_line(const char *line, uint64_t *addrp, const char **namep,
			  size_t *lenp)
{
	static const char blank[] = " \t\v\f\r";
	char *end;

	*addrp = strtoull(line, &end, 16);
	if (end == line)
		return false;
	end += strspn(end, blank);
	if (!*end || *end == '\n')
		return false; /* no type letter */
	end += 1 + strspn(end + 1, blank);
	*namep = end;
	*lenp = strcspn(end, " \t\v\f\r\n");
	return *lenp != 0;
}

int mb_kallsyms_each(mb_kallsyms_fn fn, void *ctx)
{
	char *text = NULL;
	size_t len;
	int ret = mb_read_file("/proc/kallsyms", (void **)&text, &len);

	for (const char *line = text; !ret && *line;) {
		const char *name;
		size_t name_len;
		uint64_t addr;

		if (kallsyms_line(line, &addr, &name, &name_len))
			ret = fn(ctx, name, name_len, addr);
		line += strcspn(line, "\n");
		line += *line == '\n';
	}
	free(text);
	return ret;
}

static int is_name(void *ctx, const char *name, size_t len, uint64_t addr)
{
	return len == strlen(ctx) && !memcmp(name, ctx, len);
}

bool mb_kallsyms_has(const char *name)
{
	return mb_kallsyms_each(is_name, (void *)name) == 1;
}

/* Architectures that wrap syscalls (x86-64 since 4.17, arm64, s390x,
 * riscv since 4.19-5.19) call the entry of getpid __x64_sys_getpid and
 * so on; the machine is the kernel's (uname), which a 32-bit minibpf
 * on a 64-bit kernel must not take from its own build. */
static const char *read_syscall_prefix(void)
{
	static const struct {
		const char *machine, *prefix;
	} wrappers[] = {
		{ "x86_64", "__x64_sys_" },    { "i686", "__ia32_sys_" },
		{ "i586", "__ia32_sys_" },     { "i386", "__ia32_sys_" },
		{ "aarch64", "__arm64_sys_" }, { "s390x", "__s390x_sys_" },
		{ "riscv64", "__riscv_sys_" },
	};
	struct utsname u;
	char name[64];

	if (uname(&u))
		return "sys_";
	for (size_t i = 0; i < ARRAY_SIZE(wrappers); i++) {
		if (strcmp(u.machine, wrappers[i].machine))
			continue;
		snprintf(name, sizeof(name), "%sgetpid", wrappers[i].prefix);
		if (mb_kallsyms_has(name))
			return wrappers[i].prefix;
	}
	return "sys_";
}

const char *mb_kernel_syscall_prefix(void)
{
	const char *prefix;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.have_prefix) {
		kernel.syscall_prefix = read_syscall_prefix();
		kernel.have_prefix = true;
	}
	prefix = kernel.syscall_prefix;
	pthread_mutex_unlock(&kernel.lock);
	return prefix;
}

/* ---- CPUs -------------------------------------------------------------- */

/* "0-3,5,7-8\n": the number of CPUs in the ranges, or -EINVAL. */
static int count_cpu_ranges(const char *s)
{
	unsigned long a, b;
	char *end;
	int n = 0;

	while (*s && *s != '\n') {
		a = b = strtoul(s, &end, 10);
		if (end == s)
			return -EINVAL;
		if (*end == '-') {
			s = end + 1;
			b = strtoul(s, &end, 10);
			if (end == s)
				return -EINVAL;
		}
		if (b < a || b >= (1u << 16))
			return -EINVAL;
		n += (int)(b - a + 1);
		if (*end == ',')
			end++;
		else if (*end && *end != '\n')
			return -EINVAL;
		s = end;
	}
	return n ? n : -EINVAL;
}

static int read_possible_cpus(void)
{
	void *buf;
	size_t len;
	int n = mb_read_file("/sys/devices/system/cpu/possible", &buf, &len);

	if (n)
		return n;
	n = count_cpu_ranges(buf);
	free(buf);
	return n;
}

/* Possible, not online: per-CPU maps and perf buffers have a slot for
 * every CPU that may ever come up. */
int mb_possible_cpus(void)
{
	int n;

	pthread_mutex_lock(&kernel.lock);
	if (!kernel.possible_cpus)
		kernel.possible_cpus = read_possible_cpus();
	n = kernel.possible_cpus;
	pthread_mutex_unlock(&kernel.lock);
	return n;
}
