/* dashmodel.h: the dashboard's numbers per source, without curses. */
#ifndef DASHMODEL_H
#define DASHMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/level.h"
#include "stats.h"

#define DASHMODEL_TOP		5	/* loggers listed */
#define DASHMODEL_SPARK		60	/* minutes in the sparkline */
#define DASHMODEL_RECENT	5	/* minutes of "last 5m" */
#define DASHMODEL_RATE_SECS	10	/* seconds averaged for "now" */
#define DASHMODEL_SCAN_MAX	100000	/* records scanned back for the latest error */
#define DASHMODEL_LINE_MAX	1024	/* bytes of an error's first line kept */

struct lstore;

/* A source's records per second: a ring the caller keeps and fills. */
struct dashmodel_rate {
	const uint64_t	*slots;		/* slots[s % nslots]: records in second s */
	int		 nslots;
	int64_t		 sec;		/* newest second of the ring, 0: none yet */
	uint64_t	 peak;		/* most records in one second so far */
};

/* What the model reads of one source. */
struct dashmodel_src {
	const struct stats	*stats;	/* its counters (fed by its store) */
	struct lstore		*store;	/* scanned for the latest error */
	struct dashmodel_rate	 rate;
};

/* The latest ERROR-or-worse record of a source, found incrementally. */
struct dashmodel_err {
	int		 valid;		/* scanned at least once */
	uint64_t	 gen;		/* store generation of the scan */
	uint64_t	 scanned;	/* ids below this were looked at */
	uint64_t	 id;		/* UINT64_MAX: none found */
	int64_t		 time;		/* its time, or TIME_UNKNOWN */
	enum level	 level;
	char		*line;		/* its first line, raw bytes, owned */
	size_t		 len;
	int		 gone;		/* its text is gone (truncated) */
	int		 capped;	/* gave up: more than DASHMODEL_SCAN_MAX new */
};

/* What one block of the dashboard shows. */
struct dashmodel_block {
	int		 src;		/* source index, -1 for all sources */
	uint64_t	 records;
	uint64_t	 levels[LEVEL_COUNT];
	uint64_t	 recent[LEVEL_COUNT];	/* last DASHMODEL_RECENT minutes */
	int64_t		 newest;	/* newest time, TIME_UNKNOWN when none */
	int64_t		 first;		/* oldest time */
	int64_t		 spark_end;	/* minute of the last column, INT64_MIN none */
	uint64_t	 spark[DASHMODEL_SPARK];	/* ERROR+ per minute */
	uint64_t	 rate10;	/* records in the last DASHMODEL_RATE_SECS s */
	uint64_t	 peak;		/* most records in one second */
	int		 live;		/* records arrived in the rate ring's window */
	uint32_t	 top[DASHMODEL_TOP];	/* logger ids, most WARNING+ first */
	uint64_t	 topn[DASHMODEL_TOP][3];	/* own WARNING, ERROR, CRITICAL */
	int		 ntop;
	const struct dashmodel_err *err;	/* latest error, NULL for none */
};

/*
 * The model: blocks[0] is all sources together when there are several,
 * then one block per source in order.
 */
struct dashmodel {
	uint64_t		 counted;	/* records of every source at compute */
	struct dashmodel_err	*errs;		/* per source */
	uint64_t		*peaks;		/* per source */
	uint64_t		 peak_all;	/* all sources together */
	size_t			 nsrcs;		/* of errs and peaks */
	struct stats		 total;		/* all sources merged */
	struct dashmodel_block	*blocks;
	size_t			 nblocks;
};

void	dashmodel_init(struct dashmodel *);
void	dashmodel_free(struct dashmodel *);
/* Recompute every block from the sources' counters (now: ms on the rings' clock). */
void	dashmodel_compute(struct dashmodel *, const struct dashmodel_src *,
	    size_t nsrcs, int64_t now);
/* Records counted in every source so far (when it moves, the model is stale). */
uint64_t dashmodel_records(const struct dashmodel_src *, size_t nsrcs);
/* Records of a ring in second s (0 outside it). */
uint64_t dashmodel_rate_second(const struct dashmodel_rate *, int64_t s);
/* Records of a ring in the `secs` complete seconds before now (ms). */
uint64_t dashmodel_rate_sum(const struct dashmodel_rate *, int64_t now, int secs);
/* Bar height 1-8 of a sparkline value v out of max (0 when v is 0). */
int	dashmodel_bar(uint64_t v, uint64_t max);
/* n with thousands separators ("12,345"). */
void	dashmodel_num(char *, size_t, uint64_t n);
/* A duration in ms as "45s", "3m12s", "2h05m", "3d04h". */
void	dashmodel_age(char *, size_t, int64_t ms);
/* "HH:MM" of a minute since the epoch. */
void	dashmodel_hhmm(char *, size_t, int64_t minute);

#endif
