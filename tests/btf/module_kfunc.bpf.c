/* module_kfunc.bpf.c: kfuncs of a kernel module (nf_conntrack's
 * bpf_xdp_ct_lookup and bpf_ct_release, 6.0 and later), called from
 * XDP: their ids are in the module's BTF, so the loader must find them
 * there and name the module's BTF object in the fd_array of
 * BPF_PROG_LOAD (tests/btf/test_module_vm.c runs it in the VMs).
 *
 * The lookup of an all-zero TCP tuple finds no connection: the program
 * returns 2 and leaves the kfunc's error (-ENOENT) in opts_error.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

/* The kernel's struct bpf_ct_opts as 6.0 defined it (12 bytes: a later
 * kernel takes this size too). */
struct ct_opts {
	int netns_id; /* -1: the current netns (BPF_F_CURRENT_NETNS) */
	int error;
	unsigned char l4proto;
	unsigned char dir;
	unsigned char reserved[2];
};

struct nf_conn;
extern struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *ctx,
					 struct bpf_sock_tuple *tuple,
					 __u32 tuple__sz, struct ct_opts *opts,
					 __u32 opts__sz) __ksym;
extern void bpf_ct_release(struct nf_conn *ct) __ksym;

int opts_error = 1;

SEC("xdp")
int ct_lookup(struct xdp_md *ctx)
{
	struct bpf_sock_tuple tuple = {};
	struct ct_opts opts = { .netns_id = -1, .l4proto = IPPROTO_TCP };
	struct nf_conn *ct;

	ct = bpf_xdp_ct_lookup(ctx, &tuple, sizeof(tuple.ipv4), &opts,
			       sizeof(opts));
	if (ct) {
		bpf_ct_release(ct);
		return 1;
	}
	opts_error = opts.error;
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
