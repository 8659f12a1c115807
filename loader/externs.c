/* externs.c: `extern` variables and functions the loader fills in.
 *
 * A BPF program may declare what only the running kernel knows:
 *
 *	extern int LINUX_KERNEL_VERSION __kconfig;   // .kconfig: a value
 *	extern bool CONFIG_BPF_JIT __kconfig __weak;  // from the kernel config
 *	extern const void bpf_prog_put __ksym;       // .ksyms: an address
 *	extern const int bpf_prog_active __ksym;     // .ksyms: a kernel VAR
 *	extern void bpf_rcu_read_lock(void) __ksym;  // .ksyms: a kfunc
 *
 * clang leaves each as an undefined ELF symbol, and describes it in BTF
 * as a VAR (or FUNC) of linkage "extern" in a DATASEC named .kconfig or
 * .ksyms.  Here, at open: one mb_extern each; the .kconfig values laid
 * out in one read-only array map; and both DATASECs rewritten so that
 * BPF_BTF_LOAD accepts them (the kernel refuses extern VARs, see
 * fixup_ksyms).  At load, mb_externs_resolve finds the values: CONFIG_*
 * in /proc/config.gz (or /boot/config-RELEASE), LINUX_* computed,
 * addresses in /proc/kallsyms, ids in the kernel's BTF.  link.c then
 * patches the instructions: .kconfig as a map value, typed ksyms as
 * BPF_PSEUDO_BTF_ID, typeless ones as a 64-bit constant, kfuncs as
 * BPF_PSEUDO_KFUNC_CALL.
 *
 * Interface: mb_externs_collect, mb_extern_find, mb_externs_resolve,
 * mb_externs_free.
 * Reference: libbpf's bpf_object__collect_externs and
 * bpf_object__resolve_externs (the conventions clang follows).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "internal.h"

#define SHN_UNDEF	0
#define STB_GLOBAL	1
#define STB_WEAK	2
#define STT_NOTYPE	0
#define MAX_CONFIG_SIZE	(64u << 20)

/* What a .kconfig variable's type lets it hold. */
enum kcfg_kind { KCFG_BAD, KCFG_BOOL, KCFG_CHAR, KCFG_TRISTATE, KCFG_INT,
		 KCFG_CHARS };

static bool is_extern_sym(const struct mb_elf_sym *s)
{
	return s->shndx == SHN_UNDEF && s->type == STT_NOTYPE && s->name &&
	       s->name[0] && (s->bind == STB_GLOBAL || s->bind == STB_WEAK);
}

static const struct btf_type *datasec(const struct mb_object *obj,
				      const char *name, int *idp)
{
	int id = mb_btf_find(obj->btf, name, BTF_KIND_DATASEC);

	*idp = id > 0 ? id : 0;
	return id > 0 ? mb_btf_type(obj->btf, id) : NULL;
}

/* The kind of a .kconfig variable, from its BTF type; *signedp for ints. */
static enum kcfg_kind kcfg_kind(const struct mb_btf *btf, uint32_t type,
				bool *signedp)
{
	const struct btf_type *t = mb_btf_type(btf, mb_btf_skip_mods(btf, type, true));
	const struct btf_type *e;
	uint32_t enc;

	*signedp = false;
	if (!t)
		return KCFG_BAD;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		enc = BTF_INT_ENCODING(*(const uint32_t *)(t + 1));
		*signedp = enc & BTF_INT_SIGNED;
		if (t->size == 1 && (enc & BTF_INT_BOOL))
			return KCFG_BOOL;
		if (t->size == 1 && !strcmp(mb_btf_str(btf, t->name_off), "char"))
			return KCFG_CHAR;
		return t->size == 1 || t->size == 2 || t->size == 4 ||
		       t->size == 8 ? KCFG_INT : KCFG_BAD;
	case BTF_KIND_ENUM:	/* enum libbpf_tristate { NO, YES, MODULE } */
		return t->size == 4 ? KCFG_TRISTATE : KCFG_BAD;
	case BTF_KIND_ARRAY:
		e = mb_btf_type(btf, mb_btf_skip_mods(btf,
				((const struct btf_array *)(t + 1))->type, true));
		return e && btf_kind(e) == BTF_KIND_INT && e->size == 1 ?
		       KCFG_CHARS : KCFG_BAD;
	default:
		return KCFG_BAD;
	}
}

