/* usdt_values.h: the argument values usdt_target passes to its probes,
 * shared by the target and the test that checks them. */
#ifndef USDT_VALUES_H
#define USDT_VALUES_H

#define V_S8 (-5)
#define V_U8 250
#define V_S16 (-300)
#define V_U16 65000
#define V_S32 (-70000)
#define V_U32 4000000000u
#define V_S64 (-5000000000ll)
#define V_U64 0xfedcba9876543210ull
#define V_GLOBAL 0x1122334455667788ll
#define V_LIB_A (-12345)
#define V_LIB_B 0x7fffffffffffll
#define V_LIB_C 200

#endif
