/* externs_resolve.c: finding the values of externs, at load time.
 *
 * externs.c collected each extern when the object was opened; here each
 * gets what only the running kernel knows:
 *
 *	CONFIG_*               the kernel's config: /boot/config-RELEASE, or
 *	                       /proc/config.gz (inflated with zlib)
 *	LINUX_KERNEL_VERSION   computed from uname; other LINUX_* likewise
 *	typeless __ksym        its address in /proc/kallsyms
 *	typed __ksym, kfuncs   their ids in the kernel's BTF
 *
 * The .kconfig values are written into the .kconfig map's initial data;
 * link.c puts the rest into the instructions.  A weak extern that cannot
 * be found is 0; a strong one is an error that names it.
 *
 * Interface: mb_externs_resolve.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "internal.h"

#define MAX_CONFIG_SIZE	(64u << 20)

/* ---- kconfig values -------------------------------------------------- */

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
			tmp = cap > MAX_CONFIG_SIZE ? NULL : realloc(buf, cap * 2 + 1);
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

/* The kernel's config: /proc/config.gz, else /boot/config-RELEASE (plain
 * text, or gzip if it starts with gzip's magic 1f 8b).  *textp NULL if
 * there is none. */
static int read_config(struct mb_object *obj, char **textp)
{
	char boot[320];
	unsigned char *data;
	struct utsname u;
	size_t len;
	int err;

	*textp = NULL;
	err = mb_read_file("/proc/config.gz", (void **)&data, &len);
	if (err && !uname(&u)) {
		snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
		err = mb_read_file(boot, (void **)&data, &len);
	}
	if (err)
		return 0;
	if (len < 2 || data[0] != 0x1f || data[1] != 0x8b) {
		*textp = (char *)data;	/* mb_read_file ends it with a NUL */
		return 0;
	}
	err = gunzip(data, len, textp);
	free(data);
	if (err == -EIO)
		return mb_err(&obj->log, err,
			      "externs: %s: cannot read the kernel config",
			      obj->path);
	return err;
}

/* "CONFIG_HZ=250" -> "250" (up to the end of the line), or NULL. */
static const char *config_value(const char *text, const char *name,
				size_t *lenp)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (strncmp(p, name, n) || p[n] != '=')
			continue;
		*lenp = strcspn(p + n + 1, "\n");
		return p + n + 1;
	}
	return NULL;
}

/* Store one config value (y, n, m, a number, or "a string"), by the
 * extern's type, at its place in the .kconfig map's data. */
static int put_kconfig(struct mb_object *obj, const struct mb_extern *e,
		       char *data, const char *value)
{
	const struct btf_type *v = mb_btf_type(obj->btf, e->btf_id);
	char *dst = data + e->offset, c = value[0];
	bool sgn, one_char = value[0] && !value[1];
	enum mb_kcfg_kind k = mb_kcfg_kind(obj->btf, v->type, &sgn);
	size_t len = strlen(value);
	uint32_t t;

	if (k == KCFG_CHARS && c == '"' && len >= 2 && value[len - 1] == '"') {
		if (len - 2 >= e->size)
			mb_print(&obj->log, MB_WARN,
				 "externs: %s: extern %s: value %s truncated to %u bytes",
				 obj->path, e->name, value, e->size - 1);
		snprintf(dst, e->size, "%.*s", (int)(len - 2), value + 1);
		return 0;
	}
	if (one_char && (c == '1' || c == '0') &&
	    (k == KCFG_BOOL || k == KCFG_TRISTATE))
		c = c == '1' ? 'y' : 'n';	/* virtual ones are numbers */
	if (one_char && strchr("ynm", c) && k != KCFG_INT && k != KCFG_CHARS &&
	    !(k == KCFG_BOOL && c == 'm')) {
		t = c == 'y' ? 1 : c == 'm' ? 2 : 0;
		if (k == KCFG_CHAR)
			*dst = c;		/* char: the letter itself */
		else if (k == KCFG_BOOL)
			*dst = (char)t;
		else
			memcpy(dst, &t, 4);	/* tristate: NO 0, YES 1, MODULE 2 */
		return 0;
	}
	if ((k == KCFG_INT || k == KCFG_CHAR) && !mb_parse_int(value, e->size, sgn, dst))
		return 0;
	return mb_err(&obj->log, -EINVAL,
		      "externs: %s: extern %s: config value %s does not fit its type",
		      obj->path, e->name, value);
}

