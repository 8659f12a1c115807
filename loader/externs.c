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
 * Reference: libbpf's bpf_object__collect_externs and
 * bpf_object__resolve_externs (the conventions clang follows).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "object.h"
#include "elf_reader.h"
#include "btf.h"

#define SHN_UNDEF  0
#define STB_GLOBAL 1
#define STB_WEAK   2
#define STT_NOTYPE 0

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
int mb_kcfg_kind(const struct mb_btf *btf, uint32_t type, bool *signedp)
{
	const struct btf_type *t =
		mb_btf_type(btf, mb_btf_skip_mods(btf, type, true));
	const struct btf_type *e;
	uint32_t enc;

	*signedp = false;
	if (!t)
		return KCFG_BAD;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		enc = BTF_INT_ENCODING(btf_int_word(t));
		*signedp = enc & BTF_INT_SIGNED;
		if (t->size == 1 && (enc & BTF_INT_BOOL))
			return KCFG_BOOL;
		if (t->size == 1 &&
		    !strcmp(mb_btf_str(btf, t->name_off), "char"))
			return KCFG_CHAR;
		return t->size == 1 || t->size == 2 || t->size == 4 ||
				       t->size == 8 ?
			       KCFG_INT :
			       KCFG_BAD;
	case BTF_KIND_ENUM: /* enum libbpf_tristate { NO, YES, MODULE } */
		return t->size == 4 ? KCFG_TRISTATE : KCFG_BAD;
	case BTF_KIND_ARRAY:
		e = mb_btf_type(btf, mb_btf_skip_mods(btf, btf_array(t)->type,
						      true));
		return e && btf_kind(e) == BTF_KIND_INT && e->size == 1 ?
			       KCFG_CHARS :
			       KCFG_BAD;
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
	bool weak = true; /* no symbol: nothing refers to it */

	for (size_t i = 0; i < nr_syms; i++)
		if (is_extern_sym(&syms[i]) && !strcmp(syms[i].name, name))
			weak = syms[i].bind == STB_WEAK;
	if (mb_extern_find(obj, name) >= 0)
		return mb_err(&obj->log, -EINVAL,
			      "externs: %s: extern %s is declared twice",
			      obj->path, name);
	e = mb_array_push((void **)&obj->externs, &obj->nr_externs, sizeof(*e));
	if (!e || !(e->name = strdup(name)))
		return -ENOMEM;
	e->kind = kind;
	e->weak = weak;
	e->btf_id = btf_id;
	if (kind == MB_EXT_KSYM) /* `const void`: typeless, 0 */
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
		enum mb_kcfg_kind k;
		bool sgn;

		k = v && btf_kind(v) == BTF_KIND_VAR ?
			    mb_kcfg_kind(obj->btf, v->type, &sgn) :
			    KCFG_BAD;
		if (k == KCFG_BAD || size <= 0 || size > 4096)
			return mb_err(&obj->log, -EINVAL,
				      "externs: %s: .kconfig extern %s: type must be bool, char, an integer, a tristate enum or a char array",
				      obj->path, name);
		err = add_extern(obj, v, vsi[i].type, MB_EXT_KCONFIG, syms,
				 nr_syms);
		if (err)
			return err;
		if (k != KCFG_CHARS)
			off = (off + (uint32_t)size - 1) &
			      ~((uint32_t)size - 1);
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
static void fixup_kconfig(struct mb_object *obj, uint32_t sec_id, uint32_t size)
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
		enc = btf_int_word(t);
		if (BTF_INT_OFFSET(enc) || BTF_INT_BITS(enc) != t->size * 8 ||
		    (t->size != 1 && t->size != 2 && t->size != 4 &&
		     t->size != 8))
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
		m->offset = i * isz * 8; /* bits */
	}
	sec->name_off = 0; /* ".ksyms" is no C identifier */
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
	map->elf_idx = SIZE_MAX; /* in no ELF section */
	map->btf_datasec = sec_id;
	map->def.type = BPF_MAP_TYPE_ARRAY;
	map->def.key_size = 4;
	map->def.value_size = size;
	map->def.max_entries = 1;
	map->def.map_flags = BPF_F_RDONLY_PROG;
	map->def.btf_value_id = sec_id; /* the fixed-up DATASEC */
	mb_map_internal_name(obj, ".kconfig", map->kname);
	map->data = mb_calloc(1, size); /* filled by resolve */
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

int mb_externs_collect(struct mb_object *obj, const struct mb_elf_sym *syms,
		       size_t nr_syms)
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
