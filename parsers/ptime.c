/*
 * ptime.c: timestamps in the many forms logs write them, to ms since epoch.
 *
 * Every parser here is a hand-written scanner over an explicit length: no
 * sscanf, no strptime, no locale, no allocation, nothing read past n.
 */
#include "ptime.h"

#include <string.h>

#define TIME_UNKNOWN_PT	INT64_MIN	/* TIME_UNKNOWN of record.h */

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

#define PT_DIGIT(c)	((unsigned)((unsigned char)(c) - '0') < 10u)

/* Read exactly k digits at s[*i]; -1 if any is not a digit. */
static int
pt_num(const char *s, size_t n, size_t *i, int k)
{
	int	v = 0;

	if (*i + (size_t)k > n)
		return -1;
	while (k-- > 0) {
		if (!PT_DIGIT(s[*i]))
			return -1;
		v = v * 10 + (s[(*i)++] - '0');
	}
	return v;
}

/* Check the ranges of a broken-down time. */
static int
pt_valid(int mon, int day, int h, int m, int sec)
{
	return mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && h <= 24 &&
	    m <= 59 && sec <= 60;
}

/* Optional fraction after the seconds ([,.]digits): ms, and moves *i. */
static int
pt_frac(const char *s, size_t n, size_t *i)
{
	size_t	j = *i;
	int	ms = 0, k = 0;

	if (j + 1 >= n || (s[j] != ',' && s[j] != '.') || !PT_DIGIT(s[j + 1]))
		return 0;
	j++;
	while (j < n && PT_DIGIT(s[j])) {
		if (k < 3) {
			ms = ms * 10 + (s[j] - '0');
			k++;
		}
		j++;
	}
	while (k++ < 3)
		ms *= 10;
	*i = j;
	return ms;
}

/* Zone offset [+-]hh[:]mm at s[*i] in minutes; 0 and no move if absent. */
static int
pt_zone(const char *s, size_t n, size_t *i, int need4)
{
	size_t	j = *i;
	int	sign, h, m = 0;

	if (j >= n || (s[j] != '+' && s[j] != '-'))
		return 0;
	sign = s[j++] == '-' ? -1 : 1;
	if ((h = pt_num(s, n, &j, 2)) < 0 || h > 23)
		return 0;
	if (j < n && s[j] == ':') {
		j++;
		if ((m = pt_num(s, n, &j, 2)) < 0)
			return 0;
	} else if (j + 1 < n && PT_DIGIT(s[j]) && PT_DIGIT(s[j + 1])) {
		m = pt_num(s, n, &j, 2);
	} else if (need4)
		return 0;
	if (m > 59 || (j < n && PT_DIGIT(s[j])))
		return 0;
	*i = j;
	return sign * (h * 60 + m);
}

/*
 * A zone after a blank (" +0900", " -05:00") at *i: its offset in minutes,
 * and *i moved past it; 0 with *i unchanged when there is none.
 */
static int
pt_spaced_zone(const char *s, size_t n, size_t *i)
{
	size_t	j = *i + 1;
	int	zone;

	if (!(*i + 5 < n && s[*i] == ' ' && (s[*i + 1] == '+' ||
	    s[*i + 1] == '-') && PT_DIGIT(s[*i + 2])))
		return 0;
	zone = pt_zone(s, n, &j, 1);
	if (j > *i + 1)
		*i = j;
	return zone;
}

/*
 * Is s the form nearly every log writes, "YYYY-MM-DD HH:MM:SS,mmm" (or T,
 * or '.') followed by a blank that does not start a zone (" +0900")?
 * Only the separators are checked here, not the digits.
 */
static inline int
pt_iso_fast_form(const char *s, size_t n)
{
	return n > 23 && s[4] == '-' && s[7] == '-' &&
	    (s[10] == ' ' || s[10] == 'T') && s[13] == ':' && s[16] == ':' &&
	    (s[19] == ',' || s[19] == '.') && s[23] == ' ' &&
	    !(n > 25 && (s[24] == '+' || s[24] == '-') && PT_DIGIT(s[25]));
}

/* ":SS,mmm" of the fast form as ms (SS * 1000 + mmm), or -1 if not digits. */
static inline int
pt_fast_secms(const char *s)
{
	if (!(PT_DIGIT(s[17]) && PT_DIGIT(s[18]) && PT_DIGIT(s[20]) &&
	    PT_DIGIT(s[21]) && PT_DIGIT(s[22])))
		return -1;
	return ((s[17] - '0') * 10 + (s[18] - '0')) * 1000 +
	    (s[20] - '0') * 100 + (s[21] - '0') * 10 + (s[22] - '0');
}

