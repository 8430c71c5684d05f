#!/bin/sh
# test_config.sh: the config file (issue 10): settings apply, the command
# line wins, a bad line is reported with file and line while the rest still
# applies, --no-config ignores it, Formatter strings by glob, key remaps.
. "$E2E_DIR/lib.sh"

# A config in this case's own XDG_CONFIG_HOME.
write_config() {
	export XDG_CONFIG_HOME="$PWD/xdg"
	mkdir -p xdg/tailor
	cat > xdg/tailor/config
}

case_print_settings() {
	write_config <<'CFG'
# comments and blank lines are fine

level = warning
bogus = 1
wrap = maybe
format *.pipe.log = %(levelname)s|%(name)s|%(message)s
CFG
	printf 'INFO|app.a|hello\nERROR|app.b|boom\nWARNING|app.c|slow\n' > svc.pipe.log
	"$TAILOR" --print --json svc.pipe.log > out 2> err
	assert_eq "$(grep -c '"level":"ERROR","logger":"app.b"' out)" 1 "glob format parses"
	assert_eq "$(wc -l < out | tr -d ' ')" 2 "level = warning applied (INFO dropped)"
	check "grep -q 'config:4: unknown setting .bogus.' err" "bad setting reported with line: $(cat err)"
	check "grep -q 'config:5: wrap wants on or off' err" "bad value reported with line"
	"$TAILOR" --print -l debug --json svc.pipe.log > out 2> err
	assert_eq "$(wc -l < out | tr -d ' ')" 3 "-l on the command line wins"
	# datefmt GLOB and rotated GLOB (both 7 letters) are told apart.
	cat >> xdg/tailor/config <<'CFG'
datefmt *.x.log = %Y-%m-%d %H:%M:%S
rotated *.x.log = yes
CFG
	"$TAILOR" --print -l debug svc.pipe.log > /dev/null 2> err
	check "! grep -q 'config:[78]:' err" "datefmt / rotated GLOB lines refused: $(cat err)"
	"$TAILOR" --print --no-config svc.pipe.log > out 2> err
	check '[ ! -s err ]' "--no-config reads nothing: $(cat err)"
	assert_eq "$(wc -l < out | tr -d ' ')" 3 "--no-config: no level filter"
}

case_tui_keys_and_wrap() {
	need_tmux
	write_config <<'CFG'
key J = j
key K = k
theme = no-such-theme
CFG
	$LOGGEN --seed 3 --lines 300 --out a.log || fail "loggen"
	tui_start cfg 120 20 a.log
	tui_wait_text cfg "unknown theme" || fail "theme error not on the status line"
	tui_keys cfg K
	tui_wait_text cfg "PAUSED" || fail "K (remapped to k) did not scroll up"
	tui_keys cfg J
	tui_wait_text cfg "FOLLOW" || fail "J (remapped to j) did not scroll back down"
	tui_keys cfg q
	tui_wait_exit cfg > /dev/null || fail "q did not quit"
}

# collapse = NAME folds in every pane; collapse GLOB = NAME only in matching files'.
case_collapse_keys() {
	need_tmux
	write_config <<'CFG'
collapse = urllib3
collapse b*.log = app
collapse =
CFG
	printf '2026-11-28 10:00:0%d,000 - urllib3.pool - DEBUG - u%d\n' 1 1 2 2 > a.log
	printf '2026-11-28 10:00:03,000 - app.db - INFO - a1\n2026-11-28 10:00:04,000 - app.db - INFO - a2\n' >> a.log
	cp a.log b.log
	# A tmux server keeps the environment it started with: a new one
	# sees this case's XDG_CONFIG_HOME.
	tui_kill_server
	tui_start cc 160 20 --view raw -l debug a.log b.log
	tui_wait_text cc "no value after" || fail "the bad line is not reported"
	tui_wait_text cc "urllib3.*  2 records" || fail "no urllib3 summary"
	_s=$(tui_screen cc)
	assert_eq "$(printf '%s\n' "$_s" | grep -o 'urllib3\.\*  2 records' | wc -l | tr -d ' ')" 2 \
	    "collapse = urllib3: both panes"
	assert_eq "$(printf '%s\n' "$_s" | grep -o 'app\.\*  2 records' | wc -l | tr -d ' ')" 1 \
	    "collapse b*.log = app: only b.log's pane"
	assert_eq "$(printf '%s\n' "$_s" | grep -o 'app.db - INFO - a2' | wc -l | tr -d ' ')" 1 \
	    "a.log's pane shows its app records"
	tui_keys cc q
	tui_wait_exit cc > /dev/null || fail "q did not quit"
}

run_case "config: settings, bad lines, command line wins, --no-config" case_print_settings
run_case "config in the TUI: key remaps, a bad theme reported" case_tui_keys_and_wrap
run_case "config: collapse = NAME, collapse GLOB = NAME" case_collapse_keys
finish
