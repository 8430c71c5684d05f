#!/bin/sh
# test_children.sh: commands and their children (issue 22, items 1-3).
# A silent command never freezes the TUI; quitting never hangs on a
# command that ignores SIGTERM; no child of tailor outlives it on any exit
# path (q, ^C, SIGTERM, SIGHUP, the terminal going away, --print with and
# without -f); a command that closes its output is reaped and its status
# said. Each command carries a unique marker (a sleep length) so that a
# survivor is found by name with pgrep after tailor is gone.
. "$E2E_DIR/lib.sh"

# survivors MARK: the pids of the sleep processes whose command line is
# "sleep MARK" (not the tmux pane's shell, whose command line holds it too).
survivors() {
	for _p in $(pgrep -f -- "^sleep $1" 2>/dev/null); do
		alive "$_p" && printf '%s ' "$_p"
	done
}

# no_survivor MARK WHAT: within a second nothing with MARK is running.
no_survivor() {
	if ! wait_until "[ -z \"\$(survivors '$1')\" ]" 1; then
		_ns=$(survivors "$1")
		pkill -KILL -f -- "^sleep $1" 2>/dev/null
		fail "$2: still running: $_ns ($(ps -o pid,stat,cmd -p "$(echo $_ns | tr ' ' ',')" 2>/dev/null | tail -n +2))"
	fi
}

case_silent_command() {
	$LOGGEN --seed 71 --lines 50 --style classic --out one.log || fail "loggen failed"
	tui_start silent 120 30 -c 'sleep 6.101; echo late-line' one.log
	# The file's pane is drawn at once although the command says nothing.
	tui_wait_text silent "one.log" 2 || fail "screen blank while a command is silent"
	_t0=$(now_ms)
	tui_keys silent q
	_st=$(tui_wait_exit silent 2) || fail "q ignored while a command is silent"
	_dt=$(( $(now_ms) - _t0 ))
	check "[ $_dt -lt 2000 ]" "q took ${_dt} ms"
	assert_eq "$_st" 0 "exit status"
	no_survivor "6.101" "the silent command after q"
}

case_term_ignored() {
	tui_start trap 100 20 -c 'trap "" TERM; while :; do sleep 6.102; done'
	tui_wait_text trap "sleep 6.102" 3 || fail "no pane"
	_t0=$(now_ms)
	tui_keys trap q
	tui_wait_exit trap 3 > /dev/null || fail "quitting hung on a command ignoring SIGTERM"
	_dt=$(( $(now_ms) - _t0 ))
	check "[ $_dt -lt 2500 ]" "quit took ${_dt} ms (grace is 0.5 s)"
	no_survivor "6.102" "the TERM-ignoring command after q"
}

case_background_child() {
	tui_start bg 100 20 -c 'sleep 6.103 & echo started-bg'
	tui_wait_text bg "started-bg" 3 || fail "no output"
	tui_keys bg q
	tui_wait_exit bg 3 > /dev/null || fail "no exit"
	no_survivor "6.103" "a command's background child after q"
}

# The terminal goes away (tmux kills the pane: SIGHUP).
case_terminal_gone() {
	tui_start gone 100 20 -c 'sleep 6.104 & sleep 6.105'
	tui_wait_text gone "sleep 6.104" 3 || fail "no pane"
	e2e_tmux kill-session -t gone
	no_survivor "6.10[45]" "children after the terminal went away"
}

# --print -f: ^C, SIGTERM and SIGHUP end the commands' process groups.
case_print_follow_signals() {
	for _sig in INT TERM HUP; do
		spawn out err "$TAILOR" -p -f -c 'trap "" TERM; sleep 6.106 & sleep 6.107; wait'
		_pid=$SPAWNED
		wait_until "[ -n \"\$(survivors '6.107')\" ]" 3 || fail "command not started"
		kill -$_sig "$_pid"
		wait_until "! alive $_pid" 3 || fail "tailor -p -f ignored SIG$_sig"
		wait "$_pid"
		_rc=$?
		case $_sig in INT) _want=130 ;; TERM) _want=143 ;; HUP) _want=129 ;; esac
		assert_eq "$_rc" "$_want" "exit status after SIG$_sig (128 + signal)"
		no_survivor "6.10[67]" "children after SIG$_sig to --print -f"
	done
}

# --print without -f reads to the end: ^C there ends the command too.
case_print_signal() {
	spawn out err "$TAILOR" -p -c 'trap "" TERM; sleep 6.108'
	_pid=$SPAWNED
	wait_until "[ -n \"\$(survivors '6.108')\" ]" 3 || fail "command not started"
	kill -INT "$_pid"
	wait_until "! alive $_pid" 3 || fail "tailor -p ignored ^C"
	no_survivor "6.108" "the command after ^C to --print"
}

# A command closes its output and ends later: reaped, its status said.
case_reaped() {
	"$TAILOR" -p -f -c 'echo hi; exec >&- 2>&-; sleep 0.3; exit 3' > out 2> err
	assert_eq "$?" 0 "exit status (records were printed)"
	assert_eq "$(cat out)" "hi" "output"
	check "grep -q 'command exited 3' err" "the command's status is said: $(cat err)"
}

run_case "a silent command: screen drawn, q answered" case_silent_command
run_case "q with a command that ignores SIGTERM" case_term_ignored
run_case "a command's background child ends with q" case_background_child
run_case "the terminal goes away: no child left" case_terminal_gone
run_case "--print -f: INT, TERM, HUP end the children" case_print_follow_signals
run_case "--print: ^C ends the command" case_print_signal
run_case "a command that closes its output is reaped" case_reaped
finish
