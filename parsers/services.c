/*
 * services.c: the layouts of servers' and tools' logs that detect.c and
 * layouts.c reach by their dispatch, each a small matcher:
 *
 *   languages  .NET's console logger "info: Category[id]", NLog
 *              "time|LEVEL|logger|msg", Ruby's Logger "I, [iso #pid]
 *              INFO -- prog: msg", Sidekiq, PHP's error log and Monolog
 *              "[time] channel.LEVEL: msg", Kafka's "(class)" at the end,
 *              Jenkins, Odoo, Home Assistant's "(thread) [logger]",
 *              cloud-init, "- LEVEL - name - msg"
 *   servers    MongoDB < 4.4 "L COMPONENT [ctx]", Envoy, Elasticsearch,
 *              CouchDB, BIND, CUPS, fail2ban, Salt, TensorFlow's C++ log,
 *              Windows' CBS.log
 *   clusters   the CFDR supercomputer logs (BGL, Thunderbird), HPC node
 *              logs, an Android app's "time|Component|pid|msg"
 *
 * Each reads only [0, n), never allocates, checks its whole prefix before
 * it claims a line, and fills struct fields as detect.c's own matchers do
 * (LAYOUT_REC / LAYOUT_NO from layouts.h, or 1 / 0 for detect.c's tails).
 */
#include "services.h"

#include <string.h>

#include "layouts.h"
#include "level.h"
#include "levels.h"
#include "lscan.h"
#include "ptime.h"
#include "xtime.h"

/*
 * Kafka: "[time] LEVEL msg (kafka.server.KafkaServer)", the message from
 * k: a class name in parentheses closing the line is the logger (two dots
 * at least, or a capitalised last part: not "(settings.yaml)").
 */
void
svc_kafka_tail(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	e = n, b;
	int	dots;

	while (e > k && (s[e - 1] == ' ' || s[e - 1] == '\r'))
		e--;
	if (e < k + 6 || s[e - 1] != ')')
		return;
	for (b = e - 1; b > k && s[b - 1] != '(' && s[b - 1] != ' '; b--)
		;
	if (b < k + 2 || s[b - 1] != '(' || s[b - 2] != ' ' ||
	    !ls_name(s, b, e - 1, &dots) || dots == 0)
		return;
	if (dots < 2) {
		const char *last = memrchr(s + b, '.', e - 1 - b);

		if (last == NULL || !LS_UPPER(last[1]))
			return;
	}
	ls_span(&f->logger, b, e - 1 - b);
	ls_span(&f->message, k, b - 2 - k);
}

/*
 * "- LEVEL - name - msg" ("%(levelname)s - %(name)s - %(message)s"), k
 * after the level's dash: a logger-like token (dotted, or lower case:
 * "app.db", "root", "__main__"; not "Done") then " - " is the logger.
 */
void
svc_dash_name(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	t = ls_token(s, n, k), q;
	int	dots;

	if (t == k || !ls_lit(s, n, t, " - ", 3) || !ls_name(s, k, t, &dots))
		return;
	if (dots == 0)
		for (q = k; q < t; q++)
			if (LS_UPPER(s[q]))
				return;
	ls_span(&f->logger, k, t - k);
	ls_msg(f, n, t + 3);
}

/*
 * Odoo: "time pid LEVEL dbname logger.name: msg", at ge past the database
 * name ("?" when none): the dotted name ending in ':' is the logger.
 */
int
svc_odoo(const char *s, size_t n, size_t ge, struct fields *f)
{
	size_t	g = ge + 1, e = ls_token(s, n, g);
	int	dots;

	if (ge >= n || s[ge] != ' ' || e < g + 4 || s[e - 1] != ':' ||
	    !ls_name(s, g, e - 1, &dots) || dots == 0)
		return 0;
	f->format = FORMAT_OSLO;
	ls_span(&f->logger, g, e - 1 - g);
	ls_msg(f, n, ls_blanks(s, n, e));
	return 1;
}

/*
 * "(thread) [logger] msg" at k, after the level: Home Assistant's
 * "%(asctime)s %(levelname)s (%(threadName)s) [%(name)s] %(message)s".
 */
