/* xtime.h: the timestamp forms of servers and non-Python loggers that ptime.c does not read. */
#ifndef XTIME_H
#define XTIME_H

#include <stddef.h>
#include <stdint.h>

/*
 * Each function reads a timestamp at the start of s (at most n bytes) and
 * returns the bytes it used, or 0 when s does not start with that form.
 * Forms with a date set *ms (ms since the epoch, UTC unless a zone is
 * written); forms with only a time of day set *ms to the ms since
 * midnight, which the caller must not take for a date.
 */

/* Go's log and nginx: "2026/11/28 06:46:34[.123456]". */
size_t	xtime_slash(const char *s, size_t n, int64_t *ms);
/* MariaDB: "2026-11-28  6:39:38" (hour padded with a blank). */
size_t	xtime_iso_padded(const char *s, size_t n, int64_t *ms);
/* redis: "28 Nov 2026 06:39:48.513". */
size_t	xtime_dmy(const char *s, size_t n, int64_t *ms);
/* Tomcat's OneLineFormatter: "28-Nov-2026 06:42:21.123". */
size_t	xtime_dmy_dash(const char *s, size_t n, int64_t *ms);
/* java.util.logging SimpleFormatter: "Nov 28, 2026 6:42:21 AM". */
size_t	xtime_jul(const char *s, size_t n, int64_t *ms);
/* tornado: "261128 06:43:30" (yymmdd hh:mm:ss). */
size_t	xtime_yymmdd(const char *s, size_t n, int64_t *ms);
/* A time of day: "06:42:19[.115]" or "6:42:19" (logback, log4j2, pino-pretty). */
size_t	xtime_hms(const char *s, size_t n, int64_t *ms);
/* Go's time.Kitchen: "6:46AM" (zerolog's console writer). */
size_t	xtime_kitchen(const char *s, size_t n, int64_t *ms);

#endif
