/*
 * remote.c: a file on another host, ssh://[USER@]HOST[:PORT]/PATH,
 * followed through the system's ssh client, resumed without loss or
 * repetition after a dropped connection.
 *
 * Nothing is installed on the remote host: each connection runs
 * `ssh -o BatchMode=yes ... HOST 'exec sh -s'` and writes a small POSIX sh
 * script (remote_script) to its stdin. The script needs sh, stat, dd, wc,
 * cat, ls, sleep, mktemp, dirname. It holds the file open on fd 3 and
 * answers in frames, one text line each, data frames followed by their
 * bytes:
 *
 *	H0			hello: the connection and sh work
 *	N DEV INO OFF SIZE	reading file DEV:INO from byte OFF (size SIZE)
 *	D LEN			LEN bytes of that file follow, exactly
 *	T			it shrank: reading it again from byte 0
 *	O NAME			the file read next is the rotated NAME: the
 *				one we had (resume), or the generation after
 *				it when the name was rotated more than once
 *	G			(resume) the file is gone: the name's new one follows
 *	M / W			the name is gone (still reading the open file) /
 *				waiting for a file to appear
 *	X MESSAGE		cannot read (permission, no such file with once)
 *	H SIZE			heartbeat while idle (a dead client gets SIGPIPE)
 *	E			end (once: the file was read to its end)
 *
 * Each data chunk is read with one dd into a temporary file on the remote
 * host and counted with wc before it is sent, so LEN is exactly what follows
 * and what the file offset advanced by. The receiver counts the data bytes
 * it has taken (struct remote's dev, ino and off): a connection that drops in
 * the middle of a frame leaves off at the last byte received, and the next
 * connection passes DEV, INO and OFF to the script, which reopens the same
 * file (by name, or, when it was rotated, by inode in the same directory)
 * and seeks there. Bytes after off were never handed to the source, so
 * nothing is lost or repeated; a held partial line simply continues.
 *
 * Rotation: when the name holds another file and the open one is read
 * to its end, the next file is the oldest one of the same family (NAME,
 * NAME.*, NAME-*, not compressed) modified after it (ls -tr), so that two
 * rotations between two looks (a long outage) lose nothing as long as
 * the generations are still there; usually that is the file at the name.
 *
 * Reconnecting: 0.5 s doubling to 30 s, jittered by +-20 %, through a
 * timerfd that stands in for the pipe in the owner's poll set. The state
 * goes to SOURCE_ERROR "reconnecting (attempt N): <ssh's last line>" and back
 * to SOURCE_OK "resumed". The TUI (once = 2) starts a file of more than
 * 8 MiB at its last 8 MiB, from the first whole line there. With `once`
 * (1: --print without -f) a first connection
 * that fails is an error (ssh's message), not retried.
 *
 * ssh's stderr is a pipe of its own, drained at every read; its last line
 * is the reason shown. Our ssh children are reaped here by pid (or noted
 * through remote_reap when the owner reaped them first).
 */
#include "remote.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "input/source.h"

#define REMOTE_READ		(256 * 1024)
#define REMOTE_BACKOFF_MIN	500		/* ms */
#define REMOTE_BACKOFF_MAX	30000		/* ms */
#define REMOTE_ONCE_TRIES	6		/* --print without -f gives up */
#define REMOTE_LINE_MAX		4096

struct remote {
	struct source	*src;
	struct remote_url url;
	char		*title;
	char		*ssh;		/* shell words: "ssh", "ssh -F cfg" */
	int		 once;		/* 1 once, 0 follow, 2 follow from the tail */

	pid_t		 pid;		/* running ssh, -1 */
	int		 out;		/* its stdout, -1 */
	int		 err;		/* its stderr, -1 */
	int		 timer;		/* back-off timerfd, -1 */
	int		 reaped;	/* the owner reaped pid: status below */
	int		 status;
	char		 errline[512];	/* ssh's last stderr line */
	char		 errpart[512];	/* an unfinished stderr line */
	size_t		 errpartlen;

	int		 hello;		/* this connection said H0 */
	int		 ever;		/* some connection said H0 */
	int		 ended;		/* E: the end (once) */
	int		 failed;	/* X: cannot read the file */
	int		 done;
	unsigned	 attempt;	/* failed attempts since the last success */
	unsigned	 backoff;	/* ms */
	uint64_t	 rng;

	/* The file being read and how much of it we have. */
	char		 dev[32];
	char		 ino[32];
	uint64_t	 off;
	uint64_t	 size;		/* last size the remote reported */
	unsigned char	 tail[64];	/* the last bytes before off */
	size_t		 ntail;
	int		 gone;		/* G before the next N */
	char		*rotated;	/* O NAME before the next N */

