/* test_archive.c: detection and decompression of gzip, zstd, bzip2 and xz. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <bzlib.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/xmalloc.h"
#include "input/archive.h"

static const enum archive_format formats[] = {
	ARCHIVE_GZIP, ARCHIVE_ZSTD, ARCHIVE_BZIP2, ARCHIVE_XZ
};

struct buf {
	char	*p;
	size_t	 len;
};

/* Log-like text of about n bytes that does not compress to nothing. */
static struct buf
make_text(size_t n, unsigned seed)
{
	struct buf	b = { xmalloc(n + 200), 0 };

	while (b.len < n) {
		seed = seed * 1103515245u + 12345u;
		b.len += (size_t)sprintf(b.p + b.len,
		    "2026-11-28 10:%02u:%02u,%03u - app.mod%u - %s - request %u took %u ms\n",
		    (seed >> 8) % 60, (seed >> 14) % 60, (seed >> 4) % 1000,
		    (seed >> 20) % 7, (seed & 16) ? "INFO" : "ERROR", seed,
		    (seed >> 10) % 997);
	}
	return b;
}

/* Compress src with the format's library. */
static struct buf
compress_buf(enum archive_format fmt, const char *src, size_t n)
{
	struct buf	 b;
	size_t		 cap = n + n / 2 + 4096;
	z_stream	 z;
	unsigned int	 blen;

	b.p = xmalloc(cap);
	b.len = 0;
	switch (fmt) {
	case ARCHIVE_GZIP:
		memset(&z, 0, sizeof z);
		assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY), Z_OK);
		z.next_in = (unsigned char *)(uintptr_t)src;
		z.avail_in = (uInt)n;
		z.next_out = (unsigned char *)b.p;
		z.avail_out = (uInt)cap;
		assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
		b.len = cap - z.avail_out;
		deflateEnd(&z);
		break;
	case ARCHIVE_ZSTD:
		b.len = ZSTD_compress(b.p, cap, src, n, 3);
		assert_false(ZSTD_isError(b.len));
		break;
	case ARCHIVE_BZIP2:
		blen = (unsigned int)cap;
		assert_int_equal(BZ2_bzBuffToBuffCompress(b.p, &blen,
		    (char *)(uintptr_t)src, (unsigned int)n, 9, 0, 0), BZ_OK);
		b.len = blen;
		break;
	case ARCHIVE_XZ:
		assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL,
		    (const uint8_t *)src, n, (uint8_t *)b.p, &b.len, cap), LZMA_OK);
		break;
	case ARCHIVE_NONE:
		fail();
	}
	return b;
}

