/* btf_tools.h: what minibpf does with BTF beyond reading it, for the
 * `minibpf btf` commands and the loader:
 *
 *   btf_dump.c      BTF back into C (a vmlinux.h)
 *
 * The prototypes live here rather than in internal.h while that header
 * is being split by area (issue 10); they move to btf.h with it.
 */
#ifndef MINIBPF_BTF_TOOLS_H
#define MINIBPF_BTF_TOOLS_H

#include <stdio.h>

#include "internal.h"

/* ---- btf_dump.c ----------------------------------------------------- */

/* Every type of btf as C declarations that compile, in the layout BTF
 * gives (the header `bpftool btf dump ... format c` writes). */
int mb_btf_dump_c(const struct mb_btf *btf, FILE *f, const struct mb_log *log);

#endif
