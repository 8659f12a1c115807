/* object.h: the object model, what mb_object_open builds from the ELF
 * file and every later stage reads and fills in.
 *
 * An object (struct mb_object) holds executable sections (struct
 * mb_section: instructions and the relocations found in them), the
 * programs cut from those sections (struct mb_program: an entry point
 * or a .text sub-program), the maps (struct mb_map: .maps, legacy maps
 * and one per global data section), the externs (.kconfig, .ksyms) and
 * the global variables.  Public handles in minibpf.h point at these.
 *
 * Who fills what: elf.c and elf_prog.c the sections, programs and
 * relocations; section.c what a section name means (struct mb_sec_def);
 * maps*.c, globals.c and externs*.c their tables; link.c a program's
 * final instructions; load.c and attach*.c the kernel's fds and ids.
 */
#ifndef MINIBPF_OBJECT_H
#define MINIBPF_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#include "internal.h"
#include "log.h"

/* ---- what a section name means (section.c) -------------------------- */

enum mb_attach_kind {
	MB_ATTACH_NONE, /* loaded only: socket, xdp, tc, perf_event */
	MB_ATTACH_KPROBE,
	MB_ATTACH_KRETPROBE,
	MB_ATTACH_KSYSCALL,
	MB_ATTACH_KRETSYSCALL,
	MB_ATTACH_UPROBE,
	MB_ATTACH_URETPROBE,
	MB_ATTACH_TRACEPOINT,
	MB_ATTACH_RAW_TP,
	MB_ATTACH_TRACING, /* tp_btf, fentry, fexit: BPF_LINK_CREATE */
	MB_ATTACH_USDT,
};

struct mb_sec_def {
	const char *prefix;   /* "kprobe", "tp_btf", ... */
	uint32_t prog_type;   /* enum bpf_prog_type */
	uint32_t attach_type; /* enum bpf_attach_type */
	enum mb_attach_kind attach;
	const char *btf_prefix; /* attach_btf_id: "btf_trace_" or "" */
	int btf_kind;		/* BTF_KIND_TYPEDEF / FUNC, 0: none */
};

/* ---- code: sections, relocations, programs --------------------------- */

enum mb_reloc_kind {
	MB_RELOC_CALL,	       /* BPF-to-BPF call into .text */
	MB_RELOC_SUBPROG_ADDR, /* ld_imm64 of a .text function (callback) */
	MB_RELOC_MAP,	       /* ld_imm64 of a map: fd */
	MB_RELOC_DATA,	       /* ld_imm64 of a global variable: map value */
	MB_RELOC_EXTERN,       /* ld_imm64 of a .kconfig/.ksyms extern */
	MB_RELOC_KFUNC,	       /* call of an extern kernel function */
};

struct mb_reloc {
	enum mb_reloc_kind kind;
	uint32_t insn;	 /* instruction index in its section */
	uint32_t target; /* map, extern, or .text insn index */
	uint32_t offset; /* DATA: byte offset in the map value */
	const char *sym; /* symbol name, for messages */
};

/* An executable section: its instructions and relocations. */
struct mb_section {
	const char *name;
	size_t elf_idx;
	struct bpf_insn *insns; /* our copy; CO-RE patches it */
	uint32_t nr_insns;
	struct mb_reloc *relocs; /* sorted by insn */
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
	uint32_t off, len; /* instructions [off, off+len) */
	bool is_subprog;   /* in .text: appended, not loaded */
	bool autoload;
	const struct mb_sec_def *def;
	const char *target; /* after "kprobe/", points into name */
	/* set by link.c */
	struct mb_piece *pieces; /* the functions placed in insns */
	uint32_t nr_pieces;
	struct bpf_insn *insns;
	uint32_t nr_insns;
	void *func_info, *line_info; /* rewritten records */
	uint32_t nr_func_info, nr_line_info;
	uint32_t func_info_size, line_info_size;
	/* set by load.c */
	uint32_t attach_btf_id;
	int fd;
	uint32_t id;
	struct mb_link *link;
};

/* ---- maps, externs, globals ----------------------------------------- */

enum mb_map_kind {
	MB_MAP_USER,	/* .maps (BTF) or maps (legacy) */
	MB_MAP_DATA,	/* .data, .data.* */
	MB_MAP_RODATA,	/* .rodata, .rodata.*: frozen */
	MB_MAP_BSS,	/* .bss, .bss.* */
	MB_MAP_KCONFIG, /* .kconfig externs: frozen */
};