int
svc_paren_bracket(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	p = ls_find(s, n, k, ')'), b, e;

	if (p >= n || !ls_lit(s, n, p, ") [", 3))
		return 0;
	b = p + 3;
	e = ls_find(s, n, b, ']');
	if (e >= n || !ls_name(s, b, e, NULL))
		return 0;
	f->format = FORMAT_PY_GENERIC;
	ls_span(&f->logger, b, e - b);
	ls_msg(f, n, ls_blanks(s, n, e + 1));
	return 1;
}

/*
 * PHP's error log time after '[': "28-Nov-2026 10:00:01 UTC", the zone a
 * name (Europe/Berlin) that is kept in the time's span but not applied
 * (no zone database): the bytes used after the '[', or 0.
 */
size_t
svc_php_time(const char *s, size_t n, int64_t *t)
{
	size_t	i = xtime_dmy_dash(s + 1, n - 1, t), z;

	if (i == 0 || 1 + i >= n || s[1 + i] != ' ')
		return i;
	for (z = 2 + i; z < n && (LS_ALNUM(s[z]) || s[z] == '/' ||
	    s[z] == '_' || s[z] == '+' || s[z] == '-'); z++)
		;
	return z > 2 + i && z < n && s[z] == ']' ? z - 1 : i;
}

/* cloud-init after the time's "- ", at k: "file.py[LEVEL]: msg" (a file name, no logger). */
int
svc_cloudinit(const char *s, size_t n, size_t k, struct fields *f)
{
	const char	*q;
	size_t		 e, j;
	int		 l;

	if (k >= n || (q = memchr(s + k, '[', n - k < 64 ? n - k : 64)) == NULL ||
	    (e = (size_t)(q - s)) == k || memchr(s + k, ' ', e - k) != NULL ||
	    (j = ls_word(s, n, e + 1)) == e + 1 || !ls_lit(s, n, j, "]: ", 3) ||
	    (l = ls_level_at(s, e + 1, j, 1)) < 0)
		return 0;
	ls_level(f, l, e + 1, j);
	f->format = FORMAT_PY_GENERIC;
	ls_msg(f, n, j + 3);
	return 1;
}

/*
 * Jenkins: "time [id=N]<TAB>LEVEL<TAB>logger#method: msg", j at the '['
 * (java.util.logging levels: SEVERE, WARNING, INFO, FINE...).
 */
int
svc_jenkins(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	e = ls_bracket_end(s, n, j), w, we, t;
	int	l;

	if (e == 0 || e >= n || s[e] != '\t')
		return 0;
	w = e + 1;
	we = ls_word(s, n, w);
	if (we >= n || s[we] != '\t' || (l = levels_word(s + w, we - w)) < 0)
		return 0;
	ls_level(f, l, w, we);
	f->format = FORMAT_JUL;
	for (t = we + 1; t < n && s[t] != '#' && s[t] != ':' && s[t] != ' '; t++)
		;
	if (t > we + 1 && ls_name(s, we + 1, t, NULL))
		ls_span(&f->logger, we + 1, t - we - 1);
	t = ls_find(s, n, we + 1, ':');
	ls_msg(f, n, t < n ? ls_blanks(s, n, t + 1) : we + 1);
	return 1;
}

/* Salt: "[salt.minion      :1234][INFO    ][567] msg" at k. */
int
svc_salt(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	t = k + 1, b, d, w, we;
	int	l;

	while (t < n && s[t] != ' ' && s[t] != ':' && s[t] != ']')
		t++;
	b = ls_blanks(s, n, t);
	if (t == k + 1 || b >= n || s[b] != ':' || !ls_name(s, k + 1, t, NULL))
		return 0;
	d = ls_blanks(s, n, ls_digits(s, n, b + 1));
	if (!ls_lit(s, n, d, "][", 2))
		return 0;
	w = d + 2;
	we = ls_word(s, n, w);
	if ((l = ls_level_at(s, w, we, 1)) < 0 || (we = ls_blanks(s, n, we)) >= n ||
	    s[we] != ']')
		return 0;
	ls_level(f, l, w, ls_word(s, n, w));
	ls_span(&f->logger, k + 1, t - k - 1);
	f->format = FORMAT_PY_GENERIC;
	we++;
	if (we < n && s[we] == '[' && (d = ls_find(s, n, we, ']')) < n)
		we = d + 1;
	ls_msg(f, n, ls_blanks(s, n, we));
	return 1;
}

