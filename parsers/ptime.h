/* ptime.h: timestamp parsing into ms since the epoch (UTC unless a zone is given). */
#ifndef PTIME_H
#define PTIME_H

#include <stddef.h>
#include <stdint.h>

/*
 * Each function parses a timestamp at the start of s (at most n bytes) and
 * returns the number of bytes it used, or 0 if s does not start with that
 * form. *ms receives ms since the epoch. Times with no zone are taken as
 * UTC (a log's local time is shown as written; the offset only matters
 * for ordering, and all sources of one host share it).
 */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t	ptime_days(int year, int month, int day);
/* ms since epoch of a broken-down civil time. */
int64_t	ptime_make(int year, int month, int day, int hour, int min, int sec, int ms);

/* ISO 8601 / RFC 3339 and Python's default: 2024-01-02[T ]03:04:05[,.]fff[Z|+hh:mm]. */
size_t	ptime_iso(const char *s, size_t n, int64_t *ms);
/* The last minute ptime_iso_cached parsed (zero it before first use). */
struct ptime_cache {
	char	key[16];	/* "YYYY-MM-DD HH:MM" */
	int64_t	base;		/* its ms since epoch */
	int	valid;
};
/* ptime_iso, remembering the minute: only :SS,mmm is parsed when it repeats. */
size_t	ptime_iso_cached(struct ptime_cache *, const char *s, size_t n, int64_t *ms);
/* log4j short dates: yy/MM/dd HH:mm:ss and yyMMdd HHmmss. */
size_t	ptime_log4j(const char *s, size_t n, int64_t *ms);
/* syslog: "Mmm dd HH:MM:SS" (year given by the caller). */
size_t	ptime_syslog(const char *s, size_t n, int year, int64_t *ms);
/* logcat: "MM-dd HH:mm:ss.SSS" (year given by the caller). */
size_t	ptime_logcat(const char *s, size_t n, int year, int64_t *ms);
/* Django runserver / Apache: "dd/Mon/yyyy hh:mm:ss" (optional :hh:mm:ss and zone). */
size_t	ptime_clf(const char *s, size_t n, int64_t *ms);
/* Epoch seconds or ms as a JSON number, with optional fraction: 1700000000.123 / 1700000000123. */
size_t	ptime_epoch(const char *s, size_t n, int64_t *ms);
/* Any of the above forms; the year for yearless forms is `year`. */
size_t	ptime_any(const char *s, size_t n, int year, int64_t *ms);

/* Format ms since epoch as ISO 8601 "2024-01-02T03:04:05.678Z" into buf (>= 32 bytes). */
size_t	ptime_format_iso(int64_t ms, char *buf, size_t size);

#endif
