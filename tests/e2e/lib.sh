# tests/e2e/lib.sh: helpers for tailor's end-to-end tests (POSIX sh).
#
# A test file is run by tests/e2e/run.sh inside a fresh temporary directory
# (its working directory, also $E2E_TMP) and starts with
#
#	. "$E2E_DIR/lib.sh"
#
# Environment (set by run.sh, defaults here for running a test by hand):
#	TAILOR		absolute path of the binary under test
#	E2E_REPO	repository root; E2E_DIR = $E2E_REPO/tests/e2e
#	E2E_SCALE	timeout multiplier (3 when TAILOR_SANITIZED=1)
#	LOGGEN		"python3 $E2E_REPO/bench/loggen.py"
#
# A test is a list of cases:
#
#	case_foo() { ...; assert_eq "$a" "$b" "what"; ... }
#	run_case "foo does bar" case_foo [ARGS...]
#	...
#	finish
#
# run_case runs the function in a subshell: `fail MSG` ends the case at
# once; `check CMD MSG` notes a failure and goes on (so one run reports
# everything that is wrong). Processes started with `spawn` are killed when
# the case ends, whatever happened. Each case prints `ok - NAME` or
# `FAIL - NAME`; finish exits 1 if any case failed.
#
# Correctness never rests on a fixed sleep: wait for the condition with
# wait_until (polls every 20 ms up to a timeout, scaled by E2E_SCALE).

E2E_REPO=${E2E_REPO:-$(cd "$(dirname "$0")/../.." 2>/dev/null && pwd)}
E2E_DIR=${E2E_DIR:-$E2E_REPO/tests/e2e}
TAILOR=${TAILOR:-$E2E_REPO/tailor}
E2E_SCALE=${E2E_SCALE:-1}
E2E_TMP=${E2E_TMP:-$(pwd)}
LOGGEN=${LOGGEN:-"python3 $E2E_REPO/bench/loggen.py"}
E2E_PASSED=0
E2E_FAILED=0
E2E_SKIPPED=0
E2E_FAILED_NAMES=""
E2E_TMUX_SOCK=${E2E_TMUX_PREFIX:-tailor-e2e}-$$
export TAILOR E2E_REPO E2E_DIR E2E_SCALE E2E_TMP LANG=C.UTF-8 TZ=UTC

# Scale a timeout in seconds (may be fractional) by E2E_SCALE.
e2e_scale() {
	awk -v t="$1" -v s="$E2E_SCALE" 'BEGIN { printf "%g", t * s }'
}

# Print a note for the log (indented under the case).
note() {
	printf '    # %s\n' "$*" >&2
}

# End the current case as failed.
fail() {
	printf '    FAIL: %s\n' "$*" >&2
	exit 1
}

# End the current case as skipped (only when a tool is truly absent).
skip() {
	printf '    SKIP: %s\n' "$*" >&2
	exit 77
}

# Note a failure but go on; the case fails at its end.
check() {
	if ! eval "$1"; then
		printf '    FAIL: %s\n' "${2:-$1}" >&2
		: > "$E2E_CASE_DIR/.soft-failed"
	fi
}

# assert_eq ACTUAL EXPECTED [WHAT]: fail with both values shown.
assert_eq() {
	if [ "$1" != "$2" ]; then
		printf '    FAIL: %s\n      expected: %s\n      actual:   %s\n' \
		    "${3:-values differ}" "$(printf '%s' "$2" | head -c 400 | od -An -c | head -5)" \
		    "$(printf '%s' "$1" | head -c 400 | od -An -c | head -5)" >&2
		exit 1
	fi
}

# assert_file_eq ACTUAL EXPECTED [WHAT]: byte-compare two files, show where.
assert_file_eq() {
	if ! cmp -s "$1" "$2"; then
		printf '    FAIL: %s: %s differs from %s (%s vs %s bytes): %s\n' \
		    "${3:-files differ}" "$1" "$2" "$(wc -c < "$1")" "$(wc -c < "$2")" \
		    "$(cmp "$1" "$2" 2>&1 | head -1)" >&2
		show_diff "$1" "$2"
		exit 1
	fi
}

