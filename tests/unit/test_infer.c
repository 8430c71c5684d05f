/*
 * test_infer.c: layouts learned from a source's own lines (parsers/infer.c):
 * learned from samples of kinds detect.c does not know, refused on noise
 * and on logs the known layouts explain, dropped when the source changes
 * its layout, and matched without reading past a line's end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/infer.h"
#include "parsers/level.h"
#include "parsers/parse.h"

#define BUFSZ	(256 * 1024)

static const char *const lv_word[] = { "DEBUG", "INFO", "INFO", "WARN",
    "ERROR", "INFO" };
static const char *const lg_name[] = { "app.db", "app.http.server",
    "app.cache", "worker.jobs" };

/* A line of kind k for record i (level lv_word[i % 6], logger lg_name[i % 4]). */
static int
kind_line(int k, int i, char *out, size_t size)
{
	const char	*l = lv_word[i % 6], *g = lg_name[i % 4];
	char		 iso[40], rust[40], lower[16];
	size_t		 j;

	snprintf(iso, sizeof iso, "2026-11-28T06:%02d:%02d.%06dZ", i / 60 % 60,
	    i % 60, i * 7);
	snprintf(rust, sizeof rust, "%s", g);
	for (j = 0; rust[j] != '\0'; j++)
		if (rust[j] == '.') {
			memmove(rust + j + 2, rust + j + 1, strlen(rust + j));
			rust[j] = rust[j + 1] = ':';
		}
	switch (k) {
	case 0:		/* Ruby's Logger */
		return snprintf(out, size, "%c, [%s #12345] %5s -- %s: request %d done",
		    l[0], iso, l, g, i);
	case 1:		/* PHP Monolog */
		return snprintf(out, size, "[%s] %.*s.%s: cache miss %d {} []",
		    iso, (int)strcspn(g, "."), g,
		    strcmp(l, "WARN") == 0 ? "WARNING" : l, i);
	case 2:		/* Rust tracing-subscriber */
		return snprintf(out, size, "%s %5s %s: listening on %d", iso, l,
		    rust, i);
	case 3:		/* Elasticsearch-like brackets, padded */
		return snprintf(out, size, "[%s][%-5s][%-20s] [node-1] shard %d",
		    iso, l, g, i);
	case 4:		/* one-letter level, a thread, then "logger:" */
		return snprintf(out, size, "%s %c [main-%d] %s: job %d", iso, l[0],
		    i % 3, g, i);
	case 5:		/* Kafka: the logger closes the line */
		return snprintf(out, size, "[%s] %s [Server id=%d] step %d (%s)",
		    iso, l, i % 2, i, g);
	case 6:		/* Twisted: [namespace#level], lower case */
		for (j = 0; l[j] != '\0'; j++)
			lower[j] = (char)(l[j] | 0x20);
		lower[j] = '\0';
		return snprintf(out, size, "%s [%s#%s] event %d", iso, g, lower, i);
	case 7:		/* [LEVEL/name] */
		return snprintf(out, size, "%s [%s/%s] event %d", iso, l, g, i);
	case 8:		/* log15 / geth: "ERROR[11-28|06:47:00.000] msg", no logger */
		return snprintf(out, size, "%-5s[11-28|06:%02d:%02d.%03d] block %d "
		    "    number=%d", l, i / 60 % 60, i % 60, i % 1000, i, i);
	case 10:	/* pytest's log format: "LEVEL    name:file.py:line msg" */
		return snprintf(out, size, "%-8s %s:test_app.py:%d request %d",
		    lv_word[i % 6][0] == 'W' ? "WARNING" : l, g, 10 + i, i);
	case 9:		/* Jetty's StdErrLog: "time:LEVEL:name:thread: msg" */
		return snprintf(out, size, "2026-11-28 06:%02d:%02d.%03d:%s:%s:main: "
		    "started %d", i / 60 % 60, i % 60, i % 1000, l, g, i);
	}
	return 0;
}

