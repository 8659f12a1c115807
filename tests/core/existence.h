/* existence.h: fields that are missing in the target, or present with
 * an incompatible kind, do not exist; reads of them are poisoned, which
 * the verifier accepts when an existence check makes them dead code. */
#ifdef TARGET
struct core_exist {
	int a;					/* @0 */
	struct { int b; };			/* @4: b inside an anonymous struct */
	long arr[2];				/* @8: int[4] locally, still an int array */
	struct { int z; } k;			/* @24: an int locally: incompatible */
};
#else
struct core_exist {
	int a;
	int b;
	int c;					/* missing in the target */
	int arr[4];
	struct { int x; } s;			/* missing in the target */
	int k;
} __core;
#endif
