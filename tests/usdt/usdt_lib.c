/* usdt_lib.c: libusdt_lib.so, a shared library with a probe, found by
 * the test by its soname through LD_LIBRARY_PATH. */
#include <sys/sdt.h>

#include "usdt_values.h"

__attribute__((noinline)) void fire_lib(long base)
{
	char c = V_LIB_C + base;

	STAP_PROBE3(mbtest, lib, V_LIB_A + base, V_LIB_B + base,
		    (unsigned char)c);
}
