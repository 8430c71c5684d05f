/* loop.h: the event loop of tailor (the TUI and --print -f): poll, deadlines, signals. */
#ifndef LOOP_H
#define LOOP_H

#include <stdint.h>

struct loop;

/*
 * A callback for a ready fd (revents as poll(2) gives them) or a deadline
 * that passed (fd -1, revents 0). Returns 1 to stop this turn: nothing
 * else is dispatched and loop_once returns 1.
 */
typedef int	(*loop_cb)(void *arg, int fd, int revents);

/* A loop with no fd and no deadline. */
struct loop	*loop_create(void);
/* Free it; its signal handlers are put back to the default. */
void		 loop_free(struct loop *);
/*
 * Catch the signals sigs[0..n) through a self-pipe: each arrives as
 * cb(arg, -1, signal number) in the next turn, before any fd. A 0 byte
 * written to loop_wake_fd() comes as signal 0 (a worker thread's "done").
 * SIGPIPE is ignored. Returns -1 when the pipe cannot be made.
 */
int		 loop_signals(struct loop *, const int *sigs, int n, loop_cb cb,
		     void *arg);
/* The write end of the self-pipe (wake the loop from a thread), or -1. */
int		 loop_wake_fd(const struct loop *);
/* Watch fd for POLLIN during the next turn; cb is called when it is ready. */
void		 loop_add(struct loop *, int fd, loop_cb cb, void *arg);
/*
 * Wake at monotonic ms `when` at the latest during the next turn (now or
 * earlier: at once); cb (may be NULL) is called if it has passed by the
 * time poll returns. -1 is no deadline (ignored).
 */
void		 loop_at(struct loop *, int64_t when, loop_cb cb, void *arg);
/* The same, ms from now (a poll-style timeout: -1 ignored). */
void		 loop_after(struct loop *, int ms, loop_cb cb, void *arg);
/*
 * One turn: sleep in poll() until an fd is ready or the earliest deadline
 * (forever when there is none), then dispatch signals, fds (in the order
 * they were added) and passed deadlines. The fds and deadlines are then
 * forgotten: add them again for the next turn. Returns 0, 1 when a
 * callback stopped the turn, -1 when poll failed (not EINTR).
 */
int		 loop_once(struct loop *);

#endif
