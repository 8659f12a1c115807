/* usdt_target.c: a program with USDT probes whose arguments the test
 * knows.  Built four ways (gcc -O2, gcc -O0, clang -O2, gcc -O2
 * -no-pie) so that the notes hold every form the compilers emit on this machine: registers
 * of each width, constants, memory at a stack or frame register plus an
 * offset, and (gcc -O2) a global relative to %rip.
 *
 *	usdt_target N	prints the address of usdt_global, waits for a
 *			line on stdin (the test attaches meanwhile), then
 *			fires every probe N times
 *
 * Probes (provider mbtest), with base = 0 read from argv so that the
 * compiler cannot fold the values into constants:
 *	sizes	12 arguments: each integer size signed and unsigned, two
 *		literal constants, a global's address and its value
 *	twice	one probe, two call sites: argument 1 and 2
 *	sema	(usdt_sema.c) guarded by its semaphore, argument = the
 *		semaphore's value
 *	lib	(usdt_lib.c, in libusdt_lib.so) 3 arguments
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>

#include "usdt_values.h"

void fire_sema(void);
void fire_lib(long base);

volatile int64_t usdt_global = V_GLOBAL;

__attribute__((noinline)) static void
fire_sizes(int8_t s8, uint8_t u8, int16_t s16, uint16_t u16, int32_t s32,
	   uint32_t u32, int64_t s64, uint64_t u64)
{
	STAP_PROBE12(mbtest, sizes, s8, u8, s16, u16, s32, u32, s64, u64,
		     42, -7, &usdt_global, usdt_global);
}

__attribute__((noinline)) static void fire_twice(long base)
{
	STAP_PROBE1(mbtest, twice, base + 1);
	__asm__ volatile("" ::: "memory");
	STAP_PROBE1(mbtest, twice, base + 2);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;
	long base = argc > 2 ? atol(argv[2]) : 0;
	char line[16];

	printf("%p\n", (void *)&usdt_global);	/* argument 11 of sizes */
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	for (long i = 0; i < n; i++) {
		fire_sizes(V_S8 + base, V_U8 + base, V_S16 + base,
			   V_U16 + base, V_S32 + base, V_U32 + base,
			   V_S64 + base, V_U64 + base);
		fire_twice(base);
		fire_sema();
		fire_lib(base);
	}
	return 0;
}