/*
 * MongoDB before 4.4: "L COMPONENT  [context] msg" at j, after an ISO time;
 * L one of F E W I D (D1-D5), the component (NETWORK, STORAGE, or "-")
 * taken for the logger.
 */
int
svc_mongo(const char *s, size_t n, size_t j, struct fields *f)
{
	static const char	letters[] = "FEWID";
	static const int	lv[] = { LEVEL_CRITICAL, LEVEL_ERROR,
				    LEVEL_WARNING, LEVEL_INFO, LEVEL_DEBUG };
	const char		*q;
	size_t			 c = j + 1, e, k;

	if (j + 6 > n || (q = memchr(letters, s[j], 5)) == NULL)
		return LAYOUT_NO;
	if (s[j] == 'D' && c < n && s[c] >= '1' && s[c] <= '5')
		c++;
	if (c >= n || s[c] != ' ')
		return LAYOUT_NO;
	c++;
	for (e = c; e < n && (LS_UPPER(s[e]) || s[e] == '_' || s[e] == '-'); e++)
		;
	k = ls_blanks(s, n, e);
	if (e == c || k == e || k >= n || s[k] != '[' ||
	    ls_find(s, n, k, ']') >= n)
		return LAYOUT_NO;
	ls_level(f, lv[q - letters], j, c - 1);
	if (e - c > 1 || s[c] != '-')
		ls_span(&f->logger, c, e - c);
	f->format = FORMAT_SERVER;
	ls_msg(f, n, k);
	return LAYOUT_REC;
}

/*
 * NLog's default "longdate|LEVEL|logger|message", or Python's
 * "%(asctime)s:%(levelname)s:%(name)s:%(message)s", at i on the first
 * separator.
 */
int
svc_nlog(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	w = i + 1, e = ls_word(s, n, w), t;
	char	sep = s[i];
	int	l;

	if (e >= n || s[e] != sep || !LS_UPPER(s[w]) ||
	    (l = levels_word(s + w, e - w)) < 0)
		return LAYOUT_NO;
	t = ls_find(s, n, e + 1, sep);
	if (t >= n || !ls_name(s, e + 1, t, NULL))
		return LAYOUT_NO;
	ls_level(f, l, w, e);
	ls_span(&f->logger, e + 1, t - e - 1);
	f->format = FORMAT_GENERIC;
	ls_msg(f, n, t + 1);
	return LAYOUT_REC;
}

/*
 * TensorFlow's C++ logging after its time and ": ": "L file.cc:182] msg"
 * (glog's letter and source location, no logger).
 */
int
svc_tensorflow(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	t;
	int	l;

	if (j + 4 > n || s[j + 1] != ' ' || !LS_UPPER(s[j]) ||
	    (l = level_from_letter(s[j])) < 0)
		return LAYOUT_NO;
	t = ls_token(s, n, j + 2);
	if (t < j + 5 || s[t - 1] != ']' ||
	    memchr(s + j + 2, ':', t - j - 2) == NULL)
		return LAYOUT_NO;
	ls_level(f, l, j, j + 1);
	f->format = FORMAT_GO;
	ls_msg(f, n, ls_blanks(s, n, t));
	return LAYOUT_REC;
}

/*
 * Windows' CBS.log (servicing) after "yyyy-mm-dd hh:mm:ss, " at j:
 * "Level<blanks>Component<blanks>msg", the level a word (Info, Warning,
 * Error, Perf) and the component a short name (CBS, CSI, DPX).
 */
