/*
 * viewbench.c: the TUI's re-filter of an indexed file, without the screen.
 *
 * It indexes FILE as the TUI does (the last megabyte fed as read, the
 * rest by lstore_head_begin: worker threads, pread, chunks; then the
 * merge), then for each filter given builds a
 * view and times view_update(v, 0) from a filter change until nothing is
 * left, RUNS times (best shown), first on one thread, then with the
 * rebuild's worker threads (filters/viewpar.c). A filter is "-g RE" (include), "-l
 * LEVEL" (that level and above) or both, e.g. "-g KeyError" or "-l error".
 *
 *	bench/out/viewbench FILE RUNS FILTER...
 *
 * VIEWBENCH_ONLY=0 runs only the one-thread rebuilds, =1 only the threaded.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "filters/filter.h"
#include "filters/view.h"
#include "model/lstore.h"
#include "model/ltree.h"
#include "model/stats.h"
#include "parsers/level.h"

/* CPU seconds of the process so far (every thread, user and system). */
static double
cpu_s(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Monotonic seconds. */
static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct ltree	*tree = ltree_create();
	struct stats	 st;
	struct lstore	*ls;
	struct stat	 sb;
	int		 fd, wake[2], runs, a, r, th;
	char		 byte, *cause = NULL;
	double		 t0;
	off_t		 off;
	char		*tail;
	ssize_t		 got;
	size_t		 k;

	if (argc < 4)
		return 2;
	if ((fd = open(argv[1], O_RDONLY)) == -1 || fstat(fd, &sb) == -1 ||
	    pipe(wake) == -1)
		return 2;
	runs = atoi(argv[2]);
	stats_init(&st, "bench");
	ls = lstore_create(NULL, tree, &st, 0, 0);
	lstore_segment(ls, 0, fd, 0);
	/* As the TUI: the last MB is fed as read, the head is indexed behind. */
	off = sb.st_size > (1 << 20) ? sb.st_size - (1 << 20) : 0;
	tail = malloc((size_t)(sb.st_size - off) + 1);
	got = pread(fd, tail, (size_t)(sb.st_size - off), off);
	if (got < 0)
		return 2;
	for (k = 0; off > 0 && k < (size_t)got && tail[k] != '\n'; k++)
		;
	if (off > 0)
		k++;
	off += (off_t)k;
	lstore_feed(ls, tail + k, (size_t)got - k, (uint64_t)off);
	free(tail);
	t0 = now_s();
	lstore_head_begin(ls, 0, (uint64_t)off, wake[1]);
	if (read(wake[0], &byte, 1) != 1)
		return 2;
	lstore_head_step(ls);
	printf("index: %.3f s, %llu records\n", now_s() - t0,
	    (unsigned long long)lstore_count(ls));
	for (a = 3; a < argc; a++) {
	    for (th = 0; th < 2; th++) {
		if (getenv("VIEWBENCH_ONLY") != NULL &&
		    atoi(getenv("VIEWBENCH_ONLY")) != th)
			continue;
		double	best = 1e9, t, c, cpu = 0;
		size_t	count = 0;

		for (r = 0; r < runs; r++) {
			struct filter	 f;
			struct view	 v;
			char		*spec = strdup(argv[a]), *tok, *save;

			filter_init(&f);
			for (tok = strtok_r(spec, " ", &save); tok != NULL;
			    tok = strtok_r(NULL, " ", &save)) {
				if (strcmp(tok, "-g") == 0 && (tok = strtok_r(NULL,
				    " ", &save)) != NULL &&
				    filter_add_include(&f, tok, &cause) == -1)
					return 2;
				if (strcmp(tok, "-l") == 0 && (tok = strtok_r(NULL,
				    " ", &save)) != NULL) {
					int		l = level_from_user(tok);
					uint32_t	m = 0;
					int		lv;

					if (l < 0)
						return 2;
					for (lv = l; lv < LEVEL_COUNT; lv++)
						m |= 1u << lv;
					filter_set_levels(&f, m);
				}
			}
			free(spec);
			view_init(&v, &ls, 1, &f, tree);
			v.threads = th ? VIEW_THREADS_AUTO : VIEW_THREADS_ONE;
			t = now_s();
			c = cpu_s();
			while (view_update(&v, 0))
				;
			t = now_s() - t;
			c = cpu_s() - c;
			if (t < best) {
				best = t;
				cpu = c;
			}
			count = view_count(&v);
			view_free(&v);
			filter_free(&f);
		}
		printf("%-32s %-8s %.3f s  (cpu %.3f s)  %zu records\n",
		    argv[a], th ? "threads" : "1 thread", best, cpu, count);
	    }
	}
	lstore_free(ls);
	stats_free(&st);
	ltree_free(tree);
	close(fd);
	return 0;
}
