/* test_fallback.c: detection's last try (parsers/fallback.c) through detect_line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "parsers/level.h"
#include "parsers/parse.h"
#include "parsers/record.h"

/* detect_line on a string; the logger copied out. */
static int
detect(const char *line, struct fields *f, char *logger)
{
	struct parser	p;
	int		r;

	parser_init(&p, NULL);
	r = detect_line(&p, line, strlen(line), f);
	memcpy(logger, line + f->logger.off, f->logger.len);
	logger[f->logger.len] = '\0';
	return r;
}

/* Layouts of servers and of other languages' loggers: level and logger. */
static void
test_kinds(void **state)
{
	static const struct {
		const char	*line;
		int		 level;
		const char	*logger;
	} cases[] = {
		{ "2026-11-28 06:39:38.354 UTC [29760] LOG:  starting PostgreSQL", LEVEL_INFO, "" },
		{ "2026-11-28 06:39:40.1 UTC [30169] ERROR:  duplicate key", LEVEL_ERROR, "" },
		{ "31449:M 28 Nov 2026 06:39:55.559 * Ready to accept connections", LEVEL_NOTICE, "" },
		{ "31449:C 28 Nov 2026 06:39:48.513 # Redis version=7.0.15", LEVEL_WARNING, "" },
		{ "31449:M 28 Nov 2026 06:39:55.559 . debug line", LEVEL_DEBUG, "" },
		{ "2026/11/28 06:39:56 [notice] 309#309: nginx/1.22.1", LEVEL_NOTICE, "" },
		{ "2026/11/28 06:39:56 [error] 310#310: *1 open() failed", LEVEL_ERROR, "" },
		{ "127.0.0.1 - - [28/Nov/2026:06:39:57 +0000] \"GET / HTTP/1.1\" 200 6 \"-\" \"curl\"", LEVEL_INFO, "" },
		{ "10.0.0.1 - bob [28/Nov/2026:06:39:57 +0000] \"GET /x HTTP/1.1\" 404 6", LEVEL_WARNING, "" },
		{ "::1 - - [28/Nov/2026:06:39:57 +0000] \"POST /y HTTP/1.1\" 502 0 \"-\" \"-\"", LEVEL_ERROR, "" },
		{ "06:42:19.115 [main] INFO  com.example.shop.ShopApplication - Starting", LEVEL_INFO, "com.example.shop.ShopApplication" },
		{ "[2026-11-28T06:01:38.695] [INFO] default - starting mailer", LEVEL_INFO, "default" },
		{ "2026-11-28T06:01:23.326Z [api] info: server listening", LEVEL_INFO, "api" },
		{ "[2026-11-28T06:01:25.018Z] DEBUG: catalog/28100 on vm: config", LEVEL_DEBUG, "catalog" },
		{ "2026-11-28 06:43:31 [scrapy.utils.log] INFO: Scrapy started", LEVEL_INFO, "scrapy.utils.log" },
		{ "2026-11-28 06:43:33,331 INFO sqlalchemy.engine.Engine PRAGMA x", LEVEL_INFO, "sqlalchemy.engine.Engine" },
		{ "[I 261128 06:43:30 tornado_app:53] listening", LEVEL_INFO, "tornado_app" },
		{ "[C 261128 06:43:30 tornado_app:62] done", LEVEL_CRITICAL, "tornado_app" },
		{ "2026/11/28 06:46:34 INFO config loaded path=/etc/app.yaml", LEVEL_INFO, "" },
		{ "2026/11/28 06:46:34 http: panic serving 127.0.0.1:40006", LEVEL_NONE, "" },
		{ "2026-11-28T06:46:34Z WRN slow query", LEVEL_WARNING, "" },
		{ "2026-11-28T06:46:34.000Z\tINFO\tcmd/main.go:20\tstarted", LEVEL_INFO, "" },
		{ "2026-11-28T06:01:23.338Z [api] http: GET /orders/1000 200 2ms", LEVEL_INFO, "api" },
		{ "2026-11-28T06:01:23.338Z [db] silly: socket options", LEVEL_TRACE, "db" },
		{ "2026-11-28T06:01:23.338Z [db] verbose: pool created", LEVEL_DEBUG, "db" },
		{ "{\"level\":\"http\",\"message\":\"GET /\",\"service\":\"api\"}", LEVEL_INFO, "api" },
		{ "31449:signal-handler (1795847995) Received SIGTERM", LEVEL_NONE, "" },
	};
	struct fields	f;
	char		logger[256];
	size_t		i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (!detect(cases[i].line, &f, logger))
			fail_msg("not a record start: %s", cases[i].line);
		if (f.level != cases[i].level || strcmp(logger, cases[i].logger) != 0)
			fail_msg("%s: level %s logger '%s', want %s '%s'",
			    cases[i].line, level_name(f.level), logger,
			    level_name(cases[i].level), cases[i].logger);
	}
}

/* Follow-up lines and near misses are no record starts. */
static void
test_not_starts(void **state)
{
	static const char *const lines[] = {
		"2026-11-28 06:39:40.1 UTC [30169] DETAIL:  Key (id)=(1) already exists.",
		"2026-11-28 06:39:40.1 UTC [30169] STATEMENT:  INSERT INTO t VALUES (1)",
		"2026-11-28 06:39:40.1 UTC [30169] HINT:  No function matches",
		"\tat com.example.Foo.bar(Foo.java:12)",
		"Caused by: java.lang.IllegalStateException: boom",
		"    ... 12 more",
		"  File \"/srv/app.py\", line 9, in main",
		"127.0.0.1 - - [28/Nov/2026:06:39:57 +0000] GET / 200",
		"[not a time] INFO x",
		"12:30 is when we meet",
		"31449:M nonsense",
	};
	struct fields	f;
	char		logger[256];
	size_t		i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (detect(lines[i], &f, logger))
			fail_msg("taken as a record start: %s", lines[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_not_starts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
