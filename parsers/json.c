/*
 * json.c: the few JSON operations a log viewer needs.
 *
 * json_fields is a forgiving single-pass scanner over one object: it walks
 * key/value pairs at the top level (and one level down under "log", for
 * {"log":{"level":..}}) and records spans of interesting values, skipping
 * others by bracket depth. It never allocates and never reads past len; a
 * truncated or broken line simply stops the walk, keeping what was found.
 *
 * json_escape writes a JSON string literal of arbitrary bytes into a buffer
 * owned by the caller (grown with xrealloc).
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "core/xmalloc.h"
#include "json.h"
#include "core/scan.h"
#include "core/utf8.h"
#include "level.h"
#include "levels.h"
#include "ptime.h"

/* Which field a key names, with a rank: the lower rank wins. */
enum jkind { JK_NONE, JK_LEVEL, JK_LEVELNO, JK_LOGGER, JK_MSG, JK_TIME, JK_EXC,
	JK_LOG };

struct jkey {
	const char	*name;
	uint8_t		 len;
	uint8_t		 kind;
	uint8_t		 rank;
};

static const struct jkey json_keys[] = {
	{ "level", 5, JK_LEVEL, 0 },
	{ "levelname", 9, JK_LEVEL, 1 },
	{ "severity", 8, JK_LEVEL, 2 },
	{ "log.level", 9, JK_LEVEL, 3 },
	{ "lvl", 3, JK_LEVEL, 4 },
	{ "loglevel", 8, JK_LEVEL, 5 },
	{ "s", 1, JK_LEVEL, 6 },	/* MongoDB's severity letter */
	{ "@l", 2, JK_LEVEL, 7 },	/* Serilog's CLEF (absent: Information) */
	{ "LogLevel", 8, JK_LEVEL, 8 },	/* .NET's JSON console formatter */
	{ "levelno", 7, JK_LEVELNO, 9 },
	{ "logger", 6, JK_LOGGER, 0 },
	{ "logger_name", 11, JK_LOGGER, 1 },
	{ "log.logger", 10, JK_LOGGER, 2 },
	{ "loggerName", 10, JK_LOGGER, 3 },
	{ "name", 4, JK_LOGGER, 4 },
	{ "service", 7, JK_LOGGER, 5 },	/* winston's defaultMeta */
	{ "c", 1, JK_LOGGER, 6 },	/* MongoDB's component */
	{ "SourceContext", 13, JK_LOGGER, 7 },	/* Serilog */
	{ "Category", 8, JK_LOGGER, 8 },	/* .NET */
	{ "_logger", 7, JK_LOGGER, 9 },	/* GELF's additional field */
	{ "message", 7, JK_MSG, 0 },
	{ "msg", 3, JK_MSG, 1 },
	{ "event", 5, JK_MSG, 2 },
	{ "@m", 2, JK_MSG, 3 },		/* CLEF: the rendered message, */
	{ "@mt", 3, JK_MSG, 4 },	/* or its template */
	{ "Message", 7, JK_MSG, 5 },	/* .NET */
	{ "short_message", 13, JK_MSG, 6 },	/* GELF */
	{ "time", 4, JK_TIME, 0 },
	{ "timestamp", 9, JK_TIME, 1 },
	{ "@timestamp", 10, JK_TIME, 2 },
	{ "asctime", 7, JK_TIME, 3 },
	{ "ts", 2, JK_TIME, 4 },
	{ "@t", 2, JK_TIME, 5 },	/* CLEF */
	{ "Timestamp", 9, JK_TIME, 6 },	/* .NET */
	{ "exc_info", 8, JK_EXC, 0 },
	{ "exception", 9, JK_EXC, 1 },
	{ "stack_trace", 11, JK_EXC, 2 },
	{ "stack", 5, JK_EXC, 3 },
	{ "exc_text", 8, JK_EXC, 4 },
	{ "log", 3, JK_LOG, 0 },
	{ "record", 6, JK_LOG, 1 },	/* loguru serialize=True */
};

/* Scan state of one line. */
struct jscan {
	const char	*s;
	size_t		 n;
	size_t		 i;
};

/* Skip JSON white space. */
static void
js_ws(struct jscan *js)
{
	while (js->i < js->n && (js->s[js->i] == ' ' || js->s[js->i] == '\t' ||
	    js->s[js->i] == '\r' || js->s[js->i] == '\n'))
		js->i++;
}

/* At a '"': the content span; moves past the closing quote. -1 if unterminated. */
static int
js_string(struct jscan *js, size_t *off, size_t *len)
{
	size_t	i = scan_quote_end(js->s, js->i + 1, js->n);

	if (i >= js->n)
		return -1;
	*off = js->i + 1;
	*len = i - (js->i + 1);
	js->i = i + 1;
	return 0;
}

