/*
 * test_pyfmt.c: the Formatter compiler against logs written by Python's
 * own logging module (tests/fixtures/pyfmt/, see its README), plus the
 * corner cases of each style, datefmt and the error messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/level.h"
#include "parsers/pyfmt.h"
#include "parsers/record.h"

/* One fixture: the Formatter that wrote it. */
struct fixture {
	const char	*file;		/* tests/fixtures/pyfmt/<file>.log/.truth */
	const char	*fmt;
	int		 style;
	const char	*datefmt;
};

static const struct fixture fixtures[] = {
	{ "classic", "%(asctime)s %(levelname)-8s %(name)s: %(message)s",
	    '%', NULL },
	{ "funcname", "%(levelname)-8s| %(name)s.%(funcName)s:%(lineno)d | "
	    "%(message)s", '%', NULL },
	{ "pathname", "[%(asctime)s] {%(pathname)s:%(lineno)d} %(levelname)s "
	    "- %(message)s", '%', NULL },
	{ "datefmt", "%(asctime)s.%(msecs)03d %(process)d %(threadName)s "
	    "%(levelname)s %(name)s %(message)s", '%', "%d/%b/%Y:%H:%M:%S" },
	{ "brace", "{asctime} {levelname:<8} {name} {message}", '{', NULL },
	{ "dollar", "$asctime $levelname $name $message", '$', NULL },
	{ "created", "%(created)f %(levelno)s %(name)s %(message)s", '%',
	    NULL },
	{ "relative", "%(relativeCreated)6d %(levelname)s [%(name)s] "
	    "%(message)s", '%', NULL },
	{ "ampm", "%(asctime)s %(levelname).1s %(module)s:%(funcName)s:"
	    "%(lineno)4d %(message)s (%(filename)s)", '%',
	    "%a %d %B %Y %I:%M:%S %p %z" },
	{ "brace2", "{asctime} | {levelname:^9} | {name:>20} | {message}", '{',
	    "%Y-%m-%dT%H:%M:%S%z" },
};

/* Read a whole file. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* Split buf into lines in place (NUL-terminated); returns the count. */
static size_t
split_lines(char *buf, size_t len, char ***out, size_t **lens)
{
	size_t	 n = 0, cap = 1024, i, start = 0;
	char	**v = malloc(cap * sizeof *v);
	size_t	*l = malloc(cap * sizeof *l);

	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		if (n == cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof *v);
			l = realloc(l, cap * sizeof *l);
		}
		v[n] = buf + start;
		l[n] = i - start;
		if (i < len)
			buf[i] = '\0';
		n++;
		start = i + 1;
	}
	*out = v;
	*lens = l;
	return n;
}

