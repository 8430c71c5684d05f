/*
 * follow.c: tail -F for every file source, driven by inotify when it can
 * be and by polling when it cannot.
 *
 * Each followed file has watches on its parent directory (creation,
 * rename, deletion and changes of any child, so a file that appears or is
 * rotated is noticed) and on the file itself (through symlinks). When the
 * path is a symlink, the directory of every link of the chain and of its
 * final target is watched too, for that link's or target's name: a
 * target rotated in its own directory, a dangling link whose target
 * appears, a loop fixed later are all seen. The chain is resolved again
 * after every check, so a link re-pointed elsewhere moves the watches. A
 * watch descriptor may be shared by several sources (two files in one
 * directory); on any event the follower calls source_check() on every
 * source bound to that descriptor, and the source works out what happened
 * by reading and stat-ing.
 *
 * A watch can stop telling: a directory deleted while tailor still holds
 * a file of it open is pinned, gives no IN_DELETE_SELF, and a directory
 * re-created at its name is another inode. So every directory's identity
 * is compared at each check and a stale watch is re-armed; and while a
 * source's file is missing (waiting, deleted, unreadable) or one of its
 * directories cannot be watched, the source is also checked on each poll
 * tick (a stat), in inotify mode too.
 *
 * Polling is used per source when inotify is unavailable, when watches run
 * out (ENOSPC), on network and FUSE file systems (where inotify misses
 * remote writes), when the directory does not exist yet, and for all
 * sources with --poll. Only polled sources make the event loop wake up
 * periodically: with inotify, an idle tailor sleeps in poll() with no
 * timeout. IN_Q_OVERFLOW (events lost) makes every source check itself.
 */
#include "follow.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "core/clock.h"
#include "source.h"
#include "core/xmalloc.h"

#define FOLLOW_POLL_MS	200

#define FOLLOW_DIR_MASK	 (IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | \
	IN_ATTRIB | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
#define FOLLOW_FILE_MASK (IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | \
	IN_CLOSE_WRITE)

#define FOLLOW_HOPS	40	/* symlinks followed, as the kernel's ELOOP */

/*
 * A directory a source depends on: the directory of its path, and for a
 * symlink the directory of each link of the chain and of its final target.
 * An event there about `base` concerns the source.
 */
struct follow_dir {
	char		*dir;
	char		*base;
	int		 wd;		/* -1 when not watched */
	dev_t		 dev;		/* identity the watch was set on */
	ino_t		 ino;
};

struct follow_src {
	struct source	*src;
	struct follow_dir *dirs;	/* dirs[0]: the path's own directory */
	size_t		 ndirs;
	int		 file_wd;
	dev_t		 file_dev;	/* identity the file watch was set on */
	ino_t		 file_ino;
	int		 polled;	/* checked on each tick */
	int		 recheck;	/* inotify, but also checked on each tick */
	int		 forced_poll;	/* network fs, ENOSPC: never inotify */
};

struct follow {
	int			 fd;		/* inotify, -1 when unavailable */
	int			 force_poll;
	struct follow_src	*srcs;
	size_t			 nsrcs;
	int64_t			 next_tick;	/* monotonic ms of the next poll */
};

/* Create a follower. */
struct follow *
follow_create(int force_poll)
{
	struct follow	*fw = xcalloc(1, sizeof *fw);

	fw->force_poll = force_poll;
	fw->fd = force_poll ? -1 : inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	fw->next_tick = -1;
	return fw;
}

/* Free a list of directories. */
static void
follow_dirs_free(struct follow_dir *dirs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(dirs[i].dir);
		free(dirs[i].base);
	}
	free(dirs);
}

/* Free the follower (the sources are not its own). */
void
follow_free(struct follow *fw)
{
	size_t	i;

	if (fw == NULL)
		return;
	if (fw->fd != -1)
		close(fw->fd);
	for (i = 0; i < fw->nsrcs; i++)
		follow_dirs_free(fw->srcs[i].dirs, fw->srcs[i].ndirs);
	free(fw->srcs);
	free(fw);
}

/*
 * The directories path depends on: its own, then, while the name is a
 * symlink, the directory of what it points to, link after link (a loop
 * ends where a name comes back; a dangling link with its missing target).
 */
