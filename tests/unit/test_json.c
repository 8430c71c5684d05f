/* test_json.c: JSON field extraction and json_escape over all bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "parsers/json.h"
#include "parsers/level.h"

/* Span text equals lit? */
static int
span_is(const char *line, struct span sp, const char *lit)
{
	return sp.len == strlen(lit) && memcmp(line + sp.off, lit, sp.len) == 0;
}

static void
test_fields(void **state)
{
	struct fields	 f;
	struct span	 exc;
	const char	*s;

	s = "{\"time\": \"2024-01-02 03:04:05,678\", \"level\": \"ERROR\", "
	    "\"logger\": \"app.db\", \"message\": \"a \\\"quoted\\\" msg\", "
	    "\"extra\": {\"level\": \"x\", \"a\": [1, {\"b\": \"}\"}]}, "
	    "\"exc_info\": \"Traceback\\nKeyError: 'x'\"}";
	assert_int_equal(json_fields(s, strlen(s), &f, &exc), 1);
	assert_int_equal(f.level, LEVEL_ERROR);
	assert_int_equal(f.format, FORMAT_JSON);
	assert_true(span_is(s, f.logger, "app.db"));
	assert_true(span_is(s, f.message, "a \\\"quoted\\\" msg"));
	assert_true(span_is(s, f.level_span, "ERROR"));
	assert_true(span_is(s, exc, "Traceback\\nKeyError: 'x'"));
	assert_true(f.time == 1704164645678LL);

	s = "{\"levelname\":\"Level 15\",\"name\":\"a\",\"msg\":\"m\"}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_int_equal(f.level, LEVEL_DEBUG);

	s = "{\"level\":50,\"time\":1704164645678,\"msg\":\"x\"}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_int_equal(f.level, LEVEL_ERROR);
	assert_true(f.time == 1704164645678LL);

	s = "{\"ts\":1704164645.678,\"level\":\"warn\",\"logger\":\"x\"}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_true(f.time == 1704164645678LL);
	assert_int_equal(f.level, LEVEL_WARNING);

	s = "{\"a\": 1, \"b\": 2}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 0);
	s = "{'level': 'INFO'}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 0);
	s = "{\"level\": \"INFO\", \"message\": \"trunc";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_int_equal(f.message.len, 0);
	s = "[1,2]";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 0);
	assert_int_equal(json_fields("{", 1, &f, NULL), 0);
	assert_int_equal(json_fields("", 0, &f, NULL), 0);
}

/* Serilog's CLEF, .NET's JSON console formatter, GELF. */
static void
test_fields_more(void **state)
{
	struct fields	 f;
	const char	*s;

	s = "{\"@t\":\"2024-01-02T03:04:05.678Z\",\"@mt\":\"Started {App}\","
	    "\"@l\":\"Warning\",\"SourceContext\":\"MyApp.Program\"}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_int_equal(f.level, LEVEL_WARNING);
	assert_true(span_is(s, f.logger, "MyApp.Program"));
	assert_true(span_is(s, f.message, "Started {App}"));
	assert_true(f.time == 1704164645678LL);
	/* CLEF without "@l" is Information; "@m" (rendered) beats "@mt". */
	s = "{\"@t\":\"2024-01-02T03:04:05.678Z\",\"@mt\":\"T {x}\",\"@m\":\"T 1\"}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_int_equal(f.level, LEVEL_INFO);
	assert_true(span_is(s, f.message, "T 1"));
	s = "{\"EventId\":3,\"LogLevel\":\"Error\",\"Category\":\"App.Worker\","
	    "\"Message\":\"boom\",\"State\":{\"Message\":\"inner\"}}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_int_equal(f.level, LEVEL_ERROR);
	assert_true(span_is(s, f.logger, "App.Worker"));
	assert_true(span_is(s, f.message, "boom"));
	s = "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"gelf\","
	    "\"timestamp\":1704164645.678,\"level\":4,\"_logger\":\"g.app\"}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_int_equal(f.level, LEVEL_WARNING);
	assert_true(span_is(s, f.logger, "g.app"));
	assert_true(span_is(s, f.message, "gelf"));
	/* Without GELF's short_message a small number is no syslog severity. */
	s = "{\"level\":4,\"msg\":\"x\"}";
	assert_int_equal(json_fields(s, strlen(s), &f, NULL), 1);
	assert_int_equal(f.level, LEVEL_NONE);
}

