/* test_tspec.c: typed times (parsers/tspec.c) and the --since bisection (parsers/tseek.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parsers/ptime.h"
#include "parsers/record.h"
#include "parsers/tseek.h"
#include "parsers/tspec.h"

/* Absolute forms: with and without seconds, fraction, T, zone. */
static void
test_absolute(void **state)
{
	struct tspec	ts;
	char		*cause = NULL;

	assert_int_equal(tspec_parse("2026-11-27 14:05", &ts, &cause), 0);
	assert_int_equal(ts.kind, TSPEC_ABSOLUTE);
	assert_true(ts.ms == ptime_make(2026, 11, 27, 14, 5, 0, 0));
	assert_int_equal(tspec_parse("2026-11-27 14:05:30.250", &ts, &cause), 0);
	assert_true(ts.ms == ptime_make(2026, 11, 27, 14, 5, 30, 250));
	assert_int_equal(tspec_parse("2026-11-27T14:05:30,5", &ts, &cause), 0);
	assert_true(ts.ms == ptime_make(2026, 11, 27, 14, 5, 30, 500));
	assert_int_equal(tspec_parse("2026-11-27", &ts, &cause), 0);
	assert_true(ts.ms == ptime_make(2026, 11, 27, 0, 0, 0, 0));
	assert_int_equal(tspec_parse("2026-11-27T14:05:30Z", &ts, &cause), 0);
	assert_int_equal(ts.kind, TSPEC_ABSOLUTE);
	assert_int_equal(tspec_resolve(&ts, 0, TIME_UNKNOWN), ts.ms);
	/* Two spellings of one instant give one time. */
	{
		struct tspec	a, b;

		assert_int_equal(tspec_parse("2026-11-27T14:05:30+02:00", &a, &cause), 0);
		assert_int_equal(tspec_parse("2026-11-27T12:05:30Z", &b, &cause), 0);
		assert_true(a.ms == b.ms);
	}
}

/* Times of day take the newest record's day; relative times count from now. */
static void
test_relative_and_day(void **state)
{
	struct tspec	ts;
	char		*cause = NULL;
	int64_t		newest = ptime_make(2026, 11, 20, 23, 59, 0, 0);
	int64_t		now = ptime_make(2026, 11, 28, 6, 0, 0, 0);

	assert_int_equal(tspec_parse("14:05", &ts, &cause), 0);
	assert_int_equal(ts.kind, TSPEC_TIME_OF_DAY);
	assert_true(tspec_resolve(&ts, now, newest) ==
	    ptime_make(2026, 11, 20, 14, 5, 0, 0));
	assert_true(tspec_resolve(&ts, now, TIME_UNKNOWN) ==
	    ptime_make(2026, 11, 28, 14, 5, 0, 0));
	assert_int_equal(tspec_parse("14:05:07.5", &ts, &cause), 0);
	assert_true(tspec_resolve(&ts, now, newest) ==
	    ptime_make(2026, 11, 20, 14, 5, 7, 500));
	assert_int_equal(tspec_parse("-1h", &ts, &cause), 0);
	assert_true(tspec_resolve(&ts, now, newest) == now - 3600 * 1000);
	assert_int_equal(tspec_parse("-1h30m", &ts, &cause), 0);
	assert_true(tspec_resolve(&ts, now, newest) == now - 5400 * 1000);
	assert_int_equal(tspec_parse("-2d", &ts, &cause), 0);
	assert_true(tspec_resolve(&ts, now, newest) == now - 2 * 86400 * 1000LL);
	assert_int_equal(tspec_parse("now", &ts, &cause), 0);
	assert_true(tspec_resolve(&ts, now, newest) == now);
	/* The local clock on the logs' scale is near the real one. */
	assert_true(llabs(tspec_now() - (int64_t)time(NULL) * 1000) <
	    15 * 3600 * 1000LL);
}

/* Bad input is refused with the accepted forms named. */
static void
test_bad(void **state)
{
	static const char *const bad[] = {
		"", "yesterday", "14", "14:5", "25:00", "2026-13-01", "2026-11-27 14",
		"2026-11-27 14:05 junk", "-1", "-h", "-1x", "-1m1h", "-1h1h",
		"2026-11-27T14:05+25:00", "1h",
	};
	struct tspec	ts;
	size_t		i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char	*cause = NULL;

		if (tspec_parse(bad[i], &ts, &cause) != -1)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(strstr(cause, "HH:MM"));
		free(cause);
	}
}

/* Write n records (some multi-line, some sharing a second, an untimed head). */
static int
tseek_file(char *path, int n, int shuffled, int cut_last, int64_t *times)
{
	FILE	*f;
	int	 fd, i, s;

	strcpy(path, "/tmp/test_tspec_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(dup(fd), "w");
	fputs("starting up (no time)\n", f);
	for (i = 0; i < n; i++) {
		s = shuffled ? (int)((i * 7919L) % n) : i / 3;	/* 3 per second */
		times[i] = ptime_make(2026, 11, 27, 10, 0, 0, 0) + s * 1000LL;
		fprintf(f, "2026-11-27 %02d:%02d:%02d,000 - app.m%d - INFO - "
		    "record %d with some text to make the file longer\n",
		    10 + s / 3600, (s / 60) % 60, s % 60, i % 5, i);
		if (i % 10 == 0)
			fputs("Traceback (most recent call last):\n  File \"x\"\n"
			    "KeyError: 'k'\n", f);
	}
	if (cut_last)
		fputs("2026-11-27 23:59:59,000 - app - INFO - cut", f);
	fclose(f);
	return fd;
}

/* The bisection lands at or before the first record >= since, never after. */
static void
test_seek(void **state)
{
	static const int	n = 30000;
	int64_t			*times = calloc(n, sizeof *times), since;
	char			 path[64], *buf;
	uint64_t		 off, size;
	int			 fd, k, cut;

	for (cut = 0; cut < 2; cut++) {
		fd = tseek_file(path, n, 0, cut, times);
		size = (uint64_t)lseek(fd, 0, SEEK_END);
		buf = malloc(size + 1);
		assert_int_equal(pread(fd, buf, size, 0), (ssize_t)size);
		buf[size] = '\0';
		for (k = 0; k < 40; k++) {
			int	i = k * (n / 40) + k, first = -1, j;

			since = times[i];
			assert_int_equal(tseek_since(fd, size, NULL, since, &off), 0);
			assert_true(off < size);
			/* Every record start before off is earlier than since. */
			for (j = 0; j < n; j++)
				if (times[j] >= since) {
					first = j;
					break;
				}
			{
				char	want[64];
				char	*at;

				snprintf(want, sizeof want, " record %d ", first);
				at = strstr(buf, want);
				assert_non_null(at);
				assert_true((uint64_t)(at - buf) >= off);
				/* And close: within two probe windows. */
				assert_true((uint64_t)(at - buf) - off < 128 * 1024);
			}
		}
		/* Before everything: 0. After everything: near the end. */
		assert_int_equal(tseek_since(fd, size, NULL, times[0] - 1, &off), 0);
		assert_true(off == 0);
		assert_int_equal(tseek_since(fd, size, NULL, times[n - 1] + 1000, &off), 0);
		assert_true(size - off < 256 * 1024);
		free(buf);
		close(fd);
		unlink(path);
	}
	/* Out of order: refused (scan instead). */
	fd = tseek_file(path, n, 1, 0, times);
	size = (uint64_t)lseek(fd, 0, SEEK_END);
	assert_int_equal(tseek_since(fd, size, NULL, times[n / 2], &off), -1);
	close(fd);
	unlink(path);
	free(times);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_relative_and_day),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_seek),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