	char		 line[REMOTE_LINE_MAX];
	size_t		 linelen;
	uint64_t	 data_left;	/* of the current D frame */
	int		 skip_line;	/* started mid-file: drop up to the first newline */
	char		*rbuf;
};

/*
 * The remote side: variables p (path), dev, ino, off, once are set before
 * it. st prints "DEV INO SIZE" (GNU stat, else BSD stat).
 */
static const char remote_body[] =
"st() { stat -L -c '%d %i %s' -- \"$1\" 2>/dev/null ||"
" stat -L -f '%d %i %z' -- \"$1\" 2>/dev/null; }\n"
"nap() { sleep 0.25 2>/dev/null || sleep 1; }\n"
"fresh() {\n"
"  said= how=$1\n"
"  while :; do\n"
"    if [ -e \"$p\" ] && { command exec 3<\"$p\"; } 2>/dev/null; then\n"
"      set -- $(st /dev/fd/3)\n"
"      dev=$1 ino=$2 off=0\n"
"      if [ \"$how\" = 2 ] && [ \"${3:-0}\" -gt 8388608 ]; then\n"
"        off=$(($3 - 8388608))\n"
"        dd bs=1 skip=\"$off\" count=0 <&3 2>/dev/null\n"
"      fi\n"
"      printf 'N %s %s %s %s\\n' \"$1\" \"$2\" \"$off\" \"$3\"\n"
"      return 0\n"
"    fi\n"
"    if [ -e \"$p\" ]; then\n"
"      [ \"$said\" = x ] || { echo 'X cannot open: Permission denied'; said=x; }\n"
"    elif [ \"$once\" = 1 ]; then\n"
"      echo 'X No such file or directory'\n"
"    else\n"
"      [ \"$said\" = w ] || { echo W; said=w; }\n"
"    fi\n"
"    [ \"$once\" = 1 ] && exit 1\n"
"    nap\n"
"  done\n"
"}\n"
"resume() {\n"
"  cur=\n"
"  set -- $(st \"$p\")\n"
"  if [ \"$1:$2\" = \"$dev:$ino\" ]; then\n"
"    cur=$p\n"
"  else\n"
"    d=$(dirname -- \"$p\")\n"
"    o=$(ls -1ai -- \"$d\" 2>/dev/null | while read -r i n; do\n"
"      [ \"$i\" = \"$ino\" ] && { printf '%s' \"$n\"; break; }; done)\n"
"    if [ -n \"$o\" ]; then\n"
"      set -- $(st \"$d/$o\")\n"
"      [ \"$1:$2\" = \"$dev:$ino\" ] && { cur=$d/$o; printf 'O %s\\n' \"$o\"; }\n"
"    fi\n"
"  fi\n"
"  if [ -n \"$cur\" ] && { command exec 3<\"$cur\"; } 2>/dev/null; then\n"
"    set -- $(st /dev/fd/3)\n"
"    if [ \"$1:$2\" = \"$dev:$ino\" ] && [ \"$3\" -ge \"$off\" ] &&\n"
"        [ \"$k\" -gt 0 ]; then\n"
"      dd bs=1 skip=$((off-k)) count=\"$k\" <&3 2>/dev/null | cksum >\"$t\"\n"
"      read -r c l <\"$t\"\n"
"      [ \"$c $l\" = \"$sum $k\" ] || set -- x y\n"
"    fi\n"
"    if [ \"$1:$2\" = \"$dev:$ino\" ]; then\n"
"      printf 'N %s %s %s %s\\n' \"$1\" \"$2\" \"$off\" \"$3\"\n"
"      if [ \"$3\" -lt \"$off\" ]; then echo T; off=0\n"
"      elif [ \"$k\" -eq 0 ] && [ \"$off\" -gt 0 ]; then\n"
"        dd bs=1 skip=\"$off\" count=0 <&3 2>/dev/null\n"
"      fi\n"
"      return 0\n"
"    fi\n"
"  fi\n"
"  echo G\n"
"  fresh\n"
"}\n"
"nextf() {\n"
"  d=$(dirname -- \"$p\") b=$(basename -- \"$p\")\n"
"  cn=$(ls -1ai -- \"$d\" 2>/dev/null | while read -r i n; do\n"
"    [ \"$i\" = \"$ino\" ] && { printf '%s' \"$n\"; break; }; done)\n"
"  nx=\n"
"  [ -n \"$cn\" ] && nx=$(ls -1atr -- \"$d\" 2>/dev/null | { s=\n"
"    while IFS= read -r n; do\n"
"      if [ -n \"$s\" ]; then case $n in \"$b\"|\"$b\".*|\"$b\"-*)\n"
"        case $n in *.gz|*.xz|*.bz2|*.zst|*.Z|*.lz4) ;;\n"
"        *) [ \"$n\" != \"$cn\" ] && { printf '%s' \"$n\"; break; } ;; esac ;; esac\n"
"      elif [ \"$n\" = \"$cn\" ]; then s=1; fi\n"
"    done; })\n"
"  if [ -n \"$nx\" ] && [ \"$nx\" != \"$b\" ] &&\n"
"      { command exec 3<\"$d/$nx\"; } 2>/dev/null; then\n"
"    set -- $(st /dev/fd/3)\n"
"    dev=$1 ino=$2 off=0\n"
"    printf 'O %s\\n' \"$nx\"\n"
"    printf 'N %s %s 0 %s\\n' \"$1\" \"$2\" \"$3\"\n"
"    return 0\n"
"  fi\n"
"  fresh\n"
"}\n"
"follow() {\n"
"  idle=0 rot=0 gone=\n"
"  while :; do\n"
"    dd bs=8388608 count=1 <&3 >\"$t\" 2>/dev/null\n"
"    n=$(wc -c <\"$t\"); n=$((n+0))\n"
"    if [ \"$n\" -gt 0 ]; then\n"
"      printf 'D %s\\n' \"$n\"; cat \"$t\" || exit 1\n"
"      off=$((off+n)) idle=0\n"
"      continue\n"
"    fi\n"
"    set -- $(st /dev/fd/3)\n"
"    size=${3:-$off}\n"
"    if [ \"$size\" -lt \"$off\" ]; then\n"
"      { command exec 3</dev/fd/3; } 2>/dev/null\n"
"      echo T; off=0\n"
"      continue\n"
"    fi\n"
"    [ \"$once\" = 1 ] && { echo E; exit 0; }\n"
"    set -- $(st \"$p\")\n"
"    if [ $# -lt 3 ]; then\n"
"      [ -n \"$gone\" ] || { echo M; gone=1; }\n"
"    elif [ \"$1:$2\" != \"$dev:$ino\" ]; then\n"
"      rot=$((rot+1))\n"
"      if [ \"$rot\" -ge 2 ]; then rot=0 gone=; nextf; fi\n"
"      continue\n"
"    else\n"
"      gone=\n"
"    fi\n"
"    idle=$((idle+1))\n"
"    [ \"$idle\" -ge 20 ] && { printf 'H %s\\n' \"$size\" || exit 1; idle=0; }\n"
"    nap\n"
"  done\n"
"}\n"
"main() {\n"
"  LC_ALL=C; export LC_ALL\n"
"  t=$(mktemp \"${TMPDIR:-/tmp}/tailor.XXXXXX\") ||"
" { echo 'X cannot create a temporary file'; exit 1; }\n"
"  trap 'rm -f \"$t\"' EXIT\n"
"  trap 'exit 1' HUP INT TERM PIPE\n"
"  echo H0\n"
"  if [ -n \"$ino\" ]; then resume; else fresh \"$once\"; fi\n"
"  follow\n"
"}\n"
"main </dev/null\n";

