#!/bin/sh
# cross-deps.sh: the toolchains and sysroots for `make static ARCH=...`
# and `make static LIBC=musl` (mk/targets.mk).
#
#   scripts/cross-deps.sh [TARGET ...]
#   TARGET: arm64 arm i386 riscv64 s390x musl-x86_64 musl-arm64
#           (default: all of them)
#
# Compilers are Debian's gcc cross toolchains and musl-tools, installed
# with apt-get.  The libraries are not installed as foreign-architecture
# packages (multiarch installs of libelf-dev:s390x can fail on version
# skew with the host's security updates): each target gets a sysroot
# under $MINIBPF_CACHE/sysroot/TARGET with include/ and lib/ holding
# libelf.a and libz.a and their headers.  Where bookworm's binary
# packages fit, they are fetched with `apt-get download` through a private
# apt list for the target's architecture and unpacked with `dpkg -x`;
# riscv64 (no bookworm port) and musl get them built from Debian's source
# packages (scripts/libelf-from-source.sh).  A sysroot that is complete
# (its .done file exists) is left alone, so a second run does nothing.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${MINIBPF_CACHE:-$HOME/.cache/minibpf}
. "$HERE/apt-private.sh"

# TARGET -> Debian architecture and GNU triplet of its cross compiler.
target_info()
{
	case $1 in
	arm64 | musl-arm64) DEB_ARCH=arm64 TRIPLET=aarch64-linux-gnu ;;
	arm) DEB_ARCH=armhf TRIPLET=arm-linux-gnueabihf ;;
	i386) DEB_ARCH=i386 TRIPLET=i686-linux-gnu ;;
	riscv64) DEB_ARCH=riscv64 TRIPLET=riscv64-linux-gnu ;;
	s390x) DEB_ARCH=s390x TRIPLET=s390x-linux-gnu ;;
	musl-x86_64) DEB_ARCH=amd64 TRIPLET=x86_64-linux-gnu ;;
	*) echo "cross-deps: unknown target $1" >&2; return 1 ;;
	esac
}

# apt-get install what is missing; waits for another apt to finish.
install_pkgs()
{
	missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "cross-deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	[ -n "${CROSS_DEPS_UPDATED:-}" ] || apt-get update -qq
	CROSS_DEPS_UPDATED=1
	# shellcheck disable=SC2086  # one word per package
	apt-get install -y -qq --no-install-recommends \
		-o DPkg::Lock::Timeout=600 $missing >/dev/null
}

# Download bookworm's packages for DEB_ARCH and unpack them into $2.
unpack_debs()
{
	name=bookworm-$DEB_ARCH dest=$1
	shift
	apt_private_init "$name" bookworm "$DEB_ARCH"
	tmp=$(mktemp -d "$CACHE/.debs.XXXXXX")
	(cd "$tmp" && apt_private "$name" download "$@" >download.log 2>&1) || {
		echo "cross-deps: apt-get download $* ($DEB_ARCH) failed:" >&2
		tail -5 "$tmp/download.log" >&2
		rm -rf "$tmp"
		return 1
	}
	mkdir -p "$dest"
	for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$dest"; done
	rm -rf "$tmp"
}

# glibc targets: libelf-dev, zlib1g-dev (static archives and headers).
sysroot_glibc()
{
	sr=$1
	unpack_debs "$sr/root" libelf-dev zlib1g-dev
	mkdir -p "$sr/lib"
	ln -sfn root/usr/include "$sr/include"
	for a in libelf.a libz.a; do
		ln -sf "../root/usr/lib/$(multiarch)/$a" "$sr/lib/$a"
		[ -f "$sr/lib/$a" ] || {
			echo "cross-deps: no $a in $DEB_ARCH's packages" >&2
			return 1
		}
	done
}

# Debian's multiarch directory: i386's is i386-linux-gnu, whatever the
# cross compiler's triplet says.
multiarch()
{
	case $DEB_ARCH in
	i386) echo i386-linux-gnu ;;
	*) echo "$TRIPLET" ;;
	esac
}

# The kernel's UAPI headers, and nothing else of glibc, for a musl build:
# from the cross toolchain's linux-libc-dev, or this machine's.
uapi_links()
{
	inc=$1
	if [ "$DEB_ARCH" = amd64 ]; then
		set -- /usr/include /usr/include/x86_64-linux-gnu/asm
	else
		set -- "/usr/$TRIPLET/include" "/usr/$TRIPLET/include/asm"
	fi
	mkdir -p "$inc"
	ln -sfn "$1/linux" "$inc/linux"
	ln -sfn "$1/asm-generic" "$inc/asm-generic"
	ln -sfn "$2" "$inc/asm"
}

# musl for arm64: Debian's musl-dev:arm64 unpacked, and a compiler
# wrapper (bin/cc, as every musl sysroot has) that, as musl-gcc does on
# amd64, runs the gcc cross compiler with the package's specs file, its
# paths moved into the sysroot.
musl_arm64_cc()
{
	sr=$1
	unpack_debs "$sr/musl" musl musl-dev
	specs=$sr/musl/usr/lib/aarch64-linux-musl/musl-gcc.specs
	sed -i "s#/usr/#$sr/musl/usr/#g" "$specs"
	mkdir -p "$sr/bin"
	cat >"$sr/bin/cc" <<EOF
#!/bin/sh
exec aarch64-linux-gnu-gcc "\$@" -specs "$specs"
EOF
	chmod +x "$sr/bin/cc"
}

setup_target()
{
	t=$1
	target_info "$t"
	sr=$CACHE/sysroot/$t
	case $t in
	musl-x86_64) install_pkgs musl-tools gcc dpkg-dev ;;
	musl-*) install_pkgs "gcc-$TRIPLET" musl-tools dpkg-dev ;;
	riscv64) install_pkgs "gcc-$TRIPLET" dpkg-dev ;;
	*) install_pkgs "gcc-$TRIPLET" ;;
	esac
	[ -f "$sr/.done" ] && return 0
	rm -rf "$sr"
	case $t in
	musl-x86_64)
		mkdir -p "$sr/bin"
		ln -sf "$(command -v musl-gcc)" "$sr/bin/cc"
		uapi_links "$sr/include"
		"$HERE/libelf-from-source.sh" "$sr/bin/cc" ar "$sr" ;;
	musl-arm64)
		musl_arm64_cc "$sr"
		uapi_links "$sr/include"
		"$HERE/libelf-from-source.sh" "$sr/bin/cc" \
			"$TRIPLET-ar" "$sr" ;;
	riscv64)
		"$HERE/libelf-from-source.sh" "$TRIPLET-gcc" "$TRIPLET-ar" \
			"$sr" ;;
	*)
		sysroot_glibc "$sr" ;;
	esac
	date >"$sr/.done"
	echo "cross-deps: $sr"
}

[ $# -gt 0 ] || set -- arm64 arm i386 riscv64 s390x musl-x86_64 musl-arm64
for t in "$@"; do
	setup_target "$t"
done