static struct follow_dir *
follow_resolve(const char *path, size_t *n)
{
	struct follow_dir	*dirs = NULL;
	struct stat		 st;
	char			*cur = xstrdup(path), *dir, *next;
	const char		*slash, *base;
	char			 buf[PATH_MAX];
	ssize_t			 len;
	size_t			 i;
	int			 hops;

	*n = 0;
	for (hops = 0; hops <= FOLLOW_HOPS; hops++) {
		slash = strrchr(cur, '/');
		if (slash == NULL) {
			dir = xstrdup(".");
			base = cur;
		} else {
			dir = slash == cur ? xstrdup("/") :
			    xstrndup(cur, (size_t)(slash - cur));
			base = slash + 1;
		}
		for (i = 0; i < *n; i++)
			if (strcmp(dirs[i].dir, dir) == 0 &&
			    strcmp(dirs[i].base, base) == 0)
				break;
		if (i < *n) {
			free(dir);	/* a loop: every link of it is listed */
			break;
		}
		dirs = xreallocarray(dirs, *n + 1, sizeof *dirs);
		memset(&dirs[*n], 0, sizeof *dirs);
		dirs[*n].dir = dir;
		dirs[*n].base = xstrdup(base);
		dirs[*n].wd = -1;
		(*n)++;
		if (lstat(cur, &st) == -1 || !S_ISLNK(st.st_mode) ||
		    (len = readlink(cur, buf, sizeof buf - 1)) <= 0)
			break;
		buf[len] = '\0';
		next = buf[0] == '/' ? xstrdup(buf) :
		    xasprintf("%s/%s", dir, buf);
		free(cur);
		cur = next;
	}
	free(cur);
	return dirs;
}

/* Is this path on a file system where inotify misses changes? */
static int
follow_remote_fs(const char *path)
{
	struct statfs	sf;

	if (statfs(path, &sf) == -1)
		return 0;
	switch ((unsigned long)sf.f_type) {
	case 0x6969UL:		/* NFS */
	case 0x517BUL:		/* SMB */
	case 0xFF534D42UL:	/* CIFS */
	case 0xFE534D42UL:	/* SMB2 */
	case 0x65735546UL:	/* FUSE (sshfs, ...) */
	case 0x564c:		/* NCP */
	case 0x6B414653UL:	/* AFS */
	case 0x47504653UL:	/* GPFS */
	case 0x0BD00BD0UL:	/* Lustre */
	case 0x01021997UL:	/* 9p */
		return 1;
	}
	return 0;
}

/* Is watch wd used: by a file watch, or by another source's directories? */
static int
follow_wd_used(const struct follow *fw, const struct follow_src *fs, int wd)
{
	size_t	i, k;

	for (i = 0; i < fw->nsrcs; i++) {
		const struct follow_src	*o = &fw->srcs[i];

		if (o->file_wd == wd)
			return 1;
		if (o == fs)
			continue;
		for (k = 0; k < o->ndirs; k++)
			if (o->dirs[k].wd == wd)
				return 1;
	}
	return 0;
}

/* Does another source use this source's file watch? */
static int
follow_wd_shared(const struct follow *fw, const struct follow_src *fs)
{
	size_t	i, k;

	for (i = 0; i < fw->nsrcs; i++) {
		const struct follow_src	*o = &fw->srcs[i];

		if (o == fs)
			continue;
		if (o->file_wd == fs->file_wd)
			return 1;
		for (k = 0; k < o->ndirs; k++)
			if (o->dirs[k].wd == fs->file_wd)
				return 1;
	}
	return 0;
}

/*
 * Resolve the source's chain of directories again and watch each: a watch
 * whose directory is still the same inode is kept, a new or re-created
 * directory gets a new watch, and a watch no source needs any more is
 * removed. Returns 0, or -1 when a directory cannot be watched (missing:
 * the source is checked on each tick until it exists).
 */
