/* attach_target.c: the user program that uprobe.bpf.c probes.
 * "attach_target A B C" calls target_add(A, B, C) once and prints the
 * sum; noinline and used, so the call and the symbol both stay. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline, used)) long target_add(int a, int b, long c)
{
	__asm__ volatile("" ::: "memory");	/* not folded into main */
	return a + b + c;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	printf("%ld\n", target_add(atoi(argv[1]), atoi(argv[2]),
				   atol(argv[3])));
	return 0;
}
