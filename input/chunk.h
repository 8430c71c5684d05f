/* chunk.h: read a byte range of a file in blocks of whole lines. */
#ifndef CHUNK_H
#define CHUNK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Called with each block: whole lines of buf[0..len) at file offset off. */
typedef void chunk_fn(void *arg, const char *buf, size_t len, uint64_t off);

#define CHUNK_NEWLINE	0x1	/* end an unterminated last line with '\n' */

/*
 * Read [from, to) of fd with pread in blocks of at most size bytes (buf
 * holds size + 1), each cut after its last newline so that fn sees whole
 * lines only; the block that reaches `to` is passed whole (with
 * CHUNK_NEWLINE, an unterminated last line gets a '\n' appended). Stops
 * early when the file ends (shrank under us) or *cancel (may be NULL)
 * becomes nonzero. Returns the offset reached.
 */
uint64_t	chunk_read(int fd, uint64_t from, uint64_t to, char *buf,
		    size_t size, int flags, _Atomic int *cancel, chunk_fn *fn,
		    void *arg);

/*
 * The blocks source.c hands over when it reads a regular file from some
 * offset to its end (source_read with no limit, then source_flush_partial):
 * its buffer of *bsize bytes (CHUNK_SOURCE_BLOCK at first) is filled from
 * the block's start and cut after its last newline; a buffer without one
 * is doubled (up to SOURCE_LINE_MAX + 1, where source.c cuts the line) and
 * stays doubled; the file's unterminated last line comes last, with a
 * '\n' appended. --print on two threads (cli/printpar.c) cuts a file only
 * where such a block starts, so that each piece is parsed from the same
 * buffers as the one-thread path.
 */
#define CHUNK_SOURCE_BLOCK	(256 * 1024)

/*
 * Where the block that starts at pos ends (the offset after its last
 * newline), *bsize grown as source.c would; `size` when the rest of the
 * file is its last read; 0 when a line reaches the cap (source.c cuts it)
 * or the file cannot be read.
 */
uint64_t	chunk_source_next(int fd, uint64_t pos, uint64_t size,
		    size_t *bsize);
/*
 * Hand [from, to) of a file of `size` bytes to fn in those blocks, *bsize
 * being the buffer size at `from`; *buf (of *bufsize bytes) is grown as
 * needed. A block holding a NUL byte is not handed over (source.c may skip
 * a hole there): the read stops at its start. Returns the offset reached:
 * `to`, or less at a NUL, when the file shrank, a read failed, a line
 * reached the cap, or *stop (may be NULL) became nonzero.
 */
uint64_t	chunk_read_source(int fd, uint64_t from, uint64_t to,
		    uint64_t size, size_t *bsize, char **buf, size_t *bufsize,
		    _Atomic int *stop, chunk_fn *fn, void *arg);

/* Newlines in [from, to) of fd (the line number at `to` is this + 1). */
uint64_t	chunk_count_lines(int fd, uint64_t from, uint64_t to);

#endif
