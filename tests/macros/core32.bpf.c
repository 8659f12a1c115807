/* core32.bpf.c: BPF_CORE_READ of longs and pointers, for core32.py.
 *
 * A program's long and pointers are 8 bytes; a 32-bit kernel's are 4.
 * The types below are the program's view (as a vmlinux.h would give
 * them); core32.py runs each program against kernels that lay the same
 * fields out with 4- or 8-byte longs, in either byte order.  The field
 * after each one read holds other data, so a read of the wrong size
 * shows.  Programs take the task pointer from ctx[0] and return the
 * value read.
 */
#include <linux/types.h>
#include "headers.h"

#define PAI __attribute__((preserve_access_index))

struct mm_struct {
	unsigned long task_size;	/* 0xbf000000 on the 32-bit kernel */
	void *pgd;			/* the field after task_size */
	long nice;			/* a signed long: -2 */
	int after;
} PAI;
struct task_struct {
	struct mm_struct *mm;
	int tgid;			/* the field after mm */
} PAI;

SEC("raw_tp/task_size") unsigned long task_size(unsigned long long *ctx)
{
	struct task_struct *t = (void *)ctx[0];

	return BPF_CORE_READ(t, mm, task_size);
}

SEC("raw_tp/pgd") unsigned long pgd(unsigned long long *ctx)
{
	struct task_struct *t = (void *)ctx[0];

	return (unsigned long)BPF_CORE_READ(t, mm, pgd);
}

SEC("raw_tp/nice") unsigned long nice(unsigned long long *ctx)
{
	struct task_struct *t = (void *)ctx[0];

	return BPF_CORE_READ(t, mm, nice);
}

/* The destination holds garbage first: the read must clear it. */
SEC("raw_tp/read_into") unsigned long read_into(unsigned long long *ctx)
{
	struct task_struct *t = (void *)ctx[0];
	unsigned long v = ctx[1];

	BPF_CORE_READ_INTO(&v, t, mm, task_size);
	return v;
}

SEC("raw_tp/read_user") unsigned long read_user(unsigned long long *ctx)
{
	struct task_struct *t = (void *)ctx[0];

	return BPF_CORE_READ_USER(t, mm, task_size);
}

char LICENSE[] SEC("license") = "GPL";
