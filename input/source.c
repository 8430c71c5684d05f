/*
 * source.c: one input of tailor (a file followed by name, stdin, or a
 * shell command's output) turned into whole lines.
 *
 * A source owns a read buffer. read() appends to it; everything up to the
 * last '\n' is handed to the consumer (struct source_ops) in one call, and
 * the unfinished tail (a line without its newline yet) moves to the front
 * and waits. The buffer grows to hold a line of up to SOURCE_LINE_MAX (64
 * MiB), which is never split; a longer one is cut: its first 64 MiB are
 * handed over as a line, the rest is dropped up to its newline and a note
 * says "line of N bytes cut". A run of SOURCE_NUL_RUN or more NULs where a
 * line starts (the hole a copytruncate leaves under a writer without
 * O_APPEND, /dev/zero, a sparse file) is skipped with a note. So memory
 * stays bounded whatever the input.
 *
 * A file that is not regular (a FIFO, <(cmd), a character device) is a
 * stream like stdin: read from the loop, EAGAIN is "nothing yet".
 *
 * Virtual offsets: every byte handed over has an address `voff` that only
 * grows. A file source starts a new segment whenever it (re)opens or
 * restarts a file (rotation, truncation); segment starts are announced
 * through ops.segment so the line store can map a virtual offset back to
 * an fd and a file offset with pread.
 *
 * Follow semantics (tail -F): source_check() is called by the follower on
 * any inotify event or poll tick. It first reads the open file to its end
 * (so a rotated file is finished before the new one is read), then stats
 * the name and decides: unchanged, truncated (shrank, or the bytes just
 * before our offset changed: truncated and rewritten), replaced (another
 * inode has the name), deleted, unreadable, or appeared. Every change of
 * state is reported through ops.event, never silently.
 *
 * Archives and rotated sets (issue 18): a file whose content is gzip,
 * zstd, bzip2 or xz is opened as its text (source_open_path, through
 * input/archive.c: a pipe fed by a thread with SOURCE_STREAM, else an
 * unlinked temporary file); dev/ino stay those of the archive, so the
 * follower compares the name with the archive. Damage is reported after
 * the text before it, as SOURCE_ERROR "corrupt at byte N", and stays
 * (src->damaged). With SOURCE_ROTATED the predecessors listed by
 * input/rotated.c are read first, one segment each (src->hist), and the
 * file at the name is opened when the last one ends.
 *
 * Remote sources (ssh://, input/remote.c) are pipes whose bytes come
 * framed from a remote sh script: struct remote reads ssh's output and
 * hands the data here with source_feed(), so lines, partial lines and
 * virtual offsets work as for commands; it survives dropped connections.
 */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "input/archive.h"
#include "input/rotated.h"
#include "input/remote.h"

#include "source_int.h"

static void	source_nuls_done(struct source *);
static void	source_archive_end(struct source *);
static int	source_next_file(struct source *);

/* Allocate a source with no input yet. */
struct source *
source_new(enum source_kind kind, const char *path, const struct source_ops *ops)
{
	struct source	*src = xcalloc(1, sizeof *src);
	const char	*slash;

	src->kind = kind;
	src->path = xstrdup(path);
	src->fd = -1;
	src->pid = -1;
	src->group = -1;
	src->size = SOURCE_BLOCK;
	src->buf = xmalloc(src->size);
	src->ops = *ops;
	src->index = -1;
	if (kind == SOURCE_FILE) {
		slash = strrchr(path, '/');
		if (slash == NULL) {
			src->dir = xstrdup(".");
			src->base = xstrdup(path);
		} else {
			src->dir = slash == path ? xstrdup("/") :
			    xstrndup(path, (size_t)(slash - path));
			src->base = xstrdup(slash + 1);
		}
		src->name = xstrdup(path);
	} else if (kind == SOURCE_STDIN)
		src->name = xstrdup("(stdin)");
	else if (kind == SOURCE_REMOTE)
		src->name = NULL;	/* set by source_open_remote */
	else
		src->name = xasprintf("$ %s", path);
	return src;
}

/* Change state and tell the consumer (only when it changes, or with a new message). */
void
source_set_state(struct source *src, enum source_state state, const char *msg)
{
	if (src->state == state && (msg == NULL || (src->message != NULL &&
	    strcmp(src->message, msg) == 0)))
		return;
	src->state = state;
	free(src->message);
	src->message = msg != NULL ? xstrdup(msg) : NULL;
	if (src->ops.event != NULL)
		src->ops.event(src->ops.arg, src, state, msg);
}

