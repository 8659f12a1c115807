/* ringbuf.c: reading records from a BPF ring buffer (kernel 5.8+).
 *
 * A BPF_MAP_TYPE_RINGBUF map is one ring shared by every CPU, mapped
 * into our memory in three parts (offsets into the map fd):
 *
 *	0           consumer page: consumer_pos, which we write (RW)
 *	page        producer page: producer_pos, which the kernel writes (RO)
 *	2 * page    the data, max_entries bytes, mapped twice in a row so
 *	            that a record that wraps past the end reads as one piece
 *
 * Positions only grow; position & (size - 1) is the place in the ring.
 * Each record starts with an 8-byte header: a 32-bit length whose top
 * bits say BUSY (the program has reserved it but not yet submitted) and
 * DISCARD (bpf_ringbuf_discard: skip it), then 4 bytes we do not use.
 * Record and header are rounded up to 8 bytes.
 *
 *	consumer_pos = 0, producer_pos = 32
 *	[len 12][pad][12 bytes of record ...... pad][len 0x80000004 ...]
 *	 ^0                                          ^24: BUSY, stop here
 *
 * We read producer_pos with acquire and write consumer_pos with release
 * semantics: the kernel may reuse the space as soon as it sees the new
 * consumer_pos, so we must be done with the record before.  Both are
 * the kernel's unsigned long: 4 bytes on a 32-bit kernel, where a 64-bit
 * atomic load (ldrexd/strexd on armv7) of the read-only producer page
 * hung the reader.
 *
 * Reference: kernel/bpf/ringbuf.c, Documentation/bpf/ringbuf.rst.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/bpf.h>

#include "internal.h"

struct mb_ringbuf {
	mb_ringbuf_fn fn;
	void *ctx;
	int epoll_fd;
	size_t page_size;
	unsigned long mask;		   /* data size - 1 (a power of 2) */
	unsigned long *consumer_pos;	   /* the consumer page */
	const unsigned long *producer_pos; /* the producer page */
	const uint8_t *data;		   /* after it, mapped twice */
	size_t data_size;
};

/* The kernel's map info: is it a ring buffer, and how big? */
static int ringbuf_size(int map_fd, uint32_t *size)
{
	struct bpf_map_info info;
	int err = mb_sys_map_info(map_fd, BPF_MAP_TYPE_RINGBUF, &info);

	if (err)
		return err;
	if (!info.max_entries || info.max_entries & (info.max_entries - 1))
		return -EINVAL; /* the kernel keeps a power of 2 */
	*size = info.max_entries;
	return 0;
}

static int ringbuf_map(struct mb_ringbuf *rb, int map_fd, uint32_t size)
{
	void *p;

	rb->page_size = sysconf(_SC_PAGESIZE);
	p = mmap(NULL, rb->page_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 map_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	rb->consumer_pos = p;
	/* The kernel refuses PROT_WRITE on the producer page and data. */
	p = mmap(NULL, rb->page_size + 2 * (size_t)size, PROT_READ, MAP_SHARED,
		 map_fd, rb->page_size);
	if (p == MAP_FAILED)
		return -errno;
	rb->producer_pos = p;
	rb->data = (const uint8_t *)p + rb->page_size;
	rb->data_size = size;
	rb->mask = size - 1;
	return 0;
}

int mb_ringbuf_open(int map_fd, mb_ringbuf_fn fn, void *ctx,
		    struct mb_ringbuf **rbp)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct mb_ringbuf *rb;
	uint32_t size;
	int err;

	*rbp = NULL;
	err = ringbuf_size(map_fd, &size);
	if (err)
		return err;
	rb = mb_calloc(1, sizeof(*rb));
	if (!rb)
		return -ENOMEM;
	rb->fn = fn;
	rb->ctx = ctx;
	rb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rb->epoll_fd < 0) {
		err = -errno;
		goto close_rb;
	}
	err = ringbuf_map(rb, map_fd, size);
	if (!err && epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev) < 0)
		err = -errno;
	if (err)
		goto close_rb;
	*rbp = rb;
	return 0;
close_rb:
	mb_ringbuf_close(rb);
	return err;
}

/* Hand every submitted record to fn, until the first busy one. */
static int ringbuf_consume(struct mb_ringbuf *rb)
{
	unsigned long cons =
		__atomic_load_n(rb->consumer_pos, __ATOMIC_ACQUIRE);
	unsigned long prod;
	int n = 0, err;

	while (cons <
	       (prod = __atomic_load_n(rb->producer_pos, __ATOMIC_ACQUIRE))) {
		const uint32_t *hdr =
			(const void *)(rb->data + (cons & rb->mask));
		uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		uint32_t size =
			len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);

		if (len & BPF_RINGBUF_BUSY_BIT)
			break; /* not submitted yet */
		if (size > rb->data_size)
			return -EBADMSG; /* never from a sane kernel */
		cons += (size + BPF_RINGBUF_HDR_SZ + 7) & ~7UL;
		if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
			err = rb->fn(rb->ctx, hdr + 2, size);
			if (err < 0) {
				__atomic_store_n(rb->consumer_pos, cons,
						 __ATOMIC_RELEASE);
				return err;
			}
			n++;
		}
		__atomic_store_n(rb->consumer_pos, cons, __ATOMIC_RELEASE);
	}
	return n;
}

/* Wait up to timeout_ms (-1: forever, 0: not at all) for data, then
 * read everything there is.  Returns the number of records, or -EINTR
 * when a signal came first, or fn's negative return value. */
int mb_ringbuf_poll(struct mb_ringbuf *rb, int timeout_ms)
{
	struct epoll_event ev;

	if (epoll_wait(rb->epoll_fd, &ev, 1, timeout_ms) < 0)
		return -errno;
	return ringbuf_consume(rb);
}

void mb_ringbuf_close(struct mb_ringbuf *rb)
{
	if (!rb)
		return;
	if (rb->consumer_pos)
		munmap(rb->consumer_pos, rb->page_size);
	if (rb->producer_pos)
		munmap((void *)rb->producer_pos,
		       rb->page_size + 2 * rb->data_size);
	mb_close(rb->epoll_fd);
	free(rb);
}
