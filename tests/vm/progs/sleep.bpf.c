/* sleep.bpf.c: fentry and fexit on do_nanosleep(), which nanosleep(2)
 * and usleep(3) reach:
 *
 *	static int do_nanosleep(struct hrtimer_sleeper *t,
 *				enum hrtimer_mode mode);
 *
 * The loader finds the function in the VM kernel's BTF (attach_btf_id);
 * BPF_PROG names the arguments, and fexit sees the return value after
 * them.  The build machine's kernel refuses fentry/fexit, so this runs
 * in the VMs only.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

const volatile unsigned int want_pid;
int seen_mode, seen_ret = -1;
unsigned int entries, exits;

SEC("fentry/do_nanosleep")
int BPF_PROG(on_sleep, void *sleeper, int mode)
{
	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	seen_mode = mode;
	__sync_fetch_and_add(&entries, 1);
	return 0;
}

SEC("fexit/do_nanosleep")
int BPF_PROG(on_sleep_ret, void *sleeper, int mode, int ret)
{
	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	seen_ret = ret;
	__sync_fetch_and_add(&exits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
