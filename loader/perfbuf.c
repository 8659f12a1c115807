/* perfbuf.c: reading what programs send with bpf_perf_event_output().
 *
 * The older way to stream records (before ring buffers): the program
 * writes into a BPF_MAP_TYPE_PERF_EVENT_ARRAY, whose slot i holds a perf
 * event of CPU i, and the record lands in that event's ring.  So per
 * possible CPU we:
 *
 *	1. perf_event_open a PERF_COUNT_SW_BPF_OUTPUT software event
 *	   (sample_type PERF_SAMPLE_RAW, woken for every record)
 *	2. mmap it: one header page (struct perf_event_mmap_page, with
 *	   data_head written by the kernel and data_tail by us) and then
 *	   2^n data pages
 *	3. store its fd at index i of the map, and add it to one epoll set
 *
 * A ring holds perf records, each a struct perf_event_header {type,
 * misc, size} and a body.  PERF_RECORD_SAMPLE's body is a u32 size and
 * the raw bytes (padded to 8); PERF_RECORD_LOST's is an id and the
 * number of records the kernel dropped because the ring was full.  A
 * record may wrap past the end of the ring: it is then copied into a
 * buffer so that fn sees it in one piece.
 *
 *	data_tail = 4088, data_head = 4128, ring 4096 bytes:
 *	[16 bytes ... of the record][ ... ][first 8 bytes of it]
 *	 ^0                                 ^4088
 *
 * Reference: perf_event_open(2) ("MMAP layout"),
 * include/uapi/linux/perf_event.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "internal.h"
#include "sys.h"

#define DEFAULT_PAGES 8

struct cpu_ring {
	int cpu;
	int fd;				   /* the BPF_OUTPUT perf event */
	struct perf_event_mmap_page *page; /* header page, then the data */
};

struct mb_perfbuf {
	mb_perfbuf_fn fn;
	void *ctx;
	int map_fd;
	int epoll_fd;
	size_t page_size, mmap_size; /* header page + data pages */
	struct cpu_ring *rings;
	int nr_rings;
	struct epoll_event *events; /* epoll_wait's output */
	uint64_t lost;
	void *copy; /* for records that wrap around */
	size_t copy_size;
};

static int bpf_output_open(int cpu)
{
	struct perf_event_attr attr;

	/* Zeroed: unused fields must be 0 for the kernel to accept it. */
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr); /* our version of the struct */
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT; /* filled by the program */
	attr.sample_type = PERF_SAMPLE_RAW;	/* the record is raw bytes */
	attr.sample_period = 1;			/* every output is a sample */
	attr.wakeup_events = 1;			/* wake epoll for each one */
	return mb_sys_perf_event_open(&attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Open, map, enable, register one CPU's ring.  An offline CPU has no
 * event (ENODEV): its ring is skipped, as nothing can write to it. */
static int ring_open(struct mb_perfbuf *pb, int cpu)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct cpu_ring *r = &pb->rings[pb->nr_rings];
	uint32_t key = cpu;
	int fd = bpf_output_open(cpu);
	void *p;

	if (fd == -ENODEV)
		return 0;
	if (fd < 0)
		return fd;
	p = mmap(NULL, pb->mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 0);
	if (p == MAP_FAILED) {
		int err = -errno;

		close(fd);
		return err;
	}
	r->cpu = cpu;
	r->fd = fd;
	r->page = p;
	pb->nr_rings++; /* from here mb_perfbuf_close undoes it */
	ev.data.ptr = r;
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) < 0 ||
	    epoll_ctl(pb->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	return mb_sys_map_update(pb->map_fd, &key, &fd, BPF_ANY);
}

static int perfbuf_new(int map_fd, size_t pages, mb_perfbuf_fn fn, void *ctx,
		       int cpus, struct mb_perfbuf **pbp)
{
	struct mb_perfbuf *pb = mb_calloc(1, sizeof(*pb));

	*pbp = pb;
	if (!pb)
		return -ENOMEM;
	pb->fn = fn;
	pb->ctx = ctx;
	pb->map_fd = map_fd;
	pb->page_size = sysconf(_SC_PAGESIZE);
	pb->mmap_size = pb->page_size * (pages + 1);
	pb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (pb->epoll_fd < 0)
		return -errno;
	pb->rings = mb_calloc(cpus, sizeof(*pb->rings));
	pb->events = mb_calloc(cpus, sizeof(*pb->events));
	return pb->rings && pb->events ? 0 : -ENOMEM;
}

