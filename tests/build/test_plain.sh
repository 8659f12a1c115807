#!/bin/sh
# test_plain.sh: `make && ./build/minibpf inspect build/bpf/seed.bpf.o`
# on a build machine that has only a C compiler, make, libelf and zlib,
# as the embedded, BTF-less hosts minibpf is for.  The PATH holds links
# to just the tools the library and the tool need (no clang, no bpftool,
# no llvm) and the build goes into an empty directory, with nothing of
# the caller's environment.  The seed object comes from the normal build
# ($B): compiling it needs clang, reading it must not.
. "$(dirname "$0")/../lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/bin"
for tool in sh make cc gcc ar as ld mkdir rm; do
	path=$(command -v "$tool") ||
		{ fail plain_tools_found "no $tool on this machine"; t_exit; }
	ln -s "$path" "$T/bin/$tool"
done

found=$(PATH=$T/bin; for t in clang clang-14 bpftool llvm-objcopy; do
	command -v "$t"; done)
expect_eq plain_path_has_no_clang_or_bpftool "$found" ""

# WERROR passes through, so that CI builds this with -Werror too.
env -i PATH="$T/bin" HOME="$T" make -C "$ROOT" -j2 B="$T/b" \
	${WERROR:+WERROR=$WERROR} >"$T/make.log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	fail plain_make_succeeds "exit $rc: $(tail -5 "$T/make.log")"
	t_exit
fi
ok plain_make_succeeds
built=$(cd "$T/b" && find . -type f ! -name '*.o' | sort | tr '\n' ' ')
expect_eq plain_make_builds_library_and_tool_only "$built" \
	"./libminibpf.a ./minibpf "

out=$(env -i PATH="$T/bin" "$T/b/minibpf" inspect "$B/bpf/seed.bpf.o" 2>&1)
expect_eq plain_tool_inspect_exits_0 $? 0
expect_match plain_tool_inspect_lists_seed "$out" \
	'^prog seed section kprobe/bpf_map_copy_value type kprobe'
t_exit
