#!/bin/sh
# test_interact.sh: the interaction keys of issue 17 in tmux: X / L logger
# prompts (Tab completion), the logger tree's subtree totals, / search and
# S order, the search count, S save (file and | pipe, equal to --print with
# the same filters), y copy through OSC 52 into tmux's buffer, H highlight,
# a title that says in text which levels are off and how many loggers are
# hidden.
. "$E2E_DIR/lib.sh"

PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || PY=python3

mklog() {
	$LOGGEN --seed 17 --lines 4000 --style classic --out f.log || fail "loggen failed"
}

# Loggers of the records on screen (raw view: "DATE TIME - LOGGER - LEVEL - msg").
screen_loggers() {
	tui_screen "$1" | sed -n 's/^[ >]\{0,1\}[0-9-]* [0-9:,]* - \([^ ]*\) - [A-Z]* - .*/\1/p' | sort -u
}

case_logger_prompts() {
	mklog
	tui_start xl 140 30 --view raw f.log
	tui_wait_text xl "f.log" || fail "no pane"
	tui_keys xl X s q l a l Tab
	tui_wait_text xl "hide logger: sqlalchemy" || fail "Tab did not complete sqlalchemy"
	tui_keys xl Enter
	tui_wait_text xl "sqlalchemy hidden" || fail "X did not hide"
	check "! screen_loggers xl | grep -q '^sqlalchemy'" "sqlalchemy records still shown"
	tui_wait_text xl "1 hidden" || fail "the title does not say 1 hidden"
	tui_keys xl L a p p . a p i Enter
	tui_wait_text xl "only 1 logger" || fail "the title does not say only 1 logger"
	sleep 0.3
	_l=$(screen_loggers xl)
	[ -n "$_l" ] || fail "no records after L app.api"
	check "! printf '%s\n' \"\$_l\" | grep -v '^app\\.api'" \
	    "X sqlalchemy then L app.api leave only app.api records: $_l"
	tui_keys xl X n o . s u c h Enter
	tui_wait_text xl "no logger named no.such" || fail "an unknown logger is not refused"
	tui_keys xl Escape q
	tui_wait_exit xl > /dev/null || fail "no exit"
}

