/* ptr_as_arr.h: p[2].a, where the root pointer is indexed ("2:0"); the
 * element size is the target's sizeof. */
#ifdef TARGET
struct core_paa { long pad; int a; int b; };	/* 16 bytes, a@8 */
#else
struct core_paa { int a; } __core;		/* 4 bytes */
#endif
