/* test_source.c: a file source read by name, through rotation, truncation and rewrite. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "input/follow.h"
#include "input/source.h"

/* What the consumer saw. */
struct seen {
	char	text[65536];
	size_t	len;
	char	events[4096];
	int	segments;
	int	resets;
};

static void
seen_lines(void *arg, struct source *src, const char *buf, size_t len,
    uint64_t voff)
{
	struct seen	*s = arg;

	assert_int_equal(buf[len - 1], '\n');
	memcpy(s->text + s->len, buf, len);
	s->len += len;
	s->text[s->len] = '\0';
}

static void
seen_event(void *arg, struct source *src, enum source_state st, const char *msg)
{
	struct seen	*s = arg;

	if (msg != NULL) {
		strcat(s->events, msg);
		strcat(s->events, ";");
	}
}

static void
seen_segment(void *arg, struct source *src, uint64_t voff, int fd, int reset)
{
	struct seen	*s = arg;

	s->segments++;
	s->resets += reset;
}

/* Write a whole file. */
static void
put(const char *path, const char *text, int append)
{
	FILE	*f = fopen(path, append ? "a" : "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char	dir[] = "/tmp/test_source_XXXXXX";
static char	path[256];

static int
setup(void **state)
{
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/app.log", dir);
	return 0;
}

static int
teardown(void **state)
{
	char	cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Append, partial line, then the rest: whole lines only, in order. */
static void
test_source_append(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;

	memset(&s, 0, sizeof s);
	unlink(path);
	src = source_open_file(path, &ops);
	assert_int_equal(source_state(src), SOURCE_WAITING);
	put(path, "one\ntw", 0);
	source_check(src);
	assert_string_equal(s.text, "one\n");
	assert_int_equal(source_partial_len(src), 2);
	put(path, "o\nthree\r\n", 1);
	source_check(src);
	assert_string_equal(s.text, "one\ntwo\nthree\r\n");
	assert_non_null(strstr(s.events, "file appeared"));
	source_free(src);
}

/* Rename rotation: the old file is read to its end before the new one. */
static void
test_source_rotation(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	char			 old[300], expect[65536] = "", line[64];
	int			 i;

	memset(&s, 0, sizeof s);
	snprintf(old, sizeof old, "%s.1", path);
	put(path, "", 0);
	src = source_open_file(path, &ops);
	for (i = 0; i < 50; i++) {
		snprintf(line, sizeof line, "before %d\n", i);
		put(path, line, 1);
		strcat(expect, line);
		rename(path, old);
		snprintf(line, sizeof line, "late %d\n", i);
		put(old, line, 1);	/* written to the old file after the rename */
		strcat(expect, line);
		snprintf(line, sizeof line, "after %d\n", i);
		put(path, line, 0);
		strcat(expect, line);
		source_check(src);
	}
	assert_string_equal(s.text, expect);
	assert_non_null(strstr(s.events, "file replaced"));
	source_free(src);
}

/* Copytruncate, and truncate-and-rewrite with more bytes: both restart at 0. */
static void
test_source_truncate(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;

	memset(&s, 0, sizeof s);
	put(path, "aaaa\nbbbb\n", 0);
	src = source_open_file(path, &ops);
	source_check(src);
	assert_string_equal(s.text, "aaaa\nbbbb\n");
	put(path, "c\n", 0);	/* shrank */
	source_check(src);
	assert_string_equal(s.text, "aaaa\nbbbb\nc\n");
	assert_non_null(strstr(s.events, "file truncated"));
	assert_int_equal(s.resets, 1);
	put(path, "dddddddd\neeeeeeee\n", 0);	/* rewritten, longer than before */
	source_check(src);
	assert_string_equal(s.text, "aaaa\nbbbb\nc\ndddddddd\neeeeeeee\n");
	assert_int_equal(s.resets, 2);
	source_free(src);
}

/* Deleted, then recreated; and a symlink repointed. */
static void
test_source_delete_symlink(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	char			 a[300], b[300], link[300];

	memset(&s, 0, sizeof s);
	put(path, "x\n", 0);
	src = source_open_file(path, &ops);
	source_check(src);
	unlink(path);
	source_check(src);
	assert_int_equal(source_state(src), SOURCE_DELETED);
	put(path, "y\n", 0);
	source_check(src);
	assert_string_equal(s.text, "x\ny\n");
	source_free(src);

	memset(&s, 0, sizeof s);
	snprintf(a, sizeof a, "%s/a.log", dir);
	snprintf(b, sizeof b, "%s/b.log", dir);
	snprintf(link, sizeof link, "%s/cur.log", dir);
	put(a, "from a\n", 0);
	put(b, "from b\n", 0);
	assert_int_equal(symlink(a, link), 0);
	src = source_open_file(link, &ops);
	source_check(src);
	unlink(link);
	assert_int_equal(symlink(b, link), 0);
	source_check(src);
	assert_string_equal(s.text, "from a\nfrom b\n");
	source_free(src);
}

/* The follower with inotify: an append wakes it, and nothing else does. */
static void
test_follow_inotify(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	struct follow		*fw = follow_create(0);

	memset(&s, 0, sizeof s);
	put(path, "", 0);
	src = source_open_file(path, &ops);
	follow_add(fw, src);
	follow_check_all(fw);
	if (follow_fd(fw) == -1)
		skip();
	assert_int_equal(follow_timeout(fw), -1);	/* no polling: no wake-ups */
	put(path, "hello\n", 1);
	assert_true(follow_dispatch(fw) >= 1);
	assert_string_equal(s.text, "hello\n");
	assert_string_equal(follow_mode(fw, src), "inotify");
	follow_free(fw);
	source_free(src);
}

/*
 * Two rotations between two looks (RotatingFileHandler with backups): the
 * middle file is no longer at the name when the follower looks, but it is
 * found through the rename events and read in order; nothing is lost.
 */
static void
test_follow_double_rotation(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	struct follow		*fw = follow_create(0);
	char			 p1[300], p2[300], p3[300];

	memset(&s, 0, sizeof s);
	snprintf(p1, sizeof p1, "%s.1", path);
	snprintf(p2, sizeof p2, "%s.2", path);
	snprintf(p3, sizeof p3, "%s.3", path);
	unlink(p1);
	unlink(p2);
	unlink(p3);
	put(path, "a1\n", 0);
	src = source_open_file(path, &ops);
	follow_add(fw, src);
	follow_check_all(fw);
	if (follow_fd(fw) == -1)
		skip();
	put(path, "a2\n", 1);
	/* Rotation 1: path -> .1, a new file B. */
	rename(path, p1);
	put(path, "b1\nb2\n", 0);
	/* Rotation 2: .1 -> .2, path (B) -> .1, a new file C. */
	rename(p1, p2);
	rename(path, p1);
	put(path, "c1\n", 0);
	follow_dispatch(fw);
	assert_string_equal(s.text, "a1\na2\nb1\nb2\nc1\n");
	put(path, "c2\n", 1);
	follow_dispatch(fw);
	assert_string_equal(s.text, "a1\na2\nb1\nb2\nc1\nc2\n");
	follow_free(fw);
	source_free(src);
	unlink(p1);
	unlink(p2);
}

/* The follower with --poll: ticks find the change. */
static void
test_follow_poll(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	struct follow		*fw = follow_create(1);

	memset(&s, 0, sizeof s);
	put(path, "", 0);
	src = source_open_file(path, &ops);
	follow_add(fw, src);
	assert_int_equal(follow_fd(fw), -1);
	assert_true(follow_timeout(fw) >= 0);
	put(path, "polled\n", 1);
	while (follow_timeout(fw) > 0)
		usleep(10000);
	follow_tick(fw);
	assert_string_equal(s.text, "polled\n");
	assert_string_equal(follow_mode(fw, src), "polling");
	follow_free(fw);
	source_free(src);
}

/* A command source: its output, then its exit status. */
static void
test_source_command(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	int			 status;
	pid_t			 pid;

	memset(&s, 0, sizeof s);
	src = source_open_command("printf 'a\\nb'; echo err >&2; exit 3", &ops);
	/* The pipe is non-blocking: "nothing yet" is no end. */
	while (!source_at_end(src))
		if (source_read(src, 0) <= 0)
			source_wait(src);
	source_close(src);
	pid = source_pid(src);
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	source_reap(src, pid, status);
	assert_non_null(strstr(s.text, "a\n"));
	assert_non_null(strstr(s.text, "err\n"));
	assert_non_null(strstr(s.events, "command exited 3"));
	source_free(src);
}

/* Live (not zombie) processes in process group pgid, from /proc. */
static int
group_alive(pid_t pgid)
{
	DIR		*d = opendir("/proc");
	struct dirent	*de;
	char		 pp[300], buf[512], *rp, state;
	int		 n = 0, pgrp;
	FILE		*f;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(pp, sizeof pp, "/proc/%s/stat", de->d_name);
		if ((f = fopen(pp, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof buf, f) != NULL &&
		    (rp = strrchr(buf, ')')) != NULL &&
		    sscanf(rp + 2, "%c %*d %d", &state, &pgrp) == 2 &&
		    pgrp == pgid && state != 'Z')
			n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

/*
 * source_stop: a command that ignores SIGTERM, with a background child,
 * is ended by SIGKILL after the grace period; nothing of its group stays.
 */
static void
test_source_stop(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	struct timespec		 t0, t1;
	pid_t			 pgid;
	long			 ms;

	memset(&s, 0, sizeof s);
	src = source_open_command("trap '' TERM; sleep 7.31 & echo up; "
	    "while :; do sleep 1; done", &ops);
	while (strstr(s.text, "up") == NULL)
		if (source_read(src, 0) <= 0)
			source_wait(src);
	pgid = source_pid(src);
	assert_true(pgid > 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	source_stop(&src, 1, 300);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 250 && ms < 3000);	/* the grace, then SIGKILL */
	assert_int_equal(source_pid(src), -1);	/* reaped */
	assert_non_null(strstr(s.events, "killed by signal 9"));
	/* The background sleep (it ignores TERM too) was in the group. */
	for (ms = 0; ms < 2000 && group_alive(pgid) > 0; ms += 10)
		usleep(10000);
	assert_int_equal(group_alive(pgid), 0);
	source_free(src);
}

/* A hole of NULs at a line start is skipped with a note; a few NULs stay. */
static void
test_source_holes(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	static char		 buf[20000];
	FILE			*f;

	memset(&s, 0, sizeof s);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("a\n", f);
	fwrite(buf, 1, 10000, f);
	fputs("b\n", f);
	fwrite(buf, 1, 3, f);
	fputs("c\n", f);
	fclose(f);
	src = source_open_file(path, &ops);
	source_check(src);
	assert_int_equal(s.len, 2 + 2 + 5);
	assert_memory_equal(s.text, "a\nb\n\0\0\0c\n", 9);
	assert_non_null(strstr(s.events, "skipped 10000 NUL bytes"));
	/* Virtual offsets still count the skipped bytes (files are read back). */
	assert_int_equal(source_voff(src), 2 + 10000 + 2 + 5);
	source_free(src);
}

/* A FIFO given as a file is a stream: polled like stdin, not followed. */
static void
test_source_fifo(void **state)
{
	struct seen		 s;
	struct source_ops	 ops = { seen_lines, seen_event, seen_segment, &s };
	struct source		*src;
	char			 fifo[300];
	int			 w;

	memset(&s, 0, sizeof s);
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	src = source_open_file(fifo, &ops);
	assert_int_equal(source_kind(src), SOURCE_STDIN);
	assert_int_not_equal(source_pollfd(src), -1);
	/* No writer yet: nothing, and not the end. */
	assert_int_equal(source_read(src, 0), 0);
	assert_false(source_at_end(src));
	w = open(fifo, O_WRONLY | O_NONBLOCK);
	assert_int_not_equal(w, -1);
	assert_int_equal(write(w, "x\ny\n", 4), 4);
	assert_int_equal(source_read(src, 0), 4);
	assert_string_equal(s.text, "x\ny\n");
	assert_false(source_at_end(src));	/* EAGAIN is not the end */
	assert_int_equal(source_read(src, 0), 0);
	assert_false(source_at_end(src));
	close(w);
	assert_int_equal(source_read(src, 0), 0);
	assert_true(source_at_end(src));
	source_free(src);
	unlink(fifo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_append),
		cmocka_unit_test(test_source_rotation),
		cmocka_unit_test(test_source_truncate),
		cmocka_unit_test(test_source_delete_symlink),
		cmocka_unit_test(test_follow_inotify),
		cmocka_unit_test(test_follow_double_rotation),
		cmocka_unit_test(test_follow_poll),
		cmocka_unit_test(test_source_command),
		cmocka_unit_test(test_source_stop),
		cmocka_unit_test(test_source_holes),
		cmocka_unit_test(test_source_fifo),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