int
svc_cbs(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	e = ls_word(s, n, j), c, t;
	int	l;

	if (e == j || (c = ls_blanks(s, n, e)) == e || c >= n)
		return LAYOUT_NO;
	if (e - j == 4 && memcmp(s + j, "Perf", 4) == 0)
		l = LEVEL_DEBUG;
	else if ((l = levels_word(s + j, e - j)) < 0)
		return LAYOUT_NO;
	t = ls_token(s, n, c);
	if (t == c || t >= n || !ls_name(s, c, t, NULL) || t - c > 16)
		return LAYOUT_NO;
	ls_level(f, l, j, e);
	ls_span(&f->logger, c, t - c);
	f->format = FORMAT_GENERIC;
	ls_msg(f, n, ls_blanks(s, n, t));
	return LAYOUT_REC;
}

/* fail2ban: "name.padded   [pid]: LEVEL   msg" at j, after the time. */
int
svc_fail2ban(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	t = ls_token(s, n, j), b = ls_blanks(s, n, t), e, w, we;
	int	l;

	if (b >= n || s[b] != '[' || !ls_name(s, j, t, NULL))
		return LAYOUT_NO;
	e = ls_digits(s, n, b + 1);
	if (e == b + 1 || !ls_lit(s, n, e, "]: ", 3))
		return LAYOUT_NO;
	w = e + 3;
	we = ls_word(s, n, w);
	if (we == w || !LS_UPPER(s[w]) || (l = levels_word(s + w, we - w)) < 0 ||
	    (we < n && s[we] != ' '))
		return LAYOUT_NO;
	ls_level(f, l, w, we);
	ls_span(&f->logger, j, t - j);
	f->format = FORMAT_PY_GENERIC;
	ls_msg(f, n, ls_blanks(s, n, we));
	return LAYOUT_REC;
}

/* Sidekiq: "pid=12 tid=x [class=C jid=J ...] LEVEL: msg" at j, after the time. */
int
svc_sidekiq(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	k = j, e;
	int	l;

	while (k < n && (e = ls_token(s, n, k)) > k &&
	    memchr(s + k, '=', e - k) != NULL)
		k = ls_blanks(s, n, e);
	e = ls_word(s, n, k);
	if (k == j || e == k || !LS_UPPER(s[k]) || !ls_lit(s, n, e, ": ", 2) ||
	    (l = levels_word(s + k, e - k)) < 0)
		return LAYOUT_NO;
	ls_level(f, l, k, e);
	f->format = FORMAT_RUBY;
	ls_msg(f, n, e + 2);
	return LAYOUT_REC;
}

/*
 * BIND's named after its "dd-Mon-yyyy time" at k: " category: severity:
 * msg" (severity info, notice, warning, error, critical, "debug N").
 */
int
svc_bind(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	c = k + 1, ce, w, we;
	int	l;

	if (k >= n || s[k] != ' ')
		return LAYOUT_NO;
	ce = ls_word(s, n, c);
	if (ce == c || !LS_LOWER(s[c]) || !ls_lit(s, n, ce, ": ", 2))
		return LAYOUT_NO;
	w = ce + 2;
	we = ls_word(s, n, w);
	if (we == w || !LS_LOWER(s[w]) || (l = levels_npm(s + w, we - w)) < 0)
		return LAYOUT_NO;
	if (we + 1 < n && s[we] == ' ' && LS_DIGIT(s[we + 1]))
		we = ls_digits(s, n, we + 1);		/* "debug 3:" */
	if (!ls_lit(s, n, we, ": ", 2))
		return LAYOUT_NO;
	ls_level(f, l, w, we);
	ls_span(&f->logger, c, ce - c);
	f->format = FORMAT_SERVER;
	ls_msg(f, n, we + 2);
	return LAYOUT_REC;
}

/*
 * An Android app's own log (loghub's HealthApp): "yyyymmdd-hh:mm:ss:ms|
 * Component|pid|msg".
 */
