#!/bin/sh
# bench.sh: minibpf against libbpf, side by side; run by `make bench`
# once everything is built.  Prints the table and writes it to
# $B/bench.txt.  Every ratio is minibpf / libbpf, each side the median of
# repeated runs (interleaved, so that a slow spell hits both).
#
#   load wall / RSS   whole processes: `minibpf load OBJ` against
#                     ref_libbpf OBJ (bench/ref_libbpf.c), both dynamically
#                     linked, for the seed example, bench/large.bpf.c and
#                     the test corpus (one process per object, summed)
#   BTF parse + find  in-process, vmlinux: mb_btf_load_file + mb_btf_find
#                     against btf__load_vmlinux_btf + btf__find_by_name_kind
#   static size       stripped, static: minibpf against the reference
#                     loader, and over a libelf-only program
#   bpf() syscalls    strace -f -c, for the same objects
#   phases            where minibpf's time goes (bench/phases.c)
set -e
B=${B:-build}
BENCH=$B/bench
OUT=$B/bench.txt
MB="$B/minibpf load"
REF=$BENCH/ref_libbpf
ROUNDS_SEED=${ROUNDS_SEED:-31}
ROUNDS_LARGE=${ROUNDS_LARGE:-11}
ROUNDS_CORPUS=${ROUNDS_CORPUS:-5}
ROUNDS_BTF=${ROUNDS_BTF:-31}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The corpus: every example and test object (build/bpf, build/tests) both
# loaders load against this kernel.  maps_pinned is left out: it pins
# maps in bpffs, which outlives the run.
corpus="" only_mb="" only_ref="" neither=""
for o in $(find "$B/bpf" "$B/tests" -name '*.bpf.o' | sort); do
	case $o in *pinned*) continue ;; esac
	m=0; r=0
	$MB "$o" >/dev/null 2>&1 || m=1
	$REF "$o" >/dev/null 2>&1 || r=1
	case $m$r in
	00) corpus="$corpus $o" ;;
	01) only_mb="$only_mb ${o#$B/}" ;;
	10) only_ref="$only_ref ${o#$B/}" ;;
	11) neither="$neither ${o#$B/}" ;;
	esac
done
n_corpus=$(echo $corpus | wc -w)

# ratio A B: A / B to two places.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# verdict RATIO MAX: PASS if RATIO <= MAX.
verdict() { awk -v r="$1" -v m="$2" 'BEGIN { print (r <= m ? "PASS" : "MISS") }'; }
row() { printf '%-30s %9s %9s %6s %8s %s\n' "$@"; }
# A list of objects, wrapped and indented.
list() { echo "$1:"; shift; echo "$@" | fold -s -w 72 | sed 's/^/    /; s/ *$//'; }

# bpf() calls of one loader over objects (one process each).
bpf_calls() {
	cmd=$1; shift
	total=0
	for o in "$@"; do
		n=$(strace -f -c -e trace=bpf $cmd "$o" 2>&1 >/dev/null |
		    awk '$NF == "bpf" { print $4 }')
		total=$((total + ${n:-0}))
	done
	echo $total
}

kib() { echo $(( ($(stat -c %s "$1") + 1023) / 1024 )); }

{
echo "minibpf vs libbpf $(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null | sed 's/^1://')"
echo "ratio = minibpf / libbpf, each side the median of repeated runs"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), kernel $(uname -r)"
echo
row "measure" "minibpf" "libbpf" "ratio" "target" "result"

for case in seed large corpus; do
	case $case in
	seed)   objs=$B/bpf/seed.bpf.o rounds=$ROUNDS_SEED t=0.25 ;;
	large)  objs=$BENCH/large.bpf.o rounds=$ROUNDS_LARGE t=0.5 ;;
	corpus) objs=$corpus rounds=$ROUNDS_CORPUS t=0.5 ;;
	esac
	set -- $($BENCH/measure $rounds "$MB" "$REF" $objs)
	r=$(ratio $1 $3)
	row "load $case: wall ms" $1 $3 $r "<= $t" $(verdict $r $t)
	r=$(ratio $2 $4)
	row "load $case: peak RSS KiB" $2 $4 $r "<= 1" $(verdict $r 1)
done

set -- $($BENCH/btf_find_mb $ROUNDS_BTF task_struct) \
       $($BENCH/btf_find_libbpf $ROUNDS_BTF task_struct)
row "vmlinux BTF parse + find ms" $1 $3 $(ratio $1 $3) "-" "-"

for case in seed large corpus; do
	case $case in
	seed)   objs=$B/bpf/seed.bpf.o ;;
	large)  objs=$BENCH/large.bpf.o ;;
	corpus) objs=$corpus ;;
	esac
	a=$(bpf_calls "$MB" $objs)
	b=$(bpf_calls "$REF" $objs)
	row "bpf() syscalls, $case" $a $b $(ratio $a $b) "-" "-"
done

mb=$(kib $B/minibpf-static.stripped)
ref=$(kib $BENCH/ref_libbpf-static.stripped)
elf=$(kib $BENCH/elf_only-static.stripped)
r=$(ratio $mb $ref)
row "static stripped KiB" $mb $ref $r "<= 0.75" $(verdict $r 0.75)
over=$((mb - elf))
row "  over libelf-only ($elf KiB)" $over $((ref - elf)) $(ratio $over $((ref - elf))) \
    "<= 100" $(awk -v o=$over 'BEGIN { print (o <= 100 ? "PASS" : "MISS") }')

echo
echo "where minibpf's time goes (in-process, ms, median; bench/phases.c):"
printf '%-8s %8s %8s %8s %8s %8s %8s\n' object read btf open relocate load close
for case in seed large; do
	case $case in
	seed)   o=$B/bpf/seed.bpf.o ;;
	large)  o=$BENCH/large.bpf.o ;;
	esac
	$BENCH/phases 21 $o | awk -v c=$case '{ v[NR] = $2 }
		END { printf "%-8s %8s %8s %8s %8s %8s %8s\n", c, v[1], v[2], v[3], v[4], v[5], v[6] }'
done
set -- $($BENCH/measure 11 /bin/true /bin/true x)
echo "(read: read() of vmlinux BTF, for comparison; btf: mb_btf_load_file;"
echo " a process that does nothing (/bin/true) takes $1 ms here)"
echo
echo "large: bench/large.bpf.c, 36 programs (kprobe, tracepoint, raw_tp, socket),"
echo "  17 maps, .data/.rodata/.bss, static and global sub-programs, CO-RE reads"
list "corpus: the $n_corpus test objects both load" $(echo "$corpus" | sed "s|$B/||g")
[ -z "$only_mb" ] || list "left out, minibpf loads, libbpf 1.1 refuses" $only_mb
[ -z "$only_ref" ] || list "left out, libbpf loads, minibpf refuses" $only_ref
[ -z "$neither" ] || list "left out, neither loads (need --btf, or meant to fail)" $neither
echo "left out: tests/progs/maps_pinned.bpf.o (pins maps in bpffs)"
} | tee "$tmp/bench.txt"
mv "$tmp/bench.txt" "$OUT"
echo "bench: written to $OUT"
