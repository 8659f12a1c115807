/* kernel.h: the few fields of real kernel structures the kernel case
 * reads, declared here in any order and without the rest: relocation
 * against /sys/kernel/btf/vmlinux finds them where this kernel has them
 * (mm_struct's fields sit inside an anonymous struct there).  There is
 * no TARGET layout: the target is the running kernel. */
#ifndef TARGET
struct inode { unsigned long i_ino; } __core;
struct file { struct inode *f_inode; } __core;
struct fdtable { unsigned int max_fds; struct file **fd; } __core;
struct files_struct { struct fdtable *fdt; } __core;
struct mm_struct { unsigned long start_brk; } __core;
/* The kernel's oom_score_adj is a short: declared wider here, as a
 * 32-bit kernel's long is narrower than a BPF long, BPF_CORE_READ reads
 * its 2 bytes and sign-extends them (core32.py proves the sizes; this
 * checks the value on this kernel). */
struct signal_struct { long oom_score_adj; } __core;
struct task_struct {
	char comm[16];
	int tgid;
	int pid;
	struct mm_struct *mm;
	struct files_struct *files;
	struct task_struct *group_leader;
	struct signal_struct *signal;
} __core;
struct bpf_map { unsigned int max_entries; unsigned int key_size; } __core;

struct kernel_out {
	int pid, tgid, leader_tgid;
	char comm[16];
	unsigned long start_brk;
	unsigned long ino;
	long oom_score_adj;
	unsigned int map_max_entries, map_key_size;
	int done;
};
#endif