int
svc_healthapp(const char *s, size_t n, struct fields *f)
{
	size_t	k = 9, c, e, i;
	int64_t	tod = 0;
	int	y, mo, d, v[4];

	if (n < 24 || ls_digits(s, n, 0) != 8 || s[8] != '-')
		return LAYOUT_NO;
	/* h:m:s:ms, unpadded ("22:16:0:119") */
	for (i = 0; i < 4; i++) {
		e = ls_digits(s, n, k);
		if (e == k || e > k + 3 || e >= n || s[e] != (i < 3 ? ':' : '|'))
			return LAYOUT_NO;
		for (v[i] = 0; k < e; k++)
			v[i] = v[i] * 10 + (s[k] - '0');
		k = e + 1;
	}
	k--;					/* at the '|' */
	if (v[0] > 23 || v[1] > 59 || v[2] > 60)
		return LAYOUT_NO;
	tod = ((int64_t)v[0] * 3600 + v[1] * 60 + v[2]) * 1000 + v[3];
	c = k + 1;
	e = ls_find(s, n, c, '|');
	if (e >= n || !ls_name(s, c, e, NULL) ||
	    (k = ls_digits(s, n, e + 1)) == e + 1 || k >= n || s[k] != '|')
		return LAYOUT_NO;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	mo = (s[4] - '0') * 10 + (s[5] - '0');
	d = (s[6] - '0') * 10 + (s[7] - '0');
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return LAYOUT_NO;
	f->time = ptime_make(y, mo, d, 0, 0, 0, 0) + tod;
	ls_span(&f->time_span, 0, c - 1);	/* up to the first '|' */
	ls_span(&f->logger, c, e - c);
	f->format = FORMAT_GENERIC;
	ls_msg(f, n, k + 1);
	return LAYOUT_REC;
}

/*
 * A cluster's node log (loghub's HPC): "id node component state epoch
 * flag msg", the component (unix.hw, node, action) the logger.
 */
int
svc_hpc(const char *s, size_t n, struct fields *f)
{
	size_t	t[6], k = 0, i, e;

	for (i = 0; i < 6; i++) {
		e = ls_token(s, n, k);
		if (e == k || e >= n || s[e] != ' ')
			return LAYOUT_NO;
		t[i] = k;
		k = e + 1;
	}
	if (ls_digits(s, n, 0) != t[1] - 1 ||
	    ls_digits(s, n, t[4]) != t[4] + 10 || t[5] != t[4] + 11 ||
	    ls_digits(s, n, t[5] + (s[t[5]] == '-')) != k - 1 ||
	    !ls_name(s, t[2], t[3] - 1, NULL))
		return LAYOUT_NO;
	if (ptime_epoch(s + t[4], 10, &f->time) == 0)
		return LAYOUT_NO;
	ls_span(&f->time_span, t[4], 10);
	ls_span(&f->logger, t[2], t[3] - 1 - t[2]);
	f->format = FORMAT_GENERIC;
	ls_msg(f, n, k);
	return LAYOUT_REC;
}

/*
 * The supercomputer logs of the CFDR (loghub's BGL, Thunderbird):
 * "LABEL epoch yyyy.mm.dd node ...", LABEL "-" or an alert tag. BGL goes
 * on "time node RAS COMPONENT LEVEL msg", Thunderbird "Mon d hh:mm:ss
 * location prog[pid]: msg" (syslog's program: the logger).
 */
