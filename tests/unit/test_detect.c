/*
 * test_detect.c: detect_line against every fixture with a truth file, and
 * targeted cases (continuations, level words in messages, odd bytes).
 *
 * A fixture is tests/fixtures/parsers[/real]/X.log with X.truth beside it:
 * TSV "first_line\tlines\tlevel\tlogger" per record (1-based first line,
 * logger empty when the layout has none). detect_line must report exactly
 * those lines as record starts, with that level and logger (lines before
 * the first start count as records of their own, as group.c makes them,
 * an indented one continuing an unindented one).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/level.h"
#include "parsers/parse.h"
#include "parsers/record.h"

struct truth_row {
	long	 line;
	char	 level[16];
	char	*logger;
};

/* Read a whole file. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Parse a truth file into rows; returns the count. */
static size_t
read_truth(const char *path, struct truth_row **rows)
{
	size_t		 len, n = 0, cap = 0;
	char		*buf = slurp(path, &len), *line, *save = NULL, *tab;
	struct truth_row *r = NULL;

	assert_non_null(buf);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { NULL, NULL, NULL, NULL };
		int k = 0;

		if (strncmp(line, "first_line", 10) == 0)
			continue;
		f[k++] = line;
		while (k < 4 && (tab = strchr(f[k - 1], '\t')) != NULL) {
			*tab = '\0';
			f[k++] = tab + 1;
		}
		if (k < 3)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			r = realloc(r, cap * sizeof *r);
		}
		r[n].line = atol(f[0]);
		snprintf(r[n].level, sizeof r[n].level, "%s", f[2]);
		r[n].logger = strdup(f[3] ? f[3] : "");
		n++;
	}
	free(buf);
	*rows = r;
	return n;
}

/* Report a record start that differs from its truth row; returns 1 if it does. */
static int
check_row(const char *logpath, long lineno, const struct truth_row *row, int r,
    int level, const char *line, size_t l, const struct fields *f, int *bad)
{
	const char	*lv = level_name(level);
	size_t		 gl = strlen(row->logger);

	if (r && strcmp(lv, row->level) == 0 && f->logger.len == gl &&
	    memcmp(line + f->logger.off, row->logger, gl) == 0)
		return 0;
	if ((*bad)++ < 8)
		fprintf(stderr, "%s:%ld: want start %s [%s] got %d %s [%.*s] fmt "
		    "%s: %.*s\n", logpath, lineno, row->level, row->logger, r,
		    lv, (int)f->logger.len, line + f->logger.off,
		    format_name(f->format), (int)(l > 100 ? 100 : l), line);
	return 1;
}

/*
 * Check one fixture; returns the number of mismatches. As in group.c, a
 * line before the first record start is a record of its own (level NONE,
 * no logger), and a record's level may be given by its next line
 * (p.amend, java.util.logging's second line).
 */
static int
check_fixture(const char *logpath, const char *truthpath)
{
	struct truth_row *rows;
	size_t		 nrows = read_truth(truthpath, &rows), ri = 0, len, i;
	char		*buf = slurp(logpath, &len);
	struct parser	 p;
	struct fields	 f, pf;
	long		 lineno = 0, pline = 0;
	int		 bad = 0, r, started = 0, orphan = 0;
	size_t		 start = 0, end, l, pstart = 0, pl = 0;
	const struct truth_row *prow = NULL;	/* level waits for next line */

	assert_non_null(buf);
	parser_init(&p, NULL);
	infer_feed(&p, buf, len);	/* as group.c does with its first buffer */
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		end = i;
		l = end - start;
		if (l > 0 && buf[start + l - 1] == '\r')
			l--;
		lineno++;
		r = detect_line(&p, buf + start, l, &f);
		if (prow != NULL) {
			pf.level = !r && p.amend >= 0 ? (uint8_t)p.amend :
			    pf.level;
			check_row(logpath, pline, prow, 1, pf.level, buf + pstart,
			    pl, &pf, &bad);
			prow = NULL;
		}
		p.amend = -1;
		started |= r;
		if (!r && !started) {
			/* an orphan: a record of its own, unless indented after an unindented one */
			int ind = l > 0 && (buf[start] == ' ' || buf[start] == '\t');

			r = !(ind && orphan);
			orphan = r && !ind && l > 0;
			fields_clear(&f);
		}
		if (ri < nrows && rows[ri].line == lineno) {
			if (r && p.want) {
				prow = &rows[ri];
				pf = f;
				pline = lineno;
				pstart = start;
				pl = l;
			} else
				check_row(logpath, lineno, &rows[ri], r, f.level,
				    buf + start, l, &f, &bad);
			ri++;
		} else if (r && (started || ri > 0)) {
			/* (orphans before the truth's first row are not listed) */
			if (bad++ < 8)
				fprintf(stderr, "%s:%ld: want continuation, "
				    "got %s: %.*s\n", logpath, lineno,
				    format_name(f.format),
				    (int)(l > 100 ? 100 : l), buf + start);
		}
		if (r) {
			assert_true(f.logger.off + f.logger.len <= l);
			assert_true(f.message.off + f.message.len <= l);
			assert_true(f.level_span.off + f.level_span.len <= l);
			assert_true(f.time_span.off + f.time_span.len <= l);
		}
		start = i + 1;
	}
	if (prow != NULL)
		check_row(logpath, pline, prow, 1, pf.level, buf + pstart, pl,
		    &pf, &bad);
	if (ri != nrows) {
		fprintf(stderr, "%s: %zu truth rows not reached\n", logpath,
		    nrows - ri);
		bad++;
	}
	for (i = 0; i < nrows; i++)
		free(rows[i].logger);
	free(rows);
	free(buf);
	return bad;
}

