/* enumval.h: enumerators found by (essential) name, with the target's
 * values; a missing one does not exist and its value is poisoned. */
#ifdef TARGET
enum core_enum { CE_ONE = 10, CE_TWO___diff = 20 };
typedef enum { AE_X = 7, AE_Y = 8 } anon_enum_t;
#else
enum core_enum { CE_ONE = 1, CE_TWO = 2, CE_THREE = 3 };
typedef enum { AE_X, AE_Y } anon_enum_t;
#endif