# Show the first differing lines of two files (for failure messages).
show_diff() {
	diff "$2" "$1" 2>/dev/null | head -12 | cut -c1-160 | sed 's/^/      /' >&2
}

# Milliseconds since the epoch.
now_ms() {
	date +%s%3N
}

# wait_until CMD [TIMEOUT]: poll CMD (eval'd) every 20 ms until it succeeds;
# 1 when it still fails after TIMEOUT seconds (default 5, times E2E_SCALE).
wait_until() {
	_wu_end=$(( $(now_ms) + $(awk -v t="${2:-5}" -v s="$E2E_SCALE" 'BEGIN { printf "%d", t * s * 1000 }') ))
	while :; do
		eval "$1" && return 0
		if [ "$(now_ms)" -gt "$_wu_end" ]; then
			eval "$1" && return 0
			return 1
		fi
		sleep 0.02
	done
}

# wait_file_eq FILE EXPECTED_FILE [TIMEOUT]: wait until FILE's bytes equal.
wait_file_eq() {
	wait_until "cmp -s '$1' '$2'" "${3:-5}"
}

# spawn OUT ERR CMD...: start CMD in the background (stdout to OUT, stderr
# to ERR); its pid is in $SPAWNED and it is killed when the case ends.
spawn() {
	_sp_out=$1 _sp_err=$2
	shift 2
	"$@" > "$_sp_out" 2> "$_sp_err" &
	SPAWNED=$!
	echo "$SPAWNED" >> "$E2E_CASE_DIR/.pids"
}

# Is PID still running (and not a zombie)?
alive() {
	[ -d "/proc/$1" ] || return 1
	_al_state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
	[ -n "$_al_state" ] && [ "$_al_state" != Z ]
}

# Stop a spawned process (TERM, then KILL) and reap it.
stop() {
	kill -TERM "$1" 2>/dev/null
	wait_until "! alive $1" 2 || kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# wait_open PID PATH [TIMEOUT]: wait until PID has PATH open (it started).
wait_open() {
	_wo_target=$(readlink -f "$2")
	wait_until "ls -l /proc/$1/fd 2>/dev/null | grep -qF -- ' -> $_wo_target'" "${3:-5}"
}

# Kill everything spawned in the current case.
e2e_kill_spawned() {
	[ -f "$E2E_CASE_DIR/.pids" ] || return 0
	while read -r _pid; do
		kill -TERM "$_pid" 2>/dev/null
	done < "$E2E_CASE_DIR/.pids"
	while read -r _pid; do
		wait_until "! alive $_pid" 1 || kill -KILL "$_pid" 2>/dev/null
	done < "$E2E_CASE_DIR/.pids"
	rm -f "$E2E_CASE_DIR/.pids"
}

# run_case NAME FUNC [ARGS...]: run one case in its own directory.
run_case() {
	_rc_name=$1
	shift
	E2E_CASE_DIR=$E2E_TMP/case.$((E2E_PASSED + E2E_FAILED + E2E_SKIPPED + 1))
	mkdir -p "$E2E_CASE_DIR"
	_rc_t0=$(now_ms)
	(
		cd "$E2E_CASE_DIR" || exit 1
		trap 'e2e_kill_sessions; e2e_kill_spawned' EXIT
		"$@"
	)
	_rc_status=$?
	[ -f "$E2E_CASE_DIR/.soft-failed" ] && [ "$_rc_status" -eq 0 ] && _rc_status=1
	_rc_secs=$(awk -v a="$_rc_t0" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
	case $_rc_status in
	0)	E2E_PASSED=$((E2E_PASSED + 1))
		echo "ok - $_rc_name (${_rc_secs}s)" ;;
	77)	E2E_SKIPPED=$((E2E_SKIPPED + 1))
		echo "skip - $_rc_name" ;;
	*)	E2E_FAILED=$((E2E_FAILED + 1))
		E2E_FAILED_NAMES="$E2E_FAILED_NAMES
    $_rc_name"
		echo "FAIL - $_rc_name (${_rc_secs}s)" ;;
	esac
	return 0
}

