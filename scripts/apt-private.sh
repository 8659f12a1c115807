# apt-private.sh: apt with private sources, lists and cache (sourced).
#
# Several scripts need Debian packages that are not for this machine: the
# VM kernels, a target architecture's libelf-dev, the source packages of
# elfutils and zlib.  They all take them from the mirror the machine
# already uses (the URIs line of its apt sources, read at run time) but
# through a private sources file with the suite, architecture and type
# they need, and with apt's state and cache under $MINIBPF_CACHE/apt/NAME.
# The system's apt configuration and package lists stay as they were.
#
# Interface (POSIX sh functions; errors go to stderr, return non-zero):
#   apt_private_init NAME SUITE ARCH [TYPE]  write the sources file
#                    (TYPE deb or deb-src) and run apt-get update unless
#                    the lists are less than a day old (a mirror drops
#                    superseded versions, so older lists may name files
#                    that are gone; APT_PRIVATE_REFRESH=1 forces it)
#   apt_private NAME ARGS...        apt-get with that private state
#   apt_cache_private NAME ARGS...  apt-cache with that private state
#   apt_mirror                      the machine's main Debian URI

APT_CACHE_DIR=${MINIBPF_CACHE:-$HOME/.cache/minibpf}/apt
APT_SYS_SOURCES=/etc/apt/sources.list.d/debian.sources
APT_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The first "URIs:" of the system's Debian sources (the main archive,
# not the security one).
apt_mirror()
{
	_uri=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' \
		"$APT_SYS_SOURCES" 2>/dev/null || true)
	[ -n "$_uri" ] || {
		echo "apt-private: no URIs line in $APT_SYS_SOURCES" >&2
		return 1
	}
	echo "$_uri"
}

# Options shared by apt-get and apt-cache: everything under one directory.
# APT::Architecture makes a bare package name mean the target's package.
_apt_private_opts()
{
	_st=$APT_CACHE_DIR/$1
	echo "-o Dir::Etc::SourceList=$_st/sources.list" \
		"-o Dir::Etc::SourceParts=/dev/null" \
		"-o Dir::State::Lists=$_st/lists" \
		"-o Dir::State::Status=$_st/status" \
		"-o Dir::Cache=$_st/cache" \
		"-o APT::Architecture=$(cat "$_st/arch")" \
		"-o APT::Architectures=$(cat "$_st/arch")"
}

apt_private()
{
	_n=$1
	shift
	# shellcheck disable=SC2046  # the options are words without spaces
	apt-get -q $(_apt_private_opts "$_n") -o APT::Sandbox::User=root \
		-o Acquire::Languages=none "$@"
}

apt_cache_private()
{
	_n=$1
	shift
	# shellcheck disable=SC2046
	apt-cache $(_apt_private_opts "$_n") "$@"
}

apt_private_init()
{
	_st=$APT_CACHE_DIR/$1
	_type=${4:-deb}
	mkdir -p "$_st/lists/partial" "$_st/cache/archives/partial"
	[ -f "$_st/status" ] || : >"$_st/status"
	_uri=$(apt_mirror) || return 1
	# A one-line source: the suite's main component, one architecture.
	echo "$_type [arch=$3 signed-by=$APT_KEYRING] $_uri $2 main" \
		>"$_st/sources.list.new"
	echo "$3" >"$_st/arch"
	if cmp -s "$_st/sources.list.new" "$_st/sources.list" &&
		[ -z "${APT_PRIVATE_REFRESH:-}" ] &&
		[ -n "$(find "$_st/lists" -name '*_InRelease' -mtime -1)" ]; then
		rm -f "$_st/sources.list.new"
		return 0
	fi
	mv "$_st/sources.list.new" "$_st/sources.list"
	apt_private "$1" update >"$_st/update.log" 2>&1 || {
		echo "apt-private: apt-get update for $1 ($2 $3 $_type) failed:" >&2
		tail -5 "$_st/update.log" >&2
		return 1
	}
}
