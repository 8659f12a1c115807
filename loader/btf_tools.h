/* btf_tools.h: what minibpf does with BTF beyond reading it, for the
 * `minibpf btf` commands and the loader:
 *
 *   btf_dump.c      BTF back into C (a vmlinux.h)
 *   btf_min.c       the minimal BTF for some objects' CO-RE records
 *   btf_identity.c  build ids, the kernel's word size; BTF in an ELF file
 *   btf_sanitize.c  the object's BTF rewritten for an older kernel
 *   load_bind.c     maps bound to programs that do not name them
 *   strmap.c        strings to numbers, for the two BTF writers
 *
 * The prototypes live here rather than in internal.h while that header
 * is being split by area (issue 10); they move to btf.h with it.
 */
#ifndef MINIBPF_BTF_TOOLS_H
#define MINIBPF_BTF_TOOLS_H

#include <stdio.h>

#include "internal.h"

/* ---- strmap.c ------------------------------------------------------- */

struct mb_strmap_slot {
	const char *key;		/* NULL: empty */
	uint32_t val;
};

struct mb_strmap {			/* zeroed: empty */
	struct mb_strmap_slot *slots;
	uint32_t mask, used;
};

/* The value of key, inserted as 0 (*added) if new; NULL: no memory.
 * key is kept, not copied.  The pointer lasts until the next get. */
uint32_t *mb_strmap_get(struct mb_strmap *map, const char *key, bool *added);
void mb_strmap_free(struct mb_strmap *map);

/* ---- btf_dump.c ----------------------------------------------------- */

/* Every type of btf as C declarations that compile, in the layout BTF
 * gives (the header `bpftool btf dump ... format c` writes). */
int mb_btf_dump_c(const struct mb_btf *btf, FILE *f, const struct mb_log *log);

/* ---- btf_min.c ------------------------------------------------------ */

struct mb_btf_min;

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

/* ---- btf_identity.c ------------------------------------------------- */

struct mb_build_id {
	uint8_t bytes[64];		/* 20 for a SHA-1 */
	uint32_t len;
};

/* The GNU build id among ELF notes: 0, -ENOENT none, -EINVAL bad. */
int mb_notes_build_id(const void *notes, size_t size, struct mb_build_id *id);
int mb_file_build_id(const char *path, struct mb_build_id *id);
/* Facts about the running kernel (to move to kernel.c): its build id
 * from /sys/kernel/notes; its word size in bytes from uname -m. */
int mb_kernel_build_id(struct mb_build_id *id);
int mb_kernel_word_size(void);
void mb_build_id_str(const struct mb_build_id *id, char *buf, size_t size);
/* --btf PATH, checked against the running kernel: a file carrying a
 * build id must carry the kernel's, one without must have a long of the
 * kernel's word size; of a directory, the file with the kernel's id. */
int mb_btf_load_target(const char *path, const struct mb_log *log,
		       struct mb_btf **btfp);
/* An ELF file holding .BTF and, if id, .note.gnu.build-id. */
int mb_btf_write_elf(const char *path, const void *btf, size_t size,
		     const struct mb_build_id *id, const struct mb_log *log);

/* ---- btf_sanitize.c ------------------------------------------------- */

/* BTF features a kernel may lack, and the release that brought each. */
enum mb_btf_feature {
	MB_BTF_FUNC_GLOBAL = 1 << 0,	/* 5.6: FUNC linkage global */
	MB_BTF_DATASEC = 1 << 1,	/* 5.2: DATASEC, VAR */
	MB_BTF_FLOAT = 1 << 2,		/* 5.13 */
	MB_BTF_DECL_TAG = 1 << 3,	/* 5.16 */
	MB_BTF_TYPE_TAG = 1 << 4,	/* 5.17 */
	MB_BTF_ENUM64 = 1 << 5,		/* 6.0 */
	MB_BTF_ENUM_SIGNED = 1 << 6,	/* 6.0: ENUM kflag */
	MB_BTF_ALL = (1 << 7) - 1,
};

/* What the running kernel takes (probed once per process; kernel.c). */
unsigned int mb_btf_features_probe(void);
/* What btf's types use. */
unsigned int mb_btf_features_used(const struct mb_btf *btf);
/* A malloc'ed copy of btf's blob with every feature not in have
 * rewritten into one the kernel knows; type ids unchanged. */
int mb_btf_sanitize(const struct mb_btf *btf, unsigned int have,
		    void **datap, uint32_t *sizep);
void mb_btf_feature_names(unsigned int features, char *buf, size_t size);

/* ---- load_bind.c ---------------------------------------------------- */

/* BPF_PROG_BIND_MAP every map of obj that prog's code does not name. */
int mb_prog_bind_maps(struct mb_object *obj, struct mb_program *prog);

#endif
