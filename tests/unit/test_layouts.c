/*
 * test_layouts.c: the layouts of servers and of Node, Java, Go and more
 * Python programs (parsers/layouts.c, access.c, levels.c, xtime.c), seen
 * through detect_line as the rest of tailor sees them: lines of every
 * kind with the level and logger they must get, near misses that must
 * stay continuation lines, the layouts that depend on the line before
 * (java.util.logging's second line, bare lines after access lines,
 * PostgreSQL's DETAIL lines), colour codes, and the time readers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/access.h"
#include "parsers/level.h"
#include "parsers/levels.h"
#include "parsers/parse.h"
#include "parsers/ptime.h"
#include "parsers/record.h"
#include "parsers/xtime.h"

/* A line and what detect_line must make of it with a fresh parser. */
struct kind {
	const char	*line;
	int		 level;		/* -1: not a record start */
	const char	*logger;	/* "" for none */
	const char	*msg;		/* the message's start, or NULL: unchecked */
	int		 timed;		/* f.time must be known */
};

/* Check one line against its expectation; a message names it on failure. */
static void
check_kind(struct parser *p, const struct kind *k)
{
	struct fields	f;
	size_t		n = strlen(k->line), gl = strlen(k->logger);
	int		r = detect_line(p, k->line, n, &f);

	if (k->level < 0) {
		if (r != 0)
			fail_msg("record start (%s): %s", format_name(f.format),
			    k->line);
		assert_int_equal(f.format, FORMAT_NONE);
		return;
	}
	if (r != 1)
		fail_msg("not a record start: %s", k->line);
	if (f.level != k->level)
		fail_msg("level %s, want %s: %s", level_name(f.level),
		    level_name(k->level), k->line);
	if (f.logger.len != gl || memcmp(k->line + f.logger.off, k->logger, gl))
		fail_msg("logger '%.*s', want '%s': %s", (int)f.logger.len,
		    k->line + f.logger.off, k->logger, k->line);
	if (k->msg != NULL && (f.message.off + strlen(k->msg) != n ||
	    memcmp(k->line + f.message.off, k->msg, strlen(k->msg)) != 0))
		fail_msg("message '%.*s', want '%s'", (int)f.message.len,
		    k->line + f.message.off, k->msg);
	if (k->timed && f.time == TIME_UNKNOWN)
		fail_msg("no time: %s", k->line);
	assert_true(f.message.off + f.message.len <= n);
	assert_true(f.logger.off + f.logger.len <= n);
	assert_true(f.level_span.off + f.level_span.len <= n);
	assert_true(f.time_span.off + f.time_span.len <= n);
}

/* Each line with a fresh parser. */
static void
check_kinds(const struct kind *k, size_t nk)
{
	struct parser	p;
	size_t		i;

	for (i = 0; i < nk; i++) {
		parser_init(&p, NULL);
		check_kind(&p, &k[i]);
	}
}

/* Lines in order with one parser: what the lines before decide. */
static void
check_sequence(const struct kind *k, size_t nk)
{
	struct parser	p;
	size_t		i;

	parser_init(&p, NULL);
	for (i = 0; i < nk; i++)
		check_kind(&p, &k[i]);
}

#define NK(a)	(sizeof (a) / sizeof (a)[0])
#define LV(x)	LEVEL_##x

static void
test_servers(void **state)
{
	static const struct kind k[] = {
		{ "2026-11-28 06:39:38.354 UTC [29760] LOG:  starting PostgreSQL",
		  LV(INFO), "", "starting PostgreSQL", 1 },
		{ "2026-11-28 06:39:41.403 UTC [30340] ERROR:  duplicate key",
		  LV(ERROR), "", "duplicate key", 1 },
		{ "2026-11-28 06:39:43.288 UTC [30540] FATAL:  role \"x\"",
		  LV(CRITICAL), "", NULL, 1 },
		{ "2026-11-28 06:39:43 CET [30540-1] postgres@shop DEBUG2:  x",
		  LV(DEBUG), "", "x", 1 },
		{ "2026-11-28 06:39:43.288 UTC [1] WARNING:  checkpoints",
		  LV(WARNING), "", NULL, 1 },
		{ "31449:M 28 Nov 2026 06:39:48.513 # Server initialized",
		  LV(WARNING), "", "Server initialized", 1 },
		{ "31449:M 28 Nov 2026 06:39:48.513 * Ready", LV(NOTICE), "",
		  "Ready", 1 },
		{ "1:C 28 Nov 2026 06:39:48.513 - Accepted", LV(INFO), "", NULL, 1 },
		{ "31449:S 28 Nov 2026 06:39:48.513 . DB 0: 7 keys", LV(DEBUG), "",
		  NULL, 1 },
		{ "31449:signal-handler (1795847995) Received SIGTERM", LV(NONE),
		  "", "Received SIGTERM", 0 },
		{ "2026/11/28 06:39:56 [notice] 309#309: nginx/1.22.1", LV(NOTICE),
		  "", "nginx/1.22.1", 1 },
		{ "2026/11/28 06:39:57 [error] 314#314: *7 open() failed",
		  LV(ERROR), "", "open() failed", 1 },
		{ "2026/11/28 06:39:57 [warn] 314#314: conflicting name",
		  LV(WARNING), "", NULL, 1 },
		{ "[Sat Nov 28 06:39:56.123456 2026] [core:error] [pid 1:tid 2] "
		  "[client 127.0.0.1:5] AH00037: x", LV(ERROR), "core",
		  "AH00037: x", 1 },
		{ "[Sat Nov 28 06:39:56 2026] [notice] Apache configured",
		  LV(NOTICE), "", "Apache configured", 1 },
		{ "2026-11-28T06:39:38.354123Z 0 [System] [MY-010116] [Server] "
		  "mysqld starting", LV(INFO), "Server", "mysqld starting", 1 },
		{ "2026-11-28  6:39:38 0 [Note] Starting MariaDB", LV(NOTICE), "",
		  "Starting MariaDB", 1 },
		{ "2026-11-28  6:39:38 5 [ERROR] mariadbd: cannot lock", LV(ERROR),
		  "", NULL, 1 },
		{ "{\"t\":{\"$date\":\"2026-11-28T06:39:38.354+00:00\"},\"s\":\"W\","
		  "\"c\":\"NETWORK\",\"msg\":\"x\"}", LV(WARNING), "NETWORK", NULL,
		  0 },
		{ "Nov 28 06:39:38 vm Google Chrome Helper[123]: hello", LV(NONE),
		  "Google Chrome Helper", "hello", 1 },
		{ "Nov 28 06:39:38 vm (udev-worker)[123]: sda: started", LV(NONE),
		  "(udev-worker)", "sda: started", 1 },
	};

	check_kinds(k, NK(k));
}

