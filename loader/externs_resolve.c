/* externs_resolve.c: finding the values of externs, at load time.
 *
 * externs.c collected each extern when the object was opened; here each
 * gets what only the running kernel knows:
 *
 *	CONFIG_*               the kernel's config (kernel.c)
 *	LINUX_KERNEL_VERSION   computed from uname; other LINUX_* likewise
 *	typeless __ksym        its address in /proc/kallsyms
 *	typed __ksym, kfuncs   their ids in the kernel's BTF, or in a
 *	                       module's (externs_modules.c opens those)
 *
 * The .kconfig values are written into the .kconfig map's initial data;
 * link.c puts the rest into the instructions.  A weak extern that cannot
 * be found is 0; a strong one is an error that names it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "internal.h"
#include "object.h"
#include "btf.h"

/* ---- kconfig values -------------------------------------------------- */

/* "CONFIG_HZ=250" -> "250" (up to the end of the line), or NULL. */
static const char *config_value(const char *text, const char *name,
				size_t *lenp)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p;
	     p = strchr(p, '\n'), p = p ? p + 1 : p) {
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
		c = c == '1' ? 'y' : 'n'; /* virtual ones are numbers */
	if (one_char && strchr("ynm", c) && k != KCFG_INT && k != KCFG_CHARS &&
	    !(k == KCFG_BOOL && c == 'm')) {
		t = c == 'y' ? 1 : c == 'm' ? 2 : 0;
		if (k == KCFG_CHAR)
			*dst = c; /* char: the letter itself */
		else if (k == KCFG_BOOL)
			*dst = (char)t;
		else /* tristate: NO 0, YES 1, MODULE 2 */
			memcpy(dst, &t, 4);
		return 0;
	}
	if ((k == KCFG_INT || k == KCFG_CHAR) &&
	    !mb_parse_int(value, e->size, sgn, dst))
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
	else if (!strcmp(name, "LINUX_HAS_BPF_COOKIE")) /* since 5.15 */
		snprintf(buf, size, "%d", v >= (5u << 16 | 15u << 8));
	else if (!strcmp(name, "LINUX_HAS_SYSCALL_WRAPPER")) /* __x64_sys_bpf */
		snprintf(buf, size, "%d",
			 !mb_ksyscall_func("bpf", fn, sizeof(fn)) &&
				 !strncmp(fn, "__", 2) &&
				 strncmp(fn, "__se_", 5));
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
		return 0; /* not set: 0, an error later if strong */
	err = put_kconfig(obj, e, data, value);
	e->resolved = !err;
	return err;
}

/* ---- resolving: kernel symbols ---------------------------------------- */

/* One line of /proc/kallsyms: every typeless ksym of that name gets its
 * address. */
static int match_ksym(void *ctx, const char *name, size_t len, uint64_t addr)
{
	struct mb_object *obj = ctx;

	for (size_t i = 0; i < obj->nr_externs; i++) {
		struct mb_extern *e = &obj->externs[i];

		if (e->kind != MB_EXT_KSYM || e->local_type || e->resolved ||
		    strlen(e->name) != len || memcmp(e->name, name, len))
			continue;
		e->addr = addr;
		e->resolved = true;
	}
	return 0;
}

/* Typeless ksyms: one pass over /proc/kallsyms. */
static int resolve_kallsyms(struct mb_object *obj)
{
	int err = mb_kallsyms_each(match_ksym, obj);

	if (err)
		return mb_err(&obj->log, err,
			      "externs: %s: cannot read /proc/kallsyms: %s",
			      obj->path, strerror(-err));
	return 0;
}

/* The VAR or FUNC (func) name in vmlinux BTF, else in a module's (libbpf
 * looks in the same order): its id and BTF, *modp the module or NULL;
 * 0 if none has it. */
static int find_kernel_id(const struct mb_object *obj,
			  const struct mb_btf *vmlinux, const char *name,
			  bool func, const struct mb_btf **btfp,
			  const char **modp)
{
	int kind = func ? BTF_KIND_FUNC : BTF_KIND_VAR;
	int id = mb_btf_find(vmlinux, name, kind), err;
	const struct mb_btf *mod;
	const char *mod_name;

	*btfp = vmlinux;
	*modp = NULL;
	for (uint32_t i = 0; id <= 0; i++) {
		err = mb_kernel_module_btf(&obj->log, i, &mod, &mod_name);
		if (err == -ENOENT)
			return 0;
		if (err)
			return err;
		if (mod && (id = mb_btf_find(mod, name, kind)) > 0) {
			*btfp = mod;
			*modp = mod_name;
		}
	}
	return id;
}

