#!/bin/sh
# test_explain.sh: `minibpf load --explain` prints one line per CO-RE
# relocation, "core PROG insn N KIND OLD -> NEW local -> target", with N
# the index in the loaded program; a poisoned one says "poisoned".
. "$(dirname "$0")/../lib.sh"
C=$B/tests/core

if need_root explain_format; then
	out=$("$MINIBPF" load "$C/nesting.bpf.o" --btf "$C/nesting.target.o" --explain 2>&1)
	expect_match explain_byte_off "$out" \
		'^core nesting insn [0-9]+ byte_off 4 -> 36 struct core_nest\.in\.y \(0:0:1\) -> \[[0-9]+\] \(0:1:0:1:2\)$'
	expect_match explain_second_field "$out" \
		'^core nesting insn [0-9]+ byte_off 8 -> 48 struct core_nest\.out\.x \(0:1:0\)'
	out=$("$MINIBPF" load "$C/existence.bpf.o" --btf "$C/existence.target.o" --explain 2>&1)
	expect_match explain_exists "$out" \
		'^core existence insn [0-9]+ field_exists 1 -> 0 struct core_exist\.c \(0:2\) -> no match$'
	expect_match explain_poisoned "$out" \
		'^core existence insn [0-9]+ byte_off poisoned struct core_exist\.c \(0:2\) -> no match$'
	out=$("$MINIBPF" load "$C/enum64.bpf.o" --btf "$C/enum64.target.o" --explain 2>&1)
	expect_match explain_ld_imm64_unsigned "$out" \
		'enumval_value 4294967296 -> 18364758544493064720 enum core_e64::E64_BIG \(0\)'
fi
t_exit
