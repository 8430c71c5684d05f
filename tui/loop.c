/*
 * loop.c: the one event loop, used by the TUI (app.c) and by --print -f
 * (cli/print.c). No curses here.
 *
 * Each turn the owner says what it waits for: fds to read (loop_add) and
 * deadlines (loop_at / loop_after), each with a callback; loop_once then
 * sleeps in poll() until an fd is ready or the earliest deadline, and
 * calls back. With no deadline the timeout is -1: nothing wakes the
 * process while nothing is pending. The fds and deadlines of a turn are
 * forgotten after it, so an owner whose set changes (a pipe at its end, a
 * file that became polled) just adds what it has now.
 *
 * Signals go through a self-pipe: the handler writes the signal number
 * (one byte) to it, and the turn reads them back before any other fd, so
 * no callback runs in a handler. Threads wake the loop by writing a 0
 * byte to loop_wake_fd(). There is one self-pipe per process: the handler
 * finds it through loop_sigfd, the only mutable global besides what libc
 * keeps.
 */
#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/xmalloc.h"

struct loop_fd {
	int		 fd;
	loop_cb		 cb;
	void		*arg;
};

struct loop_deadline {
	int64_t		 when;
	loop_cb		 cb;
	void		*arg;
};

struct loop {
	int			 sigpipe[2];	/* -1 until loop_signals */
	int			 sigs[16];	/* caught signals, to put back */
	int			 nsigs;
	loop_cb			 sigcb;
	void			*sigarg;

	struct loop_fd		*fds;		/* this turn's fds */
	size_t			 nfds, fdsize;
	struct loop_deadline	*dls;		/* this turn's deadlines */
	size_t			 ndls, dlsize;
	struct pollfd		*pfds;		/* poll's array, fdsize + 1 */
};

/* Write end of the self-pipe for the signal handler (-1: none). */
static volatile sig_atomic_t loop_sigfd = -1;

/* Signal handler: wake the loop with the signal number. */
static void
loop_signal(int sig)
{
	unsigned char	c = (unsigned char)sig;
	int		saved = errno;

	if (loop_sigfd != -1)
		(void)!write(loop_sigfd, &c, 1);
	errno = saved;
}

/* Create a loop. */
struct loop *
loop_create(void)
{
	struct loop	*l = xcalloc(1, sizeof *l);

	l->sigpipe[0] = l->sigpipe[1] = -1;
	return l;
}

/* Free a loop and put its signals back to the default. */
void
loop_free(struct loop *l)
{
	int	i;

	if (l == NULL)
		return;
	if (l->sigpipe[0] != -1) {
		for (i = 0; i < l->nsigs; i++)
			signal(l->sigs[i], SIG_DFL);
		loop_sigfd = -1;
		close(l->sigpipe[0]);
		close(l->sigpipe[1]);
	}
	free(l->fds);
	free(l->dls);
	free(l->pfds);
	free(l);
}

