/*
 * ptyrun.c: run tailor's TUI in a pseudo-terminal and time what appears on
 * its screen (bench/run.sh drives it; see bench/README.md).
 *
 * The child is started with forkpty() at a fixed size (TERM=xterm-256color,
 * C.UTF-8) and everything it writes is fed to a small VT100/xterm screen
 * model (struct vt below): cursor moves, scroll regions, erase, insert and
 * delete, REP, wide characters. The screen, not the byte stream, is what
 * is searched: curses only sends the cells that changed, so a marker that
 * is on screen may never appear in the bytes in one piece.
 *
 * Phases, in order, each optional:
 *   -e TEXT   time from spawn until TEXT is on screen (first screen);
 *   -i        then until neither "indexing" nor "filtering" is on screen
 *             (the background index is complete); VmRSS is read then;
 *   -k KEYS   then, after the screen is quiet, send KEYS and time until the
 *             redraw is complete ("filtering" gone and the output quiet);
 *   -s KEYS   keys sent once the first screen is up (layout, for example);
 *   -W CMD    live mode: run CMD (sh -c) while scanning every screen for
 *             `seq=N t=NS` markers, each first sighting logged to -o with
 *             the CLOCK_MONOTONIC time it was seen; -q FILE gets one quiet
 *             marker record (`qseq=N t=NS`) every 100 ms, written by us;
 *             when CMD ends, -F FILES (comma-separated) each get a final
 *             BENCH-LIVE-END record and we wait until all are on screen;
 *   -I        idle: after 1 s of quiet, count the child's context switches
 *             and the bytes it writes over -d seconds (default 5), then
 *             (with -S FILE) run `strace -f -c` on it for as long.
 * Results are printed as key=value lines on stdout.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

/* The screen model. */
struct vt {
	int		 rows, cols;
	uint32_t	*cell;		/* rows * cols code points; 0 = wide tail */
	int		 x, y;
	int		 wrapnext;
	int		 top, bot;	/* scroll region, inclusive */
	int		 sx, sy;	/* saved cursor */
	int		 acs;		/* G0 is the line drawing set */
	uint32_t	 last;		/* last printed character, for REP */
	int		 state;		/* parser state */
	int		 params[16];
	int		 nparams;
	int		 priv;
	uint32_t	 u8;		/* UTF-8 decoding */
	int		 u8need;
};

enum { ST_GROUND, ST_ESC, ST_CSI, ST_OSC, ST_OSCESC, ST_CHARSET, ST_SKIP1 };

static uint64_t	 now_ns(void);

/* Monotonic time in nanoseconds (the clock loggen.py's markers use). */
static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Clear cells [from, to) of row y. */
static void
vt_clear(struct vt *vt, int y, int from, int to)
{
	int	i;

	if (y < 0 || y >= vt->rows)
		return;
	if (from < 0)
		from = 0;
	if (to > vt->cols)
		to = vt->cols;
	for (i = from; i < to; i++)
		vt->cell[y * vt->cols + i] = ' ';
}

/* Scroll rows [top, bot] up by n. */
static void
vt_scroll_up(struct vt *vt, int top, int bot, int n)
{
	int	y;

	if (n > bot - top + 1)
		n = bot - top + 1;
	for (y = top; y <= bot - n; y++)
		memcpy(&vt->cell[y * vt->cols], &vt->cell[(y + n) * vt->cols],
		    vt->cols * sizeof *vt->cell);
	for (y = bot - n + 1; y <= bot; y++)
		vt_clear(vt, y, 0, vt->cols);
}

/* Scroll rows [top, bot] down by n. */
static void
vt_scroll_down(struct vt *vt, int top, int bot, int n)
{
	int	y;

	if (n > bot - top + 1)
		n = bot - top + 1;
	for (y = bot; y >= top + n; y--)
		memcpy(&vt->cell[y * vt->cols], &vt->cell[(y - n) * vt->cols],
		    vt->cols * sizeof *vt->cell);
	for (y = top; y < top + n; y++)
		vt_clear(vt, y, 0, vt->cols);
}

