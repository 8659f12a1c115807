#!/bin/sh
# boot.sh: boot one kernel with an initramfs under qemu (TCG) and turn
# what the guest printed into harness lines for tests/run.sh.
#
#   tests/vm/boot.sh [-t SECONDS] [-r] VERSION INITRAMFS
#
# VERSION is a kernel fetched by fetch-kernels.sh (5.10, 6.1, 6.12, or a
# target of targets.sh such as s390x-6.1, booted by its own qemu).  The
# guest's /init (init.sh) runs its test commands and ends with an end
# marker.  Each guest line "ok NAME", "FAIL NAME: why" or "skip NAME: why"
# comes out as "ok VERSION/NAME" and so on; other lines are shown with
# "# " before them.  A VM that does not reach the end marker within the
# timeout (targets.sh: 120 s for amd64, 300 s for the emulated
# architectures; TCG is slow on a loaded machine) is one failure
# with the last console lines.  -r prints the console as it is (make demo).
#
# qemu runs with TCG only: KVM is not available everywhere we test.
set -u
timeout=${MINIBPF_VM_TIMEOUT:-} raw=0
while [ $# -gt 0 ]; do
	case $1 in
	-t) timeout=$2; shift 2 ;;
	-r) raw=1; shift ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || { echo "usage: $0 [-t SECONDS] [-r] VERSION INITRAMFS" >&2; exit 2; }
ver=$1 initramfs=$2
kernel=${MINIBPF_CACHE:-$HOME/.cache/minibpf}/kernels/$ver/vmlinuz
[ -s "$kernel" ] || { echo "skip $ver/boot: kernel not fetched ($kernel)"; exit 0; }
. "$(dirname "$0")/targets.sh"
target_set "$ver" || exit 2
timeout=${timeout:-$T_TIMEOUT}

# -smp 2: per-CPU results need more than one CPU.  No network, no
# graphics, no option ROMs: the serial console is all we use.
qemu() {
	timeout -k 5 "$timeout" $T_QEMU $T_QARGS -accel tcg -m 512M -smp 2 \
		-display none -monitor none -nic none -no-reboot \
		-kernel "$kernel" -initrd "$initramfs" \
		-append "console=$T_CONSOLE panic=-1 quiet loglevel=4" "$@" </dev/null
}

if [ "$raw" = 1 ]; then
	qemu -serial stdio
	exit $?
fi

log=$(mktemp "${TMPDIR:-/tmp}/minibpf-vm-$ver.XXXXXX")
trap 'rm -f "$log"' EXIT
start=$(date +%s)
qemu -serial "file:$log" >"$log.qemu" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
tr -d '\r' <"$log" >"$log.txt" && mv "$log.txt" "$log"
if ! grep -q '^MINIBPF-VM-BEGIN' "$log"; then
	echo "FAIL $ver/boot: the guest did not start (qemu exit $rc after ${secs}s): $(tail -c 300 "$log.qemu" "$log" | tr '\n' ' ')"
	rm -f "$log.qemu"
	exit 1
fi
rm -f "$log.qemu"
sed -n '/^MINIBPF-VM-BEGIN/,/^MINIBPF-VM-END/p' "$log" | sed -e "s#^\(ok\|FAIL\|skip\) #\1 $ver/#" \
	-e '/^\(ok\|FAIL\|skip\) /!s/^/# /'
if ! grep -q '^MINIBPF-VM-END' "$log"; then
	echo "FAIL $ver/boot: no end marker after ${secs}s (timeout ${timeout}s or a crash); last lines:"
	tail -n 15 "$log" | sed 's/^/#   /'
	exit 1
fi
echo "# $ver: ${secs}s"
! grep -q '^FAIL ' "$log"
