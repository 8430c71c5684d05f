/* test_compact.c: the compact record view (logger fitting, time, JSON and logfmt fields). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "core/sanitize.h"
#include "parsers/parse.h"
#include "tui/compact.h"

static struct compact	out;

/* Segments in order, inside the text, not overlapping. */
static void
check_segs(const struct compact *c)
{
	size_t	i, end = 0;

	for (i = 0; i < c->nsegs; i++) {
		assert_true(c->segs[i].off >= end);
		assert_true(c->segs[i].len > 0);
		end = (size_t)c->segs[i].off + c->segs[i].len;
		assert_true(end <= c->len);
	}
	assert_int_equal(strlen(c->text), c->len);
}

/* Render a record (first line parsed with auto-detection) at a width. */
static const char *
render(const char *rec, unsigned width)
{
	struct parser	p;
	struct fields	f;
	size_t		n = strlen(rec), n1 = strcspn(rec, "\n");

	parser_init(&p, NULL);
	parse_line(&p, rec, n1, &f);
	compact_render(&out, rec, n, &f, width);
	check_segs(&out);
	return out.text;
}

/* Text of the first segment of a kind, or "". */
static const char *
seg_text(int kind)
{
	static char	buf[512];
	size_t		i;

	buf[0] = '\0';
	for (i = 0; i < out.nsegs; i++)
		if (out.segs[i].kind == kind) {
			snprintf(buf, sizeof buf, "%.*s", (int)out.segs[i].len,
			    out.text + out.segs[i].off);
			break;
		}
	return buf;
}

/* Every width of app.api.v1.users, exactly. */
static void
test_logger_table(void **state)
{
	static const char *const want[] = {
		NULL, "u", "u\xe2\x80\xa6", "us\xe2\x80\xa6", "use\xe2\x80\xa6",
		"users", "\xe2\x80\xa6users", "\xe2\x80\xa6users",
		"\xe2\x80\xa6v.users", "\xe2\x80\xa6v.users",
		"\xe2\x80\xa6" "a.v.users", "a.a.v.users", "a.a.v1.users",
		"a.a.v1.users", "a.api.v1.users", "a.api.v1.users",
		"app.api.v1.users", "app.api.v1.users"
	};
	const char	*name = "app.api.v1.users";
	char		 buf[64];
	unsigned	 w, got;

	for (w = 1; w <= 17; w++) {
		got = compact_logger(name, strlen(name), w, buf, sizeof buf);
		assert_string_equal(buf, want[w]);
		assert_int_equal(got, sanitize_width(buf, strlen(buf), 8));
	}
}

/* Every width from 1 to the full name (and past it), for many names. */
static void
test_logger_every_width(void **state)
{
	static const char *const names[] = {
		"app.api.v1.users", "users", "a.b", "uvicorn.error",
		"com.example.very.long.package.ServiceImpl", "root",
		"\xed\x95\x9c\xea\xb5\xad.\xec\x84\x9c\xeb\xb9\x84\xec\x8a\xa4",
		"a..b", "x.", ".x", "sqlalchemy.engine.Engine", "a.b.c.d.e.f.g",
		NULL
	};
	char		 buf[128];
	const char	*name, *last;
	unsigned	 w, got, prev, full, lastw;
	size_t		 k, n;

	for (k = 0; (name = names[k]) != NULL; k++) {
		n = strlen(name);
		full = (unsigned)sanitize_width(name, n, 8);
		last = strrchr(name, '.');
		last = last != NULL ? last + 1 : name;
		lastw = (unsigned)sanitize_width(last, strlen(last), 8);
		prev = 0;
		for (w = 1; w <= full + 2; w++) {
			got = compact_logger(name, n, w, buf, sizeof buf);
			assert_true(got <= w);
			assert_true(got >= 1 || lastw == 0);
			assert_int_equal(got, sanitize_width(buf, strlen(buf), 8));
			assert_true(got >= prev);	/* more room never shows less */
			prev = got;
			if (w >= full)
				assert_string_equal(buf, name);
			if (w >= lastw && strlen(buf) >= strlen(last))
				assert_string_equal(buf + strlen(buf) -
				    strlen(last), last);
			if (w >= lastw)	/* the last component is whole */
				assert_non_null(strstr(buf, last));
		}
	}
	assert_int_equal(compact_logger("abc", 3, 0, buf, sizeof buf), 0);
}

