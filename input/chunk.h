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

/* Newlines in [from, to) of fd (the line number at `to` is this + 1). */
uint64_t	chunk_count_lines(int fd, uint64_t from, uint64_t to);

#endif
