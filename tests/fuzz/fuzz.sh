#!/bin/sh
# fuzz.sh NAME... -- OBJ...: cut seeds out of the objects, then run each
# harness $FUZZ_B/fuzz_NAME for $FUZZ_SECONDS.  Exits non-zero if one of
# them found a crash (the input is in $FUZZ_B/crashes/NAME/: reproduce it
# with the harness, fix the library, then copy it to
# tests/fuzz/regress/NAME/ so that make test keeps checking it).
set -e
names=
while [ "$1" != -- ]; do names="$names $1"; shift; done
shift
seeds=$FUZZ_B/seeds
rm -rf "$seeds"
for n in $names; do mkdir -p "$seeds/$n" "$FUZZ_B/corpus/$n" "$FUZZ_B/crashes/$n"; done
for o in "$@"; do
	case $o in *.target.o) continue ;; esac
	t=${o%.bpf.o}.target.o
	[ -f "$t" ] || t=$o
	cp "$o" "$seeds/elf/"
	"$B/tests/fuzz/mkseeds" "$o" "$t" "$seeds"
done
# the regression inputs seed the search too
for n in $names; do cp tests/fuzz/regress/$n/* "$seeds/$n/" 2>/dev/null || true; done
status=0
for n in $names; do
	echo "== fuzz_$n: ${FUZZ_SECONDS}s, $(ls "$seeds/$n" | wc -l) seeds"
	if ! "$FUZZ_B/fuzz_$n" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$FUZZ_B/crashes/$n/" \
		"$FUZZ_B/corpus/$n" "$seeds/$n" >"$FUZZ_B/fuzz_$n.log" 2>&1; then
		echo "FAIL fuzz_$n: see $FUZZ_B/fuzz_$n.log and $FUZZ_B/crashes/$n/"
		grep -m1 -A12 'ERROR:\|runtime error' "$FUZZ_B/fuzz_$n.log" || true
		status=1
	else
		grep -E '^stat::number_of_executed_units|^Done' "$FUZZ_B/fuzz_$n.log" | tail -2
		echo "ok fuzz_$n"
	fi
done
exit $status
