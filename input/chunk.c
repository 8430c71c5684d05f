/*
 * chunk.c: the one loop that reads a range of a regular file in blocks of
 * whole lines, shared by the head indexer (model/lhead.c, two threads on
 * chunks of the head) and --print --stats of a big file (cli/print.c, two
 * halves). A caller cuts its ranges at record starts (group_split_point),
 * so a block boundary inside a range only ever falls between lines: a
 * block is cut after its last newline and the next pread starts there.
 * A line longer than the block is passed in pieces, as the callers'
 * parsers already accept.
 *
 * chunk_source_next and chunk_read_source reproduce instead the blocks
 * source.c hands over (its buffer size, the doubling for long lines, the
 * unterminated last line), for readers that must see the very same
 * buffers as the one-thread path.
 */
#include "chunk.h"

#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "source_int.h"

_Static_assert(CHUNK_SOURCE_BLOCK == SOURCE_BLOCK,
    "chunk.c reproduces source.c's blocks");

/* Read [from, to) in whole-line blocks. */
uint64_t
chunk_read(int fd, uint64_t from, uint64_t to, char *buf, size_t size,
    int flags, _Atomic int *cancel, chunk_fn *fn, void *arg)
{
	uint64_t	 pos = from;
	size_t		 want, use;
	ssize_t		 n;
	const char	*nl;

	while (pos < to && (cancel == NULL || !atomic_load(cancel))) {
		want = size;
		if (want > to - pos)
			want = (size_t)(to - pos);
		n = pread(fd, buf, want, (off_t)pos);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;		/* the file shrank under us */
		use = (size_t)n;
		if (pos + use < to) {
			if ((nl = memrchr(buf, '\n', use)) != NULL)
				use = (size_t)(nl - buf) + 1;
		} else if ((flags & CHUNK_NEWLINE) && buf[use - 1] != '\n')
			buf[use++] = '\n';	/* the file's last line */
		fn(arg, buf, use, pos);
		pos += (size_t)n < use ? (size_t)n : use;
	}
	return pos;
}

/* Count newlines in a byte range (for line numbers after a seek). */
uint64_t
chunk_count_lines(int fd, uint64_t from, uint64_t to)
{
	char		 buf[256 * 1024];
	const char	*p, *e;
	uint64_t	 n = 0;
	ssize_t		 got;
	size_t		 want;

	while (from < to) {
		want = sizeof buf;
		if (want > to - from)
			want = (size_t)(to - from);
		got = pread(fd, buf, want, (off_t)from);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		for (p = buf, e = buf + got;
		    (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
			n++;
		from += (uint64_t)got;
	}
	return n;
}

/* The next buffer size of source_read after a full buffer without a newline. */
static size_t
chunk_source_grow(size_t bsize)
{
	return bsize * 2 >= SOURCE_LINE_MAX ? SOURCE_LINE_MAX + 1 : bsize * 2;
}

/* Read exactly n bytes at off (fewer only at the file's end or an error). */
static ssize_t
chunk_pread_full(int fd, char *buf, size_t n, uint64_t off)
{
	size_t	got = 0;
	ssize_t	r;

	while (got < n) {
		r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The end of source.c's block at pos (see chunk.h). */
uint64_t
chunk_source_next(int fd, uint64_t pos, uint64_t size, size_t *bsize)
{
	char		 win[4096];
	uint64_t	 end, lo;
	size_t		 want;
	const char	*nl;

	if (*bsize == 0)
		*bsize = SOURCE_BLOCK;
	for (;;) {
		if (*bsize > SOURCE_LINE_MAX)
			return 0;	/* source.c may cut a line here */
		end = pos + *bsize;
		if (end >= size)
			return size;
		/* The last newline of [pos, end), looked for backwards. */
		for (lo = end; lo > pos; lo -= want) {
			want = lo - pos < sizeof win ? (size_t)(lo - pos) :
			    sizeof win;
			if (chunk_pread_full(fd, win, want, lo - want) !=
			    (ssize_t)want)
				return 0;
			if ((nl = memrchr(win, '\n', want)) != NULL)
				return lo - want + (uint64_t)(nl - win) + 1;
		}
		*bsize = chunk_source_grow(*bsize);
	}
}

/* [from, to) in source.c's blocks (see chunk.h). */
uint64_t
chunk_read_source(int fd, uint64_t from, uint64_t to, uint64_t size,
    size_t *bsize, char **buf, size_t *bufsize, _Atomic int *stop,
    chunk_fn *fn, void *arg)
{
	uint64_t	 pos = from;
	size_t		 want, use;
	ssize_t		 n;
	const char	*nl;

	if (*bsize == 0)
		*bsize = SOURCE_BLOCK;
	while (pos < to && (stop == NULL || !atomic_load(stop))) {
		if (*bsize > SOURCE_LINE_MAX)
			break;		/* source.c may cut a line here */
		if (*bufsize < *bsize + 1) {
			*bufsize = *bsize + 1;
			free(*buf);
			*buf = xmalloc(*bufsize);
		}
		want = *bsize;
		if (want > size - pos)
			want = (size_t)(size - pos);
		n = chunk_pread_full(fd, *buf, want, pos);
		if (n != (ssize_t)want)
			break;		/* the file shrank, or cannot be read */
		nl = memrchr(*buf, '\n', want);
		if (nl == NULL && pos + want < size) {
			/* A line longer than the buffer: as source_read, grow. */
			*bsize = chunk_source_grow(*bsize);
			continue;
		}
		if (nl == NULL) {
			/* The file's last line, without its newline. */
			(*buf)[want] = '\n';
			use = want + 1;
		} else
			use = (size_t)(nl - *buf) + 1;
		if (memchr(*buf, '\0', use) != NULL)
			break;		/* maybe a hole source.c skips */
		fn(arg, *buf, use, pos);
		pos += nl == NULL ? want : use;
	}
	return pos;
}
