#!/bin/sh
# test_inputs.sh: the table of hand-made broken inputs (issue 6).
#
# Each row makes a broken copy of one of our good objects with
# tests/tools/mangle (one or more operations, separated by ';') and runs
# `minibpf inspect` on it.  Every case must exit 1 and print exactly one
# line on stderr, which names the broken file and matches the expected
# fault.  Bases:
#   S  tests/loader/subprogs.bpf.o (calls between sub-programs, .BTF.ext)
#   N  tests/core/nesting.bpf.o, inspected with --explain against
#      nesting.target.o, so that its CO-RE records are resolved
#   L  tests/hostile/ldimm64.bpf.o (no -g: starts with an ld_imm64)
#   -  the file named in the operations column is broken as built
. "$(dirname "$0")/../lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
M=$B/tests/tools/mangle
S=$B/tests/loader/subprogs.bpf.o
N=$B/tests/core/nesting.bpf.o
L=$B/tests/hostile/ldimm64.bpf.o
P=$B/tests/progs
# The strings in .BTF hold the source's path (line_info), so their size
# depends on where the tree is: no case may count on it.
SIZE_S=$(wc -c < "$S")

# check NAME FILE PATTERN [INSPECT OPTIONS]
check() {
	name=$1 file=$2 pattern=$3
	shift 3
	err=$($MINIBPF inspect "$file" "$@" 2>&1 >/dev/null); rc=$?
	lines=$(printf '%s\n' "$err" | wc -l)
	base=$(basename "$file" .o)
	if [ $rc -ne 1 ]; then fail "$name" "exit $rc (expected 1): $err"
	elif [ "$lines" -ne 1 ]; then fail "$name" "$lines lines on stderr: $err"
	else
		case $err in
		*"$base"*) expect_match "$name" "$err" "$pattern" ;;
		*) fail "$name" "message does not name $base: $err" ;;
		esac
	fi
}

# row NAME BASE OPS PATTERN
row() {
	name=$1 base=$2 ops=$3 pattern=$4
	case $base in S) in=$S ;; N) in=$N ;; L) in=$L ;; -) in= ;; esac
	if [ -z "$in" ]; then check "$name" "$ops" "$pattern"; return; fi
	out=$T/$name.o
	cp "$in" "$out"
	IFS=';'
	for op in $ops; do
		unset IFS
		# shellcheck disable=SC2086 # op is a list of words
		$M "$out" "$out.tmp" $op || { fail "$name" "mangle $op failed"; return; }
		mv "$out.tmp" "$out"
		IFS=';'
	done
	unset IFS
	if [ "$base" = N ]; then
		check "$name" "$out" "$pattern" --explain --btf "$B/tests/core/nesting.target.o"
	else
		check "$name" "$out" "$pattern"
	fi
}

# --- ELF: header, section table, sections, symbols, relocations --------
echo "not an object" > "$T/text.o"
check elf_not_elf "$T/text.o" "text.o: not an ELF file"
row elf_cut_in_ident           S "cut 10"                    "not an ELF file"
row elf_32_bit_class           S "ehdr class 1"              "not a 64-bit ELF file"
row elf_not_relocatable        S "ehdr type 2"               "not a relocatable object \(type 2\)"
row elf_wrong_machine          S "machine 62"                "not a BPF object \(machine 62"
row elf_shentsize              S "ehdr shentsize 10"         "section header size 10, expected 64"
row elf_shoff_past_end         S "ehdr shoff 0x100000"       "section header table .* at offset 1048576\) extends beyond the end of the file"
row elf_shnum_past_end         S "ehdr shnum 200"            "section header table \(200 headers .* extends beyond the end"
row elf_cut_in_section_table   S "cut $((SIZE_S - 16))"      "section header table \(27 headers .* extends beyond the end"
row elf_shstrndx_missing       S "ehdr shstrndx 99"          "section name table index 99 is not a string table section"
row elf_shstrndx_not_strtab    S "ehdr shstrndx 3"           "section name table index 3 is not a string table section"
row elf_section_name_offset    S "shdr socket name 0x100000" "section 3: name offset 1048576 out of range"
row elf_section_past_end       S "shdr .BTF offset 0x100000" "section .BTF: cannot read its data"
row elf_section_size_past_end  S "shdr .BTF.ext size 0x10000" "section .BTF.ext: cannot read its data"
row elf_symtab_entsize         S "shdr .symtab entsize 10"   "malformed symbol table"
row elf_symtab_link            S "shdr .symtab link 99"      "malformed symbol table"
row elf_two_symtabs            S "shdr .llvm_addrsig type 2" "more than one symbol table"
row elf_no_symtab              S "shdr .symtab type 1"       "no symbol table"
row elf_symbol_name_offset     S "sym first name 0x100000"   "symbol 16: name offset 1048576 out of range"
row elf_symbol_section_missing S "sym first shndx 99"        "symbol first: section index 99 does not exist"
row elf_function_past_end      S "sym third value 0x80"      "section socket: function third at \[128, \+48\) is outside the section"
row elf_function_too_long      S "sym third size 0x100"      "section socket: function third at \[96, \+256\) is outside the section"
row elf_function_misaligned    S "sym second value 0x21"     "section socket: function second at \[33, \+64\) is outside the section or not whole instructions"
row elf_code_not_whole_insns   S "shdr socket size 0x8c"     "section socket: size 140 is not a whole number of instructions"
row elf_rel_target_missing     S "shdr .relsocket info 99"   ".relsocket relocates section 99, which does not exist"
row elf_two_rel_sections       S "shdr .rel.debug_info info 3" ".rel.debug_info relocates section socket, which another relocation section already does"
row elf_rel_entsize            S "shdr .relsocket entsize 8" ".relsocket: entry size 8, expected 16"
row elf_rel_symbol_missing     S "add .relsocket 12 0x10000" "relsocket: relocation 0 names symbol"
row elf_rel_beyond_program     S "add .relsocket 0 0x1000"   "section socket: relocation at byte 4112 is beyond its 18 instructions"
row elf_rel_misaligned         S "add .relsocket 0 3"        "section socket: relocation at byte 19 is not at an instruction boundary"
row elf_ldimm64_split_at_end   L "shdr socket size 8;sym bump size 8" "ld_imm64 is cut off by the end of the section"
row elf_btf_nobits             S "shdr .BTF type 8"          "section .BTF has no bytes in the file \(SHT_NOBITS\)"
row elf_license_nobits         S "shdr license type 8"       "section license has no bytes in the file"
row elf_license_empty          S "shdr license size 0"       "section license is empty"
row elf_license_no_nul         S "poke license 3 41"         "license is not a NUL-terminated string"

