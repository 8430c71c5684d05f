/* infer.h: a record layout learned from a source's own lines (issue 20). */
#ifndef INFER_H
#define INFER_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct parser;

/*
 * A learned layout is a short row of columns from the start of a line,
 * each one token (a blank-separated word, or a [..] (..) <..> group, with
 * an optional ':' or ',' after it): the timestamp, the level, the logger,
 * separators ("-", "|", "--") and columns that are skipped; or a logger
 * at the end of the line, "msg [name]", "msg (a.b.Class)". It is learned
 * from a sample of a source's lines when the known layouts (detect.c)
 * leave most of them without a level or a logger, kept only when it
 * explains most of the sample, and re-checked as the source grows.
 * Everything is kept inline (no allocation): a struct parser can be
 * copied, and needs no free.
 */
#define INFER_SLOTS	8

enum infer_kind {
	INFER_ANY = 0,		/* any token with this wrap */
	INFER_TIME,		/* a timestamp (arg: its reader) */
	INFER_LEVEL,		/* a level word (arg: enum infer_form) */
	INFER_LOGGER,		/* a logger name */
	INFER_SEP		/* a separator, exactly lit */
};

/* How a level column writes its level. */
enum infer_form {
	INFER_WORD = 0,		/* INFO, warn, WRN, Warning */
	INFER_LETTER,		/* I W E D T F V */
	INFER_DOTTED,		/* name.LEVEL, name#level: logger and level in one token */
	INFER_LEVNAME,		/* LEVEL/name, LEVEL name: the other way round */
	INFER_FORMS
};

/* The case a level column writes its words in ("Error:" is no "error:"). */
enum infer_style {
	INFER_ANYCASE = 0,
	INFER_UPPER,		/* INFO */
	INFER_LOWER,		/* info */
	INFER_TITLE		/* Info */
};

struct infer_slot {
	uint8_t		kind;		/* enum infer_kind */
	char		wrap;		/* '[', '(', '<' or 0 */
	char		trail;		/* ':' or ',' that must follow, or 0 */
	uint8_t		arg;
	uint8_t		style;		/* INFER_LEVEL: its case (enum infer_style) */
	char		lit[4];		/* INFER_SEP: the separator, NUL padded */
};

struct infer {
	uint8_t		active;		/* a learned layout is in use */
	uint8_t		nslots;
	char		tail;		/* '[' or '(': the logger ends the line */
	struct infer_slot slots[INFER_SLOTS];
	/* What the last look at a sample found (for --explain). */
	uint8_t		checked;	/* a sample was looked at */
	uint8_t		known;		/* the most common known format in it */
	uint16_t	sample;		/* lines in the sample */
	uint16_t	heads;		/* unindented, non-empty lines */
	uint16_t	known_level;	/* lines known layouts start with a level */
	uint16_t	known_logger;	/* ... and with a logger */
	uint16_t	matched;	/* lines the learned layout starts */
	uint16_t	gain;		/* levels and loggers it adds */
	uint16_t	checks;		/* samples looked at */
	uint64_t	fed;		/* bytes fed so far */
	uint64_t	next;		/* look again once fed reaches this */
};

/* Forget everything (parser_init). */
void	infer_init(struct infer *);
/*
 * Look at the lines about to be parsed (whole lines in buf): learn a
 * layout when the known ones explain them poorly, drop a learned one that
 * no longer explains them. Runs on the first buffer and then each time
 * the bytes fed have grown fourfold; otherwise costs one comparison.
 */
void	infer_feed(struct parser *, const char *buf, size_t len);
/*
 * Learn from a sample now, whatever was fed: the lines of buf (the same
 * rules as infer_feed). Returns 1 when a learned layout is active after.
 */
int	infer_learn(struct parser *, const char *buf, size_t len);
/*
 * Learn from the first 64 KB (whole lines) of a file: for parsers that
 * start reading it elsewhere (-n, --since, a tail-first load). Returns 1
 * when a learned layout is active after; 0 also when fd cannot be read.
 */
int	infer_learn_fd(struct parser *, int fd, uint64_t size);
/*
 * Does the line start a record of the learned layout? Fills *f (format
 * FORMAT_LEARNED) and returns 1, or returns 0 with *f unspecified.
 * Reads only [0, n), never allocates.
 */
int	infer_match(const struct infer *, const char *s, size_t n, int year,
	    struct fields *f);
/* The learned layout's columns, or what the sample showed, as text. */
size_t	infer_describe(const struct infer *, char *buf, size_t size);

#endif
