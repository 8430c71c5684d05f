/* test_logfmt.c: key=value scanning and logfmt field extraction. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "parsers/level.h"
#include "parsers/logfmt.h"
#include "core/scan.h"

/* Span text equals lit? */
static int
span_is(const char *line, struct span sp, const char *lit)
{
	return sp.len == strlen(lit) && memcmp(line + sp.off, lit, sp.len) == 0;
}

static void
test_next(void **state)
{
	const char		*s = "a=1 b=\"x \\\" y\" flag c= d=\"unterminated";
	struct logfmt_pair	 kv;
	size_t			 pos = 0, n = strlen(s);

	assert_int_equal(logfmt_next(s, n, &pos, &kv), 1);
	assert_true(span_is(s, kv.key, "a") && span_is(s, kv.val, "1"));
	assert_int_equal(logfmt_next(s, n, &pos, &kv), 1);
	assert_true(span_is(s, kv.val, "x \\\" y") && kv.quoted);
	assert_int_equal(logfmt_next(s, n, &pos, &kv), 1);
	assert_true(span_is(s, kv.key, "flag") && !kv.has_eq);
	assert_int_equal(logfmt_next(s, n, &pos, &kv), 1);
	assert_true(span_is(s, kv.key, "c") && kv.has_eq && kv.val.len == 0);
	assert_int_equal(logfmt_next(s, n, &pos, &kv), 1);
	assert_true(span_is(s, kv.val, "unterminated"));
	assert_int_equal(logfmt_next(s, n, &pos, &kv), 0);
	pos = 0;
	assert_int_equal(logfmt_next("=x", 2, &pos, &kv), -1);
}

static void
test_fields(void **state)
{
	struct fields	 f;
	const char	*s;

	s = "time=2024-01-02T03:04:05.678Z level=warning logger=app.db "
	    "msg=\"slow, error rate up\" ms=12";
	assert_int_equal(logfmt_fields(s, strlen(s), &f), 1);
	assert_int_equal(f.format, FORMAT_LOGFMT);
	assert_int_equal(f.level, LEVEL_WARNING);
	assert_true(span_is(s, f.logger, "app.db"));
	assert_true(span_is(s, f.message, "slow, error rate up"));
	assert_true(f.time == 1704164645678LL);

	s = "time=\"2024-01-02T03:04:05Z\" level=info msg=hello";
	assert_int_equal(logfmt_fields(s, strlen(s), &f), 1);
	assert_int_equal(f.format, FORMAT_LOGRUS);
	assert_int_equal(f.level, LEVEL_INFO);

	s = "ts=2024-01-02T03:04:05Z msg=\"no level\"";
	assert_int_equal(logfmt_fields(s, strlen(s), &f), 1);
	assert_int_equal(f.level, LEVEL_NONE);

	s = "main.handler";
	assert_int_equal(logfmt_fields(s, strlen(s), &f), 0);
	s = "error: level=error";
	assert_int_equal(logfmt_fields(s, strlen(s), &f), 0);
	s = "a=1 b=2";
	assert_int_equal(logfmt_fields(s, strlen(s), &f), 0);
	s = "level=bogus msg=x";
	assert_int_equal(logfmt_fields(s, strlen(s), &f), 0);
	assert_int_equal(logfmt_fields("", 0, &f), 0);
}

/* scan_byte: every position, before and after memchr takes over, and none. */
static void
test_scan_byte(void **state)
{
	char	buf[100];
	size_t	p, from;

	memset(buf, 'x', sizeof buf);
	for (p = 0; p < sizeof buf; p++) {
		buf[p] = '"';
		for (from = 0; from <= p; from++)
			assert_int_equal(scan_byte(buf, from, sizeof buf, '"'), p);
		assert_int_equal(scan_byte(buf, p + 1, sizeof buf, '"'),
		    sizeof buf);
		assert_int_equal(scan_byte(buf, 0, p, '"'), p);	/* not past n */
		buf[p] = 'x';
	}
	buf[7] = (char)0xa2;	/* a high byte is no match for '"' (0x22) */
	assert_int_equal(scan_byte(buf, 0, sizeof buf, '"'), sizeof buf);
}

/* Quoted values of every length with escaped quotes at the end. */
static void
test_quoted_lengths(void **state)
{
	char			line[200];
	struct logfmt_pair	kv;
	size_t			pos, n, len;

	for (len = 0; len < 120; len++) {
		n = (size_t)snprintf(line, sizeof line, "msg=\"%.*s\\\"\" x=1",
		    (int)len, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
		    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh"
		    "ijklmnopqrstuvwxyz");
		pos = 0;
		assert_int_equal(logfmt_next(line, n, &pos, &kv), 1);
		assert_true(kv.quoted);
		assert_int_equal(kv.val.len, len + 2);	/* ends in \" */
		assert_int_equal(logfmt_next(line, n, &pos, &kv), 1);
		assert_int_equal(kv.key.len, 1);
		assert_memory_equal(line + kv.key.off, "x", 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_scan_byte),
		cmocka_unit_test(test_quoted_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