/* ISO 8601 / RFC 3339 / Python's asctime. */
size_t
ptime_iso(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	y, mo, d, h, mi, se = 0, frac = 0, zone = 0;

	/*
	 * Fast path for the form nearly every log writes,
	 * "YYYY-MM-DD HH:MM:SS,mmm" (or T, or '.'), followed by a blank:
	 * fixed offsets, one validity test. Anything else takes the
	 * general path below.
	 */
	if (pt_iso_fast_form(s, n)) {
		unsigned	dg = 0;
		static const unsigned char pos[] = { 0, 1, 2, 3, 5, 6, 8, 9, 11, 12,
		    14, 15, 17, 18, 20, 21, 22 };
		size_t		k;

		for (k = 0; k < sizeof pos; k++)
			dg |= (unsigned)(unsigned char)(s[pos[k]] - '0') > 9;
		if (dg == 0) {
			y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
			    (s[2] - '0') * 10 + (s[3] - '0');
			mo = (s[5] - '0') * 10 + (s[6] - '0');
			d = (s[8] - '0') * 10 + (s[9] - '0');
			h = (s[11] - '0') * 10 + (s[12] - '0');
			mi = (s[14] - '0') * 10 + (s[15] - '0');
			se = (s[17] - '0') * 10 + (s[18] - '0');
			frac = (s[20] - '0') * 100 + (s[21] - '0') * 10 +
			    (s[22] - '0');
			if (pt_valid(mo, d, h, mi, se)) {
				*ms = ptime_make(y, mo, d, h, mi, se, frac);
				return 23;
			}
		}
	}

	if (n < 16 || (y = pt_num(s, n, &i, 4)) < 0 || s[i++] != '-' ||
	    (mo = pt_num(s, n, &i, 2)) < 0 || s[i++] != '-' ||
	    (d = pt_num(s, n, &i, 2)) < 0 || (s[i] != 'T' && s[i] != ' '))
		return 0;
	i++;
	if ((h = pt_num(s, n, &i, 2)) < 0 || i >= n || s[i++] != ':' ||
	    (mi = pt_num(s, n, &i, 2)) < 0)
		return 0;
	if (i < n && s[i] == ':') {
		i++;
		if ((se = pt_num(s, n, &i, 2)) < 0)
			return 0;
		frac = pt_frac(s, n, &i);
	}
	if (!pt_valid(mo, d, h, mi, se))
		return 0;
	if (i < n && s[i] == 'Z')
		i++;
	else if (i < n && (s[i] == '+' || s[i] == '-'))
		zone = pt_zone(s, n, &i, 0);
	else
		zone = pt_spaced_zone(s, n, &i);
	*ms = ptime_make(y, mo, d, h, mi, se, frac) - (int64_t)zone * 60000;
	return i;
}

/* log4j short dates: yy/MM/dd HH:mm:ss and yyMMdd HHmmss. */
size_t
ptime_log4j(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	y, mo, d, h, mi, se, frac;

	if (n >= 17 && s[2] == '/') {
		if ((y = pt_num(s, n, &i, 2)) < 0 || s[i++] != '/' ||
		    (mo = pt_num(s, n, &i, 2)) < 0 || s[i++] != '/' ||
		    (d = pt_num(s, n, &i, 2)) < 0 || s[i++] != ' ' ||
		    (h = pt_num(s, n, &i, 2)) < 0 || s[i++] != ':' ||
		    (mi = pt_num(s, n, &i, 2)) < 0 || s[i++] != ':' ||
		    (se = pt_num(s, n, &i, 2)) < 0)
			return 0;
	} else if (n >= 13) {
		if ((y = pt_num(s, n, &i, 2)) < 0 ||
		    (mo = pt_num(s, n, &i, 2)) < 0 ||
		    (d = pt_num(s, n, &i, 2)) < 0 || s[i++] != ' ' ||
		    (h = pt_num(s, n, &i, 2)) < 0 ||
		    (mi = pt_num(s, n, &i, 2)) < 0 ||
		    (se = pt_num(s, n, &i, 2)) < 0)
			return 0;
	} else
		return 0;
	if (!pt_valid(mo, d, h, mi, se) || (i < n && PT_DIGIT(s[i])))
		return 0;
	frac = pt_frac(s, n, &i);
	*ms = ptime_make(2000 + y, mo, d, h, mi, se, frac);
	return i;
}