int
svc_super(const char *s, size_t n, struct fields *f)
{
	size_t	l = ls_token(s, n, 0), k = l + 1, d, u, t[4], i, e;
	int	lv;

	if (l == 0 || l >= n || s[l] != ' ' || ls_digits(s, n, k) != k + 10 ||
	    k + 22 >= n || s[k + 10] != ' ' || s[k + 15] != '.' ||
	    s[k + 18] != '.' || s[k + 21] != ' ')
		return LAYOUT_NO;
	for (i = 0; i < l; i++)
		if (!(LS_UPPER(s[i]) || LS_DIGIT(s[i]) || s[i] == '_' ||
		    (l == 1 && s[i] == '-')))
			return LAYOUT_NO;
	if (ptime_epoch(s + k, 10, &f->time) == 0)
		return LAYOUT_NO;
	ls_span(&f->time_span, k, 10);
	d = k + 22;				/* the node (BGL), the user (Tbird) */
	u = ls_token(s, n, d);
	if (u == d || u + 1 >= n)
		return LAYOUT_NO;
	k = u + 1;
	if (LS_DIGIT(s[k])) {
		/* BGL: time node type component level msg */
		for (i = 0; i < 4; i++) {
			e = ls_token(s, n, k);
			if (e == k || e >= n)
				return LAYOUT_NO;
			t[i] = k;
			k = e + 1;
		}
		e = ls_token(s, n, k);
		if (e == k)
			return LAYOUT_NO;
		if (e - k == 7 && memcmp(s + k, "FAILURE", 7) == 0)
			lv = LEVEL_ERROR;
		else if ((lv = levels_word(s + k, e - k)) < 0)
			return LAYOUT_NO;
		ls_level(f, lv, k, e);
		ls_span(&f->logger, t[3], k - 1 - t[3]);
		f->format = FORMAT_SYSLOG;
		ls_msg(f, n, ls_blanks(s, n, e));
		return LAYOUT_REC;
	}
	/* Thunderbird: "Mon d hh:mm:ss location prog[pid]: msg" */
	if (k + 16 >= n || !LS_UPPER(s[k]))
		return LAYOUT_NO;
	for (e = k, i = 0; i < 4 && e < n; i++)	/* Mon, d, time, location */
		e = ls_blanks(s, n, ls_token(s, n, e));
	if (i < 4 || e >= n)
		return LAYOUT_NO;
	for (d = e; d < n && s[d] != '[' && s[d] != ':' && s[d] != ' '; d++)
		;
	if (d == e || d >= n || (s[d] == ' '))
		return LAYOUT_NO;
	ls_span(&f->logger, e, d - e);
	f->format = FORMAT_SYSLOG;
	if (s[d] == '[')
		d = ls_find(s, n, d, ']') + 1;
	if (d < n && s[d] == ':')
		d++;
	ls_msg(f, n, ls_blanks(s, n, d));
	return LAYOUT_REC;
}

/*
 * CUPS: "L [dd/Mon/yyyy:hh:mm:ss zone] msg", L one of its letters (E W N
 * I D, d detailed debug, A alert, C critical, X emergency).
 */
int
svc_cups(const char *s, size_t n, struct fields *f)
{
	size_t	k;
	int64_t	ms;
	int	l;

	l = s[0] == 'A' || s[0] == 'X' || s[0] == 'C' ? LEVEL_CRITICAL :
	    s[0] == 'N' ? LEVEL_NOTICE : level_from_letter(s[0]);
	if (l < 0 || (k = ptime_clf(s + 3, n - 3, &ms)) == 0 ||
	    !ls_lit(s, n, 3 + k, "] ", 2))
		return LAYOUT_NO;
	ls_level(f, l, 0, 1);
	f->time = ms;
	ls_span(&f->time_span, 3, k);
	f->format = FORMAT_SERVER;
	ls_msg(f, n, 5 + k);
	return LAYOUT_REC;
}

/* Ruby's Logger: "I, [2026-11-28T10:00:01.123456 #1234]  INFO -- progname: msg". */
int
svc_ruby(const char *s, size_t n, struct fields *f)
{
	size_t	k, e, t, c;
	int64_t	ms;
	int	l;

	if (n < 30 || s[1] != ',' || s[2] != ' ' || s[3] != '[' ||
	    (k = ptime_iso(s + 4, n - 4, &ms)) == 0)
		return LAYOUT_NO;
	k += 4;
	if (!ls_lit(s, n, k, " #", 2))
		return LAYOUT_NO;
	e = ls_digits(s, n, k + 2);
	if (e == k + 2 || e >= n || s[e] != ']')
		return LAYOUT_NO;
	t = ls_blanks(s, n, e + 1);
	c = ls_word(s, n, t);
	if (c == t || !ls_lit(s, n, c, " -- ", 4))
		return LAYOUT_NO;
	if (c - t == 3 && memcmp(s + t, "ANY", 3) == 0)
		l = LEVEL_NONE;
	else if ((l = levels_word(s + t, c - t)) < 0)
		return LAYOUT_NO;
	f->time = ms;
	ls_span(&f->time_span, 4, k - 4);
	ls_level(f, l, t, c);
	c += 4;
	/* "progname: msg"; the progname may be empty (": msg"). */
	for (e = c; e + 1 < n && !(s[e] == ':' && s[e + 1] == ' '); e++)
		;
	if (e + 1 < n) {
		if (e > c)
			ls_span(&f->logger, c, e - c);
		ls_msg(f, n, e + 2);
	} else
		ls_msg(f, n, c);
	f->format = FORMAT_RUBY;
	return LAYOUT_REC;
}