/* Is this source argument an ssh:// URL? */
int
remote_is_url(const char *s)
{
	return strncmp(s, "ssh://", 6) == 0;
}

/* Free the parts of a URL. */
void
remote_url_free(struct remote_url *u)
{
	free(u->user);
	free(u->host);
	free(u->port);
	free(u->path);
	memset(u, 0, sizeof *u);
}

/* Split ssh://[USER@]HOST[:PORT]/PATH; refuses what ssh would take as an option. */
int
remote_url_parse(const char *s, struct remote_url *u, char **cause)
{
	const char	*a, *slash, *at, *colon, *end, *p;
	long		 port;
	char		*ep;

	memset(u, 0, sizeof *u);
	if (!remote_is_url(s)) {
		*cause = xstrdup("not an ssh:// URL");
		return -1;
	}
	a = s + 6;
	slash = strchr(a, '/');
	if (slash == NULL || slash[1] == '\0') {
		*cause = xstrdup("no path (ssh://[USER@]HOST[:PORT]/PATH)");
		return -1;
	}
	at = memrchr(a, '@', (size_t)(slash - a));
	if (at != NULL) {
		u->user = xstrndup(a, (size_t)(at - a));
		a = at + 1;
	}
	end = slash;
	if (*a == '[') {		/* [v6 address] */
		p = memchr(a, ']', (size_t)(slash - a));
		if (p == NULL) {
			*cause = xstrdup("unclosed '[' in host");
			goto fail;
		}
		u->host = xstrndup(a + 1, (size_t)(p - a - 1));
		colon = p + 1 < slash && p[1] == ':' ? p + 1 : NULL;
	} else {
		colon = memchr(a, ':', (size_t)(slash - a));
		u->host = xstrndup(a, (size_t)((colon != NULL ? colon : end) - a));
	}
	if (colon != NULL) {
		u->port = xstrndup(colon + 1, (size_t)(end - colon - 1));
		port = strtol(u->port, &ep, 10);
		if (*u->port == '\0' || *ep != '\0' || port < 1 || port > 65535) {
			*cause = xasprintf("bad port '%s'", u->port);
			goto fail;
		}
	}
	if (*u->host == '\0' || *u->host == '-' ||
	    (u->user != NULL && (*u->user == '\0' || *u->user == '-'))) {
		*cause = xstrdup("bad host or user");
		goto fail;
	}
	for (p = u->host; *p != '\0'; p++)
		if (*p == ' ' || *p == '\'' || *p == '"' || *p == '\\') {
			*cause = xstrdup("bad host or user");
			goto fail;
		}
	/* "/~/x" is x in the remote home; anything else is absolute. */
	u->path = strncmp(slash, "/~/", 3) == 0 && slash[3] != '\0' ?
	    xstrdup(slash + 3) : xstrdup(slash);
	return 0;
fail:
	remote_url_free(u);
	return -1;
}