/* ---- collecting ------------------------------------------------------ */

static int add_extern(struct mb_object *obj, const struct btf_type *v,
		      uint32_t btf_id, enum mb_extern_kind kind,
		      const struct mb_elf_sym *syms, size_t nr_syms)
{
	const char *name = mb_btf_str(obj->btf, v->name_off);
	struct mb_extern *e;
	bool weak = true;	/* no symbol: nothing refers to it */

	for (size_t i = 0; i < nr_syms; i++)
		if (is_extern_sym(&syms[i]) && !strcmp(syms[i].name, name))
			weak = syms[i].bind == STB_WEAK;
	if (mb_extern_find(obj, name) >= 0)
		return mb_err(&obj->log, -EINVAL,
			      "externs: %s: extern %s is declared twice",
			      obj->path, name);
	e = mb_reallocarray(obj->externs, obj->nr_externs + 1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	obj->externs = e;
	e = &e[obj->nr_externs];
	memset(e, 0, sizeof(*e));
	e->name = strdup(name);
	if (!e->name)
		return -ENOMEM;
	obj->nr_externs++;
	e->kind = kind;
	e->weak = weak;
	e->btf_id = btf_id;
	if (kind == MB_EXT_KSYM)	/* `const void`: typeless, 0 */
		e->local_type = mb_btf_skip_mods(obj->btf, v->type, false);
	return 0;
}

/* Each .kconfig VAR at the next offset aligned to its size (1 for char
 * arrays): LINUX_KERNEL_VERSION (int) at 0, CONFIG_HZ (int) at 4,
 * CONFIG_X (bool) at 8, ... */
static int collect_kconfig(struct mb_object *obj, const struct btf_type *sec,
			   const struct mb_elf_sym *syms, size_t nr_syms,
			   uint32_t *sizep)
{
	const struct btf_var_secinfo *vsi = (const void *)(sec + 1);
	uint32_t off = 0;
	int err;

	for (uint32_t i = 0; i < btf_vlen(sec); i++) {
		const struct btf_type *v = mb_btf_type(obj->btf, vsi[i].type);
		const char *name = v ? mb_btf_str(obj->btf, v->name_off) : "?";
		int64_t size = v ? mb_btf_resolve_size(obj->btf, v->type) : -1;
		enum kcfg_kind k;
		bool sgn;

		k = v && btf_kind(v) == BTF_KIND_VAR ?
		    kcfg_kind(obj->btf, v->type, &sgn) : KCFG_BAD;
		if (k == KCFG_BAD || size <= 0 || size > 4096)
			return mb_err(&obj->log, -EINVAL,
				      "externs: %s: .kconfig extern %s: type must be bool, char, an integer, a tristate enum or a char array",
				      obj->path, name);
		err = add_extern(obj, v, vsi[i].type, MB_EXT_KCONFIG, syms,
				 nr_syms);
		if (err)
			return err;
		if (k != KCFG_CHARS)
			off = (off + (uint32_t)size - 1) & ~((uint32_t)size - 1);
		obj->externs[obj->nr_externs - 1].offset = off;
		obj->externs[obj->nr_externs - 1].size = (uint32_t)size;
		off += (uint32_t)size;
	}
	*sizep = (off + 7) & ~7u;
	return 0;
}

static int collect_ksyms(struct mb_object *obj, const struct btf_type *sec,
			 const struct mb_elf_sym *syms, size_t nr_syms)
{
	const struct btf_var_secinfo *vsi = (const void *)(sec + 1);
	int err;

	for (uint32_t i = 0; i < btf_vlen(sec); i++) {
		const struct btf_type *v = mb_btf_type(obj->btf, vsi[i].type);
		bool func = v && btf_kind(v) == BTF_KIND_FUNC;

		if (!v || (!func && btf_kind(v) != BTF_KIND_VAR))
			return mb_err(&obj->log, -EINVAL,
				      "externs: %s: .ksyms entry [%u] is neither a variable nor a function",
				      obj->path, vsi[i].type);
		err = add_extern(obj, v, vsi[i].type,
				 func ? MB_EXT_KFUNC : MB_EXT_KSYM, syms,
				 nr_syms);
		if (err)
			return err;
	}
	return 0;
}

/* ---- BTF fix-up --------------------------------------------------- */

/* .kconfig: each VAR becomes an allocated global at its offset in the
 * .kconfig map, whose value the DATASEC now describes. */
static void fixup_kconfig(struct mb_object *obj, uint32_t sec_id,
			  uint32_t size)
{
	struct btf_type *sec = mb_btf_type_mut(obj->btf, sec_id);
	struct btf_var_secinfo *vsi = (void *)(sec + 1);

	sec->size = size;
	for (uint32_t i = 0; i < btf_vlen(sec); i++) {
		struct btf_type *v = mb_btf_type_mut(obj->btf, vsi[i].type);
		int e = mb_extern_find(obj, mb_btf_str(obj->btf, v->name_off));

		vsi[i].offset = obj->externs[e].offset;
		vsi[i].size = obj->externs[e].size;
		((struct btf_var *)(v + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
	}
}

/* An integer type of the object's BTF (4 bytes if there is one): *sizep
 * its size, or 0 if the BTF has no plain integer at all. */
static uint32_t find_int_type(const struct mb_btf *btf, uint32_t *sizep)
{
	uint32_t best = 0;

	for (uint32_t id = 1; id < mb_btf_type_count(btf); id++) {
		const struct btf_type *t = mb_btf_type(btf, id);
		uint32_t enc;

		if (!t || btf_kind(t) != BTF_KIND_INT)
			continue;
		enc = *(const uint32_t *)(t + 1);
		if (BTF_INT_OFFSET(enc) || BTF_INT_BITS(enc) != t->size * 8 ||
		    (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8))
			continue;
		if (!best || t->size == 4) {
			best = id;
			*sizep = t->size;
		}
		if (t->size == 4)
			break;
	}
	return best;
}

/* A kfunc's FUNC: linkage extern -> global, and a name for unnamed
 * parameters (the kernel refuses both). */
static void fixup_kfunc(struct mb_object *obj, struct btf_type *f)
{
	struct btf_type *proto = mb_btf_type_mut(obj->btf, f->type);
	struct btf_param *p;

	f->info = (BTF_KIND_FUNC << 24) | BTF_FUNC_GLOBAL;
	if (!proto || btf_kind(proto) != BTF_KIND_FUNC_PROTO)
		return;
	p = (struct btf_param *)(proto + 1);
	for (uint32_t j = 0; j < btf_vlen(proto); j++)
		if (p[j].type && !p[j].name_off)
			p[j].name_off = f->name_off;
}

/* .ksyms: the kernel accepts only static or allocated VARs, only VARs in
 * a DATASEC, and no sizeless ones (`const void`).  Types cannot be added
 * in place, so the DATASEC is rewritten as what it can be without new
 * types: an anonymous STRUCT with one int member per extern, named after
 * it (btf_member and btf_var_secinfo are both 12 bytes):
 *
 *	DATASEC '.ksyms' {FUNC bpf_rcu_read_lock; VAR bpf_prog_active}
 *	-> STRUCT (anon) size 8 {int bpf_rcu_read_lock; int bpf_prog_active}
 *
 * and each VAR becomes an allocated int, each FUNC a global one.  The
 * kernel never reads these types: the instructions carry kernel ids. */
static void fixup_ksyms(struct mb_object *obj, uint32_t sec_id)
{
	struct btf_type *sec = mb_btf_type_mut(obj->btf, sec_id);
	struct btf_var_secinfo *vsi = (void *)(sec + 1);
	uint32_t isz = 0, int_id = find_int_type(obj->btf, &isz);

	if (!int_id) {
		mb_print(&obj->log, MB_WARN,
			 "externs: %s: no integer type in BTF to rewrite .ksyms with; the kernel will refuse the BTF",
			 obj->path);
		return;
	}
	for (uint32_t i = 0; i < btf_vlen(sec); i++) {
		struct btf_type *t = mb_btf_type_mut(obj->btf, vsi[i].type);
		struct btf_member *m = (void *)&vsi[i];
		uint32_t name_off = t->name_off;

		if (btf_kind(t) == BTF_KIND_FUNC) {
			fixup_kfunc(obj, t);
		} else {
			t->type = int_id;
			((struct btf_var *)(t + 1))->linkage =
				BTF_VAR_GLOBAL_ALLOCATED;
		}
		m->name_off = name_off;
		m->type = int_id;
		m->offset = i * isz * 8;	/* bits */
	}
	sec->name_off = 0;	/* ".ksyms" is no C identifier */
	sec->info = (BTF_KIND_STRUCT << 24) | btf_vlen(sec);
	sec->size = btf_vlen(sec) * isz;
}

/* The read-only array map holding the .kconfig values. */
static int add_kconfig_map(struct mb_object *obj, uint32_t size,
			   uint32_t sec_id)
{
	int idx = mb_map_add(obj, ".kconfig", MB_MAP_KCONFIG);
	struct mb_map *map;

	if (idx < 0)
		return idx;
	map = &obj->maps[idx];
	map->elf_idx = SIZE_MAX;		/* in no ELF section */
	map->btf_datasec = sec_id;
	map->def.type = BPF_MAP_TYPE_ARRAY;
	map->def.key_size = 4;
	map->def.value_size = size;
	map->def.max_entries = 1;
	map->def.map_flags = BPF_F_RDONLY_PROG;
	map->def.btf_value_id = sec_id;		/* the fixed-up DATASEC */
	mb_map_internal_name(obj, ".kconfig", map->kname);
	map->data = mb_calloc(1, size);		/* filled by resolve */
	return map->data ? 0 : -ENOMEM;
}

/* Every extern symbol must have BTF: its type says what it is. */
static int check_symbols(struct mb_object *obj, const struct mb_elf_sym *syms,
			 size_t nr_syms)
{
	for (size_t i = 0; i < nr_syms; i++)
		if (is_extern_sym(&syms[i]) &&
		    mb_extern_find(obj, syms[i].name) < 0)
			return mb_err(&obj->log, -EINVAL,
				      "externs: %s: extern %s is in neither .kconfig nor .ksyms BTF (declare it __kconfig or __ksym, compile with -g)",
				      obj->path, syms[i].name);
	return 0;
}

int mb_externs_collect(struct mb_object *obj,
		       const struct mb_elf_sym *syms, size_t nr_syms)
{
	const struct btf_type *kc = NULL, *ks = NULL;
	uint32_t kc_size = 0;
	int kc_id = 0, ks_id = 0, err = 0;

	if (obj->btf) {
		kc = datasec(obj, ".kconfig", &kc_id);
		ks = datasec(obj, ".ksyms", &ks_id);
	}
	if (kc)
		err = collect_kconfig(obj, kc, syms, nr_syms, &kc_size);
	if (!err && ks)
		err = collect_ksyms(obj, ks, syms, nr_syms);
	if (!err)
		err = check_symbols(obj, syms, nr_syms);
	if (!err && kc_size)
		err = add_kconfig_map(obj, kc_size, (uint32_t)kc_id);
	if (!err && kc)
		fixup_kconfig(obj, (uint32_t)kc_id, kc_size);
	if (!err && ks)
		fixup_ksyms(obj, (uint32_t)ks_id);
	return err;
}

int mb_extern_find(const struct mb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_externs; i++)
		if (!strcmp(obj->externs[i].name, name))
			return (int)i;
	return -ENOENT;
}

void mb_externs_free(struct mb_object *obj)
{
	for (size_t i = 0; i < obj->nr_externs; i++)
		free((char *)obj->externs[i].name);
	free(obj->externs);
	obj->externs = NULL;
	obj->nr_externs = 0;
}

/* ---- resolving: kconfig values --------------------------------------- */

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
	enum kcfg_kind k = kcfg_kind(obj->btf, v->type, &sgn);
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
