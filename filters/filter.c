/*
 * filter.c: one filter chain (levels, logger selection, regexes).
 *
 * A struct filter owns its lsel and its compiled regexes. Tests run
 * cheapest first: the level bit, then logger visibility (filter_pass_meta,
 * no text needed), then include regexes (all must match) and exclude
 * regexes (any match drops) in filter_pass_text.
 *
 * A regex that returns REGEX_LIMIT on a record cannot decide it: that test
 * passes (an include counts as matched, an exclude as not matched). If the
 * record is then kept, `undecided` is incremented, so the UI can say how
 * many records it could not judge instead of hiding them silently.
 *
 * Invariant: `generation` changes on every change to what passes (levels,
 * regexes, and -- through filter_touch -- the logger selection), so views
 * know when to rebuild.
 */
#include "filter.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* Show everything: all levels, all loggers, no regex, smart case. */
void
filter_init(struct filter *f)
{
	memset(f, 0, sizeof *f);
	f->levels = LEVEL_MASK_ALL;
	f->lsel = lsel_create();
	f->rcase = REGEX_SMART;
	f->since = INT64_MIN;
	f->until = INT64_MAX;
}

/* Free everything the filter owns (it may be filter_init'ed again). */
void
filter_free(struct filter *f)
{
	filter_clear_regex(f);
	lsel_free(f->lsel);
	f->lsel = NULL;
}

/* Copy an array of regexes, each recompiled with its own match data. */
static struct regex **
filter_dup_list(struct regex *const *list, size_t n)
{
	struct regex	**out;
	size_t		  i;

	if (n == 0)
		return NULL;
	out = xreallocarray(NULL, n, sizeof *out);
	for (i = 0; i < n; i++)
		out[i] = regex_dup(list[i]);
	return out;
}

/*
 * Make dst a deep copy of src. dst is overwritten, not freed first: pass
 * an uninitialised or already freed filter.
 */
void
filter_copy(struct filter *dst, const struct filter *src)
{
	*dst = *src;
	dst->lsel = lsel_copy(src->lsel);
	dst->inc = filter_dup_list(src->inc, src->ninc);
	dst->exc = filter_dup_list(src->exc, src->nexc);
}

/* Compile and append a regex to a list; -1 and *cause on error. */
static int
filter_add(struct filter *f, struct regex ***list, size_t *n,
    const char *pattern, char **cause)
{
	struct regex	*re;

	re = regex_compile(pattern, f->rcase, cause);
	if (re == NULL)
		return -1;
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = re;
	f->generation++;
	return 0;
}

/* Add an include pattern (all includes must match). */
int
filter_add_include(struct filter *f, const char *pattern, char **cause)
{
	return filter_add(f, &f->inc, &f->ninc, pattern, cause);
}

/* Add an exclude pattern (any exclude match drops the record). */
int
filter_add_exclude(struct filter *f, const char *pattern, char **cause)
{
	return filter_add(f, &f->exc, &f->nexc, pattern, cause);
}

/* Drop every regex. */
void
filter_clear_regex(struct filter *f)
{
	size_t	i;

	if (f->ninc == 0 && f->nexc == 0 && f->inc == NULL && f->exc == NULL)
		return;
	for (i = 0; i < f->ninc; i++)
		regex_free(f->inc[i]);
	for (i = 0; i < f->nexc; i++)
		regex_free(f->exc[i]);
	free(f->inc);
	free(f->exc);
	f->inc = f->exc = NULL;
	f->ninc = f->nexc = 0;
	f->generation++;
}

/* Show exactly the levels in mask. */
void
filter_set_levels(struct filter *f, uint32_t mask)
{
	mask &= LEVEL_MASK_ALL;
	if (f->levels == mask)
		return;
	f->levels = mask;
	f->generation++;
}

/* Toggle one level's bit. */
void
filter_toggle_level(struct filter *f, enum level level)
{
	if ((unsigned)level >= LEVEL_COUNT)
		return;
	f->levels ^= LEVEL_BIT(level);
	f->generation++;
}

/* Note a change made directly to f->lsel. */
void
filter_touch(struct filter *f)
{
	f->generation++;
}

/* Can a record of this level and logger pass (no regex run)? */
int
filter_pass_meta(struct filter *f, const struct ltree *t, enum level level,
    uint32_t logger)
{
	if ((unsigned)level >= LEVEL_COUNT ||
	    (f->levels & LEVEL_BIT(level)) == 0)
		return 0;
	if (f->lsel == NULL || lsel_empty(f->lsel))
		return 1;
	return lsel_visible(f->lsel, t, logger);
}

/* Is a record time inside [since, until)? An unknown time passes no bound. */
int
filter_pass_time(const struct filter *f, int64_t time)
{
	if (f->since != INT64_MIN && (time == INT64_MIN || time < f->since))
		return 0;
	return f->until == INT64_MAX || (time != INT64_MIN && time < f->until);
}

/* Has the filter a time range? */
int
filter_has_time(const struct filter *f)
{
	return f->since != INT64_MIN || f->until != INT64_MAX;
}

/* Does the record text pass the regexes? Counts undecided records. */
int
filter_pass_text(struct filter *f, const char *text, size_t len)
{
	size_t	i;
	int	undecided = 0, rc;

	for (i = 0; i < f->ninc; i++) {
		rc = regex_match(f->inc[i], text, len);
		if (rc == REGEX_NOMATCH)
			return 0;
		if (rc == REGEX_LIMIT)
			undecided = 1;
	}
	for (i = 0; i < f->nexc; i++) {
		rc = regex_match(f->exc[i], text, len);
		if (rc == REGEX_MATCH)
			return 0;
		if (rc == REGEX_LIMIT)
			undecided = 1;
	}
	if (undecided)
		f->undecided++;
	return 1;
}

/* Does the filter need record text (has regexes)? */
int
filter_needs_text(const struct filter *f)
{
	return f->ninc > 0 || f->nexc > 0;
}

/*
 * An include regex that may be searched over many records at once (no
 * record without a match of it can pass), or NULL: the first one that
 * regex_prefilter_safe accepts.
 */
struct regex *
filter_prefilter(const struct filter *f)
{
	size_t	i;

	for (i = 0; i < f->ninc; i++)
		if (regex_prefilter_safe(f->inc[i]))
			return f->inc[i];
	return NULL;
}

/*
 * May a view search this filter's regexes over many records at once?
 * With an include regex, when one is prefilter-safe (only records it
 * matches can pass); with excludes only, when all are (a record none of
 * them matches is kept on level and logger alone).
 */
int
filter_searchable(const struct filter *f)
{
	size_t	i;

	if (f->ninc > 0)
		return filter_prefilter(f) != NULL;
	for (i = 0; i < f->nexc; i++)
		if (!regex_prefilter_safe(f->exc[i]))
			return 0;
	return f->nexc > 0;
}
