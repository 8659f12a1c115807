/* module.bpf.c: a kprobe on a function of the loop module reading the
 * module's own struct through CO-RE (tests/btf/vm/test_module.c, in the
 * VMs, with Debian's loop.ko loaded by insmod).
 *
 * struct loop_device is in no vmlinux BTF: only /sys/kernel/btf/loop
 * has it, so the relocations resolve only if the loader searches the
 * module's split BTF.  Declared here smaller and in another order than
 * the kernel's (which starts with lo_number, then two loff_t, then
 * lo_flags), so the offsets must change for the reads to be right.
 *
 *	static void loop_get_status(struct loop_device *lo,
 *				    struct loop_info64 *info);
 *
 * runs for a LOOP_GET_STATUS64 ioctl on /dev/loopN (since 5.x).
 */
#include <linux/bpf.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

struct loop_device {
	int lo_flags;
	int lo_number;
} __attribute__((preserve_access_index));

const volatile unsigned int want_pid;
int seen_number = -1, seen_flags = -1;
unsigned int calls;

SEC("kprobe/loop_get_status")
int BPF_KPROBE(on_get_status, struct loop_device *lo)
{
	if ((bpf_get_current_pid_tgid() >> 32) != want_pid)
		return 0;
	seen_number = BPF_CORE_READ(lo, lo_number);
	seen_flags = BPF_CORE_READ(lo, lo_flags);
	calls++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