/* The logger kind k prints for record i. */
static void
kind_logger(int k, int i, char *out, size_t size)
{
	const char	*g = lg_name[i % 4];
	size_t		 j, o = 0;

	if (k == 1) {
		snprintf(out, size, "%.*s", (int)strcspn(g, "."), g);
		return;
	}
	if (k == 8) {
		out[0] = '\0';
		return;
	}
	for (j = 0; g[j] != '\0' && o + 3 < size; j++) {
		if (k == 2 && g[j] == '.') {
			out[o++] = ':';
			out[o++] = ':';
		} else
			out[o++] = g[j];
	}
	out[o] = '\0';
}

/* n records of kind k, an indented or traceback continuation after ERRORs. */
static size_t
kind_sample(int k, int n, char *buf, size_t size)
{
	size_t	o = 0;
	int	i;

	for (i = 0; i < n && o + 512 < size; i++) {
		o += (size_t)kind_line(k, i, buf + o, size - o);
		buf[o++] = '\n';
		if (i % 6 == 4)
			o += (size_t)snprintf(buf + o, size - o,
			    "Traceback (most recent call last):\n"
			    "  File \"x.py\", line 1, in f\n"
			    "ValueError: bad %d\n", i);
	}
	return o;
}

/*
 * Every record line of the sample parses with its own level and logger:
 * through a learned layout (fmt FORMAT_LEARNED), or through the known
 * layout fmt, when nothing is learned (the layout became a known one).
 */
static void
check_kind(int k, int fmt)
{
	char		*buf = malloc(BUFSZ), line[512], want[128], desc[512];
	struct parser	 p;
	struct fields	 f;
	size_t		 len = kind_sample(k, 120, buf, BUFSZ), n;
	int		 i, l;

	parser_init(&p, NULL);
	if (fmt == FORMAT_LEARNED) {
		assert_int_equal(infer_learn(&p, buf, len), 1);
		assert_true(p.inf.active);
		infer_describe(&p.inf, desc, sizeof desc);
		assert_non_null(strstr(desc, "learned:"));
	} else
		assert_int_equal(infer_learn(&p, buf, len), 0);
	for (i = 0; i < 120; i++) {
		n = (size_t)kind_line(k, i, line, sizeof line);
		assert_int_equal(detect_line(&p, line, n, &f), 1);
		assert_int_equal(f.format, fmt);
		l = level_parse(lv_word[i % 6], strlen(lv_word[i % 6]));
		assert_int_equal(f.level, l);
		kind_logger(k, i, want, sizeof want);
		assert_int_equal(f.logger.len, strlen(want));
		assert_memory_equal(line + f.logger.off, want, f.logger.len);
		assert_true(f.message.off + f.message.len == n);
		/* kind 10 prints no time */
		assert_true((f.time != TIME_UNKNOWN) == (k != 10));
	}
	/* Continuation lines stay continuation lines. */
	assert_int_equal(detect_line(&p, "  File \"x.py\", line 1, in f", 28, &f),
	    0);
	assert_int_equal(detect_line(&p, "Traceback (most recent call last):",
	    34, &f), 0);
	free(buf);
}

/* Ruby's Logger is a known layout now (parsers/layouts.c): nothing to learn. */
static void
test_ruby(void **state)
{
	check_kind(0, FORMAT_RUBY);
}

/* Monolog's LineFormatter is a known layout now (parsers/layouts.c). */
static void
test_monolog(void **state)
{
	check_kind(1, FORMAT_PHP);
}

static void
test_rust(void **state)
{
	check_kind(2, FORMAT_LOG4J);	/* tracing: a known layout now */
}

static void
test_brackets(void **state)
{
	check_kind(3, FORMAT_LOG4J);	/* Elasticsearch's: a known layout now */
}

static void
test_letter_thread(void **state)
{
	check_kind(4, FORMAT_LEARNED);
}

static void
test_tail_logger(void **state)
{
	check_kind(5, FORMAT_LEARNED);
}

