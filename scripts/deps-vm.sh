#!/bin/sh
# deps-vm.sh: what the VM suite needs for the five foreign targets
# (tests/vm/targets.sh): their qemu system emulators, OpenSBI for
# riscv64, pahole (dwarves) to turn a -dbg vmlinux's DWARF into BTF for
# the kernels that ship none, and the C libraries (with each
# architecture's kernel UAPI headers) of the gcc cross compilers that
# scripts/cross-deps.sh installs: the guest's static test programs and
# BPF objects are built with them, and --no-install-recommends leaves
# them out.  Called by scripts/deps.sh;
# idempotent, like it.  The kernels, busybox and BTF of each target are
# not packages of this machine: tests/vm/fetch-kernels.sh fetches and
# caches them.
set -e
pkgs="qemu-system-arm qemu-system-misc opensbi dwarves
      libc6-dev-arm64-cross libc6-dev-armhf-cross libc6-dev-i386-cross
      libc6-dev-riscv64-cross libc6-dev-s390x-cross"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps-vm: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	-o DPkg::Lock::Timeout=600 $missing >/dev/null
