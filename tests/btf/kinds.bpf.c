/* kinds.bpf.c: an object with every BTF kind a 5.10 kernel lacks, built
 * with clang 19 (rules.mk): ENUM64 and a signed ENUM (6.0), FLOAT (5.13),
 * DECL_TAG (5.16), TYPE_TAG (5.17), a global sub-program (FUNC linkage
 * global, 5.6), global data (DATASEC/VAR), and a spin lock in a map
 * value, which the kernel finds only through the map's BTF.
 * test_sanitize.c rewrites its BTF for kernels without them and loads
 * it here with every feature taken as missing.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum kinds_big { KINDS_SMALL = 1, KINDS_BIG = 0x100000000ULL };	/* ENUM64 */
enum kinds_sgn { KINDS_NEG = -1, KINDS_POS = 1 };		/* kflag */

struct kinds_val {
	struct bpf_spin_lock lock;
	long count;
	float ratio;			/* FLOAT */
	enum kinds_big big;
	enum kinds_sgn sgn;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct kinds_val);
} kinds_vals SEC(".maps");

int kinds_calls;			/* .bss: DATASEC and VAR */
const volatile int kinds_factor = 3;	/* .rodata */

/* TYPE_TAG on the pointer's target, as a 6.x vmlinux.h writes __user. */
static __attribute__((noinline)) int
kinds_read(int __attribute__((btf_type_tag("user"))) *p)
{
	return *p + 1;
}

/* Global: the verifier checks it on its own, through its BTF. */
__attribute__((noinline, btf_decl_tag("kinds_tag"))) int kinds_add(int x)
{
	return x * kinds_factor + 1;
}

SEC("tc")
int kinds(struct __sk_buff *skb)
{
	struct kinds_val *v;
	int k = 0;

	v = bpf_map_lookup_elem(&kinds_vals, &k);
	if (!v)
		return 0;
	k = kinds_add(skb->len) + kinds_read(&k);
	bpf_spin_lock(&v->lock);
	v->count += k;
	bpf_spin_unlock(&v->lock);
	kinds_calls++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
