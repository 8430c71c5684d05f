/* archive.h: compressed inputs (gzip, zstd, bzip2, xz) recognised by content. */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum archive_format {
	ARCHIVE_NONE = 0,
	ARCHIVE_GZIP,
	ARCHIVE_ZSTD,
	ARCHIVE_BZIP2,
	ARCHIVE_XZ
};

/* Bytes of a file's start archive_detect needs to decide. */
#define ARCHIVE_MAGIC	6

struct archive;
struct archive_pipe;

/* The format whose magic bytes start buf, or ARCHIVE_NONE. */
enum archive_format	 archive_detect(const void *buf, size_t len);
/* The format of a regular file open at fd (read with pread at 0). */
enum archive_format	 archive_detect_fd(int fd);
/* "gzip", "zstd", "bzip2", "xz" or "plain". */
const char		*archive_format_name(enum archive_format);

/*
 * A streaming decoder reading fd (from its current offset; not closed by
 * archive_free). archive_read fills out with decompressed text: returns
 * bytes (> 0), 0 at the clean end, -1 on damage or a read error, after
 * every byte decoded before the damage was returned; archive_error then
 * says what ("corrupt at byte N", N the offset in the compressed file).
 */
struct archive		*archive_create(int fd, enum archive_format);
ssize_t			 archive_read(struct archive *, char *out, size_t size);
const char		*archive_error(const struct archive *);
/* Compressed bytes consumed so far, decompressed bytes produced so far. */
uint64_t		 archive_in(const struct archive *);
uint64_t		 archive_out(const struct archive *);
void			 archive_free(struct archive *);

/*
 * Decompress the whole archive at fd into an unlinked temporary file in
 * $TMPDIR (or /tmp) and return its fd (offset 0). Free space is checked
 * as it grows (a reserve of ARCHIVE_TMP_RESERVE is kept). On damage or a
 * full disk, *tmpfd holds what was decompressed before it, *cause says
 * what went wrong and -1 is returned; when no file could be made at all,
 * *tmpfd is -1.
 */
#define ARCHIVE_TMP_RESERVE	(256ULL * 1024 * 1024)
int			 archive_to_tmpfile(int fd, enum archive_format,
			     int *tmpfd, char **cause);

/*
 * Decompress on a thread of its own into a pipe whose read end is
 * returned in *rfd (the caller reads it, and closes it when done, maybe
 * early: the thread then stops). fd belongs to the thread from now on.
 * archive_pipe_finish joins the thread: 0, or -1 with *cause.
 */
struct archive_pipe	*archive_pipe_start(int fd, enum archive_format, int *rfd);
/* The same for a pipe whose first bytes were already read (at most 256 KB). */
struct archive_pipe	*archive_pipe_start_prefix(int fd, enum archive_format,
			     const void *prefix, size_t len, int *rfd);
int			 archive_pipe_finish(struct archive_pipe *, char **cause);

#endif
