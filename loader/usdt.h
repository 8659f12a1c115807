/* usdt.h: what usdt.c and usdt_arg.c read from a binary and
 * attach_usdt.c attaches.
 *
 * A USDT probe site is one call of STAP_PROBE/DTRACE_PROBE in the
 * program: a nop at an address, with a string describing where each
 * argument lives at that instruction.  usdt.c turns the note and its
 * argument string into these structs; attach_usdt.c turns them into the
 * spec layout that <bpf/usdt.bpf.h> reads and into uprobes.  Their
 * functions are in internal.h.
 */
#ifndef MB_USDT_H
#define MB_USDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB_USDT_MAX_ARGS 12 /* BPF_USDT_MAX_ARG_CNT in usdt.bpf.h */

/* The values of enum __bpf_usdt_arg_type in usdt.bpf.h. */
enum mb_usdt_arg_kind {
	MB_USDT_CONST, /* "-4@$-9": the value is val_off */
	MB_USDT_REG,   /* "8@%rax": the register */
	MB_USDT_DEREF, /* "-4@-20(%rbp)": memory at reg + val_off */
};

/* One argument, parsed.  A PC-relative operand that names a symbol
 * ("8@g+8(%rip)") keeps the symbol: the caller resolves it. */
struct mb_usdt_arg {
	enum mb_usdt_arg_kind kind;
	int64_t val_off; /* constant, or offset added to the register */
	int16_t reg_off; /* offsetof(struct pt_regs, reg) of the arch */
	uint8_t size;	 /* 1, 2, 4 or 8 bytes */
	bool is_signed;	 /* a negative size in the note */
	char sym[64];	 /* PC-relative symbol, or "" */
};

/* One call site of the probe asked for. */
struct mb_usdt_site {
	uint64_t pc;	    /* link-time address, prelink-adjusted */
	uint64_t file_off;  /* where the uprobe goes */
	uint64_t sema_off;  /* semaphore's file offset, 0: none */
	uint64_t sema_addr; /* its link-time address, 0: none */
	int nr_args;
	struct mb_usdt_arg args[MB_USDT_MAX_ARGS];
};

/* What a binary says about one provider:name. */
struct mb_usdt_target {
	uint16_t machine; /* EM_X86_64, EM_AARCH64, ... */
	bool is_dyn;	  /* ET_DYN: addresses are relative to a base */
	struct mb_usdt_site *sites;
	size_t nr_sites;
};

/* One note of .note.stapsdt, decoded; the strings point into the data. */
struct mb_usdt_note {
	uint64_t pc, base, sema;
	const char *provider, *name, *args;
};

#endif
