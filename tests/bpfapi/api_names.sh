#!/bin/sh
# api_names.sh: every public name of libbpf's BPF-side headers (Debian's
# libbpf 1.1.2 in /usr/include/bpf, plus names of later 1.x releases
# listed below), each marked as ours has it or not, and why not.
#
#   sh tests/bpfapi/api_names.sh          the table of macros/README.md
#   sh tests/bpfapi/api_names.sh --check  ok/FAIL: README says the same
#
# A name counts as ours if macros/bpf defines it (#define, a function,
# an enum constant); "no test uses it" if no file of tests/ or bpf/
# names it.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1
INC=${LIBBPF_INC:-/usr/include/bpf}

# Names of libbpf releases after 1.1.2, as "header name".
LATER="bpf_helpers.h bpf_ksym_exists
bpf_helpers.h bpf_for
bpf_helpers.h bpf_for_each
bpf_helpers.h bpf_repeat
bpf_helpers.h __arg_ctx
bpf_helpers.h __arg_nonnull
bpf_helpers.h __arg_nullable
bpf_helpers.h __arg_trusted
bpf_helpers.h __arg_arena
bpf_helpers.h __kptr_untrusted
bpf_helpers.h __percpu_kptr
bpf_helpers.h __contains
bpf_helpers.h __ulong
bpf_tracing.h BPF_UPROBE
bpf_tracing.h BPF_URETPROBE
bpf_core_read.h bpf_core_cast"

# Why a name is not ours.
why() {
	case $1 in
	__bpf_printk|__bpf_vprintk|BPF_PRINTK_FMT_MOD)
		echo "libbpf's internals of bpf_printk; ours is one macro" ;;
	bpf_for|bpf_for_each|bpf_repeat)
		echo "open-coded iterators: kfuncs of 6.4+, not done" ;;
	__arg_*)
		echo "decl tags on global function arguments (6.8+), not done" ;;
	__kptr_untrusted|__percpu_kptr|__contains)
		echo "kptr and graph type tags of 6.2+, not done" ;;
	*) echo "not done" ;;
	esac
}

libbpf_names() {
	for h in bpf_helpers.h bpf_tracing.h bpf_core_read.h bpf_endian.h usdt.bpf.h; do
		{
		grep -ohE '^[[:space:]]*#[[:space:]]*define[[:space:]]+[A-Za-z_][A-Za-z0-9_]*' "$INC/$h" |
			sed -E 's/.*define[[:space:]]+//'
		grep -ohE '^(static |__weak |__hidden |inline |__always_inline )*(int|long|void)[[:space:]]*[a-z_][a-z0-9_]*\(' "$INC/$h" |
			grep -oE '[a-z_][a-z0-9_]*\($' | tr -d '('
		grep -ohE '^[a-z_][a-z0-9_]*\(' "$INC/$h" | tr -d '('
		sed -n '/^enum [a-z_]* {/,/^};/p' "$INC/$h" |
			grep -oE '^[[:space:]]+[A-Z_][A-Z0-9_]*' | tr -d ' \t'
		} | grep -vE '^(___|____|__bpf_usdt_|__BPF_|__PT_|__[A-Z_]*_H_*$|typeof$|__CORE_RELO$|__CORE_BITFIELD_PROBE_READ$)' |
			sort -u | sed "s/^/$h /"
	done
	printf '%s\n' "$LATER"
}

ours_has() {
	grep -qE "(define[[:space:]]+$1\b|\b$1\(|^[[:space:]]+$1\b)" macros/bpf/*.h
}

used_by_tests() {
	grep -rqw --exclude=api_names.sh -- "$1" tests bpf 2>/dev/null
}

table() {
	echo "| header | name | ours |"
	echo "|---|---|---|"
	libbpf_names | while read -r h n; do
		if ours_has "$n"; then
			used_by_tests "$n" && m="yes" || m="yes (no test uses it)"
		else
			m="no: $(why "$n")"
		fi
		echo "| \`$h\` | \`$n\` | $m |"
	done
}

if [ "$1" != --check ]; then
	table
	exit 0
fi
if [ ! -f "$INC/bpf_helpers.h" ]; then
	skip readme_lists_every_libbpf_name "no libbpf headers in $INC"
	t_exit
fi
readme=$(sed -n '/^<!-- api_names.sh -->$/,/^<!-- end -->$/p' macros/README.md |
	grep '^|')
expect_eq readme_lists_every_libbpf_name "$readme" "$(table)"
t_exit