/* Time of day from the timestamp as written, else from the epoch ms. */
static void
test_time(void **state)
{
	struct fields	f;
	char		buf[16];
	const char	*line = "2026-11-28 12:00:00,111 x";

	fields_clear(&f);
	assert_int_equal(compact_time(line, strlen(line), &f, buf), 0);
	f.time_span.off = 0;
	f.time_span.len = 23;
	f.time = 0;
	assert_int_equal(compact_time(line, strlen(line), &f, buf), 12);
	assert_string_equal(buf, "12:00:00.111");
	line = "2026-11-28T23:59:58.5+02:00";
	f.time_span.len = (uint32_t)strlen(line);
	compact_time(line, strlen(line), &f, buf);
	assert_string_equal(buf, "23:59:58.500");
	f.time_span.len = 0;
	f.time = 1764331200123LL;	/* 2025-11-28 12:00:00.123 UTC */
	compact_time(line, 0, &f, buf);
	assert_string_equal(buf, "12:00:00.123");
	compact_date(f.time, buf);
	assert_string_equal(buf, "2025-11-28");
	compact_date(0, buf);
	assert_string_equal(buf, "1970-01-01");
	f.time = -1;
	compact_time(line, 0, &f, buf);
	assert_string_equal(buf, "23:59:59.999");
}

/* Badges are text of one width; no level, no badge. */
static void
test_badge(void **state)
{
	unsigned	l;

	assert_string_equal(compact_badge(LEVEL_NONE), "");
	for (l = 1; l < LEVEL_COUNT; l++)
		assert_int_equal(strlen(compact_badge(l)), COMPACT_BADGE_W);
	assert_string_equal(compact_badge(LEVEL_ERROR), "ERROR");
	assert_string_equal(compact_badge(LEVEL_WARNING), "WARN ");
	assert_string_equal(compact_badge(99), "");
}

/* Text layouts: prefix, message, continuation lines indented. */
static void
test_text(void **state)
{
	assert_string_equal(render("2026-11-28 12:00:00,111 - app.api.v1.users"
	    " - DEBUG - fetched user 42", 100), "12:00:00.111 DEBUG a.api.v1.users"
	    " fetched user 42");
	render("2026-11-28 12:00:00,111 - app.api.v1.users - DEBUG - x", 60);
	assert_string_equal(seg_text(CSEG_TIME), "12:00:00.111");
	assert_string_equal(seg_text(CSEG_LEVEL), "DEBUG");
	assert_string_equal(seg_text(CSEG_LOGGER), "\xe2\x80\xa6" "a.v.users");
	assert_string_equal(render("2026-11-28 12:00:00,111 - app - ERROR - "
	    "boom\nTraceback (most recent call last):\r\n  File \"x\"", 100),
	    "12:00:00.111 ERROR app            boom\n"
	    "                                  Traceback (most recent call last):\n"
	    "                                    File \"x\"");
	/* narrow: no logger column, small indent */
	assert_string_equal(render("2026-11-28 12:00:00,111 - app - ERROR - "
	    "boom\nnext", 30), "12:00:00.111 ERROR boom\n  next");
	/* no fields: as written */
	assert_string_equal(render("plain text\n\tand more", 100),
	    "plain text\n\tand more");
	assert_int_equal(out.nsegs, 0);
	/* Korean stays whole */
	assert_string_equal(render("2026-11-28 12:00:00,111 - kr - INFO - "
	    "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94 "
	    "\xec\x84\xb8\xea\xb3\x84", 40), "12:00:00.111 INFO  "
	    "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94 "
	    "\xec\x84\xb8\xea\xb3\x84");
}

/* Every JSON value type. */
static void
test_json_types(void **state)
{
	assert_string_equal(render("{\"time\": \"2026-11-18 11:07:38,713\", "
	    "\"level\": \"INFO\", \"logger\": \"app.worker\", \"message\": "
	    "\"job done\", \"s\": \"word\", \"sp\": \"two words\", \"e\": \"\", "
	    "\"i\": 7, \"fl\": -1.5e3, \"t\": true, \"f\": false, \"z\": null, "
	    "\"a\": [1, \"x\", [ ]], \"o\": {\"k\": {\"d\": 1}, \"l\": [2]}}",
	    100), "11:07:38.713 INFO  app.worker     job done s=word "
	    "sp=\"two words\" e=\"\" i=7 fl=-1.5e3 t=true f=false z=null "
	    "a=[1,\"x\",[]] o={\"k\":{\"d\":1},\"l\":[2]}");
	assert_string_equal(seg_text(CSEG_KEY), "s=");
	assert_string_equal(seg_text(CSEG_VALUE), "word");
	/* escapes decoded, quotes and newlines in values escaped again */
	assert_string_equal(render("{\"level\": \"warning\", \"msg\": "
	    "\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\x\", \"v\": \"a\\nb\\\"c\"}",
	    100), "WARN  caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\x v=\"a\\nb\\\"c\"");
	/* a message over lines: first line, fields, then the other lines */
	assert_string_equal(render("{\"level\": \"info\", \"msg\": \"one\\ntwo\","
	    " \"k\": 1}", 100), "INFO  one k=1\n      two");
}

