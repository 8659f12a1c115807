#!/bin/sh
# test_signals.sh: `minibpf run` stopped by SIGINT, SIGTERM or SIGKILL at
# several stages (at once, while it loads, while attached) leaves no
# program or map of ours in the kernel: the tool detaches and closes on
# INT/TERM, and after KILL the kernel drops what only its fds held.  A
# tracepoint leaves no tracefs probe to remove.  After INT or TERM while
# attached, the run also exits 0 and says "detached ... (SIGINT)".
. "$(dirname "$0")/../lib.sh"
O=$B/tests/hostile/tp_count.bpf.o
OURS=$B/tests/hostile/ours
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
need_root signals_leave_nothing_behind || t_exit

# nothing_left NAME: poll up to 2 s for the kernel to free what we had.
nothing_left() {
	i=0
	while left=$($OURS) && [ -n "$left" ] && [ $i -lt 40 ]; do
		sleep 0.05; i=$((i + 1))
	done
	expect_eq "$1" "$left" ""
}

nothing_left nothing_of_ours_before_the_test
for sig in INT TERM KILL; do
	for when in 0 0.01 0.05 0.2 attached; do
		name=sig${sig}_at_$when
		$MINIBPF run "$O" --duration 30 --dump hst_calls >"$T/out" 2>&1 &
		pid=$!
		if [ $when = attached ]; then
			i=0
			until grep -q attached "$T/out" || [ $i -ge 200 ]; do
				sleep 0.05; i=$((i + 1))
			done
			grep -q attached "$T/out" || fail "${name}_attaches" "$(cat "$T/out")"
			# while attached, the program runs: ours are there
			left=$($OURS)
			expect_match "${name}_while_attached" "$left" "hst_count .*hst_calls .*tp_count.bss"
		else
			sleep $when
		fi
		kill -$sig $pid
		{ wait $pid; } 2>/dev/null
		rc=$?
		if [ $when = attached ] && [ $sig != KILL ]; then
			expect_eq "${name}_exit_status" "$rc" 0
			expect_match "${name}_detaches" "$(cat "$T/out")" "detached after .* \\(SIG$sig\\)"
		fi
		nothing_left "$name"
	done
done
t_exit
