/*
 * archive.c: compressed inputs (gzip, zstd, bzip2, xz), recognised by
 * their magic bytes, never by their name.
 *
 * struct archive is a pull decoder over an fd: it owns a 256 KB input
 * buffer and one library stream (zlib, libzstd, libbz2 or liblzma), and
 * archive_read() fills the caller's buffer. Concatenated streams are one
 * text, as zcat, zstdcat, bzcat and xzcat print them: gzip members (and
 * zero padding after them), zstd frames (and skippable frames), bzip2
 * streams, xz streams. Every format runs the same loop: hand the decoder
 * what input there is (none at end of file) and, when it makes no
 * progress, read more; at end of file with a stream still open the
 * archive is truncated. Damage is reported after every byte decoded before
 * it was handed out: the read that meets it returns what it has, the next
 * returns -1, and archive_error() says "corrupt at byte N" (N, the offset
 * in the compressed file where the decoder stopped; "(truncated)" when the
 * file just ends).
 *
 * Two ways to give the rest of tailor ordinary bytes:
 *
 *  - archive_pipe_start(): a thread decompresses into a pipe (1 MB of pipe
 *    buffer), so --print reads a pipe as it reads stdin, filters on its own
 *    thread while the next block decompresses, and memory stays bounded
 *    (the pipe plus two 256 KB buffers) whatever the size. The thread
 *    blocks every signal; a reader that stops early closes its end and the
 *    thread ends on EPIPE.
 *
 *  - archive_to_tmpfile(): for the TUI, which reads any part of a file
 *    again with pread (the last screen first, the head indexed in the
 *    background, records drawn from the file). The text goes to an
 *    unlinked file in $TMPDIR (O_TMPFILE, else mkstemp + unlink): it costs
 *    disk equal to the decompressed size and no memory, and it disappears
 *    with the fd, even after a crash. Free space is checked every 64 MB
 *    and a reserve is kept: a full $TMPDIR ends the text early with a
 *    clear cause, never fills the disk.
 */
#include "archive.h"

#include <bzlib.h>
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/xmalloc.h"

#define ARCHIVE_INBUF	(256 * 1024)	/* compressed bytes per read() */
#define ARCHIVE_OUTBUF	(256 * 1024)	/* decompressed bytes per write() */
#define ARCHIVE_PIPE_SZ	(1024 * 1024)	/* pipe buffer asked for */
#define ARCHIVE_ZSTEP	(4 * 1024)	/* zstd input per call */
#define ARCHIVE_CHECK	(64ULL * 1024 * 1024)	/* free-space check interval */

struct archive {
	enum archive_format	 fmt;
	int			 fd;
	unsigned char		*in;
	size_t			 inlen;		/* bytes in `in` */
	size_t			 inpos;		/* bytes of `in` consumed */
	uint64_t		 inoff;		/* file offset of in[0] */
	int			 eof;		/* read() returned 0 */
	int			 open;		/* a stream / member is open */
	int			 started;	/* the library stream is initialised */
	int			 failed;	/* error set: the next read returns -1 */
	int			 done;		/* clean end reached */
	int			 streams;	/* streams / members started */
	char			*error;
	uint64_t		 out;		/* decompressed bytes handed out */
	uint64_t		 zlast;		/* zstd: last return (0: frame ended) */
	z_stream		 z;
	ZSTD_DStream		*zs;
	bz_stream		 bz;
	lzma_stream		 lz;
};

