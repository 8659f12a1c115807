#!/bin/sh
# test.sh: build and check the static minibpf of each target.
#
#   sh tests/targets/test.sh [TARGET ...]
#   TARGET: x86_64 arm64 arm i386 riscv64 s390x musl-x86_64 musl-arm64
#
# For each, `make static` with the target's ARCH/LIBC (and WERROR if
# set), then readelf on build/TARGET/minibpf-static (build/ for x86_64)
# says what the binary is, independently of how it was built:
#   - ELF class, byte order and e_machine are the target's;
#   - no PT_INTERP and no .dynamic: nothing is loaded at run time;
#   - .note.ABI-tag is glibc's crt1 note, so glibc builds have it and
#     musl builds must not;
#   - the .stripped twin has no .symtab;
#   - each BPF object built for the target is EM_BPF with the target's
#     byte order (s390x big-endian).
# Sizes (bytes and KiB, stripped) are printed for the README's table.
. "$(dirname "$0")/../lib.sh"
CACHE=${MINIBPF_CACHE:-$HOME/.cache/minibpf}

# TARGET -> make arguments, build dir, GNU triplet (the toolchain to look
# for), ELF class, byte order and machine as readelf prints them.
target_facts()
{
	class=ELF64 data=little args="ARCH=${1#musl-}" trip=""
	case $1 in
	x86_64 | musl-x86_64) args="" mach="X86-64" ;;
	arm64 | musl-arm64) trip=aarch64-linux-gnu mach=AArch64 ;;
	arm) trip=arm-linux-gnueabihf class=ELF32 mach=ARM ;;
	i386) trip=i686-linux-gnu class=ELF32 mach="Intel 80386" ;;
	riscv64) trip=riscv64-linux-gnu mach=RISC-V ;;
	s390x) trip=s390x-linux-gnu data=big mach="IBM S/390" ;;
	*) return 1 ;;
	esac
	case $1 in musl-*) args="LIBC=musl $args" ;; esac
	# The make below runs without SANITIZE or B: build/, not $B.
	dir=$ROOT/build
	[ "$1" = x86_64 ] || dir=$ROOT/build/$1
}

# Are the target's compiler and sysroot there?  Prints what is missing.
missing_tools()
{
	if [ -n "$trip" ] && ! command -v "$trip-gcc" >/dev/null; then
		echo "$trip-gcc"
	elif [ "$1" != x86_64 ] && [ ! -f "$CACHE/sysroot/$1/.done" ]; then
		echo "sysroot $CACHE/sysroot/$1"
	fi
}

# readelf_field FILE FIELD: the value after "FIELD:" in readelf -h.
readelf_field()
{
	readelf -h "$1" | sed -n "s/^ *$2: *//p"
}

check_binary()
{
	t=$1 bin=$dir/minibpf-static
	expect_eq "targets/$t: class" "$(readelf_field "$bin" Class)" "$class"
	expect_match "targets/$t: byte order" \
		"$(readelf_field "$bin" Data)" "$data endian"
	expect_match "targets/$t: machine" \
		"$(readelf_field "$bin" Machine)" "(^| )$mach$"
	if readelf -lW "$bin" | grep -q 'INTERP'; then
		fail "targets/$t: static" "has a PT_INTERP"
	elif readelf -SW "$bin" | grep -q ' \.dynamic '; then
		fail "targets/$t: static" "has a .dynamic section"
	else
		ok "targets/$t: static"
	fi
	abi=$(readelf -SW "$bin" | grep -c ' \.note\.ABI-tag ')
	case $t in
	musl-*) expect_eq "targets/$t: musl, no glibc ABI note" "$abi" 0 ;;
	*) expect_eq "targets/$t: glibc ABI note" "$abi" 1 ;;
	esac
	if readelf -SW "$bin.stripped" | grep -q ' \.symtab '; then
		fail "targets/$t: stripped" "$bin.stripped has a .symtab"
	else
		sz=$(wc -c <"$bin.stripped")
		ok "targets/$t: stripped, $sz bytes ($((sz / 1024)) KiB)"
	fi
}

# The target's BPF objects (none for x86_64: tests/macros and the VM
# suite read build/'s).  At least the seed must be there.
check_bpf()
{
	t=$1
	[ "$t" = x86_64 ] && return 0
	[ -f "$dir/bpf/seed.bpf.o" ] ||
		fail "targets/$t: bpf" "no $dir/bpf/seed.bpf.o"
	for o in $(find "$dir" -name '*.bpf.o' | sort); do
		n=${o#"$dir"/}
		expect_match "targets/$t: $n is BPF" \
			"$(readelf_field "$o" Machine)" "BPF"
		expect_match "targets/$t: $n byte order" \
			"$(readelf_field "$o" Data)" "$data endian"
	done
}

[ $# -gt 0 ] ||
	set -- x86_64 arm64 arm i386 riscv64 s390x musl-x86_64 musl-arm64
for t in "$@"; do
	target_facts "$t" || { fail "targets/$t" "unknown target"; continue; }
	miss=$(missing_tools "$t")
	if [ -n "$miss" ]; then
		skip "targets/$t" "no $miss (scripts/cross-deps.sh $t)"
		continue
	fi
	# A make run of its own: the parent make's jobserver is not ours,
	# nor its SANITIZE, which make exports from its command line.
	# shellcheck disable=SC2086  # args are separate words
	if ! log=$(cd "$ROOT" && env -u MAKEFLAGS -u MAKELEVEL -u SANITIZE \
		make -s static $args ${WERROR:+WERROR=$WERROR} 2>&1); then
		fail "targets/$t: make static $args" \
			"$(printf '%s' "$log" | tail -5)"
		continue
	fi
	ok "targets/$t: make static $args"
	check_binary "$t"
	check_bpf "$t"
done
t_exit