/* Check every line of one fixture against its truth file. */
static void
check_fixture(const struct fixture *fx)
{
	char		 path[256], *log, *truth, **lines, **tl, *cause = NULL;
	size_t		 loglen, truthlen, nlines, ntruth, *lens, *tlens, i, t;
	size_t		 accepted = 0;
	struct pyfmt	*p;
	struct fields	 f;
	unsigned char	*is_first;
	int		*tlevel;
	char		**tlogger;
	int		 has_name;

	has_name = strstr(fx->fmt, "%(name)") != NULL ||
	    strstr(fx->fmt, "{name") != NULL || strstr(fx->fmt, "$name") != NULL;
	p = pyfmt_compile(fx->fmt, fx->style, fx->datefmt, &cause);
	if (p == NULL)
		fail_msg("%s: %s", fx->file, cause);
	snprintf(path, sizeof path, "tests/fixtures/pyfmt/%s.log", fx->file);
	log = slurp(path, &loglen);
	snprintf(path, sizeof path, "tests/fixtures/pyfmt/%s.truth", fx->file);
	truth = slurp(path, &truthlen);
	nlines = split_lines(log, loglen, &lines, &lens);
	ntruth = split_lines(truth, truthlen, &tl, &tlens);
	assert_true(ntruth > 1);
	is_first = calloc(nlines + 2, 1);
	tlevel = calloc(nlines + 2, sizeof *tlevel);
	tlogger = calloc(nlines + 2, sizeof *tlogger);
	for (t = 1; t < ntruth; t++) {
		char	*first = tl[t], *nl, *lv, *lg;
		long	 fl = strtol(first, &nl, 10);

		nl = strchr(first, '\t');
		lv = strchr(nl + 1, '\t') + 1;
		lg = strchr(lv, '\t');
		*lg++ = '\0';
		assert_true(fl >= 1 && (size_t)fl <= nlines);
		is_first[fl] = 1;
		tlevel[fl] = level_parse(lv, strlen(lv));
		tlogger[fl] = lg;
	}
	for (i = 0; i < nlines; i++) {
		int r = pyfmt_parse(p, lines[i], lens[i], &f);

		if (r != is_first[i + 1])
			fail_msg("%s:%zu: parse %d, truth %d: %s", fx->file, i + 1,
			    r, is_first[i + 1], lines[i]);
		if (!r) {
			assert_int_equal(f.format, FORMAT_NONE);
			continue;
		}
		accepted++;
		assert_int_equal(f.format, FORMAT_USER);
		if (f.level != tlevel[i + 1])
			fail_msg("%s:%zu: level %s, truth %s", fx->file, i + 1,
			    level_name(f.level), level_name(tlevel[i + 1]));
		if (!has_name)
			assert_int_equal(f.logger.len, 0);
		else if (f.logger.len != strlen(tlogger[i + 1]) ||
		    memcmp(lines[i] + f.logger.off, tlogger[i + 1],
		    f.logger.len) != 0)
			fail_msg("%s:%zu: logger '%.*s', truth '%s'", fx->file,
			    i + 1, (int)f.logger.len, lines[i] + f.logger.off,
			    tlogger[i + 1]);
		assert_true(f.message.off + f.message.len <= lens[i]);
		assert_true(f.time_span.off + f.time_span.len <= lens[i]);
		assert_true(f.level_span.off + f.level_span.len <= lens[i]);
	}
	assert_int_equal(accepted, ntruth - 1);
	free(is_first);
	free(tlevel);
	free(tlogger);
	free(lines);
	free(lens);
	free(tl);
	free(tlens);
	free(log);
	free(truth);
	pyfmt_free(p);
}

/* Every fixture: the accepted lines are exactly the truth's record starts. */
static void
test_fixtures(void **state)
{
	size_t	i;

	for (i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++)
		check_fixture(&fixtures[i]);
}

/* Compile, parse one line, return 1/0; fields in *f. */
static int
parse1(const char *fmt, int style, const char *datefmt, const char *line,
    struct fields *f)
{
	char		*cause = NULL;
	struct pyfmt	*p = pyfmt_compile(fmt, style, datefmt, &cause);
	int		 r;

	if (p == NULL)
		fail_msg("compile '%s': %s", fmt, cause);
	r = pyfmt_parse(p, line, strlen(line), f);
	pyfmt_free(p);
	return r;
}

/* Assert that span sp of line is the string want. */
static void
span_is(const char *line, struct span sp, const char *want)
{
	if (sp.len != strlen(want) || memcmp(line + sp.off, want, sp.len) != 0)
		fail_msg("span '%.*s' != '%s' in '%s'", (int)sp.len,
		    line + sp.off, want, line);
}

