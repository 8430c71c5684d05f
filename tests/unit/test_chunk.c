/*
 * test_chunk.c: input/chunk.c reproduces the blocks source.c hands over
 * when it reads a regular file to its end (cli/printpar.c rests on it):
 * chunk_read_source from 0, or from any block start chunk_source_next
 * gives, passes the very same (offset, bytes) blocks as source_read +
 * source_flush_partial; a NUL stops it at its block.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/chunk.h"
#include "input/source.h"

/* The blocks one reader handed over. */
struct blocks {
	uint64_t	 off[4096];
	size_t		 len[4096];
	char		*text;
	size_t		 n;
	size_t		 total;
};

/* Record one block (offset, length, bytes). */
static void
blocks_add(struct blocks *b, const char *buf, size_t len, uint64_t off)
{
	assert_true(b->n < 4096);
	b->off[b->n] = off;
	b->len[b->n++] = len;
	b->text = realloc(b->text, b->total + len);
	assert_non_null(b->text);
	memcpy(b->text + b->total, buf, len);
	b->total += len;
}

/* source_ops lines: a block from source.c. */
static void
src_lines(void *arg, struct source *src, const char *buf, size_t len,
    uint64_t voff)
{
	blocks_add(arg, buf, len, voff);
}

/* chunk_fn: a block from chunk.c. */
static void
chunk_block(void *arg, const char *buf, size_t len, uint64_t off)
{
	blocks_add(arg, buf, len, off);
}

/* The blocks source.c hands over for path, read to its end. */
static void
read_source(const char *path, struct blocks *b)
{
	struct source_ops	 ops = { src_lines, NULL, NULL, b };
	struct source		*src = source_open_flags(SOURCE_FILE, path, &ops,
				    SOURCE_STREAM);

	while (source_read(src, 0) > 0)
		;
	source_flush_partial(src);
	source_free(src);
}

/* Both readers agree on a file made of these bytes; returns its block count. */
static size_t
check_file(const char *data, size_t size)
{
	char		 path[] = "/tmp/test_chunk_XXXXXX";
	int		 fd = mkstemp(path);
	struct blocks	*a = calloc(1, sizeof *a), *c = calloc(1, sizeof *c);
	char		*buf = NULL;
	size_t		 bufsize = 0, bsize = 0, i, nb;
	uint64_t	 pos, next;

	assert_true(fd != -1);
	assert_int_equal(write(fd, data, size), (ssize_t)size);
	read_source(path, a);
	assert_int_equal(chunk_read_source(fd, 0, size, size, &bsize, &buf,
	    &bufsize, NULL, chunk_block, c), size);
	assert_int_equal(a->n, c->n);
	for (i = 0; i < a->n; i++) {
		assert_int_equal(a->off[i], c->off[i]);
		assert_int_equal(a->len[i], c->len[i]);
	}
	assert_int_equal(a->total, c->total);
	assert_memory_equal(a->text, c->text, a->total);
	/* chunk_source_next walks the same block starts (the last read aside). */
	bsize = 0;
	for (pos = 0, i = 0; pos < size; pos = next, i++) {
		assert_true(i < a->n);
		assert_int_equal(pos, a->off[i]);
		next = chunk_source_next(fd, pos, size, &bsize);
		assert_true(next > pos);
		if (next == size)
			break;
	}
	/* From any block start, with the buffer size it has there. */
	if (a->n > 2) {
		struct blocks	*d = calloc(1, sizeof *d);

		bsize = 0;
		pos = chunk_source_next(fd, 0, size, &bsize);
		assert_int_equal(chunk_read_source(fd, pos, size, size, &bsize,
		    &buf, &bufsize, NULL, chunk_block, d), size);
		assert_int_equal(d->n, a->n - 1);
		for (i = 0; i < d->n; i++) {
			assert_int_equal(d->off[i], a->off[i + 1]);
			assert_int_equal(d->len[i], a->len[i + 1]);
		}
		free(d->text);
		free(d);
	}
	nb = a->n;
	free(a->text);
	free(c->text);
	free(a);
	free(c);
	free(buf);
	close(fd);
	unlink(path);
	return nb;
}

/* Lines of random lengths up to max; no final newline when `partial`. */
static char *
make_lines(size_t size, size_t max, int crlf, int partial, unsigned seed)
{
	char	*d = malloc(size);
	size_t	 i = 0, n;

	srand(seed);
	while (i < size) {
		n = (size_t)rand() % max;
		while (n-- > 0 && i < size)
			d[i++] = (char)('a' + rand() % 26);
		if (crlf && i < size)
			d[i++] = '\r';
		if (i < size)
			d[i++] = '\n';
	}
	if (!partial)
		d[size - 1] = '\n';
	else
		d[size - 1] = 'x';
	return d;
}

/* Short lines, CRLF, with and without a final newline. */
static void
test_short_lines(void **state)
{
	char	*d;

	d = make_lines(3 * 1024 * 1024 + 17, 200, 0, 0, 1);
	assert_true(check_file(d, 3 * 1024 * 1024 + 17) > 10);
	free(d);
	d = make_lines(2 * 1024 * 1024, 120, 1, 1, 2);
	check_file(d, 2 * 1024 * 1024);
	free(d);
	check_file("one line, no newline", 20);
	check_file("\n\n\n", 3);
}

/* Lines longer than source.c's buffer: it doubles and stays doubled. */
static void
test_long_lines(void **state)
{
	size_t	 size = 6 * 1024 * 1024, i;
	char	*d = make_lines(size, 300, 0, 0, 3);

	memset(d + 100000, 'L', 700000);		/* a 700 KB line */
	memset(d + 2000000, 'M', 1500000);		/* then a 1.5 MB one */
	for (i = 4000000; i < size; i += 100)
		d[i] = '\n';				/* short ones after */
	check_file(d, size);
	memset(d + size - 400000, 'E', 400000);		/* a long last line */
	check_file(d, size);
	free(d);
}

/* A NUL stops chunk_read_source at the start of its block. */
static void
test_nul_stops(void **state)
{
	char		 path[] = "/tmp/test_chunk_XXXXXX";
	int		 fd = mkstemp(path);
	size_t		 size = 1024 * 1024, bsize = 0, bufsize = 0;
	char		*d = make_lines(size, 100, 0, 0, 4), *buf = NULL;
	struct blocks	*b = calloc(1, sizeof *b);
	uint64_t	 at;

	d[600000] = '\0';
	assert_int_equal(write(fd, d, size), (ssize_t)size);
	at = chunk_read_source(fd, 0, size, size, &bsize, &buf, &bufsize, NULL,
	    chunk_block, b);
	assert_true(at <= 600000 && at + 256 * 1024 > 600000);
	assert_int_equal(b->total, at);
	assert_null(memchr(b->text, '\0', b->total));
	free(b->text);
	free(b);
	free(buf);
	free(d);
	close(fd);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_lines),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_nul_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
