/*
 * chunk.c: the one loop that reads a range of a regular file in blocks of
 * whole lines, shared by the head indexer (model/lhead.c, two threads on
 * chunks of the head) and --print --stats of a big file (cli/print.c, two
 * halves). A caller cuts its ranges at record starts (group_split_point),
 * so a block boundary inside a range only ever falls between lines: a
 * block is cut after its last newline and the next pread starts there.
 * A line longer than the block is passed in pieces, as the callers'
 * parsers already accept.
 */
#include "chunk.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

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