/* Timestamps of fixture lines against Python's datetime (UTC). */
static void
test_fixture_times(void **state)
{
	static const struct {
		size_t		 fx;
		const char	*line;
		int64_t		 ms;	/* datetime.strptime(...).timestamp() */
		const char	*tspan;
	} cases[] = {
		{ 0, "2026-11-18 11:06:40,049 INFO     app.api.v1.users: Started "
		    "server process [6797] on port 20559", 1795000000049,
		    "2026-11-18 11:06:40,049" },
		{ 3, "18/Nov/2026:11:06:40.049 6845 MainThread INFO "
		    "app.api.v1.users Started server process [6797] on port "
		    "20559", 1795000000049, "18/Nov/2026:11:06:40.049" },
		{ 8, "Wed 18 November 2026 11:06:40 AM +0000 I v1:_send: 224 "
		    "task 233 succeeded in 697s (v1.py)", 1795000000000,
		    "Wed 18 November 2026 11:06:40 AM +0000" },
		{ 9, "2026-11-18T11:06:40+0000 |  WARNING  |     "
		    "app.api.v1.users | Connection pool is full, discarding "
		    "connection: 39163:2828", 1795000000000,
		    "2026-11-18T11:06:40+0000" },
		{ 2, "[2026-11-18 11:06:40,104] {/srv/app/v1.py:33} INFO - GET "
		    "/api/v1/users/33579 HTTP/1.1 200", 1795000000104,
		    "2026-11-18 11:06:40,104" },
		{ 6, "1795000000.054243 10 uvicorn.error cache lookup key=75228 "
		    "hit=32681", 1795000000054, "1795000000.054243" },
		{ 5, "2026-11-18 11:06:40,036 INFO app.auth Started server "
		    "process [96980] on port 85464", 1795000000036,
		    "2026-11-18 11:06:40,036" },
		{ 4, "2026-11-18 11:06:40,054 DEBUG    uvicorn.error cache lookup "
		    "key=75228 hit=32681", 1795000000054,
		    "2026-11-18 11:06:40,054" },
	};
	const struct fixture	*fx;
	struct fields		 f;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx = &fixtures[cases[i].fx];
		assert_int_equal(parse1(fx->fmt, fx->style, fx->datefmt,
		    cases[i].line, &f), 1);
		if (f.time != cases[i].ms)
			fail_msg("%s: time %lld, python %lld", fx->file,
			    (long long)f.time, (long long)cases[i].ms);
		span_is(cases[i].line, f.time_span, cases[i].tspan);
	}
}

/* datefmt directives against Python's datetime.strptime (UTC). */
static void
test_datefmt(void **state)
{
	static const struct {
		const char	*datefmt, *line;
		int64_t		 ms;
	} cases[] = {
		{ "%a %d %B %Y %I:%M:%S %p %z",
		    "Thu 29 February 2024 11:30:15 PM +0530 x", 1709229615000 },
		{ "%a %d %B %Y %I:%M:%S %p %z",
		    "Mon 01 January 2024 12:00:01 AM -0800 x", 1704096001000 },
		{ "%y.%j %H:%M:%S", "99.060 07:08:09 x", 920272089000 },
		{ "%d/%b/%Y:%H:%M:%S", "24/Mar/1999:00:00:00 x", 922233600000 },
		{ "%Y-%m-%dT%H:%M:%S.%f", "2026-11-18T11:06:40.123456 x",
		    1795000000123 },
		{ "%F %T", "2024-02-29 23:59:59 x", 1709251199000 },
		{ "%Y-%m-%dT%H:%M:%S", "2024-02-29T23:59:59 x", 1709251199000 },
		{ "%Y-%m-%d %H:%M:%S", "2024-02-29 23:59:59 x", 1709251199000 },
		{ "%s", "1795000000 x", 1795000000000 },
		{ "%b %e %H:%M:%S %Y", "Mar  4 01:02:03 2024 x", 1709514123000 },
		{ "%%Y=%Y", "%Y=2024 x", 1704067200000 },
		{ "%H:%M:%S", "10:00:00 x", TIME_UNKNOWN },
	};
	struct fields	f;
	size_t		i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (parse1("%(asctime)s %(message)s", '%', cases[i].datefmt,
		    cases[i].line, &f) != 1)
			fail_msg("datefmt '%s' refused '%s'", cases[i].datefmt,
			    cases[i].line);
		if (f.time != cases[i].ms)
			fail_msg("datefmt '%s' on '%s': %lld, want %lld",
			    cases[i].datefmt, cases[i].line, (long long)f.time,
			    (long long)cases[i].ms);
	}
	/* Out-of-range fields and the wrong month name are no match. */
	assert_int_equal(parse1("%(asctime)s %(message)s", '%', NULL,
	    "2024-13-01 00:00:00,000 x", &f), 0);
	assert_int_equal(parse1("%(asctime)s %(message)s", '%', NULL,
	    "2024-01-01 24:00:00,000 x", &f), 0);
	assert_int_equal(parse1("%(asctime)s %(message)s", '%', "%d %b %Y",
	    "01 Foo 2024 x", &f), 0);
	assert_int_equal(parse1("%(asctime)s %(message)s", '%',
	    "%Y-%m-%dT%H:%M:%S", "2024-02-29 23:59:59 x", &f), 0);
	assert_int_equal(parse1("%(asctime)s %(message)s", '%', NULL,
	    "2024-02-29 23:59:59 x", &f), 0);	/* no ,mmm */
	/* asctime with a datefmt and a separate msecs field. */
	assert_int_equal(parse1("%(asctime)s,%(msecs)03d %(message)s", '%',
	    "%Y-%m-%d %H:%M:%S", "2024-02-29 23:59:59,007 x", &f), 1);
	assert_int_equal(f.time, 1709251199007);
	span_is("2024-02-29 23:59:59,007 x", f.time_span,
	    "2024-02-29 23:59:59,007");
}

