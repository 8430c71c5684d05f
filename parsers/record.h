/* record.h: the record model shared by parsers, filters and the TUI. */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "level.h"

/*
 * A record is one line that parses as a record start plus the continuation
 * lines after it. The parsers look only at the first line (a record start)
 * and describe it with a struct fields: the timestamp, the level, and byte
 * spans of the interesting parts, as offsets into that line.
 */

#define TIME_UNKNOWN	INT64_MIN	/* timestamps are ms since the epoch */

/* A byte range inside a line: [off, off + len). len == 0 means absent. */
struct span {
	uint32_t	off;
	uint32_t	len;
};

/* The layouts the detector knows; FORMAT_NONE for a line that is no record start. */
enum format {
	FORMAT_NONE = 0,
	FORMAT_USER,		/* --format Formatter string */
	FORMAT_PY_BASIC,	/* LEVEL:name:message */
	FORMAT_PY_CLASSIC,	/* asctime - name - LEVEL - message */
	FORMAT_PY_DETAILED,	/* asctime [LEVEL] name (func:line): message */
	FORMAT_PY_BRACKET,	/* [asctime] LEVEL in name: message (Flask) */
	FORMAT_PY_GENERIC,	/* asctime ... LEVEL ... name ... (other python layouts) */
	FORMAT_UVICORN,		/* LEVEL:     message */
	FORMAT_GUNICORN,	/* [time] [pid] [LEVEL] message */
	FORMAT_CELERY,		/* [time: LEVEL/Process] message */
	FORMAT_DJANGO,		/* [dd/Mon/yyyy hh:mm:ss] "GET ..." / LEVEL time module ... */
	FORMAT_LOGURU,		/* time | LEVEL    | name:func:line - message */
	FORMAT_STRUCTLOG,	/* time [level    ] event   key=value */
	FORMAT_OSLO,		/* date time pid LEVEL logger [ctx] message (OpenStack) */
	FORMAT_JSON,		/* one JSON object per line */
	FORMAT_LOGFMT,		/* key=value pairs */
	FORMAT_LOG4J,		/* date time LEVEL [thread] logger: message */
	FORMAT_SYSLOG,		/* RFC 3164 / RFC 5424 / journalctl short-iso */
	FORMAT_LOGCAT,		/* MM-dd HH:mm:ss.SSS pid tid L tag: message */
	FORMAT_LOGRUS,		/* time="..." level=... msg=... (logfmt) or INFO[0000] msg */
	FORMAT_ZAP,		/* time\tLEVEL\tlogger\tmsg */
	FORMAT_ACCESS,		/* HTTP access line: HOST - USER [date] "REQ" STATUS */
	FORMAT_GENERIC,		/* TIME [ZONE] [pid] LEVEL [name] msg (fallback.c) */
	FORMAT_SERVER,		/* nginx / Apache error log, PostgreSQL, redis */
	FORMAT_NODE,		/* winston, bunyan CLI, pino-pretty, log4js, debug */
	FORMAT_GO,		/* Go's log / slog text, zerolog console, glog */
	FORMAT_JUL,		/* java.util.logging two-line records, Tomcat */
	FORMAT_TEXT,		/* a bare line that is a record of its own */
	FORMAT_LEARNED,		/* a layout learned from the source (infer.c) */
	FORMAT_DOTNET,		/* .NET console: "info: Category[id]" */
	FORMAT_RUBY,		/* Ruby Logger: "I, [time #pid]  INFO -- prog: msg" */
	FORMAT_PHP,		/* PHP error log: "[time zone] PHP Warning:  msg" */
	FORMAT_COUNT
};

/* What a parser found in a record's first line. */
struct fields {
	int64_t		time;		/* ms since the epoch, or TIME_UNKNOWN */
	uint8_t		level;		/* enum level */
	uint8_t		format;		/* enum format */
	struct span	time_span;	/* where the timestamp is, for highlighting */
	struct span	level_span;
	struct span	logger;		/* logger name; len 0 = none */
	struct span	message;	/* start of the message; runs to end of line */
};

/* Short name of a format ("python", "json", "log4j", ...) for titles and --stats. */
const char	*format_name(enum format);

/* Reset fields to "nothing known". */
void		 fields_clear(struct fields *);

#endif
