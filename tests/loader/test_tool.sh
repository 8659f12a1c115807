#!/bin/sh
# test_tool.sh: `minibpf load` and `minibpf inspect` as a user sees them:
# output lines, --prog selection, --help, exit status.
. "$(dirname "$0")/../lib.sh"
O=$B/tests/loader

out=$($MINIBPF inspect "$O/subprogs.bpf.o")
expect_eq inspect_lists_programs "$(echo "$out" | grep -c '^prog ')" 3
expect_match inspect_shows_subprogram "$out" '^subprog square section \.text'
expect_match inspect_shows_call_relocation "$out" '^reloc socket insn [0-9]+ call'
expect_match inspect_shows_license "$out" '^license "GPL"'

out=$($MINIBPF inspect "$O/fentry.bpf.o")
expect_match inspect_names_fentry_type "$out" '^prog on_fentry section fentry/do_nanosleep type tracing'

# An unknown section is refused only when its program is loaded.
out=$($MINIBPF inspect "$O/unknown_section.bpf.o"); rc=$?
expect_eq inspect_unknown_section_exits_zero $rc 0
expect_match inspect_lists_unknown_section "$out" '^prog lost section foo/bar type unknown'
expect_match inspect_lists_good_beside_unknown "$out" '^prog good section socket'

$MINIBPF --help | grep -q '^  load OBJ' && ok main_help_lists_load || fail main_help_lists_load "no load"
$MINIBPF load --help | grep -q -- '--map NAME:max_entries=N' && ok load_help_lists_map || fail load_help_lists_map "no --map"
$MINIBPF run --help | grep -q -- '--map NAME:max_entries=N' && ok run_help_lists_map || fail run_help_lists_map "no --map"
$MINIBPF load --help | grep -q -- '--prog NAME' && ok load_help_lists_prog || fail load_help_lists_prog "no --prog"
$MINIBPF load 2>/dev/null; expect_eq load_without_object_is_usage_error $? 2
$MINIBPF frobnicate 2>/dev/null; expect_eq unknown_command_is_usage_error $? 2

if need_root load_prints_ids; then
	out=$($MINIBPF load "$O/subprogs.bpf.o"); rc=$?
	expect_eq load_exits_zero $rc 0
	expect_match load_prints_program_ids "$out" '^prog first id [1-9][0-9]* type socket_filter section socket'
	out=$($MINIBPF load "$O/subprogs.bpf.o" --prog second)
	expect_eq load_prog_selects_one "$(echo "$out" | grep -c '^prog ')" 1
	expect_match load_prog_selects_named "$out" '^prog second '
	err=$($MINIBPF load "$O/subprogs.bpf.o" --prog nosuch 2>&1); rc=$?
	expect_eq load_unknown_prog_fails $rc 1
	expect_match load_unknown_prog_message "$err" 'no program of that name'
	err=$($MINIBPF load "$O/rejected.bpf.o" 2>&1); rc=$?
	expect_eq load_rejected_exits_one $rc 1
	expect_match load_rejected_names_program "$err" 'program unchecked_lookup'
	err=$($MINIBPF load "$O/sized_map.bpf.o" 2>&1); rc=$?
	expect_eq load_max_entries_zero_fails $rc 1
	expect_match load_max_entries_zero_names_map "$err" \
		'map counts: .*max_entries is 0: set it .*--map NAME:max_entries=N'
	out=$($MINIBPF load "$O/sized_map.bpf.o" \
		--map counts:max_entries=64 --map stacks:value_size=128,max_entries=32); rc=$?
	expect_eq load_map_option_sizes_map $rc 0
	expect_match load_map_option_shows_size "$out" '^map counts .*max_entries 64'
	err=$($MINIBPF load "$O/sized_map.bpf.o" --map nosuch:max_entries=1 2>&1); rc=$?
	expect_eq load_map_unknown_fails $rc 1
	expect_match load_map_unknown_names_it "$err" '--map nosuch:max_entries=1: no map nosuch'
	err=$($MINIBPF load "$O/sized_map.bpf.o" --map counts:size=1 2>&1); rc=$?
	expect_eq load_map_unknown_key_fails $rc 1
	expect_match load_map_unknown_key_names_it "$err" "unknown key 'size'"
	out=$($MINIBPF load "$O/unknown_section.bpf.o" --prog good); rc=$?
	expect_eq load_prog_beside_unknown_section $rc 0
	expect_match load_prog_beside_unknown_loads_it "$out" '^prog good id [1-9]'
	err=$($MINIBPF load "$O/unknown_section.bpf.o" 2>&1); rc=$?
	expect_eq load_unknown_section_fails $rc 1
	expect_match load_unknown_section_names_program "$err" \
		"section 'foo/bar' of program lost: unknown program type"
fi
t_exit
