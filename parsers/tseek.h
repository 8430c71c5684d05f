/* tseek.h: find where a time begins in a time-ordered log file, by bisection. */
#ifndef TSEEK_H
#define TSEEK_H

#include <stdint.h>

struct pyfmt;

/*
 * An offset of a record start in fd's first `size` bytes at or before the
 * first record whose time is >= since, found by bisection over the file
 * (each probe preads a window, finds a record start with a time, reads
 * the time): a few dozen preads for any size. Records before the result
 * may still be >= since only if the file is out of order: every probe is
 * checked against its neighbours and a disorder returns -1 (scan the
 * file instead). Returns 0 and *off (0 when since is at or before the
 * first timed record), or -1.
 */
int	tseek_since(int fd, uint64_t size, const struct pyfmt *fmt,
	    int64_t since, uint64_t *off);

/*
 * The time of the last timed record start in fd's first `size` bytes
 * (looked for in the last few MB); 0, or -1 when there is none.
 */
int	tseek_last(int fd, uint64_t size, const struct pyfmt *fmt, int64_t *t);

#endif