/* Splitting adjacent free-text fields the way a person would. */
static void
test_split(void **state)
{
	struct fields	 f;
	const char	*l;

	l = "INFO    | app.api.v1.handle:12 | hello. world:3 | x";
	assert_int_equal(parse1("%(levelname)-8s| %(name)s.%(funcName)s:"
	    "%(lineno)d | %(message)s", '%', NULL, l, &f), 1);
	span_is(l, f.logger, "app.api.v1");
	span_is(l, f.message, "hello. world:3 | x");
	span_is(l, f.level_span, "INFO");

	/* A name with ':' ahead of the real ":lineno". */
	l = "a:b:42 msg";
	assert_int_equal(parse1("%(name)s:%(lineno)d %(message)s", '%', NULL,
	    l, &f), 1);
	span_is(l, f.logger, "a:b");

	/* threadName with a space: the level after it decides. */
	l = "Thread-3 (worker) ERROR app.db boom";
	assert_int_equal(parse1("%(threadName)s %(levelname)s %(name)s "
	    "%(message)s", '%', NULL, l, &f), 1);
	assert_int_equal(f.level, LEVEL_ERROR);
	span_is(l, f.logger, "app.db");
	span_is(l, f.message, "boom");

	/* Message not last: the structured suffix anchors it. */
	l = "WARNING x (y) z (main.py:42)";
	assert_int_equal(parse1("%(levelname)s %(message)s (%(filename)s:"
	    "%(lineno)d)", '%', NULL, l, &f), 1);
	span_is(l, f.message, "x (y) z");

	/* Left-justified name padded to 15: the pad is not the anchor. */
	l = "app.api         hello world";
	assert_int_equal(parse1("%(name)-15s %(message)s", '%', NULL, l, &f),
	    1);
	span_is(l, f.logger, "app.api");
	span_is(l, f.message, "hello world");

	/* Right-justified name longer than the width: no pad. */
	l = "sqlalchemy.engine.Engine | x";
	assert_int_equal(parse1("{name:>20} | {message}", '{', NULL, l, &f), 1);
	span_is(l, f.logger, "sqlalchemy.engine.Engine");

	/* Trailing literal must end the line. */
	assert_int_equal(parse1("<%(message)s>", '%', NULL, "<a>b>", &f), 1);
	assert_int_equal(parse1("<%(message)s>", '%', NULL, "<a>b", &f), 0);

	/* Numeric fields take digits only. */
	assert_int_equal(parse1("%(name)s:%(lineno)d %(message)s", '%', NULL,
	    "app:x1 msg", &f), 0);
	/* A non-level word is not a record start. */
	assert_int_equal(parse1("%(levelname)s %(message)s", '%', NULL,
	    "Traceback (most recent call last):", &f), 0);
}