/* Every X.log with an X.truth in dir. */
static int
check_dir(const char *dir, int *count)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	char		 logp[1024], truthp[1024];
	size_t		 nl;
	int		 bad = 0;
	FILE		*fp;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		nl = strlen(de->d_name);
		if (nl < 5 || strcmp(de->d_name + nl - 4, ".log") != 0)
			continue;
		snprintf(logp, sizeof logp, "%s/%s", dir, de->d_name);
		snprintf(truthp, sizeof truthp, "%s/%.*s.truth", dir,
		    (int)(nl - 4), de->d_name);
		if ((fp = fopen(truthp, "r")) == NULL)
			continue;
		fclose(fp);
		bad += check_fixture(logp, truthp);
		(*count)++;
	}
	closedir(d);
	return bad;
}

static void
test_fixtures(void **state)
{
	int	count = 0, bad;

	bad = check_dir("tests/fixtures/parsers", &count);
	bad += check_dir("tests/fixtures/parsers/real", &count);
	assert_true(count >= 20);
	assert_int_equal(bad, 0);
}

/* Detect one NUL-free literal. */
static int
det(const char *s, struct fields *f)
{
	struct parser	p;

	parser_init(&p, NULL);
	return detect_line(&p, s, strlen(s), f);
}

/* Span text equals lit? */
static int
span_is(const char *line, struct span sp, const char *lit)
{
	return sp.len == strlen(lit) && memcmp(line + sp.off, lit, sp.len) == 0;
}

static void
test_continuations(void **state)
{
	static const char classic[] =
	    "2026-11-18 11:06:40,046 - app - ERROR - failed";
	struct parser	 p;
	struct fields	 f;
	const char	*cont[] = {
		"ValueError: x",
		"ValueError: invalid literal for int() with base 10: 'N/A'",
		"KeyError: 'x'",
		"Traceback (most recent call last):",
		"  File \"/srv/app/main.py\", line 5, in handle",
		"    return job(payload)",
		"Caused by: java.lang.NullPointerException",
		"\tat org.apache.hadoop.Foo.bar(Foo.java:12)",
		"{'a': 1,",
		" 'b': 2}",
		"{",
		"}",
		"",
		"Error: something",
		"ERROR: something failed",
		"WARNING: x",
		"INFO something",
		"ConnectionError: could not connect to server: x",
		"requests.exceptions.HTTPError: 500 Server Error",
		"During handling of the above exception, another exception occurred:",
		"...",
		"12345",
		"[1, 2, 3]",
		"<html>",
		"- foo",
	};
	size_t		 i;

	for (i = 0; i < sizeof cont / sizeof cont[0]; i++) {
		if (det(cont[i], &f) != 0)
			fail_msg("record start: %s", cont[i]);
		assert_int_equal(f.format, FORMAT_NONE);
	}
	/*
	 * "level: msg" in lower case is winston's simple format at the start
	 * of a source or among Node / access lines, a continuation line in a
	 * Python record.
	 */
	parser_init(&p, NULL);
	assert_int_equal(detect_line(&p, classic, strlen(classic), &f), 1);
	assert_int_equal(detect_line(&p, "error: foo=bar", 14, &f), 0);
	assert_int_equal(f.format, FORMAT_NONE);
	parser_init(&p, NULL);
	assert_int_equal(detect_line(&p, "error: foo=bar", 14, &f), 1);
	assert_int_equal(f.level, LEVEL_ERROR);
	assert_int_equal(detect_line(&p, "verbose: pool ready", 19, &f), 1);
	assert_int_equal(f.level, LEVEL_DEBUG);
}