static void
test_namespace_level(void **state)
{
	check_kind(6, FORMAT_LEARNED);
	check_kind(7, FORMAT_LEARNED);
	check_kind(9, FORMAT_GENERIC);	/* "time:LEVEL:name:": known now */
}

/* A caller after the name ("name:file.py:12") is not part of it. */
static void
test_caller(void **state)
{
	check_kind(10, FORMAT_LEARNED);
}

/* A compact time after the level, glued to it when the level is 5 letters. */
static void
test_geth(void **state)
{
	struct parser	p;
	struct fields	f;
	const char	*l = "INFO [11-28|06:47:00.000] Starting peer-to-peer node";

	check_kind(8, FORMAT_LEARNED);
	/* without a sample, the known layouts no longer take the time for a logger */
	parser_init(&p, NULL);
	assert_int_equal(detect_line(&p, l, strlen(l), &f), 1);
	assert_int_equal(f.level, LEVEL_INFO);
	assert_int_equal(f.logger.len, 0);
}

/* .NET's console logger: "info: Name[0]" with the message on the next line. */
static void
test_dotnet(void **state)
{
	static const char *const lw[] = { "info", "warn", "fail", "dbug" };
	static const int ll[] = { LEVEL_INFO, LEVEL_WARNING, LEVEL_ERROR,
	    LEVEL_DEBUG };
	char		 buf[8192], line[128];
	size_t		 o = 0, n;
	struct parser	 p;
	struct fields	 f;
	int		 i;

	for (i = 0; i < 40; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o,
		    "%s: Microsoft.Hosting.Lifetime[%d]\n      Now listening "
		    "on: http://localhost:%d\n", lw[i % 4], i % 3, 5000 + i);
	/* A known layout now (parsers/layouts.c): nothing to learn. */
	parser_init(&p, NULL);
	assert_int_equal(infer_learn(&p, buf, o), 0);
	for (i = 0; i < 4; i++) {
		n = (size_t)snprintf(line, sizeof line,
		    "%s: Microsoft.Hosting.Lifetime[0]", lw[i]);
		assert_int_equal(detect_line(&p, line, n, &f), 1);
		assert_int_equal(f.format, FORMAT_DOTNET);
		assert_int_equal(f.level, ll[i]);
		assert_int_equal(f.logger.len, 26);
		assert_memory_equal(line + f.logger.off,
		    "Microsoft.Hosting.Lifetime", 26);
	}
	assert_int_equal(detect_line(&p, "      Now listening on: x", 25, &f), 0);
}

/*
 * Colour codes around the columns (Rust's tracing writes them by
 * default): tracing is a known layout now, read through the colour-free
 * copy (layouts_uncolour), so nothing is learned and the fields are the same.
 */
static void
test_colour(void **state)
{
	char		 buf[32768], line[256];
	size_t		 o = 0, n;
	struct parser	 p;
	struct fields	 f;
	int		 i;

	for (i = 0; i < 60; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o,
		    "\x1b[2m2026-11-28T06:47:%02d.%06dZ\x1b[0m \x1b[32m%5s\x1b[0m "
		    "\x1b[2m%s\x1b[0m\x1b[2m:\x1b[0m request %d\n", i % 60, i,
		    lv_word[i % 6], i % 2 ? "my_crate::db" : "hyper::client", i);
	parser_init(&p, NULL);
	assert_int_equal(infer_learn(&p, buf, o), 0);
	n = (size_t)snprintf(line, sizeof line, "\x1b[2m2026-11-28T06:47:01."
	    "000001Z\x1b[0m \x1b[33m WARN\x1b[0m \x1b[2mmy_crate::db\x1b[0m"
	    "\x1b[2m:\x1b[0m slow");
	assert_int_equal(detect_line(&p, line, n, &f), 1);
	assert_int_equal(f.level, LEVEL_WARNING);
	assert_int_equal(f.logger.len, 12);
	assert_memory_equal(line + f.logger.off, "my_crate::db", 12);
	assert_memory_equal(line + f.level_span.off, "WARN", 4);
	assert_memory_equal(line + f.message.off, "slow", 4);
	assert_true(f.message.off + f.message.len == n);
}

