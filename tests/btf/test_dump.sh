#!/bin/sh
# test_dump.sh: `minibpf btf dump`.
#  - raw text: the same bytes as `bpftool btf dump file` (the reference,
#    installed by scripts/deps.sh) for this kernel's BTF and every BPF
#    object of the build;
#  - C: the project's vmlinux.h programs, built against minibpf's header
#    and against bpftool's (rules.mk), get the same instructions and the
#    same CO-RE relocations (`inspect --explain` prints both).
. "$(dirname "$0")/../lib.sh"
T=$B/tests/btf
VMLINUX=/sys/kernel/btf/vmlinux
tmp=${TMPDIR:-/tmp}/minibpf-btf.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

if ! command -v bpftool >/dev/null; then
	skip raw_dump_matches_bpftool "bpftool (the reference) not installed"
elif [ ! -r $VMLINUX ]; then
	skip raw_dump_matches_bpftool "no $VMLINUX"
else
	bpftool btf dump file $VMLINUX >"$tmp/ref" 2>&1
	"$MINIBPF" btf dump $VMLINUX >"$tmp/mine" 2>&1
	if cmp -s "$tmp/ref" "$tmp/mine"; then ok raw_dump_vmlinux
	else fail raw_dump_vmlinux "differs: $(diff "$tmp/ref" "$tmp/mine" | head -3)"; fi
	n=0 bad=""
	for o in $(find "$B" -name '*.o' ! -path '*/loader/*' ! -path '*/static/*'); do
		bpftool btf dump file "$o" >"$tmp/ref" 2>/dev/null || continue
		"$MINIBPF" btf dump "$o" >"$tmp/mine" 2>&1
		cmp -s "$tmp/ref" "$tmp/mine" || bad="$bad $o"
		n=$((n + 1))
	done
	if [ -z "$bad" ] && [ $n -gt 20 ]; then ok "raw_dump_objects ($n objects)"
	else fail raw_dump_objects "$n objects compared; differ:$bad"; fi
fi

# The text form of an object's code and relocations, without its name.
describe() {
	llvm-objdump -d --no-show-raw-insn "$1" | tail -n +4
	"$MINIBPF" inspect "$1" --explain --btf "$2" 2>&1
}

if [ ! -r $VMLINUX ]; then
	skip c_dump_core_records "no $VMLINUX"
	t_exit
fi
n=0
for mine in "$T"/*.mine.o; do
	name=$(basename "$mine" .mine.o)
	describe "$T/$name.ref.o" $VMLINUX >"$tmp/ref"
	describe "$mine" $VMLINUX >"$tmp/mine"
	n=$((n + $(grep -c '^core .* -> ' "$tmp/ref")))
	if cmp -s "$tmp/ref" "$tmp/mine"; then ok "c_dump_same_code_and_core_$name"
	else fail "c_dump_same_code_and_core_$name" "$(diff "$tmp/ref" "$tmp/mine" | head -4)"; fi
done
# The comparison means something only if there were relocations.
[ $n -gt 20 ] && ok "c_dump_core_records_compared ($n)" ||
	fail c_dump_core_records_compared "only $n CO-RE results"
t_exit