/* Level spellings: padding, "Level N", truncation, levelno. */
static void
test_levels(void **state)
{
	struct fields	 f;
	const char	*l;

	l = "Level 15 x";
	assert_int_equal(parse1("%(levelname)s %(message)s", '%', NULL, l, &f),
	    1);
	assert_int_equal(f.level, LEVEL_DEBUG);
	span_is(l, f.level_span, "Level 15");
	assert_int_equal(parse1("%(levelname)8s|%(message)s", '%', NULL,
	    " WARNING|x", &f), 1);
	assert_int_equal(f.level, LEVEL_WARNING);
	assert_int_equal(parse1("%(levelname)-8s|%(message)s", '%', NULL,
	    "INFO   |x", &f), 0);	/* pad one short */
	assert_int_equal(parse1("[%(levelname).4s] %(message)s", '%', NULL,
	    "[DEBU] x", &f), 1);
	assert_int_equal(f.level, LEVEL_DEBUG);
	assert_int_equal(parse1("[%(levelname).4s] %(message)s", '%', NULL,
	    "[ERRO] x", &f), 1);
	assert_int_equal(f.level, LEVEL_ERROR);
	assert_int_equal(parse1("%(levelname).1s %(message)s", '%', NULL,
	    "C x", &f), 1);
	assert_int_equal(f.level, LEVEL_CRITICAL);
	assert_int_equal(parse1("%(levelno)d %(message)s", '%', NULL,
	    "35 x", &f), 1);
	assert_int_equal(f.level, LEVEL_WARNING);
	assert_int_equal(parse1("{levelname:^9}|{message}", '{', NULL,
	    "  ERROR  |x", &f), 1);
	assert_int_equal(f.level, LEVEL_ERROR);
}

/* Literals and escapes of the three styles, and style guessing. */
static void
test_styles(void **state)
{
	struct fields	 f;
	char		*cause;
	const char	*l;

	l = "100% app {x} $5 hi";
	assert_int_equal(parse1("100%% %(name)s {x} $5 %(message)s", '%', NULL,
	    l, &f), 1);
	span_is(l, f.logger, "app");
	assert_int_equal(parse1("100% {name} {{x}} $5 {message}", 0, NULL, l,
	    &f), 1);
	span_is(l, f.message, "hi");
	assert_int_equal(parse1("100% $name {x} $$5 ${message}", '$', NULL, l,
	    &f), 1);
	span_is(l, f.logger, "app");
	/* Style 0 guesses: %( wins, then {name}, then $name. */
	l = "app {x} hi";
	cause = NULL;
	assert_null(pyfmt_compile("$name {x} $message", 0, NULL, &cause));
	assert_non_null(strstr(cause, "'x'"));	/* guessed {-style */
	free(cause);
	assert_int_equal(parse1("$name {{x}} $message", 0, NULL,
	    "app {{x}} hi", &f), 1);	/* $-style: {{ is two braces */
	assert_int_equal(f.logger.len, 3);
	assert_int_equal(parse1("{name} {{x}} {message}", 0, NULL, l, &f), 1);
	assert_int_equal(parse1("%(name)s {x} %(message)s", 0, NULL, l, &f), 1);
	/* Numbers in {-style: zero fill, width, grouping, floats. */
	l = "036|   42|1,234|12.500 x";
	assert_int_equal(parse1("{msecs:03.0f}|{lineno:>5d}|{process:,d}|"
	    "{relativeCreated:.3f} {message}", '{', NULL, l, &f), 1);
	span_is(l, f.message, "x");
	/* created as epoch float is the time. */
	l = "1700000000.5 x";
	assert_int_equal(parse1("%(created)s %(message)s", '%', NULL, l, &f),
	    1);
	assert_int_equal(f.time, 1700000000500);
	/* Only a message field is fine; it takes the whole line. */
	l = "anything at all";
	assert_int_equal(parse1("%(message)s", '%', NULL, l, &f), 1);
	span_is(l, f.message, l);
	assert_int_equal(f.level, LEVEL_NONE);
	/* %r quotes. */
	l = "'app.x' y";
	assert_int_equal(parse1("%(name)r %(message)s", '%', NULL, l, &f), 1);
	span_is(l, f.logger, "app.x");
}