/* Catch signals through the self-pipe. */
int
loop_signals(struct loop *l, const int *sigs, int n, loop_cb cb, void *arg)
{
	struct sigaction	sa;
	int			i;

	signal(SIGPIPE, SIG_IGN);
	if (pipe2(l->sigpipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		l->sigpipe[0] = l->sigpipe[1] = -1;
		return -1;
	}
	l->sigcb = cb;
	l->sigarg = arg;
	loop_sigfd = l->sigpipe[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < n && l->nsigs < (int)(sizeof l->sigs / sizeof l->sigs[0]);
	    i++) {
		sigaction(sigs[i], &sa, NULL);
		l->sigs[l->nsigs++] = sigs[i];
	}
	return 0;
}

/* The write end of the self-pipe. */
int
loop_wake_fd(const struct loop *l)
{
	return l->sigpipe[1];
}

/* Watch an fd this turn. */
void
loop_add(struct loop *l, int fd, loop_cb cb, void *arg)
{
	if (fd == -1)
		return;
	if (l->nfds == l->fdsize) {
		XGROW(l->fds, l->fdsize, l->nfds + 1, 8);
		l->pfds = xreallocarray(l->pfds, l->fdsize + 1, sizeof *l->pfds);
	}
	l->fds[l->nfds].fd = fd;
	l->fds[l->nfds].cb = cb;
	l->fds[l->nfds++].arg = arg;
}

/* A deadline this turn (absolute monotonic ms). */
void
loop_at(struct loop *l, int64_t when, loop_cb cb, void *arg)
{
	if (when < 0)
		return;
	XGROW(l->dls, l->dlsize, l->ndls + 1, 8);
	l->dls[l->ndls].when = when;
	l->dls[l->ndls].cb = cb;
	l->dls[l->ndls++].arg = arg;
}

/* A deadline this turn, ms from now. */
void
loop_after(struct loop *l, int ms, loop_cb cb, void *arg)
{
	if (ms >= 0)
		loop_at(l, clock_ms() + ms, cb, arg);
}

/* The poll timeout: ms to the earliest deadline, -1 with none. */
static int
loop_timeout(const struct loop *l)
{
	int64_t	now, t, best = -1;
	size_t	i;

	if (l->ndls == 0)
		return -1;
	now = clock_ms();
	for (i = 0; i < l->ndls; i++) {
		t = l->dls[i].when - now;
		if (t < 0)
			t = 0;
		if (best < 0 || t < best)
			best = t;
	}
	return best > 0x7fffffff ? 0x7fffffff : (int)best;
}

/* Read the self-pipe and hand each signal to the owner; 1 to stop. */
static int
loop_read_signals(struct loop *l)
{
	unsigned char	buf[64];
	ssize_t		n, i;

	while ((n = read(l->sigpipe[0], buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++)
			if (l->sigcb != NULL &&
			    l->sigcb(l->sigarg, -1, buf[i]) != 0)
				return 1;
	}
	return 0;
}

/* Call back the ready fds, then the passed deadlines; 1 when stopped. */
static int
loop_dispatch(struct loop *l, size_t first)
{
	size_t	i;
	int64_t	now;

	if (first == 1 && l->pfds[0].revents != 0 && loop_read_signals(l))
		return 1;
	for (i = 0; i < l->nfds; i++) {
		int	rev = l->pfds[first + i].revents;

		if (rev != 0 && l->fds[i].cb != NULL &&
		    l->fds[i].cb(l->fds[i].arg, l->fds[i].fd, rev) != 0)
			return 1;
	}
	now = clock_ms();
	for (i = 0; i < l->ndls; i++) {
		if (l->dls[i].cb != NULL && l->dls[i].when <= now &&
		    l->dls[i].cb(l->dls[i].arg, -1, 0) != 0)
			return 1;
	}
	return 0;
}

/* One turn: poll, then dispatch. */
int
loop_once(struct loop *l)
{
	size_t	i, first = 0;
	int	timeout, status = 0;

	if (l->pfds == NULL)
		l->pfds = xcalloc(1, sizeof *l->pfds);
	if (l->sigpipe[0] != -1) {
		l->pfds[0].fd = l->sigpipe[0];
		l->pfds[0].events = POLLIN;
		l->pfds[0].revents = 0;
		first = 1;
	}
	for (i = 0; i < l->nfds; i++) {
		l->pfds[first + i].fd = l->fds[i].fd;
		l->pfds[first + i].events = POLLIN;
		l->pfds[first + i].revents = 0;
	}
	timeout = loop_timeout(l);
	if (poll(l->pfds, first + l->nfds, timeout) == -1) {
		if (errno != EINTR)
			status = -1;
		for (i = 0; i < first + l->nfds; i++)
			l->pfds[i].revents = 0;
	}
	if (status == 0)
		status = loop_dispatch(l, first);
	l->nfds = 0;
	l->ndls = 0;
	return status;
}