/* Does the remote path hold glob characters? */
int
remote_url_is_glob(const struct remote_url *u)
{
	return strpbrk(u->path, "*?[") != NULL;
}

/* Append s to *out single-quoted for sh. */
static void
remote_quote(char **out, const char *s)
{
	size_t	 len = strlen(*out), n = 2 + strlen(s) * 4 + 1;
	char	*p;

	*out = xrealloc(*out, len + n);
	p = *out + len;
	*p++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else
			*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
}

/* POSIX cksum of a buffer (CRC-32/CKSUM over the bytes, then the length). */
uint32_t
remote_cksum(const unsigned char *p, size_t n)
{
	uint32_t	crc = 0;
	size_t		i, len;
	int		b;

	for (i = 0, len = n;; i++) {
		if (i < n)
			crc ^= (uint32_t)p[i] << 24;
		else if (len != 0) {
			crc ^= (uint32_t)(len & 0xff) << 24;
			len >>= 8;
		} else
			break;
		for (b = 0; b < 8; b++)
			crc = (crc & 0x80000000U) ? (crc << 1) ^ 0x04C11DB7U : crc << 1;
	}
	return ~crc;
}

/*
 * Build the remote script: its variables, then the body. On a resume, the
 * last ntail bytes before off must still be there (cksum): a file whose
 * inode number was reused is a new file, not ours.
 */
char *
remote_script(const char *path, const char *dev, const char *ino, uint64_t off,
    int once, const unsigned char *tail, size_t ntail)
{
	char	*s = xstrdup("p="), *t;

	remote_quote(&s, path);
	t = xasprintf("%s\ndev='%s' ino='%s' off=%llu once=%d k=%zu sum=%lu\n%s",
	    s, dev, ino, (unsigned long long)off, once, ntail,
	    (unsigned long)remote_cksum(tail, ntail), remote_body);
	free(s);
	return t;
}

/* ssh's arguments after the user's command: batch mode, keepalives, port, user, host. */
static char **
remote_argv(const struct remote_url *u, const char *ssh, const char *command)
{
	char	**argv = xcalloc(24, sizeof *argv);
	int	  n = 0;

	argv[n++] = xstrdup("sh");
	argv[n++] = xstrdup("-c");
	argv[n++] = xasprintf("exec %s \"$@\"", ssh != NULL && *ssh != '\0' ?
	    ssh : "ssh");
	argv[n++] = xstrdup("sh");
	argv[n++] = xstrdup("-o");
	argv[n++] = xstrdup("BatchMode=yes");
	argv[n++] = xstrdup("-o");
	argv[n++] = xstrdup("ServerAliveInterval=5");
	argv[n++] = xstrdup("-o");
	argv[n++] = xstrdup("ServerAliveCountMax=3");
	argv[n++] = xstrdup("-o");
	argv[n++] = xstrdup("ConnectTimeout=10");
	if (u->port != NULL) {
		argv[n++] = xstrdup("-p");
		argv[n++] = xstrdup(u->port);
	}
	if (u->user != NULL) {
		argv[n++] = xstrdup("-l");
		argv[n++] = xstrdup(u->user);
	}
	argv[n++] = xstrdup("--");
	argv[n++] = xstrdup(u->host);
	argv[n++] = xstrdup(command);
	argv[n] = NULL;
	return argv;
}

