/* btf_impl.h: the inside of struct mb_btf, for btf.c, btf_check.c and
 * btf_find.c only (and btf_dump.c and btf_sanitize.c, which copy it).  Every other file sees an opaque struct mb_btf and
 * the functions of internal.h.
 *
 * One buffer holds the blob (a copy, or the kernel's BTF mapped from
 * sysfs); type_offs and kinds are filled by btf_check.c's walk; the name
 * index (slots, name_next) by btf_find.c once lookups pile up.
 */
#ifndef MINIBPF_BTF_IMPL_H
#define MINIBPF_BTF_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "btf.h"

struct mb_btf_slot {
	uint32_t hash;	/* of the essential name */
	uint32_t first; /* lowest id with that name; 0: empty */
};

struct mb_btf {
	const struct mb_btf *base; /* split BTF: the types before ours */
	const uint8_t *data;	   /* header, types, strings; host order */
	uint32_t size;
	uint8_t *copy;	      /* data when ours to change (malloc'ed) */
	size_t map_len;	      /* else a read-only mapping, this long */
	const uint8_t *types; /* type section, inside data */
	uint32_t types_len;
	const char *strs; /* string table, inside data */
	uint32_t strs_len;
	uint32_t start_id;   /* our first id: 1, or base's count */
	uint32_t start_str;  /* our first string offset */
	uint32_t nr_types;   /* ours */
	uint32_t nr_named;   /* ours with a name */
	uint32_t *type_offs; /* per type: offset in types */
	uint8_t *kinds;	     /* per type: kind (bits 0-4) */
	/* The name index, built by the lookups once there are a few
	 * (btf_find.c), so through a const pointer.  The kernel's BTF is
	 * shared by every object of the process (kernel.c): the index is
	 * published atomically, so lookups from two threads are safe. */
	uint32_t nr_lookups;	   /* by name, so far */
	uint32_t *name_next;	   /* per type: next id, same name */
	struct mb_btf_slot *slots; /* a power of two, at most 3/4 full */
	uint32_t slot_mask;	   /* number of slots - 1 */
	uint32_t long_id;	   /* the target's long, 0: none */
	uint32_t ptr_size;	   /* sizeof(long) of the target */
};

#endif