/* The format whose magic bytes start buf, or ARCHIVE_NONE. */
enum archive_format
archive_detect(const void *buf, size_t len)
{
	const unsigned char	*p = buf;

	if (len >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
		return ARCHIVE_GZIP;
	if (len >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f &&
	    p[3] == 0xfd)
		return ARCHIVE_ZSTD;
	/* A zstd skippable frame: 0x184D2A5? little-endian. */
	if (len >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d &&
	    p[3] == 0x18)
		return ARCHIVE_ZSTD;
	if (len >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' &&
	    p[3] >= '1' && p[3] <= '9')
		return ARCHIVE_BZIP2;
	if (len >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		return ARCHIVE_XZ;
	return ARCHIVE_NONE;
}

/* The format of a regular file at fd (its first bytes, read with pread). */
enum archive_format
archive_detect_fd(int fd)
{
	unsigned char	buf[ARCHIVE_MAGIC];
	struct stat	st;
	ssize_t		n;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return ARCHIVE_NONE;
	do
		n = pread(fd, buf, sizeof buf, 0);
	while (n == -1 && errno == EINTR);
	if (n <= 0)
		return ARCHIVE_NONE;
	return archive_detect(buf, (size_t)n);
}

/* Name of a format, for messages. */
const char *
archive_format_name(enum archive_format fmt)
{
	switch (fmt) {
	case ARCHIVE_GZIP:
		return "gzip";
	case ARCHIVE_ZSTD:
		return "zstd";
	case ARCHIVE_BZIP2:
		return "bzip2";
	case ARCHIVE_XZ:
		return "xz";
	case ARCHIVE_NONE:
		break;
	}
	return "plain";
}

/* A decoder over fd. */
struct archive *
archive_create(int fd, enum archive_format fmt)
{
	struct archive	*a = xcalloc(1, sizeof *a);

	a->fmt = fmt;
	a->fd = fd;
	a->in = xmalloc(ARCHIVE_INBUF);
	return a;
}

/* Record the damage (once); the read in progress still returns its bytes. */
static void
archive_fail(struct archive *a, const char *why)
{
	uint64_t	at = a->inoff + a->inpos;

	if (a->failed)
		return;
	a->failed = 1;
	if (why != NULL)
		a->error = xasprintf("corrupt at byte %llu (%s)",
		    (unsigned long long)at, why);
	else
		a->error = xasprintf("corrupt at byte %llu", (unsigned long long)at);
}

/* Read more input once the buffer is used up. Returns 1 when some came. */
static int
archive_fill(struct archive *a)
{
	ssize_t	n;

	if (a->eof)
		return 0;
	if (a->inpos < a->inlen)
		return 1;
	a->inoff += a->inlen;
	a->inlen = a->inpos = 0;
	do
		n = read(a->fd, a->in, ARCHIVE_INBUF);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		if (!a->failed) {
			a->failed = 1;
			a->error = xasprintf("read error at byte %llu: %s",
			    (unsigned long long)a->inoff, strerror(errno));
		}
		a->eof = 1;
		return 0;
	}
	if (n == 0) {
		a->eof = 1;
		return 0;
	}
	a->inlen = (size_t)n;
	return 1;
}

/*
 * Between streams: skip what may follow a stream (zero padding after a
 * gzip member); 1 when a new stream starts at the read position, 0 at a
 * clean end, -1 (failed) on trailing garbage.
 */
static int
archive_next_stream(struct archive *a)
{
	for (;;) {
		if (a->inpos == a->inlen && !archive_fill(a))
			return a->failed ? -1 : 0;
		if (a->fmt == ARCHIVE_GZIP && a->in[a->inpos] == 0) {
			a->inpos++;
			continue;
		}
		break;
	}
	if ((a->fmt == ARCHIVE_GZIP && a->in[a->inpos] == 0x1f) ||
	    (a->fmt == ARCHIVE_BZIP2 && a->in[a->inpos] == 'B'))
		return 1;
	archive_fail(a, "trailing garbage");
	return -1;
}

/*
 * One decoder step over the buffered input. Sets *ended when a stream
 * ended; returns 0, or -1 on damage.
 */
static int
archive_step(struct archive *a, char *out, size_t size, size_t *produced,
    int *ended)
{
	size_t	avail = a->inlen - a->inpos;
	int	r;

	*ended = 0;
	*produced = 0;
	switch (a->fmt) {
	case ARCHIVE_GZIP:
		a->z.next_in = a->in + a->inpos;
		a->z.avail_in = (uInt)avail;
		a->z.next_out = (unsigned char *)out;
		a->z.avail_out = (uInt)size;
		r = inflate(&a->z, Z_NO_FLUSH);
		a->inpos += avail - a->z.avail_in;
		*produced = size - a->z.avail_out;
		if (r == Z_STREAM_END) {
			*ended = 1;
			inflateReset(&a->z);
		} else if (r != Z_OK && r != Z_BUF_ERROR)
			return -1;
		return 0;
	case ARCHIVE_ZSTD: {
		/* Small steps: a damaged block is placed closer. */
		ZSTD_inBuffer	ib = { a->in + a->inpos,
				    avail < ARCHIVE_ZSTEP ? avail : ARCHIVE_ZSTEP, 0 };
		ZSTD_outBuffer	ob = { out, size, 0 };
		size_t		zr;

		zr = ZSTD_decompressStream(a->zs, &ob, &ib);
		if (ZSTD_isError(zr))
			return -1;
		a->inpos += ib.pos;
		*produced = ob.pos;
		if (ib.pos > 0 || ob.pos > 0)
			a->zlast = zr;	/* 0: a frame ended here */
		return 0;
	}
	case ARCHIVE_BZIP2:
		a->bz.next_in = (char *)(a->in + a->inpos);
		a->bz.avail_in = (unsigned int)avail;
		a->bz.next_out = out;
		a->bz.avail_out = (unsigned int)size;
		r = BZ2_bzDecompress(&a->bz);
		a->inpos += avail - a->bz.avail_in;
		*produced = size - a->bz.avail_out;
		if (r == BZ_STREAM_END) {
			*ended = 1;
			BZ2_bzDecompressEnd(&a->bz);
			a->started = 0;
		} else if (r != BZ_OK)
			return -1;
		return 0;
	case ARCHIVE_XZ: {
		lzma_ret	lr;

		a->lz.next_in = a->in + a->inpos;
		a->lz.avail_in = avail;
		a->lz.next_out = (uint8_t *)out;
		a->lz.avail_out = size;
		lr = lzma_code(&a->lz, a->eof ? LZMA_FINISH : LZMA_RUN);
		a->inpos += avail - a->lz.avail_in;
		*produced = size - a->lz.avail_out;
		if (lr == LZMA_STREAM_END)
			*ended = 1;
		else if (lr != LZMA_OK && lr != LZMA_BUF_ERROR)
			return -1;
		return 0;
	}
	case ARCHIVE_NONE:
		break;
	}
	return -1;
}

/* Start the library stream (once, or per member for bzip2). Returns 0 / -1. */
static int
archive_start(struct archive *a)
{
	if (a->started)
		return 0;
	switch (a->fmt) {
	case ARCHIVE_GZIP:
		if (inflateInit2(&a->z, 15 + 16) != Z_OK)
			return -1;
		break;
	case ARCHIVE_ZSTD:
		if ((a->zs = ZSTD_createDStream()) == NULL)
			return -1;
		ZSTD_initDStream(a->zs);
		break;
	case ARCHIVE_BZIP2:
		memset(&a->bz, 0, sizeof a->bz);
		if (BZ2_bzDecompressInit(&a->bz, 0, 0) != BZ_OK)
			return -1;
		break;
	case ARCHIVE_XZ: {
		lzma_stream	init = LZMA_STREAM_INIT;

		a->lz = init;
		if (lzma_stream_decoder(&a->lz, UINT64_MAX,
		    LZMA_CONCATENATED) != LZMA_OK)
			return -1;
		break;
	}
	case ARCHIVE_NONE:
		return -1;
	}
	a->started = 1;
	return 0;
}

/* Decompress into out; > 0 bytes, 0 at the clean end, -1 on damage. */
ssize_t
archive_read(struct archive *a, char *out, size_t size)
{
	size_t	got = 0, produced = 0, before;
	int	ended, last_try = 0;

	while (got < size && !a->done && !a->failed) {
		if (!a->open) {
			/* gzip members and bzip2 streams restart the decoder. */
			if (a->streams > 0 && archive_next_stream(a) <= 0)
				break;
			if (archive_start(a) == -1) {
				archive_fail(a, "cannot start the decoder");
				break;
			}
			a->open = 1;
			a->streams++;
		}
		if (a->inpos == a->inlen)
			archive_fill(a);
		before = a->inpos;
		if (archive_step(a, out + got, size - got, &produced,
		    &ended) == -1) {
			got += produced;
			archive_fail(a, NULL);
			break;
		}
		got += produced;
		if (ended) {
			a->open = 0;
			if (a->fmt == ARCHIVE_XZ)
				a->done = 1;	/* every stream, at end of file */
			continue;
		}
		if (produced > 0 || a->inpos != before) {
			last_try = 0;
			continue;
		}
		/* No progress: more input, one last call at the end, or the end. */
		if (archive_fill(a))
			continue;
		if (a->failed)
			break;
		if (!last_try) {
			last_try = 1;
			continue;
		}
		if (a->fmt == ARCHIVE_ZSTD && a->zlast == 0)
			a->done = 1;	/* the last frame is complete */
		else
			archive_fail(a, "truncated");
	}
	a->out += got;
	if (got == 0 && a->failed)
		return -1;
	return (ssize_t)got;
}

/* What went wrong, or NULL. */
const char *
archive_error(const struct archive *a)
{
	return a->error;
}

/* Compressed bytes consumed. */
uint64_t
archive_in(const struct archive *a)
{
	return a->inoff + a->inpos;
}

/* Decompressed bytes produced. */
uint64_t
archive_out(const struct archive *a)
{
	return a->out;
}

/* Free a decoder (its fd stays open). */
void
archive_free(struct archive *a)
{
	if (a == NULL)
		return;
	switch (a->fmt) {
	case ARCHIVE_GZIP:
		if (a->started)
			inflateEnd(&a->z);
		break;
	case ARCHIVE_ZSTD:
		ZSTD_freeDStream(a->zs);
		break;
	case ARCHIVE_BZIP2:
		if (a->started)
			BZ2_bzDecompressEnd(&a->bz);
		break;
	case ARCHIVE_XZ:
		if (a->started)
			lzma_end(&a->lz);
		break;
	case ARCHIVE_NONE:
		break;
	}
	free(a->in);
	free(a->error);
	free(a);
}

/* Write all of buf; 0, or -1 with errno. */
static int
archive_write_all(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* An unlinked temporary file in dir; -1 with errno. */
static int
archive_tmp_open(const char *dir)
{
	char	*tmpl;
	int	 fd;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd != -1)
		return fd;
#endif
	tmpl = xasprintf("%s/tailor.XXXXXX", dir);
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd != -1)
		unlink(tmpl);
	free(tmpl);
	return fd;
}