/* Start a new segment at the current virtual offset for the open fd. */
void
source_new_segment(struct source *src, int reset)
{
	src->vbase = src->vbase + src->foff + src->len;
	src->foff = 0;
	src->len = 0;
	src->siglen = 0;
	if (src->ops.segment != NULL)
		src->ops.segment(src->ops.arg, src, src->vbase, src->fd, reset);
}

/* Remember the last bytes before the read position (to notice rewrites). */
static void
source_remember(struct source *src, const char *p, size_t n)
{
	if (n >= SOURCE_SIG) {
		memcpy(src->sig, p + n - SOURCE_SIG, SOURCE_SIG);
		src->siglen = SOURCE_SIG;
	} else {
		size_t	keep = src->siglen + n > SOURCE_SIG ? SOURCE_SIG - n : src->siglen;

		memmove(src->sig, src->sig + src->siglen - keep, keep);
		memcpy(src->sig + keep, p, n);
		src->siglen = keep + n;
	}
}

/* Hand every complete line in the buffer to the consumer; keep the rest. */
static void
source_emit(struct source *src)
{
	char	*nl;
	size_t	 n;

	if (src->len == 0)
		return;
	nl = memrchr(src->buf, '\n', src->len);
	if (nl == NULL)
		return;
	n = (size_t)(nl - src->buf) + 1;
	src->ops.lines(src->ops.arg, src, src->buf, n, src->vbase + src->foff);
	src->foff += n;
	src->len -= n;
	if (src->len > 0)
		memmove(src->buf, src->buf + n, src->len);
}

/* Hand over a pending partial line as if it were complete (adds the '\n'). */
int
source_flush_partial(struct source *src)
{
	source_nuls_done(src);	/* a quiet moment or the end: the hole's note */
	if (src->len == 0)
		return 0;
	if (src->len == src->size) {
		src->size *= 2;
		src->buf = xrealloc(src->buf, src->size);
	}
	src->buf[src->len] = '\n';
	src->ops.lines(src->ops.arg, src, src->buf, src->len + 1,
	    src->vbase + src->foff);
	/*
	 * The synthetic newline takes no virtual space: the rest of the line,
	 * when it comes, is handed over at the next byte's own offset.
	 */
	src->foff += src->len;
	src->len = 0;
	return 1;
}

/* Bytes of a held partial line. */
size_t
source_partial_len(const struct source *src)
{
	return src->len;
}

/* The held partial line itself (valid until the next read); its virtual offset. */
const char *
source_partial(const struct source *src, size_t *len, uint64_t *voff)
{
	*len = src->len;
	*voff = src->vbase + src->foff;
	return src->buf;
}

/*
 * Drop n bytes at the front of the buffer (a hole's NULs, the rest of a
 * cut line). A file's offsets count them (the line store reads the file
 * back at its own offsets); a stream's do not (its kept text has no gap).
 */
static void
source_skip(struct source *src, size_t n)
{
	if (src->seekable)
		src->foff += n;
	src->len -= n;
	if (src->len > 0)
		memmove(src->buf, src->buf + n, src->len);
}

/*
 * Tell the consumer about bytes dropped: a note, passed as SOURCE_OK so
 * that it resets nothing (the source's own state is left as it is).
 */
static void
source_dropnote(struct source *src, const char *msg)
{
	if (src->ops.event != NULL)
		src->ops.event(src->ops.arg, src, SOURCE_OK, msg);
}

/* A hole of NULs ended (data, or the end of the input): say so once. */
static void
source_nuls_done(struct source *src)
{
	char	*msg;

	if (src->nuls == 0)
		return;
	msg = xasprintf("skipped %llu NUL bytes (a hole in the file)",
	    (unsigned long long)src->nuls);
	source_dropnote(src, msg);
	free(msg);
	src->nuls = 0;
}

/* A cut line ended (its newline, or the end of the input): say so once. */
static void
source_cut_done(struct source *src)
{
	char	*msg;

	if (!src->cutting)
		return;
	msg = xasprintf("line of %llu bytes cut (first %u shown)",
	    (unsigned long long)src->cut_len, (unsigned)SOURCE_LINE_MAX);
	source_dropnote(src, msg);
	free(msg);
	src->cutting = 0;
	src->cut_len = 0;
}