/* LINUX_*: what the loader computes rather than reads; NULL if the name
 * is not one of them. */
static const char *virtual_value(const char *name, char *buf, size_t size)
{
	char fn[64];
	uint32_t v = mb_kernel_version();

	if (!strcmp(name, "LINUX_KERNEL_VERSION"))
		snprintf(buf, size, "%u", v);
	else if (!strcmp(name, "LINUX_HAS_BPF_COOKIE"))	/* since 5.15 */
		snprintf(buf, size, "%d", v >= (5u << 16 | 15u << 8));
	else if (!strcmp(name, "LINUX_HAS_SYSCALL_WRAPPER"))	/* __x64_sys_bpf */
		snprintf(buf, size, "%d",
			 !mb_ksyscall_func("bpf", fn, sizeof(fn)) &&
			 !strncmp(fn, "__", 2) && strncmp(fn, "__se_", 5));
	else
		return NULL;
	return buf;
}

static int resolve_kconfig(struct mb_object *obj, struct mb_extern *e,
			   const char *config, char *data)
{
	char text[256];
	const char *value;
	size_t len = 0;
	int err;

	if (!strncmp(e->name, "LINUX_", 6)) {
		value = virtual_value(e->name, text, sizeof(text));
	} else {
		value = config ? config_value(config, e->name, &len) : NULL;
		if (value) {
			snprintf(text, sizeof(text), "%.*s", (int)len, value);
			value = text;
		}
	}
	if (!value)
		return 0;	/* not set: 0, an error later if strong */
	err = put_kconfig(obj, e, data, value);
	e->resolved = !err;
	return err;
}

/* ---- resolving: kernel symbols ---------------------------------------- */

/* One line of /proc/kallsyms, "ffffffff81234560 T do_sys_openat2\t[mod]":
 * the address and the name, which ends the line at its first blank. */
static bool kallsyms_line(char *line, unsigned long long *addrp,
			  const char **namep)
{
	static const char blank[] = " \t\v\f\r";
	char *end;

	*addrp = strtoull(line, &end, 16);
	if (end == line)
		return false;
	end += strspn(end, blank);
	if (!*end)
		return false;		/* no type letter */
	end += 1 + strspn(end + 1, blank);
	*namep = end;
	end += strcspn(end, blank);
	*end = '\0';
	return **namep != '\0';
}

/* Typeless ksyms: one pass over /proc/kallsyms ("addr type name [mod]"). */
static int resolve_kallsyms(struct mb_object *obj)
{
	char *text, *line, *next;
	size_t len;
	int err = mb_read_file("/proc/kallsyms", (void **)&text, &len);

	if (err)
		return mb_err(&obj->log, err,
			      "externs: %s: cannot read /proc/kallsyms: %s",
			      obj->path, strerror(-err));
	for (line = text; *line; line = next) {
		unsigned long long addr;
		const char *name;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (!kallsyms_line(line, &addr, &name))
			continue;
		for (size_t i = 0; i < obj->nr_externs; i++) {
			struct mb_extern *e = &obj->externs[i];

			if (e->kind != MB_EXT_KSYM || e->local_type ||
			    e->resolved || strcmp(e->name, name))
				continue;
			e->addr = addr;
			e->resolved = true;
		}
	}
	free(text);
	return 0;
}

/* Typed ksyms and kfuncs: the VAR or FUNC of that name in vmlinux BTF,
 * whose type must be of the same kind as the local one. */
static int resolve_btf_id(struct mb_object *obj, struct mb_btf *vmlinux,
			  struct mb_extern *e)
{
	bool func = e->kind == MB_EXT_KFUNC;
	int id = mb_btf_find(vmlinux, e->name, func ? BTF_KIND_FUNC : BTF_KIND_VAR);
	const struct btf_type *kt, *lt;