/* Free an argv from remote_argv. */
static void
remote_argv_free(char **argv)
{
	size_t	i;

	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/*
 * Start ssh with the script on its stdin; its stdout and stderr are pipes
 * (nonblocking on our side). Returns the pid, or -1.
 */
static pid_t
remote_spawn_ssh(const struct remote_url *u, const char *ssh, const char *script,
    int *out, int *err)
{
	int	 in[2], o[2], e[2];
	char	**argv;
	pid_t	 pid;
	size_t	 len = strlen(script), done = 0;
	ssize_t	 n;

	if (pipe2(in, O_CLOEXEC) == -1)
		return -1;
	if (pipe2(o, O_CLOEXEC) == -1) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if (pipe2(e, O_CLOEXEC) == -1) {
		close(in[0]);
		close(in[1]);
		close(o[0]);
		close(o[1]);
		return -1;
	}
	argv = remote_argv(u, ssh, "exec sh -s");
	pid = fork();
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(o[1], STDOUT_FILENO);
		dup2(e[1], STDERR_FILENO);
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		execv("/bin/sh", argv);
		_exit(127);
	}
	remote_argv_free(argv);
	close(in[0]);
	close(o[1]);
	close(e[1]);
	if (pid == -1) {
		close(in[1]);
		close(o[0]);
		close(e[0]);
		return -1;
	}
	/* The script is a few kB: the pipe takes it at once. */
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	while (done < len) {
		n = write(in[1], script + done, len - done);
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			break;
		}
		done += (size_t)n;
	}
	close(in[1]);
	fcntl(o[0], F_SETFL, O_NONBLOCK);
	fcntl(e[0], F_SETFL, O_NONBLOCK);
	*out = o[0];
	*err = e[0];
	return pid;
}

/* Wait for our ssh child (up to a moment, then kill it). Returns its status or -1. */
static int
remote_wait(pid_t pid, int *reaped, int status)
{
	int	i, st;
	pid_t	r;

	for (i = 0; i < 200; i++) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return st;
		if (r == -1 && errno != EINTR)
			return *reaped ? status : -1;	/* the owner reaped it */
		if (i == 100)
			kill(pid, SIGKILL);
		usleep(10000);
	}
	kill(pid, SIGKILL);
	if (waitpid(pid, &st, 0) == pid)
		return st;
	return -1;
}

/* Keep ssh's stderr flowing; remember its last line. */
static void
remote_drain_err(struct remote *r)
{
	char	 buf[4096], *p, *nl;
	ssize_t	 n;
	size_t	 k;

	if (r->err == -1)
		return;
	while ((n = read(r->err, buf, sizeof buf)) > 0) {
		p = buf;
		while (n > 0) {
			nl = memchr(p, '\n', (size_t)n);
			k = nl != NULL ? (size_t)(nl - p) : (size_t)n;
			if (k > sizeof r->errpart - 1 - r->errpartlen)
				k = sizeof r->errpart - 1 - r->errpartlen;
			memcpy(r->errpart + r->errpartlen, p, k);
			r->errpartlen += k;
			if (nl == NULL)
				break;
			while (r->errpartlen > 0 &&
			    r->errpart[r->errpartlen - 1] == '\r')
				r->errpartlen--;
			if (r->errpartlen > 0) {
				memcpy(r->errline, r->errpart, r->errpartlen);
				r->errline[r->errpartlen] = '\0';
			}
			r->errpartlen = 0;
			n -= nl + 1 - p;
			p = nl + 1;
		}
	}
}

/* Start a connection from where we are. */
static void
remote_connect(struct remote *r)
{
	char	*script;

	script = remote_script(r->url.path, r->dev, r->ino, r->off, r->once,
	    r->tail, r->ntail);
	r->hello = 0;
	r->errline[0] = '\0';
	r->errpartlen = 0;
	r->linelen = 0;
	r->data_left = 0;
	r->reaped = 0;
	r->pid = remote_spawn_ssh(&r->url, r->ssh, script, &r->out, &r->err);
	free(script);
}

/* A tiny xorshift for the back-off jitter. */
static uint64_t
remote_random(struct remote *r)
{
	r->rng ^= r->rng << 13;
	r->rng ^= r->rng >> 7;
	r->rng ^= r->rng << 17;
	return r->rng;
}

/* Arm the back-off timer for the next attempt; returns its delay in ms. */
static unsigned
remote_schedule(struct remote *r)
{
	struct itimerspec	its;
	unsigned		ms;

	ms = r->backoff * (80 + (unsigned)(remote_random(r) % 41)) / 100;
	r->backoff = r->backoff * 2 > REMOTE_BACKOFF_MAX ? REMOTE_BACKOFF_MAX :
	    r->backoff * 2;
	r->timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (r->timer == -1) {
		usleep(ms * 1000);	/* no timerfd: wait here */
		remote_connect(r);
		return ms;
	}
	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = ms / 1000;
	its.it_value.tv_nsec = (long)(ms % 1000) * 1000000;
	timerfd_settime(r->timer, 0, &its, NULL);
	return ms;
}

