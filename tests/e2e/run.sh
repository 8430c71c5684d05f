#!/bin/sh
# tests/e2e/run.sh: run every tests/e2e/test_*.sh, each in a fresh temporary
# directory, print a summary, exit 1 if any failed.
#
#	sh tests/e2e/run.sh [test_print ...]	(names select tests; default all)
#
# Environment:
#	TAILOR=PATH		binary under test (default: ./tailor at the repo root)
#	TAILOR_SANITIZED=1	ASan/UBSan build: every timeout is 3x longer
#	E2E_KEEP=1		keep the temporary directories (for debugging)
#	E2E_TMUX_PREFIX=NAME	tmux servers are NAME-<pid> (default tailor-e2e)

E2E_REPO=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
E2E_DIR=$E2E_REPO/tests/e2e
TAILOR=${TAILOR:-$E2E_REPO/tailor}
case $TAILOR in
/*) ;;
*) TAILOR=$(pwd)/$TAILOR ;;
esac
E2E_SCALE=1
[ "${TAILOR_SANITIZED:-0}" = 1 ] && E2E_SCALE=3
# The interpreter itself, not a version-manager shim (which costs ~0.5 s a run).
PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || PYTHON=python3
LOGGEN="$PYTHON $E2E_REPO/bench/loggen.py"
export E2E_REPO E2E_DIR TAILOR E2E_SCALE LOGGEN

if [ ! -x "$TAILOR" ]; then
	echo "tests/e2e/run.sh: $TAILOR: no such executable (run make first)" >&2
	exit 2
fi
# A sanitizer report must fail the test, never scroll by.
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:halt_on_error=1:detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS

TIMEOUT=""
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout -k 10 $((600 * E2E_SCALE))"

tests=""
if [ $# -gt 0 ]; then
	for t; do
		t=${t%.sh}
		t=${t##*/}
		tests="$tests $E2E_DIR/$t.sh"
	done
else
	tests=$(ls "$E2E_DIR"/test_*.sh 2>/dev/null)
fi

# e2e_left DIR: pids of live (not zombie) processes whose cwd is under DIR.
e2e_left() {
	for _d in /proc/[0-9]*; do
		_c=$(readlink "$_d/cwd" 2>/dev/null) || continue
		case $_c in
		"$1"|"$1"/*) ;;
		*) continue ;;
		esac
		grep -q '^State:[[:space:]]*Z' "$_d/status" 2>/dev/null && continue
		echo "${_d#/proc/}"
	done
}

echo "e2e: $TAILOR (timeouts x$E2E_SCALE)"
failed=""
npass=0
nfail=0
for t in $tests; do
	name=$(basename "$t" .sh)
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/tailor-e2e-$name.XXXXXX") || exit 2
	chmod 755 "$tmp"	# some cases run tailor as another user
	# Hermetic: no user config file (XDG_CONFIG_HOME), a known locale and zone.
	mkdir -p "$tmp/.config"
	echo "== $name"
	start=$(date +%s)
	# A hung test file is stopped after 10 minutes (x E2E_SCALE).
	(cd "$tmp" && E2E_TMP=$tmp XDG_CONFIG_HOME=$tmp/.config HOME=$tmp \
	    LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC exec $TIMEOUT sh "$t" 2>&1)
	status=$?
	# No process may outlive its test: anything still running in the
	# test's directory (children of tailor inherit it) is a leak.
	left=""
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		left=$(e2e_left "$tmp")
		[ -z "$left" ] && break
		sleep 0.2
	done
	if [ -n "$left" ]; then
		echo "== $name: processes left running after it:"
		for p in $left; do
			echo "    $p $(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null)"
			kill -KILL "$p" 2>/dev/null
		done
		[ "$status" -eq 0 ] && status=1
	fi
	secs=$(( $(date +%s) - start ))
	if [ "$status" -eq 0 ]; then
		npass=$((npass + 1))
		echo "== $name: passed (${secs}s)"
	else
		nfail=$((nfail + 1))
		failed="$failed $name"
		echo "== $name: FAILED (status $status, ${secs}s; files in $tmp)"
	fi
	if [ "$status" -eq 0 ] && [ "${E2E_KEEP:-0}" != 1 ]; then
		rm -rf "$tmp"
	fi
done

echo "e2e summary: $npass test file(s) passed, $nfail failed${failed:+:$failed}"
[ "$nfail" -eq 0 ]