static void
test_access(void **state)
{
	static const struct kind k[] = {
		{ "127.0.0.1 - - [28/Nov/2026:06:39:57 +0000] \"GET / HTTP/1.1\" "
		  "200 6 \"-\" \"curl/7.88.1\"", LV(INFO), "", NULL, 1 },
		{ "10.0.0.7 - frank [28/Nov/2026:06:39:57 +0100] \"POST /x "
		  "HTTP/1.1\" 404 153", LV(WARNING), "", NULL, 1 },
		{ "example.com:443 10.0.0.7 - - [28/Nov/2026:06:39:57 +0000] "
		  "\"GET /a HTTP/2.0\" 503 0 \"-\" \"x\"", LV(ERROR), "", NULL, 1 },
		{ "127.0.0.1 - - [28/Nov/2026 06:47:47] \"GET /items/5 HTTP/1.1\" "
		  "500 -", LV(ERROR), "", NULL, 1 },
		{ "::1 - - [28/Nov/2026:06:39:57 +0000] \"GET / HTTP/1.1\" 301 0",
		  LV(INFO), "", NULL, 1 },
		{ "127.0.0.1 [28/Nov/2026:06:39:57 +0000] \"GET / HTTP/1.1\" 200 "
		  "165 \"-\" \"curl\"", LV(INFO), "", NULL, 1 },
		{ "127.0.0.1 - - [28/Nov/2026:06:39:57 +0000] \"GET /q?a=\\\"b\\\" "
		  "HTTP/1.1\" 400 1", LV(WARNING), "", NULL, 1 },
		{ "GET /health 200 2.345 ms - 2", LV(INFO), "", NULL, 0 },
		{ "DELETE /cart/1 500 1.100 ms - 27", LV(ERROR), "", NULL, 0 },
		/* near misses */
		{ "127.0.0.1 is the address we bind", -1, "", NULL, 0 },
		{ "127.0.0.1 - - [28/Nov/2026:06:39:57 +0000] \"GET / HTTP/1.1\"",
		  -1, "", NULL, 0 },
		{ "127.0.0.1 - - [28/Nov/2026:06:39:57 +0000] GET / 200", -1, "",
		  NULL, 0 },
		{ "GET /x is slow", -1, "", NULL, 0 },
		{ "GET /x 2000 ms", -1, "", NULL, 0 },
		{ "FETCH /x 200 1 ms", -1, "", NULL, 0 },
	};

	check_kinds(k, NK(k));
	assert_int_equal(access_status_level("599", 3), LEVEL_ERROR);
	assert_int_equal(access_status_level("400 ", 4), LEVEL_WARNING);
	assert_int_equal(access_status_level("304", 3), LEVEL_INFO);
	assert_int_equal(access_status_level("099", 3), -1);
	assert_int_equal(access_status_level("20x", 3), -1);
	assert_int_equal(access_status_level("2000", 4), -1);
}

