/*
 * lstore_int.h: the line store's insides, shared by model/lstore.c (the
 * index) and model/lhead.c (its background head indexer) only.
 */
#ifndef LSTORE_INT_H
#define LSTORE_INT_H

#include "lrecs.h"
#include "lstore.h"
#include "parsers/parse.h"

struct ltree;
struct stats;
struct lhead;

struct lseg {
	uint64_t	 vstart;
	int		 fd;		/* -1 for memory */
};

/* What parsing needs: a parser, the tree to intern into, the counters. */
struct lparse {
	struct parser	 parser;
	struct ltree	*tree;
	struct stats	*stats;		/* may be NULL */
};

struct lstore {
	struct lparse	 px;
	const struct pyfmt *fmt;
	struct ltree	*tree;
	struct stats	*stats;

	struct lrecs	 recs;
	uint64_t	 first;		/* id of recs.r[0] */
	uint64_t	 end;		/* virtual end of the data fed */
	uint64_t	 generation;
	uint64_t	 dropped;
	uint64_t	 fed;		/* records that came through lstore_feed */

	struct lseg	*segs;
	size_t		 nsegs;

	int		 keep_text;
	size_t		 cap;
	char		*mem;		/* keep_text: bytes from mem_vstart on */
	uint64_t	 mem_vstart;
	size_t		 memlen;
	size_t		 memsize;

	char		*win;		/* read-back window (files) */
	uint64_t	 win_off;
	size_t		 win_len;
	size_t		 win_size;
	size_t		 win_back;	/* next backwards window (doubles) */

	struct lhead	*head;		/* background head indexing, or NULL */

	/*
	 * Snapshots held by other threads (lstore_hold): while holds > 0,
	 * every record array handed out is in kept and recs.borrowed is set
	 * while recs.r is one of them, so it is never moved, freed nor
	 * written: growing copies it (lrecs_push), marking records lost
	 * copies first (lstore_unshare). The last release frees the others.
	 */
	unsigned	 holds;
	struct lrec	**kept;
	size_t		 nkept;
};

/* Parse whole lines into records of array a, interning into px's tree. */
void	lstore_parse(struct lparse *px, struct lrecs *a, const char *buf,
	    size_t len, uint64_t voff);
/* Stop and free background indexing (lstore_free). */
void	lhead_cancel(struct lstore *);
/* The head's file lost its bytes (truncated): its records land lost. */
void	lhead_lost(struct lstore *);

#endif
