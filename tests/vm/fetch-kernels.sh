#!/bin/sh
# fetch-kernels.sh: download and cache the Debian kernels the VM tests
# boot: the amd64 cloud kernels 5.10 (bullseye), 6.1 (bookworm) and 6.12
# (trixie), and one kernel per embedded target (targets.sh: arm64-6.12,
# armhf-6.1, i386-6.1, riscv64-6.12, s390x-6.1).
#
#   tests/vm/fetch-kernels.sh [KERNEL ...]   (default: all eight)
#
# Each kernel ends up in $MINIBPF_CACHE/kernels/<name>/ (default cache
# ~/.cache/minibpf) as vmlinuz, config, release and package; a kernel of
# another architecture also gets that architecture's static busybox (the
# guest's init), and one without BTF of its own gets btf, the BTF pahole
# encodes from the DWARF of its -dbg package's vmlinux, with build-id,
# that vmlinux's GNU build id (hex), to check the BTF against the booted
# kernel.  The -dbg package (600-800 MB) is streamed through tar for its
# vmlinux alone and deleted: only the 4-5 MB of BTF stay.  What is there
# already is not fetched again, so a second run downloads nothing.
# Packages come from the machine's own Debian mirror, through apt with
# private sources and state (scripts/apt-private.sh), so the system's apt
# configuration and package lists stay as they were.  Prints
# the directory of each kernel on stdout; exits non-zero if one could not
# be had.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/apt-private.sh"
. "$here/targets.sh"
CACHE=${MINIBPF_CACHE:-$HOME/.cache/minibpf}
KDIR=$CACHE/kernels

# apt's private state of a suite and architecture (amd64 keeps the name
# it had before other architectures came).
apt_use() {
	APT_NAME=$1-$2
	[ "$2" != amd64 ] || APT_NAME=$1
	apt_private_init "$APT_NAME" "$1" "$2"
}

# Download package $1 into directory $2; print the .deb's path.
apt_fetch() {
	(cd "$2" && apt_private "$APT_NAME" download "$1" >"$2/download.log" 2>&1) || {
		echo "fetch-kernels: apt-get download $1 ($APT_NAME) failed:" >&2
		tail -5 "$2/download.log" >&2
		return 1
	}
	ls "$2/$1"_*.deb
}