/* Skip any value; -1 on a broken or truncated one. */
static int
js_skip(struct jscan *js)
{
	size_t	off, len;
	int	depth = 0;
	char	c;

	for (;;) {
		if (js->i >= js->n)
			return depth ? -1 : 0;
		c = js->s[js->i];
		if (c == '"') {
			if (js_string(js, &off, &len) < 0)
				return -1;
			if (depth == 0)
				return 0;
			continue;
		}
		if (c == '{' || c == '[') {
			depth++;
			js->i++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (depth == 0)
				return 0;
			js->i++;
			if (--depth == 0)
				return 0;
			continue;
		}
		if (depth == 0 && (c == ',' || c == ' ' || c == '\t'))
			return 0;
		js->i++;
	}
}

/*
 * Keys by a hash of length, first and last byte, in an open-addressed
 * table of indexes into json_keys (+1; 0 is empty), built once: every key
 * of every line is looked up, most are no match, and a scan of the whole
 * list was half of the JSON parse. It is the one table of the program
 * written at run time: an index derived from the const json_keys, filled
 * once under pthread_once and only read after that (threads included).
 */
#define JS_KEY_SLOTS	128
#define JS_KEY_MAX	13	/* the longest key's length */
static unsigned char	js_key_slots[JS_KEY_SLOTS];
static pthread_once_t	js_key_once = PTHREAD_ONCE_INIT;

static unsigned
js_key_hash(const char *k, size_t len)
{
	return ((unsigned)len * 7u + (unsigned char)k[0] * 3u +
	    (unsigned char)k[len - 1]) & (JS_KEY_SLOTS - 1);
}

/* Fill js_key_slots (once, from any thread). */
static void
js_key_init(void)
{
	size_t		i;
	unsigned	h;

	for (i = 0; i < sizeof json_keys / sizeof json_keys[0]; i++) {
		h = js_key_hash(json_keys[i].name, json_keys[i].len);
		while (js_key_slots[h] != 0)
			h = (h + 1) & (JS_KEY_SLOTS - 1);
		js_key_slots[h] = (unsigned char)(i + 1);
	}
}

/* Find the key's kind and rank. */
static const struct jkey *
js_key(const char *k, size_t len)
{
	const struct jkey	*key;
	unsigned		 h, j;

	if (len == 0 || len > JS_KEY_MAX)
		return NULL;
	pthread_once(&js_key_once, js_key_init);
	for (h = js_key_hash(k, len); (j = js_key_slots[h]) != 0;
	    h = (h + 1) & (JS_KEY_SLOTS - 1)) {
		key = &json_keys[j - 1];
		if (key->len == len && memcmp(key->name, k, len) == 0)
			return key;
	}
	return NULL;
}

/* Level from a JSON string value. */
static int
js_level_word(const char *s, size_t n)
{
	int	l;
	long	v = 0;
	size_t	i;

	if ((l = levels_npm(s, n)) >= 0)
		return l;
	if (n == 1 && (l = level_from_letter(s[0])) >= 0)
		return l;
	if (n == 4 && memcmp(s, "http", 4) == 0)
		return LEVEL_INFO;	/* npm's level between info and verbose */
	if (n > 6 && memcmp(s, "Level ", 6) == 0) {
		for (i = 6; i < n && i < 12 && s[i] >= '0' && s[i] <= '9'; i++)
			v = v * 10 + (s[i] - '0');
		if (i == n)
			return level_from_number(v);
	}
	return -1;
}

