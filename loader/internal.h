/* internal.h: the table of contents of libminibpf.
 *
 * Every function that crosses a file boundary is declared here, grouped by
 * the file that defines it, in the order an object travels through them:
 *
 *   log.c      messages through the user's callback; small helpers
 *   sys.c      the bpf() and perf_event_open() syscalls; errno -> -errno
 *   btf.c      BTF parsing (object and kernel BTF, raw or in an ELF file)
 *   btf_check.c  BTF: every type checked, in one pass
 *   btf_find.c BTF lookups: by id, by name (a hash index), through chains
 *   btf_ext.c  .BTF.ext: func_info, line_info and CO-RE records
 *   elf.c      reading the ELF object: header, sections, symbols
 *   elf_prog.c programs, code relocations, DATASEC fix-ups
 *   section.c  section name -> program type, attach type, attach target
 *   maps.c     map definitions and creation (maps_btf.c: .maps parsing)
 *   globals.c  global data sections as maps; --set
 *   externs.c  .kconfig and __ksym externs (externs_resolve.c: values)
 *   core_spec.c, core_types.c, core.c, core_object.c  CO-RE: access
 *              strings, type compatibility, candidates and patching,
 *              applying to an object and --explain
 *   link.c     appending sub-programs, map and data relocations, func/line
 *   load.c     BTF upload and BPF_PROG_LOAD with the verifier log
 *   object.c   the object's life: open, load, close (the public API)
 *   attach.c   attaching by section kind: attach_kprobe.c (kprobes, the
 *              perf probe helpers, tracefs), attach_uprobe.c, attach_tp.c,
 *              attach_usdt.c (with usdt.c, usdt.h: USDT notes and specs)
 *   ringbuf.c, perfbuf.c  reading records back
 *
 * Error contract: >= 0 is success (a value or fd), < 0 is -errno.  A
 * function that fails prints one message (through mb_err) naming what is
 * at fault, and returns the error: `return mb_err(log, -EINVAL, "...")`.
 */
#ifndef MINIBPF_INTERNAL_H
#define MINIBPF_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <elf.h>

#include "minibpf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- log.c ---------------------------------------------------------- */

struct mb_log {
	mb_print_fn fn;			/* NULL: drop messages */
	void *ctx;
	enum mb_print_level level;	/* highest level passed on */
};

