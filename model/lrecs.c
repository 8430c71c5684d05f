/*
 * lrecs.c: the growable record array of the line store.
 *
 * Records are 16 bytes (struct lrec); times are int32 ms deltas against a
 * base per block of LSTORE_TBLOCK records (INT64_MIN: the block has no
 * base yet), so a record whose time is too far from its block's base is
 * clamped (lrec_delta). An array may be `borrowed`: a slice of a larger
 * allocation owned elsewhere (the head indexer's region); it then takes
 * a copy of its own the first time it must grow, and is never freed here.
 * Invariant: n <= size, and tbase has size / LSTORE_TBLOCK + 1 entries.
 */
#include "lrecs.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* Free the records of an array. */
void
lrecs_free(struct lrecs *a)
{
	if (!a->borrowed)
		free(a->r);
	free(a->tbase);
	memset(a, 0, sizeof *a);
	a->last_time = TIME_UNKNOWN;
}

/* A time as a delta against its block's base (INT32_MIN means "none"). */
static inline int32_t
lrec_delta(int64_t time, int64_t base)
{
	int64_t	d = time - base;

	if (d <= INT32_MIN)
		return INT32_MIN + 1;
	return d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

/* Append a record to an array. */
void
lrecs_push(struct lrecs *a, uint64_t off, unsigned level, uint32_t logger,
    int64_t time)
{
	struct lrec	*r;
	uint64_t	 blk = a->n / LSTORE_TBLOCK;
	uint64_t	 flags = 0;

	if (a->n == a->size) {
		a->size = a->size ? a->size * 2 : 4096;
		if (a->borrowed) {
			/* Outgrew its slice of the region: a copy of its own. */
			r = xreallocarray(NULL, a->size, sizeof *a->r);
			memcpy(r, a->r, a->n * sizeof *a->r);
			a->r = r;
			a->borrowed = 0;
		} else
			a->r = xreallocarray(a->r, a->size, sizeof *a->r);
		a->tbase = xreallocarray(a->tbase, a->size / LSTORE_TBLOCK + 1,
		    sizeof *a->tbase);
	}
	if (a->n % LSTORE_TBLOCK == 0)
		a->tbase[blk] = INT64_MIN;
	if (time == TIME_UNKNOWN) {
		time = a->last_time;
		flags |= LREC_F_NOTIME;
	} else
		a->last_time = time;
	r = &a->r[a->n++];
	r->word = (off & LREC_OFF_MASK) | ((uint64_t)(level & 7) << 48) | flags;
	r->logger = logger;
	if (time == TIME_UNKNOWN) {
		r->tdelta = INT32_MIN;
		return;
	}
	if (a->tbase[blk] == INT64_MIN)
		a->tbase[blk] = time;
	r->tdelta = lrec_delta(time, a->tbase[blk]);
}

/* Change the level of the record at position pos. */
void
lrecs_set_level(struct lrecs *a, uint64_t pos, unsigned level)
{
	assert(pos < a->n);
	a->r[pos].word = (a->r[pos].word & ~(UINT64_C(7) << 48)) |
	    ((uint64_t)(level & 7) << 48);
}

/* Time of the record at position pos of an array. */
int64_t
lrecs_time(const struct lrecs *a, uint64_t pos)
{
	const struct lrec	*r;

	assert(pos < a->n);
	r = &a->r[pos];
	if (r->tdelta == INT32_MIN)
		return TIME_UNKNOWN;
	return a->tbase[pos / LSTORE_TBLOCK] + r->tdelta;
}

/* Make room for n more records without growing one by one. */
void
lrecs_reserve(struct lrecs *a, uint64_t n)
{
	uint64_t	size = a->n + n;

	if (size <= a->size)
		return;
	size = (size + LSTORE_TBLOCK - 1) / LSTORE_TBLOCK * LSTORE_TBLOCK;
	a->r = xreallocarray(a->r, size, sizeof *a->r);
	a->tbase = xreallocarray(a->tbase, size / LSTORE_TBLOCK + 1,
	    sizeof *a->tbase);
	a->size = size;
}

/*
 * Give back the room of an array beyond an eighth more than it holds
 * (the region was sized for more records than came; with transparent
 * huge pages, parts of it never written are resident too).
 */
void
lrecs_shrink(struct lrecs *a)
{
	uint64_t	size = a->n + a->n / 8 + 4096;

	if (a->borrowed || size >= a->size)
		return;
	a->r = xreallocarray(a->r, size, sizeof *a->r);
	a->tbase = xreallocarray(a->tbase, size / LSTORE_TBLOCK + 1,
	    sizeof *a->tbase);
	a->size = size;
}

/*
 * Append every record of src to dst (room reserved), logger ids through
 * map (NULL: as they are), by lrecs_push's rules: a record that had no
 * time of its own takes dst's last one, as it would have had the arrays
 * been one from the start. dst may be the same memory as src at or below
 * src's position (each record is read before its slot can be written).
 * Written as one loop over locals: it runs over every record of a big
 * file's head.
 */
void
lrecs_append(struct lrecs *dst, const struct lrecs *src, const uint32_t *map)
{
	const struct lrec	*sr = src->r;
	const int64_t		*sb = src->tbase;
	struct lrec		*dr = dst->r;
	int64_t			*db = dst->tbase, t, base = INT64_MIN;
	int64_t			 last = dst->last_time;
	uint64_t		 i, n = src->n, k = dst->n, word;
	uint32_t		 logger;

	if (k % LSTORE_TBLOCK != 0)
		base = db[k / LSTORE_TBLOCK];
	for (i = 0; i < n; i++, k++) {
		word = sr[i].word;
		logger = map != NULL ? map[sr[i].logger] : sr[i].logger;
		if (!(word & LREC_F_NOTIME) && sr[i].tdelta != INT32_MIN) {
			t = sb[i / LSTORE_TBLOCK] + sr[i].tdelta;
			last = t;
		} else {
			t = last;
			word |= LREC_F_NOTIME;
		}
		if (k % LSTORE_TBLOCK == 0)
			base = db[k / LSTORE_TBLOCK] = INT64_MIN;
		dr[k].word = word;
		dr[k].logger = logger;
		if (t == TIME_UNKNOWN) {
			dr[k].tdelta = INT32_MIN;
			continue;
		}
		if (base == INT64_MIN)
			base = db[k / LSTORE_TBLOCK] = t;
		dr[k].tdelta = lrec_delta(t, base);
	}
	dst->n = k;
	dst->last_time = last;
	assert(dst->n <= dst->size);
}