/* Level from a number: Bunyan / pino (10..60) or Python levelno. */
static int
js_level_number(const char *s, size_t n, int python)
{
	long	v = 0;
	size_t	i;

	for (i = 0; i < n && i < 6 && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	if (i == 0 || i != n)
		return -1;
	if (python)
		return level_from_number(v);
	if (v < 10)
		return LEVEL_NONE;
	if (v < 20)
		return LEVEL_TRACE;
	if (v < 30)
		return LEVEL_DEBUG;
	if (v < 40)
		return LEVEL_INFO;
	if (v < 50)
		return LEVEL_WARNING;
	if (v < 60)
		return LEVEL_ERROR;
	return LEVEL_CRITICAL;
}

/* What an object's members are read as. */
enum { JS_SUB_ALL, JS_SUB_LOG, JS_SUB_LEVEL, JS_SUB_TIME };

/* Ranks found so far, per kind. */
struct jfound {
	uint8_t	rank[8];
	int	any;
};

/* Walk one object's members; depth 0 is the top level. */
static void
js_object(struct jscan *js, struct fields *f, struct span *exc,
    struct jfound *fd, int depth, int sub)
{
	const struct jkey	*k;
	size_t			 koff, klen, voff, vlen, start;
	int			 l, isstr, slot;
	int64_t			 t;

	js->i++;	/* '{' */
	for (;;) {
		js_ws(js);
		if (js->i >= js->n || js->s[js->i] != '"')
			return;
		if (js_string(js, &koff, &klen) < 0)
			return;
		js_ws(js);
		if (js->i >= js->n || js->s[js->i] != ':')
			return;
		js->i++;
		js_ws(js);
		if (js->i >= js->n)
			return;
		k = js_key(js->s + koff, klen);
		if (sub == JS_SUB_LEVEL)	/* {"name": "INFO", "no": 20} */
			k = klen == 4 && memcmp(js->s + koff, "name", 4) == 0 ?
			    &json_keys[0] : NULL;
		else if (sub == JS_SUB_TIME)	/* {"timestamp": 1.5} */
			k = k != NULL && k->kind == JK_TIME ? k : NULL;
		else if (k != NULL && sub == JS_SUB_LOG &&
		    k->kind != JK_LEVEL && k->kind != JK_LOGGER)
			k = NULL;
		if (k != NULL && (k->kind == JK_LEVEL || k->kind == JK_TIME) &&
		    js->s[js->i] == '{' && depth < 3) {
			js_object(js, f, exc, fd, depth + 1,
			    k->kind == JK_LEVEL ? JS_SUB_LEVEL : JS_SUB_TIME);
			js_ws(js);
			if (js->i < js->n && js->s[js->i] == '}')
				js->i++;
			goto next;
		}
		if (k != NULL && k->kind == JK_LOG) {
			if (js->s[js->i] == '{' && depth == 0) {
				js_object(js, f, exc, fd, 1, k->rank == 0 ?
				    JS_SUB_LOG : JS_SUB_ALL);
				js_ws(js);
				if (js->i < js->n && js->s[js->i] == '}')
					js->i++;
			} else if (js_skip(js) < 0)
				return;
			k = NULL;
			goto next;
		}
		start = js->i;
		isstr = js->s[js->i] == '"';
		if (isstr) {
			if (js_string(js, &voff, &vlen) < 0)
				return;
		} else {
			if (js_skip(js) < 0)
				return;
			voff = start;
			vlen = js->i - start;
		}
		if (k == NULL)
			goto next;
		slot = k->kind == JK_LEVELNO ? JK_LEVEL : k->kind;
		if (k->rank >= fd->rank[slot])
			goto next;
		switch (k->kind) {
		case JK_LEVEL:
		case JK_LEVELNO:
			l = isstr ? js_level_word(js->s + voff, vlen) :
			    js_level_number(js->s + voff, vlen,
			    k->kind == JK_LEVELNO);
			if (l < 0)
				goto next;
			f->level = (uint8_t)l;
			f->level_span.off = (uint32_t)voff;
			f->level_span.len = (uint32_t)vlen;
			break;
		case JK_LOGGER:
			if (!isstr)
				goto next;
			f->logger.off = (uint32_t)voff;
			f->logger.len = (uint32_t)vlen;
			break;
		case JK_MSG:
			if (!isstr)
				goto next;
			f->message.off = (uint32_t)voff;
			f->message.len = (uint32_t)vlen;
			break;
		case JK_TIME:
			if (isstr ? ptime_any(js->s + voff, vlen, 1970,
			    &t) == 0 : ptime_epoch(js->s + voff, vlen,
			    &t) == 0)
				goto next;
			f->time = t;
			f->time_span.off = (uint32_t)voff;
			f->time_span.len = (uint32_t)vlen;
			break;
		case JK_EXC:
			if (!isstr)
				goto next;
			if (exc != NULL) {
				exc->off = (uint32_t)voff;
				exc->len = (uint32_t)vlen;
			}
			break;
		}
		if (k->kind != JK_EXC)
			fd->any = 1;
		fd->rank[slot] = k->rank;
next:
		js_ws(js);
		if (js->i >= js->n || js->s[js->i] != ',')
			return;
		js->i++;
	}
}

/* Fill *f from a JSON object line. */
int
json_fields(const char *line, size_t len, struct fields *f, struct span *exc)
{
	struct jscan	js;
	struct jfound	fd;

	js.s = line;
	js.n = len > UINT32_MAX ? UINT32_MAX : len;
	js.i = 0;
	fields_clear(f);
	if (exc != NULL)
		exc->off = exc->len = 0;
	js_ws(&js);
	if (js.i >= js.n || line[js.i] != '{')
		return 0;
	memset(fd.rank, 0xff, sizeof fd.rank);
	fd.any = 0;
	js_object(&js, f, exc, &fd, 0, JS_SUB_ALL);
	if (!fd.any)
		return 0;
	/* Serilog's CLEF leaves "@l" out for Information. */
	if (fd.rank[JK_TIME] == 5 && fd.rank[JK_LEVEL] == 0xff)
		f->level = LEVEL_INFO;
	/* GELF ("short_message"): "level" is a syslog severity, 0-7. */
	if (fd.rank[JK_MSG] == 6 && fd.rank[JK_LEVEL] == 0 &&
	    f->level_span.len == 1 && line[f->level_span.off] >= '0' &&
	    line[f->level_span.off] <= '7') {
		static const uint8_t sev[8] = { LEVEL_CRITICAL, LEVEL_CRITICAL,
		    LEVEL_CRITICAL, LEVEL_ERROR, LEVEL_WARNING, LEVEL_NOTICE,
		    LEVEL_INFO, LEVEL_DEBUG };

		f->level = sev[line[f->level_span.off] - '0'];
	}
	f->format = FORMAT_JSON;
	return 1;
}

/* Length of a valid UTF-8 sequence at s, or 0. */
size_t
json_utf8_len(const unsigned char *s, size_t n)
{
	uint32_t	cp;

	return utf8_decode(s, n, &cp);
}

/* Make room for want more bytes. */
static void
je_reserve(char **buf, size_t *len, size_t *size, size_t want)
{
	size_t	ns;

	if (*size - *len >= want)
		return;
	ns = *size ? *size : 64;
	while (ns - *len < want)
		ns *= 2;
	*buf = xrealloc(*buf, ns);
	*size = ns;
}

/*
 * End of the run of bytes from i on that JSON takes as they are: printable
 * ASCII other than '"' and '\\'. Eight bytes at a time: a word passes when
 * no byte is below 0x20 (the has-less-than trick), has its high bit set
 * (>= 0x80), is 0x7f (adding 1 sets a high bit, with no carry between
 * bytes once none is >= 0x80), or is a quote or backslash (has-zero on
 * the word xor the character). Each test may only err towards stopping.
 */
static size_t
je_plain_run(const unsigned char *u, size_t n, size_t i)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t	ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t	w, q, b;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, u + i, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		if ((((w - ones * 0x20) & ~w) | w | (w + ones) |
		    ((q - ones) & ~q) | ((b - ones) & ~b)) & high)
			break;
	}