/* Compile errors: one clear line each. */
static void
test_errors(void **state)
{
	static const struct {
		const char	*fmt;
		int		 style;
		const char	*datefmt, *want;
	} cases[] = {
		{ "%(asctime)s %(nmae)s %(message)s", '%', NULL,
		    "unknown LogRecord attribute 'nmae' in format "
		    "'%(asctime)s %(nmae)s %(message)s'" },
		{ "{asctime} {lvl} {message}", '{', NULL,
		    "unknown LogRecord attribute 'lvl'" },
		{ "$asctime $foo", '$', NULL,
		    "unknown LogRecord attribute 'foo'" },
		{ "just text", '%', NULL, "has no %(...)s field" },
		{ "just text", 0, NULL, "has no %(...)s field" },
		{ "just {{text}}", '{', NULL, "has no {...} field" },
		{ "%(message", '%', NULL, "unclosed '%('" },
		{ "%(message)q", '%', NULL,
		    "bad conversion character 'q' in '%(message)q'" },
		{ "%(message)", '%', NULL, "incomplete field" },
		{ "50% %(message)s", '%', NULL, "bare '% '" },
		{ "{message", '{', NULL, "unclosed '{'" },
		{ "{message} }", '{', NULL, "single '}'" },
		{ "{message:zz}", '{', NULL, "bad format spec 'zz'" },
		{ "{message!x}", '{', NULL, "bad conversion '!x'" },
		{ "$ $message", '$', NULL, "invalid placeholder '$'" },
		{ "%(asctime)s %(message)s", '%', "%Q", "unknown directive "
		    "'%Q' in datefmt '%Q'" },
		{ "%(message)s", 'x', NULL, "unknown format style" },
	};
	char	*cause;
	size_t	 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		if (pyfmt_compile(cases[i].fmt, cases[i].style,
		    cases[i].datefmt, &cause) != NULL)
			fail_msg("'%s' compiled", cases[i].fmt);
		assert_non_null(cause);
		if (strstr(cause, cases[i].want) == NULL)
			fail_msg("'%s': cause '%s', want '%s'", cases[i].fmt,
			    cause, cases[i].want);
		assert_null(strchr(cause, '\n'));
		free(cause);
	}
}

/* Bytes are bytes: NUL, invalid UTF-8, empty and unterminated input. */
static void
test_bytes(void **state)
{
	static const char line[] = "2024-01-01 00:00:00,000 INFO a\0b: m\xff\0";
	char		*cause = NULL;
	struct pyfmt	*p;
	struct fields	 f;
	char		*heap;

	p = pyfmt_compile("%(asctime)s %(levelname)s %(name)s: %(message)s",
	    '%', NULL, &cause);
	assert_non_null(p);
	assert_int_equal(pyfmt_parse(p, line, sizeof line - 1, &f), 1);
	assert_int_equal(f.logger.len, 3);
	assert_int_equal(f.message.len, 3);
	assert_int_equal(pyfmt_parse(p, "", 0, &f), 0);
	/* Every prefix of a record, in an exact-size heap copy (ASan). */
	for (size_t n = 0; n < sizeof line - 1; n++) {
		heap = malloc(n ? n : 1);
		memcpy(heap, line, n);
		(void)pyfmt_parse(p, heap, n, &f);
		free(heap);
	}
	pyfmt_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_fixture_times),
		cmocka_unit_test(test_datefmt),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