/*
 * Before whole lines are handed over: a run of at least SOURCE_NUL_RUN
 * NULs where a line starts is a hole (left by copytruncate under a writer
 * without O_APPEND, or /dev/zero) and is skipped, with a note when it
 * ends; the rest of a line already cut at SOURCE_LINE_MAX is dropped up to
 * its newline, then the cut is reported with the line's length.
 */
static void
source_filter(struct source *src, size_t from)
{
	char	*nl, *z;
	size_t	 i, j, r;

	if (src->cutting) {
		nl = memchr(src->buf, '\n', src->len);
		i = nl == NULL ? src->len : (size_t)(nl - src->buf) + 1;
		src->cut_len += i - (nl != NULL);	/* its newline: no content */
		source_skip(src, i);
		from = 0;
		if (nl == NULL)
			return;
		source_cut_done(src);
	}
	if (src->raw)
		return;		/* binary data: every byte as it is */
	for (;;) {
		/* buf[0] starts a line: a hole there is skipped. */
		for (i = 0; i < src->len && src->buf[i] == '\0'; i++)
			;
		if (src->nuls > 0 || i >= SOURCE_NUL_RUN) {
			src->nuls += i;
			source_skip(src, i);
			from = 0;
			if (src->len == 0)
				return;		/* still in the hole */
			source_nuls_done(src);
		}
		/* A hole after a newline in the new bytes: lines before it go first. */
		for (j = from > i ? from : i; j < src->len; j = r) {
			z = memchr(src->buf + j, '\0', src->len - j);
			if (z == NULL)
				return;
			j = (size_t)(z - src->buf);
			for (r = j; r < src->len && src->buf[r] == '\0'; r++)
				;
			if (j > 0 && src->buf[j - 1] == '\n' &&
			    (r - j >= SOURCE_NUL_RUN || r == src->len))
				break;
		}
		if (j >= src->len)
			return;
		src->ops.lines(src->ops.arg, src, src->buf, j,
		    src->vbase + src->foff);
		src->foff += j;
		src->len -= j;
		memmove(src->buf, src->buf + j, src->len);
		from = 0;
	}
}

/*
 * A line without a newline reached SOURCE_LINE_MAX: hand over its start as
 * a line of its own and drop the rest as it comes (source_filter), so that
 * memory stays bounded whatever the input.
 */
static void
source_cap(struct source *src)
{
	char	save;

	if (src->len < SOURCE_LINE_MAX || src->cutting)
		return;
	/* The buffer never grows past SOURCE_LINE_MAX + 1: room for the '\n'. */
	save = src->buf[SOURCE_LINE_MAX];
	src->buf[SOURCE_LINE_MAX] = '\n';
	src->ops.lines(src->ops.arg, src, src->buf, SOURCE_LINE_MAX + 1,
	    src->vbase + src->foff);
	src->buf[SOURCE_LINE_MAX] = save;
	/* As in source_flush_partial, the '\n' takes no virtual space. */
	src->foff += SOURCE_LINE_MAX;
	src->len -= SOURCE_LINE_MAX;
	if (src->len > 0)
		memmove(src->buf, src->buf + SOURCE_LINE_MAX, src->len);
	src->cutting = 1;
	src->cut_len = SOURCE_LINE_MAX;
	source_filter(src, 0);
}

/*
 * A stream's read gave 0: its end, unless it is a FIFO opened (without
 * blocking) before any writer came, which reads 0 too but does not poll
 * as hung up: then its writer is still to come.
 */
static int
source_hung_up(struct source *src)
{
	struct pollfd	pfd = { src->fd, POLLIN, 0 };

	if (src->kind == SOURCE_COMMAND)
		return 1;
	return poll(&pfd, 1, 0) != 0;
}

/*
 * Stdin's first read (n bytes at buf[len]): compressed data (`ssh host cat
 * app.log.2.gz | tailor -p -`) is decompressed on a thread from here on,
 * those bytes first, and the source reads the thread's pipe instead.
 * Returns 1 when it is.
 */
static int
source_sniff(struct source *src, size_t n)
{
	enum archive_format	 fmt;
	int			 rfd;

	src->sniffed = 1;
	if (src->len != 0 || src->foff != 0 ||
	    (fmt = archive_detect(src->buf, n)) == ARCHIVE_NONE)
		return 0;
	src->apipe = archive_pipe_start_prefix(src->fd, fmt, src->buf, n, &rfd);
	if (src->apipe == NULL)
		return 0;		/* shown as it is */
	src->fd = rfd;			/* stdin now belongs to the thread */
	return 1;
}

