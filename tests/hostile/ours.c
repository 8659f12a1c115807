/* ours.c: print the programs and maps of this suite that exist in the
 * kernel ("NAME ID " each, see ours.h), nothing if there are none; the
 * shell tests compare its output with "" after stopping minibpf run. */
#include <stdio.h>

#include "ours.h"

int main(void)
{
	char progs[1024], maps[1024];

	count_ours(BPF_PROG_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID, progs, sizeof(progs));
	count_ours(BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_FD_BY_ID, maps, sizeof(maps));
	printf("%s%s\n", progs, maps);
	return 0;
}