static void
test_targeted(void **state)
{
	struct fields	 f;
	const char	*s;
	struct parser	 p;
	char		*big;
	size_t		 n;

	s = "DEBUG:uvicorn.error:connection error in pool";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.level, LEVEL_DEBUG);
	assert_true(span_is(s, f.logger, "uvicorn.error"));
	assert_true(span_is(s, f.message, "connection error in pool"));

	s = "2026-11-18 11:06:40,046 - uvicorn.error - INFO - fatal error";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.level, LEVEL_INFO);
	assert_true(span_is(s, f.logger, "uvicorn.error"));
	assert_true(span_is(s, f.message, "fatal error"));
	assert_true(f.time != TIME_UNKNOWN);

	s = "INFO:app.api:\xea\xb3\xa0\xea\xb0\x9d ERROR \xec\xb2\x98\xeb\xa6\xac";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.level, LEVEL_INFO);

	s = "Level 15:app:custom level";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.level, LEVEL_DEBUG);
	assert_true(span_is(s, f.logger, "app"));

	s = "INFO:     Started server process [123]";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_UVICORN);
	assert_int_equal(f.logger.len, 0);
	s = "WARNING:  x";
	assert_int_equal(det(s, &f), 1);

	s = "warning:app:lower case basic is not python";
	assert_int_equal(det(s, &f), 0);

	/* NUL bytes inside a line. */
	{
		static const char nul[] = "INFO:app:a\0b\0c";

		parser_init(&p, NULL);
		assert_int_equal(detect_line(&p, nul, sizeof nul - 1, &f), 1);
		assert_int_equal(f.message.off + f.message.len, sizeof nul - 1);
		assert_int_equal(detect_line(&p, "\0\0\0", 3, &f), 0);
	}
	/* Truncated lines never read past len. */
	s = "2026-11-18 11:06:40,046 - app - INFO - x";
	parser_init(&p, NULL);
	for (n = 0; n <= strlen(s); n++) {
		char *c = malloc(n ? n : 1);

		memcpy(c, s, n);
		detect_line(&p, c, n, &f);
		assert_true(f.message.off + f.message.len <= n);
		free(c);
	}
	/* 1 MB line. */
	n = 1 << 20;
	big = malloc(n);
	memset(big, 'x', n);
	memcpy(big, "ERROR:app:", 10);
	parser_init(&p, NULL);
	assert_int_equal(detect_line(&p, big, n, &f), 1);
	assert_int_equal(f.message.len, n - 10);
	memset(big, 'a', n);
	big[0] = '{';
	assert_int_equal(detect_line(&p, big, n, &f), 0);
	memset(big, ' ', n);
	memcpy(big, "time=", 5);
	detect_line(&p, big, n, &f);
	free(big);

	/* Layouts. */
	s = "2024-01-01 10:00:00.123 | INFO     | __main__:main:12 - hello";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_LOGURU);
	assert_true(span_is(s, f.logger, "__main__"));
	assert_true(span_is(s, f.message, "hello"));

	s = "2024-01-01T10:00:00.123456Z [info     ] event  key=val";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_STRUCTLOG);
	assert_int_equal(f.level, LEVEL_INFO);

	s = "[2024-01-01 10:00:00 +0000] [123] [INFO] Booting worker";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_GUNICORN);
	assert_true(span_is(s, f.message, "Booting worker"));

	s = "[2024-01-01 10:00:00,123: INFO/ForkPoolWorker-1] tasks.add[ab-12]: 5";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_CELERY);
	assert_true(span_is(s, f.logger, "tasks.add"));
	assert_true(span_is(s, f.message, "5"));

	s = "<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - 'su root' failed";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_SYSLOG);
	assert_int_equal(f.level, LEVEL_CRITICAL);
	assert_true(span_is(s, f.logger, "su"));
	assert_true(span_is(s, f.message, "'su root' failed"));

	s = "Oct 11 22:14:15 mymachine su[123]: 'su root' failed";
	assert_int_equal(det(s, &f), 1);
	assert_true(span_is(s, f.logger, "su"));

	s = "01-02 03:04:05.678  1234  5678 I ActivityManager: Start proc";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_LOGCAT);
	assert_true(span_is(s, f.logger, "ActivityManager"));

	s = "INFO[0000] started                                 port=80";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_LOGRUS);

	s = "2024-01-01T10:00:00.000Z\tINFO\tmain\tstarted\t{\"a\": 1}";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.format, FORMAT_ZAP);
	assert_true(span_is(s, f.logger, "main"));

	s = "{\"log\":{\"level\":\"warn\",\"logger\":\"x.y\"},\"message\":\"m\"}";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.level, LEVEL_WARNING);
	assert_true(span_is(s, f.logger, "x.y"));
	assert_true(span_is(s, f.message, "m"));

	s = "{\"level\":30,\"time\":1700000000123,\"msg\":\"hi\",\"name\":\"app\"}";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.level, LEVEL_INFO);
	assert_true(f.time == 1700000000123LL);

	s = "15/11/18 10:00:00 INFO spark.SparkContext: Running Spark";
	assert_int_equal(det(s, &f), 1);
	assert_true(span_is(s, f.logger, "spark.SparkContext"));

	s = "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification";
	assert_int_equal(det(s, &f), 1);
	assert_int_equal(f.level, LEVEL_INFO);
	assert_true(span_is(s, f.logger, "FastLeaderElection"));
	assert_true(span_is(s, f.message, "Notification"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_continuations),
		cmocka_unit_test(test_targeted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
