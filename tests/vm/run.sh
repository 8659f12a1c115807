#!/bin/sh
# run.sh: the VM suite.  Boots each kernel (the amd64 5.10, 6.1 and 6.12,
# then one kernel per embedded target of targets.sh, or MINIBPF_VM_KERNELS)
# under qemu with an initramfs holding the static test programs of its
# architecture, and prints their harness lines as ok KERNEL/NAME, for
# tests/run.sh to count.  One boot per kernel runs every command of
# guest.list.  B is the plain (unsanitized) build; a target's programs
# are in B/ARCH (make vm-targets).  A kernel whose qemu or cross
# compiler is not installed is skipped (which CI counts as a failure:
# scripts/deps.sh installs them all).
#
#   B=build tests/vm/run.sh
. "$(dirname "$0")/../lib.sh"
here=$ROOT/tests/vm
. "$here/files.sh"
# VM_AMD64_ONLY: the amd64 kernels alone (tests/vm/rules.mk, SANITIZE).
[ -z "${VM_AMD64_ONLY:-}" ] || VM_TARGETS=
kernels=${MINIBPF_VM_KERNELS:-5.10 6.1 6.12 $VM_TARGETS}
mkdir -p "$B/tests/vm"

# boot_one KERNEL: its files, its initramfs, the kernel itself, the boot.
boot_one() {
	v=$1
	target_set "$v" || { fail "$v/vm" "unknown kernel"; return; }
	command -v "$T_QEMU" >/dev/null ||
		{ skip "$v/vm" "$T_QEMU is not installed (scripts/deps.sh)"; return; }
	[ -z "$T_CROSS" ] || command -v "${T_CROSS}gcc" >/dev/null ||
		{ skip "$v/vm" "${T_CROSS}gcc is not installed (scripts/deps.sh)"; return; }
	d=$(vm_build_dir "$v")
	for t in kprobe_test obj_test bpf_ids; do
		[ -x "$d/tests/vm/$t" ] ||
			{ fail "$v/vm" "no $d/tests/vm/$t (make vm-deps vm-targets)"; return; }
	done
	if ! "$here/fetch-kernels.sh" "$v" >/dev/null 2>"$B/tests/vm/fetch-$v.log"; then
		skip "$v/vm" "kernel not available: $(tail -n 2 "$B/tests/vm/fetch-$v.log" | tr '\n' ' ')"
		return
	fi
	initramfs=$B/tests/vm/initramfs-$v.cpio.gz
	# Everything the guest commands need (files.sh).
	if ! err=$(BUSYBOX=$(vm_busybox "$v") "$here/mkinitramfs.sh" \
			"$initramfs" "$here/guest.list" $(vm_files "$v") 2>&1); then
		fail "$v/initramfs" "$err"
		return
	fi
	"$here/boot.sh" "$v" "$initramfs" || t_failed=1
	rm -f "$initramfs"
}

for v in $kernels; do
	boot_one "$v"
done
t_exit
