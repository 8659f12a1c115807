/* bitfields.h: bitfields of many widths and positions, signed and
 * unsigned, read with BPF_CORE_READ_BITFIELD.  The target moves every
 * field, widens one (b13 to 15 bits), and swaps a bitfield for a plain
 * int (plain) and a plain int for a bitfield (was_int). */
#ifdef TARGET
struct core_bits {
	unsigned int b1:1;
	int pad:5;
	unsigned long long b33:33;
	signed char s3:3;
	unsigned short b13:15;
	int s17:17;
	unsigned long long b60:60;
	unsigned int b8:8;
	unsigned int plain;
	int was_int:20;
};
#else
struct core_bits {
	unsigned long long b33:33;
	unsigned int b1:1;
	unsigned short b13:13;
	signed char s3:3;
	unsigned int b8:8;
	int s17:17;
	unsigned long long b60:60;
	unsigned int plain:9;
	int was_int;
} __core;
#endif

/* The values user space writes and the program expects. */
#define V_B1 1
#define V_B33 0x1abcdef01ULL
#define V_S3 (-3)
#define V_B13 0x1234
#define V_S17 (-65000)
#define V_B60 0xfedcba987654321ULL
#define V_B8 0xa5
#define V_PLAIN 300
#define V_WAS_INT (-12345)
