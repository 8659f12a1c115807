#!/bin/sh
# test_same_code.sh: each tests/bpfapi program built with our headers has
# the instructions of its build with libbpf's (llvm-objdump, without the
# raw bytes), and BPF_PROG2 reads the slots the comments in prog2.bpf.c
# say: the 16-byte struct at ctx[0..1], the long at ctx[6] (offset 48).
. "$(dirname "$0")/../lib.sh"
D=$B/tests/bpfapi
OBJDUMP=${LLVM_OBJDUMP:-llvm-objdump}

code() {
	"$OBJDUMP" -d --no-show-raw-insn "$1" | grep -v 'file format'
}

for name in prog2 tailcall; do
	ours=$(code "$D/$name.ours.bpf.o") || { fail "${name}_same_code_as_libbpf" "no $D/$name.ours.bpf.o"; continue; }
	ref=$(code "$D/$name.libbpf.bpf.o") || { fail "${name}_same_code_as_libbpf" "no $D/$name.libbpf.bpf.o"; continue; }
	if [ -n "$ours" ] && [ "$ours" = "$ref" ]; then
		ok "${name}_same_code_as_libbpf"
	else
		printf '%s\n' "$ref" >"$D/$name.libbpf.txt"
		fail "${name}_same_code_as_libbpf" "$(printf '%s\n' "$ours" |
			diff - "$D/$name.libbpf.txt" | head -5 | tr '\n' ' ')"
	fi
done

p2=$(code "$D/prog2.ours.bpf.o")
for off in 0 8 16 24 32 40 48; do
	expect_match "prog2_reads_ctx_offset_$off" "$p2" "= \*\(u64 \*\)\(r1 \+ $off\)"
done
# the line after "r3 = 0" (the slot, an immediate) is the tail call
after=$(code "$D/tailcall.ours.bpf.o" | grep -A1 -E 'r3 = 0$' | tail -n 1)
expect_match tail_call_static_has_slot_immediate "$after" 'call 12$'
t_exit