/* Follow url for src; NULL and *cause when the URL is bad. */
struct remote *
remote_create(struct source *src, const char *url, const char *ssh, int once,
    char **cause)
{
	struct remote	*r = xcalloc(1, sizeof *r);

	if (remote_url_parse(url, &r->url, cause) == -1) {
		free(r);
		return NULL;
	}
	r->src = src;
	r->title = xasprintf("%s:%s", r->url.host, r->url.path);
	r->ssh = xstrdup(ssh != NULL && *ssh != '\0' ? ssh : "ssh");
	r->once = once;
	r->pid = -1;
	r->out = r->err = r->timer = -1;
	r->backoff = REMOTE_BACKOFF_MIN;
	r->rng = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^
	    (uint64_t)(uintptr_t)r;
	if (r->rng == 0)
		r->rng = 1;
	r->rbuf = xmalloc(REMOTE_READ);
	remote_connect(r);
	return r;
}

/* Kill and reap ssh, close everything (the source ends). */
void
remote_stop(struct remote *r)
{
	if (r == NULL)
		return;
	if (r->pid > 0) {
		kill(r->pid, SIGTERM);
		remote_wait(r->pid, &r->reaped, r->status);
		r->pid = -1;
	}
	if (r->out != -1)
		close(r->out);
	if (r->err != -1)
		close(r->err);
	if (r->timer != -1)
		close(r->timer);
	r->out = r->err = r->timer = -1;
	r->done = 1;
}

/* Free a remote (stops it). */
void
remote_free(struct remote *r)
{
	if (r == NULL)
		return;
	remote_stop(r);
	remote_url_free(&r->url);
	free(r->title);
	free(r->ssh);
	free(r->rotated);
	free(r->rbuf);
	free(r);
}

const char *
remote_title(const struct remote *r)
{
	return r->title;
}

/* The pipe while connected, the timer while waiting. */
int
remote_pollfd(const struct remote *r)
{
	if (r->done)
		return -1;
	return r->timer != -1 ? r->timer : r->out;
}

/* Ended for good: read to the end (once), given up, or stopped. */
int
remote_done(const struct remote *r)
{
	return r->done;
}

/* Note the owner's reaping of our ssh. */
int
remote_reap(struct remote *r, pid_t pid, int status)
{
	if (r->pid != pid || pid <= 0)
		return 0;
	r->reaped = 1;
	r->status = status;
	return 1;
}

/* "N DEV INO OFF SIZE": the file read from now on. */
static void
remote_frame_file(struct remote *r, const char *a)
{
	char			 dev[32], ino[32], *msg;
	unsigned long long	 off, size;
	int			 same;

	if (sscanf(a, "%31s %31s %llu %llu", dev, ino, &off, &size) != 4)
		return;
	same = r->ino[0] != '\0' && strcmp(dev, r->dev) == 0 &&
	    strcmp(ino, r->ino) == 0;
	if (same && off == r->off) {
		if (r->attempt > 0 || r->rotated != NULL) {
			msg = r->rotated != NULL ? xasprintf("resumed (rotated "
			    "meanwhile: finishing it as %s)", r->rotated) :
			    xstrdup("resumed");
			source_note(r->src, SOURCE_OK, msg);
			free(msg);
		}
	} else if (r->ino[0] == '\0') {
		/* The first file of this source (the TUI starts big ones at their tail). */
		r->skip_line = off > 0;
		if (source_state(r->src) != SOURCE_OK)
			source_note(r->src, SOURCE_OK, r->attempt > 0 ?
			    "connected" : NULL);
	} else {
		/* Another file: the old one is finished (or gone). */
		source_restart_remote(r->src, 0);
		if (r->gone && r->size > r->off) {
			msg = xasprintf("rotated while disconnected and gone: "
			    "at least %llu bytes could not be read (and what was "
			    "written to it after the drop)",
			    (unsigned long long)(r->size - r->off));
			source_note(r->src, SOURCE_REPLACED, msg);
			free(msg);
		} else if (r->gone) {
			msg = xasprintf("rotated while disconnected and gone: "
			    "what was written to it after byte %llu could not be "
			    "read", (unsigned long long)r->off);
			source_note(r->src, SOURCE_REPLACED, msg);
			free(msg);
		} else if (r->rotated != NULL) {
			/* An older generation first (rotated twice or more). */
			msg = xasprintf("file replaced: reading rotated %s first",
			    r->rotated);
			source_note(r->src, SOURCE_REPLACED, msg);
			free(msg);
		} else
			source_note(r->src, SOURCE_REPLACED, "file replaced");
	}
	snprintf(r->dev, sizeof r->dev, "%s", dev);
	snprintf(r->ino, sizeof r->ino, "%s", ino);
	if (r->off != off)
		r->ntail = 0;	/* another file, or another place */
	r->off = off;
	r->size = size;
	r->gone = 0;
	free(r->rotated);
	r->rotated = NULL;
	r->attempt = 0;
	r->backoff = REMOTE_BACKOFF_MIN;
	r->failed = 0;
	r->ever = 1;
}

