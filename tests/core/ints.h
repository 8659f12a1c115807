/* ints.h: primitive sizes and signedness.  Every field moves and most
 * change width; unsigned ints and pointers get a new load size, a signed
 * int whose width changes cannot be loaded directly and is poisoned. */
#ifdef TARGET
struct core_ints {
	unsigned long long u8f;		/* @0, 8 bytes */
	unsigned char u32f;		/* @8, 1 */
	short s16f;			/* @10, 2 */
	unsigned int u64f;		/* @12, 4 */
	long long s32f;			/* @16, 8 */
	void *ptr;			/* @24 */
	_Bool flag;			/* @32: was an unsigned char */
};
#else
struct core_ints {
	unsigned char u8f;		/* @0 */
	unsigned int u32f;		/* @4 */
	short s16f;			/* @8 */
	unsigned long long u64f;	/* @16 */
	int s32f;			/* @24 */
	void *ptr;			/* @32 */
	unsigned char flag;		/* @40 */
} __core;
#endif