/* A level column in one case: "Error: boom" is no record of "ERROR: msg". */
static void
test_case_style(void **state)
{
	char		 buf[16384];
	struct parser	 p;
	struct fields	 f;
	size_t		 o = 0;
	int		 i;

	for (i = 0; i < 60; i++) {
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s: task %d done\n",
		    i % 5 == 3 ? "ERROR" : i % 2 ? "INFO" : "DEBUG", i);
		if (i % 10 == 3)
			o += (size_t)snprintf(buf + o, sizeof buf - o,
			    "Error: boom %d\n    at run (app.js:1:2)\n", i);
	}
	parser_init(&p, NULL);
	assert_int_equal(infer_learn(&p, buf, o), 1);
	assert_int_equal(detect_line(&p, "ERROR: task 9 failed", 20, &f), 1);
	assert_int_equal(f.format, FORMAT_LEARNED);
	assert_int_equal(f.level, LEVEL_ERROR);
	assert_false(infer_match(&p.inf, "Error: boom", 11, 2026, &f));
	assert_false(infer_match(&p.inf, "error: boom", 11, 2026, &f));
}

/* Lines of noise: nothing is learned from them. */
static void
test_noise(void **state)
{
	static const char *const words[] = { "the", "error", "of", "a",
	    "warning", "info", "debug", "was", "not", "in", "any", "place",
	    "WARN", "and", "so", "on", "2026-11-28", "12:00:01" };
	char		*buf = malloc(BUFSZ);
	struct parser	 p;
	size_t		 o;
	unsigned	 seed = 7, w;
	int		 i, j, kind;

	for (kind = 0; kind < 4; kind++) {
		o = 0;
		for (i = 0; i < 200; i++) {
			for (j = 0; j < 3 + (int)(seed % 9); j++) {
				seed = seed * 1103515245u + 12345u;
				w = (seed >> 16) % (sizeof words / sizeof words[0]);
				if (kind == 1)	/* CSV */
					o += (size_t)snprintf(buf + o, BUFSZ - o,
					    "%s%d", j ? "," : "", (int)w);
				else if (kind == 2)	/* ls -l */
					o += (size_t)snprintf(buf + o, BUFSZ - o,
					    j ? " %u" : "-rw-r--r-- 1 root root", w);
				else
					o += (size_t)snprintf(buf + o, BUFSZ - o,
					    "%s%s", j ? " " : "", words[w]);
			}
			if (kind == 3)	/* a level word, at no fixed column */
				o += (size_t)snprintf(buf + o, BUFSZ - o, " INFO");
			buf[o++] = '\n';
		}
		parser_init(&p, NULL);
		assert_int_equal(infer_learn(&p, buf, o), 0);
		assert_false(p.inf.active);
	}
	free(buf);
}

/* A log the known layouts explain: nothing learned, nothing to pay. */
static void
test_known_kept(void **state)
{
	char		 buf[16384];
	struct parser	 p;
	size_t		 o = 0;
	int		 i;

	for (i = 0; i < 100; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o,
		    "2026-11-28 06:00:%02d,123 - %s - %s - message %d\n", i % 60,
		    lg_name[i % 4], i % 3 ? "INFO" : "WARNING", i);
	parser_init(&p, NULL);
	assert_int_equal(infer_learn(&p, buf, o), 0);
	assert_true(p.inf.checked);
	assert_int_equal(p.inf.known, FORMAT_PY_CLASSIC);
}

