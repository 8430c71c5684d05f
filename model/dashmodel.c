/*
 * dashmodel.c: the dashboard's numbers (tui/dashboard.c draws them).
 *
 * One block per source, and one for all of them together (first, when
 * there are several). A block holds: records in the last
 * DASHMODEL_RATE_SECS complete seconds of the source's rate ring and the
 * peak second; records per level, in all and in the last DASHMODEL_RECENT
 * minutes of the log's own time; ERROR-or-worse per minute over the
 * DASHMODEL_SPARK minutes ending at the newest timestamp seen; the
 * DASHMODEL_TOP loggers with the most WARNING-or-worse records of their
 * own; the latest ERROR-or-worse record (its first line, level and time).
 *
 * Every count comes from the struct stats the line store feeds as it
 * parses (the counters --stats prints): per level, per logger node, and
 * the per-minute ring keyed by the records' own time. Nothing here walks
 * the records, except to find the latest error: new records only are
 * scanned backwards from the end of each store (at most DASHMODEL_SCAN_MAX
 * per look), so the work is O(new records).
 *
 * Ownership: the model owns its blocks, the merged total and each
 * source's latest-error state (errs[i].line); a block's err points into
 * errs (or is NULL) until the next dashmodel_compute. The sources' stats,
 * stores and rate rings belong to the caller and are only read (the store
 * is read, and its text cache may move). No curses here.
 */
#include "dashmodel.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "lstore.h"
#include "ltree.h"

/* Empty model. */
void
dashmodel_init(struct dashmodel *m)
{
	memset(m, 0, sizeof *m);
	stats_init(&m->total, "all sources");
}

/* Free what the model owns. */
void
dashmodel_free(struct dashmodel *m)
{
	size_t	i;

	for (i = 0; i < m->nsrcs; i++)
		free(m->errs[i].line);
	free(m->errs);
	free(m->peaks);
	free(m->blocks);
	stats_free(&m->total);
	memset(m, 0, sizeof *m);
}

/* Records of a ring in second s: slot s holds it when sec - nslots < s <= sec. */
uint64_t
dashmodel_rate_second(const struct dashmodel_rate *r, int64_t s)
{
	if (r->slots == NULL || r->nslots <= 0 || r->sec == 0 ||
	    s > r->sec || s <= r->sec - r->nslots || s < 0)
		return 0;
	return r->slots[s % r->nslots];
}

/* Records of a ring in the last `secs` complete seconds before now. */
uint64_t
dashmodel_rate_sum(const struct dashmodel_rate *r, int64_t now, int secs)
{
	int64_t		s, nowsec = now / 1000;
	uint64_t	sum = 0;

	for (s = nowsec - secs; s < nowsec; s++)
		sum += dashmodel_rate_second(r, s);
	return sum;
}

/* Records counted in every source so far. */
uint64_t
dashmodel_records(const struct dashmodel_src *srcs, size_t nsrcs)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < nsrcs; i++)
		n += srcs[i].stats->records;
	return n;
}

/* Find the latest ERROR+ record in the records new since the last look. */
static void
dashmodel_err_scan(struct dashmodel_err *e, struct lstore *ls)
{
	uint64_t		 count = lstore_count(ls);
	uint64_t		 first = lstore_first(ls), id, stop, full;
	const struct lrec	*r;
	const char		*text, *nl;
	size_t			 len;

	if (!e->valid || e->gen != lstore_generation(ls) ||
	    e->scanned > count || (e->id != UINT64_MAX && e->id < first)) {
		/* First look, or ids changed meaning: start over. */
		e->valid = 1;
		e->gen = lstore_generation(ls);
		e->scanned = first;
		e->id = UINT64_MAX;
		e->capped = 0;
	}
	if (e->scanned < first)
		e->scanned = first;
	if (count == e->scanned)
		return;
	stop = e->scanned;
	if (count - stop > DASHMODEL_SCAN_MAX)
		stop = count - DASHMODEL_SCAN_MAX;
	for (id = count; id > stop; id--) {
		r = lstore_get(ls, id - 1);
		if (LREC_LEVEL(r) >= LEVEL_ERROR)
			break;
	}
	if (id == stop) {
		/* None among the new records; if some were skipped, say so. */
		if (stop > e->scanned) {
			e->id = UINT64_MAX;
			e->capped = 1;
		}
		e->scanned = count;
		return;
	}
	e->scanned = count;
	e->capped = 0;
	e->id = id - 1;
	r = lstore_get(ls, e->id);
	e->level = (enum level)LREC_LEVEL(r);
	e->time = lstore_time(ls, e->id);
	free(e->line);
	e->line = NULL;
	e->len = 0;
	e->gone = 0;
	text = lstore_text(ls, e->id, &len, &full);
	if (text == NULL) {
		e->gone = 1;
		return;
	}
	if ((nl = memchr(text, '\n', len)) != NULL)
		len = (size_t)(nl - text);
	if (len > 0 && text[len - 1] == '\r')
		len--;
	if (len > DASHMODEL_LINE_MAX)
		len = DASHMODEL_LINE_MAX;
	e->line = xstrndup(text, len);
	e->len = len;
}

