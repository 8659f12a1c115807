#!/bin/sh
# guest-tool.sh: `minibpf run` inside the test VMs, where the natural test
# is a process and its output: the seed example as the demo runs it, the
# tracefs kprobe path surviving a SIGKILL, BTF-attached programs.
# Busybox sh, in /work of the VM (see run.sh for what is there).  Prints
# harness lines; every run is followed by a check that nothing of it is
# left: no program, map or link id (bpf_ids), no minibpf kprobe event.
# On a kernel without /sys/kernel/btf/vmlinux, every run gets --btf with
# /work/vmlinux.btf: the minimal BTF of the guest's objects that minibpf
# btf min made from pahole's BTF of the kernel's -dbg vmlinux (files.sh),
# after a check that the -dbg vmlinux is this kernel's.
t_failed=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; t_failed=1; }
EVENTS=/sys/kernel/tracing/kprobe_events
BTF=
[ -e /sys/kernel/btf/vmlinux ] || BTF="--btf vmlinux.btf"

# nothing_left NAME: the ids are those of /tmp/ids.before again (the
# kernel frees a closed program a little later: up to 2 s) and no
# minibpf event is in kprobe_events.
nothing_left() {
	i=0
	while [ $i -lt 40 ]; do
		./bpf_ids >/tmp/ids.after
		cmp -s /tmp/ids.before /tmp/ids.after && break
		usleep 50000
		i=$((i + 1))
	done
	new=$(grep -vxFf /tmp/ids.before /tmp/ids.after | tr '\n' ' ')
	events=$(grep minibpf "$EVENTS" | tr '\n' ' ')
	if [ -z "$new" ] && [ -z "$events" ]; then ok "$1"
	else fail "$1" "left: ${new}${events}"; fi
}

# The seed example pinned to CPU 1: its own --interval lookups fire the
# probe there, so CPU 1 has a reading and CPU 0 none.
seed() {
	./bpf_ids >/tmp/ids.before
	taskset -c 1 minibpf run bpf/seed.bpf.o $BTF --perf-event counters=cpu-clock \
		--interval 1 --duration 2 --dump readings --dump calls >/tmp/seed.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/seed.out
	last=$(sed -n '/^--- detached/,$p' /tmp/seed.out)
	cpu0=$(echo "$last" | sed -n 's/^ *cpu0: {counter=\([0-9]*\),.*/\1/p')
	cpu1=$(echo "$last" | sed -n 's/^ *cpu1: {counter=\([0-9]*\),.*/\1/p')
	calls=$(echo "$last" | sed -n 's/^ *BPF_MAP_TYPE_PERCPU_ARRAY: \([0-9]*\)$/\1/p')
	if [ $rc -eq 0 ] && [ "$cpu0" = 0 ] && [ "${cpu1:-0}" -gt 0 ] &&
	   [ "${calls:-0}" -ge 1 ]; then
		ok tool_seed_reads_the_counter_of_the_pinned_cpu
	else
		fail tool_seed_reads_the_counter_of_the_pinned_cpu \
			"exit $rc, cpu0 counter '$cpu0' (want 0), cpu1 '$cpu1' (want > 0), percpu_array calls '$calls' (want >= 1)"
	fi
	nothing_left tool_seed_leaves_nothing_behind
}

# --legacy-kprobe: three events (p, r, p at +5) while attached; SIGKILL
# leaves them, and the next minibpf removes them.
legacy_sigkill() {
	name=tool_legacy_kprobe_events_of_a_killed_run_are_removed_by_the_next
	# riscv64 6.12 has no return probes (tests/vm/arch.h): the two others
	progs= want=3
	[ "$(uname -m)" != riscv64 ] || progs="--prog on_open --prog on_open_body" want=2
	./bpf_ids >/tmp/ids.before
	minibpf run progs/open.bpf.o $BTF $progs --legacy-kprobe >/tmp/legacy.out 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 100 ] && ! grep -q attached /tmp/legacy.out; do
		usleep 100000
		i=$((i + 1))
	done
	attached=$(grep -c "minibpf_${pid}_" "$EVENTS")
	kill -9 $pid
	wait $pid 2>/dev/null
	killed=$(grep -c "minibpf_${pid}_" "$EVENTS")
	grep minibpf "$EVENTS" | sed 's/^/# after SIGKILL: /'
	minibpf run progs/open.bpf.o $BTF $progs --legacy-kprobe --duration 1 >/tmp/legacy2.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/legacy2.out
	after=$(grep -c minibpf "$EVENTS")
	if [ "$attached" = $want ] && [ "$killed" = $want ] && [ $rc -eq 0 ] &&
	   [ "$after" = 0 ]; then
		ok $name
	else
		fail $name "events: $attached while attached (want $want), $killed after SIGKILL (want $want), $after after the next run (want 0, exit $rc)"
	fi
	nothing_left tool_legacy_kprobe_leaves_nothing_behind
}

