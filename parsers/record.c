/*
 * record.c: small helpers of the record model (format names, clearing).
 */
#include "record.h"

static const char *const format_names[FORMAT_COUNT] = {
	"none", "user", "python", "python", "python", "flask", "python",
	"uvicorn", "gunicorn", "celery", "django", "loguru", "structlog",
	"oslo", "json", "logfmt", "log4j", "syslog", "logcat", "logrus", "zap",
	"access", "generic", "server", "node", "go", "jul", "text",
	"learned", "dotnet", "ruby", "php"
};

/* Short name of a format. */
const char *
format_name(enum format fmt)
{
	if ((unsigned)fmt >= FORMAT_COUNT)
		return "unknown";
	return format_names[fmt];
}

/* Reset fields to "nothing known". */
void
fields_clear(struct fields *f)
{
	f->time = TIME_UNKNOWN;
	f->level = LEVEL_NONE;
	f->format = FORMAT_NONE;
	f->time_span.off = f->time_span.len = 0;
	f->level_span.off = f->level_span.len = 0;
	f->logger.off = f->logger.len = 0;
	f->message.off = f->message.len = 0;
}