/* Line feed: down one row, scrolling at the bottom of the region. */
static void
vt_lf(struct vt *vt)
{
	vt->wrapnext = 0;
	if (vt->y == vt->bot)
		vt_scroll_up(vt, vt->top, vt->bot, 1);
	else if (vt->y < vt->rows - 1)
		vt->y++;
}

/* Put one character at the cursor. */
static void
vt_put(struct vt *vt, uint32_t c)
{
	int	w = 1;

	if (c >= 0x80) {
		w = wcwidth((wchar_t)c);
		if (w < 0)
			w = 1;
		if (w == 0)
			return;		/* combining: ignore */
	} else if (vt->acs && c >= 0x60 && c <= 0x7e)
		c = '+';
	if (vt->wrapnext || vt->x + w > vt->cols) {
		vt->x = 0;
		vt_lf(vt);
	}
	vt->cell[vt->y * vt->cols + vt->x] = c;
	if (w == 2 && vt->x + 1 < vt->cols)
		vt->cell[vt->y * vt->cols + vt->x + 1] = 0;
	vt->last = c;
	vt->x += w;
	if (vt->x >= vt->cols) {
		vt->x = vt->cols - 1;
		vt->wrapnext = 1;
	}
}

/* Clamp the cursor into the screen. */
static void
vt_clamp(struct vt *vt)
{
	if (vt->x < 0)
		vt->x = 0;
	if (vt->x >= vt->cols)
		vt->x = vt->cols - 1;
	if (vt->y < 0)
		vt->y = 0;
	if (vt->y >= vt->rows)
		vt->y = vt->rows - 1;
	vt->wrapnext = 0;
}

/* Execute a CSI sequence. */
static void
vt_csi(struct vt *vt, int final)
{
	int	p0 = vt->nparams > 0 ? vt->params[0] : 0;
	int	n = p0 > 0 ? p0 : 1;
	int	i, y;
	uint32_t *row;

	if (vt->priv)
		return;		/* ?h ?l and friends: modes, ignored */
	switch (final) {
	case 'A': vt->y -= n; vt_clamp(vt); break;
	case 'B': case 'e': vt->y += n; vt_clamp(vt); break;
	case 'C': case 'a': vt->x += n; vt_clamp(vt); break;
	case 'D': vt->x -= n; vt_clamp(vt); break;
	case 'E': vt->y += n; vt->x = 0; vt_clamp(vt); break;
	case 'F': vt->y -= n; vt->x = 0; vt_clamp(vt); break;
	case 'G': case '`': vt->x = n - 1; vt_clamp(vt); break;
	case 'd': vt->y = n - 1; vt_clamp(vt); break;
	case 'H': case 'f':
		vt->y = n - 1;
		vt->x = (vt->nparams > 1 && vt->params[1] > 0 ?
		    vt->params[1] : 1) - 1;
		vt_clamp(vt);
		break;
	case 'J':
		if (p0 == 0) {
			vt_clear(vt, vt->y, vt->x, vt->cols);
			for (y = vt->y + 1; y < vt->rows; y++)
				vt_clear(vt, y, 0, vt->cols);
		} else if (p0 == 1) {
			for (y = 0; y < vt->y; y++)
				vt_clear(vt, y, 0, vt->cols);
			vt_clear(vt, vt->y, 0, vt->x + 1);
		} else
			for (y = 0; y < vt->rows; y++)
				vt_clear(vt, y, 0, vt->cols);
		break;
	case 'K':
		if (p0 == 0)
			vt_clear(vt, vt->y, vt->x, vt->cols);
		else if (p0 == 1)
			vt_clear(vt, vt->y, 0, vt->x + 1);
		else
			vt_clear(vt, vt->y, 0, vt->cols);
		break;
	case 'X':
		vt_clear(vt, vt->y, vt->x, vt->x + n);
		break;
	case 'P':
		row = &vt->cell[vt->y * vt->cols];
		if (n > vt->cols - vt->x)
			n = vt->cols - vt->x;
		memmove(row + vt->x, row + vt->x + n,
		    (vt->cols - vt->x - n) * sizeof *row);
		vt_clear(vt, vt->y, vt->cols - n, vt->cols);
		break;
	case '@':
		row = &vt->cell[vt->y * vt->cols];
		if (n > vt->cols - vt->x)
			n = vt->cols - vt->x;
		memmove(row + vt->x + n, row + vt->x,
		    (vt->cols - vt->x - n) * sizeof *row);
		vt_clear(vt, vt->y, vt->x, vt->x + n);
		break;
	case 'L':
		if (vt->y >= vt->top && vt->y <= vt->bot)
			vt_scroll_down(vt, vt->y, vt->bot, n);
		break;
	case 'M':
		if (vt->y >= vt->top && vt->y <= vt->bot)
			vt_scroll_up(vt, vt->y, vt->bot, n);
		break;
	case 'S': vt_scroll_up(vt, vt->top, vt->bot, n); break;
	case 'T': vt_scroll_down(vt, vt->top, vt->bot, n); break;
	case 'b':
		for (i = 0; i < n && i < 10000; i++)
			vt_put(vt, vt->last);
		break;
	case 'r':
		vt->top = (p0 > 0 ? p0 : 1) - 1;
		vt->bot = (vt->nparams > 1 && vt->params[1] > 0 ?
		    vt->params[1] : vt->rows) - 1;
		if (vt->bot >= vt->rows)
			vt->bot = vt->rows - 1;
		if (vt->top >= vt->bot) {
			vt->top = 0;
			vt->bot = vt->rows - 1;
		}
		vt->x = vt->y = 0;
		vt->wrapnext = 0;
		break;
	case 's': vt->sx = vt->x; vt->sy = vt->y; break;
	case 'u': vt->x = vt->sx; vt->y = vt->sy; vt_clamp(vt); break;
	default:
		break;		/* m (SGR), t, n, h, l ...: no effect on text */
	}
}

