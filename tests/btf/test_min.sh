#!/bin/sh
# test_min.sh: `minibpf btf min`.  For every CO-RE object of the project
# (tests/core against its own target, the vmlinux programs against this
# kernel's BTF): every relocation gives against the minimal BTF what it
# gives against the full one (`inspect --explain`, with the target's ids
# and access paths masked: they are renumbered), and the minimal BTF is
# no larger than bpftool's (`gen min_core_btf`, the reference) for the
# same inputs.  An object the full BTF cannot relocate makes min fail.
. "$(dirname "$0")/../lib.sh"
tmp=${TMPDIR:-/tmp}/minibpf-min.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
VMLINUX=/sys/kernel/btf/vmlinux

mask() {
	sed -E -e 's/-> \[[0-9]+\]( \([0-9:]*\))?$/-> [target]/' \
	       -e 's/(target_type_id [0-9]+ -> )[0-9]+/\1N/'
}

# The .BTF bytes of a raw BTF or of min's ELF output.
btf_bytes() {
	if [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = "177ELF" ]; then
		llvm-objcopy --dump-section .BTF="$tmp/sec" "$1" "$tmp/sec.o" &&
			stat -c %s "$tmp/sec"
	else
		stat -c %s "$1"
	fi
}

# check NAME FULL OBJ...: min of the objects, then each one compared.
check() {
	name=$1 full=$2
	shift 2
	if ! "$MINIBPF" btf min --btf "$full" "$@" -o "$tmp/min" 2>"$tmp/err"; then
		fail "min_$name" "$(head -c 300 "$tmp/err")"
		return
	fi
	for o in "$@"; do
		"$MINIBPF" inspect "$o" --explain --btf "$full" 2>&1 | mask >"$tmp/full"
		"$MINIBPF" inspect "$o" --explain --btf "$tmp/min" 2>&1 | mask >"$tmp/mine"
		if ! cmp -s "$tmp/full" "$tmp/mine"; then
			fail "min_same_core_results_$name" "$(basename "$o"): $(diff "$tmp/full" "$tmp/mine" | head -3)"
			return
		fi
		cores=$((cores + $(grep -c '^core .* -> ' "$tmp/full")))
	done
	ok "min_same_core_results_$name"
	command -v bpftool >/dev/null || { skip "min_size_$name" "no bpftool"; return; }
	bpftool gen min_core_btf "$full" "$tmp/ref" "$@" >/dev/null 2>&1 || {
		skip "min_size_$name" "bpftool cannot"; return; }
	mine=$(btf_bytes "$tmp/min") ref=$(btf_bytes "$tmp/ref")
	if [ "$mine" -le "$ref" ]; then ok "min_size_$name ($mine <= $ref bytes)"
	else fail "min_size_$name" "$mine bytes, bpftool's $ref"; fi
}

cores=0
C=$B/tests/core
for o in "$C"/*.bpf.o; do
	n=$(basename "$o" .bpf.o)
	if "$MINIBPF" inspect "$o" --explain --btf "$C/$n.target.o" >/dev/null 2>&1; then
		check "core_$n" "$C/$n.target.o" "$o"
	elif "$MINIBPF" btf min --btf "$C/$n.target.o" "$o" -o "$tmp/min" 2>/dev/null; then
		fail "min_refuses_$n" "full BTF fails, min did not"
	else
		ok "min_refuses_$n"
	fi
done

if [ -r $VMLINUX ]; then
	set -- "$B"/bpf/*.bpf.o "$B"/tests/vm/progs/*.bpf.o "$B"/tests/macros/progs/*.o
	for o in "$@"; do
		check "vmlinux_$(basename "$o" .o)" $VMLINUX "$o"
	done
	check vmlinux_all_together $VMLINUX "$@"
	if [ "$(od -An -tx1 -j4 -N1 "$tmp/min" | tr -d ' ')" = 02 ] &&
	   "$MINIBPF" btf dump "$tmp/min" >/dev/null; then
		ok min_elf_with_build_id
	else
		fail min_elf_with_build_id "not a 64-bit ELF with .BTF"
	fi
else
	skip min_vmlinux "no $VMLINUX"
fi
[ $cores -gt 100 ] && ok "min_core_results_compared ($cores)" ||
	fail min_core_results_compared "only $cores"
t_exit