static void
test_node(void **state)
{
	static const struct kind k[] = {
		{ "2026-11-28T06:01:23.326Z [api] info: listening", LV(INFO), "api",
		  "listening", 1 },
		{ "2026-11-28T06:01:23.329Z [db] verbose: pool", LV(DEBUG), "db",
		  "pool", 1 },
		{ "2026-11-28T06:01:23.338Z [db] silly: socket", LV(TRACE), "db",
		  NULL, 1 },
		{ "2026-11-28T06:01:23.338Z [api] http: GET /o 200", LV(INFO), "api",
		  NULL, 1 },
		{ "2026-11-28T06:01:23.338Z warn: no label", LV(WARNING), "",
		  "no label", 1 },
		{ "2026-11-28T06:01:23.338Z http: GET / 200", LV(INFO), "", NULL,
		  1 },
		{ "info: connected {\"db\":\"shop\"}", LV(INFO), "",
		  "connected {\"db\":\"shop\"}", 0 },
		{ "[2026-11-28T06:01:24.740Z]  INFO: catalog/28100 on vm: "
		  "listening", LV(INFO), "catalog", "listening", 1 },
		{ "[2026-11-28T06:01:27.060Z] ERROR: catalog-jobs/28100 on vm: "
		  "failed (err.code=ENOENT)", LV(ERROR), "catalog-jobs", NULL, 1 },
		{ "[2026-11-28T06:01:27.060Z]  WARN: api/1 on vm (/srv/a.js:3 in "
		  "f): slow", LV(WARNING), "api", "slow", 1 },
		{ "[06:01:24.389] INFO (shop-api/28042): listening", LV(INFO),
		  "shop-api", "listening", 0 },
		{ "[06:01:24.399] DEBUG (28042): config", LV(DEBUG), "", "config",
		  0 },
		{ "[2026-11-28 06:01:24.389 +0000] WARN (28042 on vm): x",
		  LV(WARNING), "", "x", 1 },
		{ "[2026-11-28T06:01:38.695] [INFO] default - starting", LV(INFO),
		  "default", "starting", 1 },
		{ "[2026-11-28T06:01:38.699] [DEBUG] store.redis - HELLO",
		  LV(DEBUG), "store.redis", "HELLO", 1 },
		{ "2026-11-28T06:01:40.038Z shop:boot starting pid=1", LV(NONE),
		  "shop:boot", "starting pid=1", 1 },
		{ "2026-11-28T06:01:40.078Z router dispatching GET", LV(NONE),
		  "router", "dispatching GET", 1 },
		{ "{\"level\":\"verbose\",\"message\":\"x\",\"service\":\"db\"}",
		  LV(DEBUG), "db", NULL, 0 },
		{ "{\"level\":\"http\",\"message\":\"GET /\",\"service\":\"api\"}",
		  LV(INFO), "api", NULL, 0 },
		/* near misses */
		{ "    at Module._compile (node:internal/modules/cjs/loader:1521:14)",
		  -1, "", NULL, 0 },
		{ "  port: 0,", -1, "", NULL, 0 },
		{ "TypeError: Cannot read properties of undefined", -1, "", NULL, 0 },
		{ "[2026-11-28T06:01:38.695] [NOPE] default - x", LV(NONE), "", NULL,
		  1 },
	};

	check_kinds(k, NK(k));
}

static void
test_java_go(void **state)
{
	static const struct kind k[] = {
		{ "06:42:19.115 [main] INFO  com.example.shop.App - Starting",
		  LV(INFO), "com.example.shop.App", "Starting", 0 },
		{ "06:42:20.138 [main] TRACE org.x.DispatcherServlet - Detected",
		  LV(TRACE), "org.x.DispatcherServlet", "Detected", 0 },
		{ "0    [main] INFO  com.example.Foo  - log4j 1", LV(INFO),
		  "com.example.Foo", "log4j 1", 0 },
		{ "2026-11-28T06:42:21.123Z  INFO 12345 --- [shop] [           main] "
		  "c.e.s.ShopApplication   : Started", LV(INFO),
		  "c.e.s.ShopApplication", "Started", 1 },
		{ "28-Nov-2026 06:42:21.123 SEVERE [main] org.apache.catalina."
		  "core.StandardService.startInternal Failed", LV(ERROR),
		  "org.apache.catalina.core.StandardService.startInternal",
		  "Failed", 1 },
		{ "2026/11/28 06:46:34 INFO config loaded path=/etc/app.yaml",
		  LV(INFO), "", "config loaded path=/etc/app.yaml", 1 },
		{ "2026/11/28 06:46:34 listening on 127.0.0.1:8080", LV(NONE), "",
		  "listening on 127.0.0.1:8080", 1 },
		{ "2026/11/28 06:46:34 http: panic serving 127.0.0.1:4: x",
		  LV(NONE), "", NULL, 1 },
		{ "6:46AM INF request method=GET status=200", LV(INFO), "", NULL, 0 },
		{ "6:46AM TRC ping ok component=db", LV(TRACE), "db", NULL, 0 },
		{ "12:01PM ERR failed error=\"x y\" component=\"db pool\"",
		  LV(ERROR), "db pool", NULL, 0 },
		{ "6:46AM ???  event=heartbeat", LV(NONE), "", "event=heartbeat",
		  0 },
		{ "I1128 06:43:30.123456   12345 main.go:42] klog line", LV(INFO), "",
		  "klog line", 1 },
		{ "W1128 06:43:30.123456 1 reflector.go:424] watch", LV(WARNING), "",
		  "watch", 1 },
		{ "[2026-11-28T06:01:23Z INFO  my_app::db] connected", LV(INFO),
		  "my_app::db", "connected", 1 },
		{ "[2026-11-28T06:01:23Z WARN  hyper] slow", LV(WARNING), "hyper",
		  "slow", 1 },
		/* near misses */
		{ "\tat Scenario.run(Scenario.java:52)", -1, "", NULL, 0 },
		{ "Caused by: java.sql.SQLException: Connection refused", -1, "",
		  NULL, 0 },
		{ "\t... 2 more", -1, "", NULL, 0 },
		{ "goroutine 1 [running]:", -1, "", NULL, 0 },
		{ "main.handle(0xc0000b9f10?)", -1, "", NULL, 0 },
		{ "12:30 meeting moved", -1, "", NULL, 0 },
		{ "6:46AM is early", -1, "", NULL, 0 },
		{ "2026/11/28 was a Saturday", -1, "", NULL, 0 },
		{ "1234 [not a thread] x", -1, "", NULL, 0 },
		{ "1:M something else", -1, "", NULL, 0 },
		{ "I1128 is not klog", -1, "", NULL, 0 },
	};

	check_kinds(k, NK(k));
}