/* Minimal strict checker: a JSON string literal of valid UTF-8. */
static int
valid_json_string(const char *s, size_t n)
{
	size_t	i = 1, k;

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return 0;
	while (i < n - 1) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == '"')
			return 0;
		if (c == '\\') {
			c = (unsigned char)s[i + 1];
			if (c == 'u') {
				for (k = 2; k < 6; k++)
					if (strchr("0123456789abcdef",
					    s[i + k]) == NULL)
						return 0;
				i += 6;
			} else if (strchr("\"\\/bfnrt", c) != NULL && c)
				i += 2;
			else
				return 0;
			continue;
		}
		k = json_utf8_len((const unsigned char *)s + i, n - 1 - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return i == n - 1;
}

static void
test_escape(void **state)
{
	char	*buf = NULL, in[4];
	size_t	 len = 0, size = 0;
	int	 a, b;

	for (a = 0; a < 256; a++) {
		len = 0;
		in[0] = (char)a;
		json_escape(&buf, &len, &size, in, 1);
		assert_true(valid_json_string(buf, len));
		for (b = 0; b < 256; b++) {
			len = 0;
			in[1] = (char)b;
			in[2] = (char)0x80;
			json_escape(&buf, &len, &size, in, 3);
			assert_true(valid_json_string(buf, len));
		}
	}
	len = 0;
	json_escape(&buf, &len, &size, "a\"b\\c\n\xff\xea\xb3\xa0", 10);
	assert_int_equal(len, strlen("\"a\\\"b\\\\c\\n\\u00ff\xea\xb3\xa0\""));
	assert_memory_equal(buf, "\"a\\\"b\\\\c\\n\\u00ff\xea\xb3\xa0\"", len);
	len = 0;
	json_escape(&buf, &len, &size, "\xed\xa0\x80\xc0\xaf", 5);
	assert_memory_equal(buf, "\"\\u00ed\\u00a0\\u0080\\u00c0\\u00af\"", len);
	len = 0;
	json_escape(&buf, &len, &size, "", 0);
	assert_memory_equal(buf, "\"\"", 2);
	free(buf);
}

/*
 * The word-at-a-time scan: every byte value at every position of a
 * 24-byte run of ASCII gives the escaping of that byte alone, with the
 * ASCII around it untouched; and bodies cut after an ASCII byte join up.
 */
static void
test_escape_words(void **state)
{
	char	*buf = NULL, *one = NULL, in[24], want[64];
	size_t	 len, size = 0, olen, osize = 0, p, w;
	int	 b;

	for (b = 0; b < 256; b++) {
		olen = 0;
		in[0] = (char)b;
		json_escape_body(&one, &olen, &osize, in, 1);
		for (p = 0; p < sizeof in; p++) {
			memset(in, 'a' + (int)(p % 20), sizeof in);
			in[p] = (char)b;
			len = 0;
			json_escape_body(&buf, &len, &size, in, sizeof in);
			memcpy(want, in, p);
			memcpy(want + p, one, olen);
			memcpy(want + p + olen, in + p + 1, sizeof in - p - 1);
			w = sizeof in - 1 + olen;
			assert_int_equal(len, w);
			assert_memory_equal(buf, want, w);
		}
	}
	/* Two bodies, cut after an ASCII byte, are the body of the whole. */
	len = 0;
	json_escape_body(&buf, &len, &size, "2024 - x - INFO - ", 18);
	json_escape_body(&buf, &len, &size, "\"caf\xc3\xa9\"\n\tdone \xff", 14);
	olen = 0;
	json_escape_body(&one, &olen, &osize,
	    "2024 - x - INFO - \"caf\xc3\xa9\"\n\tdone \xff", 32);
	assert_int_equal(len, olen);
	assert_memory_equal(buf, one, len);
	free(buf);
	free(one);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_fields_more),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
