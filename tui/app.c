/*
 * app.c: the interactive TUI's owner and its event loop.
 *
 * struct app owns everything of a TUI session: the sources and their
 * record indexes (struct asrc), the follower, the panes, the terminal.
 * It knows nothing of curses itself: drawing and keys are tui/'s.
 *
 * The loop sleeps in poll() on the terminal, a signal self-pipe, the
 * inotify fd and the pipes of stdin / command sources. Its timeout is -1
 * (no wake-ups at all) unless something is pending: a redraw held back
 * to coalesce frames, background work (a big file's head being indexed,
 * a view being rebuilt after a filter change), polled files, a partial
 * line waiting for its newline, or a rate display to refresh once after
 * data stops. Frames are sent as soon as data arrives unless one went
 * out less than APP_FRAME_MS ago; under load that caps redraws at about
 * 40 per second. A source that had been quiet for APP_FRAME_MS and gets
 * lines shortens that gap to APP_WOKE_MS for the next frame, so a quiet
 * pane's new line is not held behind the busy panes' cadence (each
 * source can do that at most once per APP_FRAME_MS).
 *
 * Big files are loaded tail first: the last APP_TAIL_RECORDS records are
 * read at once, so the last screen is up immediately, and the head is
 * indexed by worker threads (see lstore.c), with progress on the pane's
 * title (the loop looks in every APP_INDEX_POLL_MS while they work, and
 * the workers wake it through the self-pipe with a 0 byte when done); keys
 * are answered meanwhile, and a view rebuild after a filter change runs in
 * time-bounded slices between events.
 */
#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "input/follow.h"
#include "model/lstore.h"
#include "input/source.h"
#include "core/xmalloc.h"
#include "parsers/group.h"
#include "parsers/record.h"
#include "parsers/tseek.h"
#include "parsers/tspec.h"
#include "dashboard.h"
#include "pane.h"
#include "prompt.h"
#include "treepanel.h"
#include "tui.h"

#define APP_FRAME_MS		25	/* minimum gap between frames under load */
#define APP_WOKE_MS		1	/* ... when a quiet source got lines */
#define APP_SLICE_MS		8	/* background work per loop turn */
#define APP_TAIL_BYTES		(8 * 1024 * 1024)	/* bigger files load tail first */
#define APP_TAIL_RECORDS	5000
#define APP_INDEX_POLL_MS	50	/* look at the indexing threads this often */
#define APP_PARTIAL_MS		300	/* show a line without newline after this */
#define APP_TEXT_CAP		(256 * 1024 * 1024)	/* stdin / command bytes kept */

/* The signal self-pipe's write end, for the handler (a signal flag: allowed). */
static volatile sig_atomic_t app_sigfd = -1;

/* Signal handler: wake the loop with the signal number. */
static void
app_signal(int sig)
{
	unsigned char	c = (unsigned char)sig;
	int		saved = errno;

	if (app_sigfd != -1)
		(void)!write(app_sigfd, &c, 1);
	errno = saved;
}

/* Set the status line. */
void
app_status(struct app *app, int error, const char *fmt, ...)
{
	va_list	ap;

	free(app->status);
	va_start(ap, fmt);
	if (vasprintf(&app->status, fmt, ap) == -1)
		app->status = NULL;
	va_end(ap);
	app->status_error = error;
	app->dirty = 1;
}

/* Advance a source's per-second counters to now. */
static void
app_rate_tick(struct asrc *as, int64_t now)
{
	int64_t		sec = now / 1000;
	uint64_t	count = lstore_fed(as->store);

	if (as->rate_sec == 0) {
		/* What was there at start-up is no rate: count from now on. */
		as->rate_sec = sec;
		as->last_count = count;
		return;
	}
	while (as->rate_sec < sec) {
		as->rate_sec++;
		as->rate[as->rate_sec % APP_RATE_SLOTS] = 0;
		if (sec - as->rate_sec > APP_RATE_SLOTS)
			as->rate_sec = sec - APP_RATE_SLOTS;
	}
	as->rate[sec % APP_RATE_SLOTS] += count - as->last_count;
	as->last_count = count;
	if (as->rate[sec % APP_RATE_SLOTS] > as->rate_peak)
		as->rate_peak = as->rate[sec % APP_RATE_SLOTS];
}

