#!/bin/sh
# test_run.sh: `minibpf run` on this machine's kernel (needs root).
#
# run_demo.bpf.o counts the bpf() calls of processes named minibpf, so
# minibpf's own map lookups (--interval, --dump) are what it records:
# per-CPU counter readings, a count per command (enum names), a log2
# histogram, ring buffer records and bpf_printk lines.
# Every run must end with exit status 0 (or 1 with a message on an
# error) and leave none of its programs or maps in the kernel.
. "$(dirname "$0")/../lib.sh"
OBJ=$B/tests/attach/run_demo.bpf.o
IDS=$B/tests/attach/bpf_ids
out=${TMPDIR:-/tmp}/minibpf-run.$$
trap 'rm -f "$out" "$out.err"' EXIT

if ! need_root run; then t_exit; fi
if [ ! -d /sys/kernel/tracing/events ]; then
	mount -t tracefs nodev /sys/kernel/tracing ||
		{ skip run "cannot mount tracefs"; t_exit; }
fi

# Our programs and maps (names from run_demo.bpf.c) still in the kernel.
ours_left() {
	"$IDS" | grep -E '^(prog [0-9]+ mbt_run_bpf|map [0-9]+ (rt_[a-z_]+|run_demo\.[a-z]+))$'
}

# The kernel frees maps a little after the last fd closes: what is left
# after up to 2 seconds.
left_after_wait() {
	for i in $(seq 40); do
		[ -z "$(ours_left)" ] && return
		sleep 0.05
	done
	ours_left
}

# --- a timed run with every kind of output --------------------------
"$MINIBPF" run "$OBJ" --duration 1.6 --interval 0.5 \
	--perf-event rt_counters=cpu-clock --dump rt_readings \
	--dump rt_cmds --dump rt_size_hist >"$out" 2>"$out.err"
expect_eq run_duration_exits_0 "$?" 0
text=$(cat "$out")
expect_eq run_interval_prints_dumps_three_times \
	"$(grep -c '^--- [0-9.]*s ---$' "$out")" 3
expect_match run_ends_with_a_detached_dump "$text" '^--- detached after 1\.[6-9]s ---$'
expect_match run_dumps_percpu_values_per_cpu "$text" \
	'^    cpu0: \{counter=[0-9]+, enabled=[0-9]+, running=[0-9]+\}$'
expect_match run_perf_event_counter_is_nonzero "$text" \
	'^    cpu[0-9]+: \{counter=[1-9][0-9]*, '
expect_match run_dumps_enum_keys_by_name "$text" '^  BPF_MAP_LOOKUP_ELEM: [1-9][0-9]*$'
expect_match run_dumps_hist_map_as_histogram "$text" \
	'^  \[[0-9]+, [0-9]+\) +[1-9][0-9]* \|\*+ *\|$'
expect_match run_prints_ringbuf_records_by_btf "$text" \
	'^rt_events: \{pid=[0-9]+, cmd=BPF_MAP_LOOKUP_ELEM, comm="minibpf"\}$'
expect_match run_prints_bpf_printk_lines "$text" \
	'bpf_trace_printk: minibpf looked up a map$'
expect_eq run_duration_leaves_nothing "$(left_after_wait)" ""

# --- Ctrl-C and SIGTERM in the middle of a run -----------------------
for sig in INT TERM; do
	"$MINIBPF" run "$OBJ" --dump rt_cmds >"$out" 2>"$out.err" &
	pid=$!
	sleep 1
	attached=$(ours_left | grep -c .)	# 1 program, 7 maps
	kill -$sig $pid
	wait $pid
	rc=$?
	expect_eq "run_is_attached_before_SIG$sig" "$attached" 8
	expect_eq "run_SIG${sig}_exits_0" "$rc" 0
	expect_match "run_SIG${sig}_says_why_it_ended" "$(cat "$out")" \
		"^--- detached after [0-9.]+s \\(SIG$sig\\) ---$"
	expect_eq "run_SIG${sig}_leaves_nothing" "$(left_after_wait)" ""
done

# --- errors name what is wrong, exit 1, leave nothing -----------------
"$MINIBPF" run "$OBJ" --perf-event rt_nosuch=cpu-clock >"$out" 2>"$out.err"
expect_eq run_bad_perf_event_map_exits_1 "$?" 1
expect_match run_bad_perf_event_map_says_which "$(cat "$out.err")" \
	"--perf-event rt_nosuch=cpu-clock: .*run_demo.bpf.o has no perf_event_array map 'rt_nosuch'"
"$MINIBPF" run "$OBJ" --perf-event rt_counters=bogus >"$out" 2>"$out.err"
expect_match run_unknown_perf_event_says_which "$(cat "$out.err")" \
	"--perf-event rt_counters=bogus: unknown event 'bogus'"
"$MINIBPF" run "$OBJ" --dump rt_nosuch >"$out" 2>"$out.err"
expect_eq run_bad_dump_exits_1 "$?" 1
expect_match run_bad_dump_says_which "$(cat "$out.err")" \
	"--dump rt_nosuch: no map of that name in .*run_demo.bpf.o"
expect_eq run_errors_leave_nothing "$(left_after_wait)" ""

# --- tracefs missing: the attach error says so ------------------------
if command -v unshare >/dev/null 2>&1; then
	unshare -m sh -c "umount /sys/kernel/tracing 2>/dev/null; \
		umount /sys/kernel/debug/tracing 2>/dev/null; \
		'$MINIBPF' run '$OBJ' --duration 1" >"$out" 2>"$out.err"
	expect_eq run_without_tracefs_exits_1 "$?" 1
	expect_match run_without_tracefs_says_so "$(cat "$out.err")" \
		"attach: tracepoint/syscalls/sys_enter_bpf: program mbt_run_bpf: tracefs is not mounted"
else
	skip run_without_tracefs_says_so "no unshare"
fi

# --- --help tells what run does ----------------------------------------
help=$("$MINIBPF" run --help)
expect_eq run_help_exits_0 "$?" 0
for word in --duration --interval --perf-event --dump --set --btf \
	--explain --legacy-kprobe cpu-clock branch-misses hist 'struct event' \
	trace_pipe 'Exit status'; do
	case $help in
	*"$word"*) ;;
	*) fail run_help_mentions_everything "no '$word' in run --help"; t_exit ;;
	esac
done
ok run_help_mentions_everything
t_exit
