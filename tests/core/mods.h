/* mods.h: const, volatile and typedef chains in the target (on the
 * fields, their arrays and structs) are skipped when matching. */
#ifdef TARGET
typedef const volatile int cv_int;
typedef cv_int cv_int_t;			/* typedef of a typedef */
typedef int arr_t[4];
struct mods_inner { int pad; int x; };
typedef const struct mods_inner inner_t;
struct core_mods {
	long pad;				/* @0 */
	cv_int_t a;				/* @8 */
	const arr_t arr;			/* @12, arr[3]@24 */
	volatile inner_t s;			/* @28, s.x@32 */
	int *const volatile p;			/* @40 */
};
#else
struct mods_inner { int x; } __core;
struct core_mods {
	int a;					/* @0 */
	int arr[4];				/* @4, arr[3]@16 */
	struct mods_inner s;			/* @20 */
	int *p;					/* @24 */
} __core;
#endif