/* Put logger id with own counts self among a block's top loggers. */
static void
dashmodel_top_add(struct dashmodel_block *b, uint32_t id, const uint64_t *self)
{
	uint64_t	n;
	int		i, j;

	n = self[LEVEL_WARNING] + self[LEVEL_ERROR] + self[LEVEL_CRITICAL];
	if (n == 0)
		return;
	/* Below the loggers with as many or more: ties keep id order. */
	for (i = b->ntop; i > 0; i--) {
		const uint64_t	*o = b->topn[i - 1];

		if (o[0] + o[1] + o[2] >= n)
			break;
	}
	if (i >= DASHMODEL_TOP)
		return;
	if (b->ntop < DASHMODEL_TOP)
		b->ntop++;
	for (j = b->ntop - 1; j > i; j--) {
		b->top[j] = b->top[j - 1];
		memcpy(b->topn[j], b->topn[j - 1], sizeof b->topn[j]);
	}
	b->top[i] = id;
	b->topn[i][0] = self[LEVEL_WARNING];
	b->topn[i][1] = self[LEVEL_ERROR];
	b->topn[i][2] = self[LEVEL_CRITICAL];
}

/* Fill the counters of a block from its stats. */
static void
dashmodel_block_counts(struct dashmodel_block *b, const struct stats *st)
{
	const uint64_t	*row;
	uint32_t	 id;
	int		 i;

	b->records = st->records;
	memcpy(b->levels, st->levels, sizeof b->levels);
	stats_recent(st, DASHMODEL_RECENT, b->recent);
	b->newest = st->newest_time;
	b->first = st->first_time;
	b->spark_end = stats_newest_minute(st);
	for (i = 0; i < DASHMODEL_SPARK; i++) {
		b->spark[i] = 0;
		if (b->spark_end == INT64_MIN)
			continue;
		row = stats_minute_levels(st,
		    b->spark_end - DASHMODEL_SPARK + 1 + i);
		b->spark[i] = row[LEVEL_ERROR] + row[LEVEL_CRITICAL];
	}
	b->ntop = 0;
	for (id = 1; id < st->counts.size; id++)
		dashmodel_top_add(b, id, st->counts.self[id]);
}

/* Is the error of a newer than that of b (either may be NULL)? */
static int
dashmodel_err_newer(const struct dashmodel_err *a, const struct dashmodel_err *b)
{
	if (a == NULL || a->id == UINT64_MAX)
		return 0;
	if (b == NULL || b->id == UINT64_MAX)
		return 1;
	if (b->time == TIME_UNKNOWN)
		return a->time != TIME_UNKNOWN;
	return a->time != TIME_UNKNOWN && a->time > b->time;
}

/* Room for nsrcs sources' error states and peaks. */
static void
dashmodel_grow(struct dashmodel *m, size_t nsrcs)
{
	if (nsrcs <= m->nsrcs)
		return;
	m->errs = xreallocarray(m->errs, nsrcs, sizeof *m->errs);
	m->peaks = xreallocarray(m->peaks, nsrcs, sizeof *m->peaks);
	memset(m->errs + m->nsrcs, 0, (nsrcs - m->nsrcs) * sizeof *m->errs);
	memset(m->peaks + m->nsrcs, 0, (nsrcs - m->nsrcs) * sizeof *m->peaks);
	m->nsrcs = nsrcs;
}

