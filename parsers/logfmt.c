/*
 * logfmt.c: a scanner for key=value lines.
 *
 * A key is a run of bytes other than blank, '=' and '"'. A value is either
 * "quoted" (ending at the first unescaped quote, or at the end of the line
 * when unterminated) or bare (up to the next blank). No allocation; spans
 * point into the line; nothing is read past len.
 */
#include <string.h>

#include "level.h"
#include "logfmt.h"
#include "core/scan.h"
#include "ptime.h"

/* Read the next key=value pair. */
int
logfmt_next(const char *s, size_t n, size_t *pos, struct logfmt_pair *kv)
{
	size_t	i = *pos, k;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n) {
		*pos = i;
		return 0;
	}
	if (s[i] == '=' || s[i] == '"') {
		*pos = i;
		return -1;
	}
	k = i;
	while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '=' &&
	    s[i] != '"')
		i++;
	kv->key.off = (uint32_t)k;
	kv->key.len = (uint32_t)(i - k);
	kv->val.off = (uint32_t)i;
	kv->val.len = 0;
	kv->quoted = 0;
	kv->has_eq = 0;
	if (i < n && s[i] == '=') {
		kv->has_eq = 1;
		i++;
		if (i < n && s[i] == '"') {
			kv->quoted = 1;
			k = ++i;
			i = scan_quote_end(s, k, n);
			kv->val.off = (uint32_t)k;
			kv->val.len = (uint32_t)(i - k);
			if (i < n)
				i++;	/* closing quote */
		} else {
			k = i;
			while (i < n && s[i] != ' ' && s[i] != '\t')
				i++;
			kv->val.off = (uint32_t)k;
			kv->val.len = (uint32_t)(i - k);
		}
	} else if (i < n && s[i] == '"') {
		/* key"...: not logfmt; stop here. */
		*pos = i;
		return -1;
	}
	*pos = i;
	return 1;
}

/* Key equality against a literal. */
static int
lf_is(const char *s, const struct span *sp, const char *lit, size_t litlen)
{
	return sp->len == litlen && memcmp(s + sp->off, lit, litlen) == 0;
}

/* Is the first key a plausible identifier? */
static int
lf_ident(const char *s, const struct span *sp)
{
	uint32_t	i;
	unsigned char	c;

	if (sp->len == 0 || sp->len > 64)
		return 0;
	for (i = 0; i < sp->len; i++) {
		c = (unsigned char)s[sp->off + i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || c == '.' || c == '@' || c == '-' ||
		    (i > 0 && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* Fill *f from a logfmt line. */
int
logfmt_fields(const char *s, size_t n, struct fields *f)
{
	struct logfmt_pair	kv;
	size_t			pos = 0;
	int			first = 1, r, l, have_msg = 0, have_level = 0;
	int			lrank = 9, grank = 9, mrank = 9, trank = 9;
	int			logrus = 0;
	int64_t			t;

	fields_clear(f);
	if (n > UINT32_MAX)
		n = UINT32_MAX;
	while ((r = logfmt_next(s, n, &pos, &kv)) == 1) {
		const struct span *k = &kv.key;
		const char *v = s + kv.val.off;

		if (first) {
			if (!kv.has_eq || !lf_ident(s, k))
				return 0;
			first = 0;
			logrus = lf_is(s, k, "time", 4) && kv.quoted;
		}
		if (!kv.has_eq)
			continue;
		if (lrank > 0 && lf_is(s, k, "level", 5)) {
			if ((l = level_parse(v, kv.val.len)) >= 0) {
				f->level = (uint8_t)l;
				f->level_span = kv.val;
				lrank = 0;
				have_level = 1;
			}
		} else if (lrank > 1 && (lf_is(s, k, "lvl", 3) ||
		    lf_is(s, k, "severity", 8) ||
		    lf_is(s, k, "levelname", 9))) {
			if ((l = level_parse(v, kv.val.len)) >= 0) {
				f->level = (uint8_t)l;
				f->level_span = kv.val;
				lrank = 1;
				have_level = 1;
			}
		} else if (grank > 0 && lf_is(s, k, "logger", 6)) {
			f->logger = kv.val;
			grank = 0;
		} else if (grank > 1 && (lf_is(s, k, "logger_name", 11) ||
		    lf_is(s, k, "name", 4) || lf_is(s, k, "component", 9))) {
			f->logger = kv.val;
			grank = 1;
		} else if (mrank > 0 && lf_is(s, k, "msg", 3)) {
			f->message = kv.val;
			mrank = 0;
			have_msg = 1;
		} else if (mrank > 1 && (lf_is(s, k, "message", 7) ||
		    lf_is(s, k, "event", 5))) {
			f->message = kv.val;
			mrank = 1;
			have_msg = 1;
		} else if (trank > 0 && (lf_is(s, k, "time", 4) ||
		    lf_is(s, k, "ts", 2) || lf_is(s, k, "timestamp", 9) ||
		    lf_is(s, k, "t", 1))) {
			if (ptime_any(v, kv.val.len, 1970, &t) != 0) {
				f->time = t;
				f->time_span = kv.val;
				trank = 0;
			}
		}
	}
	if (first || (!have_level && !(have_msg && trank == 0)))
		return 0;
	f->format = logrus ? FORMAT_LOGRUS : FORMAT_LOGFMT;
	return 1;
}