/* Records per second: the last complete second. */
uint64_t
app_rate(struct asrc *as, int64_t now)
{
	int64_t	sec = now / 1000;

	if (sec - 1 > as->rate_sec || as->rate_sec == 0)
		return 0;
	return as->rate[(sec - 1) % APP_RATE_SLOTS];
}

/* Lines from a source: into its store. */
static void
app_source_lines(void *arg, struct source *src, const char *buf, size_t len,
    uint64_t voff)
{
	struct asrc	*as = arg;
	int64_t		 now = clock_ms();

	lstore_feed(as->store, buf, len, voff);
	if (now - as->last_data >= APP_FRAME_MS)
		as->woke = 1;	/* a quiet source spoke: worth a frame now */
	as->last_data = now;
}

/* A source's segment began. */
static void
app_source_segment(void *arg, struct source *src, uint64_t voff, int fd,
    int reset)
{
	struct asrc	*as = arg;

	lstore_segment(as->store, voff, fd, reset);
}

/* A source changed state: keep the note for its pane title. */
static void
app_source_event(void *arg, struct source *src, enum source_state state,
    const char *msg)
{
	struct asrc	*as = arg;

	free(as->note);
	as->note = msg != NULL ? xstrdup(msg) : NULL;
}

/* The newest record time of every source, or TIME_UNKNOWN. */
static int64_t
app_newest_time(struct app *app)
{
	int64_t		t, newest = TIME_UNKNOWN;
	uint64_t	n;
	size_t		i;

	for (i = 0; i < app->nsrcs; i++) {
		n = lstore_count(app->srcs[i].store);
		if (n == 0 || n <= lstore_first(app->srcs[i].store))
			continue;
		t = lstore_time(app->srcs[i].store, n - 1);
		if (t != TIME_UNKNOWN && (newest == TIME_UNKNOWN || t > newest))
			newest = t;
	}
	return newest;
}

/* T: every pane to the first record at or after a typed time. */
int
app_goto_time(struct app *app, const char *typed, char **cause)
{
	struct tspec	ts;
	char		*why = NULL;
	int64_t		ms;
	size_t		i;

	if (tspec_parse(typed, &ts, &why) == -1) {
		*cause = xasprintf("'%s': %s", typed, why);
		free(why);
		return -1;
	}
	ms = tspec_resolve(&ts, tspec_now(), app_newest_time(app));
	for (i = 0; i < app->npanes; i++)
		pane_goto_time(app->panes[i], ms);
	app->dirty = 1;
	return 0;
}

/*
 * Toggle the merged pane (added last and focused when on; the layout gives
 * it its place). Off, the source panes come back: a zoom on the merged
 * pane (as -m starts) ends with it.
 */
void
app_toggle_merged(struct app *app)
{
	size_t	i;

	if (app->merged != NULL) {
		for (i = 0; i < app->npanes; i++)
			if (app->panes[i] == app->merged)
				break;
		if (app->focus == i) {
			app->zoom = 0;
			app->focus = 0;
		}
		pane_free(app->merged);
		app->merged = NULL;
		memmove(app->panes + i, app->panes + i + 1,
		    (app->npanes - i - 1) * sizeof *app->panes);
		app->npanes--;
		if (app->focus >= app->npanes)
			app->focus = app->npanes ? app->npanes - 1 : 0;
		return;
	}
	app->merged = pane_create(app, 1, 0);
	app->panes = xreallocarray(app->panes, app->npanes + 1, sizeof *app->panes);
	app->panes[app->npanes++] = app->merged;
	app->focus = app->npanes - 1;
}

/*
 * Does the command line filter records? Then -n cannot be a byte offset
 * (the last N records that pass may lie anywhere): the whole file is
 * read, tail first as usual, and the panes end at the last records that
 * pass.
 */
static int
app_filtering(const struct app *app)
{
	const struct filter	*f = app->base;

	return f->levels != LEVEL_MASK_ALL || filter_needs_text(f) ||
	    !lsel_empty(f->lsel) || filter_has_time(f);
}