/* Long values are cut with a marker; keys and text before stay. */
static void
test_json_long(void **state)
{
	char		line[1024], want[512];
	const char	*got;

	snprintf(line, sizeof line, "{\"level\": \"info\", \"msg\": \"m\", "
	    "\"big\": \"%0300d\"}", 0);
	got = render(line, 100);
	snprintf(want, sizeof want, "INFO  m big=%0*d\xe2\x80\xa6",
	    COMPACT_VAL_MAX, 0);
	assert_string_equal(got, want);
	assert_string_equal(seg_text(CSEG_MARKER), "\xe2\x80\xa6");
}

/* Broken JSON: what could be read, then the rest as written. */
static void
test_json_invalid(void **state)
{
	struct fields	f;
	const char	*s;

	assert_string_equal(render("{\"level\": \"info\", \"msg\": \"cut\", "
	    "\"x\": {\"a\": 1", 100), "INFO  cut \"x\": {\"a\": 1");
	assert_string_equal(render("{\"level\": \"info\", \"msg\": \"m\", "
	    "\"k\" 5, \"j\": 6}", 100), "INFO  m \"k\" 5, \"j\": 6}");
	/* not JSON at all, but claimed to be: shown whole */
	fields_clear(&f);
	f.format = FORMAT_JSON;
	f.level = LEVEL_INFO;
	s = "not { json";
	compact_render(&out, s, strlen(s), &f, 100);
	assert_string_equal(out.text, "INFO  not { json");
	/* spans outside the line are ignored */
	f.message.off = 100;
	f.message.len = 5;
	f.logger.off = 3;
	f.logger.len = 50;
	compact_render(&out, s, strlen(s), &f, 100);
	check_segs(&out);
	assert_non_null(strstr(out.text, "not { json"));
	/* not an object: no fields, shown as written */
	assert_string_equal(render("[1, 2, 3]", 100), "[1, 2, 3]");
}

/* Exception and stack fields become lines. */
static void
test_json_exc(void **state)
{
	assert_string_equal(render("{\"level\": \"error\", \"msg\": \"boom\", "
	    "\"exc_info\": \"Traceback (most recent call last):\\n  File "
	    "\\\"x.py\\\", line 1\\nValueError: bad\", \"k\": 1}", 100),
	    "ERROR boom k=1\n"
	    "      Traceback (most recent call last):\n"
	    "        File \"x.py\", line 1\n"
	    "      ValueError: bad");
	assert_string_equal(seg_text(CSEG_EXC), "Traceback (most recent call last):");
	assert_string_equal(render("{\"level\": \"error\", \"msg\": \"boom\", "
	    "\"error\": {\"type\": \"E\", \"stack\": \"Error: x\\n    at f\"}}",
	    100), "ERROR boom error={\"type\":\"E\"}\n      Error: x\n"
	    "          at f");
	assert_string_equal(render("{\"level\": \"error\", \"msg\": \"boom\", "
	    "\"err\": {\"stack\": \"S1\\nS2\"}}", 100),
	    "ERROR boom\n      S1\n      S2");
	assert_string_equal(render("{\"level\": \"error\", \"msg\": \"boom\", "
	    "\"stack_trace\": [\"a\", \"b\\nc\", 3]}", 100),
	    "ERROR boom\n      a\n      b\n      c\n      3");
	/* an exception that is neither string nor array is a field */
	assert_string_equal(render("{\"level\": \"error\", \"msg\": \"boom\", "
	    "\"exception\": {\"type\": \"E\"}}", 100),
	    "ERROR boom exception={\"type\":\"E\"}");
}

/* logfmt: values as written (quoted stay quoted), message decoded. */
static void
test_logfmt(void **state)
{
	assert_string_equal(render("time=2026-11-28T12:00:00.250Z level=info "
	    "msg=\"hello \\\"world\\\"\" user=bob q=\"a b\" e= bare id=42",
	    100), "12:00:00.250 INFO  hello \"world\" user=bob q=\"a b\" e= "
	    "bare id=42");
	assert_string_equal(render("level=error logger=app.db msg=failed "
	    "stack=\"line1\\nline2\"", 100),
	    "ERROR app.db         failed\n                     line1\n"
	    "                     line2");
	/* text that is not a pair: the rest as written */
	assert_string_equal(render("level=warn msg=x a=1 =oops b=2", 100),
	    "WARN  x a=1 =oops b=2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logger_table),
		cmocka_unit_test(test_logger_every_width),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_badge),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json_types),
		cmocka_unit_test(test_json_long),
		cmocka_unit_test(test_json_invalid),
		cmocka_unit_test(test_json_exc),
		cmocka_unit_test(test_logfmt),
	};
	int	rc;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		fprintf(stderr, "test_compact: no UTF-8 locale\n");
		return 1;
	}
	compact_init(&out);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	compact_free(&out);
	return rc;
}