/* Read what is available and hand whole lines over. */
ssize_t
source_read(struct source *src, size_t max)
{
	ssize_t	 n, total = 0;
	size_t	 want;

	if (src->kind == SOURCE_REMOTE)
		return src->remote != NULL ? remote_read(src->remote) : 0;
	if (src->fd == -1)
		return 0;
	for (;;) {
		if (src->len == src->size) {
			/* A line longer than the buffer: grow (up to the cap). */
			src->size = src->size * 2 >= SOURCE_LINE_MAX ?
			    SOURCE_LINE_MAX + 1 : src->size * 2;
			src->buf = xrealloc(src->buf, src->size);
		}
		want = src->size - src->len;
		if (max != 0 && want > max - (size_t)total)
			want = max - (size_t)total;
		n = read(src->fd, src->buf + src->len, want);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return total;
			source_set_state(src, SOURCE_ERROR, strerror(errno));
			return -1;
		}
		if (n == 0) {
			if (src->apipe != NULL)
				source_archive_end(src);
			if (src->kind == SOURCE_FILE && source_next_file(src))
				continue;
			if (src->kind != SOURCE_FILE && source_hung_up(src))
				src->at_end = 1;	/* a pipe's writers are gone */
			return total;
		}
		if (src->kind == SOURCE_STDIN && !src->sniffed &&
		    source_sniff(src, (size_t)n))
			return n;	/* compressed: the text comes through a pipe */
		source_remember(src, src->buf + src->len, (size_t)n);
		src->len += (size_t)n;
		total += n;
		source_filter(src, src->len - (size_t)n);
		source_emit(src);
		source_cap(src);
		if (max != 0 && (size_t)total >= max)
			return total;
		if (src->kind != SOURCE_FILE)
			return total;	/* pipes: one read per wake-up */
	}
}

/* An archive's text ended: join its thread; damage is reported after the text. */
static void
source_archive_end(struct source *src)
{
	char	*cause = NULL;

	if (src->apipe == NULL)
		return;
	if (archive_pipe_finish(src->apipe, &cause) == -1) {
		source_flush_partial(src);
		src->damaged = 1;
		source_set_state(src, SOURCE_ERROR, cause);
		free(cause);
	}
	src->apipe = NULL;
}

/*
 * An archive at fd: replace fd by its text (a pipe or a temporary file).
 * Returns the fd to read, or -1 (state set).
 */
static int
source_open_archive(struct source *src, int fd, enum archive_format fmt)
{
	char	*cause = NULL, *msg;
	int	 rfd, r;

	if (src->flags & SOURCE_STREAM) {
		src->apipe = archive_pipe_start(fd, fmt, &rfd);
		if (src->apipe == NULL) {
			close(fd);
			msg = xasprintf("cannot decompress (%s): %s",
			    archive_format_name(fmt), strerror(errno));
			source_set_state(src, SOURCE_ERROR, msg);
			free(msg);
			return -1;
		}
		src->seekable = 0;
		return rfd;
	}
	r = archive_to_tmpfile(fd, fmt, &rfd, &cause);
	close(fd);
	if (rfd == -1) {
		source_set_state(src, SOURCE_ERROR, cause);
		free(cause);
		return -1;
	}
	if (r == -1) {
		src->damaged = 1;
		source_set_state(src, SOURCE_ERROR, cause);
		free(cause);
	}
	return rfd;
}

