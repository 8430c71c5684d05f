/* tspec.h: the times a user types (--since, --until, the TUI's T prompt). */
#ifndef TSPEC_H
#define TSPEC_H

#include <stdint.h>

enum tspec_kind {
	TSPEC_ABSOLUTE,		/* 2026-11-27 14:05[:30[.250]][Z|+01:00] */
	TSPEC_TIME_OF_DAY,	/* 14:05[:30[.250]]: on the newest record's day */
	TSPEC_RELATIVE		/* now, -1h, -30m, -2d, -1h30m: against now */
};

/* A parsed time: resolve it with tspec_resolve once the sources are known. */
struct tspec {
	enum tspec_kind	kind;
	int64_t		ms;	/* absolute: ms (naive, as logs are compared);
				   time of day: ms since midnight;
				   relative: offset from now (<= 0) */
};

/* The accepted forms, for error messages. */
#define TSPEC_FORMS "YYYY-MM-DD[ HH:MM[:SS[.mmm]]][Z|+HH:MM], HH:MM[:SS], " \
	"now, or -N[s|m|h|d|w] (e.g. -1h30m)"

/*
 * Parse s; returns 0, or -1 with *cause (allocated) saying what is wrong.
 * Times are compared with record times as written in the log (naive
 * local time, kept as if UTC); an explicit zone (Z, +01:00) is converted
 * to the same naive scale using the local offset of this machine.
 */
int	tspec_parse(const char *s, struct tspec *, char **cause);
/*
 * ms of a parsed time: now_local is the current local wall-clock time on
 * the logs' naive scale (tspec_now); newest is the newest record time of
 * the sources (TIME_UNKNOWN: today, from now_local).
 */
int64_t	tspec_resolve(const struct tspec *, int64_t now_local, int64_t newest);
/* The current local wall-clock time in ms, on the logs' naive scale. */
int64_t	tspec_now(void);

#endif
