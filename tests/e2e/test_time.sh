#!/bin/sh
# test_time.sh: --since / --until (issue 16): the records kept equal a
# reference computed from the generated files' own times (tests/e2e/
# time_ref.py), on a file big enough for the bisection to seek, with
# multi-line records at the edges, for the classic and JSON layouts; a
# time of day takes the log's day; bad times exit 2 naming the option;
# the TUI starts at the --since point.
. "$E2E_DIR/lib.sh"
REF="python3 $E2E_REPO/tests/e2e/time_ref.py"

# The time (as written, 'YYYY-MM-DD HH:MM:SS,mmm') of the record that starts line N.
time_at() {
	sed -n "$2p" "$1" | sed -n 's/^\([0-9-]* [0-9:]*,[0-9]*\) - .*/\1/p;s/^{.*"time": *"\([^"]*\)".*/\1/p'
}

case_since_until_classic() {
	$LOGGEN --seed 41 --lines 60000 --style classic --truth t.tsv --out f.log ||
	    fail "loggen failed"
	# Three record starts: a quarter, a half and the last tenth in.
	n=$(wc -l < t.tsv)
	for k in 4 2; do
		line=$(sed -n "$((n / k))p" t.tsv | cut -f1)
		s=$(time_at f.log "$line")
		$REF f.log "$s" - > want
		"$TAILOR" -p -q --since "$s" f.log > out 2> err
		assert_file_eq out want "--since '$s' (record at line $line)"
		$REF f.log - "$s" > want
		"$TAILOR" -p -q --until "$s" f.log > out 2> err
		assert_file_eq out want "--until '$s'"
	done
	a=$(time_at f.log "$(sed -n "$((n / 3))p" t.tsv | cut -f1)")
	b=$(time_at f.log "$(sed -n "$((n / 2))p" t.tsv | cut -f1)")
	$REF f.log "$a" "$b" > want
	"$TAILOR" -p -q --since "$a" --until "$b" f.log > out 2> err
	assert_file_eq out want "--since '$a' --until '$b'"
	# Without the fraction and seconds: the minute's start.
	m=$(printf '%s' "$a" | cut -c1-16)
	$REF f.log "$m:00,000" - > want
	"$TAILOR" -p -q --since "$m" f.log > out 2> err
	assert_file_eq out want "--since '$m' (no seconds)"
	# A time of day is on the log's own day, whatever today is.
	tod=$(printf '%s' "$a" | cut -c12-16)
	"$TAILOR" -p -q --since "$tod" f.log > out2 2> err
	assert_file_eq out2 out "--since '$tod' = --since '$m'"
}

case_since_json() {
	$LOGGEN --seed 42 --lines 20000 --style json --truth t.tsv --out f.log ||
	    fail "loggen failed"
	n=$(wc -l < t.tsv)
	line=$(sed -n "$((n / 2))p" t.tsv | cut -f1)
	s=$(time_at f.log "$line")
	[ -n "$s" ] || fail "no time at line $line"
	$REF f.log "$s" - > want
	"$TAILOR" -p -q --since "$s" f.log > out 2> err
	assert_file_eq out want "JSON lines --since '$s'"
}

case_bad_times() {
	printf '2026-01-01 00:00:00,000 - app - INFO - x\n' > f.log
	for bad in yesterday 25:00 2026-13-01 -1x ''; do
		"$TAILOR" -p --since "$bad" f.log > out 2> err
		assert_eq "$?" 2 "--since '$bad': exit 2"
		check "grep -q \"^tailor: --since '$bad': not a time (want \" err" \
		    "--since '$bad': one line naming the option and the forms: $(cat err)"
	done
	"$TAILOR" -p --since 10:00 --until 09:00 f.log > out 2> err
	assert_eq "$?" 2 "--until before --since: exit 2"
}

