/* follow.h: following files by name like tail -F, with inotify or polling. */
#ifndef FOLLOW_H
#define FOLLOW_H

struct follow;
struct source;

/* Create a follower; force_poll (--poll) never uses inotify. */
struct follow	*follow_create(int force_poll);
void		 follow_free(struct follow *);
/* Follow a file source (other kinds are ignored: the event loop polls their fd). */
void		 follow_add(struct follow *, struct source *);
/* The inotify fd to poll for input, or -1 when every source is polled. */
int		 follow_fd(const struct follow *);
/* Milliseconds until the next poll tick, or -1 when nothing needs polling. */
int		 follow_timeout(const struct follow *);
/* Read inotify events and check the sources they concern. Returns sources changed. */
int		 follow_dispatch(struct follow *);
/* Poll tick: check every polled source if its time has come. Returns sources changed. */
int		 follow_tick(struct follow *);
/* Check every source now (IN_Q_OVERFLOW, start-up, tests). */
int		 follow_check_all(struct follow *);
/* How a source is followed, for the pane title: "inotify" or "polling". */
const char	*follow_mode(const struct follow *, const struct source *);

#endif