int mb_perfbuf_open(int map_fd, size_t pages_per_cpu, mb_perfbuf_fn fn,
		    void *ctx, struct mb_perfbuf **pbp)
{
	struct bpf_map_info info;
	struct mb_perfbuf *pb;
	int err, cpus;

	*pbp = NULL;
	if (!pages_per_cpu)
		pages_per_cpu = DEFAULT_PAGES;
	if (pages_per_cpu & (pages_per_cpu - 1))
		return -EINVAL; /* the kernel wants 2^n pages */
	err = mb_sys_map_info(map_fd, BPF_MAP_TYPE_PERF_EVENT_ARRAY, &info);
	if (err)
		return err;
	cpus = mb_possible_cpus();
	if (cpus < 0)
		return cpus;
	if ((uint32_t)cpus > info.max_entries)
		cpus = info.max_entries; /* CPUs past the map stay silent */
	err = perfbuf_new(map_fd, pages_per_cpu, fn, ctx, cpus, &pb);
	for (int cpu = 0; !err && cpu < cpus; cpu++)
		err = ring_open(pb, cpu);
	if (err) {
		mb_perfbuf_close(pb);
		return err;
	}
	*pbp = pb;
	return 0;
}

/* The record at tail, in one piece: in the ring, or copied when it
 * wraps past the end. */
static const void *record_at(struct mb_perfbuf *pb, const uint8_t *base,
			     uint64_t size, uint64_t tail, uint64_t len)
{
	uint64_t off = tail & (size - 1);
	void *tmp;

	if (off + len <= size)
		return base + off;
	if (pb->copy_size < len) {
		tmp = realloc(pb->copy, len);
		if (!tmp)
			return NULL;
		pb->copy = tmp;
		pb->copy_size = len;
	}
	memcpy(pb->copy, base + off, size - off);
	memcpy((uint8_t *)pb->copy + (size - off), base, len - (size - off));
	return pb->copy;
}

/* One record: a sample goes to fn, a lost record adds to the count. */
static void record_handle(struct mb_perfbuf *pb, int cpu,
			  const struct perf_event_header *h)
{
	if (h->type == PERF_RECORD_SAMPLE && h->size >= sizeof(*h) + 4) {
		uint32_t len;

		memcpy(&len, h + 1, sizeof(len));
		if (len <= h->size - sizeof(*h) - 4)
			pb->fn(pb->ctx, cpu, (const uint8_t *)(h + 1) + 4, len);
	} else if (h->type == PERF_RECORD_LOST && h->size >= sizeof(*h) + 16) {
		uint64_t lost;

		memcpy(&lost, (const uint8_t *)(h + 1) + 8, sizeof(lost));
		pb->lost += lost;
	}
}

static int ring_consume(struct mb_perfbuf *pb, struct cpu_ring *r)
{
	struct perf_event_mmap_page *page = r->page;
	uint64_t size = page->data_size ? page->data_size :
					  pb->mmap_size - pb->page_size;
	const uint8_t *base =
		(const uint8_t *)page +
		(page->data_offset ? page->data_offset : pb->page_size);
	uint64_t head = __atomic_load_n(&page->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = page->data_tail;
	int n = 0;

	while (tail < head) {
		struct perf_event_header h;
		const void *rec;

		rec = record_at(pb, base, size, tail, sizeof(h));
		if (!rec)
			return -ENOMEM;
		memcpy(&h, rec, sizeof(h));
		if (h.size < sizeof(h) || h.size > size)
			return -EBADMSG; /* never from a sane kernel */
		rec = record_at(pb, base, size, tail, h.size);
		if (!rec)
			return -ENOMEM;
		record_handle(pb, r->cpu, rec);
		tail += h.size;
		n++;
	}
	__atomic_store_n(&page->data_tail, tail, __ATOMIC_RELEASE);
	return n;
}

/* Wait up to timeout_ms for any CPU's ring, then drain the ready ones.
 * Returns how many records were read, or -EINTR on a signal. */
int mb_perfbuf_poll(struct mb_perfbuf *pb, int timeout_ms)
{
	int nr = epoll_wait(pb->epoll_fd, pb->events,
			    pb->nr_rings ? pb->nr_rings : 1, timeout_ms),
	    total = 0;

	if (nr < 0)
		return -errno;
	for (int i = 0; i < nr; i++) {
		int n = ring_consume(pb, pb->events[i].data.ptr);

		if (n < 0)
			return n;
		total += n;
	}
	return total;
}

uint64_t mb_perfbuf_lost(const struct mb_perfbuf *pb)
{
	return pb->lost;
}

/* Take our events out of the map too: the map keeps an event alive
 * for as long as its slot points at it. */
void mb_perfbuf_close(struct mb_perfbuf *pb)
{
	union bpf_attr attr;

	if (!pb)
		return;
	for (int i = 0; i < pb->nr_rings; i++) {
		uint32_t key = pb->rings[i].cpu;

		memset(&attr, 0, sizeof(attr)); /* unused bytes must be 0 */
		attr.map_fd = pb->map_fd;	/* the perf event array */
		attr.key = mb_ptr(&key);	/* this CPU's slot */
		mb_sys_bpf(BPF_MAP_DELETE_ELEM, &attr, MB_ATTR_SIZE(key));
		ioctl(pb->rings[i].fd, PERF_EVENT_IOC_DISABLE, 0);
		munmap(pb->rings[i].page, pb->mmap_size);
		mb_close(pb->rings[i].fd);
	}
	mb_close(pb->epoll_fd);
	free(pb->rings);
	free(pb->events);
	free(pb->copy);
	free(pb);
}