static void
test_python(void **state)
{
	static const struct kind k[] = {
		{ "[D 261128 06:43:30 selector_events:54] Using selector", LV(DEBUG),
		  "selector_events", "Using selector", 1 },
		{ "[C 261128 06:43:30 web:2293] down", LV(CRITICAL), "web", "down",
		  1 },
		{ "[W 2026-11-28 06:01:40.123 ServerApp] No browser", LV(WARNING),
		  "ServerApp", "No browser", 1 },
		{ "2026-11-28 06:43:31 [scrapy.core.engine] INFO: Spider opened",
		  LV(INFO), "scrapy.core.engine", "Spider opened", 1 },
		{ "2026-11-28 06:43:33,331 INFO sqlalchemy.engine.Engine BEGIN",
		  LV(INFO), "sqlalchemy.engine.Engine", "BEGIN", 1 },
		{ "2026-11-28 06:43:33,336 INFO sqlalchemy.engine.Engine ",
		  LV(INFO), "sqlalchemy.engine.Engine", "", 1 },
		{ "2026-11-28 06:43:33,336 INFO starting worker", LV(INFO), "",
		  "starting worker", 1 },
		{ "[2026-11-28T06:01:40.123+0000] {scheduler_job.py:123} INFO - "
		  "Starting", LV(INFO), "scheduler_job.py", "Starting", 1 },
		{ "2026-11-28 06:42:21.123 [INFO app.db] connected", LV(INFO),
		  "app.db", "connected", 1 },
		{ "[ERROR app.db] lost", LV(ERROR), "app.db", "lost", 0 },
		/* near misses */
		{ "[I am here] text", -1, "", NULL, 0 },
		{ "[INFO] alone", LV(INFO), "", "alone", 0 },
		{ "2026-11-28 06:43:33,336 INFO 2.5 seconds", LV(INFO), "", NULL,
		  1 },
		{ "2026-11-28 06:43:33,336 INFO .hidden file", LV(INFO), "", NULL,
		  1 },
	};

	check_kinds(k, NK(k));
}

/* Lines whose meaning depends on the line before. */
static void
test_sequences(void **state)
{
	static const struct kind pg[] = {
		{ "2026-11-28 06:39:41.403 UTC [30340] ERROR:  duplicate key",
		  LV(ERROR), "", NULL, 1 },
		{ "2026-11-28 06:39:41.403 UTC [30340] DETAIL:  Key (id)=(1).",
		  -1, "", NULL, 0 },
		{ "2026-11-28 06:39:41.403 UTC [30340] HINT:  Perhaps", -1, "",
		  NULL, 0 },
		{ "2026-11-28 06:39:41.403 UTC [30340] STATEMENT:  INSERT", -1, "",
		  NULL, 0 },
		{ "\t       name,", -1, "", NULL, 0 },
	};
	static const struct kind dev[] = {
		{ "127.0.0.1 - - [28/Nov/2026:06:01:41 +0000] \"GET /c HTTP/1.1\" "
		  "500 1065 \"-\" \"curl\"", LV(ERROR), "", NULL, 1 },
		{ "TypeError: Cannot read properties of undefined", LV(NONE), "",
		  NULL, 0 },
		{ "    at /srv/app.js:49:12", -1, "", NULL, 0 },
		{ "    at next (/srv/route.js:163:13) {", -1, "", NULL, 0 },
		{ "  expose: true,", -1, "", NULL, 0 },
		{ "}", -1, "", NULL, 0 },
		{ "Reloaded routes:", LV(NONE), "", "Reloaded routes:", 0 },
		{ "  GET /health", -1, "", NULL, 0 },
		{ "warn: cart 2 not found", LV(WARNING), "", NULL, 0 },
		{ "plain print after an app record", -1, "", NULL, 0 },
		{ "127.0.0.1 - - [28/Nov/2026 06:47:47] \"GET / HTTP/1.1\" 200 -",
		  LV(INFO), "", NULL, 1 },
		{ "Traceback (most recent call last):", -1, "", NULL, 0 },
		{ "  File \"/srv/app.py\", line 5, in f", -1, "", NULL, 0 },
		{ "ZeroDivisionError: division by zero", -1, "", NULL, 0 },
		{ "cache warm: 12 items", LV(NONE), "", NULL, 0 },
		{ "", -1, "", NULL, 0 },
		{ "WARNING: not a level here", LV(NONE), "", NULL, 0 },
	};
	static const struct kind py[] = {
		{ "2026-11-28 06:43:33,336 INFO sqlalchemy.engine.Engine ",
		  LV(INFO), "sqlalchemy.engine.Engine", NULL, 1 },
		{ "CREATE TABLE items (", -1, "", NULL, 0 },
		{ ")", -1, "", NULL, 0 },
		{ "error: not winston inside a Python record", -1, "", NULL, 0 },
	};

	check_sequence(pg, NK(pg));
	check_sequence(dev, NK(dev));
	check_sequence(py, NK(py));
}

