/* export.h: S saves a pane's records to a file or a command; y / Y copy through OSC 52. */
#ifndef EXPORT_H
#define EXPORT_H

#include <stddef.h>

struct app;
struct pane;

#define EXPORT_COPY_MAX	(100 * 1000)	/* bytes copied through OSC 52 at most */

/*
 * Write the pane's records (its filters applied, as written) to path, or
 * to the shell command after "|". An existing file is replaced only with
 * force. Returns 0 (done), 1 (path exists: ask, then call again with
 * force), -1 (error); *msg says what happened (allocated).
 */
int	export_save(struct app *, struct pane *, const char *path, int force,
	    char **msg);
/* Copy the record at view index at (screen 0) or the records on screen to the clipboard. */
void	export_copy(struct app *, struct pane *, int screen, size_t at);

#endif