/* Open a file (the name, or a rotated predecessor); reports problems. Returns 0 when open. */
static int
source_open_path(struct source *src, const char *path)
{
	struct stat		 st;
	enum archive_format	 fmt;
	int			 fd;
	char			*msg;

	/* Non-blocking: opening a FIFO without a writer must not hang. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			source_set_state(src, SOURCE_WAITING, "waiting for file");
		else {
			msg = xasprintf("cannot open: %s", strerror(errno));
			source_set_state(src, SOURCE_ERROR, msg);
			free(msg);
		}
		return -1;
	}
	if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
		close(fd);
		source_set_state(src, SOURCE_ERROR, S_ISDIR(st.st_mode) ?
		    "is a directory" : strerror(errno));
		return -1;
	}
	src->dev = st.st_dev;
	src->ino = st.st_ino;
	src->seekable = S_ISREG(st.st_mode);
	src->notreg = !S_ISREG(st.st_mode);
	src->damaged = 0;
	if (S_ISREG(st.st_mode) &&
	    (fmt = archive_detect_fd(fd)) != ARCHIVE_NONE &&
	    (fd = source_open_archive(src, fd, fmt)) == -1)
		return -1;
	src->fd = fd;
	return 0;
}

/* Open the file by name; reports waiting / permission problems. Returns 0 when open. */
static int
source_reopen(struct source *src)
{
	return source_open_path(src, src->path);
}

/* Close the current file, handing over its last partial line first. */
static void
source_close_file(struct source *src)
{
	char	*cause = NULL;

	source_flush_partial(src);
	source_cut_done(src);
	source_nuls_done(src);
	if (src->fd != -1)
		close(src->fd);
	src->fd = -1;
	if (src->apipe != NULL) {	/* closed early: the thread stops */
		archive_pipe_finish(src->apipe, &cause);
		free(cause);
		src->apipe = NULL;
	}
}

/*
 * The open file ended: with SOURCE_ROTATED, go on with the next
 * predecessor, or the file at the name after the last one. Returns 1 when
 * a new file is open.
 */
static int
source_next_file(struct source *src)
{
	if (!src->inhist)
		return 0;
	source_close_file(src);
	while (src->ihist < src->nhist) {
		if (source_open_path(src, src->hist[src->ihist++]) == 0) {
			source_new_segment(src, 0);
			if (src->state == SOURCE_WAITING)	/* one went away */
				source_set_state(src, SOURCE_OK, NULL);
			return 1;
		}
	}
	src->inhist = 0;
	if (source_reopen(src) == 0) {
		source_new_segment(src, 0);
		if (src->state == SOURCE_ERROR && !src->damaged)
			source_set_state(src, SOURCE_OK, NULL);
		return 1;
	}
	return 0;
}

/* Open a file source, followed by name. A missing file is waited for. */
struct source *
source_open_file(const char *path, const struct source_ops *ops)
{
	return source_open_flags(SOURCE_FILE, path, ops, 0);
}

/* Open a file source with flags (archives streamed, rotated predecessors). */
static struct source *
source_open_file_flags(const char *path, const struct source_ops *ops, int flags)
{
	struct source	*src = source_new(SOURCE_FILE, path, ops);

	src->flags = flags;
	if (flags & SOURCE_ROTATED)
		src->hist = rotated_list(src->dir, src->base, &src->nhist);
	if (src->nhist > 0) {
		src->inhist = 1;
		if (source_open_path(src, src->hist[src->ihist++]) == 0)
			source_new_segment(src, 0);
		else
			source_next_file(src);
		return src;
	}
	if (source_reopen(src) == 0) {
		/*
		 * A FIFO, <(cmd), a character device or a socket cannot be
		 * followed by name nor read back: it is a stream, read from
		 * the loop like stdin (EAGAIN is "nothing yet", 0 its end).
		 */
		if (src->notreg)
			src->kind = SOURCE_STDIN;
		source_new_segment(src, 0);
	}
	return src;
}

/* Open stdin as a source. */
struct source *
source_open_stdin(const struct source_ops *ops)
{
	struct source	*src = source_new(SOURCE_STDIN, "-", ops);
	struct stat	 st;

	src->fd = dup(STDIN_FILENO);
	if (src->fd == -1)
		source_set_state(src, SOURCE_ERROR, strerror(errno));
	else {
		fcntl(src->fd, F_SETFD, FD_CLOEXEC);
		if (fstat(src->fd, &st) == 0 && S_ISREG(st.st_mode))
			src->seekable = 1;
		source_new_segment(src, 0);
	}
	return src;
}

/* Open a source of any kind: a file path, "-" for stdin, or a command. */
struct source *
source_open(enum source_kind kind, const char *arg, const struct source_ops *ops)
{
	return source_open_flags(kind, arg, ops, 0);
}

/* Open a source of any kind, with flags for files (SOURCE_STREAM, SOURCE_ROTATED). */
struct source *
source_open_flags(enum source_kind kind, const char *arg,
    const struct source_ops *ops, int flags)
{
	switch (kind) {
	case SOURCE_STDIN:
		return source_open_stdin(ops);
	case SOURCE_COMMAND:
		return source_open_command(arg, ops);
	case SOURCE_REMOTE:
		/* cli/main.c hands the ssh command and --print's mode over here. */
		return source_open_remote(arg, getenv(REMOTE_ENV_SSH),
		    getenv(REMOTE_ENV_ONCE) != NULL ?
		    atoi(getenv(REMOTE_ENV_ONCE)) : 0, ops);
	case SOURCE_FILE:
		break;
	}
	return source_open_file_flags(arg, ops, flags);
}

/* Free a source, killing its command if still running. */
void
source_free(struct source *src)
{
	if (src == NULL)
		return;
	remote_free(src->remote);
	if (src->fd != -1)
		close(src->fd);
	source_stop(&src, 1, SOURCE_GRACE_MS);
	if (src->apipe != NULL) {
		char	*cause = NULL;

		archive_pipe_finish(src->apipe, &cause);
		free(cause);
	}
	rotated_free(src->hist, src->nhist);
	while (src->nqueue > 0)
		close(src->queue[--src->nqueue].fd);
	free(src->queue);
	free(src->path);
	free(src->name);
	free(src->dir);
	free(src->base);
	free(src->buf);
	free(src->message);
	free(src);
}

/* Has the content before our offset changed (truncated, maybe rewritten)? */
static int
source_rewritten(struct source *src, const struct stat *st)
{
	unsigned char	tmp[SOURCE_SIG];
	uint64_t	end = src->foff + src->len;
	ssize_t		n;

	if ((uint64_t)st->st_size < end)
		return 1;
	if (src->siglen == 0 || end < src->siglen)
		return 0;
	n = pread(src->fd, tmp, src->siglen, (off_t)(end - src->siglen));
	return n != (ssize_t)src->siglen || memcmp(tmp, src->sig, src->siglen) != 0;
}

/* Restart the open file at offset 0 after a truncation. */
static void
source_restart(struct source *src)
{
	src->len = 0;		/* a partial line of the old content is gone */
	src->cutting = 0;
	src->cut_len = src->nuls = 0;
	lseek(src->fd, 0, SEEK_SET);
	source_new_segment(src, 1);
	/* Report after the segment starts, so the note sorts before new lines. */
	src->state = SOURCE_OK;
	source_set_state(src, SOURCE_TRUNCATED, "file truncated");
}

/* Read everything available now from a file (to its current end). */
static int
source_drain(struct source *src)
{
	ssize_t	n;
	int	got = 0;

	while ((n = source_read(src, 0)) > 0)
		got = 1;
	return got;
}

/*
 * Read the queued files (rotated away before we could open them by name),
 * oldest first. One that is the file now at the name (pst) stays open as
 * the current file; the others are read to their end and closed.
 */
static void
source_read_queue(struct source *src, const struct stat *pst)
{
	struct source_queued	 q;
	size_t			 i;

	for (i = 0; i < src->nqueue; i++) {
		q = src->queue[i];
		src->fd = q.fd;
		src->dev = q.dev;
		src->ino = q.ino;
		src->seekable = 1;
		source_new_segment(src, 0);
		source_set_state(src, SOURCE_REPLACED, "file replaced");
		source_drain(src);
		if (q.dev == pst->st_dev && q.ino == pst->st_ino &&
		    i + 1 == src->nqueue)
			break;		/* the current file: keep it open */
		source_close_file(src);
	}
	src->nqueue = 0;
}

/*
 * The follower saw a file that held this source's name be renamed to
 * `path` before it could be opened: open it now, so its lines are read in
 * order at the next check. Files already open or queued are ignored.
 */
void
source_queue_file(struct source *src, const char *path)
{
	struct stat	st;
	size_t		i;
	int		fd;

	if (src->kind != SOURCE_FILE)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1)
		return;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (src->fd != -1 && st.st_dev == src->dev && st.st_ino == src->ino)) {
		close(fd);
		return;
	}
	for (i = 0; i < src->nqueue; i++)
		if (src->queue[i].dev == st.st_dev && src->queue[i].ino == st.st_ino) {
			close(fd);
			return;
		}
	src->queue = xreallocarray(src->queue, src->nqueue + 1, sizeof *src->queue);
	src->queue[src->nqueue].fd = fd;
	src->queue[src->nqueue].dev = st.st_dev;
	src->queue[src->nqueue].ino = st.st_ino;
	src->nqueue++;
}