# finish: summary line for run.sh; exit 1 if a case failed.
finish() {
	tui_kill_server
	echo "# $E2E_PASSED passed, $E2E_FAILED failed, $E2E_SKIPPED skipped"
	[ -n "$E2E_FAILED_NAMES" ] && echo "# failed:$E2E_FAILED_NAMES"
	[ "$E2E_FAILED" -eq 0 ]
	exit $?
}

# shquote ARG: ARG quoted for sh -c.
shquote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# classic_rec SECOND LEVEL LOGGER MESSAGE: a classic Python logging record
# line at 2026-01-01 00:00:00 plus SECOND seconds.
classic_rec() {
	printf '2026-01-01 00:%02d:%02d,000 - %s - %s - %s\n' \
	    $(($1 / 60)) $(($1 % 60)) "$3" "$2" "$4"
}

# fixtures FILE...: copy files made at the top of the test file (in
# $E2E_TMP) into the case's directory, so that a case's appends stay its own.
fixtures() {
	for _fx; do
		cp -R "$E2E_TMP/$_fx" . || fail "no fixture $_fx"
	done
}

# ---- tmux (TUI) helpers -------------------------------------------------
# Each test file has its own tmux server (socket $E2E_TMUX_PREFIX-$$,
# tailor-e2e-$$ by default), with no status line (the pane is exactly
# WIDTH x HEIGHT) and remain-on-exit, so the last screen and the exit status
# of tailor can still be read. finish kills that server (and only it); a
# session started in a case is killed when the case ends.
#
# Two ways to start tailor in a session NAME:
#	tui_start NAME W H ARGS...	tailor is the pane's command
#	tui_shell NAME W H ARGS...	tailor typed into a shell in the pane:
#		the screen after it exits is the shell's again (terminal
#		restored?) and shows TAILOR-EXIT=<status>
# Both write tailor's exit status where tui_wait_exit reads it; both take
# environment words from $TUI_ENV (e.g. TUI_ENV='NO_COLOR=1' tui_start ...);
# tui_shell runs the shell commands of $TUI_PRE first (end them with ';').
# Every wait polls the screen; a failure shows the screen (tui_fail).

have_tmux() {
	command -v tmux >/dev/null 2>&1
}

# need_tmux: skip the case if tmux is truly absent (make test installs it).
need_tmux() {
	have_tmux || skip "tmux not installed"
}

e2e_tmux() {
	tmux -L "$E2E_TMUX_SOCK" -f "$E2E_TMP/.tmux.conf" "$@"
}

# Write the tmux configuration of this test file's server (once).
tui_conf() {
	need_tmux
	if [ ! -f "$E2E_TMP/.tmux.conf" ]; then
		printf '%s\n' 'set -g status off' 'set -g remain-on-exit on' \
		    'set -g history-limit 2000' 'set -g escape-time 0' \
		    'set -g default-terminal xterm-256color' > "$E2E_TMP/.tmux.conf"
	fi
}

# tui_session NAME W H CMD: a new session running the shell command CMD,
# killed when the current case ends.
tui_session() {
	tui_conf
	[ -n "${E2E_CASE_DIR:-}" ] && echo "$1" >> "$E2E_CASE_DIR/.sessions"
	e2e_tmux new-session -d -s "$1" -x "$2" -y "$3" -c "$(pwd)" "$4" ||
	    fail "tmux new-session failed"
	e2e_tmux resize-window -t "$1" -x "$2" -y "$3" 2>/dev/null
	return 0
}

# tui_cmd ARGS...: the shell command running tailor with ARGS (each quoted).
tui_cmd() {
	_tc="env ${TUI_ENV:-} TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $(shquote "$TAILOR")"
	for _tc_a; do
		_tc="$_tc $(shquote "$_tc_a")"
	done
	printf '%s' "$_tc"
}

