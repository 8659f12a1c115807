/* globals_basic.bpf.c: global variables in .data, .rodata, .bss and a
 * custom .data.custom section, each an array map the program reads and
 * writes.  The .rodata values are what --set changes before load:
 * compute returns limit * 1000 + small * 10 + flag, plus 100000 when
 * mode is MODE_C and 200000 when tag starts with 'x'. */
#include "common.h"

enum mode { MODE_A, MODE_B, MODE_C };

const volatile u32 limit = 10;
const volatile u8 small = 5;
const volatile bool flag = true;
const volatile enum mode mode = MODE_B;
const volatile char tag[8] = "abc";
const volatile s16 negative = -3;
const volatile u64 big = 0x1122334455667788ULL;

int counter_init = 7;			/* .data */
char greeting[8] = "hello";		/* .data */
u64 calls;				/* .bss */
u32 seen_len;				/* .bss */
int custom SEC(".data.custom") = 3;

SEC("socket") int compute(struct __sk_buff *skb)
{
	u32 r = limit * 1000 + small * 10 + flag;

	if (mode == MODE_C)
		r += 100000;
	if (tag[0] == 'x')
		r += 200000;
	calls++;
	seen_len = skb->len;
	counter_init += custom;
	return r;
}

char LICENSE[] SEC("license") = "GPL";