#endif
	while (i < n && u[i] >= 0x20 && u[i] < 0x7f && u[i] != '"' &&
	    u[i] != '\\')
		i++;
	return i;
}

/* Append a JSON string literal of arbitrary bytes. */
void
json_escape(char **buf, size_t *len, size_t *size, const char *s, size_t n)
{
	je_reserve(buf, len, size, n + 2);
	(*buf)[(*len)++] = '"';
	json_escape_body(buf, len, size, s, n);
	je_reserve(buf, len, size, 1);
	(*buf)[(*len)++] = '"';
}

/* The inside of a JSON string literal of arbitrary bytes, no quotes. */
void
json_escape_body(char **buf, size_t *len, size_t *size, const char *s,
    size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k, run;
	char			*o;

	je_reserve(buf, len, size, n);
	while (i < n) {
		/* Copy a run of plain ASCII at once. */
		run = je_plain_run(u, n, i);
		if (run > i) {
			je_reserve(buf, len, size, run - i);
			memcpy(*buf + *len, s + i, run - i);
			*len += run - i;
			i = run;
			continue;
		}
		je_reserve(buf, len, size, 8);
		o = *buf + *len;
		if (u[i] == '"' || u[i] == '\\') {
			o[0] = '\\';
			o[1] = (char)u[i];
			*len += 2;
			i++;
			continue;
		}
		if (u[i] < 0x80)
			k = 0;			/* control or DEL */
		else
			k = json_utf8_len(u + i, n - i);
		if (k == 3 && u[i] == 0xe2 && u[i + 1] == 0x80 &&
		    (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) {
			memcpy(o, u[i + 2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
			*len += 6;
			i += 3;
			continue;
		}
		if (k > 0) {
			memcpy(o, s + i, k);
			*len += k;
			i += k;
			continue;
		}
		switch (u[i]) {
		case '\n':
			memcpy(o, "\\n", 2);
			*len += 2;
			break;
		case '\t':
			memcpy(o, "\\t", 2);
			*len += 2;
			break;
		case '\r':
			memcpy(o, "\\r", 2);
			*len += 2;
			break;
		case '\b':
			memcpy(o, "\\b", 2);
			*len += 2;
			break;
		case '\f':
			memcpy(o, "\\f", 2);
			*len += 2;
			break;
		default:
			memcpy(o, "\\u00", 4);
			o[4] = hex[u[i] >> 4];
			o[5] = hex[u[i] & 15];
			*len += 6;
			break;
		}
		i++;
	}
}