# The versioned image package the metapackage depends on.
image_pkg() {
	apt_cache_private "$APT_NAME" depends "$T_META" |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

# vmlinuz, config, release, package of kernel $1 into $2.
fetch_image() {
	pkg=$(image_pkg)
	[ -n "$pkg" ] || { echo "fetch-kernels: no $T_META in $T_SUITE" >&2; return 1; }
	deb=$(apt_fetch "$pkg" "$2") || return 1
	dpkg-deb -x "$deb" "$2/root" || return 1
	mkdir -p "$2/k"
	# riscv64's image is a plain Image named /boot/vmlinux-*.
	img=$(ls "$2"/root/boot/vmlinuz-* "$2"/root/boot/vmlinux-* 2>/dev/null | head -n 1)
	[ -n "$img" ] || { echo "fetch-kernels: no /boot/vmlinu[xz]-* in $pkg" >&2; return 1; }
	cp "$img" "$2/k/vmlinuz" || return 1
	cp "$2"/root/boot/config-* "$2/k/config" || return 1
	basename "$img" | sed 's/^vmlinu[xz]-//' >"$2/k/release"
	echo "$pkg" >"$2/k/package"
	rm -rf "$2/root" "$deb"
}

# The guest's /bin/busybox: busybox-static of the target's architecture.
fetch_busybox() {
	deb=$(apt_fetch busybox-static "$2") || return 1
	dpkg-deb -x "$deb" "$2/bb" || return 1
	bb=$(find "$2/bb" -path '*bin/busybox' -type f | head -n 1)
	[ -n "$bb" ] || { echo "fetch-kernels: no busybox in $deb" >&2; return 1; }
	cp "$bb" "$1/busybox.tmp" && mv "$1/busybox.tmp" "$1/busybox" || return 1
	rm -rf "$2/bb" "$deb"
}

# btf and build-id of kernel dir $1 from the -dbg package of the image
# (the same version: the package's name with -dbg for -unsigned).
fetch_btf() {
	command -v pahole >/dev/null || { echo "fetch-kernels: no pahole (scripts/deps-vm.sh)" >&2; return 1; }
	dbg=$(sed 's/-unsigned$//; s/$/-dbg/' "$1/package")
	deb=$(apt_fetch "$dbg" "$2") || return 1
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -C "$2" --wildcards './usr/lib/debug/boot/vmlinux-*'
	rm -f "$deb"
	vmlinux=$(ls "$2"/usr/lib/debug/boot/vmlinux-* 2>/dev/null)
	[ -n "$vmlinux" ] || { echo "fetch-kernels: no vmlinux in $dbg" >&2; return 1; }
	pahole --btf_encode_detached="$2/btf" "$vmlinux" >"$2/pahole.log" 2>&1 || {
		echo "fetch-kernels: pahole failed on $dbg:" >&2
		tail -5 "$2/pahole.log" >&2
		return 1
	}
	readelf -n "$vmlinux" | awk '/Build ID:/ { print $3; exit }' >"$2/build-id"
	[ -s "$2/build-id" ] || { echo "fetch-kernels: $dbg: no build id" >&2; return 1; }
	echo "$dbg" >"$2/dbg-package"
	mv "$2/build-id" "$2/dbg-package" "$1/"
	mv "$2/btf" "$1/btf"
}

# The modules the module BTF tests load in the guest (tests/btf/
# test_module_vm.c): loop for CO-RE, nf_conntrack and what it depends on
# for kfuncs; nf_conntrack last (fetch_one checks for it).
MODULES="loop libcrc32c nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack"

# An amd64 kernel's modules of $MODULES, if it has module BTF: into
# $1/modules/NAME.ko, uncompressed for the guest's busybox, from its
# image package again.
fetch_modules() {
	deb=$(apt_fetch "$(cat "$1/package")" "$2") || return 1
	mkdir -p "$2/m" "$1/modules"
	for m in $MODULES; do
		dpkg-deb --fsys-tarfile "$deb" |
			tar -x -C "$2/m" --wildcards "*/$m.ko*" || return 1
		ko=$(find "$2/m" -name "$m.ko*" | head -n 1)
		case $ko in
		*.xz) xz -dc "$ko" >"$2/$m.ko" ;;
		*.zst) zstd -qdc "$ko" >"$2/$m.ko" ;;
		*) cp "$ko" "$2/$m.ko" ;;
		esac || return 1
		mv "$2/$m.ko" "$1/modules/$m.ko"
	done
	rm -rf "$2/m" "$deb"
}

fetch_one() {
	name=$1 out=$KDIR/$1
	target_set "$name" || return 1
	need=""
	[ -s "$out/vmlinuz" ] || need="$need image"
	[ "$T_ARCH" = amd64 ] || [ -s "$out/busybox" ] || need="$need busybox"
	[ "$T_DBG" = 0 ] || [ -s "$out/btf" ] || need="$need btf"
	if [ "$T_ARCH" = amd64 ] && [ ! -s "$out/modules/nf_conntrack.ko" ] &&
	   grep -qx CONFIG_DEBUG_INFO_BTF_MODULES=y "$out/config" 2>/dev/null; then
		need="$need modules"
	fi
	if [ -z "$need" ]; then
		echo "$out"
		return 0
	fi
	apt_use "$T_SUITE" "$T_ARCH" || return 1
	mkdir -p "$KDIR"
	tmp=$(mktemp -d "$KDIR/.fetch-$name.XXXXXX")
	for what in $need; do
		case $what in
		image)
			fetch_image "$name" "$tmp" || break
			mkdir -p "$out"
			mv "$tmp"/k/* "$out/" ;;
		busybox) fetch_busybox "$out" "$tmp" || break ;;
		btf) fetch_btf "$out" "$tmp" || break ;;
		modules) fetch_modules "$out" "$tmp" || break ;;
		esac
		what=done
	done
	rm -rf "$tmp"
	[ "$what" = done ] || { echo "fetch-kernels: $name: $what not fetched" >&2; return 1; }
	echo "$out"
}

[ $# -gt 0 ] || set -- 5.10 6.1 6.12 $VM_TARGETS
rc=0
for v in "$@"; do
	fetch_one "$v" || rc=1
done
exit $rc
