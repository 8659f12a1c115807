#!/bin/sh
# build-targets.sh: `make vm-targets`.  The guest programs and BPF objects
# of each embedded target (targets.sh) are the files `make vm-deps` makes
# for x86-64, built by `make vm-target ARCH=...` (tests/vm/rules.mk, with
# the cross compiler and sysroot of mk/targets.mk) into build/ARCH, where
# run.sh looks for them.  A target whose cross compiler is not installed
# is left out here; run.sh then reports it skipped, which fails in CI.
#
#   MAKE=make sh tests/vm/build-targets.sh
here=$(cd "$(dirname "$0")" && pwd)
. "$here/targets.sh"
rc=0
for k in $VM_TARGETS; do
	target_set "$k"
	if ! command -v "${T_CROSS}gcc" >/dev/null; then
		echo "vm-targets: $k left out: no ${T_CROSS}gcc (scripts/deps.sh)"
		continue
	fi
	${MAKE:-make} --no-print-directory -C "$here/../.." SANITIZE= \
		ARCH="$T_MAKE" vm-target || rc=1
done
exit $rc