case_tree() {
	mklog
	# The truth: sqlalchemy's subtree, INFO records, from --print --json.
	_want=$("$TAILOR" -p --json f.log | $PY -c '
import json, sys
n = 0
for l in sys.stdin:
    d = json.loads(l)
    lg = d["logger"] or ""
    if (lg == "sqlalchemy" or lg.startswith("sqlalchemy.")) and d["level"] == "INFO":
        n += 1
print(n)')
	tui_start tr 160 40 --view raw f.log
	tui_wait_text tr "f.log" || fail "no pane"
	tui_keys tr t
	tui_wait_text tr "loggers: f.log" || fail "no tree"
	# Columns: name, dbg, info, warn, err, crit: the sqlalchemy row's info.
	_got=$(tui_screen tr | sed -n 's/.*[-+ ] sqlalchemy  *\([0-9.k]*\)  *\([0-9.k]*\) .*/\2/p' | head -1)
	assert_eq "$_got" "$_want" "sqlalchemy's row: its subtree's INFO records"
	# / finds a logger by substring; c on it proves the selection.
	tui_keys tr / c o n n e c t i o n p o o l Enter
	tui_keys tr c
	tui_wait_text tr "urllib3.connectionpool.* folded" || fail "/ did not select urllib3.connectionpool"
	tui_keys tr c
	tui_keys tr S
	tui_wait_text tr "loggers by volume" || fail "S did not sort by volume"
	tui_wait_text tr "f.log by vol" || fail "the tree's header does not say the order"
	tui_keys tr Escape q
	tui_wait_exit tr > /dev/null || fail "no exit"
}

case_search_count() {
	mklog
	_want=$("$TAILOR" -p --json -g KeyError f.log | wc -l | tr -d ' ')
	[ "$_want" -gt 1 ] || fail "the log has no KeyError records"
	tui_start sc 140 30 --view raw f.log
	tui_wait_text sc "f.log" || fail "no pane"
	tui_keys sc / K e y E r r o r Enter
	tui_wait_text sc "/KeyError: match $_want/$_want" ||
	    fail "the count is not $_want/$_want (following: the last match)"
	tui_keys sc N
	_k=$((_want - 1))
	tui_wait_text sc "/KeyError: match $_k/$_want" || fail "N did not step back to $_k"
	tui_keys sc q
	tui_wait_exit sc > /dev/null || fail "no exit"
}

case_save() {
	mklog
	"$TAILOR" -p -l info -g 'KeyError|timeout' f.log > want
	tui_start sv 140 30 --view raw f.log
	tui_wait_text sv "f.log" || fail "no pane"
	tui_keys sv 1 f K e y E r r o r '|' t i m e o u t Enter
	tui_keys sv S o u t . t x t Enter
	tui_wait_text sv "saved" || fail "S did not save"
	assert_file_eq out.txt want "S = --print with the same filters"
	# An existing file needs Enter twice.
	tui_keys sv S o u t . t x t Enter
	tui_wait_text sv "exists: Enter again" || fail "no confirmation asked"
	tui_keys sv Enter
	tui_wait_text sv "saved" || fail "the second Enter did not replace it"
	assert_file_eq out.txt want "replaced file"
	tui_keys sv S '|' ' ' c a t ' ' '>' ' ' p i p e d . t x t Enter
	wait_until "[ -s piped.txt ]" 5 || fail "| command got nothing"
	wait_file_eq piped.txt want 5 || { show_diff piped.txt want; fail "| cat > piped.txt"; }
	tui_keys sv S /nonexistent-dir/x Enter
	tui_wait_text sv "No such file or directory" || fail "no error for a bad path"
	tui_keys sv Escape q
	tui_wait_exit sv > /dev/null || fail "no exit"
	check "[ ! -e .tailor-save-* ] 2>/dev/null || ! ls .tailor-save-* >/dev/null 2>&1" "a temporary file was left behind"
}

case_copy() {
	# One-line records: the marked record (Enter's, y's) is the newest.
	$PY -c '
for i in range(200):
    print("2026-11-28 10:%02d:%02d,000 - app.copy - INFO - record number %d" % (i // 60, i % 60, i))
' > f.log
	tui_start cp 140 30 --view raw f.log
	e2e_tmux set -g set-clipboard on
	tui_wait_text cp "f.log" || fail "no pane"
	tui_keys cp y
	tui_wait_text cp "copied 1 record" || fail "y did not copy"
	_want=$("$TAILOR" -p -n 1 f.log)
	wait_until "[ \"\$(e2e_tmux show-buffer 2>/dev/null)\" = \"\$_want\" ]" 3 ||
	    fail "tmux's buffer is not the last record: $(e2e_tmux show-buffer 2>&1 | head -3)"
	# The cursor record has the gutter marker '>', in reverse video (SGR 7).
	check "tui_screen cp | grep '^>' | grep -q 'record number 199\$'" \
	    "the gutter marker is not on the newest record"
	check "[ \$(tui_screen cp | grep -c '^>') -eq 1 ]" "more than one marker"
	e2e_tmux capture-pane -p -e -t cp >sgr.txt
	check "$PY -c '
import re, sys
ok = any(re.match(r\"((\\x1b\\[[0-9;]*m)*)>\", l) and
    re.search(r\"\\[(?:[0-9]+;)*7[;m]\", re.match(r\"((\\x1b\\[[0-9;]*m)*)>\", l).group(1))
    for l in open(\"sgr.txt\", encoding=\"utf-8\"))
sys.exit(0 if ok else 1)'" "the marker is not in reverse video"
	# Paused at the top (g): the top record is the marked one.
	tui_keys cp g y
	wait_until "[ \"\$(e2e_tmux show-buffer 2>/dev/null)\" = \"\$(head -1 f.log)\" ]" 3 ||
	    fail "after g, y did not copy the top record: $(e2e_tmux show-buffer 2>&1 | head -2)"
	tui_keys cp q
	tui_wait_exit cp > /dev/null || fail "no exit"
}

# The record cursor: '>' in the gutter; on the newest record while
# following; k / j move it (the screen follows it), e / E / g put it on
# the record they go to; Enter folds it and y copies it.
marker_on() {
	tui_screen "$1" | grep '^>' | grep -q "$2"
}

case_cursor() {
	$PY -c '
for i in range(60):
    lv = "ERROR" if i in (10, 30, 50) else "INFO"
    print("2026-11-28 10:00:%02d,000 - app.cur - %s - record number %d" % (i, lv, i))
    if lv == "ERROR":
        print("Traceback (most recent call last):")
        print("  File \"x.py\", line %d, in f" % i)
        print("ValueError: bad %d" % i)
' > f.log
	tui_start cu 140 30 --view raw f.log
	e2e_tmux set -g set-clipboard on
	tui_wait_text cu "record number 59" || fail "no pane"
	marker_on cu 'record number 59$' || tui_fail cu "following: the cursor is not on the newest record"
	tui_keys cu k
	tui_wait_text cu "PAUSED" || fail "k: not paused"
	tui_until cu "k: the cursor on record 58" "marker_on cu 'record number 58\$'"
	tui_keys cu k k
	tui_until cu "k k: the cursor on record 56" "marker_on cu 'record number 56\$'"
	tui_wait_line cu 0 'at 10:00:56' || fail "the title does not give the cursor record's time"
	tui_keys cu y
	wait_until "[ \"\$(e2e_tmux show-buffer 2>/dev/null)\" = \"\$(grep 'number 56\$' f.log)\" ]" 3 ||
	    fail "y did not copy the cursor record: $(e2e_tmux show-buffer 2>&1 | head -2)"
	tui_keys cu E
	tui_until cu "E: the cursor on the error 50" "marker_on cu 'ERROR - record number 50\$'"
	tui_keys cu Enter
	tui_until cu "Enter: the cursor record folded" "marker_on cu 'number 50 \\[+3 lines\\]'"
	tui_hasnt cu 'bad 50'
	tui_has cu 'record number 51'
	tui_keys cu Enter
	tui_wait_text cu 'bad 50' || fail "Enter again: not unfolded"
	tui_keys cu E
	tui_until cu "E E: the error 30 at the top, under the cursor" \
	    "tui_line cu 1 | grep -q '^>.*ERROR - record number 30\$'"
	tui_keys cu e
	tui_until cu "e: the cursor on the error 50" "marker_on cu 'ERROR - record number 50\$'"
	tui_keys cu g
	tui_until cu "g: the cursor on the first record" "tui_line cu 1 | grep -q '^>.*record number 0\$'"
	tui_keys cu k
	sleep 0.2
	marker_on cu 'record number 0$' || tui_fail cu "k at the first record moved the cursor"
	tui_keys cu j j
	tui_until cu "j j: the cursor on record 2" "marker_on cu 'record number 2\$'"
	# 30 more records down (9 traceback lines on the way): past the
	# bottom of 28 text rows (row 29 is the status line), so the screen scrolls to keep it in view.
	i=0
	while [ $i -lt 30 ]; do
		tui_keys cu j
		i=$((i + 1))
	done
	tui_until cu "j x30: the cursor on record 32, on screen" "marker_on cu 'record number 32\$'"
	tui_line cu 28 | grep -q '^>.*record number 32$' ||
	    tui_fail cu "the screen did not scroll just enough: record 32 is not on the last row"
	tui_hasnt cu 'record number 2$'
	# A page down leaves the cursor above the screen: it stays on the top record.
	tui_keys cu g Space
	tui_until cu "Space: the cursor on the top row" "tui_line cu 1 | grep -q '^>'"
	[ "$(tui_screen cu | grep -c '^>')" -eq 1 ] || tui_fail cu "more than one marker"
	# G follows: the cursor is the newest record again; j onto it follows too.
	tui_keys cu G
	tui_until cu "G: the cursor on the newest record" "marker_on cu 'record number 59\$'"
	tui_keys cu k j
	tui_wait_line cu 0 'FOLLOW' || fail "j onto the newest record does not follow"
	tui_keys cu q
	tui_wait_exit cu > /dev/null || fail "no exit"
}

case_title_text() {
	mklog
	tui_start nc 140 30 --no-color f.log
	tui_wait_text nc "DIWEC" || fail "no level letters"
	tui_keys nc 1
	tui_wait_text nc " -IWEC " || fail "DEBUG off is not written as -"
	tui_keys nc 4
	tui_wait_text nc " -IW-C " || fail "ERROR off is not written as -"
	tui_keys nc H K e y E r r o r Enter
	tui_wait_text nc "highlight 1 of 8: KeyError" || fail "H did not add a highlight"
	tui_keys nc q
	tui_wait_exit nc > /dev/null || fail "no exit"
}

run_case "X / L prompts with Tab completion; title says hidden / only" case_logger_prompts
run_case "tree: subtree totals, / finds, S sorts" case_tree
run_case "search count k/N" case_search_count
run_case "S saves (= --print), confirms, pipes, reports errors" case_save
run_case "y copies the record through OSC 52" case_copy
run_case "the record cursor: k j e E g Enter y, the screen follows it" case_cursor
run_case "title levels in text (no colour), H" case_title_text
finish