# tui_start NAME WIDTH HEIGHT ARGS...: run tailor ARGS in a new session.
tui_start() {
	_ts_name=$1 _ts_w=$2 _ts_h=$3
	shift 3
	# The exit status goes to a file: tmux 3.3 does not always record
	# #{pane_dead_status} for a process that exits at once.
	rm -f "$E2E_TMP/.tui-$_ts_name.status"
	tui_session "$_ts_name" "$_ts_w" "$_ts_h" \
	    "$(tui_cmd "$@"); echo \$? > $(shquote "$E2E_TMP/.tui-$_ts_name.status")"
}

# tui_shell NAME WIDTH HEIGHT ARGS...: a shell (prompt "e2e-shell$ ") in a
# new session; tailor ARGS typed into it after "clear;" and $TUI_PRE; when
# tailor exits the shell prints TAILOR-EXIT=<status> and stays.
tui_shell() {
	_tsh_name=$1 _tsh_w=$2 _tsh_h=$3
	shift 3
	rm -f "$E2E_TMP/.tui-$_tsh_name.status"
	tui_session "$_tsh_name" "$_tsh_w" "$_tsh_h" \
	    "exec env PS1='e2e-shell\$ ' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 sh"
	tui_wait_text "$_tsh_name" 'e2e-shell$' || fail "no shell prompt"
	tui_type "$_tsh_name" "clear; ${TUI_PRE:-} $(tui_cmd "$@"); \
st=\$?; echo \$st > $(shquote "$E2E_TMP/.tui-$_tsh_name.status"); echo TAILOR-EXIT=\$st"
}

# tui_keys NAME KEYS...: tmux send-keys (key names: Enter, Tab, C-c, q ...;
# -l STRING sends every character of STRING as typed).
tui_keys() {
	_tk_name=$1
	shift
	e2e_tmux send-keys -t "$_tk_name" "$@"
}

# tui_type NAME LINE: type LINE and Enter (into a tui_shell's shell).
tui_type() {
	e2e_tmux send-keys -t "$1" -l "$2"
	e2e_tmux send-keys -t "$1" Enter
}

# tui_resize NAME WIDTH HEIGHT: resize the session's window (tailor gets
# SIGWINCH).
tui_resize() {
	e2e_tmux resize-window -t "$1" -x "$2" -y "$3"
}

# tui_screen NAME [-e]: the pane's text now (-e: with its SGR attributes).
tui_screen() {
	_tsc_name=$1
	shift
	e2e_tmux capture-pane -p "$@" -t "$_tsc_name"
}

# tui_line NAME N: line N of the screen (0 = top).
tui_line() {
	e2e_tmux capture-pane -p -S "$2" -E "$2" -t "$1"
}

# tui_fail NAME MSG: fail the case, showing the screen.
tui_fail() {
	printf '    screen of %s:\n' "$1" >&2
	tui_screen "$1" 2>/dev/null | sed 's/^/      |/' >&2
	fail "$2"
}

# tui_until NAME DESC CMD [TIMEOUT]: wait until CMD (eval'd) succeeds, or
# fail the case with DESC and the screen.
tui_until() {
	wait_until "$3" "${4:-5}" || tui_fail "$1" "timed out waiting for: $2"
}

# tui_wait_text NAME TEXT [TIMEOUT]: wait until TEXT (fixed string) is on
# screen; on timeout print the screen and return 1.
tui_wait_text() {
	if wait_until "tui_screen '$1' | grep -qF -- $(shquote "$2")" "${3:-5}"; then
		return 0
	fi
	printf '    timed out waiting for "%s" on screen:\n' "$2" >&2
	tui_screen "$1" | sed 's/^/      |/' >&2
	return 1
}

# tui_wait_gone NAME TEXT [TIMEOUT]: wait until TEXT is no longer on screen.
tui_wait_gone() {
	if wait_until "! tui_screen '$1' | grep -qF -- $(shquote "$2")" "${3:-5}"; then
		return 0
	fi
	printf '    timed out waiting for "%s" to go; screen:\n' "$2" >&2
	tui_screen "$1" | sed 's/^/      |/' >&2
	return 1
}