/* A file holding these bytes (an anonymous memfd), at offset 0. */
static int
file_of(const char *p, size_t len)
{
	int	fd = memfd_create("archive", 0);

	assert_true(fd != -1);
	assert_int_equal(write(fd, p, len), (ssize_t)len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* Decompress all of fd in reads of `chunk` bytes; returns the status of the last read. */
static int
decode_all(int fd, enum archive_format fmt, size_t chunk, struct buf *out,
    char **error)
{
	struct archive	*a = archive_create(fd, fmt);
	size_t		 cap = 1024;
	ssize_t		 n;

	out->p = xmalloc(cap);
	out->len = 0;
	for (;;) {
		if (out->len + chunk > cap) {
			cap = (out->len + chunk) * 2;
			out->p = xrealloc(out->p, cap);
		}
		n = archive_read(a, out->p + out->len, chunk);
		if (n <= 0)
			break;
		out->len += (size_t)n;
	}
	assert_int_equal((uint64_t)out->len, archive_out(a));
	*error = archive_error(a) != NULL ? xstrdup(archive_error(a)) : NULL;
	if (getenv("TEST_ARCHIVE_DEBUG") != NULL)
		fprintf(stderr, "fmt %d: %zd, %zu bytes, %s\n", (int)fmt, n,
		    out->len, *error != NULL ? *error : "ok");
	archive_free(a);
	return (int)n;
}

/* Magic bytes decide, not names; near misses are plain. */
static void
test_detect(void **state)
{
	assert_int_equal(archive_detect("\x1f\x8b\x08\0", 4), ARCHIVE_GZIP);
	assert_int_equal(archive_detect("\x28\xb5\x2f\xfd\x04", 5), ARCHIVE_ZSTD);
	assert_int_equal(archive_detect("\x50\x2a\x4d\x18", 4), ARCHIVE_ZSTD);
	assert_int_equal(archive_detect("BZh91AY", 7), ARCHIVE_BZIP2);
	assert_int_equal(archive_detect("\xfd" "7zXZ\0\0", 6), ARCHIVE_XZ);
	assert_int_equal(archive_detect("\x1f\x8b", 2), ARCHIVE_NONE);
	assert_int_equal(archive_detect("\x1f\x8b\x07", 3), ARCHIVE_NONE);
	assert_int_equal(archive_detect("BZh0", 4), ARCHIVE_NONE);
	assert_int_equal(archive_detect("BZ", 2), ARCHIVE_NONE);
	assert_int_equal(archive_detect("\xfd" "7zXZ", 5), ARCHIVE_NONE);
	assert_int_equal(archive_detect("2026-11-28 INFO x\n", 18), ARCHIVE_NONE);
	assert_int_equal(archive_detect("", 0), ARCHIVE_NONE);
	assert_string_equal(archive_format_name(ARCHIVE_XZ), "xz");
}

/* archive_detect_fd reads a file's start; an empty file is plain. */
static void
test_detect_fd(void **state)
{
	size_t		i;
	struct buf	t = make_text(1000, 1), c;
	int		fd;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		c = compress_buf(formats[i], t.p, t.len);
		fd = file_of(c.p, c.len);
		assert_int_equal(archive_detect_fd(fd), formats[i]);
		close(fd);
		free(c.p);
	}
	fd = file_of("", 0);
	assert_int_equal(archive_detect_fd(fd), ARCHIVE_NONE);
	close(fd);
	free(t.p);
}

/* Every format round-trips byte-exact, whatever the read size. */
static void
test_roundtrip(void **state)
{
	static const size_t	 chunks[] = { 1, 7, 4096, 1 << 20 };
	struct buf		 t = make_text(700 * 1024, 2), c, out;
	size_t			 i, k;
	char			*err;
	int			 fd;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		c = compress_buf(formats[i], t.p, t.len);
		for (k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
			if (chunks[k] == 1 && formats[i] != ARCHIVE_GZIP)
				continue;	/* slow; one format is enough */
			fd = file_of(c.p, c.len);
			assert_int_equal(decode_all(fd, formats[i], chunks[k], &out,
			    &err), 0);
			assert_null(err);
			assert_int_equal(out.len, t.len);
			assert_memory_equal(out.p, t.p, t.len);
			free(out.p);
			close(fd);
		}
		free(c.p);
	}
	free(t.p);
}

/* Concatenated members / frames / streams are one text (as zcat prints them). */
static void
test_concatenated(void **state)
{
	struct buf	 t1 = make_text(50000, 3), t2 = make_text(70000, 4), c1, c2,
			 out, all;
	size_t		 i;
	char		*err;
	int		 fd;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		c1 = compress_buf(formats[i], t1.p, t1.len);
		c2 = compress_buf(formats[i], t2.p, t2.len);
		all.p = xmalloc(c1.len + c2.len + 16);
		memcpy(all.p, c1.p, c1.len);
		memcpy(all.p + c1.len, c2.p, c2.len);
		all.len = c1.len + c2.len;
		if (formats[i] == ARCHIVE_GZIP) {	/* zero padding, as tapes had */
			memset(all.p + all.len, 0, 16);
			all.len += 16;
		}
		fd = file_of(all.p, all.len);
		assert_int_equal(decode_all(fd, formats[i], 65536, &out, &err), 0);
		assert_null(err);
		assert_int_equal(out.len, t1.len + t2.len);
		assert_memory_equal(out.p, t1.p, t1.len);
		assert_memory_equal(out.p + t1.len, t2.p, t2.len);
		free(out.p);
		close(fd);
		free(all.p);
		free(c1.p);
		free(c2.p);
	}
	free(t1.p);
	free(t2.p);
}

