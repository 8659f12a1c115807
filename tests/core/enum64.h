/* enum64.h: 64-bit enumerators (BTF_KIND_ENUM64, clang 15 and later);
 * enum and enum64 match each other. */
#ifdef TARGET
enum core_e64 { E64_BIG = 0xfedcba9876543210ULL, E64_ONE = 2 };
enum core_mix { MIX_A = 5 };			/* a 32-bit enum */
#else
enum core_e64 { E64_BIG = 0x100000000ULL, E64_ONE = 1, E64_GONE = 3 };
enum core_mix { MIX_A = 0x1ffffffffULL };	/* a 64-bit enum */
#endif
