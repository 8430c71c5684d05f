/*
 * fuzz_source.c: libFuzzer target for core/source.c (the line splitter of a
 * followed file), checked against a model.
 *
 * The input is a program of operations on a real file (in $FUZZ_SCRATCH,
 * else /dev/shm or /tmp; one directory per process): each operation is a byte `op` then, for writes,
 * a length byte and that many data bytes.
 *
 *	op % 6 == 0, 1	append the data, then source_check()
 *	op % 6 == 2	append the data, no check yet
 *	op % 6 == 3	source_flush_partial() (a quiet period)
 *	op % 6 == 4	rotate: rename the file away (kept until the end, so
 *			its inode is not reused), create a new one with the
 *			data, source_check()
 *	op % 6 == 5	copytruncate: truncate to 0, write the data, check
 *
 * The model is what tail -F promises: every byte written reaches the
 * consumer once, in order, in buffers that end with '\n' (a partial line
 * is completed by a synthetic '\n' at flush_partial or when its file is
 * rotated away), at virtual offsets that count the real bytes handed over
 * before. A truncation is detected when the file is shorter than what was
 * read, or the (up to 64) bytes just before the read offset changed; it
 * drops the held partial line and restarts at 0 with a SOURCE_TRUNCATED
 * event. A truncate-and-rewrite with the same bytes before the offset
 * cannot be seen by anyone and is modelled as "reading goes on".
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/source.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A growable byte string. */
struct bytes {
	char	*p;
	size_t	 len, size;
};