/* One control line from the remote script. */
static void
remote_frame(struct remote *r, const char *l)
{
	unsigned long long	v;

	switch (l[0]) {
	case 'H':
		if (strcmp(l, "H0") == 0)
			r->hello = 1;
		else if (sscanf(l + 1, "%llu", &v) == 1)
			r->size = v;
		break;
	case 'N':
		remote_frame_file(r, l + 1);
		break;
	case 'D':
		if (sscanf(l + 1, "%llu", &v) == 1)
			r->data_left = v;
		break;
	case 'T':
		source_restart_remote(r->src, 1);
		r->off = 0;
		r->ntail = 0;
		source_note(r->src, SOURCE_TRUNCATED, "file truncated");
		break;
	case 'O':
		free(r->rotated);
		r->rotated = xstrdup(l + (l[1] == ' ' ? 2 : 1));
		break;
	case 'G':
		r->gone = 1;
		break;
	case 'M':
		source_note(r->src, SOURCE_DELETED, "file deleted");
		break;
	case 'W':
		source_note(r->src, SOURCE_WAITING, "waiting for file");
		break;
	case 'X':
		r->failed = 1;
		source_note(r->src, SOURCE_ERROR, l + (l[1] == ' ' ? 2 : 1));
		break;
	case 'E':
		r->ended = 1;
		break;
	}
}

/* Keep the last bytes received of the current file. */
static void
remote_remember(struct remote *r, const char *p, size_t n)
{
	size_t	keep;

	if (n >= sizeof r->tail) {
		memcpy(r->tail, p + n - sizeof r->tail, sizeof r->tail);
		r->ntail = sizeof r->tail;
		return;
	}
	keep = r->ntail + n > sizeof r->tail ? sizeof r->tail - n : r->ntail;
	memmove(r->tail, r->tail + r->ntail - keep, keep);
	memcpy(r->tail + keep, p, n);
	r->ntail = keep + n;
}

/* Parse what ssh gave: control lines and data frames. */
static void
remote_parse(struct remote *r, const char *p, size_t n)
{
	const char	*nl;
	size_t		 k;

	while (n > 0) {
		if (r->data_left > 0) {
			k = n < r->data_left ? n : (size_t)r->data_left;
			if (r->skip_line) {
				nl = memchr(p, '\n', k);
				if (nl != NULL) {
					k = (size_t)(nl - p) + 1;
					r->skip_line = 0;
				}
			} else
				source_feed(r->src, p, k);
			remote_remember(r, p, k);
			r->off += k;
			r->data_left -= k;
			p += k;
			n -= k;
			continue;
		}
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) : n;
		if (r->linelen + k >= sizeof r->line)
			k = sizeof r->line - 1 - r->linelen;	/* cut: not ours */
		memcpy(r->line + r->linelen, p, k);
		r->linelen += k;
		if (nl == NULL)
			return;
		r->line[r->linelen] = '\0';
		remote_frame(r, r->line);
		r->linelen = 0;
		n -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
}

/* The connection ended: finish, give up, or schedule the next attempt. */
static ssize_t
remote_lost(struct remote *r)
{
	char		*msg;
	const char	*why;
	unsigned	 ms;

	remote_drain_err(r);
	close(r->out);
	close(r->err);
	r->out = r->err = -1;
	if (r->pid > 0)
		r->status = remote_wait(r->pid, &r->reaped, r->status);
	r->pid = -1;
	if (r->ended) {
		r->done = 1;
		return 0;
	}
	if (r->once == 1 && r->failed) {
		r->done = 1;
		return -1;		/* X said why */
	}
	if (r->errline[0] != '\0')
		why = r->errline;
	else if (r->failed && source_state_message(r->src) != NULL) {
		/* The script said why (X) before it ended. */
		snprintf(r->errline, sizeof r->errline, "%s",
		    source_state_message(r->src));
		why = r->errline;
	} else if (r->hello)
		why = "connection closed";
	else if (r->status != -1 && WIFSIGNALED(r->status)) {
		snprintf(r->errline, sizeof r->errline, "ssh killed by signal %d",
		    WTERMSIG(r->status));
		why = r->errline;
	} else if (r->status != -1 && WIFEXITED(r->status)) {
		snprintf(r->errline, sizeof r->errline, "ssh exited %d",
		    WEXITSTATUS(r->status));
		why = r->errline;
	} else
		why = "ssh failed";
	if (r->once == 1 && (!r->ever || r->attempt >= REMOTE_ONCE_TRIES)) {
		source_note(r->src, SOURCE_ERROR, why);
		r->done = 1;
		return -1;
	}
	r->attempt++;
	ms = remote_schedule(r);
	msg = xasprintf("reconnecting (attempt %u) in %u.%u s: %s", r->attempt,
	    ms / 1000, (ms % 1000) / 100, why);
	source_note(r->src, SOURCE_ERROR, msg);
	free(msg);
	return 1;
}