/* java.util.logging: the header starts the record, the next line gives its level. */
static void
test_jul(void **state)
{
	static const char hdr[] = "Nov 28, 2026 6:42:21 AM com.example.Shop handle";
	struct parser	p;
	struct fields	f;

	parser_init(&p, NULL);
	assert_int_equal(detect_line(&p, hdr, strlen(hdr), &f), 1);
	assert_int_equal(f.level, LEVEL_NONE);
	assert_int_equal(f.format, FORMAT_JUL);
	assert_int_equal(f.logger.len, strlen("com.example.Shop"));
	assert_int_equal(p.want, 1);
	assert_int_equal(detect_line(&p, "SEVERE: Payment failed", 22, &f), 0);
	assert_int_equal(p.amend, LEVEL_ERROR);
	p.amend = -1;			/* as group.c and lstore.c do */
	assert_int_equal(detect_line(&p, "java.io.IOException: x", 22, &f), 0);
	assert_int_equal(p.amend, -1);
	assert_int_equal(detect_line(&p, "\tat A.b(A.java:1)", 17, &f), 0);
	/* no header before it: a "LEVEL: msg" line stays a continuation */
	assert_int_equal(detect_line(&p, "INFO: Starting", 14, &f), 0);
	assert_int_equal(p.amend, -1);
	/* FINE, FINEST, CONFIG, PM */
	assert_int_equal(detect_line(&p, hdr, strlen(hdr), &f), 1);
	assert_int_equal(detect_line(&p, "FINEST: x", 9, &f), 0);
	assert_int_equal(p.amend, LEVEL_TRACE);
	p.amend = -1;
	assert_int_equal(detect_line(&p, hdr, strlen(hdr), &f), 1);
	assert_int_equal(detect_line(&p, "CONFIG: x", 9, &f), 0);
	assert_int_equal(p.amend, LEVEL_INFO);
	/* a header followed by a header: the first keeps no level */
	assert_int_equal(detect_line(&p, hdr, strlen(hdr), &f), 1);
	assert_int_equal(detect_line(&p, hdr, strlen(hdr), &f), 1);
	assert_int_equal(p.want, 1);
	/* near misses */
	parser_init(&p, NULL);
	assert_int_equal(detect_line(&p, "Nov 28, 2026 was a Saturday", 27, &f), 0);
	assert_int_equal(detect_line(&p, "Nov 28, 2026 6:42:21 XM a b", 27, &f), 0);
}

/* Colour codes around the prefix or the level. */
static void
test_colour(void **state)
{
	static const struct kind k[] = {
		{ "\x1b[32m[2026-11-28T06:01:39.188] [INFO] default - \x1b[39mstart",
		  LV(INFO), "default", "start", 1 },
		{ "\x1b[33mwarn\x1b[39m: cart 2 not found", LV(WARNING), "",
		  "cart 2 not found", 0 },
		{ "[06:01:24.389] \x1b[32mINFO\x1b[39m (shop/1): listening", LV(INFO),
		  "shop", "listening", 0 },
		{ "\x1b[90m6:46AM\x1b[0m \x1b[31mERR\x1b[0m failed component=db",
		  LV(ERROR), "db", NULL, 0 },
		{ "2026-11-28 06:42:21.123 \x1b[32m INFO\x1b[0;39m 1 --- [main] "
		  "c.e.App : Started", LV(INFO), "c.e.App", "Started", 1 },
		/* near misses */
		{ "\x1b[31m    at foo (bar.js:1:2)\x1b[39m", -1, "", NULL, 0 },
		{ "\x1b[1m\x1b[0m", -1, "", NULL, 0 },
		{ "\x1b", -1, "", NULL, 0 },
		{ "\x1b[", -1, "", NULL, 0 },
	};

	check_kinds(k, NK(k));
}

/* Level spellings of levels.c. */
static void
test_levels(void **state)
{
	char		out[16];
	uint16_t	map[16];
	size_t		used, k;

	assert_int_equal(levels_word("TRC", 3), LEVEL_TRACE);
	assert_int_equal(levels_word("wrn", 3), LEVEL_WARNING);
	assert_int_equal(levels_word("CONFIG", 6), LEVEL_INFO);
	assert_int_equal(levels_word("NOPE", 4), -1);
	assert_int_equal(levels_npm("http", 4), LEVEL_INFO);
	assert_int_equal(levels_npm("verbose", 7), LEVEL_DEBUG);
	assert_int_equal(levels_npm("VERBOSE", 7), LEVEL_TRACE);
	assert_int_equal(levels_npm("silly", 5), LEVEL_TRACE);
	assert_int_equal(levels_npm("HTTP", 4), -1);
	assert_int_equal(levels_npm("dbug", 4), -1);
	assert_int_equal(levels_pg("LOG", 3), LEVEL_INFO);
	assert_int_equal(levels_pg("DEBUG5", 6), LEVEL_DEBUG);
	assert_int_equal(levels_pg("DEBUG6", 6), -1);
	assert_int_equal(levels_pg("PANIC", 5), LEVEL_CRITICAL);
	assert_int_equal(levels_pg("DETAIL", 6), LEVELS_PG_MORE);
	assert_int_equal(levels_pg("STATEMENT", 9), LEVELS_PG_MORE);
	assert_int_equal(levels_pg("Error", 5), -1);
	assert_int_equal(levels_redis('#'), LEVEL_WARNING);
	assert_int_equal(levels_redis('x'), -1);
	k = levels_strip_ansi("\x1b[1;31mERR\x1b[0m x", 16, out, map, sizeof out,
	    &used);
	assert_int_equal(k, 5);
	assert_memory_equal(out, "ERR x", 5);
	assert_int_equal(map[0], 7);
	assert_int_equal(map[3], 14);
	assert_int_equal(used, 16);
	k = levels_strip_ansi("abcdef", 6, out, map, 4, &used);
	assert_int_equal(k, 4);
	assert_int_equal(used, 4);
}