/*
 * PHP's error messages after "PHP " at j: "Warning:  msg", "Fatal error:
 * ...". Levels as Monolog's ErrorHandler maps the error types. Anything
 * else ("PHP Stack trace:", "PHP   1. {main}()") is a record without a
 * level, unless strict (no timestamp before: then it is no PHP record).
 */
int
svc_php(const char *s, size_t n, size_t j, struct fields *f, int strict)
{
	static const struct {
		const char	*w;
		int		 l;
	} lv[] = {
		{ "Fatal error", LEVEL_CRITICAL }, { "Parse error", LEVEL_CRITICAL },
		{ "Recoverable fatal error", LEVEL_ERROR },
		{ "Catchable fatal error", LEVEL_ERROR },
		{ "Warning", LEVEL_WARNING }, { "Notice", LEVEL_NOTICE },
		{ "Deprecated", LEVEL_NOTICE }, { "Strict Standards", LEVEL_NOTICE },
	};
	size_t	i, w;

	for (i = 0; i < sizeof lv / sizeof lv[0]; i++) {
		w = strlen(lv[i].w);
		if (j + w < n && memcmp(s + j, lv[i].w, w) == 0 &&
		    s[j + w] == ':') {
			ls_level(f, lv[i].l, j, j + w);
			f->format = FORMAT_PHP;
			ls_msg(f, n, ls_blanks(s, n, j + w + 1));
			return LAYOUT_REC;
		}
	}
	if (strict)
		return LAYOUT_NO;
	f->format = FORMAT_PHP;
	ls_msg(f, n, j > 4 ? j - 4 : 0);
	return LAYOUT_REC;
}

/*
 * .NET's console logger at j: "info: Category[EventId]" with the message
 * on the indented lines that follow, or "info: Category[EventId] msg"
 * (SingleLine). The levels are its six four-letter words.
 */
int
svc_dotnet(const char *s, size_t n, size_t j, struct fields *f)
{
	static const struct {
		char	w[5];
		int	l;
	} lv[] = {
		{ "trce", LEVEL_TRACE }, { "dbug", LEVEL_DEBUG },
		{ "info", LEVEL_INFO }, { "warn", LEVEL_WARNING },
		{ "fail", LEVEL_ERROR }, { "crit", LEVEL_CRITICAL },
	};
	size_t	i, c, e, k;

	if (j + 9 > n || s[j + 4] != ':' || s[j + 5] != ' ')
		return LAYOUT_NO;
	for (i = 0; i < sizeof lv / sizeof lv[0]; i++)
		if (memcmp(s + j, lv[i].w, 4) == 0)
			break;
	if (i == sizeof lv / sizeof lv[0])
		return LAYOUT_NO;
	c = j + 6;
	if (!LS_ALPHA(s[c]) && s[c] != '_')
		return LAYOUT_NO;
	/* A category is a type name: nested (+) and generic (`1, <T>) allowed. */
	for (e = c; e < n && s[e] != '[' && s[e] != ' ' && s[e] != '\t'; e++)
		if ((unsigned char)s[e] < 0x21 || s[e] == '"')
			return LAYOUT_NO;
	if (e >= n || s[e] != '[')
		return LAYOUT_NO;
	k = ls_digits(s, n, e + 1);
	if (k == e + 1 || k >= n || s[k] != ']' || (k + 1 < n && s[k + 1] != ' '))
		return LAYOUT_NO;
	ls_level(f, lv[i].l, j, j + 4);
	ls_span(&f->logger, c, e - c);
	f->format = FORMAT_DOTNET;
	ls_msg(f, n, ls_blanks(s, n, k + 1));
	return LAYOUT_REC;
}

/*
 * Monolog's LineFormatter (Laravel, Symfony, most PHP services):
 * "[time] channel.LEVEL: msg {context} [extra]" with j at the channel.
 */
