/* bpf_endian.h: byte-order conversion for BPF programs.
 *
 * A drop-in for libbpf's header of the same name.  Network headers
 * (tcphdr, iphdr, sockaddr_in) hold big-endian values; a BPF program runs
 * in the CPU's order, which clang tells us with __BYTE_ORDER__ (-target bpf
 * follows the host, bpfel and bpfeb choose).
 *
 * Each conversion has two forms: for a constant it folds to a constant,
 * usable in a case label (bpf_htons(ETH_P_IP)); for a run-time value it is
 * one BPF "be16/be32/be64" instruction through __builtin_bswap*.
 */
#ifndef MINIBPF_BPF_ENDIAN_H
#define MINIBPF_BPF_ENDIAN_H

/* __mb_byte(x, n, to) -> byte n of x (0 = lowest), moved to byte position to. */
#define __mb_byte(x, n, to)						\
	((((unsigned long long)(x) >> ((n) * 8)) & 0xffULL) << ((to) * 8))

/* __mb_swab16/32/64(x) -> x with its bytes reversed, as a constant expression. */
#define __mb_swab16(x)							\
	((unsigned short)(__mb_byte(x, 0, 1) | __mb_byte(x, 1, 0)))
#define __mb_swab32(x)							\
	((unsigned int)(__mb_byte(x, 0, 3) | __mb_byte(x, 1, 2) |	\
			__mb_byte(x, 2, 1) | __mb_byte(x, 3, 0)))
#define __mb_swab64(x)							\
	((unsigned long long)(__mb_byte(x, 0, 7) | __mb_byte(x, 1, 6) |	\
			      __mb_byte(x, 2, 5) | __mb_byte(x, 3, 4) |	\
			      __mb_byte(x, 4, 3) | __mb_byte(x, 5, 2) |	\
			      __mb_byte(x, 6, 1) | __mb_byte(x, 7, 0)))

/* __bpf_constant_htons(x) etc. -> the constant form only; __bpf_htons(x)
 * etc. -> the run-time form only.  On a big-endian CPU both are x. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __bpf_htons(x)		__builtin_bswap16(x)
#define __bpf_htonl(x)		__builtin_bswap32(x)
#define __bpf_be64_to_cpu(x)	__builtin_bswap64(x)
#define __bpf_constant_htons(x)	__mb_swab16(x)
#define __bpf_constant_htonl(x)	__mb_swab32(x)
#define __bpf_constant_be64_to_cpu(x) __mb_swab64(x)
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define __bpf_htons(x)		(x)
#define __bpf_htonl(x)		(x)
#define __bpf_be64_to_cpu(x)	(x)
#define __bpf_constant_htons(x)	(x)
#define __bpf_constant_htonl(x)	(x)
#define __bpf_constant_be64_to_cpu(x) (x)
#else
#error "bpf_endian.h: __BYTE_ORDER__ is neither little nor big endian"
#endif
/* Swapping is its own inverse: "to network" and "from network" are one operation. */
#define __bpf_ntohs(x)			__bpf_htons(x)
#define __bpf_ntohl(x)			__bpf_htonl(x)
#define __bpf_cpu_to_be64(x)		__bpf_be64_to_cpu(x)
#define __bpf_constant_ntohs(x)		__bpf_constant_htons(x)
#define __bpf_constant_ntohl(x)		__bpf_constant_htonl(x)
#define __bpf_constant_cpu_to_be64(x)	__bpf_constant_be64_to_cpu(x)

/* bpf_htons(x) -> a 16-bit value in network order; the constant form when
 * x is a compile-time constant, the instruction otherwise.  Same below. */
#define bpf_htons(x)							\
	(__builtin_constant_p(x) ? __bpf_constant_htons(x) : __bpf_htons(x))
/* bpf_ntohs(x) -> a 16-bit network-order value in CPU order. */
#define bpf_ntohs(x)							\
	(__builtin_constant_p(x) ? __bpf_constant_ntohs(x) : __bpf_ntohs(x))
/* bpf_htonl(x) -> a 32-bit value in network order. */
#define bpf_htonl(x)							\
	(__builtin_constant_p(x) ? __bpf_constant_htonl(x) : __bpf_htonl(x))
/* bpf_ntohl(x) -> a 32-bit network-order value in CPU order. */
#define bpf_ntohl(x)							\
	(__builtin_constant_p(x) ? __bpf_constant_ntohl(x) : __bpf_ntohl(x))
/* bpf_cpu_to_be64(x) -> a 64-bit value in big-endian order. */
#define bpf_cpu_to_be64(x)						\
	(__builtin_constant_p(x) ? __bpf_constant_cpu_to_be64(x) : __bpf_cpu_to_be64(x))
/* bpf_be64_to_cpu(x) -> a 64-bit big-endian value in CPU order. */
#define bpf_be64_to_cpu(x)						\
	(__builtin_constant_p(x) ? __bpf_constant_be64_to_cpu(x) : __bpf_be64_to_cpu(x))

#endif /* MINIBPF_BPF_ENDIAN_H */
