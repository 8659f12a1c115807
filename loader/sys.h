/* sys.h: helpers for filling union bpf_attr (sys.c makes the calls).
 *
 * The kernel checks that every byte of bpf_attr past the fields it knows
 * is zero, so a command passes only the part it uses: MB_ATTR_SIZE(m)
 * is the size up to and including member m.  Pointers travel in 64-bit
 * fields, whatever the process's word size: mb_ptr.
 */
#ifndef MINIBPF_SYS_H
#define MINIBPF_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#define MB_ATTR_SIZE(m) \
	(offsetof(union bpf_attr, m) + sizeof(((union bpf_attr *)0)->m))

static inline uint64_t mb_ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

#endif