/* The all-sources block (blocks[0]) from the per-source ones. */
static void
dashmodel_compute_all(struct dashmodel *m, const struct dashmodel_src *srcs,
    size_t nsrcs, int64_t now, const struct dashmodel_err *newest)
{
	struct dashmodel_block	*b = &m->blocks[0];
	int64_t			 s, nowsec = now / 1000;
	uint64_t		 sum;
	size_t			 i;
	int			 slots = 0;

	b->src = -1;
	dashmodel_block_counts(b, &m->total);
	b->rate10 = 0;
	b->live = 0;
	for (i = 0; i < nsrcs; i++) {
		b->rate10 += m->blocks[i + 1].rate10;
		b->live |= m->blocks[i + 1].live;
		if (srcs[i].rate.nslots > slots)
			slots = srcs[i].rate.nslots;
	}
	/* The peak second of all sources together, over the rings' window. */
	for (s = nowsec - slots; s < nowsec; s++) {
		for (sum = 0, i = 0; i < nsrcs; i++)
			sum += dashmodel_rate_second(&srcs[i].rate, s);
		if (sum > m->peak_all)
			m->peak_all = sum;
	}
	b->peak = m->peak_all;
	b->err = newest;
}

/* Recompute every block from the sources' counters. */
void
dashmodel_compute(struct dashmodel *m, const struct dashmodel_src *srcs,
    size_t nsrcs, int64_t now)
{
	struct dashmodel_block		*b;
	const struct dashmodel_src	*sp;
	struct dashmodel_err		*e;
	const struct dashmodel_err	*newest = NULL;
	size_t				 i, nb;

	dashmodel_grow(m, nsrcs);
	m->counted = dashmodel_records(srcs, nsrcs);
	nb = nsrcs + (nsrcs > 1 ? 1 : 0);
	if (nb != m->nblocks) {
		free(m->blocks);
		m->blocks = xcalloc(nb ? nb : 1, sizeof *m->blocks);
		m->nblocks = nb;
	}
	b = m->blocks;
	if (nsrcs > 1)
		b++;		/* the all-sources block goes first */
	stats_free(&m->total);
	stats_init(&m->total, "all sources");
	for (i = 0; i < nsrcs; i++, b++) {
		sp = &srcs[i];
		e = &m->errs[i];
		dashmodel_err_scan(e, sp->store);
		b->src = (int)i;
		dashmodel_block_counts(b, sp->stats);
		stats_merge(&m->total, sp->stats);
		b->rate10 = dashmodel_rate_sum(&sp->rate, now,
		    DASHMODEL_RATE_SECS);
		b->live = dashmodel_rate_sum(&sp->rate, now,
		    sp->rate.nslots - 1) > 0;
		/* The ring keeps the exact peak, even while nobody looks. */
		if (sp->rate.peak > m->peaks[i])
			m->peaks[i] = sp->rate.peak;
		b->peak = m->peaks[i];
		b->err = e->id != UINT64_MAX || e->capped ? e : NULL;
		if (dashmodel_err_newer(e, newest))
			newest = e;
	}
	if (nsrcs > 1)
		dashmodel_compute_all(m, srcs, nsrcs, now, newest);
}

/* Bar height 1-8 of v out of max, rounded up; 0 for nothing. */
int
dashmodel_bar(uint64_t v, uint64_t max)
{
	if (v == 0 || max == 0)
		return 0;
	if (v > max)
		v = max;
	return (int)((v * 8 + max - 1) / max);
}

/* Format n with thousands separators. */
void
dashmodel_num(char *buf, size_t size, uint64_t n)
{
	char	tmp[32];
	size_t	len, i, o = 0;

	if (size == 0)
		return;
	len = (size_t)snprintf(tmp, sizeof tmp, "%" PRIu64, n);
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

/* A duration in ms as "45s", "3m12s", "2h05m", "3d04h". */
void
dashmodel_age(char *buf, size_t size, int64_t ms)
{
	int64_t	s = ms / 1000;

	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, size, "%ds", (int)s);
	else if (s < 3600)
		snprintf(buf, size, "%dm%02ds", (int)(s / 60), (int)(s % 60));
	else if (s < 86400)
		snprintf(buf, size, "%dh%02dm", (int)(s / 3600),
		    (int)(s % 3600 / 60));
	else
		snprintf(buf, size, "%" PRId64 "d%02dh", s / 86400,
		    (int)(s % 86400 / 3600));
}

/* "HH:MM" of a minute since the epoch (the log's own clock, as written). */
void
dashmodel_hhmm(char *buf, size_t size, int64_t minute)
{
	int64_t	m = minute % 1440;

	if (m < 0)
		m += 1440;
	snprintf(buf, size, "%02d:%02d", (int)(m / 60), (int)(m % 60));
}
