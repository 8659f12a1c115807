# lib.sh: the shell side of the test harness (see harness.h).
# Source it, then report each check with ok/fail/skip; tests/run.sh
# counts the lines.  ROOT is the repository, B the build directory.
ROOT=$(cd "$(dirname "$0")/../.." 2>/dev/null && pwd)
[ -f "$ROOT/Makefile" ] || ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
MINIBPF=${MINIBPF:-$B/minibpf}
t_failed=0

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; t_failed=1; }
skip() { echo "skip $1: $2"; }

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got '$2', expected '$3'"; fi
}

# expect_match NAME TEXT PATTERN (grep -E)
expect_match() {
	if printf '%s\n' "$2" | grep -qE -- "$3"; then ok "$1"
	else fail "$1" "'$(printf '%s' "$2" | head -c 300)' does not match /$3/"; fi
}

need_root() {
	[ "$(id -u)" = 0 ] || { skip "$1" "needs root"; return 1; }
}

t_exit() { exit $t_failed; }
