/* internal.h: the table of contents of libminibpf.
 *
 * Every function that crosses a file boundary is declared here, and
 * nothing else: one heading per file, in the order of the README's
 * reading order, which follows an object from the file to a running
 * program.  The structs live in the header of their area:
 *
 *   log.h     struct mb_log, the sink for messages
 *   sys.h     helpers for filling union bpf_attr
 *   object.h  the object model: object, section, program, map, extern
 *   elf_reader.h  the ELF reader's state, symbols, data sections
 *   btf.h     BTF as the loader reads it: type tails, .BTF.ext records
 *   btf_impl.h  the inside of struct mb_btf (btf*.c only)
 *   insn.h    what kind of instruction this is
 *   core_relo.h  CO-RE: the resolver's context, specs, results
 *   attach.h  links and perf probes
 *   usdt.h    USDT probe sites and their arguments
 *
 * Error contract: >= 0 is success (a value or fd), < 0 is -errno.  A
 * function that fails prints one message (through mb_err) naming what is
 * at fault, and returns the error: `return mb_err(log, -EINVAL, "...")`.
 * Messages start with their stage: "elf:", "btf:", "core:", "load:" ...
 */
#ifndef MINIBPF_INTERNAL_H
#define MINIBPF_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/bpf.h>

#include "minibpf.h"

struct Elf;
struct btf_type;
struct elf_reader;
struct mb_btf;
struct mb_btf_ext;
struct mb_btf_min;
struct mb_build_id;
struct mb_strmap;
struct mb_core_cache;
struct mb_core_cand;
struct mb_core_ctx;
struct mb_core_result;
struct mb_core_spec;
struct mb_elf_data_sec;
struct mb_elf_rel;
struct mb_elf_sym;
struct mb_ext_sec;
struct mb_log;
struct mb_map_def;
struct mb_probe;
struct mb_sec_def;
struct mb_section;
struct mb_usdt_arg;
struct mb_usdt_note;
struct mb_usdt_target;

/* ---- object.c: the object's life: open, prepare, load, close -------- */

/* Target BTF, externs, CO-RE and linking: all that needs no kernel
 * object, for `minibpf inspect` and mb_object_load. */
int mb_object_prepare(struct mb_object *obj);
/* The program or sub-program whose code holds instruction insn of sec. */
const struct mb_program *mb_object_function_at(const struct mb_object *obj,
					       const struct mb_section *sec,
					       uint32_t insn);

/* ---- log.c: messages through the user's callback; allocation -------- */

