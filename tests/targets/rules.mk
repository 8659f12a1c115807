# tests/targets: the static minibpf of every embedded target (issue 13),
# built by tests/targets/test.sh itself with `make static ARCH=... LIBC=...`
# (mk/targets.mk) for each target whose toolchain and sysroot
# scripts/cross-deps.sh has installed, then read with readelf: statically
# linked, the target's machine, class and byte order, the libc asked for,
# and BPF objects of the target's byte order.  A target whose tools are
# missing is a skip, which fails in CI.
TESTS += "WERROR=$(WERROR) sh tests/targets/test.sh"
