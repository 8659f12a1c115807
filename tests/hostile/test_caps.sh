#!/bin/sh
# test_caps.sh: least privilege.  `minibpf run` on a tracepoint program
# works with CAP_BPF and CAP_PERFMON alone (root's uid, every other
# capability dropped from all sets with setpriv, so that no file access
# changes); with neither, or with only one, it fails and names the
# capability the process lacks (read with capget, not guessed).
. "$(dirname "$0")/../lib.sh"
O=$B/tests/hostile/tp_count.bpf.o
need_root least_privilege || t_exit
command -v setpriv >/dev/null || { fail least_privilege "setpriv (util-linux) missing"; t_exit; }

# with CAPS COMMAND...: run with exactly the capabilities CAPS (",+bpf")
with() {
	caps=$1
	shift
	setpriv --inh-caps=-all$caps --ambient-caps=-all$caps \
		--bounding-set=-all$caps "$@"
}

out=$(with ,+bpf,+perfmon $MINIBPF run "$O" --duration 1 --dump hst_calls 2>&1)
expect_eq cap_bpf_and_cap_perfmon_are_enough $? 0
expect_match cap_bpf_and_cap_perfmon_attach "$out" "detached after 1"

out=$(with "" $MINIBPF run "$O" --duration 1 2>&1)
expect_eq no_capabilities_fail $? 1
expect_match no_capabilities_name_cap_bpf "$out" \
	"maps: .*tp_count.bpf.o: map hst_calls: BPF_MAP_CREATE .*Operation not permitted \(the process lacks CAP_BPF \(needs CAP_BPF, or CAP_SYS_ADMIN\)"

case $(cat /proc/sys/kernel/unprivileged_bpf_disabled 2>/dev/null) in
[12]) expect_match no_capabilities_name_unprivileged_bpf_disabled "$out" \
	"kernel.unprivileged_bpf_disabled is set" ;;
esac

out=$(with ,+bpf $MINIBPF run "$O" --duration 1 2>&1)
expect_eq cap_bpf_alone_fails $? 1
expect_match cap_bpf_alone_names_cap_perfmon "$out" \
	"load: .*tp_count.bpf.o: program hst_count .*permission denied: the process lacks CAP_PERFMON \(needs CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN\)"

out=$(with ,+perfmon $MINIBPF run "$O" --duration 1 2>&1)
expect_eq cap_perfmon_alone_fails $? 1
expect_match cap_perfmon_alone_names_cap_bpf "$out" "the process lacks CAP_BPF \(needs"
case $out in *"lacks CAP_PERFMON"*) fail cap_perfmon_alone_not_named_missing "$out" ;;
*) ok cap_perfmon_alone_not_named_missing ;; esac
t_exit
