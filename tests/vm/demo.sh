#!/bin/sh
# demo.sh: `make demo`.  Boots the 6.1 kernel in a VM and runs DEMO_CMD
# there, showing the whole console.
. "$(dirname "$0")/../lib.sh"
here=$ROOT/tests/vm

# The demo, run in /work of the VM (see guest.list for what is there).
DEMO_CMD='./kprobe_test'

list=$B/tests/vm/demo.list
initramfs=$B/tests/vm/demo.cpio.gz
ver=${MINIBPF_DEMO_KERNEL:-6.1}
set -- "$B/tests/vm/kprobe_test"
[ -x "$B/minibpf-static" ] && set -- "$@" "$B/minibpf-static=/bin/minibpf"
for o in "$B"/bpf/*.bpf.o; do
	[ -e "$o" ] && set -- "$@" "$o=/work/bpf/${o##*/}"
done
mkdir -p "$B/tests/vm"
echo "$DEMO_CMD" >"$list"
"$here/fetch-kernels.sh" "$ver" >/dev/null || exit 1
"$here/mkinitramfs.sh" "$initramfs" "$list" "$@" || exit 1
echo "demo: booting Linux $ver (qemu, TCG) and running: $DEMO_CMD"
exec "$here/boot.sh" -r "$ver" "$initramfs"
