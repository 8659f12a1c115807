#!/bin/sh
# run.sh: run every test program given as an argument, count the
# ok/FAIL/skip lines they print and end with one summary line.
# Exits non-zero if anything failed, if a program exited non-zero without
# saying why, or (in CI, where nothing may be skipped) if anything skipped.
pass=0 failed=0 skipped=0
log=${TMPDIR:-/tmp}/minibpf-test.$$
for t in "$@"; do
	echo "== $t"
	sh -c "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	s=$(grep -c '^skip ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $t: exited $rc"
		f=1
	fi
	pass=$((pass + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
rm -f "$log"
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || exit 1
if [ -n "$CI" ] && [ "$skipped" -ne 0 ]; then
	echo "CI: $skipped tests skipped; nothing may be skipped in CI"
	exit 1
fi
exit 0
