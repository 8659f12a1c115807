/* type_matches.h: TYPE_MATCHES is stricter than TYPE_EXISTS: names at
 * every level, int size and sign, every local member by name.
 * Built with clang-15: clang 14 crashes on BPF_TYPE_MATCHES. */
#ifdef TARGET
struct tm_struct { int a; int b; struct tm_other *o; };
struct tm_other { int bogus; };
typedef unsigned int tm_int_t;
typedef int tm_arr_t[20];
struct tm_fewer { int a; };
#else
struct tm_other { long completely_different; };	/* behind a pointer: ok */
struct tm_struct { int b; struct tm_other *o; };	/* a subset, reordered */
typedef int tm_int_t;				/* sign differs: no match */
typedef int tm_arr_t[3];			/* length differs: no match */
struct tm_fewer { int a; int extra; };		/* more members: no match */
#endif
