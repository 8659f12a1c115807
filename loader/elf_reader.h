/* elf_reader.h: the ELF reader's working state, shared by elf.c (sections,
 * symbols, the object's skeleton) and elf_prog.c (programs, code
 * relocations, BTF fix-ups), and the symbol-level records it hands to
 * the files that collect maps, globals and externs (maps.c,
 * maps_btf.c, globals.c, externs.c).  All of it lives only while
 * mb_elf_read runs; what outlives the reader is in object.h.
 */
#ifndef MINIBPF_ELF_READER_H
#define MINIBPF_ELF_READER_H

#include <stddef.h>
#include <stdint.h>
#include <gelf.h>

#include "internal.h"

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

struct mb_elf_data_sec { /* a .data/.rodata/.bss section */
	const char *name;
	size_t elf_idx;
	const void *data; /* NULL for .bss */
	uint64_t size;
	enum mb_map_kind kind;
};

/* What the ELF reader knows while it reads (freed when it is done). */
enum elf_sec_role {
	SEC_OTHER,
	SEC_CODE,
	SEC_BTF_MAPS,
	SEC_LEGACY_MAPS,
	SEC_DATA,
	SEC_REL,
};

struct elf_sec {
	struct Elf_Scn *scn;
	Elf64_Shdr shdr;
	const char *name;
	enum elf_sec_role role;
	size_t code;		 /* SEC_CODE: index in obj->secs */
	struct mb_elf_rel *rels; /* relocations targeting this section */
	size_t nr_rels;
};

struct elf_reader {
	struct mb_object *obj;
	struct Elf *elf;
	size_t shstrndx;
	struct elf_sec *secs; /* indexed by ELF section number */
	size_t nr_secs;
	size_t symtab, btf_idx, btf_ext_idx;
	struct mb_elf_sym *syms; /* indexed by ELF symbol number */
	size_t nr_syms;
};

#endif
