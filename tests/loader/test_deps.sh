#!/bin/sh
# test_deps.sh: minibpf depends on libc, libelf and zlib, and on nothing
# of libbpf's: no libbpf header or call in loader/ or macros/, no libbpf
# in what the tool links, and a static build that links.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1

# Under SANITIZE=1 the sanitizers' runtimes come along; nothing else may.
libs=$(ldd "$MINIBPF" | awk '$1 !~ /^(linux-vdso|\/)/ { print $1 }' |
	grep -vE '^lib(asan|ubsan|stdc\+\+|m|gcc_s)\.so' | sort | tr '\n' ' ')
expect_eq tool_links_only_libc_libelf_libz "$libs" "libc.so.6 libelf.so.1 libz.so.1 "

# libbpf's headers (macros/ has its own bpf/*.h, which only mention
# libbpf's enum names, for drop-in compatibility).
hits=$(grep -rlE 'include *[<"]bpf/(libbpf|libbpf_common|btf|bpf)\.h' \
	loader macros 2>/dev/null)
expect_eq no_libbpf_header_in_loader_or_macros "$hits" ""

# libbpf's functions: none defined in, or called by, what we build.
syms=$(nm "$B/libminibpf.a" "$MINIBPF" 2>/dev/null |
	grep -E ' [TtUu] (bpf_object__|bpf_program__|btf__|libbpf_)' | head -3)
expect_eq no_libbpf_symbols "$syms" ""

hits=$(grep -nE -- '-lbpf\b' Makefile mk/*.mk tests/*/rules.mk 2>/dev/null)
expect_eq build_never_links_libbpf "$hits" ""

static=$ROOT/build/minibpf-static	# built without sanitizers, for the VMs
if [ -x "$static" ]; then
	out=$(readelf -d "$static" 2>&1)
	expect_match static_tool_is_static "$out" "no dynamic section"
	nm "$static" 2>/dev/null | grep -q ' T bpf_object__open' &&
		fail static_tool_has_no_libbpf "libbpf symbols in $static" ||
		ok static_tool_has_no_libbpf
else
	fail static_tool_is_static "$static was not built (make static)"
fi
t_exit
