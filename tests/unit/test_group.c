/* test_group.c: lines into records, in any chunking; the tail offset for -n. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parsers/group.h"

/* Records collected by the emit callback, as "line:nlines:level:text|". */
struct sink {
	char	buf[65536];
	size_t	len;
	int	n;
};

static void
sink_emit(void *arg, const struct grec *r)
{
	struct sink	*s = arg;

	s->len += (size_t)snprintf(s->buf + s->len, sizeof s->buf - s->len,
	    "%llu:%u:%s:%.*s|", (unsigned long long)r->line, r->nlines,
	    level_name(r->f.level), (int)r->len, r->text);
	s->n++;
}

static const char sample[] =
    "preamble line\n"
    "2024-01-02 03:04:05,006 - app.db - INFO - connected\n"
    "2024-01-02 03:04:05,007 - app.api - ERROR - boom\n"
    "Traceback (most recent call last):\n"
    "  File \"x.py\", line 1, in f\n"
    "KeyError: 'user'\n"
    "2024-01-02 03:04:06,000 - app - WARNING - slow\r\n"
    "2024-01-02 03:04:07,000 - app - DEBUG - last\n";

/* Feed sample in chunks of `chunk` bytes (whole lines only, as a source does). */
static void
feed_chunked(struct sink *s, size_t chunk)
{
	struct group	 g;
	const char	*p = sample, *end = sample + strlen(sample);

	memset(s, 0, sizeof *s);
	group_init(&g, NULL, sink_emit, s);
	while (p < end) {
		const char	*q = p + chunk < end ? p + chunk : end;
		const char	*nl;
		char		*copy;
		size_t		 n;

		/* Extend to the end of a line, as the source hands whole lines. */
		nl = memchr(q - 1, '\n', (size_t)(end - (q - 1)));
		q = nl + 1;
		n = (size_t)(q - p);
		copy = malloc(n);
		memcpy(copy, p, n);
		group_feed(&g, copy, n, (uint64_t)(p - sample));
		memset(copy, 'X', n);	/* the group must not keep pointers into it */
		free(copy);
		p = q;
	}
	group_flush(&g);
	group_free(&g);
}

/* Every chunking gives the same records, with tracebacks kept and CR dropped. */
static void
test_group_chunks(void **state)
{
	struct sink	ref, s;
	size_t		chunk;

	feed_chunked(&ref, strlen(sample));
	assert_int_equal(ref.n, 5);
	assert_non_null(strstr(ref.buf, "1:1:NONE:preamble line|"));
	assert_non_null(strstr(ref.buf, "3:4:ERROR:2024-01-02 03:04:05,007 - "
	    "app.api - ERROR - boom\nTraceback (most recent call last):\n"
	    "  File \"x.py\", line 1, in f\nKeyError: 'user'|"));
	assert_non_null(strstr(ref.buf, "7:1:WARNING:2024-01-02 03:04:06,000 - "
	    "app - WARNING - slow|"));
	for (chunk = 1; chunk < strlen(sample); chunk++) {
		feed_chunked(&s, chunk);
		assert_string_equal(s.buf, ref.buf);
	}
}

/* A search callback over raw input: memmem of a fixed word. */
static int
find_word(void *arg, const char *buf, size_t len, size_t from, size_t *hit)
{
	const char	*w = arg;
	const char	*p;

	p = memmem(buf + from, len - from, w, strlen(w));
	if (p == NULL)
		return 0;
	*hit = (size_t)(p - buf);
	return 1;
}

/* Sparse feeding finds the same records that contain the word, with line numbers. */
static void
test_group_sparse(void **state)
{
	static char	word[] = "KeyError";
	struct sink	s;
	struct group	g;

	memset(&s, 0, sizeof s);
	group_init(&g, NULL, sink_emit, &s);
	group_feed_sparse(&g, sample, strlen(sample), 0, find_word, word, 1);
	group_flush(&g);
	group_free(&g);
	/* The ERROR record (found through its traceback) and the last record (kept pending). */
	assert_non_null(strstr(s.buf, "3:4:ERROR:"));
	assert_null(strstr(s.buf, "INFO"));
	assert_non_null(strstr(s.buf, "8:1:DEBUG:"));
}

/* group_tail_offset finds where the last n records start. */
static void
test_group_tail(void **state)
{
	char	path[] = "/tmp/test_group_XXXXXX";
	int	fd = mkstemp(path);
	size_t	len = strlen(sample);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, sample, len), (ssize_t)len);
	assert_int_equal(group_tail_offset(fd, len, 1, NULL),
	    (uint64_t)(strstr(sample, "2024-01-02 03:04:07") - sample));
	assert_int_equal(group_tail_offset(fd, len, 3, NULL),
	    (uint64_t)(strstr(sample, "2024-01-02 03:04:05,007") - sample));
	assert_int_equal(group_tail_offset(fd, len, 5, NULL), 0);
	assert_int_equal(group_tail_offset(fd, len, 50, NULL), 0);
	close(fd);
	unlink(path);
}

/* A plain-text file: every line is a record. */
static void
test_group_tail_plain(void **state)
{
	char	path[] = "/tmp/test_group_XXXXXX";
	int	fd = mkstemp(path);
	char	text[4096];
	size_t	len = 0;
	int	i;

	for (i = 0; i < 100; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "line %d\n", i);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(group_tail_offset(fd, len, 3, NULL),
	    (uint64_t)(strstr(text, "line 97") - text));
	close(fd);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_chunks),
		cmocka_unit_test(test_group_sparse),
		cmocka_unit_test(test_group_tail),
		cmocka_unit_test(test_group_tail_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