/* Open every source; big files start from their tail. */
static void
app_open_sources(struct app *app)
{
	const struct options	*opt = app->opt;
	struct source_ops	 ops;
	struct asrc		*as;
	size_t			 i;
	uint64_t		 size, off;

	app->nsrcs = opt->nsrcs;
	app->srcs = xcalloc(app->nsrcs, sizeof *app->srcs);
	app->stores = xcalloc(app->nsrcs, sizeof *app->stores);
	for (i = 0; i < app->nsrcs; i++) {
		const struct srcspec	*spec = &opt->srcs[i];

		as = &app->srcs[i];
		stats_init(&as->stats, spec->kind == SOURCE_STDIN ? "(stdin)" :
		    spec->arg);
		as->store = lstore_create(spec->fmt, app->tree, &as->stats,
		    spec->kind != SOURCE_FILE, APP_TEXT_CAP);
		app->stores[i] = as->store;
		ops.lines = app_source_lines;
		ops.event = app_source_event;
		ops.segment = app_source_segment;
		ops.arg = as;
		as->src = source_open_flags(spec->kind, spec->arg, &ops, spec->rotated ? SOURCE_ROTATED : 0);
		source_set_index(as->src, (int)i);
		as->format = spec->fmt != NULL ? "format" : NULL;
		if (spec->kind != SOURCE_FILE || source_fd(as->src) == -1)
			continue;
		size = source_size(as->src);
		if (opt->lines < 0 && app->base->since != INT64_MIN &&
		    tseek_since(source_fd(as->src), size, spec->fmt,
		    app->base->since, &off) == 0 && off > 0) {
			/* In time order: nothing before --since is read. */
			source_seek(as->src, off);
			if (size - off <= APP_TAIL_BYTES)
				continue;
		}
		if (opt->lines >= 0 && !app_filtering(app)) {
			off = group_tail_offset(source_fd(as->src), size,
			    (uint64_t)opt->lines, spec->fmt);
			source_seek(as->src, off);
		} else if (size > APP_TAIL_BYTES) {
			off = group_tail_offset(source_fd(as->src), size,
			    APP_TAIL_RECORDS, spec->fmt);
			source_seek(as->src, off);
			source_check(as->src);
			/* The workers wake the loop through the self-pipe. */
			lstore_head_begin(as->store, off, app->sigpipe[1]);
		}
	}
}

/* Name of the format most records of a source use (from its first records). */
static void
app_detect_format(struct app *app, struct asrc *as)
{
	struct parser	 parser;
	struct fields	 f;
	const char	*text;
	size_t		 len;
	uint64_t	 id, full, n = lstore_count(as->store);
	int		 counts[FORMAT_COUNT] = { 0 }, best = 0, k;

	if (as->format != NULL || n == 0)
		return;
	parser_init(&parser, app->fmt);
	id = n > 50 ? n - 50 : lstore_first(as->store);
	for (; id < n; id++) {
		text = lstore_text(as->store, id, &len, &full);
		if (text == NULL)
			continue;
		if (parse_line(&parser, text, (size_t)((const char *)
		    (memchr(text, '\n', len) ? memchr(text, '\n', len) :
		    text + len) - text), &f))
			counts[f.format]++;
	}
	for (k = 1; k < FORMAT_COUNT; k++)
		if (counts[k] > counts[best])
			best = k;
	if (best != FORMAT_NONE)
		as->format = format_name((enum format)best);
}

/* Sum every source's counters into app->total (for the merged pane's tree). */
static void
app_sum_total(struct app *app)
{
	size_t	i;

	stats_free(&app->total);
	stats_init(&app->total, "total");
	for (i = 0; i < app->nsrcs; i++)
		stats_merge(&app->total, &app->srcs[i].stats);
}

/* Reap exited commands. */
static void
app_reap(struct app *app)
{
	pid_t	pid;
	int	status;
	size_t	i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < app->nsrcs; i++)
			source_reap(app->srcs[i].src, pid, status);
}

