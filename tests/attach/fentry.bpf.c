/* fentry.bpf.c: fentry and fexit on ksys_lseek(fd, offset, whence),
 * which lseek(2) calls: the test seeks with known values and compares. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

const volatile unsigned int want_pid;
unsigned int seen_fd, seen_whence, entries, exits;
long long seen_off, seen_ret;

SEC("fentry/ksys_lseek")
int BPF_PROG(on_lseek, unsigned int fd, long long offset, unsigned int whence)
{
	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	seen_fd = fd;
	seen_off = offset;
	seen_whence = whence;
	__sync_fetch_and_add(&entries, 1);
	return 0;
}

SEC("fexit/ksys_lseek")
int BPF_PROG(on_lseek_ret, unsigned int fd, long long offset,
	     unsigned int whence, long long ret)
{
	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	seen_ret = ret;
	__sync_fetch_and_add(&exits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
