/*
 * writer.c: append classic-style Python log records to several files at a
 * fixed total rate, or as fast as possible, for tailor's live benchmarks.
 *
 *   writer [-r LINES_PER_S] [-d SECONDS] [-n MAX_LINES] FILE...
 *
 * Each record is one line,
 *   2026-01-01 12:00:00,123 - bench.w1 - INFO - seq=N t=NS order ... done
 * where seq counts the file's records from 1 and t is CLOCK_MONOTONIC in
 * ns just before the write() that carries it (as loggen.py --marker).
 * With -r 0 (the default) lines are written in 64 KB batches round-robin
 * over the files with no pause; otherwise every millisecond the lines due
 * by then are written, spread over the files. The loop stops after -d
 * seconds or -n lines in all. A summary (lines, bytes, seconds, rate) goes
 * to stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH	(64 * 1024)

static volatile sig_atomic_t	stop;

/* Monotonic time in nanoseconds. */
static uint64_t
mono_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* SIGTERM/SIGINT: finish the current batch and stop. */
static void
onsig(int sig)
{
	stop = 1;
}

/* Append the decimal digits of v at p; returns the end. */
static char *
utoa(char *p, uint64_t v)
{
	char	tmp[24];
	int	n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* Append the string s at p; returns the end. */
static char *
put(char *p, const char *s)
{
	size_t	len = strlen(s);

	memcpy(p, s, len);
	return p + len;
}

/* Format one record into buf (512 bytes at least); returns its length. */
static int
record(char *buf, int file, uint64_t seq, uint64_t t)
{
	static const char *const levels[] = {
		" - DEBUG - ", " - INFO - ", " - INFO - ", " - INFO - ",
		" - WARNING - ", " - DEBUG - ", " - INFO - ", " - ERROR - "
	};
	static const char *const msgs[] = {
		" GET /api/v1/users/", " payment captured order=",
		" cache lookup key=", " slow query took ms, threshold 40 id=",
	};
	static char	 date[32];
	static time_t	 date_sec = -1;
	struct timespec	 ts;
	struct tm	 tm;
	char		*p = buf;
	long		 ms;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != date_sec) {
		gmtime_r(&ts.tv_sec, &tm);
		strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S,", &tm);
		date_sec = ts.tv_sec;
	}
	ms = ts.tv_nsec / 1000000;
	p = put(p, date);
	*p++ = (char)('0' + ms / 100);
	*p++ = (char)('0' + ms / 10 % 10);
	*p++ = (char)('0' + ms % 10);
	p = put(p, " - bench.w");
	p = utoa(p, (uint64_t)file + 1);
	p = put(p, levels[seq % 8]);
	p = put(p, "seq=");
	p = utoa(p, seq);
	p = put(p, " t=");
	p = utoa(p, t);
	p = put(p, msgs[seq % 4]);
	p = utoa(p, seq * 7919 % 1000003);
	*p++ = '\n';
	return (int)(p - buf);
}

int
main(int argc, char **argv)
{
	double		 rate = 0, secs = 10;
	uint64_t	 max = 0, total = 0, bytes = 0, *seq, t0, t, due, nb;
	int		*fd, nfiles, i, ch, f, n;
	char		*buf;
	size_t		 len;

	while ((ch = getopt(argc, argv, "r:d:n:")) != -1) {
		switch (ch) {
		case 'r': rate = atof(optarg); break;
		case 'd': secs = atof(optarg); break;
		case 'n': max = strtoull(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: writer [-r RATE] [-d SECS] "
			    "[-n MAX] FILE...\n");
			return 2;
		}
	}
	nfiles = argc - optind;
	if (nfiles < 1)
		return 2;
	signal(SIGTERM, onsig);
	signal(SIGINT, onsig);
	fd = calloc(nfiles, sizeof *fd);
	seq = calloc(nfiles, sizeof *seq);
	buf = malloc(BATCH + 512);
	for (i = 0; i < nfiles; i++) {
		fd[i] = open(argv[optind + i], O_WRONLY | O_APPEND | O_CREAT,
		    0644);
		if (fd[i] == -1) {
			perror(argv[optind + i]);
			return 1;
		}
	}

	t0 = mono_ns();
	f = 0;
	while (!stop) {
		t = mono_ns();
		if (t - t0 >= (uint64_t)(secs * 1e9) || (max && total >= max))
			break;
		if (rate > 0) {
			due = (uint64_t)((double)(t - t0) / 1e9 * rate);
			if (max && due > max)
				due = max;
			if (due <= total) {
				struct timespec	 ts = { 0, 1000000 };

				nanosleep(&ts, NULL);
				continue;
			}
			nb = due - total;
		} else
			nb = UINT64_MAX;
		/* One batch per file, round robin, nb lines in all. */
		for (i = 0; i < nfiles && nb > 0; i++, f = (f + 1) % nfiles) {
			uint64_t	share = rate > 0 ?
			    (nb + (uint64_t)(nfiles - i) - 1) / (uint64_t)(nfiles - i) :
			    UINT64_MAX;

			len = 0;
			t = mono_ns();
			while (share > 0 && len < BATCH &&
			    (!max || total < max)) {
				n = record(buf + len, f, ++seq[f], t);
				len += (size_t)n;
				share--;
				nb--;
				total++;
			}
			if (len == 0)
				break;
			if (write(fd[f], buf, len) != (ssize_t)len) {
				perror("write");
				return 1;
			}
			bytes += len;
		}
	}
	t = mono_ns();
	printf("lines=%llu bytes=%llu secs=%.3f rate=%.0f\n",
	    (unsigned long long)total, (unsigned long long)bytes,
	    (double)(t - t0) / 1e9, (double)total / ((double)(t - t0) / 1e9));
	for (i = 0; i < nfiles; i++)
		printf("file%d_lines=%llu\n", i + 1, (unsigned long long)seq[i]);
	return 0;
}
