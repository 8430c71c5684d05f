/* source.h: one input (a followed file, stdin, or a shell command's output). */
#ifndef SOURCE_H
#define SOURCE_H

#define SOURCE_GRACE_MS		500	/* SIGTERM to SIGKILL when quitting */
#define SOURCE_GROUPS_MAX	64	/* commands tracked for source_kill_all */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * A source reads bytes in large blocks with read() (never mmap) and hands
 * complete lines to its consumer: every call of the `lines` callback gets a
 * buffer that ends just after a '\n', and the virtual offset of its first
 * byte. Virtual offsets grow monotonically across rotations and
 * truncations, so every byte ever read has one address (struct lstore maps
 * them back to a file and an offset).
 *
 * A last line without a newline is held until its newline comes, or until
 * source_flush_partial() is called after a quiet period (as tail does), or
 * at the end of a non-followed input.
 *
 * Files are followed by name like tail -F (see follow.c): the source only
 * knows how to reopen and compare itself; the follower tells it when.
 */

enum source_kind {
	SOURCE_FILE,
	SOURCE_STDIN,
	SOURCE_COMMAND,
	SOURCE_REMOTE		/* ssh://[USER@]HOST[:PORT]/PATH (input/remote.c) */
};

enum source_state {
	SOURCE_OK = 0,
	SOURCE_WAITING,		/* file does not exist (yet) */
	SOURCE_TRUNCATED,	/* shrank below the read offset; restarted at 0 */
	SOURCE_REPLACED,	/* rotated: a new file took the name */
	SOURCE_DELETED,		/* the name went away; still reading the old file */
	SOURCE_ERROR,		/* cannot read (permission denied, I/O error) */
	SOURCE_EOF,		/* stdin closed / command exited */
};

struct source;

/* Consumer of lines: buf holds whole lines, each ending in '\n' (CR kept). */
typedef void (*source_lines_fn)(void *arg, struct source *, const char *buf,
    size_t len, uint64_t voff);
/* Consumer of state changes (for the pane title or stderr). */
typedef void (*source_event_fn)(void *arg, struct source *, enum source_state,
    const char *message);
/* A new segment starts at this virtual offset (file reopened / truncated). */
typedef void (*source_segment_fn)(void *arg, struct source *, uint64_t voff,
    int fd, int reset);

struct source_ops {
	source_lines_fn		 lines;
	source_event_fn		 event;
	source_segment_fn	 segment;	/* may be NULL */
	void			*arg;
};

/*
 * Compressed files (gzip, zstd, bzip2, xz, by content) are read as their
 * text: with SOURCE_STREAM decompressed on a thread into a pipe (bounded
 * memory, no pread: --print), else into an unlinked temporary file that
 * the consumer may pread like any file (the TUI). See input/archive.c.
 * SOURCE_ROTATED: a file source first reads its rotated predecessors
 * (NAME.N[.gz...], NAME-YYYYMMDD[.gz...], oldest first; input/rotated.c),
 * one segment each, then the file itself, followed.
 */
#define SOURCE_STREAM	0x1
#define SOURCE_ROTATED	0x2

/* Open by kind: a file path, stdin (arg ignored) or a shell command. */
struct source	*source_open(enum source_kind, const char *arg,
		     const struct source_ops *);
/* The same with flags (SOURCE_STREAM, SOURCE_ROTATED: above). */
struct source	*source_open_flags(enum source_kind, const char *arg,
		     const struct source_ops *, int flags);
struct source	*source_open_file(const char *path, const struct source_ops *);
struct source	*source_open_stdin(const struct source_ops *);
struct source	*source_open_command(const char *cmd, const struct source_ops *);
/* An ssh:// URL through the ssh command ssh; once: 1 read to the end, 0 follow, 2 follow from the tail. */
struct source	*source_open_remote(const char *url, const char *ssh, int once,
		     const struct source_ops *);
void		 source_free(struct source *);

/* Kind, name as given, display name, state and its message. */
enum source_kind	 source_kind(const struct source *);
const char		*source_path(const struct source *);
const char		*source_name(const struct source *);
enum source_state	 source_state(const struct source *);
const char		*source_state_message(const struct source *);
/* Short text for the state ("waiting for file", "truncated", "exited 1"...). */
const char		*source_state_text(const struct source *);

/* fd to poll for input (stdin, command pipe), or -1 for files. */
int		 source_pollfd(const struct source *);
/* Index in the app's source table (set by the owner). */
void		 source_set_index(struct source *, int);
int		 source_index(const struct source *);

/*
 * Read what is available (up to `max` bytes; 0 = no limit) and hand lines to
 * the consumer. Returns bytes read, 0 at end of data for now, -1 on error
 * (state set). For files, a file that shrank is detected here too.
 */
ssize_t		 source_read(struct source *, size_t max);
/*
 * Called by the follower on any event for this source (or on each poll
 * tick): read the current file to its end, then check the name (rotation,
 * deletion, truncation, a file that appeared, permission changes).
 * Returns 1 when something changed or was read.
 */
int		 source_check(struct source *);
/* A file that held the name was renamed to path before a check: read it in order. */
void		 source_queue_file(struct source *, const char *path);
/* Hand over a pending partial line (no newline yet) as if it were complete. */
int		 source_flush_partial(struct source *);
/* Bytes of a held partial line. */
size_t		 source_partial_len(const struct source *);
/* The held partial line (valid until the next read) and its virtual offset. */
const char	*source_partial(const struct source *, size_t *len, uint64_t *voff);
/* Start reading a file at this byte offset (for -n and the TUI's tail-first load). */
int		 source_seek(struct source *, uint64_t offset);
/* Current file size (files) or bytes read. */
uint64_t	 source_size(const struct source *);
/* Virtual offset of the next byte to be handed over. */
uint64_t	 source_voff(const struct source *);
/* Open fd of the current file (-1 when none): for pread by the line store. */
int		 source_fd(const struct source *);
/* Close a pipe source at end of input (flushes a partial last line). */
void		 source_close(struct source *);
/* For commands: reap the child if it exited; returns 1 when it did. */
int		 source_reap(struct source *, pid_t pid, int status);
pid_t		 source_pid(const struct source *);
/* Binary data: NUL runs are bytes to pass on, not holes to skip. */
void		 source_set_raw(struct source *);
/* Has a pipe source reached its end of file (or an error)? */
int		 source_at_end(const struct source *);
/* Sleep until a pipe source is readable or at its end (files: return). */
void		 source_wait(struct source *);
/*
 * End the commands among srcs[0..n) and their background children: SIGTERM
 * to each process group, grace_ms to go, then SIGKILL; reaped, status kept.
 */
void		 source_stop(struct source **srcs, size_t n, int grace_ms);
/* Signal every running command's process group (async-signal-safe). */
void		 source_kill_all(int sig);
/* Files this source reads (its rotated predecessors and itself). */
size_t		 source_nfiles(const struct source *);
/* Can the open fd be read again with pread (not a pipe)? */
int		 source_seekable(const struct source *);
/* Directory and base name of the followed path (for inotify). */
const char	*source_dir(const struct source *);
const char	*source_base(const struct source *);

/* For input/remote.c: bytes of the current remote file, in order. */
void		 source_feed(struct source *, const char *, size_t);
/* For input/remote.c: the remote file changed (truncated: reset, else a new file). */
void		 source_restart_remote(struct source *, int truncated);
/* For input/remote.c: a state change with its message. */
void		 source_note(struct source *, enum source_state, const char *);

#endif
