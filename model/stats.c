/*
 * stats.c: record counts per level, logger and minute (the model behind
 * the dashboard, the logger tree panel and --stats; cli/report.c writes
 * the --stats report from them).
 *
 * A struct stats counts records per level and, through a struct lcounts,
 * per logger node and level (own records and subtree totals). The logger
 * tree itself is shared and passed in; a report shows only the nodes whose
 * subtree has records in the stats being written, so one tree serves all
 * sources.
 *
 * Per-minute counts by the records' own time live in a ring of
 * STATS_MINUTES slots (struct stats_minute), each tagged with its minute:
 * a slot whose tag is not the minute asked for holds nothing of it. The
 * ring spans the STATS_MINUTES minutes ending at the newest minute seen;
 * when a newer minute arrives, the slot it lands in is reset (its old
 * minute fell out of the window). A stale slot never needs clearing
 * ahead of time, so adding a record is O(1) whatever the gap in time.
 * The dashboard and --stats --json read the same ring.
 */
#include "stats.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "parsers/ptime.h"


/* Empty stats for a source. */
void
stats_init(struct stats *st, const char *name)
{
	int	i;

	memset(st, 0, sizeof *st);
	st->name = name;
	lcounts_init(&st->counts);
	st->first_time = st->newest_time = st->last_time = TIME_UNKNOWN;
	st->cur_minute = INT64_MIN;
	for (i = 0; i < STATS_MINUTES; i++)
		st->minutes[i].minute = INT64_MIN;
}

/* Free the counts. */
void
stats_free(struct stats *st)
{
	lcounts_free(&st->counts);
}

/* Minute of a time in ms, floored (times before 1970 too). */
int64_t
stats_minute_of(int64_t ms)
{
	int64_t	m = ms / STATS_MINUTE_MS;

	if (ms % STATS_MINUTE_MS < 0)
		m--;
	return m;
}

/* Ring slot of a minute. */
static struct stats_minute *
stats_slot(struct stats *st, int64_t minute)
{
	int64_t	i = minute % STATS_MINUTES;

	if (i < 0)
		i += STATS_MINUTES;
	return &st->minutes[i];
}

/*
 * The ring row of a minute, reset if it held an older minute, or NULL
 * when the minute is older than the ring (counted as late by callers).
 * Moves the newest time forward to newest (a time within the minute).
 */
static uint64_t *
stats_minute_row(struct stats *st, int64_t minute, int64_t time)
{
	struct stats_minute	*sm;

	if (st->newest_time == TIME_UNKNOWN || time > st->newest_time) {
		st->newest_time = time;
		st->newest_minute = minute;	/* the caller's minute of time */
	}
	if (st->first_time == TIME_UNKNOWN || time < st->first_time)
		st->first_time = time;
	if (minute <= st->newest_minute - STATS_MINUTES)
		return NULL;
	sm = stats_slot(st, minute);
	if (sm->minute != minute) {
		if (sm->minute > minute)
			return NULL;	/* cannot happen inside the window */
		memset(sm->levels, 0, sizeof sm->levels);
		sm->minute = minute;
	}
	return sm->levels;
}

/* Count one record. */
void
stats_add(struct stats *st, const struct ltree *t, uint32_t logger,
    enum level level, int64_t time)
{
	uint64_t	*row;
	int64_t		 minute;

	if ((unsigned)level >= LEVEL_COUNT)
		level = LEVEL_NONE;
	st->records++;
	st->levels[level]++;
	if (st->own_only)
		lcounts_add_own(&st->counts, t, logger, level);
	else
		lcounts_add(&st->counts, t, logger, level);

	if (time == TIME_UNKNOWN)
		time = st->last_time;
	if (time == TIME_UNKNOWN) {
		st->untimed++;
		return;
	}
	st->last_time = time;
	if (st->cur_minute != INT64_MIN && time >= st->cur_start &&
	    time - st->cur_start < STATS_MINUTE_MS)
		minute = st->cur_minute;
	else {
		minute = stats_minute_of(time);
		st->cur_minute = minute;
		st->cur_start = minute * STATS_MINUTE_MS;
	}
	if ((row = stats_minute_row(st, minute, time)) != NULL)
		row[level]++;
	else
		st->late++;
}

