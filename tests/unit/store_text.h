/*
 * store_text.h: a small Python log and a temporary file holding text, for
 * the line store's and the views' tests (test_lstore.c, test_view.c).
 * Included after cmocka.h.
 */
#ifndef STORE_TEXT_H
#define STORE_TEXT_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char text_a[] =
    "2024-01-02 03:04:01,000 - app.db - INFO - connected\n"
    "2024-01-02 03:04:03,000 - app.api - ERROR - boom\n"
    "Traceback (most recent call last):\n"
    "KeyError: 'user'\n"
    "2024-01-02 03:04:05,000 - sqlalchemy.engine - DEBUG - select\n";

/* A file holding text, opened read-only; its name in path (>= 32 bytes). */
static inline int
file_with(const char *text, char *path)
{
	int	fd;

	strcpy(path, "/tmp/test_view_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	return fd;
}

#endif