/* Feed bytes to the screen model. */
static void
vt_feed(struct vt *vt, const unsigned char *p, size_t len)
{
	size_t		i;
	unsigned char	c;

	for (i = 0; i < len; i++) {
		c = p[i];
		switch (vt->state) {
		case ST_ESC:
			vt->state = ST_GROUND;
			switch (c) {
			case '[':
				vt->state = ST_CSI;
				vt->nparams = 0;
				vt->priv = 0;
				memset(vt->params, 0, sizeof vt->params);
				break;
			case ']': vt->state = ST_OSC; break;
			case '(': vt->state = ST_CHARSET; break;
			case ')': case '*': case '+': case '#': case '%':
				vt->state = ST_SKIP1;
				break;
			case '7': vt->sx = vt->x; vt->sy = vt->y; break;
			case '8': vt->x = vt->sx; vt->y = vt->sy; vt_clamp(vt); break;
			case 'D': vt_lf(vt); break;
			case 'E': vt->x = 0; vt_lf(vt); break;
			case 'M':
				vt->wrapnext = 0;
				if (vt->y == vt->top)
					vt_scroll_down(vt, vt->top, vt->bot, 1);
				else if (vt->y > 0)
					vt->y--;
				break;
			case 'c':
				vt_csi(vt, 'J');
				vt->x = vt->y = 0;
				break;
			default:
				break;
			}
			continue;
		case ST_CSI:
			if (c >= '0' && c <= '9') {
				if (vt->nparams == 0)
					vt->nparams = 1;
				if (vt->params[vt->nparams - 1] < 100000)
					vt->params[vt->nparams - 1] =
					    vt->params[vt->nparams - 1] * 10 +
					    (c - '0');
			} else if (c == ';' || c == ':') {
				if (vt->nparams == 0)
					vt->nparams = 1;
				if (vt->nparams < 16)
					vt->nparams++;
			} else if (c >= 0x3c && c <= 0x3f)
				vt->priv = 1;
			else if (c >= 0x20 && c <= 0x2f)
				;	/* intermediate */
			else if (c >= 0x40 && c <= 0x7e) {
				vt->state = ST_GROUND;
				vt_csi(vt, c);
			} else if (c == 0x1b)
				vt->state = ST_ESC;
			continue;
		case ST_OSC:
			if (c == 0x07)
				vt->state = ST_GROUND;
			else if (c == 0x1b)
				vt->state = ST_OSCESC;
			continue;
		case ST_OSCESC:
			vt->state = c == '\\' ? ST_GROUND : ST_OSC;
			continue;
		case ST_CHARSET:
			vt->acs = c == '0';
			vt->state = ST_GROUND;
			continue;
		case ST_SKIP1:
			vt->state = ST_GROUND;
			continue;
		default:
			break;
		}
		/* Ground. */
		if (vt->u8need > 0) {
			if ((c & 0xc0) == 0x80) {
				vt->u8 = (vt->u8 << 6) | (c & 0x3f);
				if (--vt->u8need == 0)
					vt_put(vt, vt->u8);
				continue;
			}
			vt->u8need = 0;
			vt_put(vt, 0xfffd);
		}
		if (c >= 0xc0 && c < 0xf8) {
			vt->u8need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
			vt->u8 = c & (0x3f >> vt->u8need);
			continue;
		}
		if (c >= 0x80) {
			vt_put(vt, 0xfffd);
			continue;
		}
		switch (c) {
		case 0x1b: vt->state = ST_ESC; break;
		case '\r': vt->x = 0; vt->wrapnext = 0; break;
		case '\n': case '\v': case '\f': vt_lf(vt); break;
		case '\b': if (vt->x > 0) vt->x--; vt->wrapnext = 0; break;
		case '\t':
			vt->x = (vt->x / 8 + 1) * 8;
			if (vt->x >= vt->cols)
				vt->x = vt->cols - 1;
			break;
		case 0x0e: case 0x0f: case 0x07: case 0x00: break;
		default:
			if (c >= 0x20 && c < 0x7f)
				vt_put(vt, c);
			break;
		}
	}
}

