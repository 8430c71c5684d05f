/*
 * print_int.h: what print.c (--print) and printpar.c (--print of a big
 * file on two threads) share; not for other files.
 */
#ifndef PRINT_INT_H
#define PRINT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "collapse.h"
#include "model/stats.h"
#include "parsers/group.h"
#include "tui/compact.h"

struct follow;
struct regex;
struct source;

#define PRINT_OUTBUF	(256 * 1024)
#define PRINT_QUIET_MS	100

/* A record kept for later (-n on a pipe, --merge). */
struct print_rec {
	struct grec	 r;
	char		*text;	/* owned copy; r.text points here */
};

struct print_queue {
	struct print_rec	*recs;
	size_t			 head, len, size;
};

struct print;

struct print_src {
	struct print		*pr;
	struct source		*src;
	struct group		 group;
	int			 index;
	int			 last_passed;	/* for lines after a flushed record */
	int			 eof;
	int64_t			 last_time;	/* last known timestamp (merge) */
	int64_t			 carry_time;	/* time of the last record (--since) */
	struct print_queue	 queue;		/* -n on pipes, or --merge */
	int			 keep_last;	/* queue holds only the last -n records */
	int			 decided;	/* (draining) queued records passed already */
	int			 folded;	/* its last record went into a -C run */
	struct stats		 stats;
	size_t			 partial_shown;	/* bytes of a partial line printed */
	uint64_t		 partial_voff;	/* where that line starts */
};

struct print {
	const struct options	*opt;
	struct filter		*filter;
	struct ltree		*tree;
	const struct pyfmt	*fmt;
	struct print_src	*srcs;
	size_t			 nsrcs;
	struct follow		*follow;
	int			 last_src;	/* source of the last header */
	int			 printed;
	int			 error;
	int			 broken;	/* stdout went away */
	int			 write_errno;	/* a write error other than EPIPE */
	char			*out;
	size_t			 outlen;
	size_t			 outsize;	/* with grow */
	int			 grow;		/* out grows, never written (printpar.c) */
	char			*jbuf;		/* JSON scratch */
	size_t			 jsize;
	struct stats		 total;
	struct regex		*prefilter;	/* include regex searched over raw input */
	int			 need_logger;	/* intern loggers (selection, stats, JSON) */
	struct collapse		 fold;		/* -C: the open summary run */
	struct compact		 cmp;		/* --view compact: the record rendered */
	int			 got;		/* -f: this turn brought data */
	int			 interrupted;	/* -f: the signal that ended it, or 0 */
};

/* Append bytes to the output (written when the buffer fills). */
void	print_put(struct print *, const char *, size_t);
/* Write one record as a JSON object (pr->tree names its logger lid). */
void	print_json(struct print *, struct print_src *, const struct grec *,
	    uint32_t);
/* tail's `==> NAME <==` when the output moves to another source. */
void	print_header(struct print *, struct print_src *);
/* Does anything filter records? */
int	print_filtering(const struct print *);
/* Lines of a source into its group (struct source_ops' lines). */
void	print_source_lines(void *, struct source *, const char *, size_t,
	    uint64_t);
/* Read one source to its end (no -f), its last record flushed. */
void	print_source_all(struct print *, struct print_src *);

/*
 * The include regex searched over raw input (group_find_fn's test): 1 and
 * *hit at a match (or at from without a prefilter), 0 when none; a regex
 * that hits its limit is dropped (*pre = NULL).
 */
int	print_prefind(struct regex **pre, const char *buf, size_t len,
	    size_t from, size_t *hit);
/*
 * --print of a big regular file with filters, or --stats, on two threads
 * (printpar.c);
 * 0 when the source was printed, -1 when it does not qualify (the caller
 * reads it on one thread).
 */
int	print_parallel(struct print *, struct print_src *);

#endif
