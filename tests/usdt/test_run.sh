#!/bin/sh
# test_run.sh: `minibpf run --usdt` on this machine's kernel (needs root).
#
# usdt_probe.bpf.o's SEC("usdt") program on_probe names no probe; --usdt
# gives it mbtest:sizes of usdt_target.gcc-O2, which fires once while
# minibpf runs.  run prints the ring buffer record in hex: the cookie (0),
# the count (12), twelve errors (0) and the arguments, of which the first
# two are -5 and 250 (usdt_values.h).
. "$(dirname "$0")/../lib.sh"
D=$B/tests/usdt
out=${TMPDIR:-/tmp}/minibpf-usdt.$$
trap 'rm -f "$out" "$out.err"' EXIT

if ! need_root run_usdt; then t_exit; fi
if [ ! -d /sys/kernel/tracing/events ]; then
	mount -t tracefs nodev /sys/kernel/tracing ||
		{ skip run_usdt "cannot mount tracefs"; t_exit; }
fi
cd "$D" || exit 1

"$MINIBPF" run usdt_probe.ours.bpf.o --prog on_probe --duration 2 \
	--usdt ./usdt_target.gcc-O2:mbtest:sizes >"$out" 2>"$out.err" &
run=$!
for i in $(seq 40); do
	grep -q attached "$out.err" && break
	sleep 0.05
done
echo | LD_LIBRARY_PATH=. ./usdt_target.gcc-O2 1 0 >/dev/null
wait $run
rc=$?
expect_eq run_usdt_exits_0 "$rc" 0
zeros8="00 00 00 00 00 00 00 00"
expect_match run_usdt_prints_the_record "$(cat "$out")" \
	"^records: $zeros8 0c 00 00 00 00 00 00 00 ($zeros8 ){12}fb ff ff ff ff ff ff ff fa 00 00 00 00 00 00 00 "

"$MINIBPF" run usdt_probe.ours.bpf.o --prog on_probe --duration 0.1 \
	>"$out" 2>"$out.err"
expect_eq run_usdt_without_target_exits_1 "$?" 1
expect_match run_usdt_without_target_says_so "$(cat "$out.err")" \
	'program on_probe: SEC\("usdt"\) names no probe: give --usdt PATH:PROVIDER:NAME'

"$MINIBPF" run usdt_probe.ours.bpf.o --prog on_probe --duration 0.1 \
	--usdt ./usdt_target.gcc-O2:mbtest:nope >"$out" 2>"$out.err"
expect_match run_usdt_missing_probe_is_named "$(cat "$out.err")" \
	'usdt: usdt/./usdt_target.gcc-O2:mbtest:nope: program on_probe: no probe mbtest:nope in the file'

# a usdt section is a known program type (kprobe), not "unknown"
expect_match inspect_names_usdt_programs_kprobe \
	"$("$MINIBPF" inspect usdt_probe.ours.bpf.o 2>&1)" \
	'^prog on_probe section usdt type kprobe '
t_exit