static void
bytes_add(struct bytes *b, const void *p, size_t n)
{
	if (b->len + n > b->size) {
		b->size = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->size);
		if (b->p == NULL)
			abort();
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

struct run {
	struct bytes	 got;		/* everything handed over */
	struct bytes	 calls;		/* (stream position, voff) per lines call */
	int		 truncs;	/* SOURCE_TRUNCATED events */

	/* The model. */
	struct bytes	 want;		/* expected handed-over stream */
	struct bytes	 cur;		/* content of the current file */
	size_t		 readto;	/* bytes of cur the source has read */
	struct bytes	 partial;	/* read, not yet handed (no '\n') */
	int		 want_truncs;
	struct bytes	 synth;		/* positions in want of synthetic '\n's */
};

/* Lines callback: whole lines at the expected virtual offset. */
static void
on_lines(void *arg, struct source *src, const char *buf, size_t len, uint64_t voff)
{
	struct run	*r = arg;
	uint64_t	 pv[2];

	if (len == 0 || buf[len - 1] != '\n')
		abort();
	pv[0] = r->got.len;
	pv[1] = voff;
	bytes_add(&r->calls, pv, sizeof pv);
	bytes_add(&r->got, buf, len);
}

static void
on_event(void *arg, struct source *src, enum source_state st, const char *msg)
{
	struct run	*r = arg;

	if (st == SOURCE_TRUNCATED)
		r->truncs++;
}

/* Model: the source reads cur[readto..] and hands over whole lines. */
static void
model_read(struct run *r)
{
	const char	*nl;
	size_t		 n;

	if (r->cur.len > r->readto)
		bytes_add(&r->partial, r->cur.p + r->readto, r->cur.len - r->readto);
	r->readto = r->cur.len;
	if (r->partial.len == 0)
		return;
	nl = memrchr(r->partial.p, '\n', r->partial.len);
	if (nl == NULL)
		return;
	n = (size_t)(nl - r->partial.p) + 1;
	bytes_add(&r->want, r->partial.p, n);
	memmove(r->partial.p, r->partial.p + n, r->partial.len - n);
	r->partial.len -= n;
}

/* Model: flush a held partial line with a synthetic newline. */
static void
model_flush(struct run *r)
{
	if (r->partial.len == 0)
		return;
	size_t	pos;

	bytes_add(&r->want, r->partial.p, r->partial.len);
	pos = r->want.len;
	bytes_add(&r->synth, &pos, sizeof pos);
	bytes_add(&r->want, "\n", 1);
	r->partial.len = 0;
}

/* Write all of buf to fd. */
static void
write_all(int fd, const void *buf, size_t n)
{
	if (n > 0 && write(fd, buf, n) != (ssize_t)n)
		abort();
}

static char	fuzz_dir[64];

/* Remove the (empty) scratch directory at exit. */
static void
remove_dir(void)
{
	rmdir(fuzz_dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*dir = fuzz_dir;
	char			 path[96], old[128];
	struct run		 r;
	struct source_ops	 ops;
	struct source		*src;
	size_t			 i = 0, n, k, end, rotations = 0;
	int			 fd, op, seen;

	if (dir[0] == '\0') {
		const char	*base = getenv("FUZZ_SCRATCH");	/* set by run.sh */

		if (base == NULL)
			base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(dir, sizeof fuzz_dir, "%s/fuzz_source.%d", base, (int)getpid());
		mkdir(dir, 0700);
		atexit(remove_dir);
	}
	snprintf(path, sizeof path, "%s/log", dir);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	if (fd == -1)
		abort();

	memset(&r, 0, sizeof r);
	memset(&ops, 0, sizeof ops);
	ops.lines = on_lines;
	ops.event = on_event;
	ops.arg = &r;
	src = source_open_file(path, &ops);

	while (i < size && rotations < 16) {
		op = data[i++] % 6;
		n = 0;
		if (op != 3) {
			n = i < size ? data[i++] : 0;
			if (n > size - i)
				n = size - i;
		}
		switch (op) {
		case 0:
		case 1:
		case 2:
			write_all(fd, data + i, n);
			bytes_add(&r.cur, data + i, n);
			if (op != 2) {
				source_check(src);
				model_read(&r);
			}
			break;
		case 3:
			source_flush_partial(src);
			model_flush(&r);
			break;
		case 4:
			/* The source finishes the old file, flushes, moves on. */
			snprintf(old, sizeof old, "%s/log.%zu", dir, rotations++);
			if (rename(path, old) == -1)
				abort();
			close(fd);
			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
			if (fd == -1)
				abort();
			write_all(fd, data + i, n);
			source_check(src);
			model_read(&r);
			model_flush(&r);
			r.cur.len = 0;
			r.readto = 0;
			bytes_add(&r.cur, data + i, n);
			model_read(&r);
			break;
		case 5:
			if (ftruncate(fd, 0) == -1)
				abort();
			write_all(fd, data + i, n);
			/* Seen when shorter than what was read, or the bytes before changed. */
			end = r.readto;
			k = end < 64 ? end : 64;
			seen = end > 0 && (n < end ||
			    memcmp(data + i + end - k, r.cur.p + end - k, k) != 0);
			r.cur.len = 0;
			bytes_add(&r.cur, data + i, n);
			source_check(src);
			if (seen) {
				r.partial.len = 0;
				r.readto = 0;
				r.want_truncs++;
			}
			model_read(&r);
			break;
		}
		i += n;
	}
	source_check(src);
	model_read(&r);
	source_flush_partial(src);
	model_flush(&r);

	if (r.got.len != r.want.len ||
	    (r.got.len > 0 && memcmp(r.got.p, r.want.p, r.got.len) != 0))
		abort();
	if (r.truncs != r.want_truncs)
		abort();
	/*
	 * Virtual offsets count real bytes: a synthetic newline takes no
	 * space, so a call's voff is its stream position less the synthetic
	 * newlines before it.
	 */
	for (k = 0, end = 0; k < r.calls.len / (2 * sizeof(uint64_t)); k++) {
		uint64_t	 pv[2];
		size_t		 sp;

		memcpy(pv, r.calls.p + k * sizeof pv, sizeof pv);
		while (end < r.synth.len / sizeof sp) {
			memcpy(&sp, r.synth.p + end * sizeof sp, sizeof sp);
			if (sp >= pv[0])
				break;
			end++;
		}
		if (pv[1] != pv[0] - end)
			abort();
	}

	source_free(src);
	close(fd);
	unlink(path);
	while (rotations > 0) {
		snprintf(old, sizeof old, "%s/log.%zu", dir, --rotations);
		unlink(old);
	}
	free(r.got.p);
	free(r.calls.p);
	free(r.synth.p);
	free(r.want.p);
	free(r.cur.p);
	free(r.partial.p);
	return 0;
}