/* The time readers of xtime.c. */
static void
test_times(void **state)
{
	int64_t	ms;

	assert_int_equal(xtime_slash("2026/11/28 06:46:34 x", 21, &ms), 19);
	assert_true(ms == ptime_make(2026, 11, 28, 6, 46, 34, 0));
	assert_int_equal(xtime_slash("2026/11/28 06:46:34.123456", 26, &ms), 26);
	assert_true(ms == ptime_make(2026, 11, 28, 6, 46, 34, 123));
	assert_int_equal(xtime_slash("2026/13/28 06:46:34", 19, &ms), 0);
	assert_int_equal(xtime_dmy("28 Nov 2026 06:39:48.513", 24, &ms), 24);
	assert_true(ms == ptime_make(2026, 11, 28, 6, 39, 48, 513));
	assert_int_equal(xtime_dmy("28 Nox 2026 06:39:48", 20, &ms), 0);
	assert_int_equal(xtime_dmy_dash("28-Nov-2026 06:42:21.123", 24, &ms), 24);
	assert_int_equal(xtime_jul("Nov 28, 2026 12:42:21 AM", 24, &ms), 24);
	assert_true(ms == ptime_make(2026, 11, 28, 0, 42, 21, 0));
	assert_int_equal(xtime_jul("Nov 28, 2026 12:42:21 PM", 24, &ms), 24);
	assert_true(ms == ptime_make(2026, 11, 28, 12, 42, 21, 0));
	assert_int_equal(xtime_jul("Nov 28, 2026 6:42:21 PM x", 25, &ms), 23);
	assert_true(ms == ptime_make(2026, 11, 28, 18, 42, 21, 0));
	assert_int_equal(xtime_yymmdd("261128 06:43:30", 15, &ms), 15);
	assert_true(ms == ptime_make(2026, 11, 28, 6, 43, 30, 0));
	assert_int_equal(xtime_iso_padded("2026-11-28  6:39:38 0", 21, &ms), 19);
	assert_true(ms == ptime_make(2026, 11, 28, 6, 39, 38, 0));
	assert_int_equal(xtime_hms("06:42:19.115 [", 14, &ms), 12);
	assert_true(ms == (6 * 3600 + 42 * 60 + 19) * 1000 + 115);
	assert_int_equal(xtime_hms("06:42:19123", 11, &ms), 0);
	assert_int_equal(xtime_hms("6:42", 4, &ms), 0);
	assert_int_equal(xtime_hms("25:00:00", 8, &ms), 0);
	assert_int_equal(xtime_kitchen("6:46AM INF", 10, &ms), 6);
	assert_true(ms == (6 * 60 + 46) * 60000);
	assert_int_equal(xtime_kitchen("12:05AM", 7, &ms), 7);
	assert_true(ms == 5 * 60000);
	assert_int_equal(xtime_kitchen("12:05PM", 7, &ms), 7);
	assert_true(ms == (12 * 60 + 5) * 60000);
	assert_int_equal(xtime_kitchen("13:05PM", 7, &ms), 0);
	assert_int_equal(xtime_kitchen("6:46", 4, &ms), 0);
}

/* Truncated lines: no reader looks past n. */
static void
test_truncated(void **state)
{
	static const char *const lines[] = {
		"2026-11-28 06:39:41.403 UTC [30340] DETAIL:  Key (id)=(1).",
		"31449:M 28 Nov 2026 06:39:48.513 # Server initialized",
		"2026/11/28 06:39:57 [error] 314#314: *7 open() failed",
		"[Sat Nov 28 06:39:56.123456 2026] [core:error] [pid 1] x",
		"127.0.0.1 - - [28/Nov/2026:06:39:57 +0000] \"GET / HTTP/1.1\" 200 6",
		"[2026-11-28T06:01:27.060Z]  WARN: api/1 on vm (/a.js:3 in f): s",
		"[06:01:24.389] INFO (shop-api/28042): listening",
		"Nov 28, 2026 6:42:21 AM com.example.Shop handle",
		"6:46AM ERR failed error=\"x y\" component=\"db pool\"",
		"I1128 06:43:30.123456   12345 main.go:42] klog line",
		"[W 2026-11-28 06:01:40.123 ServerApp] No browser",
		"\x1b[32m[2026-11-28T06:01:39.188] [INFO] default - \x1b[39mstart",
		"2026-11-28T06:39:38.354123Z 0 [System] [MY-010116] [Server] x",
		"Nov 28 06:39:38 vm Google Chrome Helper[123]: hello",
	};
	struct parser	p;
	struct fields	f;
	size_t		i, n, len;
	char		*c;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		len = strlen(lines[i]);
		for (n = 0; n <= len; n++) {
			c = malloc(n ? n : 1);
			memcpy(c, lines[i], n);
			parser_init(&p, NULL);
			if (detect_line(&p, c, n, &f)) {
				assert_true(f.message.off + f.message.len <= n);
				assert_true(f.logger.off + f.logger.len <= n);
				assert_true(f.level_span.off +
				    f.level_span.len <= n);
				assert_true(f.time_span.off + f.time_span.len <= n);
			}
			free(c);
		}
	}
}

/*
 * .NET, Ruby, PHP, Monolog, hclog, MongoDB < 4.4, Envoy, CouchDB, NLog,
 * Sidekiq, ZooKeeper 3.5+, Odoo, Home Assistant, Elasticsearch, Kafka,
 * TensorFlow, Jenkins, tracing, BIND, CUPS, fail2ban, cloud-init, Salt.
 */
