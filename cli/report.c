/*
 * report.c: the --stats report (a headless dashboard), as text for a
 * terminal or as one JSON document, from the counts of model/stats.c.
 * Layouts are described in report.h.
 *
 * A report shows only the logger nodes whose subtree has records in the
 * stats being written, so one shared tree serves all sources. Every name
 * written goes through an escaper: report_sanitize for text (no byte may
 * reach a terminal as a control) and json_escape for JSON (valid JSON and
 * UTF-8 whatever the bytes). The tree is walked recursively; depth is
 * bounded by the ltree depth limit.
 */
#include "report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/xmalloc.h"
#include "parsers/json.h"
#include "parsers/ptime.h"

#define REPORT_NAME_COLS	60	/* the name column is at most this wide */

/* Zero row for ids the counts never reached. */
static const uint64_t report_zero[LEVEL_COUNT];

/* Own counts of a node. */
static const uint64_t *
report_self(const struct stats *st, uint32_t id)
{
	return id < st->counts.size ? st->counts.self[id] : report_zero;
}

/* Subtree counts of a node. */
static const uint64_t *
report_sub(const struct stats *st, uint32_t id)
{
	return id < st->counts.size ? st->counts.sub[id] : report_zero;
}


/* Is cp a character that must not be written raw (C1, bidi, invisible)? */
static int
report_unsafe_cp(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	    (cp >= 0xfff9 && cp <= 0xfffb);
}

/* Terminal columns of a (safe) character: 0, 1 or 2. */
static int
report_cp_width(uint32_t cp)
{
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xa960, 0xa97f }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
		{ 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f }, { 0xff00, 0xff60 },
		{ 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f }, { 0x1f900, 0x1f9ff },
		{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd }
	};
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
		{ 0x1160, 0x11ff }, { 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff },
		{ 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }
	};
	size_t	i;

	for (i = 0; i < sizeof zero / sizeof zero[0]; i++) {
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	}
	for (i = 0; i < sizeof wide / sizeof wide[0]; i++) {
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	}
	return 1;
}

/*
 * Make bytes safe for a terminal: printable ASCII and safe UTF-8 as is,
 * a backslash as \\, anything else as \xNN per byte. Returns an allocated
 * string; *width gets its width in columns.
 */
static char *
report_sanitize(const char *s, size_t n, size_t *width)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out = xmalloc(n * 4 + 1), *o = out;
	size_t			 i = 0, len, w = 0;
	uint32_t		 cp;

	while (i < n) {
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 1 && cp >= 0x20 && cp < 0x7f) {
			if (cp == '\\') {
				*o++ = '\\';
				w++;
			}
			*o++ = (char)cp;
			w++;
		} else if (len > 1 && !report_unsafe_cp(cp)) {
			memcpy(o, p + i, len);
			o += len;
			w += (size_t)report_cp_width(cp);
		} else {
			size_t	k, m = len > 0 ? len : 1;

			for (k = 0; k < m; k++) {
				o += sprintf(o, "\\x%02x", p[i + k]);
				w += 4;
			}
			len = m;
		}
		i += len;
	}
	*o = '\0';
	if (width != NULL)
		*width = w;
	return out;
}

/* Write a sanitized NUL-terminated string. */
static void
report_put_safe(FILE *f, const char *s)
{
	char	*safe = report_sanitize(s, strlen(s), NULL);

	fputs(safe, f);
	free(safe);
}

