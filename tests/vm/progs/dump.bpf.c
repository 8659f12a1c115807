/* dump.bpf.c: fixed values of every kind `minibpf run` prints, written
 * once by a tracepoint, for guest-tool.sh to compare the tool's output
 * with tests/vm/dump.expected on every architecture.  The expected text
 * is what an x86-64 host prints, so on s390x it checks that nothing of
 * the path from the object to the output assumes little-endian: BTF and
 * .BTF.ext read in the object's byte order, the initial data of .data,
 * --set into .rodata, map keys and values of each BTF kind (integers of
 * each size and sign, enums, bitfields, char arrays, arrays, nested
 * structs), a log2 histogram, and ring and perf buffer records.
 *
 * The values are written on the first getppid(2) after attaching (the
 * tracepoint syscalls/sys_enter_getppid); done keeps them from being
 * written twice.  The guest pins that call to CPU 0, so the perf buffer
 * record says cpu0.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum colour { RED = 1, GREEN = 2, BLUE = 0x10000 };

struct key {				/* a struct key: field order matters */
	unsigned short port;
	unsigned char proto;
	unsigned char pad;
	unsigned int addr;
};

struct bits {				/* bitfields across byte boundaries */
	unsigned int a : 3;
	unsigned int b : 9;
	unsigned int c : 12;
	int d : 8;
};

struct value {
	unsigned char u8;
	signed char s8;
	unsigned short u16;
	short s16;
	unsigned int u32;
	int s32;
	unsigned long long u64;
	long long s64;
	enum colour colour;
	struct bits bits;
	char name[8];
	unsigned short arr[3];
	struct { unsigned int lo, hi; } pair;
};

struct event {				/* ring and perf buffer records */
	unsigned int seq;
	unsigned short u16;
	unsigned char u8;
	signed char s8;
	unsigned long long u64;
	struct bits bits;
	char tag[4];
};
struct event *unused_event;		/* puts struct event in the BTF */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct key);
	__type(value, struct value);
} kinds SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, enum colour);
	__type(value, unsigned long long);
} by_colour SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, unsigned int);
	__type(value, unsigned long long);
} size_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(unsigned int));
	__uint(value_size, sizeof(unsigned int));
} perfbuf SEC(".maps");

/* --set gives these; the defaults say when it did not. */
const volatile unsigned char set_u8 = 1;
const volatile unsigned short set_u16 = 2;
const volatile unsigned int set_u32 = 3;
const volatile unsigned long long set_u64 = 4;
const volatile int set_s32 = 5;

/* .data: initial values the kernel must see as written here. */
unsigned short init_u16 = 0x1234;
unsigned int init_u32 = 0x12345678;
unsigned long long init_u64 = 0x0102030405060708ULL;
int init_neg = -2;

/* .bss: what the program saw, for the dump. */
unsigned long long seen_sets[5];
unsigned long long seen_inits[4];
unsigned int done;

static __always_inline void fill_bits(struct bits *b)
{
	b->a = 5;
	b->b = 300;
	b->c = 0xabc;
	b->d = -3;
}

/* Slot slot of the histogram counts count values. */
static __always_inline void hist_set(unsigned int slot, unsigned long long count)
{
	bpf_map_update_elem(&size_hist, &slot, &count, BPF_ANY);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	struct key k = { .port = 0x0102, .proto = 17, .addr = 0x0a000001 };
	struct value v = {
		.u8 = 0xfe, .s8 = -2, .u16 = 0xbeef, .s16 = -300,
		.u32 = 0xdeadbeef, .s32 = -70000,
		.u64 = 0x1122334455667788ULL, .s64 = -5000000000LL,
		.colour = BLUE, .name = "abc", .arr = { 1, 0x100, 0xffff },
		.pair = { 7, 0x80000000 },
	};
	struct event e = { .seq = 1, .u16 = 0x0a0b, .u8 = 200, .s8 = -100,
			   .u64 = 0x0102030405060708ULL, .tag = "s39" };
	struct event *r;
	enum colour c = GREEN;
	unsigned long long n = 42;

	if (done)			/* the guest makes one call: no race */
		return 0;
	done = 1;
	seen_sets[0] = set_u8;
	seen_sets[1] = set_u16;
	seen_sets[2] = set_u32;
	seen_sets[3] = set_u64;
	seen_sets[4] = (long long)set_s32;
	seen_inits[0] = init_u16;
	seen_inits[1] = init_u32;
	seen_inits[2] = init_u64;
	seen_inits[3] = (long long)init_neg;
	fill_bits(&v.bits);
	bpf_map_update_elem(&kinds, &k, &v, BPF_ANY);
	bpf_map_update_elem(&by_colour, &c, &n, BPF_ANY);
	hist_set(3, 30);
	hist_set(4, 40);
	hist_set(6, 60);
	fill_bits(&e.bits);
	r = bpf_ringbuf_reserve(&ring, sizeof(*r), 0);
	if (r) {
		*r = e;
		bpf_ringbuf_submit(r, 0);
	}
	e.seq = 2;
	bpf_perf_event_output(ctx, &perfbuf, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
