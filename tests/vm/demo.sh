#!/bin/sh
# demo.sh: `make demo`.  Boots the 6.1 kernel (or MINIBPF_DEMO_KERNEL:
# any kernel of targets.sh whose programs are built, s390x-6.1 say) in a
# VM and runs guest-demo.sh there: the seed example under minibpf run,
# with a short explanation of what it shows.  The console is shown as it
# is, kernel messages of the boot included.
. "$(dirname "$0")/../lib.sh"
here=$ROOT/tests/vm
. "$here/files.sh"

DEMO_CMD='sh guest-demo.sh'

list=$B/tests/vm/demo.list
initramfs=$B/tests/vm/demo.cpio.gz
ver=${MINIBPF_DEMO_KERNEL:-6.1}
mkdir -p "$B/tests/vm"
echo "$DEMO_CMD" >"$list"
"$here/fetch-kernels.sh" "$ver" >/dev/null || exit 1
BUSYBOX=$(vm_busybox "$ver") "$here/mkinitramfs.sh" "$initramfs" "$list" \
	$(vm_files "$ver") || exit 1
echo "demo: booting Linux $ver under qemu (TCG, 2 CPUs) to run the seed example (about 10 s)"
exec "$here/boot.sh" -r "$ver" "$initramfs"