/* Print at MB_ERROR and return err, so a failure is one line. */
int mb_err(const struct mb_log *log, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void mb_print(const struct mb_log *log, enum mb_print_level level,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void mb_vprint(const struct mb_log *log, enum mb_print_level level,
	       const char *fmt, va_list ap);
/* malloc/calloc/realloc that treat a size overflow as out of memory. */
void *mb_calloc(size_t n, size_t size);
void *mb_reallocarray(void *p, size_t n, size_t size);
/* Read a whole file into one malloc'ed buffer (NUL-terminated). */
int mb_read_file(const char *path, void **datap, size_t *sizep);

/* ---- sys.c ---------------------------------------------------------- */

/* The size of union bpf_attr up to and including member m. */
#define MB_ATTR_SIZE(m) \
	(offsetof(union bpf_attr, m) + sizeof(((union bpf_attr *)0)->m))

static inline uint64_t mb_ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* The one place where errno becomes -errno.  size is the part of
 * bpf_attr the command uses: unused bytes must be zero for old kernels. */
int mb_sys_bpf(int cmd, union bpf_attr *attr, unsigned int size);
int mb_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd,
			   unsigned long flags);
int mb_sys_map_create(const char *name, uint32_t type, uint32_t key_size,
		      uint32_t value_size, uint32_t max_entries,
		      uint32_t flags, const union bpf_attr *extra);
int mb_sys_map_update(int fd, const void *key, const void *value,
		      uint64_t flags);
int mb_sys_map_lookup(int fd, const void *key, void *value);
int mb_sys_map_next_key(int fd, const void *key, void *next);
int mb_sys_map_freeze(int fd);
int mb_sys_btf_load(const void *data, uint32_t size, char *log,
		    uint32_t log_size, uint32_t log_level);
int mb_sys_obj_info(int fd, void *info, uint32_t *info_len);
/* The kernel's view of a map: -EINVAL if it is not of type want. */
int mb_sys_map_info(int fd, uint32_t want, struct bpf_map_info *info);
int mb_sys_link_create(int prog_fd, int target_fd, uint32_t attach_type,
		       const union bpf_attr *extra);
int mb_sys_raw_tp_open(const char *name, int prog_fd);
void mb_close(int fd);		/* ignores negative fds, keeps errno */

/* ---- btf.c ---------------------------------------------------------- */

/* A parsed, validated BTF blob: one buffer, an offset per type id and a
 * hash of names.  Split BTF (kernel modules) continues a base's ids.
 * The fields are btf.c's and btf_find.c's: other files use the functions
 * below. */
struct mb_btf_slot {
	uint32_t hash;			/* of the essential name */
	uint32_t first;			/* lowest id with that name; 0: empty */
};

struct mb_btf {
	const struct mb_btf *base;	/* split BTF: the types before ours */
	const uint8_t *data;		/* header, types, strings; host order */
	uint32_t size;
	uint8_t *copy;			/* data when ours to change (malloc'ed) */
	size_t map_len;			/* else a read-only mapping, this long */
	const uint8_t *types;		/* type section, inside data */
	uint32_t types_len;
	const char *strs;		/* string table, inside data */
	uint32_t strs_len;
	uint32_t start_id;		/* our first id: 1, or base's count */
	uint32_t start_str;		/* our first string offset */
	uint32_t nr_types;		/* ours */
	uint32_t nr_named;		/* ours with a name */
	uint32_t *type_offs;		/* per type: offset in types */
	uint8_t *kinds;			/* per type: kind (bits 0-4) */
	/* The name index, built by the lookups once there are a few
	 * (btf_find.c), so through a const pointer: a struct mb_btf is
	 * not to be shared between threads (the library has none). */
	uint32_t nr_lookups;		/* by name, so far */
	uint32_t *name_next;		/* per type: next id, same name */
	struct mb_btf_slot *slots;	/* a power of two, at most 3/4 full */
	uint32_t slot_mask;		/* number of slots - 1 */
	uint32_t ptr_size;		/* sizeof(long) of the target */
};

/* Parse a copy of data (raw BTF: magic 0xeB9F).  what names the input in
 * messages ("vmlinux", a file name, "prog.o .BTF").  base may be NULL. */
int mb_btf_parse(const void *data, size_t size, const struct mb_btf *base,
		 const char *what, const struct mb_log *log,
		 struct mb_btf **btfp);
/* Raw BTF file or an ELF file with a .BTF section. */
int mb_btf_load_file(const char *path, const struct mb_log *log,
		     struct mb_btf **btfp);
void mb_btf_free(struct mb_btf *btf);

uint32_t mb_btf_type_count(const struct mb_btf *btf); /* last id + 1 */
/* NULL for id 0 (void) and ids out of range. */
const struct btf_type *mb_btf_type(const struct mb_btf *btf, uint32_t id);
/* "" for a bad offset (parse already checked every name in types). */
const char *mb_btf_str(const struct mb_btf *btf, uint32_t off);
/* Is off a string of btf (for offsets read from elsewhere: .BTF.ext)? */
bool mb_btf_str_ok(const struct mb_btf *btf, uint32_t off);
/* "STRUCT", "ENUM64"... for messages; "UNKNOWN" past the last kind. */
const char *mb_btf_kind_name(unsigned int kind);
const char *mb_btf_name(const struct mb_btf *btf, uint32_t id);
/* Exact name and kind (BTF_KIND_*, or -1 for any): id or -ENOENT. */
int mb_btf_find(const struct mb_btf *btf, const char *name, int kind);
/* Iterate over types whose essential name (name up to a "___" flavour
 * suffix) equals name: start with prev = 0, returns 0 at the end. */
uint32_t mb_btf_find_next_essential(const struct mb_btf *btf,
				    const char *name, size_t len,
				    uint32_t prev);
size_t mb_btf_essential_len(const char *name);
/* Skip const/volatile/restrict/type_tag (and typedef if typedefs). */
uint32_t mb_btf_skip_mods(const struct mb_btf *btf, uint32_t id,
			  bool typedefs);
/* Size in bytes of a type, arrays and modifiers resolved; < 0 on error. */
int64_t mb_btf_resolve_size(const struct mb_btf *btf, uint32_t id);
/* The raw bytes (for BPF_BTF_LOAD) and a writable view for fix-ups:
 * NULL for a base's type and for the kernel's mapped BTF (load_file). */
const void *mb_btf_data(const struct mb_btf *btf, uint32_t *size);
struct btf_type *mb_btf_type_mut(struct mb_btf *btf, uint32_t id);
/* btf_check.c: check every type of btf, whose header and strings btf.c
 * has read (in host order but for the types if swapped); sets nr_types,
 * type_offs, kinds, nr_named, ptr_size. */
int mb_btf_check_types(struct mb_btf *btf, bool swapped, const char *what,
		       const struct mb_log *log);

static inline void mb_btf_swap_words(void *p, size_t n)
{
	uint32_t *w = p;

	for (size_t i = 0; i < n; i++)
		w[i] = __builtin_bswap32(w[i]);
}

/* btf_find.c: index the names of a checked BTF (lookups call it once
 * they pile up; 0 or -ENOMEM, and then lookups scan instead). */
int mb_btf_index_names(struct mb_btf *btf);

static inline unsigned int btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline unsigned int btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline bool btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

static inline const struct btf_member *btf_members(const struct btf_type *t)
{
	return (const struct btf_member *)(t + 1);
}

static inline uint32_t btf_member_bit_offset(const struct btf_type *t,
					     const struct btf_member *m)
{
	return btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}

static inline uint32_t btf_member_bitfield_size(const struct btf_type *t,
						const struct btf_member *m)
{
	return btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
}

/* The tails that follow struct btf_type, by kind (see <linux/btf.h>). */
static inline const struct btf_array *btf_array(const struct btf_type *t)
{
	return (const struct btf_array *)(t + 1);
}

static inline const struct btf_enum *btf_enums(const struct btf_type *t)
{
	return (const struct btf_enum *)(t + 1);
}

static inline const struct btf_enum64 *btf_enum64s(const struct btf_type *t)
{
	return (const struct btf_enum64 *)(t + 1);
}

static inline const struct btf_param *btf_params(const struct btf_type *t)
{
	return (const struct btf_param *)(t + 1);
}

static inline const struct btf_var_secinfo *
btf_var_secinfos(const struct btf_type *t)
{
	return (const struct btf_var_secinfo *)(t + 1);
}

/* INT: BTF_INT_ENCODING / _OFFSET / _BITS of this word. */
static inline uint32_t btf_int_word(const struct btf_type *t)
{
	return *(const uint32_t *)(t + 1);
}

/* Enumerator i of an ENUM or ENUM64, its value widened (sign-extended
 * when the kflag says signed, as the kernel's BTF documentation says). */
static inline uint64_t btf_enum_value(const struct btf_type *t, uint32_t i)
{
	if (BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64)
		return (uint64_t)btf_enum64s(t)[i].val_hi32 << 32 |
		       btf_enum64s(t)[i].val_lo32;
	if (btf_kflag(t))
		return (uint64_t)(int64_t)btf_enums(t)[i].val;
	return (uint32_t)btf_enums(t)[i].val;
}

static inline uint32_t btf_enum_name_off(const struct btf_type *t, uint32_t i)
{
	if (BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64)
		return btf_enum64s(t)[i].name_off;
	return btf_enums(t)[i].name_off;
}

/* ---- btf_ext.c ------------------------------------------------------ */

/* One section's records of one kind, pointing into the .BTF.ext copy.
 * rec_size is what the file declares (>= the fields we read). */
struct mb_ext_sec {
	const char *sec_name;	/* ELF section the records describe */
	const void *recs;
	uint32_t nr_recs;
	uint32_t rec_size;
};

struct mb_btf_ext {
	void *data;			/* our copy */
	struct mb_ext_sec *func_info;	/* one entry per section */
	uint32_t nr_func_info;
	struct mb_ext_sec *line_info;
	uint32_t nr_line_info;
	struct mb_ext_sec *core_relo;
	uint32_t nr_core_relo;
};

/* Parse .BTF.ext; section names are strings of btf. */
int mb_btf_ext_parse(const void *data, size_t size, const struct mb_btf *btf,
		     const char *what, const struct mb_log *log,
		     struct mb_btf_ext **extp);
void mb_btf_ext_free(struct mb_btf_ext *ext);
const struct mb_ext_sec *mb_btf_ext_find(const struct mb_ext_sec *secs,
					 uint32_t nr, const char *sec_name);

/* ---- section.c ------------------------------------------------------ */

enum mb_attach_kind {
	MB_ATTACH_NONE,		/* loaded only: socket, xdp, tc, perf_event */
	MB_ATTACH_KPROBE,
	MB_ATTACH_KRETPROBE,
	MB_ATTACH_KSYSCALL,
	MB_ATTACH_KRETSYSCALL,
	MB_ATTACH_UPROBE,
	MB_ATTACH_URETPROBE,
	MB_ATTACH_TRACEPOINT,
	MB_ATTACH_RAW_TP,
	MB_ATTACH_TRACING,	/* tp_btf, fentry, fexit: BPF_LINK_CREATE */
	MB_ATTACH_USDT,
};

struct mb_sec_def {
	const char *prefix;		/* "kprobe", "tp_btf", ... */
	uint32_t prog_type;		/* enum bpf_prog_type */
	uint32_t attach_type;		/* enum bpf_attach_type */
	enum mb_attach_kind attach;
	const char *btf_prefix;		/* attach_btf_id: "btf_trace_" or "" */
	int btf_kind;			/* BTF_KIND_TYPEDEF / FUNC, 0: none */
};

/* Match a section name: def and the target after "prefix/" (may be ""). */
const struct mb_sec_def *mb_section_find(const char *sec_name,
					 const char **target);
const char *mb_prog_type_name(uint32_t prog_type);

/* ---- elf.c: the object model ---------------------------------------- */

enum mb_reloc_kind {
	MB_RELOC_CALL,		/* BPF-to-BPF call into .text */
	MB_RELOC_SUBPROG_ADDR,	/* ld_imm64 of a .text function (callback) */
	MB_RELOC_MAP,		/* ld_imm64 of a map: fd */
	MB_RELOC_DATA,		/* ld_imm64 of a global variable: map value */
	MB_RELOC_EXTERN,	/* ld_imm64 of a .kconfig/.ksyms extern */
	MB_RELOC_KFUNC,		/* call of an extern kernel function */
};

struct mb_reloc {
	enum mb_reloc_kind kind;
	uint32_t insn;		/* instruction index in its section */
	uint32_t target;	/* map, extern, or .text insn index */
	uint32_t offset;	/* DATA: byte offset in the map value */
	const char *sym;	/* symbol name, for messages */
};

/* An executable section: its instructions and relocations. */
struct mb_section {
	const char *name;
	size_t elf_idx;
	struct bpf_insn *insns;		/* our copy; CO-RE patches it */
	uint32_t nr_insns;
	struct mb_reloc *relocs;	/* sorted by insn */
	uint32_t nr_relocs;
	const struct mb_ext_sec *func_info, *line_info, *core_relo;
};

/* A function placed into a linked program at instruction pos. */
struct mb_piece {
	const struct mb_program *fn;
	uint32_t pos;
};

struct mb_program {
	struct mb_object *obj;
	char *name;
	struct mb_section *sec;
	uint32_t off, len;		/* instructions [off, off+len) */
	bool is_subprog;		/* in .text: appended, not loaded */
	bool autoload;
	const struct mb_sec_def *def;
	const char *target;		/* after "kprobe/", points into name */
	/* set by link.c */
	struct mb_piece *pieces;	/* the functions placed in insns */
	uint32_t nr_pieces;
	struct bpf_insn *insns;
	uint32_t nr_insns;
	void *func_info, *line_info;	/* rewritten records */
	uint32_t nr_func_info, nr_line_info;
	uint32_t func_info_size, line_info_size;
	/* set by load.c */
	uint32_t attach_btf_id;
	int fd;
	uint32_t id;
	struct mb_link *link;
};

enum mb_map_kind {
	MB_MAP_USER,		/* .maps (BTF) or maps (legacy) */
	MB_MAP_DATA,		/* .data, .data.* */
	MB_MAP_RODATA,		/* .rodata, .rodata.*: frozen */
	MB_MAP_BSS,		/* .bss, .bss.* */
	MB_MAP_KCONFIG,		/* .kconfig externs: frozen */
};

struct mb_map_def {
	uint32_t type, key_size, value_size, max_entries, map_flags;
	uint32_t numa_node, pinning;
	uint64_t map_extra;
	uint32_t btf_key_id, btf_value_id;
};

struct mb_map {
	struct mb_object *obj;
	char *name;			/* variable or section name */
	char kname[BPF_OBJ_NAME_LEN];	/* the kernel's 15-character name */
	enum mb_map_kind kind;
	struct mb_map_def def;
	size_t elf_idx;			/* section it was defined in */
	uint64_t sec_off;		/* its offset there (.maps, maps) */
	int inner;			/* map-in-map: 0 if inner_def is set, -1 */
	struct mb_map_def inner_def;
	int *init_slots;		/* map-in-map / prog array: index or -1 */
	uint32_t nr_init_slots;
	bool slots_are_progs;
	char **slot_progs;		/* prog array: program name per slot
					 * (NULL: empty), found after load */
	void *data;			/* global data: initial value */
	uint32_t btf_datasec;		/* its DATASEC type, 0 if none */
	int fd;
	uint32_t id;
};

enum mb_extern_kind { MB_EXT_KCONFIG, MB_EXT_KSYM, MB_EXT_KFUNC };

struct mb_extern {
	const char *name;
	enum mb_extern_kind kind;
	bool weak;
	uint32_t btf_id;		/* VAR or FUNC in the object's BTF */
	uint32_t size;			/* kconfig: value size */
	uint32_t offset;		/* kconfig: offset in the .kconfig map */
	bool resolved;
	uint32_t local_type;		/* ksym: the VAR's type before the BTF
					 * fix-up, 0: typeless (an address) */
	uint64_t addr;			/* typeless ksym: kallsyms address */
	uint32_t kernel_btf_id;		/* typed ksym / kfunc */
};

/* One global variable, for --set and inspect. */
struct mb_global {
	const char *name;
	uint32_t map;			/* index in maps */
	uint32_t offset, size;
	uint32_t btf_type;		/* its type in the object's BTF, or 0 */
};

struct mb_object {
	char *path;
	char name[64];			/* file name without directory, .o */
	struct mb_log log;
	char *btf_path;			/* --btf, or NULL */
	bool force_legacy_kprobe;

	void *file;			/* the whole ELF file */
	size_t file_size;
	struct mb_btf *btf;		/* .BTF, or NULL */
	struct mb_btf_ext *ext;		/* .BTF.ext, or NULL */
	struct mb_btf *kernel_btf;	/* CO-RE target: --btf or vmlinux */
	struct mb_btf *vmlinux_btf;	/* the running kernel's, for attach */

	char license[128];
	uint32_t kern_version;

	struct mb_section *secs;	/* executable sections */
	size_t nr_secs;
	struct mb_section *text;	/* .text, or NULL */
	struct mb_program *progs;	/* entry programs, then sub-programs */
	size_t nr_progs;
	size_t nr_entry_progs;
	struct mb_map *maps;
	size_t nr_maps;
	struct mb_extern *externs;
	size_t nr_externs;
	struct mb_global *globals;
	size_t nr_globals;

	int btf_fd;
	bool loaded;
	uint32_t usdt_next_spec;	/* attach_usdt.c: next free spec id */
	bool usdt_manual_sema;		/* tests: semaphores by hand always */

	/* core.c: what each CO-RE record did, for mb_core_explain */
	struct mb_core_result *core_results;
	size_t nr_core_results;
};

/* Read the ELF object into obj: sections, programs, relocations, BTF,
 * license, version; maps and externs are collected through maps.c and
 * externs.c. */
int mb_elf_read(struct mb_object *obj);
void mb_elf_free(struct mb_object *obj);
/* The string at off of string table section idx, bounds checked; NULL if
 * there is none. */
struct Elf;
const char *mb_elf_str(struct Elf *elf, size_t idx, size_t off);

/* ---- elf_prog.c: programs, relocations, BTF fix-up ------------------ */

/* What the ELF reader knows while it reads (freed when it is done). */
enum elf_sec_role {
	SEC_OTHER, SEC_CODE, SEC_BTF_MAPS, SEC_LEGACY_MAPS, SEC_DATA, SEC_REL,
};

struct elf_sec {
	struct Elf_Scn *scn;
	Elf64_Shdr shdr;
	const char *name;
	enum elf_sec_role role;
	size_t code;			/* SEC_CODE: index in obj->secs */
	struct mb_elf_rel *rels;	/* relocations targeting this section */
	size_t nr_rels;
};

struct elf_reader {
	struct mb_object *obj;
	struct Elf *elf;
	size_t shstrndx;
	struct elf_sec *secs;		/* indexed by ELF section number */
	size_t nr_secs;
	size_t symtab, btf_idx, btf_ext_idx;
	struct mb_elf_sym *syms;	/* indexed by ELF symbol number */
	size_t nr_syms;
};

int mb_elf_read_rels(struct elf_reader *r);
int mb_elf_collect_programs(struct elf_reader *r);
int mb_elf_classify_relocs(struct elf_reader *r);
int mb_elf_fixup_btf(struct elf_reader *r);

/* ---- maps.c --------------------------------------------------------- */

/* Symbol-level input to map collection, filled by elf.c. */
struct mb_elf_sym {
	const char *name;
	size_t shndx;
	uint64_t value, size;
	unsigned char bind, type, visibility;
};

/* A relocation of a data section (.rel.maps): offset in the section,
 * ELF relocation type and symbol index into the mb_elf_sym array. */
struct mb_elf_rel {
	uint64_t offset;
	uint32_t type;
	uint32_t sym;
};

struct mb_elf_data_sec {		/* a .data/.rodata/.bss section */
	const char *name;
	size_t elf_idx;
	const void *data;		/* NULL for .bss */
	uint64_t size;
	enum mb_map_kind kind;
};

/* syms is the whole ELF symbol table, indexed by symbol number. */
int mb_maps_collect_legacy(struct mb_object *obj, size_t elf_idx,
			   const void *data, uint64_t size,
			   const struct mb_elf_sym *syms, size_t nr_syms);
/* The map defined at off in section elf_idx (.maps, maps), or the map of
 * a data section (off ignored): its index, or -ENOENT. */
int mb_map_find_by_sec(const struct mb_object *obj, size_t elf_idx,
		       uint64_t off);
/* Append a zeroed map (fd -1, inner -1): its index or -errno; a second
 * map of the same name is an error. */
int mb_map_add(struct mb_object *obj, const char *name,
	       enum mb_map_kind kind);
/* Round ring buffer sizes up, reject absurd sizes naming the map. */
int mb_map_check_def(struct mb_object *obj, const char *map,
		     struct mb_map_def *def);
/* After the object's BTF is uploaded (obj->btf_fd, or -1): create every
 * map, write global data, freeze .rodata/.kconfig, fill map-in-map
 * slots, read back ids.  On failure every map is closed again. */
int mb_maps_create(struct mb_object *obj);
void mb_maps_close(struct mb_object *obj);	/* close fds */
void mb_maps_free(struct mb_object *obj);	/* free maps and globals */
/* Prog arrays: put the loaded programs' fds into their initial slots. */
int mb_maps_fill_prog_slots(struct mb_object *obj);

/* maps_btf.c: the .maps section, read through the object's BTF. */
int mb_maps_collect_btf(struct mb_object *obj, size_t elf_idx,
			const struct mb_elf_sym *syms, size_t nr_syms,
			const struct mb_elf_rel *rels, size_t nr_rels);

/* globals.c: one array map per data section, one mb_global per
 * variable in it; the setters are public (mb_object_set_global*). */
int mb_maps_collect_data(struct mb_object *obj,
			 const struct mb_elf_data_sec *sec,
			 const struct mb_elf_sym *syms, size_t nr_syms);
/* The kernel's 15-character name for a data map: "<obj>.rodata". */
void mb_map_internal_name(const struct mb_object *obj, const char *sec,
			  char kname[BPF_OBJ_NAME_LEN]);
/* text as a size-byte integer (decimal, 0x, negative if signed) into
 * out: -EINVAL not a number, -ERANGE out of range.  No message. */
int mb_parse_int(const char *text, uint32_t size, bool is_signed, void *out);

/* ---- externs.c ------------------------------------------------------ */

/* Externs are the undefined symbols; each has a VAR (or FUNC) in the
 * .kconfig or .ksyms DATASEC.  Lays out the .kconfig map, and rewrites
 * those two DATASECs so that BPF_BTF_LOAD accepts them (the kernel
 * refuses extern VARs): run after mb_elf_fixup_btf. */
int mb_externs_collect(struct mb_object *obj,
		       const struct mb_elf_sym *syms, size_t nr_syms);
int mb_extern_find(const struct mb_object *obj, const char *name);
/* At load, before maps are created: kconfig values into the .kconfig
 * map's data, kallsyms addresses, vmlinux BTF ids (typed ksyms, kfuncs;
 * read through mb_vmlinux_btf).  Weak externs not found are 0. */
/* What a .kconfig variable's type lets it hold (sgn: a signed int). */
enum mb_kcfg_kind { KCFG_BAD, KCFG_BOOL, KCFG_CHAR, KCFG_TRISTATE, KCFG_INT,
		    KCFG_CHARS };
enum mb_kcfg_kind mb_kcfg_kind(const struct mb_btf *btf, uint32_t type,
			       bool *sgn);

/* ---- externs_resolve.c ---------------------------------------------- */

int mb_externs_resolve(struct mb_object *obj);
void mb_externs_free(struct mb_object *obj);

/* ---- core.c --------------------------------------------------------- */

/* What one CO-RE record did to its instruction, kept for --explain. */
struct mb_core_result {
	const struct mb_section *sec;	/* NULL from mb_core_relocate_insns */
	uint32_t insn;			/* instruction index in the section */
	uint32_t kind;			/* enum bpf_core_relo_kind */
	uint64_t old_val, new_val;	/* as found in / written to the insn */
	bool poisoned;			/* no target: now a call 0xbad2310 */
	bool wide;			/* an LD_IMM64: print unsigned 64-bit */
	uint32_t local_id;		/* root type in the object's BTF */
	uint32_t target_id;		/* matched root in the target, 0: none */
	char local[160];		/* "struct s.a[1].b (0:2:1:0)" */
	char target[64];		/* "[118] (0:57)" or "no match" */
};

/* Candidate lists of one object, one per local root type id (core.c). */
struct mb_core_cache;

/* Everything one resolution needs besides the record itself. */
struct mb_core_ctx {
	const struct mb_btf *local;	/* the object's BTF */
	const struct mb_btf *target;	/* vmlinux or --btf */
	bool big_endian;		/* the object's byte order (bitfields) */
	const char *where;		/* "prog 'handle'": messages */
	const struct mb_log *log;
	struct mb_core_cache *cache;	/* NULL: search every time */
};

/* The pure resolver: resolve rec against ctx->target, check and patch
 * insns[rec->insn_off / 8] (insns is the whole section), fill res. */
int mb_core_relocate_insns(const struct mb_core_ctx *ctx,
			   const struct bpf_core_relo *rec,
			   struct bpf_insn *insns, uint32_t nr_insns,
			   struct mb_core_result *res);
struct mb_core_cache *mb_core_cache_new(const struct mb_btf *local);
void mb_core_cache_free(struct mb_core_cache *cache);

/* core_object.c: apply every CO-RE record of the sections that hold
 * loadable programs (and .text) against obj->kernel_btf.  Each result is kept for
 * --explain, printed by mb_core_explain once programs are linked. */
int mb_core_apply(struct mb_object *obj);
void mb_core_explain(const struct mb_object *obj,
		     const struct mb_program *prog,
		     const struct mb_section *sec, uint32_t sec_insn,
		     uint32_t prog_insn, uint32_t count);
void mb_core_free(struct mb_object *obj);	/* the kept results */
const char *mb_core_kind_name(uint32_t kind);	/* "byte_off", ... */

/* core_spec.c: an access string as a path through types ("spec").
 * Raw: every index as written.  Steps: the root, each named member and
 * each array index, the only points that matching compares by name. */
#define MB_CORE_SPEC_MAX 64	/* accessors, as the kernel's limit */

struct mb_core_step {
	uint32_t type_id;	/* struct/union/enum holding the member,
				 * or the element type of an array index */
	uint32_t idx;		/* member, enumerator or element index */
	const char *name;	/* member/enumerator; NULL: an index */
};

struct mb_core_spec {
	const struct mb_btf *btf;
	uint32_t root_id;
	uint32_t kind;
	uint32_t raw[MB_CORE_SPEC_MAX];
	uint32_t nr_raw;
	struct mb_core_step steps[MB_CORE_SPEC_MAX];
	uint32_t nr_steps;
	uint64_t bit_off;	/* field start from the root pointer */
};

/* at names the record in messages: "sec 'kprobe/x' insn 4: ...". */
int mb_core_spec_parse(const struct mb_core_ctx *ctx, const char *at,
		       uint32_t root_id, const char *access, uint32_t kind,
		       struct mb_core_spec *spec);
/* 1: the candidate matches (targ filled), 0: it does not, < 0: error. */
int mb_core_spec_match(const struct mb_core_ctx *ctx, const char *at,
		       const struct mb_core_spec *local, uint32_t cand_id,
		       struct mb_core_spec *targ);
/* Local: "struct s.a[1].b (0:2:1:0)"; target: "[7] (0:3:1:0)". */
void mb_core_spec_format(const struct mb_core_spec *spec, char *buf,
			 size_t size, bool target);

/* core_types.c: when two types are "the same" for CO-RE. */
int mb_core_fields_compat(const struct mb_btf *local, uint32_t local_id,
			  const struct mb_btf *targ, uint32_t targ_id);
int mb_core_types_compat(const struct mb_btf *local, uint32_t local_id,
			 const struct mb_btf *targ, uint32_t targ_id);
int mb_core_types_match(const struct mb_btf *local, uint32_t local_id,
			const struct mb_btf *targ, uint32_t targ_id);
bool mb_core_names_match(const char *local, const char *targ);
/* The kind of id, with void (id 0) as BTF_KIND_UNKN; -1: bad id. */
int mb_core_kind(const struct mb_btf *btf, uint32_t id);

/* ---- link.c --------------------------------------------------------- */

/* Build prog->insns: the program, then each sub-program it calls
 * (transitively) appended once, calls rewritten, func/line info moved. */
int mb_link_program(struct mb_object *obj, struct mb_program *prog);
/* Put map fds and data offsets into the linked instructions. */
int mb_link_maps(struct mb_object *obj, struct mb_program *prog);

/* ---- object.c ------------------------------------------------------- */

/* Target BTF, externs, CO-RE and linking: all that needs no kernel
 * object, for `minibpf inspect` and mb_object_load. */
int mb_object_prepare(struct mb_object *obj);
/* The program or sub-program whose code holds instruction insn of sec. */
const struct mb_program *mb_object_function_at(const struct mb_object *obj,
					       const struct mb_section *sec,
					       uint32_t insn);

/* ---- load.c --------------------------------------------------------- */

int mb_btf_upload(struct mb_object *obj);
/* The kernel's BTF for attach ids (not --btf): loaded once, on demand. */
int mb_vmlinux_btf(struct mb_object *obj, struct mb_btf **btfp);
/* KERNEL_VERSION(a, b, c) of the running kernel, from uname. */
uint32_t mb_kernel_version(void);
int mb_prog_load(struct mb_object *obj, struct mb_program *prog);

/* ---- attach_kprobe.c: links, perf probes, kprobes ------------------- */

/* What an attached program holds in the kernel.  Every attach kind fills
 * one; mb_link_free() undoes it in this order: close fd, close perf_fd,
 * then remove the tracefs probe (the kernel refuses to remove a probe
 * that a perf event still uses). */
struct mb_link {
	int fd;			/* BPF link (BPF_LINK_CREATE, raw_tp), or -1 */
	int perf_fd;		/* perf event the program runs on, or -1 */
	char *legacy_event;	/* tracefs probe "minibpf/NAME", or NULL */
	char *legacy_file;	/* path of its kprobe_events/uprobe_events */
	struct mb_link *next;	/* more of one attach (USDT call sites) */
	void (*release)(struct mb_link *link);	/* last thing free does, or
						 * NULL (attach_usdt.c) */
	int sema_pid;		/* USDT semaphore counted up by hand in */
	uint64_t sema_addr;	/* this process at this address */
};

/* A kprobe or uprobe to open as a perf event. */
struct mb_probe {
	const char *pmu;	/* "kprobe" or "uprobe" */
	const char *target;	/* kprobe: function name; uprobe: file path */
	uint64_t offset;	/* kprobe: into the function; uprobe: file offset */
	bool retprobe;		/* kretprobe / uretprobe */
	int pid;		/* uprobe: only this process; -1: every one */
	bool legacy;		/* use tracefs even when the PMU exists */
	uint64_t ref_ctr_offset; /* uprobe: file offset of a USDT semaphore
				  * the kernel counts up while attached */
	uint64_t cookie;	/* BPF cookie (perf links, 5.15+), or 0 */
};

/* A link with both fds -1, or NULL.  mb_link_free accepts NULL. */
struct mb_link *mb_link_new(void);
void mb_link_free(struct mb_link *link);

/* In every function below, what starts each message after "attach: ",
 * e.g. "kprobe/do_sys_open: program p" or "uprobe/bin:main: program q". */

/* Open the probe's perf event into link->perf_fd: through the PMU in
 * /sys/bus/event_source/devices/<pmu>, or through tracefs when that PMU
 * is missing or probe->legacy is set (then link->legacy_* name the
 * probe to remove).  Errors say "no such function", "not traceable",
 * "permission"... */
int mb_perf_probe_open(const struct mb_log *log, const char *what,
		       const struct mb_probe *probe, struct mb_link *link);
/* Run prog_fd on the perf event perf_fd (a probe or a tracepoint):
 * BPF_LINK_CREATE with BPF_PERF_EVENT where the kernel has it (5.15+;
 * *link_fd is the link), else PERF_EVENT_IOC_SET_BPF (*link_fd = -1);
 * then the event is enabled. */
int mb_perf_attach(const struct mb_log *log, const char *what, int prog_fd,
		   int perf_fd, int *link_fd);
/* Both of the above: a new link in *linkp, or nothing left behind. */
int mb_probe_attach(const struct mb_log *log, const char *what, int prog_fd,
		    const struct mb_probe *probe, struct mb_link **linkp);
/* kprobe, kretprobe, ksyscall, kretsyscall.  target is what follows the
 * section prefix: "FUNC", "FUNC+OFF" (kprobe only) or a syscall name. */
int mb_attach_kprobe(const struct mb_log *log, int prog_fd,
		     const char *prog_name, enum mb_attach_kind kind,
		     const char *target, bool legacy,
		     struct mb_link **linkp);
/* The kernel function of a syscall: "__x64_sys_NAME" if /proc/kallsyms
 * has it, else "__se_sys_NAME", else "sys_NAME". */
int mb_ksyscall_func(const char *name, char *buf, size_t size);
/* The mounted tracefs (it has events/): /sys/kernel/tracing or
 * /sys/kernel/debug/tracing; -ENOENT if neither. */
int mb_tracefs_dir(char *buf, size_t size);
/* Remove tracefs probes that minibpf processes which no longer exist
 * left behind (killed by SIGKILL); file is "kprobe_events" or
 * "uprobe_events".  Returns how many were removed.  Legacy attaches
 * call it first, so the next run cleans up after a killed one. */
int mb_legacy_probe_sweep(const struct mb_log *log, const char *file);

/* ---- attach*.c ------------------------------------------------------ */

/* attach.c: attach prog where its section says (one of the below, or
 * raw_tp / BTF-attached programs directly); a new link in *linkp. */
int mb_attach_program(struct mb_program *prog, struct mb_link **linkp);

/* attach_uprobe.c.  what starts each message ("uprobe/bin:f: program
 * p").  The file offset of function sym in the ELF file path: .symtab
 * then .dynsym, STT_FUNC, through the section that holds it. */
int mb_uprobe_offset(const struct mb_log *log, const char *what,
		     const char *path, const char *sym, uint64_t *offset);
/* target is "PATH:SYMBOL", "PATH:SYMBOL+OFF" or "PATH:0xOFFSET". */
int mb_attach_uprobe(const struct mb_log *log, const char *what,
		     int prog_fd, const char *target, bool retprobe,
		     struct mb_link **linkp);
/* A file named without '/' found as the dynamic linker ("libc.so.6")
 * or the shell ("bash") would; -ENOENT if not found. */
int mb_uprobe_path(const char *name, char *buf, size_t size);
/* attach_usdt.c: target "PATH:PROVIDER:NAME"; pid -1: every process. */
int mb_attach_usdt(struct mb_program *prog, const char *what,
		   const char *target, int pid, uint64_t usdt_cookie,
		   struct mb_link **linkp);
/* target is "CATEGORY/NAME", as under <tracefs>/events. */
int mb_attach_tracepoint(const struct mb_log *log, const char *what,
			 int prog_fd, const char *target,
			 struct mb_link **linkp);

#endif
