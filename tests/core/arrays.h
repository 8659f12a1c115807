/* arrays.h: arrays, multi-dimensional arrays, arrays of structs and a
 * flexible array.  The target's dimensions and element struct are
 * bigger: offsets scale with the target's element sizes. */
#ifdef TARGET
struct arr_elem { int pad; int c; };		/* 8 bytes, c@4 */
struct core_arr {
	char x;					/* @0 */
	int a[5];				/* @4 */
	int b[3][4][5];				/* @24, 240 bytes */
	struct arr_elem c[3];			/* @264 */
	int n;					/* @288 */
	struct arr_elem f[];			/* @292 */
};
#else
struct arr_elem { int c; } __core;		/* 4 bytes */
struct core_arr {
	int a[3];				/* @0 */
	int b[2][3][4];				/* @12, 96 bytes */
	struct arr_elem c[2];			/* @108 */
	int n;					/* @116 */
	struct arr_elem f[];			/* @120 */
} __core;
#endif
