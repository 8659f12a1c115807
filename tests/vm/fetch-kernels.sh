#!/bin/sh
# fetch-kernels.sh: download and cache the Debian cloud kernels the VM
# tests boot: 5.10 (bullseye), 6.1 (bookworm), 6.12 (trixie).
#
#   tests/vm/fetch-kernels.sh [5.10|6.1|6.12 ...]   (default: all three)
#
# Each kernel ends up in $MINIBPF_CACHE/kernels/<ver>/ (default cache
# ~/.cache/minibpf) as vmlinuz, config and release; a kernel already there
# is not fetched again, so a second run downloads nothing.
#
# The packages come from the same Debian mirror the machine already uses,
# through apt with private sources and state (scripts/apt-private.sh), so
# the system's apt configuration and package lists are left as they were.
# Prints the directory of each kernel on stdout; exits non-zero if one
# could not be had.
set -eu

CACHE=${MINIBPF_CACHE:-$HOME/.cache/minibpf}
KDIR=$CACHE/kernels
. "$(dirname "$0")/../../scripts/apt-private.sh"

suite_of() {
	case $1 in
	5.10) echo bullseye ;;
	6.1) echo bookworm ;;
	6.12) echo trixie ;;
	*) echo "fetch-kernels: unknown kernel $1 (5.10, 6.1, 6.12)" >&2; return 1 ;;
	esac
}

fetch_one() {
	ver=$1
	out=$KDIR/$ver
	if [ -s "$out/vmlinuz" ]; then
		echo "$out"
		return 0
	fi
	SUITE=$(suite_of "$ver")
	mkdir -p "$KDIR"
	apt_private_init "$SUITE" "$SUITE" amd64 || return 1
	# The metapackage depends on the versioned image package.
	pkg=$(apt_cache_private "$SUITE" depends linux-image-cloud-amd64 |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	[ -n "$pkg" ] || { echo "fetch-kernels: no cloud kernel in $SUITE" >&2; return 1; }
	tmp=$(mktemp -d "$KDIR/.fetch-$ver.XXXXXX")
	(cd "$tmp" && apt_private "$SUITE" download "$pkg" >"$tmp/download.log" 2>&1) || {
		echo "fetch-kernels: apt-get download $pkg failed:" >&2
		tail -5 "$tmp/download.log" >&2
		rm -rf "$tmp"
		return 1
	}
	dpkg-deb -x "$tmp"/*.deb "$tmp/root"
	mkdir -p "$tmp/k"
	cp "$tmp"/root/boot/vmlinuz-* "$tmp/k/vmlinuz"
	cp "$tmp"/root/boot/config-* "$tmp/k/config"
	basename "$tmp"/root/boot/vmlinuz-* | sed 's/^vmlinuz-//' >"$tmp/k/release"
	echo "$pkg" >"$tmp/k/package"
	rm -rf "$out"
	mv "$tmp/k" "$out"
	rm -rf "$tmp"
	echo "$out"
}

[ $# -gt 0 ] || set -- 5.10 6.1 6.12
rc=0
for v in "$@"; do
	fetch_one "$v" || rc=1
done
exit $rc
