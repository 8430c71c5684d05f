#!/bin/sh
# bench/demo.sh: tailor on three live services (`make demo` runs it after
# building ./tailor).
#
# Three bench/loggen.py writers play an API, a Celery-style worker and a
# database layer: real Python `logging` output at a few records a second,
# bursts now and then, a few errors a minute (with tracebacks), a rotation
# every few minutes. Each log starts with a short history. tailor opens the
# three files in split panes; when it exits (q), the writers are stopped and
# the temporary directory is removed.
#
#	sh bench/demo.sh		TAILOR=path/to/tailor sh bench/demo.sh
#	DEMO_KEEP=1 sh bench/demo.sh	keep the logs (their directory is printed)

REPO=$(cd "$(dirname "$0")/.." && pwd) || exit 1
TAILOR=${TAILOR:-$REPO/tailor}
case $TAILOR in
/*) ;;
*) TAILOR=$(pwd)/$TAILOR ;;
esac

if [ ! -t 0 ] || [ ! -t 1 ]; then
	echo "demo: tailor is a terminal program and this is not a terminal; run 'make demo' from an interactive shell (or inside tmux)."
	exit 0
fi
if [ ! -x "$TAILOR" ]; then
	echo "demo: $TAILOR not found; run 'make' first." >&2
	exit 1
fi
PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || { echo "demo: python3 is needed for the log writers." >&2; exit 1; }
LOGGEN=$REPO/bench/loggen.py

DIR=$(mktemp -d "${TMPDIR:-/tmp}/tailor-demo.XXXXXX") || exit 1
PIDS=""

cleanup() {
	trap - EXIT INT TERM HUP
	for p in $PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	for f in "$DIR"/*.err; do
		[ -s "$f" ] && { echo "demo: $(basename "$f" .err) writer said:"; head -5 "$f"; }
	done
	if [ "${DEMO_KEEP:-0}" = 1 ]; then
		echo "demo: writers stopped; the logs are in $DIR"
	else
		rm -rf "$DIR"
		echo "demo: writers stopped; logs removed (DEMO_KEEP=1 make demo keeps them)."
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

cd "$DIR" || exit 1

# start_service NAME SEED RATE ERRORS_PER_MINUTE ROTATE_EVERY [LOGGEN OPTION...]
# Each log starts with 300 back-dated records (--history), then grows live.
start_service() {
	name=$1 seed=$2 rate=$3 epm=$4 rot=$5
	shift 5
	"$PYTHON" "$LOGGEN" --service "$name" --seed "$seed" "$@" --pool 1000 --history 300 \
	    --follow "$name.log" --rate "$rate" --bursty --errors-per-minute "$epm" \
	    --rotate-every "$rot" --backups 2 >/dev/null 2> "$name.err" &
	PIDS="$PIDS $!"
}

start_service api 1 12 4 4000 --style classic
start_service worker 2 5 3 1500 --style detailed
start_service db 3 3 2 1000 --style bracket
# tailor follows files that do not exist yet, but starts nicer with content.
for f in api.log worker.log db.log; do
	i=0
	while [ ! -s "$f" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
done

"$TAILOR" api.log worker.log db.log
status=$?
exit $status
