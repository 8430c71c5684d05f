/*
 * app.c: the interactive TUI's owner and its event loop.
 *
 * struct app owns everything of a TUI session: the sources and their
 * record indexes (struct asrc), the follower, the panes, the terminal.
 * It knows nothing of curses itself: drawing and keys are tui/'s.
 *
 * Each turn (app_prepare, loop_once of core/loop.c, app_after) sleeps in
 * poll() on the terminal, the loop's signal self-pipe, the inotify fd and
 * the pipes of stdin / command sources; pipes are read only there, one
 * non-blocking read per wake-up, so a silent command never holds a key.
 * Its timeout is -1 (no wake-ups at all) unless something is pending: a redraw held back
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
 *
 * Quitting (q, SIGTERM/SIGHUP/SIGINT, the terminal gone) ends every
 * command's process group -- SIGTERM, SOURCE_GRACE_MS, then SIGKILL -- so
 * no child outlives tailor; a fatal error restores the terminal and kills
 * them first (xmalloc_on_fatal).
 */
#include "app_int.h"

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
#include "loop.h"
#include "mode.h"
#include "filters/regex.h"
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
	if (as->app != NULL)
		as->app->dirty = 1;	/* "deleted", "truncated": say it at once */
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

/* T: the go-to-time prompt's accept function. */
int
app_accept_time(struct app *app, const char *line, int again, char **msg)
{
	(void)again;
	return app_goto_time(app, line, msg);
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
	uint64_t		 size, off, since;

	app->nsrcs = opt->nsrcs;
	app->srcs = xcalloc(app->nsrcs, sizeof *app->srcs);
	app->stores = xcalloc(app->nsrcs, sizeof *app->stores);
	for (i = 0; i < app->nsrcs; i++) {
		const struct srcspec	*spec = &opt->srcs[i];

		as = &app->srcs[i];
		as->app = app;
		stats_init(&as->stats, spec->kind == SOURCE_STDIN ? "(stdin)" :
		    spec->arg);
		as->store = lstore_create(spec->fmt, app->tree, &as->stats,
		    spec->kind != SOURCE_FILE, APP_TEXT_CAP);
		app->stores[i] = as->store;
		ops.lines = app_source_lines;
		ops.event = app_source_event;
		ops.segment = app_source_segment;
		ops.arg = as;
		as->src = source_open_flags(spec->kind, spec->arg, &ops,
		    spec->rotated ? SOURCE_ROTATED : 0);
		source_set_index(as->src, (int)i);
		as->format = spec->fmt != NULL ? "format" : NULL;
		if (spec->kind != SOURCE_FILE || source_fd(as->src) == -1)
			continue;
		size = source_size(as->src);
		since = 0;
		if (opt->lines < 0 && app->base->since != INT64_MIN &&
		    tseek_since(source_fd(as->src), size, spec->fmt,
		    app->base->since, &off) == 0 && off > 0) {
			/* In time order: nothing before --since is read. */
			since = off;
			source_seek(as->src, off);
			if (size - off <= APP_TAIL_BYTES)
				continue;
		}
		if (opt->lines >= 0 && !app_filtering(app)) {
			off = group_tail_offset(source_fd(as->src), size,
			    (uint64_t)opt->lines, spec->fmt);
			source_seek(as->src, off);
		} else if (size - since > APP_TAIL_BYTES) {
			off = group_tail_offset(source_fd(as->src), size,
			    APP_TAIL_RECORDS, spec->fmt);
			if (off < since)
				off = since;
			source_seek(as->src, off);
			source_check(as->src);
			/* [since, off) in the background; the workers wake the
			 * loop through its self-pipe. */
			lstore_head_begin(as->store, since, off,
			    loop_wake_fd(app->loop));
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

/* A signal, through the loop's self-pipe; 1 stops the turn (quit). */
static int
app_on_signal(void *arg, int fd, int sig)
{
	struct app	*app = arg;

	(void)fd;
	switch (sig) {
	case SIGWINCH:
		tui_resize(app->tui);
		app->dirty = 1;
		return 0;
	case SIGCHLD:
		app_reap(app);
		app->dirty = 1;
		return 0;
	case 0:
		/* A head's indexing threads are done (lstore.c). */
		return 0;
	}
	app->quit = 1;		/* SIGTERM, SIGHUP, SIGINT */
	return 1;
}

/* Catch the signals the TUI answers through the loop's self-pipe. */
static void
app_signals_init(struct app *app)
{
	static const int	sigs[] = { SIGWINCH, SIGCHLD, SIGTERM, SIGHUP,
				    SIGINT };

	loop_signals(app->loop, sigs, (int)(sizeof sigs / sizeof sigs[0]),
	    app_on_signal, app);
}

/* Free everything the app owns. */
static void
app_free(struct app *app)
{
	struct source	**v = xcalloc(app->nsrcs + 1, sizeof *v);
	size_t		  i;

	/* Commands first, all together: one grace period, not one each. */
	for (i = 0; i < app->nsrcs; i++)
		v[i] = app->srcs[i].src;
	source_stop(v, app->nsrcs, SOURCE_GRACE_MS);
	free(v);
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
	mode_free_all(app);
	free(app->status);
	for (i = 0; i < app->nhl; i++)
		regex_free(app->hl[i]);
	loop_free(app->loop);
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

/* The terminal is readable: keys; 1 when it went away (stop the turn). */
static int
app_on_tty(void *arg, int fd, int revents)
{
	struct app	*app = arg;
	int		 was_dirty = app->dirty;

	(void)fd;
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		app->exit_status = 1;	/* the terminal went away */
		app->quit = 1;
		return 1;
	}
	app->dirty = 0;
	tui_keys(app);
	/* Readable but no key, again and again: the terminal is gone. */
	app->idle_keys = app->dirty ? 0 : app->idle_keys + 1;
	if (app->idle_keys > 1000) {
		app->exit_status = 1;
		app->quit = 1;
		return 1;
	}
	app->dirty |= was_dirty;
	if (app->dirty)
		app->last_draw = 0;	/* answer keys at once */
	return app->quit;
}

/* The follower's inotify fd is readable. */
static int
app_on_follow(void *arg, int fd, int revents)
{
	struct app	*app = arg;

	(void)fd;
	(void)revents;
	app->got += follow_dispatch(app->follow);
	return 0;
}

/*
 * A pipe source (stdin, a command) is readable: one read, never blocking
 * (poll said so). At its end the pipe is closed and the command reaped.
 */
static int
app_on_source(void *arg, int fd, int revents)
{
	struct asrc	*as = arg;

	(void)fd;
	(void)revents;
	if (source_read(as->src, 0) <= 0 && source_at_end(as->src)) {
		source_close(as->src);
		as->eof = 1;
		app_reap(as->app);
	}
	as->app->got = 1;
	return 0;
}

/* Data stopped 2.1 s ago: one more frame, so the r/s figures drop. */
static int
app_on_rate(void *arg, int fd, int revents)
{
	struct app	*app = arg;

	(void)fd;
	(void)revents;
	app->rate_until = -1;
	app->dirty = 1;
	return 0;
}

/* The config's highlight = RE lines (a bad one is said on the status line). */
static void
app_highlights(struct app *app)
{
	struct regex	*re;
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; i < app->opt->nhighlights && app->nhl < APP_HL_MAX; i++) {
		re = regex_compile(app->opt->highlights[i], app->base->rcase,
		    &cause);
		if (re == NULL) {
			app_status(app, 1, "config highlight '%s': %s",
			    app->opt->highlights[i], cause);
			free(cause);
			cause = NULL;
			continue;
		}
		app->hl[app->nhl++] = re;
	}
}

/* Before a fatal error's message: a usable terminal, no command left behind. */
static void
app_fatal(void)
{
	tui_fatal();
	source_kill_all(SIGKILL);
}

/*
 * Set up a session: the terminal, the loop and its signals, the sources,
 * the panes. Pipes are not read here: their first bytes come through the
 * loop like the rest, so a silent command never holds the screen.
 */
static int
app_start(struct app *app, const struct options *opt, struct filter *filter,
    struct ltree *tree, const struct pyfmt *fmt)
{
	char	*cause = NULL;
	size_t	 i;

	memset(app, 0, sizeof *app);
	app->opt = opt;
	app->base = filter;
	app->tree = tree;
	app->fmt = fmt;
	app->partial_since = app->rate_until = -1;
	stats_init(&app->total, "total");

	app->tui = tui_start(opt->theme, opt->no_color, &cause);
	if (app->tui == NULL) {
		fprintf(stderr, "tailor: %s\n", cause);
		free(cause);
		stats_free(&app->total);
		return -1;
	}
	xmalloc_on_fatal(app_fatal);
	app->loop = loop_create();
	app_signals_init(app);
	app_open_sources(app);
	app->follow = follow_create(opt->poll);
	for (i = 0; i < app->nsrcs; i++)
		follow_add(app->follow, app->srcs[i].src);
	follow_check_all(app->follow);

	app->npanes = app->nsrcs;
	app->panes = xcalloc(app->npanes + 1, sizeof *app->panes);
	for (i = 0; i < app->nsrcs; i++)
		app->panes[i] = pane_create(app, 0, i);
	if (opt->merge) {
		app_toggle_merged(app);
		app->zoom = 1;
	}
	app_highlights(app);
	if (tui_theme_note(app->tui) != NULL)
		app_status(app, 1, "%s", tui_theme_note(app->tui));
	else if (opt->config_note != NULL)
		app_status(app, 1, "config: %s", opt->config_note);
	app->dirty = 1;
	return 0;
}

/* Draw a frame if one is due: APP_FRAME_MS apart, APP_WOKE_MS when a quiet source spoke. */
static int
app_frame(struct app *app, int64_t now)
{
	size_t	i;
	int	woke = 0, gap;

	for (i = 0; i < app->nsrcs; i++)
		woke |= app->srcs[i].woke;
	gap = woke ? APP_WOKE_MS : APP_FRAME_MS;
	if (app->dirty && now - app->last_draw >= gap) {
		if (app->mode == MODE_TREE)
			app_sum_total(app);
		tui_draw(app);
		app->last_draw = now;
		app->dirty = 0;
		for (i = 0; i < app->nsrcs; i++)
			app->srcs[i].woke = 0;
	}
	return gap;
}

/*
 * Before sleeping: background work, the counters, a frame if one is due,
 * then what the loop waits for -- fds, and the deadlines of what is
 * pending. With no deadline the sleep lasts until input.
 */
static void
app_prepare(struct app *app)
{
	const struct mode *m;
	size_t		 i;
	int		 more, gap, t;
	int64_t		 now;

	more = app_work(app);
	now = clock_ms();
	for (i = 0; i < app->nsrcs; i++) {
		app_rate_tick(&app->srcs[i], now);
		app_detect_format(app, &app->srcs[i]);
	}
	gap = app_frame(app, now);

	if (more)
		loop_at(app->loop, now, NULL, NULL);
	loop_after(app->loop, follow_timeout(app->follow), NULL, NULL);
	if (app->indexing)		/* progress on the title */
		loop_at(app->loop, now + APP_INDEX_POLL_MS, NULL, NULL);
	m = mode_get(app->mode);		/* the dashboard's live numbers */
	t = m->timeout != NULL ? m->timeout(app, now) : -1;
	if (t == 0)
		app->dirty = 1;
	else if (t > 0)
		loop_at(app->loop, now + t, NULL, NULL);
	if (app->dirty)
		loop_at(app->loop, app->last_draw + gap, NULL, NULL);
	if (app->partial_since >= 0)
		loop_at(app->loop, app->partial_since + APP_PARTIAL_MS, NULL,
		    NULL);
	loop_at(app->loop, app->rate_until, app_on_rate, app);

	loop_add(app->loop, tui_fd(app->tui), app_on_tty, app);
	loop_add(app->loop, follow_fd(app->follow), app_on_follow, app);
	for (i = 0; i < app->nsrcs; i++)
		if (!app->srcs[i].eof)
			loop_add(app->loop, source_pollfd(app->srcs[i].src),
			    app_on_source, &app->srcs[i]);
}

/*
 * After a turn: polled files, a line without its newline shown after a
 * quiet APP_PARTIAL_MS, and the rate refresh armed while data flows.
 */
static void
app_after(struct app *app)
{
	size_t	i;
	int	partial = 0;
	int64_t	now;

	app->got += follow_tick(app->follow);
	now = clock_ms();
	for (i = 0; i < app->nsrcs; i++)
		if (source_partial_len(app->srcs[i].src) > 0)
			partial = 1;
	if (!partial || app->got)
		app->partial_since = partial ? now : -1;
	else if (app->partial_since >= 0 &&
	    now - app->partial_since >= APP_PARTIAL_MS) {
		for (i = 0; i < app->nsrcs; i++)
			if (source_partial_len(app->srcs[i].src) > 0)
				source_flush_partial(app->srcs[i].src);
		app->partial_since = -1;
		app->got = 1;
	}
	if (app->got) {
		app->dirty = 1;
		app->rate_until = now + 2100;	/* refresh r/s once data stops */
	}
	app->got = 0;
}

/* Run the TUI until the user quits. */
int
app_run(const struct options *opt, struct filter *filter, struct ltree *tree,
    const struct pyfmt *fmt)
{
	struct app	app;
	int		status;

	if (app_start(&app, opt, filter, tree, fmt) == -1)
		return 2;
	while (!app.quit) {
		app_prepare(&app);
		if (loop_once(app.loop) != 0 || app.quit)
			break;
		app_after(&app);
	}
	tui_stop(app.tui);
	xmalloc_on_fatal(NULL);
	status = app.exit_status;
	app_free(&app);
	return status;
}
