/* group.h: lines into records (a record start plus its continuation lines). */
#ifndef GROUP_H
#define GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

/* One whole record, as handed to the consumer. */
struct grec {
	struct fields	 f;	/* of the first line; spans are offsets into text */
	const char	*text;	/* lines joined by '\n', no trailing newline, no CR */
	size_t		 len;
	uint64_t	 voff;	/* virtual offset of the first line */
	uint64_t	 line;	/* 1-based number of the first line */
	uint32_t	 nlines;
	int		 cont;	/* continuation lines that came after their record was flushed */
};

typedef void (*group_emit_fn)(void *arg, const struct grec *);

/*
 * A group assembles the records of one source. Text of the pending record
 * refers to the caller's buffer while it can (no copy) and is copied into
 * the group's own buffer only when the record outlives a group_feed call
 * or its lines end in CRLF. No allocation per line; the buffer grows to
 * the largest record seen.
 */
struct group {
	struct parser	 parser;
	group_emit_fn	 emit;
	void		*arg;

	int		 pending;	/* a record is being assembled */
	int		 copied;	/* cur.text is in buf (else in the input) */
	int		 flushed;	/* last record was flushed: lines are orphans */
	struct grec	 cur;
	struct fields	 last;		/* fields of the last record emitted */
	char		*buf;
	size_t		 size;
	uint64_t	 nextline;	/* number of the next line */
	uint64_t	 records;
};

void	group_init(struct group *, const struct pyfmt *, group_emit_fn, void *);
void	group_free(struct group *);
/* Feed whole lines (buf ends with '\n'). */
void	group_feed(struct group *, const char *buf, size_t len, uint64_t voff);
/*
 * A search over raw input: the offset of the first match at or after
 * `from` in buf, or 0 when there is none. Used to skip parsing where no
 * record can pass (a prefilter: it may report false matches, never miss).
 */
typedef int (*group_find_fn)(void *arg, const char *buf, size_t len, size_t from,
    size_t *hit);
/*
 * Feed whole lines like group_feed, but parse only the records around the
 * matches `find` reports; records elsewhere are skipped unseen. Line
 * numbers stay right only when count_lines is set.
 */
void	group_feed_sparse(struct group *, const char *buf, size_t len,
	    uint64_t voff, group_find_fn find, void *arg, int count_lines);
/* Emit the pending record now (end of input, or a quiet period when following). */
void	group_flush(struct group *);
/* Start numbering lines again (after a truncation or a seek). */
void	group_reset(struct group *, uint64_t nextline);
/* A record start in [at, end) near `at` (within 1 MiB), or 0: where to cut a file in two. */
uint64_t group_split_point(int fd, const struct pyfmt *, uint64_t at, uint64_t end);
/*
 * File offset where the last `n` records of a file start (for -n and the
 * TUI's tail-first load), found by reading backwards from `size`.
 * Returns 0 when the file has no more than n records.
 */
uint64_t group_tail_offset(int fd, uint64_t size, uint64_t n, const struct pyfmt *);

#endif
