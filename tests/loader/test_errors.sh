#!/bin/sh
# test_errors.sh: broken objects give a non-zero exit and one message
# that names the fault.  Each case makes a broken copy of a good object
# with tests/tools/mangle (or compiles a deliberately wrong one) and
# runs `minibpf inspect` on it (no kernel needed).
. "$(dirname "$0")/../lib.sh"
O=$B/tests/loader
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
M=$B/tests/tools/mangle
GOOD=$O/subprogs.bpf.o

# expect_error NAME FILE PATTERN: inspect FILE fails, stderr matches.
expect_error() {
	err=$($MINIBPF inspect "$2" 2>&1 >/dev/null); rc=$?
	if [ $rc -eq 0 ]; then fail "$1" "exit 0 (expected failure)"; return; fi
	case $rc in 1) ;; *) fail "$1" "exit $rc (expected 1)"; return ;; esac
	expect_match "$1" "$err" "$3"
}

echo "not an object" > "$T/text.o"
expect_error not_elf "$T/text.o" "text.o: not an ELF file"

expect_error missing_file "$T/nonexistent.o" "nonexistent.o: cannot read: No such file"

$M "$GOOD" "$T/x86.o" machine 62
expect_error wrong_machine "$T/x86.o" "x86.o: not a BPF object \(machine 62"

$M "$GOOD" "$T/trunc.o" shdr socket size 0x100000
expect_error truncated_section "$T/trunc.o" "trunc.o.*(section socket|cannot open)"

$M "$GOOD" "$T/cut.o" cut 1000
expect_error truncated_file "$T/cut.o" "cut.o"

$M "$GOOD" "$T/badsym.o" add .relsocket 12 0x10000
expect_error reloc_symbol_out_of_range "$T/badsym.o" "relsocket: relocation 0 names symbol"

$M "$GOOD" "$T/badoff.o" add .relsocket 0 0x100000
expect_error reloc_beyond_section "$T/badoff.o" "section socket: relocation at byte [0-9]+ is beyond"

expect_error missing_symbol "$O/missing_symbol.bpf.o" "extern defined_nowhere is in neither .kconfig nor .ksyms"


$M "$GOOD" "$T/badbtf.o" poke .BTF 0 0000
expect_error bad_btf_magic "$T/badbtf.o" "btf: .*badbtf.o .BTF"

$M "$GOOD" "$T/badstr.o" add .BTF 20 0x1000000
expect_error bad_btf_string_table "$T/badstr.o" "btf: .*badstr.o .BTF"

t_exit