# tui_wait_line NAME N TEXT [TIMEOUT]: wait until line N holds TEXT.
tui_wait_line() {
	if wait_until "tui_line '$1' '$2' | grep -qF -- $(shquote "$3")" "${4:-5}"; then
		return 0
	fi
	printf '    timed out waiting for "%s" on line %s; screen:\n' "$3" "$2" >&2
	tui_screen "$1" | sed 's/^/      |/' >&2
	return 1
}

# tui_line_has NAME N TEXT: line N holds TEXT now (no wait).
tui_line_has() {
	tui_line "$1" "$2" | grep -qF -- "$3"
}

# tui_has NAME TEXT / tui_hasnt NAME TEXT: the screen has (has not) TEXT,
# polled for up to one second (not scaled): a capture can land in the
# middle of a redraw and must not decide alone; fail the case otherwise.
tui_has() {
	_th_n=50
	until tui_screen "$1" | grep -qF -- "$2"; do
		_th_n=$((_th_n - 1))
		[ $_th_n -le 0 ] && tui_fail "$1" "expected \"$2\" on screen"
		sleep 0.02
	done
	return 0
}

tui_hasnt() {
	_th_n=50
	while tui_screen "$1" | grep -qF -- "$2"; do
		_th_n=$((_th_n - 1))
		[ $_th_n -le 0 ] && tui_fail "$1" "did not expect \"$2\" on screen"
		sleep 0.02
	done
	return 0
}

# tui_count NAME TEXT: how many screen lines hold TEXT.
tui_count() {
	tui_screen "$1" | grep -cF -- "$2"
}

# tui_pid NAME: pid of tailor in session NAME (the pane's process or its
# child); nothing when it does not run.
tui_pid() {
	_tp=$(e2e_tmux display-message -p -t "$1" '#{pane_pid}' 2>/dev/null)
	[ -n "$_tp" ] || return 0
	if [ "$(cat /proc/$_tp/comm 2>/dev/null)" = tailor ]; then
		echo "$_tp"
		return
	fi
	for _c in $(cat /proc/$_tp/task/*/children 2>/dev/null); do
		if [ "$(cat /proc/$_c/comm 2>/dev/null)" = tailor ]; then
			echo "$_c"
			return
		fi
	done
}

# tui_alive NAME: 0 while tailor runs in session NAME (not a zombie).
tui_alive() {
	_ta_pid=$(tui_pid "$1")
	[ -n "$_ta_pid" ] && alive "$_ta_pid"
}

# tui_answers NAME: tailor runs and answers a key: ? opens the help,
# Escape closes it; fail the case otherwise.
tui_answers() {
	tui_alive "$1" || tui_fail "$1" "tailor is not running (crashed?)"
	tui_keys "$1" '?'
	tui_wait_text "$1" 'tailor keys' || tui_fail "$1" "? shows no help"
	tui_keys "$1" Escape
	tui_wait_gone "$1" 'tailor keys' || tui_fail "$1" "Escape leaves the help on"
}

# tui_dead NAME: 0 when tailor exited.
tui_dead() {
	[ -s "$E2E_TMP/.tui-$1.status" ]
}

# tui_wait_exit NAME [TIMEOUT]: wait until tailor exits; print its status.
tui_wait_exit() {
	wait_until "[ -s '$E2E_TMP/.tui-$1.status' ]" "${2:-5}" || return 1
	cat "$E2E_TMP/.tui-$1.status"
}

# tui_stop NAME: end the session (and tailor with it).
tui_stop() {
	e2e_tmux kill-session -t "$1" 2>/dev/null
	return 0
}

# Kill the sessions started in the current case.
e2e_kill_sessions() {
	[ -f "$E2E_CASE_DIR/.sessions" ] || return 0
	while read -r _ks; do
		tui_stop "$_ks"
	done < "$E2E_CASE_DIR/.sessions"
	rm -f "$E2E_CASE_DIR/.sessions"
}

tui_kill_server() {
	have_tmux && [ -f "$E2E_TMP/.tmux.conf" ] && e2e_tmux kill-server 2>/dev/null
	return 0
}

# The test file's server goes with it, however the file ends.
trap 'tui_kill_server' EXIT
trap 'exit 130' INT TERM