/* Month from a three-letter English abbreviation (any case); 0 if none. */
static int
pt_month(const char *s)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char	 a = (char)(s[0] | 0x20), b = (char)(s[1] | 0x20);
	char	 c = (char)(s[2] | 0x20);
	int	 m;

	for (m = 0; m < 12; m++) {
		if (names[m * 3] == a && names[m * 3 + 1] == b &&
		    names[m * 3 + 2] == c)
			return m + 1;
	}
	return 0;
}

/* h:m:s at s[*i]; -1 if not there. */
static int
pt_hms(const char *s, size_t n, size_t *i, int *h, int *mi, int *se)
{
	if ((*h = pt_num(s, n, i, 2)) < 0 || *i >= n || s[(*i)++] != ':' ||
	    (*mi = pt_num(s, n, i, 2)) < 0 || *i >= n || s[(*i)++] != ':' ||
	    (*se = pt_num(s, n, i, 2)) < 0)
		return -1;
	return 0;
}

/* syslog: "Mmm dd HH:MM:SS" or "Mmm  d HH:MM:SS". */
size_t
ptime_syslog(const char *s, size_t n, int year, int64_t *ms)
{
	size_t	i = 4;
	int	mo, d, h, mi, se, frac;

	if (n < 15 || s[3] != ' ' || (mo = pt_month(s)) == 0)
		return 0;
	if (s[4] == ' ')
		i = 5;
	if (PT_DIGIT(s[i]) && PT_DIGIT(s[i + 1]))
		d = (s[i] - '0') * 10 + s[i + 1] - '0', i += 2;
	else if (PT_DIGIT(s[i]) && i == 5)
		d = s[i] - '0', i++;
	else
		return 0;
	if (i >= n || s[i++] != ' ' || pt_hms(s, n, &i, &h, &mi, &se) < 0 ||
	    !pt_valid(mo, d, h, mi, se))
		return 0;
	frac = pt_frac(s, n, &i);
	*ms = ptime_make(year, mo, d, h, mi, se, frac);
	return i;
}

/* logcat: "MM-dd HH:mm:ss.SSS". */
size_t
ptime_logcat(const char *s, size_t n, int year, int64_t *ms)
{
	size_t	i = 0;
	int	mo, d, h, mi, se, frac;

	if (n < 14 || (mo = pt_num(s, n, &i, 2)) < 0 || s[i++] != '-' ||
	    (d = pt_num(s, n, &i, 2)) < 0 || s[i++] != ' ' ||
	    pt_hms(s, n, &i, &h, &mi, &se) < 0 || !pt_valid(mo, d, h, mi, se))
		return 0;
	frac = pt_frac(s, n, &i);
	*ms = ptime_make(year, mo, d, h, mi, se, frac);
	return i;
}

/* CLF / Django: "dd/Mon/yyyy:HH:MM:SS +zone" or "dd/Mon/yyyy HH:MM:SS". */
size_t
ptime_clf(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	y, mo, d, h, mi, se, frac, zone = 0;

	if (n < 20 || (d = pt_num(s, n, &i, 2)) < 0 || s[i++] != '/' ||
	    (mo = pt_month(s + i)) == 0 || s[i + 3] != '/')
		return 0;
	i += 4;
	if ((y = pt_num(s, n, &i, 4)) < 0 || (s[i] != ':' && s[i] != ' '))
		return 0;
	i++;
	if (pt_hms(s, n, &i, &h, &mi, &se) < 0 || !pt_valid(mo, d, h, mi, se))
		return 0;
	frac = pt_frac(s, n, &i);
	zone = pt_spaced_zone(s, n, &i);
	*ms = ptime_make(y, mo, d, h, mi, se, frac) - (int64_t)zone * 60000;
	return i;
}

/* Epoch seconds, ms, us or ns (by digit count), optional fraction. */
size_t
ptime_epoch(const char *s, size_t n, int64_t *ms)
{
	size_t		i = 0, k;
	uint64_t	v = 0;		/* 19 digits fit */
	int		frac;

	while (i < n && PT_DIGIT(s[i]) && i < 19)
		v = v * 10 + (uint64_t)(s[i++] - '0');
	if (i < n && PT_DIGIT(s[i]))
		return 0;
	k = i;
	if (k < 9)
		return 0;
	frac = pt_frac(s, n, &i);
	if (k <= 11)
		v = v * 1000 + (uint64_t)frac;
	else if (k <= 14)
		;
	else if (k <= 17)
		v /= 1000;
	else
		v /= 1000000;
	if (i < n && (PT_DIGIT(s[i]) || s[i] == 'e' || s[i] == 'E'))
		return 0;
	*ms = (int64_t)v;
	return i;
}

