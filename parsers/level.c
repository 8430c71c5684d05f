/*
 * level.c: the canonical levels and the spellings logs use for them.
 *
 * A level is a small index (enum level) ordered like Python's numbers. The
 * word parser upper-cases at most 11 ASCII letters into a stack buffer and
 * compares it with the spellings of its length as one 64-bit word, so it
 * is cheap enough to call on every line.
 */
#include <stdlib.h>
#include <string.h>

#include "level.h"

static const int level_numbers[LEVEL_COUNT] = { 0, 5, 10, 20, 25, 30, 40, 50 };
static const char *const level_names[LEVEL_COUNT] = {
	"NONE", "TRACE", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR",
	"CRITICAL"
};

/* One spelling of a level. */
struct level_alias {
	char		 name[12];	/* zero-padded: 8 bytes load as one word */
	uint8_t		 len;
	uint8_t		 level;
};

static const struct level_alias level_aliases[] = {
	{ "ERR", 3, LEVEL_ERROR },
	{ "DBG", 3, LEVEL_DEBUG },
	{ "INF", 3, LEVEL_INFO },
	{ "WRN", 3, LEVEL_WARNING },
	{ "FTL", 3, LEVEL_CRITICAL },
	{ "INFO", 4, LEVEL_INFO },
	{ "WARN", 4, LEVEL_WARNING },
	{ "CRIT", 4, LEVEL_CRITICAL },
	{ "FINE", 4, LEVEL_DEBUG },
	{ "TRACE", 5, LEVEL_TRACE },
	{ "DEBUG", 5, LEVEL_DEBUG },
	{ "ERROR", 5, LEVEL_ERROR },
	{ "FATAL", 5, LEVEL_CRITICAL },
	{ "EMERG", 5, LEVEL_CRITICAL },
	{ "ALERT", 5, LEVEL_CRITICAL },
	{ "PANIC", 5, LEVEL_CRITICAL },
	{ "FINER", 5, LEVEL_TRACE },
	{ "SILLY", 5, LEVEL_TRACE },	/* winston, npm: the lowest */
	{ "DPANIC", 6, LEVEL_CRITICAL },
	{ "NOTICE", 6, LEVEL_NOTICE },
	{ "SEVERE", 6, LEVEL_ERROR },
	{ "FINEST", 6, LEVEL_TRACE },
	{ "WARNING", 7, LEVEL_WARNING },
	{ "VERBOSE", 7, LEVEL_TRACE },	/* Serilog, logcat V: below debug (npm's lower-case verbose is DEBUG: levels_npm) */
	{ "SUCCESS", 7, LEVEL_NOTICE },		/* loguru, 25 */
	{ "CRITICAL", 8, LEVEL_CRITICAL },
	{ "EMERGENCY", 9, LEVEL_CRITICAL },
	{ "EXCEPTION", 9, LEVEL_ERROR },
	{ "INFORMATION", 11, LEVEL_INFO },
};

/* Python's number for a level. */
int
level_number(enum level l)
{
	if ((unsigned)l >= LEVEL_COUNT)
		return 0;
	return level_numbers[l];
}

/* Canonical upper-case name. */
const char *
level_name(enum level l)
{
	if ((unsigned)l >= LEVEL_COUNT)
		return "NONE";
	return level_names[l];
}

/* Index of the first alias of each length in level_aliases (sorted by length). */
static const uint8_t level_len_start[13] = {
	0, 0, 0, 0, 5, 9, 18, 22, 25, 26, 28, 28, 29
};

/* First letters of all aliases, as a bitmask of 'A'..'Z'. */
#define LEVEL_FIRST_LETTERS \
	((1u << ('A' - 'A')) | (1u << ('C' - 'A')) | (1u << ('D' - 'A')) | \
	 (1u << ('E' - 'A')) | (1u << ('F' - 'A')) | (1u << ('I' - 'A')) | \
	 (1u << ('N' - 'A')) | (1u << ('P' - 'A')) | (1u << ('S' - 'A')) | \
	 (1u << ('T' - 'A')) | (1u << ('V' - 'A')) | (1u << ('W' - 'A')))

/* Parse a level word in any case; -1 if it is none. */
int
level_parse(const char *s, size_t n)
{
	char		 up[12];
	size_t		 i;
	unsigned	 c;

	if (n < 3 || n > 11)
		return -1;
	c = ((unsigned char)s[0] & ~0x20u) - 'A';
	if (c >= 26 || ((LEVEL_FIRST_LETTERS >> c) & 1) == 0)
		return -1;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i] & ~0x20u;
		if (c - 'A' >= 26)
			return -1;
		up[i] = (char)c;
	}
	if (n <= 8) {
		/* Compare as one 64-bit word against the zero-padded names. */
		uint64_t	w, k;

		memset(up + n, 0, sizeof up - n);
		memcpy(&w, up, 8);
		for (i = level_len_start[n]; i < level_len_start[n + 1]; i++) {
			memcpy(&k, level_aliases[i].name, 8);
			if (k == w)
				return level_aliases[i].level;
		}
		return -1;
	}
	for (i = level_len_start[n]; i < level_len_start[n + 1]; i++) {
		if (memcmp(level_aliases[i].name, up, n) == 0)
			return level_aliases[i].level;
	}
	return -1;
}

/* A logcat / glog single letter. */
int
level_from_letter(char c)
{
	switch (c) {
	case 'V':
		return LEVEL_TRACE;
	case 'D':
		return LEVEL_DEBUG;
	case 'I':
		return LEVEL_INFO;
	case 'W':
		return LEVEL_WARNING;
	case 'E':
		return LEVEL_ERROR;
	case 'F':
	case 'A':
		return LEVEL_CRITICAL;
	}
	return -1;
}

/* Python number to the nearest level at or below it. */
enum level
level_from_number(long n)
{
	if (n < 5)
		return LEVEL_NONE;
	if (n < 10)
		return LEVEL_TRACE;
	if (n < 20)
		return LEVEL_DEBUG;
	if (n < 25)
		return LEVEL_INFO;
	if (n < 30)
		return LEVEL_NOTICE;
	if (n < 40)
		return LEVEL_WARNING;
	if (n < 50)
		return LEVEL_ERROR;
	return LEVEL_CRITICAL;
}

/* Parse a command-line level: a name, "none", or a Python number. */
int
level_from_user(const char *s)
{
	size_t	 n;
	char	*end;
	long	 v;

	if (s == NULL)
		return -1;
	n = strlen(s);
	if (n == 0)
		return -1;
	if (s[0] >= '0' && s[0] <= '9') {
		v = strtol(s, &end, 10);
		if (*end != '\0' || v > 1000)
			return -1;
		return level_from_number(v);
	}
	if (n == 4 && strncasecmp(s, "none", 4) == 0)
		return LEVEL_NONE;
	return level_parse(s, n);
}

/* Names accepted by level_from_user. */
const char *
level_user_names(void)
{
	return "trace, debug, info, notice, warning (warn), error, "
	    "critical (fatal), none, or a number (0-50)";
}