/* Decimal digits of v. */
static int
report_digits(uint64_t v)
{
	int	d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* The columns of one logger table. */
struct report_cols {
	int		nlev;
	enum level	lev[LEVEL_COUNT];
	int		w[LEVEL_COUNT];
	int		wtotal;
	int		wown;
	size_t		wname;
};

/* Widest indent + label among the rows to show, below id. */
static size_t
report_name_width(const struct ltree *t, const struct stats *st, uint32_t id)
{
	size_t		 w, cw, len;
	const char	*leaf;
	char		*safe;
	uint32_t	 c;

	if (id == LTREE_ROOT)
		w = strlen("(all)");
	else {
		leaf = ltree_leaf(t, id, &len);
		safe = report_sanitize(leaf, len, &w);
		free(safe);
		w += 2 * (size_t)ltree_depth(t, id);
	}
	for (c = ltree_first_child(t, id); c != UINT32_MAX;
	    c = ltree_next_sibling(t, c)) {
		if (lcounts_total(report_sub(st, c)) == 0)
			continue;
		cw = report_name_width(t, st, c);
		if (cw > w)
			w = cw;
	}
	return w;
}

/* Print one row of the logger table, then its children. */
static void
report_text_node(FILE *f, const struct ltree *t, const struct stats *st,
    const struct report_cols *cols, uint32_t id)
{
	const uint64_t	*sub = report_sub(st, id), *self = report_self(st, id);
	const char	*leaf;
	char		*safe;
	size_t		 len, w, depth = ltree_depth(t, id);
	uint64_t	 own = lcounts_total(self);
	uint32_t	 c;
	int		 i;

	if (id == LTREE_ROOT) {
		safe = xstrdup("(all)");
		w = 5;
	} else {
		leaf = ltree_leaf(t, id, &len);
		safe = report_sanitize(leaf, len, &w);
	}
	fprintf(f, "  %*s%s", (int)(2 * depth), "", safe);
	w += 2 * depth;
	free(safe);
	fprintf(f, "%*s", (int)(w < cols->wname ? cols->wname - w : 0), "");
	for (i = 0; i < cols->nlev; i++)
		fprintf(f, "  %*" PRIu64, cols->w[i], sub[cols->lev[i]]);
	fprintf(f, "  %*" PRIu64, cols->wtotal, lcounts_total(sub));
	if (own == 0)
		fprintf(f, "  %*s\n", cols->wown, "-");
	else
		fprintf(f, "  %*" PRIu64 "\n", cols->wown, own);
	for (c = ltree_first_child(t, id); c != UINT32_MAX;
	    c = ltree_next_sibling(t, c)) {
		if (lcounts_total(report_sub(st, c)) != 0)
			report_text_node(f, t, st, cols, c);
	}
}

/* Write the text report of one stats: a source, or the total (title set). */
static void
report_text_one(FILE *f, const struct ltree *t, const struct stats *st,
    const char *title)
{
	struct report_cols	 cols;
	int			 l, wl, wr;
	size_t			 wmax;

	if (title != NULL)
		fputs(title, f);
	else {
		fputs("source ", f);
		report_put_safe(f, st->name != NULL ? st->name : "-");
		if (st->format != NULL) {
			fputs(" (format: ", f);
			report_put_safe(f, st->format);
			fputc(')', f);
		}
	}
	fputc('\n', f);

	/* Records per level. */
	wl = (int)strlen("level");
	wr = report_digits(st->records);
	if (wr < (int)strlen("records"))
		wr = (int)strlen("records");
	memset(&cols, 0, sizeof cols);
	for (l = 0; l < LEVEL_COUNT; l++) {
		if (st->levels[l] == 0)
			continue;
		if ((int)strlen(level_name(l)) > wl)
			wl = (int)strlen(level_name(l));
		cols.lev[cols.nlev++] = (enum level)l;
	}
	fprintf(f, "  %-*s  %*s\n", wl, "level", wr, "records");
	for (l = 0; l < cols.nlev; l++)
		fprintf(f, "  %-*s  %*" PRIu64 "\n", wl, level_name(cols.lev[l]),
		    wr, st->levels[cols.lev[l]]);
	fprintf(f, "  %-*s  %*" PRIu64 "\n\n", wl, "TOTAL", wr, st->records);

	/* The logger tree, with the same level columns. */
	for (l = 0; l < cols.nlev; l++) {
		cols.w[l] = (int)strlen(level_name(cols.lev[l]));
		if (report_digits(report_sub(st, LTREE_ROOT)[cols.lev[l]]) >
		    cols.w[l])
			cols.w[l] = report_digits(
			    report_sub(st, LTREE_ROOT)[cols.lev[l]]);
	}
	wr = report_digits(lcounts_total(report_sub(st, LTREE_ROOT)));
	cols.wtotal = wr > 5 ? wr : 5;
	cols.wown = wr > 3 ? wr : 3;
	wmax = report_name_width(t, st, LTREE_ROOT);
	if (wmax < strlen("logger"))
		wmax = strlen("logger");
	cols.wname = wmax > REPORT_NAME_COLS ? REPORT_NAME_COLS : wmax;
	fprintf(f, "  %-*s", (int)cols.wname, "logger");
	for (l = 0; l < cols.nlev; l++)
		fprintf(f, "  %*s", cols.w[l], level_name(cols.lev[l]));
	fprintf(f, "  %*s  %*s\n", cols.wtotal, "TOTAL", cols.wown, "OWN");
	report_text_node(f, t, st, &cols, LTREE_ROOT);
}

/* Sum the sources into a fresh stats (caller frees). */
static void
report_sum(struct stats *sum, const struct stats *sources, size_t n)
{
	size_t	i;

	stats_init(sum, "total");
	for (i = 0; i < n; i++)
		stats_merge(sum, &sources[i]);
}

/* Write the text report: every source, then the total when n != 1. */
void
report_text(FILE *f, const struct ltree *t, const struct stats *sources,
    size_t n, const struct stats *total)
{
	struct stats	sum;
	size_t		i;
	char		title[64];

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc('\n', f);
		report_text_one(f, t, &sources[i], NULL);
	}
	if (n == 1)
		return;
	if (n > 0)
		fputc('\n', f);
	snprintf(title, sizeof title, "total of %zu sources", n);
	if (total != NULL) {
		report_text_one(f, t, total, title);
		return;
	}
	report_sum(&sum, sources, n);
	report_text_one(f, t, &sum, title);
	stats_free(&sum);
}