# progs/dump.bpf.o writes fixed values of every kind the tool prints on
# the first getppid() (pinned to CPU 0 here); what minibpf run prints must
# be dump.expected, the text an x86-64 host prints for the same object.
# On s390x this is the big-endian check of BTF, .BTF.ext, .data, --set,
# --dump of each BTF kind (bitfields too), a histogram and the ring and
# perf buffers.
dump_kinds() {
	name=tool_prints_every_kind_as_written_on_this_byte_order
	./bpf_ids >/tmp/ids.before
	minibpf run progs/dump.bpf.o $BTF --duration 3 --set set_u8=200 \
		--set set_u16=0xa1b2 --set set_u32=0xc1d2e3f4 \
		--set set_u64=0x0102030405060708 --set set_s32=-123456 \
		--dump kinds --dump by_colour --dump size_hist --dump .data \
		--dump .bss --dump .rodata >/tmp/dump.out 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 100 ] && ! grep -q attached /tmp/dump.out; do
		usleep 100000
		i=$((i + 1))
	done
	taskset -c 0 sh -c 'echo $PPID' >/dev/null
	wait $pid
	rc=$?
	sed -n '/^ring:/,$p' /tmp/dump.out >/tmp/dump.got
	if [ $rc -eq 0 ] && cmp -s dump.expected /tmp/dump.got; then
		ok $name
	else
		sed 's/^/# /' /tmp/dump.out
		diff dump.expected /tmp/dump.got | sed 's/^/# diff: /'
		fail $name "exit $rc, output differs from dump.expected"
	fi
	nothing_left tool_dump_leaves_nothing_behind
}

# The BTF made from the -dbg vmlinux is this kernel's: the GNU build id
# of that vmlinux (fetch-kernels.sh kept it) is among the kernel's own
# notes.  Compared as hex text, so the byte order of the note headers
# does not matter.
dbg_btf_is_this_kernels() {
	name=tool_btf_from_the_dbg_vmlinux_is_this_kernels
	want=$(cat build-id)
	notes=$(od -An -tx1 -v /sys/kernel/notes | tr -d ' \n')
	case $notes in
	*"$want"*) ok $name ;;
	*) fail $name "build id $want of the -dbg vmlinux is not in /sys/kernel/notes ($notes)" ;;
	esac
}

# A minimal BTF made for another kernel build (files.sh: the build host's)
# is refused, the message naming both build ids; nothing is loaded.
other_kernel_btf_refused() {
	name=tool_refuses_the_minimal_btf_of_another_kernel
	minibpf run bpf/seed.bpf.o --btf other.btf --duration 1 >/tmp/other.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/other.out
	if [ $rc -ne 0 ] && grep -q "made for the kernel with build id" /tmp/other.out &&
	   grep -q "$(cat build-id)" /tmp/other.out; then
		ok $name
	else
		fail $name "exit $rc (want non-zero and both build ids named)"
	fi
}

# Without --btf on a kernel with no BTF, a CO-RE object is refused, with
# a message naming BTF; nothing is loaded.
core_needs_btf() {
	name=tool_refuses_a_core_object_without_a_target_btf
	./bpf_ids >/tmp/ids.before
	minibpf run bpf/seed.bpf.o --duration 1 >/tmp/nobtf.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/nobtf.out
	if [ $rc -ne 0 ] && grep -qi btf /tmp/nobtf.out &&
	   ! grep -q attached /tmp/nobtf.out; then
		ok $name
	else
		fail $name "exit $rc (want non-zero and a message naming BTF)"
	fi
	nothing_left tool_refused_core_object_leaves_nothing_behind
}

# The loader tests' fentry/fexit object, which this machine's build host
# cannot attach.
fentry() {
	./bpf_ids >/tmp/ids.before
	minibpf run loader/fentry.bpf.o --duration 1 >/tmp/fentry.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/fentry.out
	if [ $rc -eq 0 ] && grep -q 'attached' /tmp/fentry.out; then
		ok tool_attaches_fentry_and_fexit
	else
		fail tool_attaches_fentry_and_fexit "exit $rc"
	fi
	nothing_left tool_fentry_leaves_nothing_behind
}

seed
legacy_sigkill
dump_kinds
if [ -e /sys/kernel/btf/vmlinux ]; then
	fentry
elif [ -e vmlinux.btf ]; then
	dbg_btf_is_this_kernels
	core_needs_btf
	[ ! -e other.btf ] || other_kernel_btf_refused
else
	fail tool_target_btf "this kernel has no BTF and /work has no vmlinux.btf"
fi
exit $t_failed
