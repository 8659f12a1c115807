#!/bin/sh
# Install everything minibpf needs to build, test, fuzz and benchmark on a
# fresh Debian 12 machine.  Idempotent: packages already present are kept.
#
#   build:      gcc, make, clang-14 (BPF programs), llvm (llvm-objcopy,
#               llvm-objdump), libelf-dev, zlib1g-dev
#   style:      clang-format-14 (make format, make format-check)
#   tests:      libbpf-dev and bpftool, used only as a reference (the tests
#               compile our BPF programs against libbpf's headers too, and
#               generate vmlinux.h from this kernel's BTF); clang-15 and
#               clang-19 for what clang 14 cannot emit (TYPE_MATCHES, ENUM64);
#               qemu-system-x86, busybox-static and cpio for the kprobe tests
#               in virtual machines; libcap2-bin for the capability test;
#               python3 for the macro tests, which read compiled objects
#               with a reader of their own, independent of the loader;
#               systemtap-sdt-dev (<sys/sdt.h>) for the USDT test programs
#               and gcc-aarch64-linux-gnu for the arm64 argument forms
#               that GCC emits (clang covers the other architectures)
#   fuzz:       libclang-rt-14-dev (libFuzzer and the sanitizer runtimes)
#   targets:    scripts/deps-vm.sh: qemu for arm64, armhf, i386, riscv64
#               and s390x, opensbi, pahole, the gcc cross compilers
#   bench:      libbpf-dev (above: the reference loader, static libbpf.a
#               included) and strace, which counts each loader's bpf()
#               calls
set -e
pkgs="make gcc clang-14 clang llvm-14 llvm libelf-dev zlib1g-dev
      clang-format-14 libbpf-dev bpftool clang-15 clang-19 llvm-19
      qemu-system-x86 busybox-static cpio xz-utils zstd
      libcap2-bin libclang-rt-14-dev python3 strace
      systemtap-sdt-dev gcc-aarch64-linux-gnu"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && export CROSS_DEPS_UPDATED=1
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -n "${MINIBPF_NO_CROSS:-}" ] || sh "$(dirname "$0")/cross-deps.sh"
[ -n "${MINIBPF_NO_CROSS:-}" ] || sh "$(dirname "$0")/deps-vm.sh"
