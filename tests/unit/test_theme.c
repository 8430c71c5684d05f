/*
 * test_theme.c: the theme loader: every built-in theme, the syntax, the
 * "FILE:LINE: what is wrong" messages for broken files, fallback to the
 * default, and the stable logger colour.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "themes/theme.h"

static char tmpdir[] = "/tmp/test_theme.XXXXXX";

/* Write text[0..len) to tmpdir/name; returns the path (static buffer). */
static const char *
write_file(const char *name, const char *text, size_t len)
{
	static char	 path[256];
	FILE		*f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

/* Is t identical to the built-in default? */
static int
is_default(const struct theme *t)
{
	struct theme	d;

	memset(&d, 0, sizeof d);
	assert_int_equal(theme_load_builtin(&d, "default"), 0);
	return strcmp(t->name, d.name) == 0 &&
	    memcmp(t->style, d.style, sizeof d.style) == 0;
}

/* Every built-in theme loads, by name and through theme_load. */
static void
test_builtins_load(void **state)
{
	const char *const	*names = theme_builtin_names();
	static const char	*want[] = { "default", "dark-256", "light-256",
	    "solarized-dark", "high-contrast", "mono" };
	size_t			 i, j, count = 0;
	struct theme		 t;
	char			*cause = NULL;

	for (i = 0; names[i] != NULL; i++) {
		assert_int_equal(theme_load_builtin(&t, names[i]), 0);
		assert_string_equal(t.name, names[i]);
		assert_int_equal(theme_load(&t, names[i], &cause), 0);
		assert_null(cause);
		assert_string_equal(t.name, names[i]);
		count++;
	}
	for (j = 0; j < sizeof want / sizeof want[0]; j++) {
		for (i = 0; names[i] != NULL; i++)
			if (strcmp(names[i], want[j]) == 0)
				break;
		if (names[i] == NULL)
			fail_msg("built-in theme %s missing", want[j]);
	}
	assert_true(count >= 6);
	assert_int_equal(theme_load_builtin(&t, "nope"), -1);
	assert_true(is_default(&t));
}

/* Every built-in theme names every element (at the start of a line). */
static void
test_builtins_complete(void **state)
{
	const struct theme_builtin	*b;
	int				 e;

	for (b = theme_builtins; b->name != NULL; b++) {
		for (e = 0; e < THEME_COUNT; e++) {
			const char	*name = theme_elem_name(e), *p = b->text;
			size_t		 nl = strlen(name);
			int		 found = 0;

			while (p != NULL && *p != '\0') {
				if (strncmp(p, name, nl) == 0 &&
				    (p[nl] == ' ' || p[nl] == '\t' ||
				    p[nl] == '\n'))
					found = 1;
				p = strchr(p, '\n');
				if (p != NULL)
					p++;
			}
			if (!found)
				fail_msg("theme %s lacks %s", b->name, name);
		}
	}
}

/* mono has no colours; default uses only the 8 basic colours. */
static void
test_mono_and_default(void **state)
{
	struct theme	t;
	int		e, attrs = 0;

	assert_int_equal(theme_load_builtin(&t, "mono"), 0);
	for (e = 0; e < THEME_COUNT; e++) {
		assert_int_equal(t.style[e].fg256, -1);
		assert_int_equal(t.style[e].bg256, -1);
		assert_int_equal(t.style[e].fg16, -1);
		assert_int_equal(t.style[e].bg16, -1);
		attrs |= t.style[e].attrs;
	}
	assert_true(attrs & THEME_ATTR_BOLD);
	assert_true(attrs & THEME_ATTR_REVERSE);
	assert_true(t.style[THEME_LEVEL_ERROR].attrs != 0);

	assert_int_equal(theme_load_builtin(&t, "default"), 0);
	for (e = 0; e < THEME_COUNT; e++) {
		assert_true(t.style[e].fg256 >= -1 && t.style[e].fg256 <= 7);
		assert_true(t.style[e].bg256 >= -1 && t.style[e].bg256 <= 7);
		assert_true(t.style[e].fg16 >= -1 && t.style[e].fg16 <= 7);
		assert_true(t.style[e].bg16 >= -1 && t.style[e].bg16 <= 7);
	}
	assert_int_equal(t.style[THEME_LEVEL_ERROR].fg16, 1);
	assert_int_equal(t.style[THEME_LEVEL_ERROR].attrs, THEME_ATTR_BOLD);

	/* The 16-colour fallback of 256-colour themes is always 0-15. */
	assert_int_equal(theme_load_builtin(&t, "dark-256"), 0);
	for (e = 0; e < THEME_COUNT; e++) {
		assert_true(t.style[e].fg16 >= -1 && t.style[e].fg16 <= 15);
		assert_true(t.style[e].bg16 >= -1 && t.style[e].bg16 <= 15);
	}
}

/* The syntax: colours, fallbacks, attributes, groups, inherit. */
static void
test_syntax(void **state)
{
	const char	*text =
	    "# comment\n"
	    "\n"
	    "level.error  fg=196/red  bg=default  bold underline  # trailing\n"
	    "level.info\tfg=green\tbg=236/default\r\n"
	    "   logger fg=196\n"
	    "timestamp FG=Bright-Blue bg=8/gray italic\n"
	    "message\n"
	    "match none\n"
	    "search fg=default/3 reverse standout blink dim\n"
	    "source.* fg=34\n"
	    "title fg=231/15";
	struct theme	t;
	char		*cause = NULL;
	int		 e;

	assert_int_equal(theme_parse(&t, "mine", text, strlen(text), &cause),
	    0);
	assert_null(cause);
	assert_string_equal(t.name, "mine");
	assert_int_equal(t.style[THEME_LEVEL_ERROR].fg256, 196);
	assert_int_equal(t.style[THEME_LEVEL_ERROR].fg16, 1);
	assert_int_equal(t.style[THEME_LEVEL_ERROR].bg256, -1);
	assert_int_equal(t.style[THEME_LEVEL_ERROR].bg16, -1);
	assert_int_equal(t.style[THEME_LEVEL_ERROR].attrs,
	    THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	assert_int_equal(t.style[THEME_LEVEL_INFO].fg256, 2);
	assert_int_equal(t.style[THEME_LEVEL_INFO].fg16, 2);
	assert_int_equal(t.style[THEME_LEVEL_INFO].bg256, 236);
	assert_int_equal(t.style[THEME_LEVEL_INFO].bg16, -1);
	/* 196 alone: nearest basic colour is bright red. */
	assert_int_equal(t.style[THEME_LOGGER].fg256, 196);
	assert_int_equal(t.style[THEME_LOGGER].fg16, 9);
	assert_int_equal(t.style[THEME_TIMESTAMP].fg256, 12);
	assert_int_equal(t.style[THEME_TIMESTAMP].fg16, 12);
	assert_int_equal(t.style[THEME_TIMESTAMP].bg256, 8);
	assert_int_equal(t.style[THEME_TIMESTAMP].bg16, 8);
	assert_int_equal(t.style[THEME_TIMESTAMP].attrs, THEME_ATTR_ITALIC);
	assert_int_equal(t.style[THEME_MESSAGE].fg256, -1);
	assert_int_equal(t.style[THEME_MESSAGE].attrs, 0);
	assert_int_equal(t.style[THEME_SEARCH].fg256, -1);
	assert_int_equal(t.style[THEME_SEARCH].fg16, 3);
	assert_int_equal(t.style[THEME_SEARCH].attrs, THEME_ATTR_REVERSE |
	    THEME_ATTR_STANDOUT | THEME_ATTR_BLINK | THEME_ATTR_DIM);
	for (e = THEME_SOURCE_1; e <= THEME_SOURCE_8; e++) {
		assert_int_equal(t.style[e].fg256, 34);
		assert_int_equal(t.style[e].fg16, 2);	/* green */
	}
	assert_int_equal(t.style[THEME_TITLE].fg16, 15);
	/* Unnamed elements are plain. */
	assert_int_equal(t.style[THEME_BORDER].fg256, -1);
	assert_int_equal(t.style[THEME_BORDER].attrs, 0);

	/* Grey ramp and cube map down sensibly. */
	assert_int_equal(theme_parse(&t, "g", "border fg=232 bg=255", 20, NULL),
	    0);
	assert_int_equal(t.style[THEME_BORDER].fg16, 0);
	assert_int_equal(t.style[THEME_BORDER].bg16, 7);	/* 238 grey */
	assert_int_equal(theme_parse(&t, "g", "border fg=21 bg=46", 18, NULL),
	    0);
	assert_int_equal(t.style[THEME_BORDER].fg16, 4);
	assert_int_equal(t.style[THEME_BORDER].bg16, 10);

	/* level.* covers exactly the levels. */
	assert_int_equal(theme_parse(&t, "l", "level.* bold", 12, NULL), 0);
	for (e = 0; e < THEME_COUNT; e++)
		assert_int_equal(t.style[e].attrs,
		    e <= THEME_LEVEL_CRITICAL ? THEME_ATTR_BOLD : 0);

	/* Text need not be NUL-terminated: len is honoured. */
	assert_int_equal(theme_parse(&t, "n", "logger bold\nXXX", 11, NULL), 0);
	assert_int_equal(t.style[THEME_LOGGER].attrs, THEME_ATTR_BOLD);
	/* A byte order mark and CRLF line ends are fine. */
	assert_int_equal(theme_parse(&t, "b", "\xef\xbb\xbf# c\r\nlogger dim\r\n",
	    19, NULL), 0);
	assert_int_equal(t.style[THEME_LOGGER].attrs, THEME_ATTR_DIM);
	/* Empty text: all plain. */
	assert_int_equal(theme_parse(&t, "e", "", 0, NULL), 0);
	assert_int_equal(t.style[THEME_LEVEL_ERROR].fg256, -1);
}

/* inherit starts from a built-in theme. */
static void
test_inherit(void **state)
{
	const char	*text = "# mine\ninherit dark-256\nlevel.error fg=46\n";
	struct theme	 t, d;
	char		*cause = NULL;

	assert_int_equal(theme_load_builtin(&d, "dark-256"), 0);
	assert_int_equal(theme_parse(&t, "mine", text, strlen(text), &cause),
	    0);
	assert_string_equal(t.name, "mine");
	assert_int_equal(t.style[THEME_LEVEL_ERROR].fg256, 46);
	assert_memory_equal(&t.style[THEME_LEVEL_INFO],
	    &d.style[THEME_LEVEL_INFO], sizeof d.style[0]);
	assert_memory_equal(&t.style[THEME_BORDER], &d.style[THEME_BORDER],
	    sizeof d.style[0]);
}

/* Load a broken file and check the exact message and the fallback. */
static void
expect_broken(const char *fname, const char *text, size_t len,
    const char *want_suffix)
{
	struct theme	 t;
	const char	*path = write_file(fname, text, len);
	char		*cause = NULL, want[2048];

	memset(&t, 0x55, sizeof t);
	assert_int_equal(theme_load_file(&t, path, &cause), -1);
	assert_non_null(cause);
	snprintf(want, sizeof want, "%s%s", path, want_suffix);
	if (strcmp(cause, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", cause, want);
	assert_true(is_default(&t));
	free(cause);

	/* theme_load says the same. */
	cause = NULL;
	memset(&t, 0x55, sizeof t);
	assert_int_equal(theme_load(&t, path, &cause), -1);
	assert_string_equal(cause, want);
	assert_true(is_default(&t));
	free(cause);
}

#define BROKEN(text, want) expect_broken("bad.theme", text, sizeof text - 1, want)

/* Broken files: "FILE:LINE: what is wrong", theme left at default. */
static void
test_broken(void **state)
{
	char	*big;
	size_t	 i;

	BROKEN("# c\n\nlevel.eror fg=red\n",
	    ":3: unknown element 'level.eror'");
	BROKEN("level.error fg=256\n",
	    ":1: bad colour '256' (want 0-255, a colour name or default)");
	BROKEN("level.error\n  logger  fg=purple\n",
	    ":2: bad colour 'purple' (want 0-255, a colour name or default)");
	BROKEN("level.error fg=\n",
	    ":1: bad setting 'fg=' (want fg=COLOUR or bg=COLOUR)");
	BROKEN("level.error fg=-1\n",
	    ":1: bad colour '-1' (want 0-255, a colour name or default)");
	BROKEN("level.error bg=196/200\n",
	    ":1: bad fallback colour '200' (want 0-15, a colour name or "
	    "default)");
	BROKEN("level.error bg=196/\n",
	    ":1: bad fallback colour '' (want 0-15, a colour name or "
	    "default)");
	BROKEN("level.error bold\nlevel.warning blod\n",
	    ":2: unknown attribute 'blod' (want bold, dim, underline, "
	    "reverse, italic, standout, blink or none)");
	BROKEN("level.error colour=red\n",
	    ":1: bad setting 'colour=red' (want fg=COLOUR or bg=COLOUR)");
	BROKEN("a\nb\x00\x01\x02junk\n", ":1: unknown element 'a'");
	BROKEN("# ok\nlevel.info \x00\x01\x02\xff junk\n",
	    ":2: binary data (byte 0x00)");
	BROKEN("\x7f" "ELF\x02\x01\x01", ":1: binary data (byte 0x7f)");
	/* Escape sequences in the input never reach the message raw. */
	BROKEN("\xe2\x80\xae" "level.info\n",
	    ":1: unknown element '<U+202E>level.info'");
	BROKEN("level.info fg=\x9b" "31m\n",
	    ":1: bad colour '\\x9b31m' (want 0-255, a colour name or "
	    "default)");
	BROKEN("level.info \xff\xfe\n",
	    ":1: unknown attribute '\\xff\\xfe' (want bold, dim, underline, "
	    "reverse, italic, standout, blink or none)");
	BROKEN("level.info bold\ninherit mono\n",
	    ":2: inherit must come before any element");
	BROKEN("inherit nosuch\n", ":1: unknown theme 'nosuch' to inherit");
	BROKEN("inherit\n", ":1: inherit wants one theme name");
	BROKEN("foo.* bold\n", ":1: unknown element 'foo.*'");

	/* An over-long line. */
	big = malloc(4000);
	assert_non_null(big);
	memcpy(big, "# ok\nlogger ", 12);
	for (i = 12; i < 2012; i++)
		big[i] = ' ';
	memcpy(big + 2012, "bold\n", 5);
	expect_broken("long.theme", big, 2017,
	    ":2: line too long (2011 bytes, at most 1024)");
	free(big);

	/* Too large a file. */
	big = malloc(THEME_MAX_SIZE + 100);
	assert_non_null(big);
	memset(big, '\n', THEME_MAX_SIZE + 100);
	expect_broken("huge.theme", big, THEME_MAX_SIZE + 100,
	    ": too large (over 65536 bytes)");
	free(big);
}

/* Files that cannot be read, unknown names, and the name of a file theme. */
static void
test_files(void **state)
{
	struct theme	 t;
	char		*cause = NULL, path[300];
	const char	*p;

	snprintf(path, sizeof path, "%s/missing.theme", tmpdir);
	assert_int_equal(theme_load_file(&t, path, &cause), -1);
	assert_non_null(strstr(cause, "missing.theme: No such file"));
	assert_true(is_default(&t));
	free(cause);

	cause = NULL;
	assert_int_equal(theme_load(&t, "nosuch", &cause), -1);
	assert_string_equal(cause, "unknown theme 'nosuch' (built-in: "
	    "dark-256, default, high-contrast, light-256, mono, "
	    "solarized-dark; or a file path)");
	assert_true(is_default(&t));
	free(cause);

	cause = NULL;
	assert_int_equal(theme_load(&t, tmpdir, &cause), -1);
	assert_non_null(strstr(cause, ": Is a directory"));
	free(cause);

	/* A FIFO: refused at once (opening it must not wait for a writer). */
	cause = NULL;
	snprintf(path, sizeof path, "%s/fifo.theme", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(theme_load_file(&t, path, &cause), -1);
	assert_non_null(strstr(cause, "fifo.theme: not a regular file"));
	assert_true(is_default(&t));
	free(cause);
	unlink(path);

	p = write_file("my-look.theme", "inherit mono\nlevel.error fg=red\n",
	    32);
	cause = NULL;
	assert_int_equal(theme_load(&t, p, &cause), 0);
	assert_null(cause);
	assert_string_equal(t.name, "my-look");
	assert_int_equal(t.style[THEME_LEVEL_ERROR].fg16, 1);

	/* theme_load with NULL or "" is the default. */
	assert_int_equal(theme_load(&t, NULL, NULL), 0);
	assert_true(is_default(&t));
	assert_int_equal(theme_load(&t, "", NULL), 0);
	assert_true(is_default(&t));
	/* A NULL cause is allowed. */
	assert_int_equal(theme_parse(&t, "x", "bogus", 5, NULL), -1);
	assert_true(is_default(&t));
}

/* Element names round-trip. */
static void
test_elem_names(void **state)
{
	int	e;

	for (e = 0; e < THEME_COUNT; e++) {
		const char	*n = theme_elem_name(e);

		assert_non_null(n);
		assert_int_equal(theme_elem_find(n, strlen(n)), e);
	}
	assert_null(theme_elem_name(THEME_COUNT));
	assert_null(theme_elem_name((enum theme_elem)-1));
	assert_string_equal(theme_elem_name(THEME_LEVEL_WARNING),
	    "level.warning");
	assert_string_equal(theme_elem_name(THEME_SOURCE_8), "source.8");
	assert_string_equal(theme_elem_name(THEME_TREE_SELECTED),
	    "tree.selected");
	assert_int_equal(theme_elem_find("level.err", 9), -1);
}

/* Logger colours are stable, in range and well spread. */
static void
test_logger_colour(void **state)
{
	unsigned	seen[THEME_LOGGER_NCOLOURS] = { 0 };
	char		name[32];
	int		i, j;

	/* FNV-1a 32 of "app.db" is 0xa3df90cc. */
	assert_int_equal(theme_logger_colour("app.db", 6,
	    THEME_LOGGER_NCOLOURS), 20);
	assert_int_equal(theme_logger_colour("app.db", 6, 256), 204);
	assert_int_equal(theme_logger_colour("app.db", 6, 8), 4);
	assert_int_equal(theme_logger_colour("app.db", 6, 0), 0);
	/* Length is honoured: "app.dbX" with len 6 is "app.db". */
	assert_int_equal(theme_logger_colour("app.dbX", 6,
	    THEME_LOGGER_NCOLOURS), 20);
	assert_int_equal(theme_logger_colour("", 0, 1000), 2166136261u % 1000);

	for (i = 0; i < 2400; i++) {
		snprintf(name, sizeof name, "svc%d.module", i);
		seen[theme_logger_colour(name, strlen(name),
		    THEME_LOGGER_NCOLOURS)]++;
	}
	for (i = 0; i < THEME_LOGGER_NCOLOURS; i++) {
		assert_true(seen[i] > 50);
		assert_true(theme_logger_palette256[i] >= 16 &&
		    theme_logger_palette256[i] <= 231);
		assert_true(theme_logger_palette16[i] >= 1 &&
		    theme_logger_palette16[i] <= 6);
		for (j = 0; j < i; j++)
			assert_int_not_equal(theme_logger_palette256[i],
			    theme_logger_palette256[j]);
	}
}

/* Make and remove the scratch directory. */
static int
setup(void **state)
{
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

/* Remove the scratch files. */
static int
teardown(void **state)
{
	char	cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtins_load),
		cmocka_unit_test(test_builtins_complete),
		cmocka_unit_test(test_mono_and_default),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_inherit),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_elem_names),
		cmocka_unit_test(test_logger_colour),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
