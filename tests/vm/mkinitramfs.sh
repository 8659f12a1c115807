#!/bin/sh
# mkinitramfs.sh: build the initramfs the test VMs boot.
#
#   tests/vm/mkinitramfs.sh OUT.cpio.gz TESTS.LIST FILE[=DEST]...
#
# The archive (cpio newc, gzip) holds a static busybox as /bin/busybox,
# tests/vm/init.sh as /init, TESTS.LIST as /work/tests.list (the commands
# /init runs, one a line) and each FILE at DEST (default: /work/ plus its
# name).  Every program in it must be static: there is no libc inside.
# No root needed: /init takes /dev/console from devtmpfs.
set -eu
BUSYBOX=${BUSYBOX:-/bin/busybox}
here=$(cd "$(dirname "$0")" && pwd)

[ $# -ge 2 ] || { echo "usage: $0 OUT.cpio.gz TESTS.LIST FILE[=DEST]..." >&2; exit 2; }
out=$1 list=$2
shift 2
[ -x "$BUSYBOX" ] || { echo "mkinitramfs: no busybox at $BUSYBOX" >&2; exit 1; }
if ! file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked'; then
	echo "mkinitramfs: $BUSYBOX is not static (install busybox-static)" >&2
	exit 1
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/minibpf-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/work" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
cp "$BUSYBOX" "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init"
cp "$list" "$root/work/tests.list"
for f in "$@"; do
	src=${f%%=*}
	case $f in *=*) dest=${f#*=} ;; *) dest=/work/${src##*/} ;; esac
	[ -e "$src" ] || { echo "mkinitramfs: no such file $src" >&2; exit 1; }
	mkdir -p "$root$(dirname "$dest")"
	cp -L "$src" "$root$dest"
done
(cd "$root" && find . | sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