static int
follow_watch_dirs(struct follow *fw, struct follow_src *fs)
{
	struct follow_dir	*dirs, *old = fs->dirs;
	struct stat		 st;
	size_t			 n, i, k, nold = fs->ndirs;
	int			 missing = 0, wd;

	dirs = follow_resolve(source_path(fs->src), &n);
	for (i = 0; i < n; i++) {
		if (stat(dirs[i].dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
			missing = 1;
			continue;
		}
		dirs[i].dev = st.st_dev;
		dirs[i].ino = st.st_ino;
		for (k = 0; k < nold; k++)
			if (old[k].wd != -1 && old[k].dev == st.st_dev &&
			    old[k].ino == st.st_ino)
				break;
		if (k < nold) {
			dirs[i].wd = old[k].wd;
			continue;
		}
		if (follow_remote_fs(dirs[i].dir)) {
			fs->forced_poll = 1;
			missing = 1;
			continue;
		}
		wd = inotify_add_watch(fw->fd, dirs[i].dir, FOLLOW_DIR_MASK);
		if (wd == -1) {
			if (errno == ENOSPC || errno == ENOMEM)
				fs->forced_poll = 1;
			missing = 1;
			continue;
		}
		dirs[i].wd = wd;
	}
	fs->dirs = dirs;
	fs->ndirs = n;
	/* Watches of the old chain nobody uses now (stale or left behind). */
	for (k = 0; k < nold; k++) {
		if (old[k].wd == -1)
			continue;
		for (i = 0; i < n; i++)
			if (dirs[i].wd == old[k].wd)
				break;
		if (i == n && !follow_wd_used(fw, fs, old[k].wd))
			inotify_rm_watch(fw->fd, old[k].wd);
	}
	follow_dirs_free(old, nold);
	return missing ? -1 : 0;
}

/* (Re)establish the watches of one source; falls back to polling. */
static void
follow_watch(struct follow *fw, struct follow_src *fs)
{
	struct source	*src = fs->src;
	struct stat	 st;
	int		 wd;

	if (fw->fd == -1 || fs->forced_poll) {
		fs->polled = 1;
		return;
	}
	if (follow_watch_dirs(fw, fs) == -1) {
		if (fs->forced_poll || fs->ndirs == 0 || fs->dirs[0].wd == -1) {
			fs->polled = 1;	/* no directory yet: poll until it exists */
			return;
		}
		fs->recheck = 1;	/* a link's directory is missing */
	}
	/* The file itself (through a symlink, its target). */
	if (stat(source_path(src), &st) == 0 &&
	    (fs->file_wd == -1 || st.st_ino != fs->file_ino ||
	    st.st_dev != fs->file_dev)) {
		wd = inotify_add_watch(fw->fd, source_path(src), FOLLOW_FILE_MASK);
		if (wd != -1) {
			if (fs->file_wd != -1 && fs->file_wd != wd &&
			    !follow_wd_shared(fw, fs))
				inotify_rm_watch(fw->fd, fs->file_wd);
			fs->file_wd = wd;
			fs->file_dev = st.st_dev;
			fs->file_ino = st.st_ino;
		} else if (errno == ENOSPC) {
			fs->forced_poll = 1;
			fs->polled = 1;
			return;
		}
	}
	fs->polled = 0;
}

/* Follow a file source. */
void
follow_add(struct follow *fw, struct source *src)
{
	struct follow_src	*fs;

	if (source_kind(src) != SOURCE_FILE)
		return;
	fw->srcs = xreallocarray(fw->srcs, fw->nsrcs + 1, sizeof *fw->srcs);
	fs = &fw->srcs[fw->nsrcs++];
	memset(fs, 0, sizeof *fs);
	fs->src = src;
	fs->file_wd = -1;
	follow_watch(fw, fs);
}

int
follow_fd(const struct follow *fw)
{
	return fw->fd;
}

/* Any source polled? */
static int
follow_any_polled(const struct follow *fw)
{
	size_t	i;

	for (i = 0; i < fw->nsrcs; i++)
		if (fw->srcs[i].polled || fw->srcs[i].recheck)
			return 1;
	return 0;
}

/* Milliseconds until the next tick, or -1 when nothing is polled. */
int
follow_timeout(const struct follow *fw)
{
	int64_t	now, left;

	if (!follow_any_polled(fw))
		return -1;
	if (fw->next_tick < 0)
		return 0;
	now = clock_ms();
	left = fw->next_tick - now;
	return left < 0 ? 0 : (int)left;
}

/* Check one source and refresh its watches if its file changed. */
static int
follow_check(struct follow *fw, struct follow_src *fs)
{
	int	changed = source_check(fs->src);

	if (fw->fd != -1 && !fs->forced_poll) {
		/* While the file is missing, a stat on each tick too. */
		switch (source_state(fs->src)) {
		case SOURCE_WAITING:
		case SOURCE_DELETED:
		case SOURCE_ERROR:
			fs->recheck = 1;
			break;
		default:
			fs->recheck = 0;
			break;
		}
		follow_watch(fw, fs);
	}
	return changed;
}

/* Check every source now. */
int
follow_check_all(struct follow *fw)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < fw->nsrcs; i++)
		n += follow_check(fw, &fw->srcs[i]) != 0;
	return n;
}

/*
 * Files that took a source's name during one batch of events, followed
 * through renames by inotify's cookies: after two rotations between two
 * looks, the middle file is no longer at the name, but its new name is
 * known here, so the source can still read it in order.
 */
struct follow_chain {
	char	**names;	/* current name of each file, oldest first */
	size_t	  n;
	uint32_t  cookie;	/* pending IN_MOVED_FROM */
	char	 *from;
};

