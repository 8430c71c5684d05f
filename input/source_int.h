/*
 * source_int.h: struct source, shared by source.c (reading, following,
 * archives, rotated sets, remote sources) and command.c (commands and
 * their process groups); not for other files.
 */
#ifndef SOURCE_INT_H
#define SOURCE_INT_H

#include <sys/types.h>

#include "source.h"

struct archive_pipe;
struct remote;

#define SOURCE_BLOCK	(256 * 1024)	/* bytes per read() */
#define SOURCE_SIG	64		/* bytes remembered to detect rewrites */
#define SOURCE_LINE_MAX	(64 * 1024 * 1024)	/* a longer line is cut */
#define SOURCE_NUL_RUN	4096		/* NULs at a line start: a hole, skipped */

struct source {
	enum source_kind	 kind;
	char			*path;		/* as given ("-" for stdin, the command) */
	char			*name;		/* display name */
	char			*dir;		/* directory of path (files) */
	char			*base;		/* last component of path (files) */
	int			 index;

	int			 fd;		/* current file / pipe, -1 if none */
	dev_t			 dev;		/* identity of the open file */
	ino_t			 ino;
	uint64_t		 foff;		/* file offset of buf[0] */
	uint64_t		 vbase;		/* virtual offset of file offset 0 */
	int			 seekable;
	int			 notreg;	/* the file opened is no regular file */

	char			*buf;
	size_t			 size;
	size_t			 len;		/* bytes held (a partial line) */

	unsigned char		 sig[SOURCE_SIG];	/* bytes before foff+len */
	size_t			 siglen;

	enum source_state	 state;
	char			*message;
	pid_t			 pid;		/* command child, its process group too */
	int			 exited;	/* command reaped */
	int			 group;		/* slot in source_groups, or -1 */
	int			 stopped;	/* source_stop ended its group */
	int			 at_end;	/* a pipe read gave end of file */

	int			 cutting;	/* dropping the rest of a long line */
	uint64_t		 cut_len;	/* that line's length so far */
	uint64_t		 nuls;		/* NULs of a hole skipped so far */
	int			 raw;		/* binary: NUL runs are data, not holes */

	struct source_ops	 ops;
	int			 flags;		/* SOURCE_STREAM, SOURCE_ROTATED */

	struct archive_pipe	*apipe;		/* decompressing into fd (a pipe) */
	int			 damaged;	/* an archive ended in damage */
	char			**hist;		/* rotated predecessors, oldest first */
	size_t			 nhist;
	size_t			 ihist;		/* next one to open */
	int			 inhist;	/* fd is a predecessor */
	int			 sniffed;	/* stdin: its first bytes were looked at */
	struct remote		*remote;	/* SOURCE_REMOTE */

	/*
	 * Files that held the name after the open one and were renamed away
	 * before a check could open them by name (two rotations between two
	 * looks): the follower found them through inotify's rename cookies and
	 * opened them; they are read, in order, before the file now at the name.
	 */
	struct source_queued {
		int	fd;
		dev_t	dev;
		ino_t	ino;
	}			*queue;
	size_t			 nqueue;
};

/* Allocate a source with no input yet. */
struct source	*source_new(enum source_kind, const char *path,
		    const struct source_ops *);
/* Set the state and tell the consumer. */
void		 source_set_state(struct source *, enum source_state,
		    const char *msg);
/* A new segment of the virtual stream starts at the current offset. */
void		 source_new_segment(struct source *, int reset);

#endif
