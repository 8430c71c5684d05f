/*
 * printstats.c: --print --stats of a big regular file on two threads.
 *
 * Counting does not depend on order, so the file is cut in two at a
 * record start and each half is grouped,
 * filtered and counted on a thread of its own, with a private copy of the
 * filter (regexes keep per-pattern match data), a private logger tree and
 * private counters; the halves are then merged into the source's counters
 * through a map of logger ids. Only used when the logger selection is
 * empty (its marks are ids of the shared tree).
 */
#include "print_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "filters/filter.h"
#include "filters/regex.h"
#include "input/chunk.h"
#include "input/source.h"
#include "model/ltree.h"
#include "model/options.h"

/* One half of the file and what its thread needs of its own. */
struct print_part {
	int		 fd;
	uint64_t	 from;
	uint64_t	 to;
	int		 at_eof;
	struct filter	 filter;
	struct regex	*prefilter;
	struct ltree	*tree;
	struct stats	 stats;
	struct group	 group;
	int		 passed;
	pthread_t	 thread;
	int		 joinable;
};

/* A record of one half: filter and count it. */
static void
print_part_emit(void *arg, const struct grec *r)
{
	struct print_part	*part = arg;
	uint32_t		 lid;
	int			 pass;

	if (r->cont)
		return;		/* no flush before the end: cannot happen */
	lid = r->f.logger.len == 0 ? LTREE_ROOT :
	    ltree_intern(part->tree, r->text + r->f.logger.off, r->f.logger.len);
	pass = filter_pass_meta(&part->filter, part->tree, r->f.level, lid) &&
	    (!filter_needs_text(&part->filter) ||
	    filter_pass_text(&part->filter, r->text, r->len));
	if (pass) {
		part->passed = 1;
		stats_add(&part->stats, part->tree, lid, r->f.level, r->f.time);
	}
}

/* The prefilter of one half (its own regex copy). */
static int
print_part_find(void *arg, const char *buf, size_t len, size_t from, size_t *hit)
{
	return print_prefind(&((struct print_part *)arg)->prefilter, buf, len,
	    from, hit);
}

/* A block of whole lines of one half: group it (through the prefilter). */
static void
print_part_block(void *arg, const char *buf, size_t len, uint64_t off)
{
	struct print_part	*part = arg;

	if (part->prefilter != NULL)
		group_feed_sparse(&part->group, buf, len, off, print_part_find,
		    part, 0);
	else
		group_feed(&part->group, buf, len, off);
}

/* One half: read, group, filter, count. */
static void *
print_part_run(void *arg)
{
	struct print_part	*part = arg;
	char			*buf = xmalloc(PRINT_PARTBUF + 1);

	chunk_read(part->fd, part->from, part->to, buf, PRINT_PARTBUF,
	    CHUNK_NEWLINE, NULL, print_part_block, part);
	group_flush(&part->group);
	free(buf);
	return NULL;
}

/* --stats of one big file in two halves; returns 0, or -1 to do it the plain way. */
int
print_stats_parallel(struct print *pr, struct print_src *ps)
{
	struct print_part	 parts[2];
	struct stat		 st;
	uint64_t		 size, split;
	uint32_t		*map;
	size_t			 i;
	int			 fd = source_fd(ps->src);

	if (!pr->opt->stats || pr->opt->follow || pr->opt->merge ||
	    pr->opt->lines >= 0 || source_kind(ps->src) != SOURCE_FILE ||
	    filter_has_time(pr->filter) || source_nfiles(ps->src) > 1 ||
	    fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    !lsel_empty(pr->filter->lsel))
		return -1;
	size = (uint64_t)st.st_size;
	if (size < PRINT_PARALLEL_MIN ||
	    (split = group_split_point(fd, pr->opt->srcs[ps->index].fmt,
	    size / 2, size)) == 0)
		return -1;
	for (i = 0; i < 2; i++) {
		struct print_part	*part = &parts[i];

		memset(part, 0, sizeof *part);
		part->fd = fd;
		part->from = i == 0 ? 0 : split;
		part->to = i == 0 ? split : size;
		filter_copy(&part->filter, pr->filter);
		part->filter.undecided = 0;
		part->prefilter = NULL;
		if (pr->prefilter != NULL) {
			size_t	k;

			for (k = 0; k < part->filter.ninc; k++)
				if (regex_prefilter_safe(part->filter.inc[k])) {
					part->prefilter = part->filter.inc[k];
					break;
				}
		}
		part->tree = ltree_create();
		stats_init(&part->stats, "part");
		stats_defer_subtrees(&part->stats);
		group_init(&part->group, pr->opt->srcs[ps->index].fmt,
		    print_part_emit, part);
		if (pthread_create(&part->thread, NULL, print_part_run, part) == 0)
			part->joinable = 1;
		else
			print_part_run(part);
	}
	for (i = 0; i < 2; i++) {
		struct print_part	*part = &parts[i];

		if (part->joinable)
			pthread_join(part->thread, NULL);
		stats_finish_subtrees(&part->stats, part->tree);
		map = ltree_map(pr->tree, part->tree);
		stats_merge_map(&ps->stats, &part->stats, map,
		    ltree_count_nodes(part->tree));
		pr->filter->undecided += part->filter.undecided;
		pr->printed |= part->passed;
		free(map);
		group_free(&part->group);
		stats_free(&part->stats);
		ltree_free(part->tree);
		filter_free(&part->filter);
	}
	ps->eof = 1;
	return 0;
}