# --- .BTF: header, strings, types ---------------------------------------
row btf_bad_magic              S "poke .BTF 0 0000"          "\.BTF: .*magic"
row btf_header_length          S "poke .BTF 4 ff000000"      "\.BTF: header length 255"
row btf_type_off_beyond        S "add .BTF 8 0x100000"       "\.BTF: type section at 1048576, 972 bytes, beyond"
row btf_str_len_beyond         S "add .BTF 20 1"             "\.BTF: string section at 972, [0-9]+ bytes, beyond"
row btf_strings_without_nul    S "poke .BTF -1 41"           "\.BTF: string table does not end with"
row btf_name_offset            S "btf 1 0 0x100000"          "\.BTF: type \[1\] INT: name offset 1048576 beyond the string table"
row btf_unknown_kind           S "btf 1 1 0x1f000000"        "\.BTF: type \[1\] has unknown kind 31"
row btf_vlen_overflow          S "btf 5 1 0x0400ffff"        "\.BTF: type \[5\] STRUCT: its 65535 entries need 786420 bytes"
row btf_refers_to_itself       S "btf 4 2 4"                 "\.BTF: type \[4\] PTR refers back to itself"
row btf_missing_type           S "btf 4 2 999"               "\.BTF: type \[4\] PTR references missing type 999"
row btf_member_beyond_size     S "btf 5 5 0x10000"           "\.BTF: type \[5\] STRUCT member 0 len at bit 65536 .* beyond size 192"
row btf_member_missing_type    S "btf 5 4 999"               "\.BTF: type \[5\] STRUCT member 0 references missing type 999"
row btf_int_wider_than_size    S "btf 1 3 0x010000ff"        "\.BTF: type \[1\] INT: 255 bits at bit 0 beyond size 4"
row btf_func_without_proto     S "btf 3 2 1"                 "\.BTF: type \[3\] FUNC global_twice: type \[1\] is not a FUNC_PROTO"
row btf_array_missing_element  S "btf 8 3 999"               "\.BTF: type \[8\] ARRAY element references missing type 999"

# --- .BTF.ext: header, subsections, records ------------------------------
row ext_bad_magic              S "poke .BTF.ext 0 0000"      "\.BTF.ext: bad .BTF.ext magic 0x0000"
row ext_func_info_beyond       S "add .BTF.ext 8 0x10000"    "\.BTF.ext: func_info at 65536, 68 bytes, beyond"
row ext_line_info_len_beyond   S "add .BTF.ext 20 0x10000"   "\.BTF.ext: line_info at 68, 65876 bytes, beyond"
row ext_func_rec_too_small     S "ext func 0 4"              "\.BTF.ext: func_info: record size 4 is below 8"
row ext_line_rec_too_small     S "ext line 0 8"              "\.BTF.ext: line_info: record size 8 is below 16"
row ext_no_records             S "ext func 2 0"              "\.BTF.ext: func_info of .text: no records \(num_info 0\)"
row ext_sec_name_offset        S "ext func 1 0x100000"       "\.BTF.ext: func_info block 0: section name offset 1048576 is not a string of .BTF"
row ext_func_insn_beyond       S "ext func 3 0x10000"        "\.BTF.ext func_info of section .text: record 0: insn offset 65536 is outside its 13 instructions"
row ext_line_insn_misaligned   S "ext line 3 0x11"           "\.BTF.ext: line_info 0 of .text: insn_off 17 is not a multiple of 8"
row core_rec_too_small         N "ext core 0 8"              "\.BTF.ext: core_relo: record size 8 is below 16"
row core_kind_99               N "ext core 6 99"             "\.BTF.ext: core_relo 0 of tc: unknown kind 99"
row core_type_missing          N "ext core 4 9999"           "\.BTF.ext: core_relo 0 of tc: type \[9999\] does not exist"
row core_access_string_offset  N "ext core 5 0x100000"       "\.BTF.ext: core_relo 0 of tc: access string offset 1048576 is not a string"
row core_insn_beyond_program   N "ext core 3 0x10000"        "core: .*section tc insn 8192: insn offset 65536 is outside the 18 instructions"
row core_access_deeper_than_type N "ext core 4 2"            "core: .*insn 11: .*access 1: index 0 into \[2\], not a struct, union or array"

# --- maps: broken as built (tests/progs) ----------------------------------
row map_absurd_max_entries     - "$P/maps_err_absurd.bpf.o"  "map huge: absurd max_entries 2147483649"
row map_key_size_conflict      - "$P/maps_err_keysize.bpf.o" "map confused: key_size 8 conflicts with key type of 4 bytes"
row map_unknown_member         - "$P/maps_err_unknown.bpf.o" "map painted: unknown member 'colour'"
row map_missing_type           - "$P/maps_err_notype.bpf.o"  "map typeless: missing member type"

t_exit
