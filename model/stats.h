/* stats.h: record counts per source, level, logger (a tree) and minute. */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/level.h"
#include "parsers/record.h"
#include "ltree.h"

#define STATS_MINUTES	120	/* minutes of per-level counts kept */
#define STATS_MINUTE_MS	60000

/* Records per level in one minute of the log's own time. */
struct stats_minute {
	int64_t		minute;		/* minutes since the epoch; INT64_MIN empty */
	uint64_t	levels[LEVEL_COUNT];
};

/*
 * Counts for one source (or the total of several). The logger tree is
 * shared: a struct stats only holds counts indexed by logger id, so the
 * report of a source lists just the loggers that source used.
 *
 * Per-minute counts (the dashboard's "last 5 minutes" and error
 * sparkline) are keyed by the records' own timestamps, not by when they
 * arrived: a ring of STATS_MINUTES slots, slot minute % STATS_MINUTES,
 * each tagged with the minute it holds. The ring covers the
 * STATS_MINUTES minutes ending at the newest minute seen; a record older
 * than that is counted in `late` only. A record without a time takes the
 * time of the record added before it (as the line store does); before
 * any timed record it is counted in `untimed`. Adding a record is O(1).
 */
struct stats {
	const char	*name;		/* source name, not owned */
	const char	*format;	/* format name or NULL, not owned */
	uint64_t	 records;
	uint64_t	 levels[LEVEL_COUNT];
	struct lcounts	 counts;	/* per logger node, owned */
	int		 own_only;	/* counts.sub left to stats_finish_subtrees */

	int64_t		 first_time;	/* oldest time seen (ms), TIME_UNKNOWN */
	int64_t		 newest_time;	/* newest time seen (ms), TIME_UNKNOWN */
	int64_t		 newest_minute;	/* its minute (no division per record) */
	int64_t		 last_time;	/* time of the last record added */
	uint64_t	 untimed;	/* records with no time, own or inherited */
	uint64_t	 late;		/* records older than the minute ring */
	int64_t		 cur_minute;	/* cache: minute of cur_start */
	int64_t		 cur_start;	/* ms where cur_minute begins */
	struct stats_minute minutes[STATS_MINUTES];
};

/*
 * For a bulk pass (background indexing): count only each logger's own
 * records, then fill the subtree totals once at the end with
 * stats_finish_subtrees -- one pass over the nodes instead of a walk up
 * the tree per record.
 */
void	stats_defer_subtrees(struct stats *);
void	stats_finish_subtrees(struct stats *, const struct ltree *);
/* Empty stats for a source called name (not copied: it must outlive them). */
void	stats_init(struct stats *, const char *name);
void	stats_free(struct stats *);
/*
 * Count one record of level from logger id (LTREE_ROOT: no logger), at
 * time ms since the epoch (TIME_UNKNOWN allowed).
 */
void	stats_add(struct stats *, const struct ltree *, uint32_t logger,
	    enum level, int64_t time);
/* Add everything counted in src into dst (for a total). */
void	stats_merge(struct stats *dst, const struct stats *src);
/* The same for counts made in another logger tree: map[src id] = dst id. */
void	stats_merge_map(struct stats *dst, const struct stats *src,
	    const uint32_t *map, uint32_t nmap);
/* Minute (since the epoch, floored) of a time in ms. */
int64_t	stats_minute_of(int64_t ms);
/* The newest minute with records, or INT64_MIN when no record had a time. */
int64_t	stats_newest_minute(const struct stats *);
/*
 * Per-level counts of one minute (zeros when it is outside the ring or
 * had no records). The pointer is valid until the next stats call.
 */
const uint64_t *stats_minute_levels(const struct stats *, int64_t minute);
/* Sum per level over the n minutes ending at the newest minute. */
void	stats_recent(const struct stats *, int n, uint64_t out[LEVEL_COUNT]);

#endif
