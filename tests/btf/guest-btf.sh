#!/bin/sh
# guest-btf.sh: in the test VMs (busybox sh, /work; tests/vm/run.sh):
# kinds.bpf.o, built by clang 19 with every BTF kind a 5.10 kernel
# lacks, loads with its BTF rewritten for the kernel (-v says what was
# rewritten), never without it; RLIMIT_MEMLOCK is raised only before
# 5.11; --btf DIR picks this kernel's minimal BTF.
t_failed=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; t_failed=1; }

minibpf load btf/kinds.bpf.o -v >/tmp/kinds.out 2>&1
rc=$?
sed 's/^/# /' /tmp/kinds.out
if [ $rc -eq 0 ] && grep -q '^prog kinds id' /tmp/kinds.out; then
	ok btf_kinds_object_loads
else
	fail btf_kinds_object_loads "exit $rc"
fi
if grep -q 'refused the object.s BTF' /tmp/kinds.out; then
	fail btf_kinds_loaded_with_btf "the kernel refused the rewritten BTF"
else
	ok btf_kinds_loaded_with_btf
fi

# --btf DIR: a minimal BTF made here from this kernel's BTF and one made
# on the build host (another kernel, another build id).  The directory
# gives the one with this kernel's id; the host's alone is refused.
mkdir -p /tmp/btfdir
cp btf/host.btf /tmp/btfdir/host.btf
if minibpf btf min --btf /sys/kernel/btf/vmlinux bpf/seed.bpf.o -o /tmp/btfdir/here.btf; then
	minibpf load bpf/seed.bpf.o --btf /tmp/btfdir -v >/tmp/dir.out 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -q 'here.btf has the running kernel' /tmp/dir.out; then
		ok btf_dir_picks_this_kernels_file
	else
		fail btf_dir_picks_this_kernels_file "exit $rc: $(head -c 300 /tmp/dir.out)"
	fi
else
	fail btf_dir_picks_this_kernels_file "btf min failed"
fi
out=$(minibpf load bpf/seed.bpf.o --btf btf/host.btf 2>&1)
case $out in
*"made for the kernel with build id"*) ok btf_other_kernels_file_refused ;;
*) fail btf_other_kernels_file_refused "$out" ;;
esac

# RLIMIT_MEMLOCK: raised (and said with -v) only where the kernel still
# charges maps to it, before 5.11.
case $(uname -r) in
5.[0-9].*|5.10.*|4.*) want=yes ;;
*) want=no ;;
esac
if grep -q 'RLIMIT_MEMLOCK raised' /tmp/kinds.out; then got=yes; else got=no; fi
if [ $got = $want ]; then ok "btf_memlock_raised_$want"
else fail "btf_memlock_raised_$want" "raised: $got"; fi
exit $t_failed
