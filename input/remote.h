/* remote.h: ssh://[USER@]HOST[:PORT]/PATH sources that resume without loss. */
#ifndef REMOTE_H
#define REMOTE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct source;
struct remote;

/* The parts of an ssh:// URL (all allocated; user and port may be NULL). */
struct remote_url {
	char	*user;
	char	*host;
	char	*port;
	char	*path;		/* remote path: absolute, or relative to home */
};

/* Environment variables cli/main.c sets for source_open (see remote.c). */
#define REMOTE_ENV_SSH	"TAILOR_SSH"
#define REMOTE_ENV_ONCE	"TAILOR_REMOTE_ONCE"

/* Is this source argument an ssh:// URL? */
int		 remote_is_url(const char *);
/* Split an ssh:// URL; -1 and *cause when it is not a usable one. */
int		 remote_url_parse(const char *, struct remote_url *, char **cause);
void		 remote_url_free(struct remote_url *);
/* Does the URL's path hold glob characters (* ? [)? */
int		 remote_url_is_glob(const struct remote_url *);
/*
 * Expand a glob URL on the remote host (one ssh run): a NULL-terminated
 * list of URLs, one per existing file, sorted as the remote shell sorts.
 * NULL with *cause when ssh fails; an empty list when nothing matched.
 */
char		**remote_expand(const char *url, const char *ssh, char **cause);

/* Follow url for src through the ssh command ssh (NULL: "ssh"); once: 1 read to
 * the end (--print), 0 follow, 2 follow from the last 8 MiB (the TUI). */
struct remote	*remote_create(struct source *, const char *url, const char *ssh,
		     int once, char **cause);
void		 remote_free(struct remote *);
/* Title "HOST:PATH". */
const char	*remote_title(const struct remote *);
/* fd to poll: ssh's output, or the back-off timer while waiting to reconnect. */
int		 remote_pollfd(const struct remote *);
/*
 * Read what is there and hand it to the source. Returns > 0 while the
 * source lives (also while reconnecting), 0 at its end (--print without
 * -f: the file read to its end), -1 when it gave up (state set).
 */
ssize_t		 remote_read(struct remote *);
/* Has it ended for good (read to its end, given up, or stopped)? */
int		 remote_done(const struct remote *);
/* The owner reaped a child: note it when it is our ssh. Returns 1 if it was. */
int		 remote_reap(struct remote *, pid_t, int status);
/* Stop: kill and reap ssh (source_close). */
void		 remote_stop(struct remote *);
/* Build the remote sh script (exposed for the unit tests). */
char		*remote_script(const char *path, const char *dev, const char *ino,
		     uint64_t off, int once, const unsigned char *tail, size_t ntail);
/* POSIX cksum (the CRC cksum(1) prints) of a buffer. */
uint32_t	 remote_cksum(const unsigned char *, size_t);

#endif