case_tui_since() {
	need_tmux
	$LOGGEN --seed 43 --lines 3000 --style classic --truth t.tsv --out f.log ||
	    fail "loggen failed"
	line=$(sed -n 1500p t.tsv | cut -f1)
	s=$(time_at f.log "$line")
	$REF f.log "$s" - > ref; head -n 1 ref | sed 's/.* - //' | cut -c1-20 > first
	tui_start since 200 30 --since "$s" f.log
	sleep 0.5
	tui_keys since g
	tui_wait_text since "$(cat first)" 5 ||
	    fail "the first record at or after --since is not on screen"
	sleep 0.3
	# Nothing before --since: the top line is the first record kept.
	top=$(tui_screen since | sed -n 2p)
	check "printf '%s' \"\$top\" | grep -qF -- \"$(cat first)\"" \
	    "top record after g is the first at --since: $top"
	tui_stop since
}

case_last_n_filtered() {
	$LOGGEN --seed 44 --lines 5000 --style classic --truth t.tsv --out f.log || fail "loggen failed"
	"$TAILOR" -p --json -l warning -L app.api f.log | tail -n 3 > want
	"$TAILOR" -p --json -l warning -L app.api -n 3 f.log > out
	assert_eq "$(wc -l < out)" 3 "-l warning -L app.api -n 3: three records"
	assert_file_eq out want "-n 3 counts the records that pass, as journalctl -p err -n"
	line=$(sed -n 2000p t.tsv | cut -f1)
	s=$(time_at f.log "$line")
	"$TAILOR" -p --json --since "$s" -l error -n 2 f.log > out
	"$TAILOR" -p --json --since "$s" -l error f.log | tail -n 2 > want
	assert_file_eq out want "-n 2 with --since and -l error"
}

case_tui_goto_time() {
	need_tmux
	$LOGGEN --seed 45 --lines 4000 --style classic --truth t.tsv --out a.log ||
	    fail "loggen failed"
	$LOGGEN --seed 46 --lines 4000 --style classic --service worker --out b.log ||
	    fail "loggen failed"
	line=$(sed -n 2000p t.tsv | cut -f1)
	s=$(time_at a.log "$line")
	$REF a.log "$s" - > ref
	head -n 1 ref | sed 's/.* - //' | cut -c1-20 > first
	hms=$(printf '%s' "$s" | cut -c12-19)
	tui_start goto 200 40 a.log b.log
	tui_wait_text goto FOLLOW 5 || fail "tailor did not start"
	tui_keys goto T
	tui_wait_text goto "go to time:" 3 || fail "no T prompt"
	tui_keys goto "$s" Enter
	tui_wait_text goto "$(cat first)" 5 ||
	    fail "the first record at or after T is not on screen"
	tui_wait_text goto "at $hms" 3 || fail "paused title without the time"
	check "[ \"\$(tui_screen goto | grep -o PAUSED | wc -l)\" -ge 2 ]" \
	    "every pane moved and paused: $(tui_screen goto | grep PAUSED)"
	tui_keys goto T
	tui_keys goto "yesterday" Enter
	tui_wait_text goto "not a time" 3 || fail "a bad time is not refused in the prompt"
	tui_keys goto Escape
	tui_stop goto
}

case_tui_last_n_filtered() {
	need_tmux
	$LOGGEN --seed 47 --lines 3000 --style classic --out f.log || fail "loggen failed"
	"$TAILOR" -p --json -l error f.log | tail -n 1 | python3 -c '
import json, sys
print(json.loads(sys.stdin.read())["message"][:24])' > last
	tui_start lastn 200 30 -l error -n 3 --view raw f.log
	tui_wait_text lastn "$(cat last)" 5 ||
	    fail "-l error -n 3: the last ERROR record is not on screen"
	tui_stop lastn
}

run_case "-n after the filters" case_last_n_filtered
run_case "TUI: -n with a level filter shows the last records that pass" case_tui_last_n_filtered
run_case "T goes to a time in every pane" case_tui_goto_time
run_case "--since / --until on a classic log equal the reference" case_since_until_classic
run_case "--since on JSON lines" case_since_json
run_case "bad times: exit 2 with one line" case_bad_times
run_case "TUI starts at --since" case_tui_since
finish
