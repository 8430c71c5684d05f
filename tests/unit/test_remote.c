/* test_remote.c: ssh:// URL parsing and the remote script (input/remote.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "input/remote.h"

/* Parse url; expect success and these parts (NULL: absent). */
static void
expect_url(const char *url, const char *user, const char *host,
    const char *port, const char *path)
{
	struct remote_url	 u;
	char			*cause = NULL;

	assert_int_equal(remote_url_parse(url, &u, &cause), 0);
	if (user == NULL)
		assert_null(u.user);
	else
		assert_string_equal(u.user, user);
	assert_string_equal(u.host, host);
	if (port == NULL)
		assert_null(u.port);
	else
		assert_string_equal(u.port, port);
	assert_string_equal(u.path, path);
	remote_url_free(&u);
}

/* Parse url; expect a refusal that mentions what. */
static void
expect_bad(const char *url, const char *what)
{
	struct remote_url	 u;
	char			*cause = NULL;

	assert_int_equal(remote_url_parse(url, &u, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, what));
	free(cause);
}

/* The URL forms of issue 19. */
static void
test_url_good(void **state)
{
	(void)state;
	expect_url("ssh://web1/var/log/app.log", NULL, "web1", NULL,
	    "/var/log/app.log");
	expect_url("ssh://ops@web1:2222/var/log/a b.log", "ops", "web1", "2222",
	    "/var/log/a b.log");
	expect_url("ssh://[::1]:22/x", NULL, "::1", "22", "/x");
	expect_url("ssh://a@b@host/x", "a@b", "host", NULL, "/x");
	expect_url("ssh://host/~/logs/x.log", NULL, "host", NULL, "logs/x.log");
	assert_true(remote_is_url("ssh://h/x"));
	assert_false(remote_is_url("sshx://h/x"));
	assert_false(remote_is_url("/var/log/ssh://"));
}

/* Bad URLs, and hosts or users that ssh would read as options. */
static void
test_url_bad(void **state)
{
	(void)state;
	expect_bad("ssh://host", "no path");
	expect_bad("ssh://host/", "no path");
	expect_bad("ssh://host:99999/x", "bad port");
	expect_bad("ssh://host:/x", "bad port");
	expect_bad("ssh://host:2x/x", "bad port");
	expect_bad("ssh://-oProxyCommand=x/y", "bad host");
	expect_bad("ssh://-l@h/y", "bad host");
	expect_bad("ssh:///x", "bad host");
	expect_bad("ssh://[::1/x", "unclosed");
}

/* Globs are told apart from plain paths. */
static void
test_url_glob(void **state)
{
	struct remote_url	 u;
	char			*cause = NULL;

	(void)state;
	assert_int_equal(remote_url_parse("ssh://h/var/log/*.log", &u, &cause), 0);
	assert_true(remote_url_is_glob(&u));
	remote_url_free(&u);
	assert_int_equal(remote_url_parse("ssh://h/var/log/a.log", &u, &cause), 0);
	assert_false(remote_url_is_glob(&u));
	remote_url_free(&u);
}

/*
 * The script is valid sh (sh -n) and carries the path quoted, even with
 * quotes and $ in it: the assignment evaluates back to the same bytes.
 */
static void
test_script(void **state)
{
	const char	*path = "/tmp/it's $HOME `x` \"q\".log";
	char		*s = remote_script(path, "64768", "1234", 5678, 0,
			    (const unsigned char *)"abc", 3), *cmd;
	char		 got[256];
	FILE		*f;
	size_t		 n;

	(void)state;
	assert_non_null(strstr(s, "dev='64768' ino='1234' off=5678 once=0 k=3 "
	    "sum=1219131554"));
	f = fopen("test_remote.sh.tmp", "w");
	assert_non_null(f);
	fputs(s, f);
	fclose(f);
	assert_int_equal(system("sh -n test_remote.sh.tmp"), 0);
	/* Only the first line (the path), evaluated: */
	cmd = strchr(s, '\n');
	*cmd = '\0';
	f = fopen("test_remote.sh.tmp", "w");
	fprintf(f, "%s\nprintf '%%s' \"$p\"\n", s);
	fclose(f);
	f = popen("sh test_remote.sh.tmp", "r");
	assert_non_null(f);
	n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	assert_int_equal(pclose(f), 0);
	assert_string_equal(got, path);
	remove("test_remote.sh.tmp");
	free(s);
}

/* remote_cksum agrees with cksum(1) (the remote side compares them). */
static void
test_cksum(void **state)
{
	const char	*inputs[] = { "", "a", "abc", "a1\na2\n",
	    "0123456789012345678901234567890123456789012345678901234567890123" };
	char		 cmd[256], got[64];
	FILE		*f;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		snprintf(cmd, sizeof cmd, "printf '%s' | cksum", inputs[i]);
		f = popen(cmd, "r");
		assert_non_null(f);
		assert_non_null(fgets(got, sizeof got, f));
		pclose(f);
		assert_int_equal(strtoul(got, NULL, 10), remote_cksum(
		    (const unsigned char *)inputs[i], strlen(inputs[i])));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_good),
		cmocka_unit_test(test_url_bad),
		cmocka_unit_test(test_url_glob),
		cmocka_unit_test(test_script),
		cmocka_unit_test(test_cksum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
