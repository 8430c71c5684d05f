/*
 * indexbench.c: the per-line cost of indexing, on one thread, without the
 * TUI, the disk or the page cache in the way.
 *
 * It reads FILE (or its first MB megabytes) into memory once, then feeds
 * it to a file-mode lstore (lstore_feed: detection, logger interning,
 * --stats counters, the 16-byte record push) in 1 MB pieces cut at line
 * ends, RUNS times, and prints the best run as ns/line and GB/s. The
 * background head indexer runs exactly this per thread, so two threads
 * reach about twice the GB/s printed here, less the merge.
 *
 * With --head it runs the real background path instead, on the whole
 * file: lstore_head_begin (worker threads, pread, chunks), a wait on the
 * wake pipe, lstore_head_step (the merge), timed as a whole and the merge
 * alone, RUNS times.
 *
 *	bench/out/indexbench FILE [MB] [RUNS]
 *	bench/out/indexbench --head FILE [RUNS]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/lstore.h"
#include "model/ltree.h"
#include "model/stats.h"

/* Monotonic seconds. */
static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The threaded head indexer over a whole file, timed. */
static int
bench_head(const char *path, int runs)
{
	struct stat	 sb;
	int		 fd = open(path, O_RDONLY), wake[2], r;
	double		 t0, t1, t2, best = 1e30, best_merge = 0;
	char		 byte;
	uint64_t	 recs = 0;

	if (fd == -1 || fstat(fd, &sb) == -1 || pipe(wake) == -1) {
		perror(path);
		return 2;
	}
	for (r = 0; r < runs; r++) {
		struct ltree	*tree = ltree_create();
		struct stats	 st;
		struct lstore	*ls;

		stats_init(&st, "bench");
		ls = lstore_create(NULL, tree, &st, 0, 0);
		lstore_segment(ls, 0, fd, 0);
		t0 = now_s();
		lstore_head_begin(ls, 0, (uint64_t)sb.st_size, wake[1]);
		if (read(wake[0], &byte, 1) != 1)
			return 2;
		t1 = now_s();
		lstore_head_step(ls);
		t2 = now_s();
		if (t2 - t0 < best) {
			best = t2 - t0;
			best_merge = t2 - t1;
		}
		recs = lstore_count(ls);
		printf("run %d: %.3f s (merge %.3f s)\n", r + 1, t2 - t0, t2 - t1);
		lstore_free(ls);
		stats_free(&st);
		ltree_free(tree);
	}
	printf("bytes=%lld records=%llu best_s=%.4f merge_s=%.4f gb_per_s=%.3f\n",
	    (long long)sb.st_size, (unsigned long long)recs, best, best_merge,
	    (double)sb.st_size / best / 1e9);
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	FILE		*fp;
	char		*buf;
	size_t		 len, lines = 0, off, piece;
	long		 mb = argc > 2 ? atol(argv[2]) : 256;
	int		 runs = argc > 3 ? atoi(argv[3]) : 3, r;
	double		 best = 1e30, t;
	uint64_t	 recs = 0;
	const char	*nl;

	if (argc > 2 && strcmp(argv[1], "--head") == 0)
		return bench_head(argv[2], argc > 3 ? atoi(argv[3]) : 3);
	if (argc < 2) {
		fprintf(stderr, "usage: indexbench FILE [MB] [RUNS] | "
		    "--head FILE [RUNS]\n");
		return 2;
	}
	if ((fp = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	buf = malloc((size_t)mb << 20);
	if (buf == NULL)
		return 2;
	len = fread(buf, 1, (size_t)mb << 20, fp);
	fclose(fp);
	if ((nl = memrchr(buf, '\n', len)) == NULL)
		return 2;
	len = (size_t)(nl - buf) + 1;
	for (off = 0; off < len; off++)
		if ((nl = memchr(buf + off, '\n', len - off)) != NULL)
			off = (size_t)(nl - buf), lines++;
	for (r = 0; r < runs; r++) {
		struct ltree	*tree = ltree_create();
		struct stats	 st;
		struct lstore	*ls;

		stats_init(&st, "bench");
		stats_defer_subtrees(&st);	/* as the head workers do */
		ls = lstore_create(NULL, tree, &st, 0, 0);
		t = now_s();
		for (off = 0; off < len; off += piece) {
			piece = len - off > (1 << 20) ? (1 << 20) : len - off;
			nl = memrchr(buf + off, '\n', piece);
			piece = (size_t)(nl - (buf + off)) + 1;
			lstore_feed(ls, buf + off, piece, off);
		}
		t = now_s() - t;
		if (t < best)
			best = t;
		recs = lstore_count(ls);
		lstore_free(ls);
		stats_free(&st);
		ltree_free(tree);
	}
	printf("bytes=%zu lines=%zu records=%llu best_s=%.4f ns_per_line=%.1f "
	    "gb_per_s=%.3f\n", len, lines, (unsigned long long)recs, best,
	    best * 1e9 / (double)lines, (double)len / best / 1e9);
	free(buf);
	return 0;
}