/* infer_feed: waits for enough lines, re-checks at growth, drops a stale layout. */
static void
test_recheck(void **state)
{
	char		*buf = malloc(BUFSZ);
	struct parser	 p;
	struct fields	 f;
	size_t		 len, o, fed;
	int		 i;

	parser_init(&p, NULL);
	/* Three lines are too few: no look yet. */
	len = kind_sample(4, 3, buf, BUFSZ);
	infer_feed(&p, buf, len);
	assert_false(p.inf.checked);
	len = kind_sample(4, 200, buf, BUFSZ);
	infer_feed(&p, buf, len);
	assert_true(p.inf.active);
	assert_int_equal(p.inf.checks, 1);
	fed = p.inf.fed;
	/* Until the source has grown fourfold, no second look. */
	infer_feed(&p, buf, len);
	assert_int_equal(p.inf.checks, 1);
	/* Then the source writes another layout: the learned one goes. */
	o = 0;
	for (i = 0; i < 400; i++)
		o += (size_t)snprintf(buf + o, BUFSZ - o,
		    "2026-11-28 06:00:%02d,123 - app.db - INFO - message %d\n",
		    i % 60, i);
	while (p.inf.fed < 4 * fed + 1)
		infer_feed(&p, buf, o);
	assert_true(p.inf.checks >= 2);
	assert_false(p.inf.active);
	assert_int_equal(detect_line(&p, buf, strcspn(buf, "\n"), &f), 1);
	assert_int_equal(f.format, FORMAT_PY_CLASSIC);
	/* With --format nothing is learned. */
	parser_init(&p, (const struct pyfmt *)(uintptr_t)1);
	assert_int_equal(infer_learn(&p, buf, len), 0);
	free(buf);
}

/* A learned layout beside access lines and bare lines (a mixed file). */
static void
test_mixed(void **state)
{
	char		*buf = malloc(BUFSZ);
	struct parser	 p;
	struct fields	 f;
	size_t		 len = kind_sample(4, 100, buf, BUFSZ);
	const char	*acc = "127.0.0.1 - - [28/Nov/2026:06:47:47 +0000] "
			    "\"GET / HTTP/1.1\" 404 12 \"-\" \"curl\"";

	len += (size_t)snprintf(buf + len, BUFSZ - len, "%s\n", acc);
	parser_init(&p, NULL);
	assert_int_equal(infer_learn(&p, buf, len), 1);
	assert_int_equal(detect_line(&p, acc, strlen(acc), &f), 1);
	assert_int_equal(f.format, FORMAT_ACCESS);
	assert_int_equal(f.level, LEVEL_WARNING);
	free(buf);
}

/* Every prefix of a learned line in an exact-size copy: no read past the end. */
static void
test_prefixes(void **state)
{
	char		*buf = malloc(BUFSZ), line[512], *c;
	struct parser	 p;
	struct fields	 f;
	size_t		 len, n, k;
	int		 kind;

	for (kind = 2; kind < 11; kind++) {
		if (kind == 2 || kind == 3 || kind == 9)
			continue;	/* 0, 1, 2, 3, 9: known layouts now */
		len = kind_sample(kind, 60, buf, BUFSZ);
		parser_init(&p, NULL);
		assert_int_equal(infer_learn(&p, buf, len), 1);
		n = (size_t)kind_line(kind, 5, line, sizeof line);
		for (k = 0; k <= n; k++) {
			c = malloc(k + 1);
			memcpy(c, line, k);
			if (infer_match(&p.inf, c, k, 2026, &f)) {
				assert_true(f.logger.off + f.logger.len <= k);
				assert_true(f.level_span.off + f.level_span.len <= k);
				assert_true(f.time_span.off + f.time_span.len <= k);
				assert_true(f.message.off + f.message.len <= k);
			}
			free(c);
		}
	}
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ruby),
		cmocka_unit_test(test_monolog),
		cmocka_unit_test(test_rust),
		cmocka_unit_test(test_brackets),
		cmocka_unit_test(test_letter_thread),
		cmocka_unit_test(test_tail_logger),
		cmocka_unit_test(test_namespace_level),
		cmocka_unit_test(test_geth),
		cmocka_unit_test(test_caller),
		cmocka_unit_test(test_dotnet),
		cmocka_unit_test(test_colour),
		cmocka_unit_test(test_case_style),
		cmocka_unit_test(test_noise),
		cmocka_unit_test(test_known_kept),
		cmocka_unit_test(test_recheck),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