int
svc_monolog(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	e = j, d;
	int	l;

	while (e < n && s[e] != ':' && s[e] != ' ')
		e++;
	if (e >= n || s[e] != ':' || (e + 1 < n && s[e + 1] != ' '))
		return LAYOUT_NO;
	for (d = e; d > j && s[d - 1] != '.'; d--)
		;
	if (d <= j + 1 || d == e || !LS_UPPER(s[d]) ||
	    !ls_name(s, j, d - 1, NULL) ||
	    (l = levels_word(s + d, e - d)) < 0)
		return LAYOUT_NO;
	ls_level(f, l, d, e);
	ls_span(&f->logger, j, d - 1 - j);
	f->format = FORMAT_PHP;
	ls_msg(f, n, ls_blanks(s, n, e + 1));
	return LAYOUT_REC;
}

/*
 * Envoy: "[time][thread][level][logger] [file:line] msg", j at the
 * '[' after the time's ']'. The source location is left out of the message.
 */
int
svc_envoy(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	t = ls_digits(s, n, j + 1), w, e, g, m;
	int	l;

	if (j + 1 < n && LS_UPPER(s[j + 1]))
		return svc_elastic(s, n, j, f);
	if (t == j + 1 || !ls_lit(s, n, t, "][", 2))
		return LAYOUT_NO;
	w = t + 2;
	e = ls_word(s, n, w);
	if (e == w || !ls_lit(s, n, e, "][", 2) || (l = levels_npm(s + w,
	    e - w)) < 0)
		return LAYOUT_NO;
	g = ls_find(s, n, e + 2, ']');
	if (g >= n || !ls_name(s, e + 2, g, NULL))
		return LAYOUT_NO;
	ls_level(f, l, w, e);
	ls_span(&f->logger, e + 2, g - e - 2);
	f->format = FORMAT_SERVER;
	m = ls_blanks(s, n, g + 1);
	if (m < n && s[m] == '[' && (t = ls_find(s, n, m, ']')) < n &&
	    memchr(s + m, ':', t - m) != NULL)
		m = ls_blanks(s, n, t + 1);
	ls_msg(f, n, m);
	return LAYOUT_REC;
}

/*
 * Elasticsearch (log4j2 pattern): "[time][LEVEL ][logger padded] [node]
 * msg", j at the '[' after the time's ']'.
 */
int
svc_elastic(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	w = j + 1, e = ls_word(s, n, w), k, g, t;
	int	l;

	if (e == w || (l = levels_word(s + w, e - w)) < 0)
		return LAYOUT_NO;
	k = ls_blanks(s, n, e);
	if (!ls_lit(s, n, k, "][", 2))
		return LAYOUT_NO;
	g = k + 2;
	t = g;
	while (t < n && s[t] != ' ' && s[t] != ']')
		t++;
	if (t == g || !ls_name(s, g, t, NULL) ||
	    (k = ls_blanks(s, n, t)) >= n || s[k] != ']')
		return LAYOUT_NO;
	ls_level(f, l, w, e);
	ls_span(&f->logger, g, t - g);
	f->format = FORMAT_LOG4J;
	ls_msg(f, n, ls_blanks(s, n, k + 1));
	return LAYOUT_REC;
}

/* CouchDB: "[level] time node <pid> -------- msg" (a lower-case level). */
int
svc_couch(const char *s, size_t n, struct fields *f)
{
	size_t	e = ls_word(s, n, 1), k;
	int64_t	ms;
	int	l;

	if (!ls_lit(s, n, e, "] ", 2) || e + 2 >= n || !LS_DIGIT(s[e + 2]) ||
	    (l = levels_npm(s + 1, e - 1)) < 0 ||
	    (k = ptime_iso(s + e + 2, n - e - 2, &ms)) == 0)
		return LAYOUT_NO;
	ls_level(f, l, 1, e);
	f->time = ms;
	ls_span(&f->time_span, e + 2, k);
	f->format = FORMAT_SERVER;
	ls_msg(f, n, ls_blanks(s, n, e + 2 + k));
	return LAYOUT_REC;
}
