/*
 * lrecs.h: a growable array of index records (struct lrec) with a time
 * base per block of LSTORE_TBLOCK records; private to model/ (the line
 * store and its head indexer).
 */
#ifndef LRECS_H
#define LRECS_H

#include <stdint.h>

#include "lstore.h"

/* A growable array of records with per-block time bases. */
struct lrecs {
	struct lrec	*r;
	int64_t		*tbase;		/* per LSTORE_TBLOCK records; INT64_MIN unknown */
	uint64_t	 n;
	uint64_t	 size;
	int64_t		 last_time;	/* last known time, for records without one */
	int		 seen_start;	/* a real record start was seen in this segment */
	int		 borrowed;	/* r is a slice of struct lhead's region */
};

/* Free the records of an array (not a borrowed slice) and empty it. */
void	lrecs_free(struct lrecs *);
/* Append a record (a time of TIME_UNKNOWN takes the last known one). */
void	lrecs_push(struct lrecs *, uint64_t off, unsigned level,
	    uint32_t logger, int64_t time);
/* Change the level of the record at position pos. */
void	lrecs_set_level(struct lrecs *, uint64_t pos, unsigned level);
/* Time of the record at position pos. */
int64_t	lrecs_time(const struct lrecs *, uint64_t pos);
/* Make room for n more records. */
void	lrecs_reserve(struct lrecs *, uint64_t n);
/* Give back room beyond an eighth more than the array holds. */
void	lrecs_shrink(struct lrecs *);
/* Append every record of src to dst (room reserved), logger ids through map. */
void	lrecs_append(struct lrecs *dst, const struct lrecs *src,
	    const uint32_t *map);

#endif