/* React to a follower event or poll tick: read, then check the name. */
int
source_check(struct source *src)
{
	struct stat	 st, pst;
	int		 changed = 0, r;
	char		*msg;

	if (src->kind != SOURCE_FILE)
		return source_read(src, 0) > 0;

	if (src->fd != -1) {
		if (fstat(src->fd, &st) == 0 && src->seekable &&
		    source_rewritten(src, &st)) {
			source_restart(src);
			changed = 1;
		}
		changed |= source_drain(src);
	}
	if (src->inhist)
		return changed;		/* still reading the predecessors */

	r = stat(src->path, &pst);
	if (r == -1) {
		if (errno == ENOENT || errno == ENOTDIR) {
			if (src->fd != -1) {
				if (src->state != SOURCE_DELETED)
					source_set_state(src, SOURCE_DELETED,
					    "file deleted");
			} else
				source_set_state(src, SOURCE_WAITING,
				    "waiting for file");
		} else {
			msg = xasprintf("cannot stat: %s", strerror(errno));
			source_set_state(src, SOURCE_ERROR, msg);
			free(msg);
		}
		return changed;
	}

	if (src->fd != -1 && (pst.st_dev != src->dev || pst.st_ino != src->ino)) {
		/* Another file has the name: the old one is finished (drained above). */
		source_close_file(src);
		source_read_queue(src, &pst);
		if (src->fd != -1)
			return 1;	/* the last queued file is the one at the name */
		if (source_reopen(src) == 0) {
			source_new_segment(src, 0);
			source_set_state(src, SOURCE_REPLACED, "file replaced");
			source_drain(src);
			source_set_state(src, SOURCE_OK, NULL);
		}
		return 1;
	}
	if (src->fd == -1) {
		if (source_reopen(src) == 0) {
			int	was = src->state;

			source_new_segment(src, 0);
			source_set_state(src, SOURCE_OK,
			    was == SOURCE_ERROR ? "readable again" : "file appeared");
			source_drain(src);
			return 1;
		}
		return changed;
	}
	/* A permission change on the open file: report when reopening would fail. */
	if (access(src->path, R_OK) == -1 && errno == EACCES)
		source_set_state(src, SOURCE_ERROR, "permission denied");
	else if (src->damaged)
		;			/* the note on the damage stays */
	else if (src->state == SOURCE_DELETED || src->state == SOURCE_ERROR ||
	    (src->state != SOURCE_OK && changed))
		source_set_state(src, SOURCE_OK, src->state == SOURCE_ERROR ?
		    "readable again" : NULL);
	return changed;
}