/* Typed ksyms and kfuncs: the VAR or FUNC of that name in the kernel's
 * or a module's BTF, whose type must be of the same kind as the local
 * one. */
static int resolve_btf_id(struct mb_object *obj, const struct mb_btf *vmlinux,
			  struct mb_extern *e)
{
	bool func = e->kind == MB_EXT_KFUNC;
	const struct btf_type *kt, *lt;
	const struct mb_btf *kb;
	const char *mod;
	int id = find_kernel_id(obj, vmlinux, e->name, func, &kb, &mod);

	if (id <= 0)
		return id; /* not found: an error later if strong */
	if (!func) {
		kt = mb_btf_type(kb,
				 mb_btf_skip_mods(kb, mb_btf_type(kb, id)->type,
						  true));
		lt = mb_btf_type(obj->btf,
				 mb_btf_skip_mods(obj->btf, e->local_type,
						  true));
		if (lt && kt && btf_kind(lt) != btf_kind(kt) &&
		    !(btf_kind(lt) == BTF_KIND_FWD &&
		      (btf_kind(kt) == BTF_KIND_STRUCT ||
		       btf_kind(kt) == BTF_KIND_UNION)))
			return mb_err(&obj->log, -EINVAL,
				      "externs: %s: extern %s: its type is not of the kind of the kernel's variable [%d]%s%s",
				      obj->path, e->name, id,
				      mod ? " in module " : "", mod ? mod : "");
	}
	e->kernel_btf_id = (uint32_t)id;
	e->module = mod;
	e->resolved = true;
	return 0;
}

static int resolve_ksyms(struct mb_object *obj)
{
	bool typeless = false, typed = false;
	const struct mb_btf *vmlinux;
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
		err = mb_kernel_btf(&obj->log, &vmlinux);
	for (size_t i = 0; !err && typed && i < obj->nr_externs; i++) {
		struct mb_extern *e = &obj->externs[i];

		if (e->kind == MB_EXT_KFUNC ||
		    (e->kind == MB_EXT_KSYM && e->local_type))
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
	const char *config = NULL;
	bool need_config = false;
	char *data;
	int err = 0;

	kconfig_data(obj, &data);
	for (size_t i = 0; i < obj->nr_externs; i++)
		need_config |= obj->externs[i].kind == MB_EXT_KCONFIG &&
			       strncmp(obj->externs[i].name, "LINUX_", 6);
	if (need_config)
		err = mb_kernel_config(&config);
	if (err == -ENOENT)
		mb_print(&obj->log, MB_DEBUG,
			 "externs: %s: no /proc/config.gz or /boot/config-*: CONFIG_ externs stay 0",
			 obj->path);
	else if (err)
		return mb_err(&obj->log, err,
			      "externs: %s: cannot read the kernel config: %s",
			      obj->path, strerror(-err));
	err = 0;
	for (size_t i = 0; i < obj->nr_externs && !err && data; i++)
		if (obj->externs[i].kind == MB_EXT_KCONFIG)
			err = resolve_kconfig(obj, &obj->externs[i], config,
					      data);
	return err;
}

int mb_externs_resolve(struct mb_object *obj)
{
	int err;

	for (size_t i = 0; i < obj->nr_externs; i++) {
		obj->externs[i].resolved = false; /* resolve again */
		obj->externs[i].addr = 0;
		obj->externs[i].kernel_btf_id = 0;
		obj->externs[i].module = NULL;
		obj->externs[i].fd_idx = 0;
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
				      e->kind == MB_EXT_KCONFIG ?
					      "in the kernel config" :
				      e->kind == MB_EXT_KFUNC || e->local_type ?
					      "in the kernel's BTF" :
					      "in /proc/kallsyms");
		if (!e->resolved)
			mb_print(&obj->log, MB_DEBUG,
				 "externs: %s: weak extern %s not found: 0",
				 obj->path, e->name);
	}
	return err;
}
