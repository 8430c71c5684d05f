#!/bin/sh
# bench/soak.sh: follower soak -- N lines at full speed with rotation, 0 lost.
#
#	sh bench/soak.sh [LINES [ROTATE_EVERY]]	(default 10000000 and 100000)
#
# A small C writer (compiled here with cc) appends LINES lines
# "soak <seq> <filler>" to app.log as fast as write() goes, in 64 KiB
# writes of whole lines, and every ROTATE_EVERY lines rotates the way
# logrotate's default does: rename app.log -> app.log.1 (replacing the
# previous .1), then create a new app.log. `tailor --print -f -q app.log`
# (add --poll with SOAK_POLL=1) follows it; when its output stops growing
# the output is checked line by line with awk: every sequence number once,
# in order, none lost, none duplicated, the bytes equal.
#
# Prints: lines written, the writer's time and rate, how long tailor took
# to catch up after the writer finished, lost / duplicated / out-of-order
# lines, tailor's CPU time and peak RSS. Exit 1 when a line was lost or
# duplicated.
#
# Environment: TAILOR (default ./tailor), SOAK_POLL=1, SOAK_DIR (work
# directory, default a new one under $TMPDIR; removed unless SOAK_KEEP=1).
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
LINES=${1:-10000000}
ROTATE=${2:-100000}
TAILOR=${TAILOR:-$ROOT/tailor}
case $TAILOR in /*) ;; *) TAILOR=$ROOT/$TAILOR ;; esac
[ -x "$TAILOR" ] || { echo "soak: $TAILOR not built (make tailor)" >&2; exit 2; }
T=${SOAK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/tailor-soak.XXXXXX")}
mkdir -p "$T"
TPID=
cleanup() {
	[ -n "$TPID" ] && kill "$TPID" 2>/dev/null
	[ -n "${SOAK_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

cat > "$T/writer.c" <<'EOF'
/* soak writer: N lines, rotation every R lines (rename to .1, new file). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
put(int fd, const char *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);
		if (w <= 0) { perror("write"); exit(1); }
		b += w; n -= (size_t)w;
	}
}

int
main(int argc, char **argv)
{
	const char *path = argv[1];
	char old[4096], buf[65536 + 256];
	unsigned long long n = strtoull(argv[2], NULL, 10);
	unsigned long long rot = strtoull(argv[3], NULL, 10), i;
	size_t len = 0;
	int fd;

	snprintf(old, sizeof old, "%s.1", path);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd == -1) { perror(path); return 1; }
	for (i = 1; i <= n; i++) {
		len += (size_t)snprintf(buf + len, 256,
		    "soak %010llu the quick brown fox jumps %llu\n", i, i * 7919 % 100003);
		if (len >= 65536 || i % rot == 0 || i == n) {
			put(fd, buf, len);
			len = 0;
		}
		if (i % rot == 0 && i < n) {
			if (rename(path, old) == -1) { perror("rename"); return 1; }
			close(fd);
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0644);
			if (fd == -1) { perror(path); return 1; }
		}
	}
	close(fd);
	return 0;
}
EOF
cc -O2 -o "$T/writer" "$T/writer.c" || exit 2

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

: > "$T/app.log"
poll=
[ -n "${SOAK_POLL:-}" ] && poll=--poll
"$TAILOR" --print -f -q $poll "$T/app.log" > "$T/out" 2> "$T/err" &
TPID=$!
# Wait until tailor has the file open.
i=0
while ! ls -l /proc/$TPID/fd 2>/dev/null | grep -q "$T/app.log"; do
	i=$((i + 1)); [ $i -gt 500 ] && { echo "soak: tailor did not start" >&2; exit 2; }
	sleep 0.01
done

echo "soak: $LINES lines, rotation every $ROTATE, tailor ${poll:-(inotify)}, in $T"
t0=$(now)
"$T/writer" "$T/app.log" "$LINES" "$ROTATE" || exit 2
t1=$(now)
# Wait until the output stops growing for 5 s (or the last line is there).
last=$(printf 'soak %010d ' "$LINES")
prev=-1 still=0
while :; do
	size=$(wc -c < "$T/out")
	if tail -c 200 "$T/out" | grep -q "^$last"; then
		break
	fi
	if [ "$size" = "$prev" ]; then
		still=$((still + 1))
		[ $still -ge 50 ] && break
	else
		still=0
	fi
	prev=$size
	sleep 0.1
done
t2=$(now)
sleep 0.5	# a duplicate would come now
cpu=$(awk '{ printf "%.2f", ($14 + $15) / 100 }' /proc/$TPID/stat 2>/dev/null)
rss=$(sed -n 's/^VmHWM:[[:space:]]*//p' /proc/$TPID/status 2>/dev/null)
kill "$TPID" 2>/dev/null
wait "$TPID" 2>/dev/null
TPID=

# Check: each line "soak SEQ the quick brown fox jumps X" exact, SEQ = previous + 1.
awk -v n="$LINES" '
	{
		if ($1 != "soak" || NF != 8) { bad++; next }
		s = $2 + 0
		if ($0 != sprintf("soak %010d the quick brown fox jumps %d", s, s * 7919 % 100003)) { bad++; next }
		if (s in seen) { dup++; next }
		seen[s] = 1
		if (s < last) disorder++
		if (s > last + 1) { lost += s - last - 1; if (gaps < 5) gapl = gapl " " last + 1 "-" s - 1; gaps++ }
		if (s > last) last = s
		got++
	}
	END {
		if (last < n) { lost += n - last; gapl = gapl " " last + 1 "-" n; gaps++ }
		printf "printed %d distinct lines; lost %d (%d gaps:%s), duplicated %d, out of order %d, malformed %d\n",
		    got, lost, gaps, gapl, dup, disorder, bad
		exit (lost + dup + disorder + bad) > 0
	}' "$T/out" > "$T/check"
ok=$?
w=$(secs "$t0" "$t1")
echo "writer: $LINES lines in ${w}s ($(awk -v n="$LINES" -v s="$w" 'BEGIN { printf "%.0f", n / s }') lines/s), $((LINES / ROTATE)) rotations"
echo "tailor: caught up $(secs "$t1" "$t2")s after the writer finished; CPU ${cpu}s; peak RSS ${rss}"
echo "output: $(wc -c < "$T/out") bytes; $(cat "$T/check")"
echo "stderr: $(sort "$T/err" | sed 's/^tailor: [^:]*: //' | sort | uniq -c | awk '{ c = $1; $1 = ""; printf "%s%s x%d", sep, $0, c; sep = "," }')"
if [ $ok -eq 0 ]; then
	echo "soak: PASS (0 lost)"
else
	echo "soak: FAIL"
fi
exit $ok