	if (id <= 0)
		return 0;	/* not found: an error later if strong */
	if (!func) {
		kt = mb_btf_type(vmlinux, mb_btf_skip_mods(vmlinux,
				 mb_btf_type(vmlinux, id)->type, true));
		lt = mb_btf_type(obj->btf, mb_btf_skip_mods(obj->btf,
				 e->local_type, true));
		if (lt && kt && btf_kind(lt) != btf_kind(kt) &&
		    !(btf_kind(lt) == BTF_KIND_FWD &&
		      (btf_kind(kt) == BTF_KIND_STRUCT ||
		       btf_kind(kt) == BTF_KIND_UNION)))
			return mb_err(&obj->log, -EINVAL,
				      "externs: %s: extern %s: its type is not of the kind of the kernel's variable [%d]",
				      obj->path, e->name, id);
	}
	e->kernel_btf_id = (uint32_t)id;
	e->resolved = true;
	return 0;
}

static int resolve_ksyms(struct mb_object *obj)
{
	bool typeless = false, typed = false;
	struct mb_btf *vmlinux;
	int err = 0;

	for (size_t i = 0; i < obj->nr_externs; i++) {
		const struct mb_extern *e = &obj->externs[i];

		typeless |= e->kind == MB_EXT_KSYM && !e->local_type;
		typed |= e->kind == MB_EXT_KFUNC ||
			 (e->kind == MB_EXT_KSYM && e->local_type);
	}
	if (typeless)
		err = resolve_kallsyms(obj);
	if (!err && typed)
		err = mb_vmlinux_btf(obj, &vmlinux);
	for (size_t i = 0; !err && typed && i < obj->nr_externs; i++) {
		struct mb_extern *e = &obj->externs[i];

		if (e->kind == MB_EXT_KFUNC || (e->kind == MB_EXT_KSYM && e->local_type))
			err = resolve_btf_id(obj, vmlinux, &obj->externs[i]);
	}
	return err;
}

/* ---- resolving: all of them -------------------------------------------- */

static int kconfig_data(struct mb_object *obj, char **datap)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		struct mb_map *m = &obj->maps[i];

		if (m->kind == MB_MAP_KCONFIG) {
			memset(m->data, 0, m->def.value_size);
			*datap = m->data;
			return 0;
		}
	}
	*datap = NULL;
	return 0;
}

static int resolve_kconfigs(struct mb_object *obj)
{
	char *config = NULL, *data;
	bool need_config = false;
	int err = 0;

	kconfig_data(obj, &data);
	for (size_t i = 0; i < obj->nr_externs; i++)
		need_config |= obj->externs[i].kind == MB_EXT_KCONFIG &&
			       strncmp(obj->externs[i].name, "LINUX_", 6);
	if (need_config)
		err = read_config(obj, &config);
	if (need_config && !err && !config)
		mb_print(&obj->log, MB_DEBUG,
			 "externs: %s: no /proc/config.gz or /boot/config-*: CONFIG_ externs stay 0",
			 obj->path);
	for (size_t i = 0; i < obj->nr_externs && !err && data; i++)
		if (obj->externs[i].kind == MB_EXT_KCONFIG)
			err = resolve_kconfig(obj, &obj->externs[i], config, data);
	free(config);
	return err;
}

int mb_externs_resolve(struct mb_object *obj)
{
	int err;

	for (size_t i = 0; i < obj->nr_externs; i++) {
		obj->externs[i].resolved = false;	/* resolve again */
		obj->externs[i].addr = 0;
		obj->externs[i].kernel_btf_id = 0;
	}
	err = resolve_kconfigs(obj);
	if (!err)
		err = resolve_ksyms(obj);
	for (size_t i = 0; !err && i < obj->nr_externs; i++) {
		const struct mb_extern *e = &obj->externs[i];

		if (!e->resolved && !e->weak)
			return mb_err(&obj->log, -ESRCH,
				      "externs: %s: extern %s not found %s (declare it __weak if it may be missing)",
				      obj->path, e->name,
				      e->kind == MB_EXT_KCONFIG ? "in the kernel config" :
				      e->kind == MB_EXT_KFUNC || e->local_type ?
				      "in the kernel's BTF" : "in /proc/kallsyms");
		if (!e->resolved)
			mb_print(&obj->log, MB_DEBUG,
				 "externs: %s: weak extern %s not found: 0",
				 obj->path, e->name);
	}
	return err;
}