/* Row y as ASCII (other characters as '?', wide tails dropped). */
static char *
vt_row(struct vt *vt, int y, char *buf)
{
	int		 x, n = 0;
	uint32_t	 c;

	for (x = 0; x < vt->cols; x++) {
		c = vt->cell[y * vt->cols + x];
		if (c == 0)
			continue;
		buf[n++] = c < 0x80 ? (char)c : '?';
	}
	buf[n] = '\0';
	return buf;
}

/* Is text anywhere on screen? */
static int
vt_has(struct vt *vt, const char *text)
{
	char	*buf = malloc(vt->cols + 1);
	int	 y, found = 0;

	for (y = 0; y < vt->rows && !found; y++)
		found = strstr(vt_row(vt, y, buf), text) != NULL;
	free(buf);
	return found;
}

/* Count occurrences of text on screen. */
static int
vt_count(struct vt *vt, const char *text)
{
	char		*buf = malloc(vt->cols + 1);
	const char	*s;
	int		 y, n = 0;

	for (y = 0; y < vt->rows; y++)
		for (s = vt_row(vt, y, buf); (s = strstr(s, text)) != NULL;
		    s++)
			n++;
	free(buf);
	return n;
}

/* Print the screen (for -D debugging). */
static void
vt_dump(struct vt *vt, FILE *f)
{
	char	*buf = malloc(vt->cols + 1);
	int	 y;

	for (y = 0; y < vt->rows; y++)
		fprintf(f, "|%s\n", vt_row(vt, y, buf));
	free(buf);
}

/* A set of (kind, seq, t) marker sightings. */
struct seen {
	uint64_t	*k;		/* pairs: seq|kind<<62, t; 0,0 empty */
	size_t		 size, n;
};

/* Insert; returns 1 if new. */
static int
seen_add(struct seen *s, uint64_t a, uint64_t b)
{
	size_t		 i, j, osize;
	uint64_t	*ok, h;

	if (s->n * 2 >= s->size) {
		osize = s->size;
		ok = s->k;
		s->size = osize ? osize * 2 : 65536;
		s->k = calloc(s->size * 2, sizeof *s->k);
		s->n = 0;
		for (i = 0; i < osize; i++)
			if (ok[2 * i] || ok[2 * i + 1])
				seen_add(s, ok[2 * i], ok[2 * i + 1]);
		free(ok);
	}
	h = (a * 0x9e3779b97f4a7c15ULL) ^ (b * 0xc2b2ae3d27d4eb4fULL);
	for (j = h & (s->size - 1);; j = (j + 1) & (s->size - 1)) {
		if (s->k[2 * j] == 0 && s->k[2 * j + 1] == 0) {
			s->k[2 * j] = a;
			s->k[2 * j + 1] = b;
			s->n++;
			return 1;
		}
		if (s->k[2 * j] == a && s->k[2 * j + 1] == b)
			return 0;
	}
}

