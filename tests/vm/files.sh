# files.sh: what the guest's /work holds, for run.sh and demo.sh (sourced;
# B is the plain build).  vm_files [KERNEL] prints one FILE=DEST a line for
# mkinitramfs.sh: the programs and objects of the kernel's architecture
# (vm_build_dir), and for a kernel without BTF of its own (targets.sh's
# T_DBG) the BTF pahole made from its -dbg vmlinux and that vmlinux's
# build id (fetch-kernels.sh), as /work/vmlinux.btf and /work/build-id.
. "$ROOT/tests/vm/targets.sh"

# The build holding kernel $1's guest programs: B for amd64, else the
# cross build `make vm-targets` made for its architecture (build/ARCH).
vm_build_dir() {
	target_set "${1:-6.1}" || return 1
	if [ "$T_ARCH" = amd64 ]; then echo "$B"; else echo "$B/$T_MAKE"; fi
}

vm_files_amd64() {
	for f in test_usdt_vm usdt_target.static usdt_target.static-pie \
		 usdt_probe.ours.bpf.o usdt_probe.libbpf.bpf.o; do
		echo "$B/tests/usdt/$f=/work/tests/usdt/$f"
	done
	echo "$B/tests/btf/kinds.bpf.o=/work/btf/kinds.bpf.o"
	echo "$B/tests/btf/host.btf=/work/btf/host.btf"
	echo "$B/tests/btf/vm/test_sanitize=/work/btf/test_sanitize"
	echo "$B/tests/btf/vm/test_module=/work/btf/test_module"
	echo "$B/tests/btf/module.bpf.o=/work/btf/module.bpf.o"
	echo "$B/tests/btf/module_kfunc.bpf.o=/work/btf/module_kfunc.bpf.o"
	# modules, for the kernels with module BTF (fetch-kernels.sh)
	for ko in "${MINIBPF_CACHE:-$HOME/.cache/minibpf}/kernels/$1"/modules/*.ko; do
		[ ! -s "$ko" ] || echo "$ko=/work/btf/${ko##*/}"
	done
	echo "$ROOT/tests/btf/guest-btf.sh=/work/guest-btf.sh"
}

vm_files() {
	d=$(vm_build_dir "${1:-6.1}") || return 1
	target_set "${1:-6.1}"		# T_DBG, here and not in a subshell
	for f in kprobe_test obj_test bpf_ids trigger; do
		echo "$d/tests/vm/$f=/work/$f"
	done
	echo "$d/minibpf-static=/bin/minibpf"
	echo "$d/bpf/seed.bpf.o=/work/bpf/seed.bpf.o"
	echo "$d/tests/loader/fentry.bpf.o=/work/loader/fentry.bpf.o"
	for o in "$d"/tests/vm/progs/*.bpf.o; do
		echo "$o=/work/progs/${o##*/}"
	done
	# tests/usdt and tests/btf: built for x86-64 only (not by the
	# targets' cross build)
	[ "$T_ARCH" != amd64 ] || vm_files_amd64 "${1:-6.1}"
	echo "$ROOT/tests/vm/guest-tool.sh=/work/guest-tool.sh"
	echo "$ROOT/tests/vm/guest-demo.sh=/work/guest-demo.sh"
	echo "$ROOT/tests/vm/dump.expected=/work/dump.expected"
	if [ "$T_DBG" = 1 ]; then
		k=${MINIBPF_CACHE:-$HOME/.cache/minibpf}/kernels/$1
		btf=$(vm_target_btf "$d" "$k") || return 1
		echo "$btf=/work/vmlinux.btf"
		echo "$k/build-id=/work/build-id"
		[ "$T_ARCH" = s390x ] ||
			echo "$d/tests/vm/other.min.btf=/work/other.btf"
	fi
}

# The BTF a kernel without its own is given: the minimal BTF of the
# guest's CO-RE objects, made here by minibpf btf min from pahole's BTF
# of the -dbg vmlinux, with that vmlinux's build id; and other.btf, the
# same made from this build host's kernel (another kernel build), which
# the guest must refuse.  s390x gets pahole's whole BTF: this host's
# minibpf does not open big-endian objects, so it cannot make theirs.
vm_target_btf() {
	if [ "$T_ARCH" = s390x ]; then
		echo "$2/btf"
		return
	fi
	"$B/minibpf" btf min --btf "$2/btf" --build-id "$(cat "$2/build-id")" \
		"$1"/bpf/seed.bpf.o "$1"/tests/vm/progs/*.bpf.o \
		-o "$1/tests/vm/vmlinux.min.btf" >&2 &&
	"$B/minibpf" btf min --btf /sys/kernel/btf/vmlinux \
		"$1"/bpf/seed.bpf.o -o "$1/tests/vm/other.min.btf" >&2 &&
	echo "$1/tests/vm/vmlinux.min.btf"
}

# The static busybox of kernel $1's architecture: the machine's own for
# amd64, the one fetch-kernels.sh unpacked for the others.
vm_busybox() {
	target_set "$1" || return 1
	if [ "$T_ARCH" = amd64 ]; then echo "${BUSYBOX:-/bin/busybox}"
	else echo "${MINIBPF_CACHE:-$HOME/.cache/minibpf}/kernels/$1/busybox"; fi
}
