/* insn.h: what kind of BPF instruction this is, for the three files that
 * rewrite instructions: elf_prog.c (relocations), core.c (CO-RE) and
 * link.c (calls and map fds).  The encoding is <linux/bpf.h>'s and
 * Documentation/bpf/standardization/instruction-set.rst.
 */
#ifndef MINIBPF_INSN_H
#define MINIBPF_INSN_H

#include <stdbool.h>
#include <linux/bpf.h>

/* LD_IMM64 takes two instruction slots: its 64-bit immediate is split
 * over both imm fields. */
static inline bool mb_insn_is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* A call: of a helper (src_reg 0), a sub-program (BPF_PSEUDO_CALL) or a
 * kernel function (BPF_PSEUDO_KFUNC_CALL). */
static inline bool mb_insn_is_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL);
}

#endif
