/*
 * ptime.c: timestamps in the many forms logs write them, to ms since epoch.
 *
 * Every parser here is a hand-written scanner over an explicit length: no
 * sscanf, no strptime, no locale, no allocation, nothing read past n.
 */
#include "ptime.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
int64_t
ptime_days(int year, int month, int day)
{
	int64_t	y = year - (month <= 2);
	int64_t	era = (y >= 0 ? y : y - 399) / 400;
	int64_t	yoe = y - era * 400;
	int64_t	doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* ms since epoch of a broken-down civil time (UTC). */
int64_t
ptime_make(int year, int month, int day, int hour, int min, int sec, int ms)
{
	return ((ptime_days(year, month, day) * 24 + hour) * 60 + min) * 60000 +
	    (int64_t)sec * 1000 + ms;
}