/* The log of the public functions' opts: its callback and level. */
void mb_log_init(struct mb_log *log, const struct mb_open_opts *opts);
/* Print at MB_ERROR and return err, so a failure is one line. */
int mb_err(const struct mb_log *log, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void mb_print(const struct mb_log *log, enum mb_print_level level,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void mb_vprint(const struct mb_log *log, enum mb_print_level level,
	       const char *fmt, va_list ap);
/* calloc/reallocarray that treat a size overflow as out of memory. */
void *mb_calloc(size_t n, size_t size);
void *mb_reallocarray(void *p, size_t n, size_t size);
/* Append a zeroed element of size bytes to the array *array of *nr:
 * its address, or NULL (and nothing changed) if memory runs out. */
void *mb_array_push(void **array, size_t *nr, size_t size);
/* Read a whole file into one malloc'ed buffer (NUL-terminated). */
int mb_read_file(const char *path, void **datap, size_t *sizep);

/* ---- sys.c: the bpf() and perf_event_open() syscalls ---------------- */

/* The one place where errno becomes -errno.  size is the part of
 * bpf_attr the command uses: unused bytes must be zero for old kernels. */
int mb_sys_bpf(int cmd, union bpf_attr *attr, unsigned int size);
int mb_sys_perf_event_open(void *attr, int pid, int cpu, int group_fd,
			   unsigned long flags);
int mb_sys_map_create(const char *name, uint32_t type, uint32_t key_size,
		      uint32_t value_size, uint32_t max_entries, uint32_t flags,
		      const union bpf_attr *extra);
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
void mb_close(int fd); /* ignores negative fds, keeps errno */

/* ---- kernel.c: what minibpf learns about the running kernel --------- */

/* Each fact is read once per process and kept. */
/* KERNEL_VERSION(a, b, c) of the running kernel, from uname; 0 unknown. */
uint32_t mb_kernel_version(void);
/* Its GNU build id (/sys/kernel/notes), and the size of its long in
 * bytes (uname -m: the kernel's, not this process's). */
int mb_kernel_build_id(struct mb_build_id *id);
int mb_kernel_word_size(void);
/* The size of the call to ftrace patched into each function's entry
 * where a kprobe may be refused there (riscv64: 8), else 0. */
int mb_kernel_ftrace_site(void);
/* The BTF kinds it takes, enum mb_btf_feature bits (btf_sanitize.c's
 * probes). */
unsigned int mb_kernel_btf_features(void);
/* The kernel's BTF, /sys/kernel/btf/vmlinux, shared by every object. */
int mb_kernel_btf(const struct mb_log *log, const struct mb_btf **btfp);
/* The kernel's config text: /proc/config.gz, else /boot/config-RELEASE;
 * -ENOENT if neither. */
int mb_kernel_config(const char **textp);
/* The mounted tracefs (it has events/): /sys/kernel/tracing or
 * /sys/kernel/debug/tracing; -ENOENT if neither. */
int mb_kernel_tracefs(const char **dirp);
/* What the kernel's syscall functions start with: "__x64_sys_" where
 * the architecture has wrappers and kallsyms lists them, else "sys_". */
const char *mb_kernel_syscall_prefix(void);
/* Call fn for each line of /proc/kallsyms until it returns non-zero
 * (which is returned); read afresh on each call, not kept. */
typedef int (*mb_kallsyms_fn)(void *ctx, const char *name, size_t len,
			      uint64_t addr);
int mb_kallsyms_each(mb_kallsyms_fn fn, void *ctx);
/* Does /proc/kallsyms list name (any symbol type, any module)? */
bool mb_kallsyms_has(const char *name);
/* Its lockdown mode, "none", "integrity" or "confidentiality"; NULL if
 * unknown.  mb_lockdown_parse reads the file's text ("none [integrity]
 * confidentiality"): the bracketed mode, NULL if there is none. */
const char *mb_kernel_lockdown(void);
const char *mb_lockdown_parse(const char *text);

/* ---- perm.c: why the kernel said EPERM ------------------------------- */

/* What a bpf() or perf_event_open() refused with EPERM/EACCES needed */
#define MB_NEED_BPF	(1u << 0) /* CAP_BPF */
#define MB_NEED_PERFMON (1u << 1) /* CAP_PERFMON */
/* Which of it this process lacks (by name), else the kernel's lockdown
 * mode, else unprivileged_bpf_disabled, else that something else (an
 * LSM, seccomp) refused: one clause for a message, in buf. */
const char *mb_perm_reason(char *buf, size_t size, unsigned int need);

/* ---- kernel_modules.c: the BTF of the kernel's modules ------------- */

/* Module i of /sys/kernel/btf: its split BTF on top of mb_kernel_btf's
 * and its name.  i = 0 reads the directory again (modules loaded since
 * are appended: indices stay); each BTF is parsed on first need and
 * kept.  *btfp NULL if unreadable (warned once) or unloaded since;
 * -ENOENT past the last.  The CO-RE resolver's mb_core_modules_fn. */
int mb_kernel_module_btf(const struct mb_log *log, uint32_t i,
			 const struct mb_btf **btfp, const char **namep);
/* A new fd of the kernel's BTF object of module name (the caller closes
 * it), for kfuncs and typed ksyms in the module. */
int mb_kernel_module_btf_fd(const struct mb_log *log, const char *name);

/* ---- elf.c: the ELF object: header, sections, symbols --------------- */

/* Read the ELF object into obj: sections, programs, relocations, BTF,
 * license, version; maps and externs are collected through maps.c and
 * externs.c. */
int mb_elf_read(struct mb_object *obj);
void mb_elf_free(struct mb_object *obj);
/* The string at off of string table section idx, bounds checked; NULL if
 * there is none. */
const char *mb_elf_str(struct Elf *elf, size_t idx, size_t off);

/* ---- elf_prog.c: programs, code relocations, BTF fix-ups ------------ */

int mb_elf_read_rels(struct elf_reader *r);
int mb_elf_collect_programs(struct elf_reader *r);
int mb_elf_classify_relocs(struct elf_reader *r);
int mb_elf_fixup_btf(struct elf_reader *r);

/* ---- section.c: section name -> program type, attach kind ----------- */

/* Match a section name: def and the target after "prefix/" (may be ""). */
const struct mb_sec_def *mb_section_find(const char *sec_name,
					 const char **target);
const struct mb_sec_def *mb_section_unknown(void);
const char *mb_prog_type_name(uint32_t prog_type);

/* ---- btf.c: BTF blobs and files: header, strings, byte order -------- */

/* Parse a copy of data (raw BTF: magic 0xeB9F).  what names the input in
 * messages ("vmlinux", a file name, "prog.o .BTF").  base may be NULL. */
int mb_btf_parse(const void *data, size_t size, const struct mb_btf *base,
		 const char *what, const struct mb_log *log,
		 struct mb_btf **btfp);
/* Raw BTF file or an ELF file with a .BTF section. */
int mb_btf_load_file(const char *path, const struct mb_log *log,
		     struct mb_btf **btfp);
void mb_btf_free(struct mb_btf *btf);

/* ---- btf_check.c: every type checked, in one pass ------------------- */

/* Check every type of btf, whose header and strings btf.c has read (in
 * host order but for the types if swapped); sets nr_types, type_offs,
 * kinds, nr_named, ptr_size. */
int mb_btf_check_types(struct mb_btf *btf, bool swapped, const char *what,
		       const struct mb_log *log);

/* ---- btf_find.c: types by id, by name, through chains --------------- */

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
/* sizeof(long) of the target the BTF describes: 4 or 8 (8 when it has
 * no long), and the id of that long ("long", "long int"...), 0: none. */
uint32_t mb_btf_ptr_size(const struct mb_btf *btf);
uint32_t mb_btf_long_id(const struct mb_btf *btf);
/* Exact name and kind (BTF_KIND_*, or -1 for any): id or -ENOENT. */
int mb_btf_find(const struct mb_btf *btf, const char *name, int kind);
/* Iterate over types whose essential name (name up to a "___" flavour
 * suffix) equals name: start with prev = 0, returns 0 at the end. */
uint32_t mb_btf_find_next_essential(const struct mb_btf *btf, const char *name,
				    size_t len, uint32_t prev);
size_t mb_btf_essential_len(const char *name);
/* Skip const/volatile/restrict/type_tag (and typedef if typedefs). */
uint32_t mb_btf_skip_mods(const struct mb_btf *btf, uint32_t id, bool typedefs);
/* Size in bytes of a type, arrays and modifiers resolved; < 0 on error. */
int64_t mb_btf_resolve_size(const struct mb_btf *btf, uint32_t id);
/* The raw bytes (for BPF_BTF_LOAD) and a writable view for fix-ups:
 * NULL for a base's type and for the kernel's mapped BTF (load_file). */
const void *mb_btf_data(const struct mb_btf *btf, uint32_t *size);
struct btf_type *mb_btf_type_mut(struct mb_btf *btf, uint32_t id);
/* Index the names of a checked BTF (lookups call it once they pile up;
 * 0 or -ENOMEM, and then lookups scan instead). */
int mb_btf_index_names(struct mb_btf *btf);

/* ---- btf_ext.c: .BTF.ext: func_info, line_info, CO-RE records ------- */

/* Parse .BTF.ext; section names are strings of btf. */
int mb_btf_ext_parse(const void *data, size_t size, const struct mb_btf *btf,
		     const char *what, const struct mb_log *log,
		     struct mb_btf_ext **extp);
void mb_btf_ext_free(struct mb_btf_ext *ext);
const struct mb_ext_sec *mb_btf_ext_find(const struct mb_ext_sec *secs,
					 uint32_t nr, const char *sec_name);

/* ---- btf_identity.c: which kernel a BTF file belongs to ------------- */

/* The GNU build id among ELF notes: 0, -ENOENT none, -EINVAL bad. */
int mb_notes_build_id(const void *notes, size_t size, struct mb_build_id *id);
int mb_file_build_id(const char *path, struct mb_build_id *id);
void mb_build_id_str(const struct mb_build_id *id, char *buf, size_t size);
/* --btf PATH, checked against the running kernel: a file carrying a
 * build id must carry the kernel's, one without must have a long of the
 * kernel's word size; of a directory, the file with the kernel's id. */
int mb_btf_load_target(const char *path, const struct mb_log *log,
		       struct mb_btf **btfp);
/* An ELF file holding .BTF and, if id, .note.gnu.build-id. */
int mb_btf_write_elf(const char *path, const void *btf, size_t size,
		     const struct mb_build_id *id, const struct mb_log *log);

/* ---- maps.c: map definitions, creation, pinning --------------------- */

/* syms is the whole ELF symbol table, indexed by symbol number. */
int mb_maps_collect_legacy(struct mb_object *obj, size_t elf_idx,
			   const void *data, uint64_t size,
			   const struct mb_elf_sym *syms, size_t nr_syms);
/* The map defined at off in section elf_idx (.maps, maps), or the map of
 * a data section (off ignored): its index, or -ENOENT. */
int mb_map_find_by_sec(const struct mb_object *obj, size_t elf_idx,
		       uint64_t off);
/* Append a zeroed map (fd -1, inner -1) of kind (enum mb_map_kind): its
 * index or -errno; a second map of the same name is an error. */
int mb_map_add(struct mb_object *obj, const char *name, int kind);
/* Round ring buffer sizes up, reject absurd sizes naming the map. */
int mb_map_check_def(struct mb_object *obj, const char *map,
		     struct mb_map_def *def);
/* After the object's BTF is uploaded (obj->btf_fd, or -1): create every
 * map, write global data, freeze .rodata/.kconfig, fill map-in-map
 * slots, read back ids.  On failure every map is closed again. */
int mb_maps_create(struct mb_object *obj);
void mb_maps_close(struct mb_object *obj); /* close fds */
void mb_maps_free(struct mb_object *obj);  /* free maps and globals */
/* Prog arrays: put the loaded programs' fds into their initial slots. */
int mb_maps_fill_prog_slots(struct mb_object *obj);

/* ---- maps_btf.c: the .maps section, read through the object's BTF --- */

int mb_maps_collect_btf(struct mb_object *obj, size_t elf_idx,
			const struct mb_elf_sym *syms, size_t nr_syms,
			const struct mb_elf_rel *rels, size_t nr_rels);

/* ---- globals.c: global data sections as maps; setting variables ----- */

/* One array map per data section, one mb_global per variable in it. */
int mb_maps_collect_data(struct mb_object *obj,
			 const struct mb_elf_data_sec *sec,
			 const struct mb_elf_sym *syms, size_t nr_syms);
/* The kernel's 15-character name for a data map: "<obj>.rodata". */
void mb_map_internal_name(const struct mb_object *obj, const char *sec,
			  char kname[BPF_OBJ_NAME_LEN]);
/* text as a size-byte integer (decimal, 0x, negative if signed) into
 * out: -EINVAL not a number, -ERANGE out of range.  No message. */
int mb_parse_int(const char *text, uint32_t size, bool is_signed, void *out);

/* ---- externs.c: .kconfig and __ksym externs, collected at open ------ */

/* Externs are the undefined symbols; each has a VAR (or FUNC) in the
 * .kconfig or .ksyms DATASEC.  Lays out the .kconfig map, and rewrites
 * those two DATASECs so that BPF_BTF_LOAD accepts them (the kernel
 * refuses extern VARs): run after mb_elf_fixup_btf. */
int mb_externs_collect(struct mb_object *obj, const struct mb_elf_sym *syms,
		       size_t nr_syms);
int mb_extern_find(const struct mb_object *obj, const char *name);
void mb_externs_free(struct mb_object *obj);
/* What a .kconfig variable's type lets it hold (enum mb_kcfg_kind; sgn:
 * a signed int). */
int mb_kcfg_kind(const struct mb_btf *btf, uint32_t type, bool *sgn);

/* ---- externs_resolve.c: extern values, at load ---------------------- */

/* Before maps are created: kconfig values into the .kconfig map's data,
 * kallsyms addresses, kernel BTF ids (typed ksyms, kfuncs).  Weak
 * externs not found are 0. */
int mb_externs_resolve(struct mb_object *obj);

/* ---- externs_modules.c: BTF objects of modules externs live in ---- */

/* At load, before linking: an fd of each module's BTF object that a
 * typed ksym or kfunc was found in, into obj->fd_array (e->fd_idx). */
int mb_externs_open_modules(struct mb_object *obj);
/* After the programs are loaded (or failed): every such fd closed. */
void mb_externs_close_modules(struct mb_object *obj);

/* ---- core_spec.c: an access string as a path through types ---------- */

/* at names the record in messages: "sec 'kprobe/x' insn 4: ...". */
int mb_core_spec_parse(const struct mb_core_ctx *ctx, const char *at,
		       uint32_t root_id, const char *access, uint32_t kind,
		       struct mb_core_spec *spec);
/* 1: the candidate matches (targ filled), 0: it does not, < 0: error. */
int mb_core_spec_match(const struct mb_core_ctx *ctx, const char *at,
		       const struct mb_core_spec *local,
		       const struct mb_core_cand *cand,
		       struct mb_core_spec *targ);
/* Local: "struct s.a[1].b (0:2:1:0)"; target: "[7] (0:3:1:0)", from a
 * module "[90210] nf_conntrack (0:3)". */
void mb_core_spec_format(const struct mb_core_spec *spec, char *buf,
			 size_t size, bool target);

/* ---- core_types.c: when two types are "the same" for CO-RE ---------- */

int mb_core_fields_compat(const struct mb_btf *local, uint32_t local_id,
			  const struct mb_btf *targ, uint32_t targ_id);
int mb_core_types_compat(const struct mb_btf *local, uint32_t local_id,
			 const struct mb_btf *targ, uint32_t targ_id);
int mb_core_types_match(const struct mb_btf *local, uint32_t local_id,
			const struct mb_btf *targ, uint32_t targ_id);
bool mb_core_names_match(const char *local, const char *targ);
/* The kind of id, with void (id 0) as BTF_KIND_UNKN; -1: bad id. */
int mb_core_kind(const struct mb_btf *btf, uint32_t id);

/* ---- core.c: candidates, the answer, the patched instruction -------- */

/* The pure resolver: resolve rec against ctx->target, check and patch
 * insns[rec->insn_off / 8] (insns is the whole section), fill res. */
int mb_core_relocate_insns(const struct mb_core_ctx *ctx,
			   const struct bpf_core_relo *rec,
			   struct bpf_insn *insns, uint32_t nr_insns,
			   struct mb_core_result *res);
/* Candidate lists of one object, one per local root type id. */
struct mb_core_cache *mb_core_cache_new(const struct mb_btf *local);
void mb_core_cache_free(struct mb_core_cache *cache);
const char *mb_core_kind_name(uint32_t kind); /* "byte_off", ... */

/* ---- core_object.c: CO-RE for a whole object; --explain ------------- */

/* Apply every CO-RE record of the sections that hold loadable programs
 * (and .text) against obj->target_btf.  Each result is kept for
 * --explain, printed by mb_core_explain once programs are linked. */
int mb_core_apply(struct mb_object *obj);
void mb_core_explain(const struct mb_object *obj, const struct mb_program *prog,
		     const struct mb_section *sec, uint32_t sec_insn,
		     uint32_t prog_insn, uint32_t count);
void mb_core_free(struct mb_object *obj); /* the kept results */

/* ---- link.c: sub-programs appended, calls and map fds patched ------- */

/* Build prog->insns: the program, then each sub-program it calls
 * (transitively) appended once, calls rewritten, func/line info moved. */
int mb_link_program(struct mb_object *obj, struct mb_program *prog);
/* Put map fds and data offsets into the linked instructions. */
int mb_link_maps(struct mb_object *obj, struct mb_program *prog);

/* ---- load.c: BPF_BTF_LOAD, BPF_PROG_LOAD and the verifier log ------- */

int mb_btf_upload(struct mb_object *obj);
int mb_prog_load(struct mb_object *obj, struct mb_program *prog);

/* ---- btf_sanitize.c: the object's BTF for a kernel that predates it - */

/* Probe what the running kernel takes: enum mb_btf_feature bits (each
 * call probes again; kernel.c keeps the answer). */
unsigned int mb_btf_features_probe(void);
/* What btf's types use. */
unsigned int mb_btf_features_used(const struct mb_btf *btf);
/* A malloc'ed copy of btf's blob with every feature not in have
 * rewritten into one the kernel knows; type ids unchanged. */
int mb_btf_sanitize(const struct mb_btf *btf, unsigned int have, void **datap,
		    uint32_t *sizep);
void mb_btf_feature_names(unsigned int features, char *buf, size_t size);

/* ---- load_bind.c: maps bound to programs that do not name them ------ */

/* BPF_PROG_BIND_MAP every map of obj that prog's code does not name. */
int mb_prog_bind_maps(struct mb_object *obj, struct mb_program *prog);

/* ---- attach.c: attaching a program where its section says ----------- */

/* One of the attach_*.c below, or raw_tp / BTF-attached programs
 * directly; a new link in *linkp. */
int mb_attach_program(struct mb_program *prog, struct mb_link **linkp);

/* ---- attach_perf.c: links, perf events, kprobe/uprobe probes -------- */

/* In every function below, what starts each message after "attach: ",
 * e.g. "kprobe/do_sys_open: program p" or "uprobe/bin:main: program q". */

/* A link with both fds -1, or NULL.  mb_link_free accepts NULL. */
struct mb_link *mb_link_new(void);
void mb_link_free(struct mb_link *link);
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
/* A small number in a sysfs or tracefs file, after prefix: a PMU's type,
 * "config:0" of a format file (of "config:32-63", 32), a trace event's
 * id.  -EINVAL if the file holds no such number. */
int mb_read_sysfs_int(const char *path, const char *prefix);
/* Remove tracefs probes that minibpf processes which no longer exist
 * left behind (killed by SIGKILL); file is "kprobe_events" or
 * "uprobe_events".  Returns how many were removed.  Legacy attaches
 * call it first, so the next run cleans up after a killed one. */
int mb_legacy_probe_sweep(const struct mb_log *log, const char *file);

/* ---- attach_kprobe.c: kprobes, kretprobes, ksyscalls ---------------- */

/* kind is the section's enum mb_attach_kind: kprobe, kretprobe, ksyscall
 * or kretsyscall.  target is what follows the section prefix: "FUNC",
 * "FUNC+OFF" (kprobe only) or a syscall name. */
int mb_attach_kprobe(const struct mb_log *log, int prog_fd,
		     const char *prog_name, int kind, const char *target,
		     bool legacy, struct mb_link **linkp);
/* The kernel function of a syscall: "__x64_sys_NAME" if /proc/kallsyms
 * has it, else "__se_sys_NAME", else "sys_NAME". */
int mb_ksyscall_func(const char *name, char *buf, size_t size);

/* ---- attach_uprobe.c: uprobes on a file's function ------------------ */

/* The file offset of function sym in the ELF file path: .symtab then
 * .dynsym, STT_FUNC, through the section that holds it. */
int mb_uprobe_offset(const struct mb_log *log, const char *what,
		     const char *path, const char *sym, uint64_t *offset);
/* target is "PATH:SYMBOL", "PATH:SYMBOL+OFF" or "PATH:0xOFFSET". */
int mb_attach_uprobe(const struct mb_log *log, const char *what, int prog_fd,
		     const char *target, bool retprobe, struct mb_link **linkp);
/* A file named without '/' found as the dynamic linker ("libc.so.6")
 * or the shell ("bash") would; -ENOENT if not found. */
int mb_uprobe_path(const char *name, char *buf, size_t size);

/* ---- attach_tp.c: tracepoints --------------------------------------- */

/* target is "CATEGORY/NAME", as under <tracefs>/events. */
int mb_attach_tracepoint(const struct mb_log *log, const char *what,
			 int prog_fd, const char *target,
			 struct mb_link **linkp);

/* ---- usdt.c: USDT probes in a binary's .note.stapsdt -------------- */

/* Walk the notes in the raw bytes of a .note.stapsdt section of an
 * ELFCLASS64 (is64) or 32 file of byte order big_endian; calls fn for
 * each stapsdt note until fn returns non-zero.  Returns what fn
 * returned, 0, or -EINVAL for a malformed note (*why says how). */
int mb_usdt_notes_walk(const void *data, size_t size, bool is64,
		       bool big_endian,
		       int (*fn)(const struct mb_usdt_note *n, void *ctx),
		       void *ctx, const char **why);
/* Every call site of provider:name in the ELF file path; messages start
 * with "usdt: <what>:".  Free with mb_usdt_target_free. */
int mb_usdt_find(const struct mb_log *log, const char *what, const char *path,
		 const char *provider, const char *name,
		 struct mb_usdt_target *t);
void mb_usdt_target_free(struct mb_usdt_target *t);

/* ---- usdt_arg.c: one USDT argument spec, per architecture ----------- */

/* Parse one argument ("-4@-20(%rbp)") for machine (EM_X86_64...).  On
 * error returns -EINVAL (-EOPNOTSUPP for a form we know but cannot
 * express) and sets *why to a short reason. */
int mb_usdt_parse_arg(uint16_t machine, const char *text,
		      struct mb_usdt_arg *arg, const char **why);

/* ---- attach_usdt.c: a USDT probe, at every call site ---------------- */

/* target is "PATH:PROVIDER:NAME"; pid -1: every process. */
int mb_attach_usdt(struct mb_program *prog, const char *what,
		   const char *target, int pid, uint64_t usdt_cookie,
		   struct mb_link **linkp);

/* ---- ringbuf.c: reading a BPF ring buffer (public only) ------------- */

/* ---- perfbuf.c: reading a perf event array (public only) ------------ */

/* ---- btf_print.c: data printed as its BTF type says (public only) ---- */

/* ---- strmap.c: strings to numbers, for the two BTF writers ---------- */

/* The value of key, inserted as 0 (*added) if new; NULL: no memory.
 * key is kept, not copied.  The pointer lasts until the next get. */
uint32_t *mb_strmap_get(struct mb_strmap *map, const char *key, bool *added);
void mb_strmap_free(struct mb_strmap *map);

/* ---- btf_text.c: BTF as text, as bpftool prints it (public only) --- */

/* ---- btf_dump.c: BTF back into C, a vmlinux.h ----------------------- */

/* Every type of btf as C declarations that compile, in the layout BTF
 * gives (the header `bpftool btf dump ... format c` writes). */
int mb_btf_dump_c(const struct mb_btf *btf, FILE *f, const struct mb_log *log);

/* ---- btf_min.c: the minimal BTF for some objects' CO-RE records ----- */

int mb_btf_min_new(const struct mb_btf *full, struct mb_btf_min **mp);
void mb_btf_min_free(struct mb_btf_min *m);
/* Relocate the object at path against the full BTF, noting what each
 * CO-RE record used. */
int mb_btf_min_add_object(struct mb_btf_min *m, const char *path,
			  const struct mb_log *log);
/* The resolver's callback (struct mb_core_ctx on_match); arg is m. */
void mb_btf_min_on_match(void *arg, const struct mb_core_spec *targ);
/* Raw BTF of what was noted, malloc'ed. */
int mb_btf_min_build(struct mb_btf_min *m, void **data, size_t *size,
		     const struct mb_log *log);

#endif