struct mb_map_def {
	uint32_t type, key_size, value_size, max_entries, map_flags;
	uint32_t numa_node, pinning;
	uint64_t map_extra;
	uint32_t btf_key_id, btf_value_id;
};

struct mb_map {
	struct mb_object *obj;
	char *name;		      /* variable or section name */
	char kname[BPF_OBJ_NAME_LEN]; /* the kernel's 15-character name */
	enum mb_map_kind kind;
	struct mb_map_def def;
	size_t elf_idx;	  /* section it was defined in */
	uint64_t sec_off; /* its offset there (.maps, maps) */
	int inner;	  /* map-in-map: 0 if inner_def is set, -1 */
	struct mb_map_def inner_def;
	int *init_slots; /* map-in-map / prog array: index or -1 */
	uint32_t nr_init_slots;
	bool slots_are_progs;
	/* prog array: program name per slot (NULL: empty), found after
	 * load */
	char **slot_progs;
	void *data;	      /* global data: initial value */
	uint32_t btf_datasec; /* its DATASEC type, 0 if none */
	int fd;
	uint32_t id;
};

enum mb_extern_kind { MB_EXT_KCONFIG, MB_EXT_KSYM, MB_EXT_KFUNC };

struct mb_extern {
	const char *name;
	enum mb_extern_kind kind;
	bool weak;
	uint32_t btf_id; /* VAR or FUNC in the object's BTF */
	uint32_t size;	 /* kconfig: value size */
	uint32_t offset; /* kconfig: offset in the .kconfig map */
	bool resolved;
	/* ksym: the VAR's type before the BTF fix-up, 0: typeless (an
	 * address) */
	uint32_t local_type;
	uint64_t addr;		/* typeless ksym: kallsyms address */
	uint32_t kernel_btf_id; /* typed ksym / kfunc */
	const char *module;	/* ... in this module's BTF; NULL: vmlinux */
	uint32_t fd_idx;	/* its BTF's fd in obj->fd_array; 0: vmlinux */
};

/* What a .kconfig variable's type lets it hold (externs.c). */
enum mb_kcfg_kind {
	KCFG_BAD,
	KCFG_BOOL,
	KCFG_CHAR,
	KCFG_TRISTATE,
	KCFG_INT,
	KCFG_CHARS
};

/* One global variable, for --set and inspect. */
struct mb_global {
	const char *name;
	uint32_t map; /* index in maps */
	uint32_t offset, size;
	uint32_t btf_type; /* its type in the object's BTF, or 0 */
};

/* ---- the object ---------------------------------------------------- */

struct mb_object {
	char *path;
	char name[64]; /* file name without directory, .o */
	struct mb_log log;
	char *btf_path; /* --btf, or NULL */
	bool force_legacy_kprobe;

	void *file; /* the whole ELF file */
	size_t file_size;
	struct mb_btf *btf;	 /* .BTF, or NULL */
	struct mb_btf_ext *ext;	 /* .BTF.ext, or NULL */
	struct mb_btf *btf_file; /* --btf, read by the object */
	/* CO-RE target: btf_file or the kernel's (kernel.c, shared) */
	const struct mb_btf *target_btf;

	char license[128];
	uint32_t kern_version;

	struct mb_section *secs; /* executable sections */
	size_t nr_secs;
	struct mb_section *text;  /* .text, or NULL */
	struct mb_program *progs; /* entry programs, then sub-programs */
	size_t nr_progs;
	size_t nr_entry_progs;
	struct mb_map *maps;
	size_t nr_maps;
	struct mb_extern *externs;
	size_t nr_externs;
	struct mb_global *globals;
	size_t nr_globals;

	int btf_fd;
	/* While programs load: the BTF objects of modules that externs
	 * were found in (fd_array[0] is vmlinux's place, unused); kfunc
	 * calls name them by index (externs_modules.c). */
	int *fd_array;
	size_t nr_fd_array;
	bool loaded;
	uint32_t usdt_next_spec; /* attach_usdt.c: next free spec id */
	bool usdt_manual_sema;	 /* tests: semaphores by hand always */

	/* core.c: what each CO-RE record did, for mb_core_explain */
	struct mb_core_result *core_results;
	size_t nr_core_results;
	/* BTF features taken as missing whatever the kernel says (tests:
	 * the rewrite of btf_sanitize.c on a kernel that needs none) */
	unsigned int btf_features_off;
	/* btf min: passed on to the CO-RE resolver (struct mb_core_ctx) */
	void (*core_on_match)(void *arg, const struct mb_core_spec *targ);
	void *core_on_match_arg;
};

#endif