/* Track one directory event for a source's chain. */
static void
follow_chain_event(struct follow_chain *c, const char *base,
    const struct inotify_event *ev)
{
	size_t	i;

	if (ev->len == 0)
		return;
	if (ev->mask & IN_MOVED_FROM) {
		free(c->from);
		c->from = xstrdup(ev->name);
		c->cookie = ev->cookie;
		return;
	}
	if ((ev->mask & IN_MOVED_TO) && c->from != NULL && ev->cookie == c->cookie) {
		/* A file of the chain renamed: the latest holder of that name. */
		for (i = c->n; i > 0; i--)
			if (strcmp(c->names[i - 1], c->from) == 0) {
				free(c->names[i - 1]);
				c->names[i - 1] = xstrdup(ev->name);
				break;
			}
		free(c->from);
		c->from = NULL;
	}
	if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) && strcmp(ev->name, base) == 0) {
		c->names = xreallocarray(c->names, c->n + 1, sizeof *c->names);
		c->names[c->n++] = xstrdup(ev->name);
	}
}

/* Queue the chain's files on the source (it reads them at its next check). */
static void
follow_chain_flush(struct follow_chain *c, struct source *src)
{
	size_t	i;
	char	*path;

	for (i = 0; i < c->n; i++) {
		if (source_fd(src) != -1) {
			path = xasprintf("%s/%s", source_dir(src), c->names[i]);
			source_queue_file(src, path);
			free(path);
		}
		free(c->names[i]);
	}
	free(c->names);
	free(c->from);
	memset(c, 0, sizeof *c);
}

/* Read inotify events; check each source they concern, once. */
int
follow_dispatch(struct follow *fw)
{
	char				 buf[16384]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event	*ev;
	ssize_t				 n;
	size_t				 i, k;
	char				*p;
	unsigned char			*hit;
	struct follow_chain		*chains;
	int				 overflow = 0, changed = 0;

	if (fw->fd == -1 || fw->nsrcs == 0) {
		/* Drain anyway so a stray event cannot make poll() spin. */
		while (fw->fd != -1 && read(fw->fd, buf, sizeof buf) > 0)
			;
		return 0;
	}
	hit = xcalloc(fw->nsrcs, 1);
	chains = xcalloc(fw->nsrcs, sizeof *chains);
	for (;;) {
		n = read(fw->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		for (p = buf; p < buf + n; p += sizeof *ev + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW)
				overflow = 1;
			for (i = 0; i < fw->nsrcs; i++) {
				struct follow_src *fs = &fw->srcs[i];

				if (ev->wd == fs->file_wd) {
					hit[i] = 1;
					if (ev->mask & IN_IGNORED)
						fs->file_wd = -1;
				}
				for (k = 0; k < fs->ndirs; k++) {
					struct follow_dir *d = &fs->dirs[k];

					if (ev->wd != d->wd)
						continue;
					if (k == 0)
						follow_chain_event(&chains[i],
						    source_base(fs->src), ev);
					if (ev->len == 0 || strcmp(ev->name,
					    d->base) == 0 || (ev->mask &
					    (IN_DELETE_SELF | IN_MOVE_SELF |
					    IN_IGNORED)))
						hit[i] = 1;
					if (ev->mask & IN_IGNORED) {
						d->wd = -1;
						fs->recheck = 1;
					}
				}
			}
		}
	}
	for (i = 0; i < fw->nsrcs; i++) {
		follow_chain_flush(&chains[i], fw->srcs[i].src);
		if (hit[i] || overflow)
			changed += follow_check(fw, &fw->srcs[i]) != 0;
	}
	free(chains);
	free(hit);
	return changed;
}

/* Poll tick: check the polled sources when the interval has passed. */
int
follow_tick(struct follow *fw)
{
	int64_t	now = clock_ms();
	size_t	i;
	int	changed = 0;

	if (fw->next_tick >= 0 && now < fw->next_tick)
		return 0;
	for (i = 0; i < fw->nsrcs; i++) {
		struct follow_src	*fs = &fw->srcs[i];

		if (!fs->polled && !fs->recheck)
			continue;
		changed += follow_check(fw, fs) != 0;
	}
	fw->next_tick = follow_any_polled(fw) ? now + FOLLOW_POLL_MS : -1;
	return changed;
}

/* How a source is followed. */
const char *
follow_mode(const struct follow *fw, const struct source *src)
{
	size_t	i;

	for (i = 0; i < fw->nsrcs; i++)
		if (fw->srcs[i].src == src)
			return fw->srcs[i].polled ? "polling" : "inotify";
	return "";
}