/* Handle pending signals; returns 1 when the app must quit. */
static int
app_signals(struct app *app)
{
	unsigned char	buf[64];
	ssize_t		n, i;

	while ((n = read(app->sigpipe[0], buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++) {
			switch (buf[i]) {
			case SIGWINCH:
				tui_resize(app->tui);
				app->dirty = 1;
				break;
			case SIGCHLD:
				app_reap(app);
				app->dirty = 1;
				break;
			case 0:
				/* A head's indexing threads are done (lstore.c). */
				break;
			default:
				return 1;
			}
		}
	}
	return 0;
}

/* Install signal handlers writing to the self-pipe. */
static void
app_signals_init(struct app *app)
{
	struct sigaction	sa;

	if (pipe2(app->sigpipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		app->sigpipe[0] = app->sigpipe[1] = -1;
		return;
	}
	app_sigfd = app->sigpipe[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Free everything the app owns. */
static void
app_free(struct app *app)
{
	size_t	i;

	for (i = 0; i < app->npanes; i++)
		pane_free(app->panes[i]);
	free(app->panes);
	for (i = 0; i < app->nsrcs; i++) {
		source_free(app->srcs[i].src);
		lstore_free(app->srcs[i].store);
		stats_free(&app->srcs[i].stats);
		free(app->srcs[i].note);
	}
	stats_free(&app->total);
	free(app->srcs);
	free(app->stores);
	follow_free(app->follow);
	prompt_free(app);
	treepanel_free(app);
	dashboard_free(app);
	free(app->status);
	if (app->sigpipe[0] != -1) {
		app_sigfd = -1;
		close(app->sigpipe[0]);
		close(app->sigpipe[1]);
	}
}

/*
 * One turn of background work, at most about APP_SLICE_MS: a big file's
 * head indexed in small slices, then the panes' views brought up to date.
 * Returns 1 when more remains. Any progress asks for a frame, so the
 * title's "indexing N%" and "filtering N%" end on screen when the work does.
 */
static int
app_work(struct app *app)
{
	size_t	i;
	int	more = 0, busy = 0;

	/* Big files' heads are indexed by worker threads: just look in. */
	app->indexing = 0;
	for (i = 0; i < app->nsrcs; i++) {
		uint64_t	done, total;

		lstore_head_progress(app->srcs[i].store, &done, &total);
		if (total == 0)
			continue;
		if (lstore_head_step(app->srcs[i].store))
			app->indexing = 1;
		app->dirty = 1;		/* progress, or the head just landed */
	}
	for (i = 0; i < app->npanes; i++) {
		size_t		before = view_count(&app->panes[i]->view);
		int		was = view_progress(&app->panes[i]->view);

		busy = pane_update(app, app->panes[i], APP_SLICE_MS);
		if (busy || was < 100 || view_count(&app->panes[i]->view) != before)
			app->dirty = 1;
		more |= busy;
	}
	return more;
}

/* Run the TUI until the user quits. */
int
app_run(const struct options *opt, struct filter *filter, struct ltree *tree,
    const struct pyfmt *fmt)
{
	struct app	 app;
	struct pollfd	*pfds;
	struct asrc	**who;
	char		*cause = NULL;
	size_t		 i, n;
	int		 timeout, t, more, got, idle_keys = 0, status = 0, woke, gap;
	int64_t		 now, partial_since = -1, rate_until = -1;

	memset(&app, 0, sizeof app);
	app.opt = opt;
	app.base = filter;
	app.tree = tree;
	app.fmt = fmt;
	app.sigpipe[0] = app.sigpipe[1] = -1;
	stats_init(&app.total, "total");

	app.tui = tui_start(opt->theme, opt->no_color, &cause);
	if (app.tui == NULL) {
		fprintf(stderr, "tailor: %s\n", cause);
		free(cause);
		stats_free(&app.total);
		return 2;
	}
	app_signals_init(&app);
	app_open_sources(&app);
	app.follow = follow_create(opt->poll);
	for (i = 0; i < app.nsrcs; i++)
		follow_add(app.follow, app.srcs[i].src);
	follow_check_all(app.follow);
	for (i = 0; i < app.nsrcs; i++)
		if (source_kind(app.srcs[i].src) != SOURCE_FILE)
			source_read(app.srcs[i].src, 0);

	app.npanes = app.nsrcs;
	app.panes = xcalloc(app.npanes + 1, sizeof *app.panes);
	for (i = 0; i < app.nsrcs; i++)
		app.panes[i] = pane_create(&app, 0, i);
	if (opt->merge) {
		app_toggle_merged(&app);
		app.zoom = 1;
	}
	if (tui_theme_note(app.tui) != NULL)
		app_status(&app, 1, "%s", tui_theme_note(app.tui));
	else if (opt->config_note != NULL)
		app_status(&app, 1, "config: %s", opt->config_note);
	app.dirty = 1;

	pfds = xcalloc(app.nsrcs + 3, sizeof *pfds);
	who = xcalloc(app.nsrcs + 3, sizeof *who);
	while (!app.quit) {
		more = app_work(&app);
		now = clock_ms();
		for (i = 0; i < app.nsrcs; i++) {
			app_rate_tick(&app.srcs[i], now);
			app_detect_format(&app, &app.srcs[i]);
		}
		for (i = 0, woke = 0; i < app.nsrcs; i++)
			woke |= app.srcs[i].woke;
		gap = woke ? APP_WOKE_MS : APP_FRAME_MS;
		if (app.dirty && now - app.last_draw >= gap) {
			if (app.mode == MODE_TREE)
				app_sum_total(&app);
			tui_draw(&app);
			app.last_draw = now;
			app.dirty = 0;
			for (i = 0; i < app.nsrcs; i++)
				app.srcs[i].woke = 0;
		}

		/* How long may we sleep? -1 when nothing is pending. */
		timeout = more ? 0 : follow_timeout(app.follow);
		if (app.indexing && (timeout < 0 || timeout > APP_INDEX_POLL_MS))
			timeout = APP_INDEX_POLL_MS;	/* progress on the title */
		t = dashboard_timeout(&app, now);	/* live numbers while shown */
		if (t == 0)
			app.dirty = 1;
		else if (t > 0 && (timeout < 0 || t < timeout))
			timeout = t;
		if (app.dirty) {
			t = (int)(app.last_draw + gap - now);
			if (t < 0)
				t = 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		if (partial_since >= 0) {
			t = (int)(partial_since + APP_PARTIAL_MS - now);
			if (t < 0)
				t = 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		if (rate_until >= 0) {
			t = (int)(rate_until - now);
			if (t < 0)
				t = 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}

		n = 0;
		pfds[n].fd = tui_fd(app.tui);
		pfds[n].events = POLLIN;
		who[n++] = NULL;
		pfds[n].fd = app.sigpipe[0];
		pfds[n].events = POLLIN;
		who[n++] = NULL;
		if (follow_fd(app.follow) != -1) {
			pfds[n].fd = follow_fd(app.follow);
			pfds[n].events = POLLIN;
			who[n++] = NULL;
		}
		for (i = 0; i < app.nsrcs; i++) {
			int	fd = source_pollfd(app.srcs[i].src);

			if (fd == -1 || app.srcs[i].eof)
				continue;
			pfds[n].fd = fd;
			pfds[n].events = POLLIN;
			who[n++] = &app.srcs[i];
		}
		if (poll(pfds, n, timeout) == -1 && errno != EINTR)
			break;

		got = 0;
		if (pfds[1].revents & POLLIN) {
			if (app_signals(&app))
				break;
		}
		if (pfds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			status = 1;	/* the terminal went away */
			break;
		}
		if (pfds[0].revents & POLLIN) {
			int	was_dirty = app.dirty;

			app.dirty = 0;
			tui_keys(&app);
			/* Readable but no key, again and again: the terminal is gone. */
			idle_keys = app.dirty ? 0 : idle_keys + 1;
			if (idle_keys > 1000)
				break;
			app.dirty |= was_dirty;
			if (app.dirty)
				app.last_draw = 0;	/* answer keys at once */
		}
		for (i = 2; i < n; i++) {
			if (pfds[i].revents == 0)
				continue;
			if (who[i] == NULL) {
				got += follow_dispatch(app.follow);
				continue;
			}
			if (source_read(who[i]->src, 0) <= 0) {
				source_close(who[i]->src);
				who[i]->eof = 1;
				app_reap(&app);
			}
			got = 1;
		}
		got += follow_tick(app.follow);

		/* A line without its newline: show it after a quiet moment. */
		now = clock_ms();
		for (i = 0, t = 0; i < app.nsrcs; i++)
			if (source_partial_len(app.srcs[i].src) > 0)
				t = 1;
		if (!t || got)
			partial_since = t ? now : -1;
		else if (partial_since >= 0 && now - partial_since >= APP_PARTIAL_MS) {
			for (i = 0; i < app.nsrcs; i++)
				if (source_partial_len(app.srcs[i].src) > 0)
					source_flush_partial(app.srcs[i].src);
			partial_since = -1;
			got = 1;
		}
		if (got) {
			app.dirty = 1;
			rate_until = now + 2100;	/* refresh r/s once data stops */
		} else if (rate_until >= 0 && now >= rate_until) {
			rate_until = -1;
			app.dirty = 1;
		}
	}
	tui_stop(app.tui);
	free(pfds);
	free(who);
	app_free(&app);
	return status;
}