static void
test_more_servers(void **state)
{
	static const struct kind k[] = {
		{ "info: Microsoft.Hosting.Lifetime[14]", LV(INFO),
		    "Microsoft.Hosting.Lifetime", "", 0 },
		{ "fail: App.Orders+Retry[3] Payment declined", LV(ERROR),
		    "App.Orders+Retry", "Payment declined", 0 },
		{ "crit: App.Main[0]", LV(CRITICAL), "App.Main", "", 0 },
		{ "2026-11-28 10:00:01 warn: App.Db[2] slow", LV(WARNING),
		    "App.Db", "slow", 1 },
		{ "info: not a category", LV(INFO), "", NULL, 0 },	/* winston */
		{ "I, [2026-11-28T10:00:01.123456 #1234]  INFO -- : Started GET",
		    LV(INFO), "", "Started GET", 1 },
		{ "F, [2026-11-28T10:00:01.123456 #1234] FATAL -- Sidekiq: down",
		    LV(CRITICAL), "Sidekiq", "down", 1 },
		{ "[28-Nov-2026 10:00:01 UTC] PHP Warning:  Undefined variable $x",
		    LV(WARNING), "", "Undefined variable $x", 1 },
		{ "[28-Nov-2026 10:00:01 Europe/Berlin] PHP Fatal error:  Uncaught",
		    LV(CRITICAL), "", "Uncaught", 1 },
		{ "[28-Nov-2026 10:00:01 UTC] PHP Stack trace:", LV(NONE), "",
		    NULL, 1 },
		{ "[28-Nov-2026 10:00:01] NOTICE: fpm is running, pid 1",
		    LV(NOTICE), "", NULL, 1 },
		{ "PHP Deprecated:  Function x() is deprecated", LV(NOTICE), "",
		    "Function x() is deprecated", 0 },
		{ "[2026-11-28T10:00:01.123456+00:00] app.INFO: Matched route [] []",
		    LV(INFO), "app", "Matched route [] []", 1 },
		{ "[2026-11-28 10:00:01] local.ERROR: SQLSTATE[HY000] refused",
		    LV(ERROR), "local", "SQLSTATE[HY000] refused", 1 },
		{ "[2026-11-28 10:00:01] security.EMERGENCY: down", LV(CRITICAL),
		    "security", "down", 1 },
		{ "2026-11-28T10:00:01.123Z [INFO]  agent: Starting server: v=1",
		    LV(INFO), "agent", "Starting server: v=1", 1 },
		{ "2026-11-28T10:00:03.123Z [ERROR] agent.server.raft: failed",
		    LV(ERROR), "agent.server.raft", "failed", 1 },
		{ "2026-11-28T10:00:01.123+0000 I NETWORK  [initandlisten] waiting",
		    LV(INFO), "NETWORK", "[initandlisten] waiting", 1 },
		{ "2026-11-28T10:00:01.123+0000 D1 -        [conn1] x", LV(DEBUG),
		    "", "[conn1] x", 1 },
		{ "2026-11-28T10:00:01.123+0000 F STORAGE  [main] fatal", LV(CRITICAL),
		    "STORAGE", "[main] fatal", 1 },
		{ "[2026-11-28 10:00:01.123][12][warning][config] [source/a.cc:45] "
		    "gRPC stream closed", LV(WARNING), "config", "gRPC stream closed",
		    1 },
		{ "[2026-11-28 10:00:01.123][12][critical][main] no source", LV(CRITICAL),
		    "main", "no source", 1 },
		{ "[error] 2026-11-28T10:00:02.123000Z couchdb@127.0.0.1 <0.1.0> "
		    "-------- boom", LV(ERROR), "", NULL, 1 },
		{ "2026-11-28 10:00:01.1234|WARN|App.Db.Pool|Slow", LV(WARNING),
		    "App.Db.Pool", "Slow", 1 },
		{ "2026-11-28T10:00:02.123Z pid=12 tid=abc class=HardJob jid=1 "
		    "ERROR: boom", LV(ERROR), "", "boom", 1 },
		/* ZooKeeper 3.5+, Odoo, Python ":" separators, Home Assistant */
		{ "2026-11-28 10:00:01,123 [myid:1] - WARN  [QuorumPeer:Learner@123]"
		    " - Unexpected", LV(WARNING), "Learner", "Unexpected", 1 },
		{ "2026-11-28 10:00:01,123 12 INFO mydb odoo.modules.loading: "
		    "loading", LV(INFO), "odoo.modules.loading", "loading", 1 },
		{ "2026-11-28 10:00:01,123 12 WARNING ? odoo.http: slow", LV(WARNING),
		    "odoo.http", "slow", 1 },
		{ "2026-11-28 10:00:01,123:ERROR:app.db:failed: x", LV(ERROR),
		    "app.db", "failed: x", 1 },
		{ "2026-11-28 10:00:01.123 INFO (MainThread) [homeassistant.setup] "
		    "Setting up", LV(INFO), "homeassistant.setup", "Setting up", 1 },
		/* Elasticsearch, Kafka, "[LEVEL] time name: msg" */
		{ "[2026-11-28T10:00:01,123][WARN ][o.e.c.r.a.Disk  ] [node-1] high",
		    LV(WARNING), "o.e.c.r.a.Disk", "[node-1] high", 1 },
		{ "[2026-11-28 10:00:01,123] INFO Kafka version: 3.6.0 "
		    "(org.apache.kafka.common.utils.AppInfoParser)", LV(INFO),
		    "org.apache.kafka.common.utils.AppInfoParser", NULL, 1 },
		{ "[2026-11-28 10:00:01,123] INFO Loaded (settings.yaml)", LV(INFO),
		    "", NULL, 1 },
		{ "[ERROR] 2026-11-28 10:00:01,123 app.worker: failed", LV(ERROR),
		    "app.worker", "failed", 1 },
		/* TensorFlow's C++ log, Jenkins, Rust's tracing */
		{ "2026-11-28 10:00:02.123456: W tensorflow/a/b.cc:38] TF-TRT "
		    "Warning: x", LV(WARNING), "", "TF-TRT Warning: x", 1 },
		{ "2026-11-28 10:00:03.123+0000 [id=31]\tSEVERE\thudson.util."
		    "BootFailure#publish: Failed", LV(ERROR), "hudson.util.BootFailure",
		    "Failed", 1 },
		{ "2026-11-28T10:00:02.123456Z  WARN my_app::db::pool: slow acquire",
		    LV(WARNING), "my_app::db::pool", "slow acquire", 1 },
		/* BIND, CUPS, fail2ban, cloud-init, Salt */
		{ "28-Nov-2026 10:00:02.123 security: warning: client query denied",
		    LV(WARNING), "security", "client query denied", 1 },
		{ "28-Nov-2026 10:00:02.123 resolver: debug 3: fetch", LV(DEBUG),
		    "resolver", "fetch", 1 },
		{ "E [28/Nov/2026:10:00:03 +0000] Unable to open listen socket",
		    LV(ERROR), "", "Unable to open listen socket", 1 },
		{ "2026-11-28 10:00:03,123 fail2ban.actions        [123]: NOTICE  "
		    "[sshd] Ban 10.0.0.1", LV(NOTICE), "fail2ban.actions",
		    "[sshd] Ban 10.0.0.1", 1 },
		{ "2026-11-28 10:00:02,123 - url_helper.py[WARNING]: Calling x",
		    LV(WARNING), "", "Calling x", 1 },
		{ "2026-11-28 10:00:02,123 [salt.crypt       :789 ][ERROR   ][567] "
		    "Error up", LV(ERROR), "salt.crypt", "Error up", 1 },
		{ "Nov 28 10:00:01 web01 sshd[1234]: Accepted", LV(NONE), "sshd",
		    "Accepted", 1 },
		/* Python layouts with the columns in other orders */
		{ "2026-11-28 10:00:01 [info] app.module: started", LV(INFO),
		    "app.module", "started", 1 },
		{ "2026-11-28 10:00:02.123 | INFO | app.module | started", LV(INFO),
		    "app.module", "started", 1 },
		{ "2026-11-28 10:00:03,123 - WARNING - app.module - started",
		    LV(WARNING), "app.module", "started", 1 },
		{ "2026-11-28 10:00:03,123 - WARNING - Done - 5 items", LV(WARNING),
		    "", "Done - 5 items", 1 },
		{ "2026-11-28 10:00:04 | app.module | ERROR | started", LV(ERROR),
		    "app.module", "started", 1 },
		/* syslog: a program's own record inside the message */
		{ "Nov 28 10:00:01 web01 sshd[1234]: error: PAM: failure", LV(ERROR),
		    "sshd", "PAM: failure", 1 },
		{ "Nov 28 10:00:02 web01 app[99]: 2026-11-28 10:00:02,123 - app.db - "
		    "WARNING - slow", LV(WARNING), "app.db", "slow", 1 },
		{ "Nov 28 10:00:04 web01 systemd[1]: Failed to start x.", LV(NONE),
		    "systemd", "Failed to start x.", 1 },
		{ "Nov 28 10:00:07 web01 app[99]: {\"level\":\"error\",\"msg\":\"j\"}",
		    LV(ERROR), "app", "{\"level\":\"error\",\"msg\":\"j\"}", 1 },
		/* A Kubernetes node's CRI container log: the line inside decides. */
		{ "2026-11-28T10:00:01.123456789Z stdout F 2026-11-28 10:00:01,123 "
		    "- app.api - WARNING - slow", LV(WARNING), "app.api", "slow", 1 },
		{ "2026-11-28T10:00:01.123456789Z stderr F   File \"x.py\", line 1",
		    -1, "", NULL, 0 },
		{ "2026-11-28T10:00:01.123456789Z stdout P INFO:     Started server",
		    LV(INFO), "", "Started server", 1 },
	};

	check_kinds(k, sizeof k / sizeof k[0]);
}

/* A CRI prefix inside a CRI line is not taken off again: 10 MB of them parse without recursing. */
static void
test_cri_nested(void **state)
{
	static const char	 pre[] = "2026-11-28T10:00:01.123456789Z stdout F ";
	size_t			 pl = sizeof pre - 1, n = 10 * 1024 * 1024 / pl * pl, i;
	char			*line = malloc(n);
	struct parser		 p;
	struct fields		 f;

	for (i = 0; i < n; i += pl)
		memcpy(line + i, pre, pl);
	parser_init(&p, NULL);
	assert_int_equal(detect_line(&p, line, n, &f), 1);
	assert_true(f.message.off + f.message.len <= n);
	assert_true(f.logger.off + f.logger.len <= n);
	free(line);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_servers),
		cmocka_unit_test(test_more_servers),
		cmocka_unit_test(test_cri_nested),
		cmocka_unit_test(test_access),
		cmocka_unit_test(test_node),
		cmocka_unit_test(test_java_go),
		cmocka_unit_test(test_python),
		cmocka_unit_test(test_sequences),
		cmocka_unit_test(test_jul),
		cmocka_unit_test(test_colour),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
