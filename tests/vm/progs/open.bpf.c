/* open.bpf.c: three probes on do_sys_openat2(), the function every
 * open(2), openat(2) and openat2(2) goes through (5.6 and later):
 *
 *	static long do_sys_openat2(int dfd, const char __user *filename,
 *				   struct open_how *how);
 *
 *   on_open       kprobe: its three arguments, named by BPF_KPROBE; the
 *                 file name copied from user memory, how->flags read
 *                 through CO-RE (the offset comes from the VM kernel's
 *                 BTF, not from this file);
 *   on_open_ret   kretprobe: the return value (the new fd);
 *   on_open_body  kprobe at BODY_OFF, the instruction after the ftrace
 *                 patch site: on x86 the first instruction of the
 *                 function is the 5-byte nop that ftrace patches (no
 *                 endbr64 here: the function is static, so IBT does not
 *                 mark it), so +5 is the second instruction on 5.10, 6.1
 *                 and 6.12; arm64's site is two 4-byte nops, s390x's a
 *                 6-byte brcl (tests/vm/arch.h has the same numbers);
 *                 nothing has run yet, so dfd is still in its register.
 *
 * Only calls of the test process (want_pid) are counted.  Used by
 * obj_test.c and, through minibpf run --legacy-kprobe, by guest-tool.sh.
 */
#include <linux/bpf.h>
#include <asm/ptrace.h>

/* BODY_OFF -> the offset of on_open_body's SEC name, as a string. */
#if defined(__TARGET_ARCH_arm64) || defined(__TARGET_ARCH_riscv)
#define BODY_OFF "8"
#elif defined(__TARGET_ARCH_arm)
#define BODY_OFF "4"
#elif defined(__TARGET_ARCH_s390)
#define BODY_OFF "6"
#else
#define BODY_OFF "5"
#endif
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

/* include/uapi/linux/openat2.h; only the field we read. */
struct open_how {
	__u64 flags;
} __attribute__((preserve_access_index));

const volatile unsigned int want_pid;
int seen_dfd, body_dfd;
char seen_name[64];
unsigned long long seen_flags;
long long seen_ret;
unsigned int entries, exits, body_hits;

static __always_inline int ours(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == want_pid;
}

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(on_open, int dfd, const char *filename, struct open_how *how)
{
	if (!ours())
		return 0;
	seen_dfd = dfd;
	bpf_probe_read_user_str(seen_name, sizeof(seen_name), filename);
	seen_flags = BPF_CORE_READ(how, flags);
	__sync_fetch_and_add(&entries, 1);
	return 0;
}

SEC("kretprobe/do_sys_openat2")
int BPF_KRETPROBE(on_open_ret, long ret)
{
	if (!ours())
		return 0;
	seen_ret = ret;
	__sync_fetch_and_add(&exits, 1);
	return 0;
}

SEC("kprobe/do_sys_openat2+" BODY_OFF)
int BPF_KPROBE(on_open_body, int dfd)
{
	if (!ours())
		return 0;
	body_dfd = dfd;
	__sync_fetch_and_add(&body_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