/* Write bytes as a JSON string literal (the one escaper: json_escape). */
static void
report_json_string(FILE *f, const char *s, size_t n)
{
	char	*buf = NULL;
	size_t	 len = 0, size = 0;

	json_escape(&buf, &len, &size, s, n);
	fwrite(buf, 1, len, f);
	free(buf);
}

/* Write a level object: {"INFO":3,...}, nonzero levels only. */
static void
report_json_levels(FILE *f, const uint64_t counts[LEVEL_COUNT])
{
	int	l, first = 1;

	fputc('{', f);
	for (l = 0; l < LEVEL_COUNT; l++) {
		if (counts[l] == 0)
			continue;
		fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",", level_name(l),
		    counts[l]);
		first = 0;
	}
	fputc('}', f);
}

/* Write one node of the logger tree and its children. */
static void
report_json_node(FILE *f, const struct ltree *t, const struct stats *st,
    uint32_t id)
{
	const char	*name;
	size_t		 len;
	uint32_t	 c;
	int		 first = 1;

	name = ltree_name(t, id, &len);
	fputs("{\"name\":", f);
	report_json_string(f, name, len);
	fprintf(f, ",\"records\":%" PRIu64 ",\"self\":",
	    lcounts_total(report_sub(st, id)));
	report_json_levels(f, report_self(st, id));
	fputs(",\"subtree\":", f);
	report_json_levels(f, report_sub(st, id));
	fputs(",\"children\":[", f);
	for (c = ltree_first_child(t, id); c != UINT32_MAX;
	    c = ltree_next_sibling(t, c)) {
		if (lcounts_total(report_sub(st, c)) == 0)
			continue;
		if (!first)
			fputc(',', f);
		report_json_node(f, t, st, c);
		first = 0;
	}
	fputs("]}", f);
}

/* Write a time as a JSON ISO 8601 string. */
static void
report_json_time(FILE *f, int64_t ms)
{
	char	buf[64];

	ptime_format_iso(ms, buf, sizeof buf);
	fprintf(f, "\"%s\"", buf);
}

/* Write the "time" member: span and the nonempty minutes of the ring. */
static void
report_json_minutes(FILE *f, const struct stats *st)
{
	const uint64_t	*row;
	int64_t		 head = stats_newest_minute(st), q;
	int		 l, first = 1;
	uint64_t	 n;

	fputs(",\"time\":{\"first\":", f);
	report_json_time(f, st->first_time);
	fputs(",\"newest\":", f);
	report_json_time(f, st->newest_time);
	fprintf(f, ",\"untimed\":%" PRIu64 ",\"late\":%" PRIu64
	    ",\"minutes\":[", st->untimed, st->late);
	for (q = head - STATS_MINUTES + 1; q <= head; q++) {
		row = stats_minute_levels(st, q);
		for (n = 0, l = 0; l < LEVEL_COUNT; l++)
			n += row[l];
		if (n == 0)
			continue;
		fputs(first ? "{\"start\":" : ",{\"start\":", f);
		report_json_time(f, q * STATS_MINUTE_MS);
		fputs(",\"levels\":", f);
		report_json_levels(f, row);
		fputc('}', f);
		first = 0;
	}
	fputs("]}", f);
}

/* Write the body of one stats object (records, levels, loggers, time). */
static void
report_json_body(FILE *f, const struct ltree *t, const struct stats *st)
{
	fprintf(f, "\"records\":%" PRIu64 ",\"levels\":", st->records);
	report_json_levels(f, st->levels);
	fputs(",\"loggers\":", f);
	report_json_node(f, t, st, LTREE_ROOT);
	if (st->newest_time != TIME_UNKNOWN)
		report_json_minutes(f, st);
}

/* Write the report as one JSON document (and a newline). */
void
report_json(FILE *f, const struct ltree *t, const struct stats *sources,
    size_t n, const struct stats *total)
{
	struct stats	 sum;
	const char	*s;
	size_t		 i;

	fputs("{\"sources\":[", f);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', f);
		s = sources[i].name != NULL ? sources[i].name : "";
		fputs("{\"name\":", f);
		report_json_string(f, s, strlen(s));
		fputs(",\"format\":", f);
		if (sources[i].format != NULL)
			report_json_string(f, sources[i].format,
			    strlen(sources[i].format));
		else
			fputs("null", f);
		fputc(',', f);
		report_json_body(f, t, &sources[i]);
		fputc('}', f);
	}
	fputs("],\"total\":{", f);
	if (total != NULL)
		report_json_body(f, t, total);
	else {
		report_sum(&sum, sources, n);
		report_json_body(f, t, &sum);
		stats_free(&sum);
	}
	fputs("}}\n", f);
}
