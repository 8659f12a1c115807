# files.sh: what the guest's /work holds, for run.sh and demo.sh (sourced;
# B is the plain build).  Prints one FILE=DEST a line for mkinitramfs.sh.
vm_files() {
	for f in kprobe_test obj_test bpf_ids trigger; do
		echo "$B/tests/vm/$f=/work/$f"
	done
	echo "$B/minibpf-static=/bin/minibpf"
	echo "$B/bpf/seed.bpf.o=/work/bpf/seed.bpf.o"
	echo "$B/tests/loader/fentry.bpf.o=/work/loader/fentry.bpf.o"
	for o in "$B"/tests/vm/progs/*.bpf.o; do
		echo "$o=/work/progs/${o##*/}"
	done
	for f in test_usdt_vm usdt_target.static usdt_target.static-pie \
		 usdt_probe.ours.bpf.o usdt_probe.libbpf.bpf.o; do # tests/usdt
		echo "$B/tests/usdt/$f=/work/tests/usdt/$f"
	done
	echo "$ROOT/tests/vm/guest-tool.sh=/work/guest-tool.sh"
	echo "$ROOT/tests/vm/guest-demo.sh=/work/guest-demo.sh"
	echo "$B/tests/btf/kinds.bpf.o=/work/btf/kinds.bpf.o"
	echo "$B/tests/btf/host.btf=/work/btf/host.btf"
	echo "$B/tests/btf/vm/test_sanitize=/work/btf/test_sanitize"
	echo "$ROOT/tests/btf/guest-btf.sh=/work/guest-btf.sh"
}
