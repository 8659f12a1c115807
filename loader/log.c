/* log.c: messages and small allocation helpers.
 *
 * The library never prints by itself: every message goes through the
 * callback the user gave in struct mb_open_opts (struct mb_log here), or
 * nowhere.  mb_err() prints at MB_ERROR and returns the error it was
 * given, so that a failure reads as one line at its source:
 *
 *	return mb_err(log, -EINVAL, "elf: %s: section %s: ...", ...);
 *
 * errno is saved around the callback: a caller may still look at it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "log.h"

void mb_log_init(struct mb_log *log, const struct mb_open_opts *opts)
{
	log->fn = opts ? opts->print : NULL;
	log->ctx = opts ? opts->print_ctx : NULL;
	log->level = opts ? opts->level : MB_ERROR;
}

void mb_vprint(const struct mb_log *log, enum mb_print_level level,
	       const char *fmt, va_list ap)
{
	char msg[1024];
	int saved = errno;

	if (!log || !log->fn || level > log->level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log->fn(level, msg, log->ctx);
	errno = saved;
}

void mb_print(const struct mb_log *log, enum mb_print_level level,
	      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mb_vprint(log, level, fmt, ap);
	va_end(ap);
}

int mb_err(const struct mb_log *log, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mb_vprint(log, MB_ERROR, fmt, ap);
	va_end(ap);
	return err;
}

void *mb_calloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}

void *mb_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n && size ? n * size : 1);
}

/* One buffer of the size fstat gives (one read for a regular file or
 * /sys/kernel/btf/vmlinux); files in /proc say 0, and a file may grow
 * while read, so past that size the buffer doubles until EOF. */
int mb_read_file(const char *path, void **datap, size_t *sizep)
{
	size_t cap = 1 << 16, len = 0;
	char *buf, *tmp;
	struct stat st;
	int fd, err = 0;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!fstat(fd, &st) && st.st_size > 0 &&
	    (uint64_t)st.st_size < SIZE_MAX / 4)
		cap = st.st_size + 1; /* + 1: the read that sees EOF */
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while ((n = read(fd, buf + len, cap - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out_free;
		}
		len += n;
		if (len < cap)
			continue;
		tmp = cap > SIZE_MAX / 4 ? NULL : realloc(buf, cap * 2 + 1);
		if (!tmp) {
			err = -ENOMEM;
			goto out_free;
		}
		buf = tmp;
		cap *= 2;
	}
	buf[len] = '\0';
	close(fd);
	*datap = buf;
	*sizep = len;
	return 0;
out_free:
	close(fd);
	free(buf);
	return err;
}

void *mb_array_push(void **array, size_t *nr, size_t size)
{
	uint8_t *p = mb_reallocarray(*array, *nr + 1, size);

	if (!p)
		return NULL;
	*array = p;
	p += *nr * size;
	memset(p, 0, size);
	(*nr)++;
	return p;
}