/* Everything the run needs. */
struct run {
	struct vt	 vt;
	int		 fd;
	pid_t		 pid;
	uint64_t	 t0;
	uint64_t	 last_out;	/* time of the last byte from the child */
	uint64_t	 bytes;
	int		 dead;
	/* live mode */
	int		 live;
	FILE		*log;
	struct seen	 seen;
	uint64_t	 live_start;
	uint64_t	 sightings;
	int		 saw_indexing;
};

/* Parse a decimal number at s; returns end or NULL. */
static const char *
num(const char *s, uint64_t *v)
{
	if (!isdigit((unsigned char)*s))
		return NULL;
	*v = 0;
	while (isdigit((unsigned char)*s))
		*v = *v * 10 + (uint64_t)(*s++ - '0');
	return s;
}

/* Log every marker on screen not seen before. */
static void
scan_markers(struct run *r, uint64_t when)
{
	char		*buf = malloc(r->vt.cols + 1);
	const char	*s, *e;
	uint64_t	 seq, t;
	int		 y, quiet;

	for (y = 0; y < r->vt.rows; y++) {
		for (s = vt_row(&r->vt, y, buf); (s = strstr(s, "seq=")) != NULL;
		    s++) {
			quiet = s > buf && s[-1] == 'q';
			if ((e = num(s + 4, &seq)) == NULL ||
			    strncmp(e, " t=", 3) != 0 ||
			    (e = num(e + 3, &t)) == NULL)
				continue;
			if (*e != '\0' && *e != ' ')
				continue;	/* cut by the pane edge */
			if (t > when || t + 60000000000ULL < r->live_start)
				continue;
			if (seen_add(&r->seen, seq | (uint64_t)quiet << 62, t)) {
				fprintf(r->log, "%c %llu %llu %llu\n",
				    quiet ? 'Q' : 'L', (unsigned long long)seq,
				    (unsigned long long)t,
				    (unsigned long long)when);
				r->sightings++;
			}
		}
	}
	free(buf);
}

/*
 * Read what the child writes for up to timeout_ms (until the first data,
 * then drain what is immediately there). Returns bytes read.
 */
static size_t
pump(struct run *r, int timeout_ms)
{
	static unsigned char	 buf[1 << 16];
	struct pollfd		 pfd = { .fd = r->fd, .events = POLLIN };
	size_t			 total = 0;
	ssize_t			 n;
	int			 to = timeout_ms;

	if (r->dead)
		return 0;
	for (;;) {
		if (poll(&pfd, 1, to) <= 0)
			break;
		n = read(r->fd, buf, sizeof buf);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			r->dead = 1;
			break;
		}
		r->last_out = now_ns();
		r->bytes += (uint64_t)n;
		total += (size_t)n;
		vt_feed(&r->vt, buf, (size_t)n);
		to = 0;
	}
	if (total > 0 && r->live)
		scan_markers(r, r->last_out);
	return total;
}

/* Milliseconds from spawn. */
static double
ms_since(struct run *r, uint64_t t)
{
	return (double)(t - r->t0) / 1e6;
}

/* Pump until cond(r, arg) holds or deadline (absolute ns); 0 on success. */
static int
wait_for(struct run *r, int (*cond)(struct run *, const void *),
    const void *arg, uint64_t deadline)
{
	while (!cond(r, arg)) {
		if (r->dead || now_ns() > deadline)
			return -1;
		pump(r, 5);
	}
	return 0;
}

/* Condition: text on screen. */
static int
c_has(struct run *r, const void *arg)
{
	return vt_has(&r->vt, arg);
}

/* Condition: no progress shown in any title. */
static int
c_noprogress(struct run *r, const void *arg)
{
	if (vt_has(&r->vt, "indexing")) {
		r->saw_indexing = 1;
		return 0;
	}
	return !vt_has(&r->vt, "filtering");
}