/* Start reading a file at this byte offset (the lines before are skipped). */
int
source_seek(struct source *src, uint64_t offset)
{
	if (src->fd == -1 || !src->seekable)
		return -1;
	if (lseek(src->fd, (off_t)offset, SEEK_SET) == -1)
		return -1;
	/* vbase stays: the virtual offset of a byte is vbase + its file offset. */
	src->foff = offset;
	src->len = 0;
	src->siglen = 0;
	return 0;
}

/* Binary data: hand every byte over, NUL runs included (no hole skipping). */
void
source_set_raw(struct source *src)
{
	src->raw = 1;
}

/* Has a pipe source reached its end (its last writer closed it)? */
int
source_at_end(const struct source *src)
{
	if (src->kind == SOURCE_REMOTE)	/* SOURCE_ERROR: maybe reconnecting */
		return src->remote == NULL || remote_done(src->remote);
	return src->at_end || src->state == SOURCE_ERROR;
}

/*
 * Sleep until a pipe source is readable (or at its end). Pipes are
 * non-blocking, so a reader that wants to go on to the end -- --print
 * without -f -- waits here instead of taking "nothing yet" for the end.
 */
void
source_wait(struct source *src)
{
	struct pollfd	pfd;

	if (src->fd == -1 || src->kind == SOURCE_FILE)
		return;
	pfd.fd = src->fd;
	pfd.events = POLLIN;
	while (poll(&pfd, 1, -1) == -1 && errno == EINTR)
		;
}

/* Process id of a command source, or -1. */
pid_t
source_pid(const struct source *src)
{
	return src->exited ? -1 : src->pid;
}

enum source_kind
source_kind(const struct source *src)
{
	return src->kind;
}

const char *
source_path(const struct source *src)
{
	return src->path;
}

const char *
source_name(const struct source *src)
{
	return src->name;
}

