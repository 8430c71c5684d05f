/* level.h: the canonical log levels and their many spellings. */
#ifndef LEVEL_H
#define LEVEL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Levels are stored as a small index (3 bits) ordered like Python's numbers:
 * NONE (unknown, ranks below TRACE as NOTSET does) < TRACE < ... < CRITICAL.
 * A set of levels is a bitmask of (1 << index).
 */
enum level {
	LEVEL_NONE = 0,		/* Python 0 (NOTSET / unknown) */
	LEVEL_TRACE,		/* 5 */
	LEVEL_DEBUG,		/* 10 */
	LEVEL_INFO,		/* 20 */
	LEVEL_NOTICE,		/* 25 */
	LEVEL_WARNING,		/* 30 */
	LEVEL_ERROR,		/* 40 */
	LEVEL_CRITICAL,		/* 50 */
	LEVEL_COUNT
};
#define LEVEL_MASK_ALL	 0xffu
#define LEVEL_BIT(l)	 (1u << (l))

/* Python's number for a level (NONE = 0, TRACE = 5, ..., CRITICAL = 50). */
int		 level_number(enum level);
/* Canonical upper-case name ("WARNING"); "NONE" for LEVEL_NONE. */
const char	*level_name(enum level);
/*
 * Parse a level word as it appears in a log: any case, aliases (WARN,
 * FATAL, CRIT, ERR, EMERG, ALERT, EXCEPTION, VERBOSE, NOTICE, ...).
 * Returns the level, or -1 if the word is not a level name.
 * Single letters (logcat V D I W E F) are NOT accepted here: callers that
 * expect them use level_from_letter.
 */
int		 level_parse(const char *, size_t);
/* A logcat / glog single letter (V D I W E F A): the level, or -1. */
int		 level_from_letter(char);
/* Map a Python-style number ("Level 15", levelno) to the nearest level at or below. */
enum level	 level_from_number(long);
/*
 * Parse a level given by the user on the command line ("warning", "warn",
 * "error", "40"...). Returns the level or -1.
 */
int		 level_from_user(const char *);
/* The list of names accepted by level_from_user, for error messages. */
const char	*level_user_names(void);

#endif