/* Condition: text on screen at least *(int *)arg times. */
static int
c_count(struct run *r, const void *arg)
{
	const int	*n = arg;

	return vt_count(&r->vt, "BENCH-LIVE-END") >= *n;
}

/* Pump until no output for quiet_ms (or deadline). */
static void
settle(struct run *r, int quiet_ms, uint64_t deadline)
{
	uint64_t	start = now_ns();

	for (;;) {
		uint64_t last = r->last_out > start ? r->last_out : start;

		if (r->dead || now_ns() > deadline)
			return;
		if (now_ns() - last >= (uint64_t)quiet_ms * 1000000ULL)
			return;
		pump(r, 5);
	}
}

/* A process's utime + stime in clock ticks, over all its threads. */
static uint64_t
proc_cpu(pid_t pid)
{
	char		 path[64], buf[2048], *p;
	unsigned long	 ut = 0, st = 0;
	FILE		*f;
	int		 i;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof buf, f) == NULL) {
		fclose(f);
		return 0;
	}
	fclose(f);
	if ((p = strrchr(buf, ')')) == NULL)
		return 0;
	p += 2;		/* field 3 */
	for (i = 3; i < 14 && p != NULL; i++) {
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (p == NULL || sscanf(p, "%lu %lu", &ut, &st) != 2)
		return 0;
	return ut + st;
}

/* A field (kB or count) of /proc/PID/status. */
static long long
proc_status(const char *path, const char *field)
{
	char		 line[256];
	long long	 v = -1;
	size_t		 len = strlen(field);
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, len) == 0 && line[len] == ':') {
			v = atoll(line + len + 1);
			break;
		}
	fclose(f);
	return v;
}

/* Context switches (voluntary + involuntary) over all threads. */
static long long
proc_ctxsw(pid_t pid, long long *vol)
{
	char		 dir[64], path[400];
	struct dirent	*de;
	long long	 total = 0, v;
	DIR		*d;

	*vol = 0;
	snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s/status", dir, de->d_name);
		v = proc_status(path, "voluntary_ctxt_switches");
		if (v > 0) {
			*vol += v;
			total += v;
		}
		v = proc_status(path, "nonvoluntary_ctxt_switches");
		if (v > 0)
			total += v;
	}
	closedir(d);
	return total;
}

/* Send keys to the child. */
static void
send_keys(struct run *r, const char *keys)
{
	size_t	len = strlen(keys);

	if (write(r->fd, keys, len) != (ssize_t)len)
		fprintf(stderr, "ptyrun: write keys: %s\n", strerror(errno));
}

