#!/bin/sh
# libelf-from-source.sh: build static libelf.a and libz.a from Debian's
# source packages of elfutils and zlib with a given C compiler.
#
#   scripts/libelf-from-source.sh CC AR DEST
#
# For the targets whose binary packages do not fit: musl (Debian's
# libelf.a is built against glibc) and riscv64 (a release architecture
# only from trixie, whose libelf.a does not link with bookworm's cross
# toolchain).  The sources are bookworm's, fetched once with
# `apt-get source` through a private deb-src list (scripts/apt-private.sh)
# and cached under $MINIBPF_CACHE/src.  Only the library halves are
# compiled, file by file, without elfutils' configure: libelf's sources
# (the list in libelf/Makefile.am) with a small config.h written here, and
# zlib's core.  The result is DEST/include (libelf.h, gelf.h, nlist.h,
# zlib.h, zconf.h) and DEST/lib (libelf.a, libz.a), the same layout
# scripts/cross-deps.sh gives a sysroot unpacked from binary packages.
# Nothing is rebuilt if DEST/lib/libelf.a exists.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 CC AR DEST" >&2; exit 2; }
CC=$1 AR=$2 DEST=$3
CACHE=${MINIBPF_CACHE:-$HOME/.cache/minibpf}
SRC=$CACHE/src
. "$(dirname "$0")/apt-private.sh"

[ -f "$DEST/lib/libelf.a" ] && [ -f "$DEST/lib/libz.a" ] && exit 0

# Unpacked (Debian patches applied) once: $SRC/elfutils, $SRC/zlib.
fetch_sources()
{
	[ -d "$SRC/elfutils" ] && [ -d "$SRC/zlib" ] && return 0
	apt_private_init bookworm-src bookworm "$(dpkg --print-architecture)" \
		deb-src
	tmp=$(mktemp -d "$CACHE/.src.XXXXXX")
	(cd "$tmp" && apt_private bookworm-src source --download-only \
		elfutils zlib >download.log 2>&1) || {
		echo "libelf-from-source: apt-get source failed:" >&2
		tail -5 "$tmp/download.log" >&2
		rm -rf "$tmp"
		return 1
	}
	mkdir -p "$SRC"
	for p in elfutils zlib; do
		(cd "$tmp" && dpkg-source -x --no-check "$p"_*.dsc "$p" \
			>/dev/null)
		rm -rf "${SRC:?}/$p"
		mv "$tmp/$p" "$SRC/$p"
	done
	rm -rf "$tmp"
}

# What elfutils' configure would find on any libc we build for.  Each
# line is a fact about glibc or musl, or a choice for a static library.
write_config_h()
{
	ver=$(sed -n 's/^AC_INIT(\[[^]]*\],\[\([0-9.]*\)\].*/\1/p' \
		"$SRC/elfutils/configure.ac")
	cat >"$1/config.h" <<EOF
#define PACKAGE_NAME "elfutils"
#define PACKAGE_VERSION "$ver"
#define PACKAGE_URL "http://elfutils.org/"
#define HAVE_VISIBILITY 1
#define HAVE_FALLTHROUGH 1
#define HAVE_STDATOMIC_H 1
#define HAVE_DECL_MEMPCPY 1
#define HAVE_DECL_REALLOCARRAY 1
#define HAVE_DECL_RAWMEMCHR 1
#define DEFAULT_AR_DETERMINISTIC false
#include <sys/param.h>
#ifdef powerof2
#define HAVE_DECL_POWEROF2 1
#else
#define HAVE_DECL_POWEROF2 0
#endif
#if __has_include(<error.h>)
#define HAVE_ERROR_H 1
#else
#define HAVE_ERR_H 1
#endif
#include <eu-config.h>
EOF
}

# Compile a list of C files into one archive.
archive()
{
	out=$1 flags=$2
	shift 2
	objs=""
	for c in "$@"; do
		o=$(dirname "$out")/obj/$(basename "$out" .a)-$(basename "$c" .c).o
		# shellcheck disable=SC2086  # flags are several words
		$CC $flags -c -o "$o" "$c"
		objs="$objs $o"
	done
	rm -f "$out"
	# shellcheck disable=SC2086
	$AR rcs "$out" $objs
}

# -Os and no unwind tables, as the static minibpf itself.
LIB_CFLAGS="-Os -fno-asynchronous-unwind-tables -fno-unwind-tables"
LIB_CFLAGS="$LIB_CFLAGS -D_GNU_SOURCE -w"

build_zlib()
{
	z=$SRC/zlib
	archive "$work/libz.a" "$LIB_CFLAGS -I$z" \
		"$z"/adler32.c "$z"/crc32.c "$z"/deflate.c "$z"/inffast.c \
		"$z"/inflate.c "$z"/inftrees.c "$z"/trees.c "$z"/zutil.c \
		"$z"/compress.c "$z"/uncompr.c
	cp "$z/zlib.h" "$z/zconf.h" "$work/include/"
}

build_libelf()
{
	e=$SRC/elfutils
	write_config_h "$work"
	# The sources of libelf.a: the libelf_a_SOURCES list, continuation
	# lines included, up to the first line that does not end in '\'.
	srcs=$(awk '/^libelf_a_SOURCES/ { on = 1 }
		on { for (i = 1; i <= NF; i++) if ($i ~ /\.c$/) print $i }
		on && !/\\$/ { exit }' "$e/libelf/Makefile.am")
	set --
	for s in $srcs; do set -- "$@" "$e/libelf/$s"; done
	archive "$work/libelf.a" "$LIB_CFLAGS -DHAVE_CONFIG_H -I$work \
		-I$e/lib -I$e/libelf -I$work/include" "$@"
	cp "$e/libelf/libelf.h" "$e/libelf/gelf.h" "$e/libelf/nlist.h" \
		"$work/include/"
}

fetch_sources
mkdir -p "$(dirname "$DEST")"
work=$(mktemp -d "$DEST.build.XXXXXX")
mkdir -p "$work/obj" "$work/include"
build_zlib
build_libelf
mkdir -p "$DEST/lib" "$DEST/include"
cp "$work"/include/* "$DEST/include/"
cp "$work/libz.a" "$work/libelf.a" "$DEST/lib/"
rm -rf "$work"
echo "libelf-from-source: $DEST/lib/libelf.a, libz.a ($CC)"