enum source_state
source_state(const struct source *src)
{
	return src->state;
}

const char *
source_state_message(const struct source *src)
{
	return src->message;
}

/* Short text for the current state, for pane titles. */
const char *
source_state_text(const struct source *src)
{
	if (src->kind == SOURCE_REMOTE)	/* the connection's state: "resumed"... */
		return src->message != NULL ? src->message : "";
	switch (src->state) {
	case SOURCE_OK:
		return "";
	case SOURCE_WAITING:
		return "waiting for file";
	case SOURCE_TRUNCATED:
		return "truncated";
	case SOURCE_REPLACED:
		return "rotated";
	case SOURCE_DELETED:
		return "deleted";
	case SOURCE_ERROR:
	case SOURCE_EOF:
		return src->message != NULL ? src->message : "error";
	}
	return "";
}

/* fd to poll for stdin and commands; files are driven by the follower. */
int
source_pollfd(const struct source *src)
{
	if (src->kind == SOURCE_REMOTE)
		return src->remote != NULL ? remote_pollfd(src->remote) : -1;
	return src->kind == SOURCE_FILE ? -1 : src->fd;
}

void
source_set_index(struct source *src, int index)
{
	src->index = index;
}

int
source_index(const struct source *src)
{
	return src->index;
}

/* Size of the open file, or bytes seen for pipes. */
uint64_t
source_size(const struct source *src)
{
	struct stat	st;

	if (src->fd != -1 && src->seekable && fstat(src->fd, &st) == 0)
		return (uint64_t)st.st_size;
	return src->foff + src->len;
}

/* Virtual offset of the next byte to hand over. */
uint64_t
source_voff(const struct source *src)
{
	return src->vbase + src->foff;
}

int
source_fd(const struct source *src)
{
	return src->fd;
}

/* Files this source spans: its rotated predecessors and itself. */
size_t
source_nfiles(const struct source *src)
{
	return src->nhist + 1;
}

/* Is the open fd a file that can be read again (pread), not a pipe? */
int
source_seekable(const struct source *src)
{
	return src->fd != -1 && src->seekable;
}

const char *
source_dir(const struct source *src)
{
	return src->dir;
}

const char *
source_base(const struct source *src)
{
	return src->base;
}

/* Close a pipe source at end of input (called by the owner on EOF). */
void
source_close(struct source *src)
{
	if (src->kind == SOURCE_REMOTE) {
		source_flush_partial(src);
		if (src->remote != NULL)
			remote_stop(src->remote);
		return;
	}
	if (src->fd != -1 && src->kind != SOURCE_FILE) {
		source_flush_partial(src);
		source_cut_done(src);
		source_nuls_done(src);
		close(src->fd);
		src->fd = -1;
		if (src->kind == SOURCE_STDIN && !src->damaged)
			source_set_state(src, SOURCE_EOF, "end of input");
	}
}

/* Follow an ssh:// URL (input/remote.c does the connection). */
struct source *
source_open_remote(const char *url, const char *ssh, int once,
    const struct source_ops *ops)
{
	struct source	*src = source_new(SOURCE_REMOTE, url, ops);
	char		*cause = NULL;

	source_new_segment(src, 0);
	src->remote = remote_create(src, url, ssh, once, &cause);
	src->name = xstrdup(src->remote != NULL ? remote_title(src->remote) : url);
	if (src->remote == NULL) {
		source_set_state(src, SOURCE_ERROR, cause);
		free(cause);
	}
	return src;
}

/* Bytes of the current remote file: append and hand whole lines over. */
void
source_feed(struct source *src, const char *p, size_t n)
{
	while (src->size - src->len < n) {
		src->size *= 2;
		src->buf = xrealloc(src->buf, src->size);
	}
	memcpy(src->buf + src->len, p, n);
	src->len += n;
	source_emit(src);
}

/* The remote file was truncated (restart at 0) or another file follows it. */
void
source_restart_remote(struct source *src, int truncated)
{
	if (truncated)
		src->len = 0;	/* a partial line of the old content is gone */
	else
		source_flush_partial(src);
	source_new_segment(src, truncated);
}

/* A state change reported by input/remote.c. */
void
source_note(struct source *src, enum source_state state, const char *msg)
{
	if (state == SOURCE_TRUNCATED || state == SOURCE_REPLACED)
		src->state = SOURCE_OK;	/* each one is reported */
	source_set_state(src, state, msg);
}