/* Append one record with a quiet marker to path. */
static void
quiet_write(const char *path, uint64_t seq, const char *text)
{
	char		 line[256];
	time_t		 now = time(NULL);
	struct tm	 tm;
	char		 ts[32];
	int		 fd, n;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644)) == -1)
		return;
	if (text != NULL)
		n = snprintf(line, sizeof line, "%s,000 - bench.end - INFO - %s\n",
		    ts, text);
	else
		n = snprintf(line, sizeof line,
		    "%s,000 - bench.quiet - INFO - quiet qseq=%llu t=%llu\n", ts,
		    (unsigned long long)seq, (unsigned long long)now_ns());
	if (write(fd, line, (size_t)n) != n)
		fprintf(stderr, "ptyrun: write %s: %s\n", path, strerror(errno));
	close(fd);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ptyrun [-c COLS] [-r ROWS] [-T TIMEOUT_S] [-e TEXT] [-i]\n"
	    "    [-k KEYS] [-s KEYS] [-W CMD -o LOG [-q FILE] [-F F1,F2..]]\n"
	    "    [-I [-d SECS] [-S STRACE_OUT]] [-D] -- COMMAND [ARG]...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct run	 r;
	struct winsize	 ws;
	const char	*end_text = NULL, *keys = NULL, *start_keys = NULL;
	const char	*wcmd = NULL, *logpath = NULL, *quietf = NULL;
	char		*files = NULL, *strace_out = NULL, spath[64];
	int		 cols = 200, rows = 50, timeout_s = 120, index = 0;
	int		 idle = 0, dump = 0, idle_s = 5, ch, st, nfiles = 0;
	uint64_t	 deadline, t, tk;
	pid_t		 wpid;

	setlocale(LC_CTYPE, "C.UTF-8");
	while ((ch = getopt(argc, argv, "+c:r:T:e:ik:s:W:o:q:F:Id:S:D")) != -1) {
		switch (ch) {
		case 'c': cols = atoi(optarg); break;
		case 'r': rows = atoi(optarg); break;
		case 'T': timeout_s = atoi(optarg); break;
		case 'e': end_text = optarg; break;
		case 'i': index = 1; break;
		case 'k': keys = optarg; break;
		case 's': start_keys = optarg; break;
		case 'W': wcmd = optarg; break;
		case 'o': logpath = optarg; break;
		case 'q': quietf = optarg; break;
		case 'F': files = optarg; break;
		case 'I': idle = 1; break;
		case 'd': idle_s = atoi(optarg); break;
		case 'S': strace_out = optarg; break;
		case 'D': dump = 1; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || (wcmd != NULL && logpath == NULL))
		usage();

	memset(&r, 0, sizeof r);
	r.vt.rows = rows;
	r.vt.cols = cols;
	r.vt.bot = rows - 1;
	r.vt.cell = malloc((size_t)rows * cols * sizeof *r.vt.cell);
	for (t = 0; t < (uint64_t)rows * cols; t++)
		r.vt.cell[t] = ' ';
	memset(&ws, 0, sizeof ws);
	ws.ws_row = rows;
	ws.ws_col = cols;
	signal(SIGPIPE, SIG_IGN);

	r.t0 = now_ns();
	r.pid = forkpty(&r.fd, NULL, NULL, &ws);
	if (r.pid == -1) {
		perror("forkpty");
		return 1;
	}
	if (r.pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("NO_COLOR");
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	printf("pid=%d\n", (int)r.pid);
	deadline = r.t0 + (uint64_t)timeout_s * 1000000000ULL;

	if (end_text != NULL) {
		if (wait_for(&r, c_has, end_text, deadline) != 0) {
			printf("error=end marker not seen\n");
			goto out;
		}
		printf("first_screen_ms=%.3f\n", ms_since(&r, r.last_out));
		snprintf(spath, sizeof spath, "/proc/%d/status", (int)r.pid);
		printf("rss_first_kb=%lld\n", proc_status(spath, "VmRSS"));
	}
	if (start_keys != NULL) {
		settle(&r, 100, deadline);
		send_keys(&r, start_keys);
		settle(&r, 200, deadline);
	}
	if (index) {
		char	path[64];

		if (wait_for(&r, c_noprogress, NULL, deadline) != 0) {
			printf("error=indexing never finished\n");
			goto out;
		}
		printf("indexed_ms=%.3f\n", ms_since(&r, r.last_out));
		printf("saw_indexing=%d\n", r.saw_indexing);
		snprintf(path, sizeof path, "/proc/%d/status", (int)r.pid);
		printf("rss_indexed_kb=%lld\n", proc_status(path, "VmRSS"));
		printf("hwm_indexed_kb=%lld\n", proc_status(path, "VmHWM"));
	}
	if (keys != NULL) {
		settle(&r, 300, deadline);
		printf("debug_on_screen_before=%d\n", vt_count(&r.vt, " - DEBUG - "));
		tk = now_ns();
		send_keys(&r, keys);
		/* The redraw: some output, then no progress and quiet. */
		while (!r.dead && now_ns() < deadline) {
			pump(&r, 5);
			if (r.last_out > tk && c_noprogress(&r, NULL) &&
			    now_ns() - r.last_out > 300000000ULL)
				break;
		}
		if (r.last_out <= tk)
			printf("error=no redraw after keys\n");
		printf("toggle_ms=%.3f\n", (double)(r.last_out - tk) / 1e6);
		printf("debug_on_screen_after=%d\n", vt_count(&r.vt, " - DEBUG - "));
	}
	if (wcmd != NULL) {
		uint64_t	 next_quiet, qseq = 0, cpu0, cpu1, tw0, tw1;
		char		*f, *save = NULL;

		settle(&r, 200, deadline);
		if ((r.log = fopen(logpath, "w")) == NULL) {
			perror(logpath);
			return 1;
		}
		r.live = 1;
		r.live_start = now_ns();
		cpu0 = proc_cpu(r.pid);
		tw0 = now_ns();
		if ((wpid = fork()) == 0) {
			execl("/bin/sh", "sh", "-c", wcmd, (char *)NULL);
			_exit(127);
		}
		next_quiet = now_ns();
		for (;;) {
			pump(&r, 2);
			if (quietf != NULL && now_ns() >= next_quiet) {
				quiet_write(quietf, ++qseq, NULL);
				next_quiet += 100000000ULL;
			}
			if (waitpid(wpid, &st, WNOHANG) == wpid)
				break;
			if (r.dead)
				break;
		}
		tw1 = now_ns();
		cpu1 = proc_cpu(r.pid);
		printf("writer_status=%d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		printf("writer_s=%.3f\n", (double)(tw1 - tw0) / 1e9);
		printf("cpu_pct=%.1f\n", (double)(cpu1 - cpu0) /
		    sysconf(_SC_CLK_TCK) / ((double)(tw1 - tw0) / 1e9) * 100);
		if (files != NULL) {
			for (f = strtok_r(files, ",", &save); f != NULL;
			    f = strtok_r(NULL, ",", &save)) {
				quiet_write(f, 0, "BENCH-LIVE-END");
				nfiles++;
			}
			t = now_ns();
			if (wait_for(&r, c_count, &nfiles, t + 60000000000ULL) != 0)
				printf("error=end records not all seen\n");
			else
				printf("catchup_ms=%.3f\n",
				    (double)(r.last_out - t) / 1e6);
		}
		printf("drain_s=%.3f\n", (double)(now_ns() - tw0) / 1e9);
		printf("sightings=%llu\n", (unsigned long long)r.sightings);
		fclose(r.log);
		r.live = 0;
	}
	if (idle) {
		long long	 c0, c1, v0, v1;
		uint64_t	 b0, cpu0, cpu1, tend;

		settle(&r, 1000, deadline);
		c0 = proc_ctxsw(r.pid, &v0);
		cpu0 = proc_cpu(r.pid);
		b0 = r.bytes;
		tend = now_ns() + (uint64_t)idle_s * 1000000000ULL;
		while (now_ns() < tend && !r.dead)
			pump(&r, 50);
		c1 = proc_ctxsw(r.pid, &v1);
		cpu1 = proc_cpu(r.pid);
		printf("idle_s=%d\n", idle_s);
		printf("idle_ctxsw=%lld\n", c1 - c0);
		printf("idle_voluntary_ctxsw=%lld\n", v1 - v0);
		printf("idle_cpu_ticks=%llu\n", (unsigned long long)(cpu1 - cpu0));
		printf("idle_bytes_out=%llu\n", (unsigned long long)(r.bytes - b0));
		if (strace_out != NULL) {
			char	 pidbuf[32];
			pid_t	 spid;

			snprintf(pidbuf, sizeof pidbuf, "%d", (int)r.pid);
			if ((spid = fork()) == 0) {
				int	nul = open("/dev/null", O_WRONLY);

				dup2(nul, 2);
				execlp("strace", "strace", "-f", "-c", "-o",
				    strace_out, "-p", pidbuf, (char *)NULL);
				_exit(127);
			}
			tend = now_ns() + (uint64_t)idle_s * 1000000000ULL;
			while (now_ns() < tend && !r.dead)
				pump(&r, 50);
			kill(spid, SIGINT);
			waitpid(spid, &st, 0);
		}
	}
out:
	if (dump)
		vt_dump(&r.vt, stderr);
	if (!r.dead) {
		kill(r.pid, SIGTERM);
		t = now_ns();
		while (now_ns() - t < 1000000000ULL && !r.dead)
			pump(&r, 20);	/* drain so it can exit */
		if (waitpid(r.pid, &st, WNOHANG) == 0) {
			kill(r.pid, SIGKILL);
			waitpid(r.pid, &st, 0);
		}
	} else
		waitpid(r.pid, &st, 0);
	printf("total_ms=%.3f\n", ms_since(&r, now_ns()));
	return 0;
}