/* An archive of nothing is an empty text, no error. */
static void
test_empty(void **state)
{
	struct buf	 c, out;
	size_t		 i;
	char		*err;
	int		 fd;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		c = compress_buf(formats[i], "", 0);
		fd = file_of(c.p, c.len);
		assert_int_equal(archive_detect_fd(fd), formats[i]);
		assert_int_equal(decode_all(fd, formats[i], 4096, &out, &err), 0);
		assert_null(err);
		assert_int_equal(out.len, 0);
		free(out.p);
		close(fd);
		free(c.p);
	}
}

/* Parse N of "corrupt at byte N". */
static unsigned long long
corrupt_at(const char *err)
{
	const char	*p = strstr(err, "corrupt at byte ");

	assert_non_null(p);
	return strtoull(p + 16, NULL, 10);
}

/* Cut in half: the text before the cut comes out exactly, then "truncated". */
static void
test_truncated(void **state)
{
	struct buf	 t = make_text(400 * 1024, 5), c, out;
	size_t		 i, cut;
	char		*err;
	int		 fd;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		c = compress_buf(formats[i], t.p, t.len);
		cut = c.len / 2;
		fd = file_of(c.p, cut);
		assert_int_equal(decode_all(fd, formats[i], 65536, &out, &err), -1);
		assert_non_null(err);
		assert_non_null(strstr(err, "truncated"));
		assert_int_equal(corrupt_at(err), cut);
		/* bzip2 decodes whole 900 k blocks: nothing of a cut first block. */
		if (formats[i] != ARCHIVE_BZIP2)
			assert_true(out.len > t.len / 4);
		assert_true(out.len < t.len);
		assert_memory_equal(out.p, t.p, out.len);
		free(err);
		free(out.p);
		close(fd);
		/* Cut one byte short: every format still notices. */
		fd = file_of(c.p, c.len - 1);
		assert_int_equal(decode_all(fd, formats[i], 65536, &out, &err), -1);
		assert_non_null(err);
		assert_memory_equal(out.p, t.p, out.len);
		free(err);
		free(out.p);
		close(fd);
		free(c.p);
	}
	free(t.p);
}

/* Damaged bytes: an error with an offset inside the file, never a crash. */
static void
test_corrupt(void **state)
{
	struct buf	 t = make_text(300 * 1024, 6), c, out;
	size_t		 i, at;
	char		*err;
	int		 fd;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		c = compress_buf(formats[i], t.p, t.len);
		at = c.len / 3;
		memset(c.p + at, 0x55, 64);
		fd = file_of(c.p, c.len);
		assert_int_equal(decode_all(fd, formats[i], 65536, &out, &err), -1);
		assert_non_null(err);
		assert_true(corrupt_at(err) <= c.len);
		/*
		 * What a decoder writes before it meets the damage (or before a
		 * block's check fails) is written, as zcat and bzcat do: only
		 * the text of the blocks before the damaged one is known good.
		 */
		assert_true(out.len >= t.len / 8 || formats[i] == ARCHIVE_ZSTD ||
		    formats[i] == ARCHIVE_BZIP2);
		free(err);
		free(out.p);
		close(fd);
		free(c.p);
	}
	free(t.p);
}

/* A bad gzip CRC or trailing garbage: the whole text, then the error. */
static void
test_gzip_trailer(void **state)
{
	struct buf	 t = make_text(100 * 1024, 7), c, out;
	char		*err, *g;
	int		 fd;

	c = compress_buf(ARCHIVE_GZIP, t.p, t.len);
	c.p[c.len - 8] ^= 1;		/* the CRC32 */
	fd = file_of(c.p, c.len);
	assert_int_equal(decode_all(fd, ARCHIVE_GZIP, 65536, &out, &err), -1);
	assert_non_null(err);
	assert_true(out.len <= t.len);
	assert_memory_equal(out.p, t.p, out.len);
	assert_true(out.len >= t.len - 65536);
	free(err);
	free(out.p);
	close(fd);
	c.p[c.len - 8] ^= 1;
	g = xmalloc(c.len + 5);
	memcpy(g, c.p, c.len);
	memcpy(g + c.len, "junk\n", 5);
	fd = file_of(g, c.len + 5);
	assert_int_equal(decode_all(fd, ARCHIVE_GZIP, 65536, &out, &err), -1);
	assert_non_null(err);
	assert_int_equal(corrupt_at(err), c.len);
	assert_int_equal(out.len, t.len);
	assert_memory_equal(out.p, t.p, t.len);
	free(err);
	free(out.p);
	close(fd);
	free(g);
	free(c.p);
	free(t.p);
}

