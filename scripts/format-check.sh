#!/bin/sh
# format-check.sh FILE...: `make format-check`.  Names each file that
# clang-format (CLANG_FORMAT; the repository's .clang-format) would
# change, with how many lines, and fails if there is one.  `make format`
# applies the changes.
CLANG_FORMAT=${CLANG_FORMAT:-clang-format-14}
command -v "$CLANG_FORMAT" >/dev/null ||
	{ echo "format: no $CLANG_FORMAT (scripts/deps.sh installs it)"; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bad=0
for f in "$@"; do
	"$CLANG_FORMAT" --style=file "$f" >"$out" || exit 2
	cmp -s "$f" "$out" && continue
	echo "format: $f: $(diff "$f" "$out" | grep -c '^>') lines would change"
	bad=$((bad + 1))
done
[ "$bad" -eq 0 ] && exit 0
echo "format: $bad of $# files would change (make format)"
exit 1
