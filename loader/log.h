/* log.h: where the library's messages go, and helpers every file uses.
 *
 * The library never prints: each message goes to the callback the user
 * gave in struct mb_open_opts (minibpf.h), through mb_err and mb_print
 * (log.c), which every stage calls.  A struct mb_log is that callback
 * and the highest level it wants; objects carry one, and so do the
 * parsers called without an object (tests, fuzzers, `inspect --btf`).
 */
#ifndef MINIBPF_LOG_H
#define MINIBPF_LOG_H

#include "minibpf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct mb_log {
	mb_print_fn fn; /* NULL: drop messages */
	void *ctx;
	enum mb_print_level level; /* highest level passed on */
};

#endif