/* Count own records only until stats_finish_subtrees. */
void
stats_defer_subtrees(struct stats *st)
{
	st->own_only = 1;
}

/* Fill the subtree totals from the own counts; counting goes on normally. */
void
stats_finish_subtrees(struct stats *st, const struct ltree *t)
{
	if (!st->own_only)
		return;
	lcounts_fill_subtrees(&st->counts, t);
	st->own_only = 0;
}

/* Add src's counts into dst. */
void
stats_merge(struct stats *dst, const struct stats *src)
{
	stats_merge_map(dst, src, NULL, 0);
}

/* stats_merge for counts made in another logger tree: map[src id] = dst id. */
void
stats_merge_map(struct stats *dst, const struct stats *src, const uint32_t *map,
    uint32_t nmap)
{
	const uint64_t	*from;
	uint64_t	*row, n;
	int64_t		 head, q, t, first;
	int		 l;

	dst->records += src->records;
	for (l = 0; l < LEVEL_COUNT; l++)
		dst->levels[l] += src->levels[l];
	if (map != NULL)
		lcounts_merge_map(&dst->counts, &src->counts, map, nmap);
	else
		lcounts_merge(&dst->counts, &src->counts);

	dst->untimed += src->untimed;
	dst->late += src->late;
	if (src->newest_time == TIME_UNKNOWN)
		return;
	first = dst->first_time == TIME_UNKNOWN ||
	    src->first_time < dst->first_time ? src->first_time : dst->first_time;
	if (dst->last_time == TIME_UNKNOWN)
		dst->last_time = src->last_time;
	/* Oldest minute first, so the window only ever moves forward. */
	head = stats_minute_of(src->newest_time);
	for (q = head - STATS_MINUTES + 1; q <= head; q++) {
		from = stats_minute_levels(src, q);
		for (n = 0, l = 0; l < LEVEL_COUNT; l++)
			n += from[l];
		if (n == 0)
			continue;
		t = q == head ? src->newest_time : q * STATS_MINUTE_MS;
		if ((row = stats_minute_row(dst, q, t)) == NULL) {
			dst->late += n;
			continue;
		}
		for (l = 0; l < LEVEL_COUNT; l++)
			row[l] += from[l];
	}
	if (dst->newest_time == TIME_UNKNOWN || src->newest_time > dst->newest_time) {
		dst->newest_time = src->newest_time;
		dst->newest_minute = stats_minute_of(dst->newest_time);
	}
	dst->first_time = first;
}

/* Zero row for minutes the ring does not hold. */
static const uint64_t stats_zero_minute[LEVEL_COUNT];

/* The newest minute, or INT64_MIN. */
int64_t
stats_newest_minute(const struct stats *st)
{
	if (st->newest_time == TIME_UNKNOWN)
		return INT64_MIN;
	return stats_minute_of(st->newest_time);
}

/* Counts of one minute (zeros outside the ring). */
const uint64_t *
stats_minute_levels(const struct stats *st, int64_t minute)
{
	const struct stats_minute	*sm;
	int64_t				 i, head = stats_newest_minute(st);

	if (head == INT64_MIN || minute > head ||
	    minute <= head - STATS_MINUTES)
		return stats_zero_minute;
	i = minute % STATS_MINUTES;
	if (i < 0)
		i += STATS_MINUTES;
	sm = &st->minutes[i];
	return sm->minute == minute ? sm->levels : stats_zero_minute;
}

/* Sum of the last n minutes, per level. */
void
stats_recent(const struct stats *st, int n, uint64_t out[LEVEL_COUNT])
{
	const uint64_t	*row;
	int64_t		 head = stats_newest_minute(st), q;
	int		 l;

	memset(out, 0, LEVEL_COUNT * sizeof *out);
	if (head == INT64_MIN)
		return;
	if (n > STATS_MINUTES)
		n = STATS_MINUTES;
	for (q = head - n + 1; q <= head; q++) {
		row = stats_minute_levels(st, q);
		for (l = 0; l < LEVEL_COUNT; l++)
			out[l] += row[l];
	}
}
