#!/bin/sh
# guest-demo.sh: what `make demo` shows, run in /work of the 6.1 VM.
# The seed example (bpf/seed.bpf.c) under minibpf run, with lookups made
# on each CPU in turn so that both CPUs' counters show up.
echo
echo "=== minibpf demo: the seed example on Linux $(uname -r), $(nproc) CPUs ==="
cat <<'TXT'
bpf/seed.bpf.c puts a kprobe on bpf_map_copy_value(), the kernel function
behind every BPF map lookup from user space.  Each time it runs, it
  - reads map->map_type with BPF_CORE_READ (CO-RE: the field's offset is
    taken from this kernel's BTF at load time),
  - counts the call in `calls` (a hash: map type -> number of lookups;
    1 = hash, 2 = array, 6 = percpu_array),
  - reads this CPU's cpu-clock counter with bpf_perf_event_read_value and
    keeps it in `readings` (a per-CPU array: one value per CPU; counter,
    enabled and running are nanoseconds).
minibpf fills `counters` with one cpu-clock perf event per CPU
(--perf-event) and prints both maps every second (--interval): those
prints are map lookups too, so the probe fires on its own.  Meanwhile
`trigger CPU N` makes N lookups of an array map pinned to one CPU.

$ minibpf run bpf/seed.bpf.o --perf-event counters=cpu-clock \
      --interval 1 --duration 4 --dump readings --dump calls
TXT
# A kernel without BTF of its own: the one pahole made from its -dbg.
BTF=
[ -e /sys/kernel/btf/vmlinux ] || BTF="--btf vmlinux.btf"
minibpf run bpf/seed.bpf.o $BTF --perf-event counters=cpu-clock \
	--interval 1 --duration 4 --dump readings --dump calls &
run=$!
sleep 1
./trigger 0 10
sleep 1
./trigger 1 20
wait $run
rc=$?
cat <<'TXT'

Each CPU's reading is its cpu-clock at the last lookup made on it; a CPU
where no lookup ran has none (counter=0).  In `calls`, BPF_MAP_TYPE_ARRAY
holds the trigger's 30 lookups; the others are minibpf's own prints.
=== end of demo ===
TXT
exit $rc
