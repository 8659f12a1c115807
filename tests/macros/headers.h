/* headers.h: the BPF-side headers under test, and a check that they are
 * the ones the test asked for.  Every test source includes this instead
 * of <bpf/...> directly, so that one source compiles twice:
 *   -DHEADERS_MINIBPF -I macros     our headers
 *   -DHEADERS_LIBBPF                libbpf's, from /usr/include/bpf (reference)
 */
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#if defined(HEADERS_MINIBPF) && !defined(MINIBPF_BPF_TRACING_H)
#error "asked for minibpf's headers but got others: is -I macros first?"
#endif
#if defined(HEADERS_LIBBPF) && !defined(__BPF_TRACING_H__)
#error "asked for libbpf's headers but got others"
#endif
#if !defined(HEADERS_MINIBPF) && !defined(HEADERS_LIBBPF)
#error "say -DHEADERS_MINIBPF or -DHEADERS_LIBBPF"
#endif
