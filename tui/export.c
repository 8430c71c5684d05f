/*
 * export.c: getting records out of the TUI -- S saves what a pane shows,
 * y / Y copy to the terminal's clipboard.
 *
 * S writes the focused pane's records that pass its filters (its view),
 * as written: the same bytes `--print` prints with the same filters (CR
 * of CRLF line ends dropped, each record ending in a newline). The file
 * is written under a temporary name in the target's directory and renamed
 * over it at the end, so an error (permission, full disk) leaves nothing
 * partial under the target name; an existing file is only replaced after
 * the user confirms. "| CMD" pipes the records to a shell command instead
 * (`| less`, `| gzip > x.gz`), with the terminal lent to it meanwhile.
 * Records longer than LSTORE_MAXREC are kept cut in the index: they are
 * written cut and counted in the message.
 *
 * y copies the marked record (the one Enter acts on), Y every record on
 * screen, through OSC 52 (tui_osc52): it
 * works over ssh and inside tmux (set-clipboard on), where no X clipboard
 * is reachable. Over EXPORT_COPY_MAX bytes the copy is refused with a
 * message (terminals drop bigger OSC 52 payloads silently).
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "core/xmalloc.h"
#include "model/lstore.h"
#include "pane.h"
#include "tui.h"

/* Output being written: a buffer flushed to fd (file or pipe), or kept whole (fd -1). */
struct export_out {
	int	 fd;
	char	*buf;
	size_t	 len, size;
	int	 err;		/* first write error (errno) */
	uint64_t records;
	uint64_t cut;		/* records longer than the index keeps */
};

/* Write the buffer out. */
static void
export_flush(struct export_out *o)
{
	size_t	off = 0;
	ssize_t	n;

	if (o->fd == -1)
		return;		/* kept in memory */
	while (off < o->len && o->err == 0) {
		n = write(o->fd, o->buf + off, o->len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			o->err = n == 0 ? EIO : errno;
		else
			off += (size_t)n;
	}
	o->len = 0;
}

/* Append bytes. */
static void
export_put(struct export_out *o, const char *p, size_t n)
{
	if (o->len + n > o->size) {
		export_flush(o);
		if (o->len + n > o->size)
			XGROW(o->buf, o->size, o->len + n, 64 * 1024);
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* Append a record's text as --print writes it: no CR before LF, a final newline. */
static void
export_record(struct export_out *o, const char *text, size_t len)
{
	const char	*p = text, *end = text + len, *nl;
	size_t		 n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		export_put(o, p, n);
		export_put(o, "\n", 1);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (len == 0)
		export_put(o, "\n", 1);
}

/* Every record of the pane's view [from, to] into o. */
static void
export_records(struct pane *p, struct export_out *o, size_t from, size_t to)
{
	const char	*text;
	size_t		 i, len;
	uint64_t	 ent, full;

	for (i = from; i <= to && i < view_count(&p->view) && o->err == 0; i++) {
		ent = view_entry(&p->view, i);
		text = lstore_text(p->view.stores[VIEW_ENT_STORE(ent)],
		    VIEW_ENT_ID(ent), &len, &full);
		if (text == NULL)
			continue;
		if (full > len)
			o->cut++;
		export_record(o, text, len);
		o->records++;
	}
	export_flush(o);
}

/* "| CMD": the records into a shell command, the terminal lent to it. */
static int
export_pipe(struct app *app, struct pane *p, const char *cmd, char **msg)
{
	struct export_out	 o;
	FILE			*f;
	int			 status;

	memset(&o, 0, sizeof o);
	tui_suspend(app_tui(app));
	f = popen(cmd, "w");
	if (f == NULL) {
		tui_resume(app_tui(app));
		*msg = xasprintf("cannot run '%s': %s", cmd, strerror(errno));
		return -1;
	}
	o.fd = fileno(f);
	export_records(p, &o, 0, SIZE_MAX);
	status = pclose(f);
	tui_resume(app_tui(app));
	free(o.buf);
	if (o.err != 0 && o.err != EPIPE) {
		*msg = xasprintf("| %s: %s", cmd, strerror(o.err));
		return -1;
	}
	*msg = xasprintf("%llu records to | %s%s%s", (unsigned long long)o.records,
	    cmd, status > 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0 ?
	    " (it exited non-zero)" : "", o.err == EPIPE ? " (it stopped reading)" :
	    "");
	return 0;
}

/* Save the pane's records to path (or "| CMD"). */
int
export_save(struct app *app, struct pane *p, const char *path, int force,
    char **msg)
{
	struct export_out	 o;
	struct stat		 st;
	char			*tmp, *slash;
	int			 fd;
	mode_t			 um;

	while (*path == ' ')
		path++;
	if (*path == '|') {
		path++;
		while (*path == ' ')
			path++;
		if (*path == '\0') {
			*msg = xstrdup("| needs a command, e.g. | less");
			return -1;
		}
		return export_pipe(app, p, path, msg);
	}
	if (*path == '\0') {
		*msg = xstrdup("save wants a file name (or | COMMAND)");
		return -1;
	}
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			*msg = xasprintf("%s is not a regular file", path);
			return -1;
		}
		if (!force) {
			*msg = xasprintf("%s exists: Enter again to replace it", path);
			return 1;
		}
	}
	slash = strrchr(path, '/');
	tmp = slash != NULL ? xasprintf("%.*s/.tailor-save-XXXXXX",
	    (int)(slash - path), path) : xstrdup(".tailor-save-XXXXXX");
	if ((fd = mkstemp(tmp)) == -1) {
		*msg = xasprintf("%s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);		/* mkstemp's 0600 is for secrets */
	memset(&o, 0, sizeof o);
	o.fd = fd;
	export_records(p, &o, 0, SIZE_MAX);
	free(o.buf);
	if (o.err == 0 && fsync(fd) == -1 && errno != EINVAL)
		o.err = errno;
	if (close(fd) == -1 && o.err == 0)
		o.err = errno;
	if (o.err == 0 && rename(tmp, path) == -1)
		o.err = errno;
	if (o.err != 0) {
		unlink(tmp);
		*msg = xasprintf("%s: %s (nothing written)", path,
		    strerror(o.err));
		free(tmp);
		return -1;
	}
	free(tmp);
	*msg = xasprintf("saved %llu records to %s%s", (unsigned long long)
	    o.records, path, o.cut > 0 ? " (some over 1 MB were cut)" : "");
	return 0;
}

/* y / Y: the marked record (at), or the records on screen, to the clipboard. */
void
export_copy(struct app *app, struct pane *p, int screen, size_t at)
{
	struct export_out	 o;
	size_t			 n = view_count(&p->view), from, to;

	if (n == 0) {
		app_status(app, 0, "nothing to copy");
		return;
	}
	if (screen) {
		from = p->vis_first;
		to = p->vis_last;
	} else
		from = to = at < n ? at : n - 1;
	memset(&o, 0, sizeof o);
	o.fd = -1;
	export_records(p, &o, from, to);
	if (o.len > EXPORT_COPY_MAX)
		app_status(app, 1, "%zu bytes: over the %d KB a terminal takes "
		    "through OSC 52 (S saves them)", o.len,
		    EXPORT_COPY_MAX / 1024);
	else if (tui_osc52(app_tui(app), o.buf, o.len) == -1)
		app_status(app, 1, "copy: the terminal write failed");
	else
		app_status(app, 0, "copied %llu record%s (%zu bytes) to the "
		    "terminal's clipboard", (unsigned long long)o.records,
		    o.records == 1 ? "" : "s", o.len);
	free(o.buf);
}