/* The TUI's way: an unlinked temporary file with the exact text. */
static void
test_tmpfile(void **state)
{
	struct buf	 t = make_text(300 * 1024, 8), c;
	char		*cause = NULL, *back;
	int		 fd, tfd;

	c = compress_buf(ARCHIVE_ZSTD, t.p, t.len);
	fd = file_of(c.p, c.len);
	assert_int_equal(archive_to_tmpfile(fd, ARCHIVE_ZSTD, &tfd, &cause), 0);
	assert_null(cause);
	assert_int_equal(lseek(tfd, 0, SEEK_END), (off_t)t.len);
	back = xmalloc(t.len);
	assert_int_equal(pread(tfd, back, t.len, 0), (ssize_t)t.len);
	assert_memory_equal(back, t.p, t.len);
	close(tfd);
	close(fd);
	/* Truncated: what came before the cut, and the cause. */
	fd = file_of(c.p, c.len / 2);
	assert_int_equal(archive_to_tmpfile(fd, ARCHIVE_ZSTD, &tfd, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "corrupt at byte"));
	assert_true(tfd != -1);
	assert_true(lseek(tfd, 0, SEEK_END) > 0);
	assert_int_equal(pread(tfd, back, t.len, 0), lseek(tfd, 0, SEEK_END));
	assert_memory_equal(back, t.p, (size_t)lseek(tfd, 0, SEEK_END));
	free(cause);
	close(tfd);
	close(fd);
	/* No temporary file possible: a clear cause, no fd. */
	fd = file_of(c.p, c.len);
	setenv("TMPDIR", "/nonexistent-tailor-test", 1);
	assert_int_equal(archive_to_tmpfile(fd, ARCHIVE_ZSTD, &tfd, &cause), -1);
	unsetenv("TMPDIR");
	assert_int_equal(tfd, -1);
	assert_non_null(strstr(cause, "cannot make a temporary file in "
	    "/nonexistent-tailor-test"));
	free(cause);
	close(fd);
	free(back);
	free(c.p);
	free(t.p);
}

/* --print's way: a thread and a pipe; an early close stops the thread. */
static void
test_pipe(void **state)
{
	struct buf		 t = make_text(2 * 1024 * 1024, 9), c;
	struct archive_pipe	*ap;
	char			*cause = NULL, *back = xmalloc(t.len + 1);
	size_t			 len = 0;
	ssize_t			 n;
	int			 rfd;

	c = compress_buf(ARCHIVE_XZ, t.p, t.len);
	ap = archive_pipe_start(file_of(c.p, c.len), ARCHIVE_XZ, &rfd);
	assert_non_null(ap);
	while ((n = read(rfd, back + len, t.len + 1 - len)) > 0)
		len += (size_t)n;
	assert_int_equal(len, t.len);
	assert_memory_equal(back, t.p, t.len);
	close(rfd);
	assert_int_equal(archive_pipe_finish(ap, &cause), 0);

	/* The reader stops after one read: the thread must end anyway. */
	ap = archive_pipe_start(file_of(c.p, c.len), ARCHIVE_XZ, &rfd);
	assert_true(read(rfd, back, 100) > 0);
	close(rfd);
	assert_int_equal(archive_pipe_finish(ap, &cause), 0);

	/* Truncated: the text before the cut, then the cause at the join. */
	ap = archive_pipe_start(file_of(c.p, c.len / 2), ARCHIVE_XZ, &rfd);
	len = 0;
	while ((n = read(rfd, back + len, t.len + 1 - len)) > 0)
		len += (size_t)n;
	assert_true(len < t.len);
	assert_memory_equal(back, t.p, len);
	close(rfd);
	assert_int_equal(archive_pipe_finish(ap, &cause), -1);
	assert_non_null(strstr(cause, "corrupt at byte"));
	free(cause);
	free(back);
	free(c.p);
	free(t.p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_detect_fd),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_gzip_trailer),
		cmocka_unit_test(test_tmpfile),
		cmocka_unit_test(test_pipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