/* Any of the forms above. */
size_t
ptime_any(const char *s, size_t n, int year, int64_t *ms)
{
	size_t	r;

	if (n == 0)
		return 0;
	if (PT_DIGIT(s[0])) {
		if (n > 4 && s[4] == '-' && (r = ptime_iso(s, n, ms)) != 0)
			return r;
		if (n > 2 && s[2] == '/' && (r = ptime_clf(s, n, ms)) != 0)
			return r;
		if (n > 2 && s[2] == '-' && (r = ptime_logcat(s, n, year,
		    ms)) != 0)
			return r;
		if ((r = ptime_log4j(s, n, ms)) != 0)
			return r;
		return ptime_epoch(s, n, ms);
	}
	return ptime_syslog(s, n, year, ms);
}

/* Format ms since epoch as "2024-01-02T03:04:05.678Z"; "" if unknown. */
size_t
ptime_format_iso(int64_t ms, char *buf, size_t size)
{
	int64_t	days, rem, z, era, doe, yoe, doy, mp, y;
	int	d, m, h, mi, s, f;
	char	tmp[40];
	size_t	i = 0, len;
	int64_t	yy;

	if (size == 0)
		return 0;
	if (ms == TIME_UNKNOWN_PT) {
		buf[0] = '\0';
		return 0;
	}
	days = ms / 86400000;
	rem = ms % 86400000;
	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y += m <= 2;
	h = (int)(rem / 3600000);
	mi = (int)(rem / 60000 % 60);
	s = (int)(rem / 1000 % 60);
	f = (int)(rem % 1000);

	yy = y;
	if (yy < 0 || yy > 9999) {
		buf[0] = '\0';
		return 0;
	}
	tmp[i++] = (char)('0' + yy / 1000);
	tmp[i++] = (char)('0' + yy / 100 % 10);
	tmp[i++] = (char)('0' + yy / 10 % 10);
	tmp[i++] = (char)('0' + yy % 10);
	tmp[i++] = '-';
	tmp[i++] = (char)('0' + m / 10);
	tmp[i++] = (char)('0' + m % 10);
	tmp[i++] = '-';
	tmp[i++] = (char)('0' + d / 10);
	tmp[i++] = (char)('0' + d % 10);
	tmp[i++] = 'T';
	tmp[i++] = (char)('0' + h / 10);
	tmp[i++] = (char)('0' + h % 10);
	tmp[i++] = ':';
	tmp[i++] = (char)('0' + mi / 10);
	tmp[i++] = (char)('0' + mi % 10);
	tmp[i++] = ':';
	tmp[i++] = (char)('0' + s / 10);
	tmp[i++] = (char)('0' + s % 10);
	tmp[i++] = '.';
	tmp[i++] = (char)('0' + f / 100);
	tmp[i++] = (char)('0' + f / 10 % 10);
	tmp[i++] = (char)('0' + f % 10);
	tmp[i++] = 'Z';
	len = i < size - 1 ? i : size - 1;
	for (i = 0; i < len; i++)
		buf[i] = tmp[i];
	buf[len] = '\0';
	return len;
}

/*
 * ptime_iso with a one-minute memo: consecutive records nearly always
 * share "YYYY-MM-DD HH:MM", so when the first 16 bytes equal the last
 * minute parsed only the seconds and milliseconds are read. The result
 * is exactly ptime_iso's.
 */
size_t
ptime_iso_cached(struct ptime_cache *c, const char *s, size_t n, int64_t *ms)
{
	size_t	r;
	int	sms;

	if (c->valid && pt_iso_fast_form(s, n) && memcmp(s, c->key, 16) == 0 &&
	    (sms = pt_fast_secms(s)) >= 0 && sms <= 60999) {
		*ms = c->base + sms;
		return 23;
	}
	r = ptime_iso(s, n, ms);
	/*
	 * Remember the minute only when the fast path read this line: the
	 * general one can also stop at 23 on the same separators
	 * ("03:05:01.12Z "), and ":SS,mmm" is then no number.
	 */
	if (r == 23 && pt_iso_fast_form(s, n) && (sms = pt_fast_secms(s)) >= 0) {
		memcpy(c->key, s, 16);
		c->base = *ms - sms;
		c->valid = 1;
	}
	return r;
}
