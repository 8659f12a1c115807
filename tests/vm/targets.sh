# targets.sh: the kernels the VM suite boots, one table for every script
# that needs to know one of them (sourced by fetch-kernels.sh, boot.sh,
# run.sh).
#
# A kernel is named by its version (5.10, 6.1, 6.12: Debian's amd64 cloud
# kernels, the first suite) or by ARCH-VERSION for the embedded targets,
# one kernel each: the newest Debian kernel of the suite for that
# architecture.  target_set NAME sets:
#   T_ARCH     Debian architecture (packages, busybox-static)
#   T_SUITE    Debian suite holding the kernel
#   T_META     the metapackage whose dependency is the versioned image
#   T_QEMU     qemu-system-* binary, and T_QARGS its machine arguments
#   T_CONSOLE  the serial console's device name
#   T_CROSS    gcc cross prefix of the guest's static programs ("" native)
#   T_MAKE     the make ARCH= of that target ("" native)
#   T_DBG      1: the kernel has no /sys/kernel/btf/vmlinux; its BTF comes
#              from the -dbg package's vmlinux through pahole
#   T_TIMEOUT  seconds boot.sh gives the whole boot and suite
# The machine arguments use TCG only (never KVM): 2 CPUs, as per-CPU
# tests need, and nothing but a serial console.
VM_TARGETS="arm64-6.12 armhf-6.1 i386-6.1 riscv64-6.12 s390x-6.1"

target_set() {
	T_CROSS= T_MAKE= T_DBG=0 T_CONSOLE=ttyS0 T_TIMEOUT=300
	T_QARGS="-M pc"
	case $1 in
	5.10) T_ARCH=amd64 T_SUITE=bullseye ;;
	6.1) T_ARCH=amd64 T_SUITE=bookworm ;;
	6.12) T_ARCH=amd64 T_SUITE=trixie ;;
	arm64-6.12)
		T_ARCH=arm64 T_SUITE=trixie T_META=linux-image-cloud-arm64
		T_QEMU=qemu-system-aarch64 T_QARGS="-M virt -cpu max"
		T_CONSOLE=ttyAMA0 T_CROSS=aarch64-linux-gnu- T_MAKE=arm64 ;;
	armhf-6.1)
		T_ARCH=armhf T_SUITE=bookworm T_META=linux-image-armmp
		T_QEMU=qemu-system-arm T_QARGS="-M virt"
		T_CONSOLE=ttyAMA0 T_CROSS=arm-linux-gnueabihf- T_MAKE=arm
		T_DBG=1 ;;
	i386-6.1)
		T_ARCH=i386 T_SUITE=bookworm T_META=linux-image-686-pae
		T_QEMU=qemu-system-i386 T_QARGS="-M pc -cpu max"
		T_CROSS=i686-linux-gnu- T_MAKE=i386 T_DBG=1 ;;
	riscv64-6.12)
		T_ARCH=riscv64 T_SUITE=trixie T_META=linux-image-riscv64
		T_QEMU=qemu-system-riscv64 T_QARGS="-M virt -bios default"
		T_CROSS=riscv64-linux-gnu- T_MAKE=riscv64 ;;
	s390x-6.1)
		T_ARCH=s390x T_SUITE=bookworm T_META=linux-image-s390x
		T_QEMU=qemu-system-s390x T_QARGS="-M s390-ccw-virtio -cpu max"
		T_CONSOLE=ttysclp0 T_CROSS=s390x-linux-gnu- T_MAKE=s390x
		T_DBG=1 ;;
	*) echo "targets: unknown kernel $1 (5.10 6.1 6.12 $VM_TARGETS)" >&2
		return 1 ;;
	esac
	case $T_ARCH in amd64)
		T_META=linux-image-cloud-amd64 T_QEMU=qemu-system-x86_64
		T_TIMEOUT=120 ;;
	esac
}
