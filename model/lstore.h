/* lstore.h: the record index of one source (offsets, not text, for files). */
#ifndef LSTORE_H
#define LSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/parse.h"

struct ltree;
struct stats;

/*
 * One record in the index: 16 bytes. `word` packs the virtual offset of the
 * record's first byte (48 bits), its level (3 bits) and flags; `logger` is
 * an ltree id; `tdelta` is the time in ms relative to the time base of its
 * block of LSTORE_TBLOCK records (INT32_MIN when the block base is unknown).
 */
struct lrec {
	uint64_t	word;
	uint32_t	logger;
	int32_t		tdelta;
};

#define LREC_OFF_BITS	48
#define LREC_OFF_MASK	((UINT64_C(1) << LREC_OFF_BITS) - 1)
#define LREC_LEVEL(r)	((unsigned)(((r)->word >> 48) & 7))
#define LREC_F_NOTIME	(UINT64_C(1) << 51)	/* time inherited from an earlier record */
#define LREC_F_LOST	(UINT64_C(1) << 52)	/* text gone (file truncated under it) */
#define LREC_OFF(r)	((r)->word & LREC_OFF_MASK)

#define LSTORE_TBLOCK	1024
#define LSTORE_MAXREC	(1024 * 1024)	/* bytes of one record shown; the rest is marked */

struct lstore;

/*
 * Create an index for one source. Records are parsed with `fmt` (or auto
 * detection), loggers interned in `tree`, counted in `stats` (may be NULL).
 * keep_text: keep the bytes in memory (stdin, commands), at most cap bytes;
 * older records are dropped beyond it, with a note.
 */
struct lstore	*lstore_create(const struct pyfmt *, struct ltree *, struct stats *,
		     int keep_text, size_t cap);
void		 lstore_free(struct lstore *);

/* A new segment (file opened, rotated, truncated): `fd` is dup'ed. */
void		 lstore_segment(struct lstore *, uint64_t voff, int fd, int reset);
/* Whole lines from the source (buf ends with '\n'). */
void		 lstore_feed(struct lstore *, const char *buf, size_t len, uint64_t voff);

/* Record count, first record id (ids of dropped records are gone), and end offset. */
uint64_t	 lstore_count(const struct lstore *);
uint64_t	 lstore_first(const struct lstore *);
const struct lrec *lstore_get(const struct lstore *, uint64_t id);
/* The record array itself (ids first .. first + n - 1), for tight scans. */
const struct lrec *lstore_recs(const struct lstore *, uint64_t *first, uint64_t *n);
/* Timestamp of a record in ms (inherited from an earlier record when it had none). */
int64_t		 lstore_time(const struct lstore *, uint64_t id);
/*
 * Text of a record (lines joined by '\n', CRs kept; at most LSTORE_MAXREC
 * bytes). The pointer is valid until the next lstore call. *full is the
 * record's real length. Returns NULL when the text is gone.
 */
const char	*lstore_text(struct lstore *, uint64_t id, size_t *len, uint64_t *full);
/* The layout the store's parser learned from the source (parsers/infer.h). */
const struct infer *lstore_infer(const struct lstore *);
/*
 * The bytes of records [from, to) in one piece, line ends included (for
 * searching many records at once), *len of them: NULL when they cannot be
 * had in one piece of at most max bytes (several segments, text lost).
 * Valid until the next lstore_text or lstore_span.
 */
const char	*lstore_span(struct lstore *, uint64_t from, uint64_t to,
		    size_t max, size_t *len);
/*
 * A read-only snapshot of records for other threads (a view's rebuild
 * workers): the records [lo, hi) of the newest segment of a file, all but
 * the store's last one (whose level a following line may still set).
 * While held, those records are never moved, freed nor written, whatever
 * the main thread does to the store (appends, rotation, truncation, the
 * head landing); their bytes are read with pread on a fd of the
 * snapshot's own, so they may change on disk but never under memory.
 */
struct lsnap {
	const struct lrec *r;		/* r[0] is record lo */
	uint64_t	 lo, hi;
	uint64_t	 end;		/* virtual offset where record hi - 1 ends */
	uint64_t	 vstart;	/* the segment's virtual start */
	int		 fd;		/* own dup of the segment's fd */
};
/*
 * Take a snapshot (main thread); -1 when the store cannot give one: text
 * kept in memory, a head still being indexed, a segment without its fd,
 * fewer than two records in it.
 */
int		 lstore_hold(struct lstore *, struct lsnap *);
/* Give a snapshot back (main thread, after every reader is done). */
void		 lstore_release(struct lstore *, struct lsnap *);
/*
 * Any thread: the bytes of records [from, to) of a snapshot into buf
 * (line ends included), *len of them; NULL when they are more than max
 * (unless cut: then the first max) or the file ends short of them.
 */
const char	*lsnap_read(const struct lsnap *, uint64_t from, uint64_t to,
		    char *buf, size_t max, int cut, size_t *len);
/* Bumped when ids change meaning (records dropped or prepended). */
uint64_t	 lstore_generation(const struct lstore *);
/* Records that arrived through lstore_feed (not the background head): for rates. */
uint64_t	 lstore_fed(const struct lstore *);
/* Total records dropped for the memory cap. */
uint64_t	 lstore_dropped(const struct lstore *);

/*
 * Background indexing of a big file's head: after the tail was loaded
 * first (from `upto` on), [from, upto) is indexed by worker threads (from
 * is 0, or where --since starts: the bytes before it are never read), which
 * write one 0 byte to wake_fd (or -1: none) when they are done.
 * lstore_head_step (main thread: when wake_fd is readable, or now and
 * then) returns 1 while they work; once they are done it prepends the
 * head (ids shift, generation bumps) and returns 0.
 */
void		 lstore_head_begin(struct lstore *, uint64_t from, uint64_t upto,
		     int wake_fd);
int		 lstore_head_step(struct lstore *);
/* Progress of head indexing: bytes done and total (0/0 when none). */
void		 lstore_head_progress(const struct lstore *, uint64_t *done, uint64_t *total);

#endif