/* Read and dispatch; see remote.h for the return values. */
ssize_t
remote_read(struct remote *r)
{
	struct pollfd	pfd;
	uint64_t	ticks;
	ssize_t		n;

	if (r->done)
		return r->ended ? 0 : -1;
	if (r->timer != -1) {
		/* Blocks until the back-off ends (the owner polled it ready). */
		while (read(r->timer, &ticks, sizeof ticks) == -1 && errno == EINTR)
			;
		close(r->timer);
		r->timer = -1;
		remote_connect(r);
		return 1;
	}
	if (r->out == -1) {
		/* Could not even start ssh (fork/pipe failed): try later. */
		r->attempt++;
		source_note(r->src, SOURCE_ERROR, "reconnecting: cannot start ssh");
		remote_schedule(r);
		return 1;
	}
	remote_drain_err(r);
	for (;;) {
		n = read(r->out, r->rbuf, REMOTE_READ);
		if (n > 0) {
			remote_parse(r, r->rbuf, (size_t)n);
			return n;
		}
		if (n == 0)
			return remote_lost(r);
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return remote_lost(r);
		if (r->once != 1)
			return 1;	/* woken for nothing: still alive */
		/* Read to the end without a poll loop of the owner's: wait here. */
		pfd.fd = r->out;
		pfd.events = POLLIN;
		pfd.revents = 0;
		poll(&pfd, 1, 1000);
		remote_drain_err(r);
	}
}

/*
 * Expand a glob on the remote host: one ssh run of a script printing the
 * existing matches, one per line (names with a newline are skipped).
 */
char **
remote_expand(const char *url, const char *ssh, char **cause)
{
	struct remote_url	 u;
	char			*script, *out = NULL, **list, *line, *save = NULL;
	char			 buf[8192], errline[512] = "";
	const char		*dir;
	size_t			 len = 0, n = 0, e;
	ssize_t			 k;
	int			 ofd, efd, status;
	pid_t			 pid;
	struct pollfd		 pfd[2];

	if (remote_url_parse(url, &u, cause) == -1)
		return NULL;
	script = xstrdup("pat=");
	remote_quote(&script, u.path);
	script = xrealloc(script, strlen(script) + 128);
	strcat(script, "\nIFS=; for f in $pat; do [ -e \"$f\" ] && "
	    "printf '%s\\n' \"$f\"; done; exit 0\n");
	pid = remote_spawn_ssh(&u, ssh, script, &ofd, &efd);
	free(script);
	if (pid == -1) {
		*cause = xstrdup("cannot start ssh");
		remote_url_free(&u);
		return NULL;
	}
	pfd[0].fd = ofd;
	pfd[1].fd = efd;
	pfd[0].events = pfd[1].events = POLLIN;
	while (pfd[0].fd != -1 || pfd[1].fd != -1) {
		if (poll(pfd, 2, -1) == -1 && errno != EINTR)
			break;
		if (pfd[0].revents != 0) {
			k = read(ofd, buf, sizeof buf);
			if (k > 0) {
				out = xrealloc(out, len + (size_t)k + 1);
				memcpy(out + len, buf, (size_t)k);
				len += (size_t)k;
			} else if (k == 0 || errno != EAGAIN) {
				close(ofd);
				pfd[0].fd = -1;
			}
		}
		if (pfd[1].revents != 0) {
			k = read(efd, buf, sizeof buf - 1);
			if (k > 0) {
				buf[k] = '\0';
				while (k > 0 && (buf[k - 1] == '\n' || buf[k - 1] == '\r'))
					buf[--k] = '\0';
				line = strrchr(buf, '\n');
				if (k > 0)
					snprintf(errline, sizeof errline, "%.500s",
					    line != NULL ? line + 1 : buf);
			} else if (k == 0 || errno != EAGAIN) {
				close(efd);
				pfd[1].fd = -1;
			}
		}
	}
	status = -1;
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*cause = xstrdup(errline[0] != '\0' ? errline : "ssh failed");
		free(out);
		remote_url_free(&u);
		return NULL;
	}
	list = xcalloc(1, sizeof *list);
	if (out != NULL) {
		out[len] = '\0';
		/* Keep USER@HOST:PORT as given: everything before the path. */
		dir = strchr(url + 6, '/');
		e = (size_t)(dir - url);
		for (line = strtok_r(out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			list = xreallocarray(list, n + 2, sizeof *list);
			list[n++] = xasprintf("%.*s%s%s", (int)e, url,
			    *line == '/' ? "" : "/~/", line);
			list[n] = NULL;
		}
	}
	free(out);
	remote_url_free(&u);
	return list;
}
