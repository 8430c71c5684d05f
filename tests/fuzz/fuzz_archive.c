/*
 * fuzz_archive.c: libFuzzer target for input/archive.c and the archive path
 * of input/source.c (decompress, then split into lines).
 *
 * Input: byte 0 picks the read size and, when the rest has no known magic,
 * the decoder to force on it (so every decoder sees arbitrary bytes); the
 * rest is the file.
 *
 * Properties checked (abort() on any violation):
 *  - archive_read never returns more than asked, archive_out counts what
 *    it returned, a -1 comes with "corrupt at byte N" (or a read error)
 *    where N is inside the file, and reads after the end stay at the end;
 *  - decoding in reads of one size or another gives the same bytes;
 *  - for an input with a known magic, a SOURCE_STREAM file source (thread,
 *    pipe, line splitter) hands over exactly those bytes as whole lines
 *    (plus a '\n' after an unterminated last line), and reports damage
 *    exactly when the direct decode met it.
 * Output is capped at 4 MB (a small input may expand a lot).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input/archive.h"
#include "input/source.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CAP	(4 * 1024 * 1024)

struct sink {
	char	*buf;
	size_t	 len;
	int	 error;
	int	 bad;
};

/* Decode all of fd in reads of `chunk`; returns bytes (capped), *failed. */
static size_t
decode(int fd, enum archive_format fmt, size_t chunk, char *out, int *failed,
    uint64_t filesize)
{
	struct archive	*a;
	const char	*e, *at;
	size_t		 len = 0;
	ssize_t		 n;

	lseek(fd, 0, SEEK_SET);
	a = archive_create(fd, fmt);
	*failed = 0;
	for (;;) {
		if (len + chunk > CAP)
			break;
		n = archive_read(a, out + len, chunk);
		if (n > (ssize_t)chunk)
			abort();
		if (n == 0) {
			if (archive_read(a, out + len, chunk) != 0)
				abort();	/* the end stays the end */
			break;
		}
		if (n < 0) {
			e = archive_error(a);
			if (e == NULL)
				abort();
			if ((at = strstr(e, "at byte ")) == NULL ||
			    strtoull(at + 8, NULL, 10) > filesize)
				abort();
			*failed = 1;
			break;
		}
		len += (size_t)n;
	}
	if (archive_out(a) != len)
		abort();
	archive_free(a);
	return len;
}

/* Lines from the source: append. */
static void
sink_lines(void *arg, struct source *src, const char *buf, size_t len,
    uint64_t voff)
{
	struct sink	*s = arg;

	if (len == 0 || buf[len - 1] != '\n' || s->len + len > CAP + 2) {
		s->bad = 1;
		return;
	}
	memcpy(s->buf + s->len, buf, len);
	s->len += len;
}

/* A state change: damage is SOURCE_ERROR. */
static void
sink_event(void *arg, struct source *src, enum source_state st, const char *msg)
{
	if (st == SOURCE_ERROR)
		((struct sink *)arg)->error = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		*a, *b;
	enum archive_format	 fmt;
	struct source_ops	 ops = { sink_lines, sink_event, NULL, NULL };
	struct source		*src;
	struct sink		 s;
	size_t			 la, lb, chunk;
	int			 fd, fa, fb, known;
	char			 path[64];

	if (size < 2)
		return 0;
	if (a == NULL) {
		a = malloc(CAP + 4);
		b = malloc(CAP + 4);
	}
	fmt = archive_detect(data + 1, size - 1);
	known = fmt != ARCHIVE_NONE;
	if (!known)
		fmt = (enum archive_format)(1 + data[0] % 4);
	fd = memfd_create("fuzz", 0);
	if (fd == -1)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		return 0;
	}
	chunk = 1 + (size_t)data[0] * 257;
	la = decode(fd, fmt, chunk, a, &fa, size - 1);
	lb = decode(fd, fmt, 65536, b, &fb, size - 1);
	if (la + chunk <= CAP && lb + 65536 <= CAP &&
	    (la != lb || fa != fb || memcmp(a, b, la) != 0))
		abort();

	if (known && lb + 65536 <= CAP) {
		memset(&s, 0, sizeof s);
		s.buf = a;
		ops.arg = &s;
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		lseek(fd, 0, SEEK_SET);
		src = source_open_flags(SOURCE_FILE, path, &ops, SOURCE_STREAM);
		while (source_read(src, 0) > 0)
			;
		source_flush_partial(src);
		source_free(src);
		if (s.bad || s.error != fb)
			abort();
		/* The same bytes, plus a '\n' ending an unterminated last line. */
		if (s.len < lb || memcmp(s.buf, b, lb) != 0 ||
		    s.len > lb + 1 || (s.len == lb + 1 && s.buf[lb] != '\n'))
			abort();
	}
	close(fd);
	return 0;
}
