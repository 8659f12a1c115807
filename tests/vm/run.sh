#!/bin/sh
# run.sh: the VM suite.  Boots each kernel (5.10, 6.1, 6.12 by default, or
# MINIBPF_VM_KERNELS) under qemu with one initramfs holding the static test
# programs, and prints their harness lines as ok KERNEL/NAME, for
# tests/run.sh to count.  One boot per kernel runs every command of
# guest.list.  B is the plain (unsanitized) build.  Without qemu or a
# kernel the VMs are skipped (which CI counts as a failure).
#
#   B=build tests/vm/run.sh
. "$(dirname "$0")/../lib.sh"
here=$ROOT/tests/vm
kernels=${MINIBPF_VM_KERNELS:-5.10 6.1 6.12}
initramfs=$B/tests/vm/initramfs.cpio.gz

skip_all() {
	for v in $kernels; do skip "$v/vm" "$1"; done
	exit 0
}

command -v qemu-system-x86_64 >/dev/null ||
	skip_all "qemu-system-x86_64 is not installed (scripts/deps.sh)"
. "$here/files.sh"
for t in kprobe_test obj_test bpf_ids; do
	[ -x "$B/tests/vm/$t" ] || { fail vm/build "no $B/tests/vm/$t (make vm-deps)"; t_exit; }
done

# Everything the guest commands need (files.sh).
set -- $(vm_files)
mkdir -p "$B/tests/vm"
if ! err=$("$here/mkinitramfs.sh" "$initramfs" "$here/guest.list" "$@" 2>&1); then
	fail vm/initramfs "$err"
	t_exit
fi

fetched=$("$here/fetch-kernels.sh" $kernels 2>"$B/tests/vm/fetch.log")
for v in $kernels; do
	if ! printf '%s\n' "$fetched" | grep -q "/kernels/$v\$"; then
		skip "$v/vm" "kernel not available: $(tail -n 2 "$B/tests/vm/fetch.log" | tr '\n' ' ')"
		continue
	fi
	"$here/boot.sh" "$v" "$initramfs" || t_failed=1
done
t_exit