/* Decompress all of fd into an unlinked file in $TMPDIR. */
int
archive_to_tmpfile(int fd, enum archive_format fmt, int *tmpfd, char **cause)
{
	const char	*dir = getenv("TMPDIR");
	struct archive	*a;
	struct statvfs	 vfs;
	uint64_t	 free_bytes, next_check = 0;
	char		*buf;
	ssize_t		 n;
	int		 out, rc = 0;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	*tmpfd = -1;
	out = archive_tmp_open(dir);
	if (out == -1) {
		*cause = xasprintf("cannot make a temporary file in %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	a = archive_create(fd, fmt);
	buf = xmalloc(ARCHIVE_OUTBUF * 4);
	for (;;) {
		if (archive_out(a) >= next_check) {
			next_check = archive_out(a) + ARCHIVE_CHECK;
			if (fstatvfs(out, &vfs) == 0) {
				free_bytes = (uint64_t)vfs.f_bavail * vfs.f_frsize;
				if (free_bytes < ARCHIVE_TMP_RESERVE + ARCHIVE_CHECK) {
					*cause = xasprintf("%s has %llu MB free: "
					    "stopped after %llu MB of text (set "
					    "TMPDIR to a bigger file system)", dir,
					    (unsigned long long)(free_bytes >> 20),
					    (unsigned long long)(archive_out(a) >> 20));
					rc = -1;
					break;
				}
			}
		}
		n = archive_read(a, buf, ARCHIVE_OUTBUF * 4);
		if (n == 0)
			break;
		if (n == -1) {
			*cause = xstrdup(archive_error(a));
			rc = -1;
			break;
		}
		if (archive_write_all(out, buf, (size_t)n) == -1) {
			*cause = xasprintf("%s: %s after %llu MB of text (set "
			    "TMPDIR to a bigger file system)", dir, strerror(errno),
			    (unsigned long long)(archive_out(a) >> 20));
			rc = -1;
			break;
		}
	}
	free(buf);
	archive_free(a);
	lseek(out, 0, SEEK_SET);
	*tmpfd = out;
	return rc;
}

struct archive_pipe {
	int			 fd;		/* the archive (owned) */
	unsigned char		*prefix;	/* its first bytes, already read */
	size_t			 plen;
	int			 wfd;		/* write end of the pipe */
	enum archive_format	 fmt;
	char			*error;
	pthread_t		 thread;
};

/* The decompressing thread: archive to pipe until the end or EPIPE. */
static void *
archive_pipe_run(void *arg)
{
	struct archive_pipe	*ap = arg;
	struct archive		*a = archive_create(ap->fd, ap->fmt);
	char			*buf = xmalloc(ARCHIVE_OUTBUF);
	ssize_t			 n;

	if (ap->plen > 0) {	/* as if read from fd */
		memcpy(a->in, ap->prefix, ap->plen);
		a->inlen = ap->plen;
	}

	for (;;) {
		n = archive_read(a, buf, ARCHIVE_OUTBUF);
		if (n == 0)
			break;
		if (n == -1) {
			ap->error = xstrdup(archive_error(a));
			break;
		}
		if (archive_write_all(ap->wfd, buf, (size_t)n) == -1)
			break;		/* the reader went away */
	}
	free(buf);
	archive_free(a);
	close(ap->wfd);
	close(ap->fd);
	return NULL;
}

/* Decompress fd on a thread into a pipe; *rfd is its read end. */
struct archive_pipe *
archive_pipe_start(int fd, enum archive_format fmt, int *rfd)
{
	return archive_pipe_start_prefix(fd, fmt, NULL, 0, rfd);
}

/* The same, for an fd whose first len bytes were read already (a pipe). */
struct archive_pipe *
archive_pipe_start_prefix(int fd, enum archive_format fmt, const void *prefix,
    size_t len, int *rfd)
{
	struct archive_pipe	*ap;
	sigset_t		 all, old;
	int			 pfd[2];

	if (len > ARCHIVE_INBUF || pipe2(pfd, O_CLOEXEC) == -1)
		return NULL;
	fcntl(pfd[1], F_SETPIPE_SZ, ARCHIVE_PIPE_SZ);
	ap = xcalloc(1, sizeof *ap);
	if (len > 0) {
		ap->prefix = xmalloc(len);
		memcpy(ap->prefix, prefix, len);
		ap->plen = len;
	}
	ap->fd = fd;
	ap->wfd = pfd[1];
	ap->fmt = fmt;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&ap->thread, NULL, archive_pipe_run, ap) != 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		close(pfd[0]);
		close(pfd[1]);
		free(ap->prefix);
		free(ap);
		return NULL;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	*rfd = pfd[0];
	return ap;
}

/* Join the thread; 0, or -1 with *cause when the archive was damaged. */
int
archive_pipe_finish(struct archive_pipe *ap, char **cause)
{
	int	rc = 0;

	if (ap == NULL)
		return 0;
	pthread_join(ap->thread, NULL);
	if (ap->error != NULL) {
		*cause = ap->error;
		rc = -1;
	}
	free(ap->prefix);
	free(ap);
	return rc;
}
