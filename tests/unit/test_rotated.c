/* test_rotated.c: a log's rotated predecessors, oldest first. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "input/rotated.h"

/* Make an empty file dir/name. */
static void
touch(const char *dir, const char *name)
{
	char	*p = xasprintf("%s/%s", dir, name);
	int	 fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd != -1);
	close(fd);
	free(p);
}

/* Remove dir and the files in it. */
static void
cleanup(const char *dir)
{
	char	*cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Numbered (higher is older), dated (ascending), suffixes; strangers ignored. */
static void
test_rotated_order(void **state)
{
	char		 dir[] = "/tmp/test_rotated.XXXXXX";
	static const char *const want[] = {
		"app.log-20261120", "app.log-20261121.gz", "app.log-20261122-1764000000",
		"app.log.10.gz", "app.log.9.xz", "app.log.3.bz2", "app.log.2.zst",
		"app.log.1.gz", "app.log.1",
	};
	static const char *const others[] = {
		"app.log", "app.log.old", "app.log.1.tmp", "app.log.gz", "app.logx.1",
		"app.log-", "app.log.", "app.log.1.gz.bak", "other.log.1", "app.log-2026a",
	};
	char		**list, *p;
	size_t		 n, i;

	assert_non_null(mkdtemp(dir));
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		touch(dir, want[sizeof want / sizeof want[0] - 1 - i]);
	for (i = 0; i < sizeof others / sizeof others[0]; i++)
		touch(dir, others[i]);
	p = xasprintf("%s/app.log.5", dir);	/* a directory is no member */
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	list = rotated_list(dir, "app.log", &n);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (i = 0; i < n; i++) {
		p = xasprintf("%s/%s", dir, want[i]);
		assert_string_equal(list[i], p);
		free(p);
	}
	rotated_free(list, n);
	list = rotated_list(dir, "nothing.log", &n);
	assert_null(list);
	assert_int_equal(n, 0);
	cleanup(dir);
	list = rotated_list(dir, "app.log", &n);	/* gone: none */
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rotated_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
