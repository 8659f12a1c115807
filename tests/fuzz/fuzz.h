/* fuzz.h: what the libFuzzer harnesses in tests/fuzz share.
 *
 * Each harness defines LLVMFuzzerTestOneInput(data, size): one input in,
 * every byte of it untrusted, and the library must answer with 0 or a
 * -errno and one message, never a crash, a hang, an out-of-bounds read
 * or a leak.  Built two ways (tests/fuzz/rules.mk):
 *
 *	fuzz_NAME    with libFuzzer (clang -fsanitize=fuzzer,...): make fuzz
 *	regress_NAME with regress.c's main(), which feeds it each file named
 *	             on the command line: make test runs the saved crashes
 *	             in tests/fuzz/regress/NAME/ (under SANITIZE=1 too)
 *
 * Messages are formatted (a bad %s or a wrong length would show) but not
 * printed, unless FUZZ_VERBOSE is set.
 */
#ifndef MB_FUZZ_H
#define MB_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "object.h"
#include "btf.h"
#include "core_relo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t fuzz_msg_len;

static void fuzz_print(enum mb_print_level level, const char *msg, void *ctx)
{
	static int verbose = -1;

	if (verbose < 0)
		verbose = getenv("FUZZ_VERBOSE") != NULL;
	fuzz_msg_len += strlen(msg);	/* reads the whole message */
	if (verbose)
		fprintf(stderr, "%s\n", msg);
}

static const struct mb_log fuzz_log = { fuzz_print, NULL, MB_DEBUG };

/* Take a little-endian u32 length and that many bytes off the front of
 * the input: 0 and the piece in *piece, or -1 if the input is shorter. */
static inline int fuzz_take(const uint8_t **data, size_t *size,
			    const uint8_t **piece, size_t *piece_size)
{
	uint32_t len;

	if (*size < 4)
		return -1;
	len = (*data)[0] | (*data)[1] << 8 | (*data)[2] << 16 |
	      (uint32_t)(*data)[3] << 24;
	if (len > *size - 4)
		return -1;
	*piece = *data + 4;
	*piece_size = len;
	*data += 4 + len;
	*size -= 4 + len;
	return 0;
}

#endif
