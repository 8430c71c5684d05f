#!/bin/sh
# test_tui.sh: the TUI end to end in tmux (issue 5): panes, live append,
# level toggles, filters, search, logger tree, merged pane, zoom, layouts,
# resize, fold, error jumps, quit.
#
#	sh tests/e2e/run.sh test_tui
#
# Every assertion polls the screen (tests/e2e/lib.sh's tui_* helpers); logs
# are made by bench/loggen.py plus marker records written here.

. "${E2E_DIR:-$(dirname "$0")}/lib.sh"

# Fixtures (in $E2E_TMP; each case copies the ones it uses) ---------------

# Three services; loggen's records are at 2026-01-01 00:00:0x, the
# markers below come later (classic_rec SECOND ...), so they are at the bottom.
$LOGGEN --lines 200 --style classic --service api --seed 1 >a.log
$LOGGEN --lines 200 --style classic --service worker --seed 2 >b.log
$LOGGEN --lines 200 --style classic --service db --seed 3 >c.log
classic_rec 1800 INFO app.end 'END-OF-A' >>a.log
classic_rec 1800 INFO app.end 'END-OF-B' >>b.log
classic_rec 1800 INFO app.end 'END-OF-C' >>c.log

# One record of each level at the end.
$LOGGEN --lines 100 --style classic --service api --seed 4 >levels.log
{
	classic_rec 1800 DEBUG app.marker 'MARK-DEBUG-ONLY'
	classic_rec 1801 INFO app.marker 'MARK-INFO-ONLY'
	classic_rec 1802 WARNING app.marker 'MARK-WARNING-ONLY'
	classic_rec 1803 ERROR app.marker 'MARK-ERROR-ONLY'
	classic_rec 1804 CRITICAL app.marker 'MARK-CRITICAL-ONLY'
} >>levels.log

# Three search hits far apart (more than a screen between them).
{
	i=0
	while [ $i -lt 240 ]; do
		case $i in
		60) classic_rec $i INFO app.search "found SEARCHME-1 here" ;;
		120) classic_rec $i WARNING app.search "found SEARCHME-2 here" ;;
		180) classic_rec $i INFO app.search "found SEARCHME-3 here" ;;
		*) classic_rec $i INFO app.filler "filler record $i" ;;
		esac
		i=$((i + 1))
	done
} >search.log

# Loggers: alpha.core, noisy.db.pool, zeta (tree rows sort by name).
{
	for i in 1 2 3; do
		classic_rec $((i * 3)) INFO alpha.core "MARK-ALPHA-$i"
		classic_rec $((i * 3 + 1)) DEBUG noisy.db.pool "MARK-NOISY-$i"
		classic_rec $((i * 3 + 2)) WARNING zeta "MARK-ZETA-$i"
	done
} >tree.log

# Merged: records of three files interleaved by time.
classic_rec 1 INFO m.one 'MERGE-ORDER-1' >m1.log
classic_rec 2 INFO m.two 'MERGE-ORDER-2' >m2.log
classic_rec 3 INFO m.three 'MERGE-ORDER-3' >m3.log
classic_rec 4 INFO m.one 'MERGE-ORDER-4' >>m1.log
classic_rec 5 INFO m.two 'MERGE-ORDER-5' >>m2.log
classic_rec 6 INFO m.three 'MERGE-ORDER-6' >>m3.log

# Two errors with tracebacks (5 continuation lines each).
tb() {
	printf 'Traceback (most recent call last):\n'
	printf '  File "/srv/app/app/jobs.py", line 12, in run\n'
	printf '    return job(payload)\n'
	printf '  File "/srv/app/app/pay.py", line 5, in charge\n'
	printf 'ValueError: TRACE-END-%s\n' "$1"
}
{
	classic_rec 1 INFO app.jobs 'MARK-START'
	classic_rec 2 ERROR app.jobs 'MARK-ERR-1 job failed'
	tb 1
	classic_rec 3 INFO app.jobs 'MARK-BETWEEN'
	classic_rec 4 ERROR app.jobs 'MARK-ERR-2 job failed'
	tb 2
	classic_rec 5 INFO app.jobs 'MARK-LAST'
} >fold.log

# Helpers ----------------------------------------------------------------

# line_of S TEXT: line number (0-based) of the first screen line holding a
# fixed string, or -1.
line_of() {
	tui_screen "$1" | awk -v s="$2" 'index($0, s) { print NR - 1; found = 1; exit }
	    END { if (!found) print -1 }'
}

# title_above S N: the title line at or above screen line N (a line
# starting " NAME ").
title_above() {
	tui_screen "$1" | awk -v n="$2" 'NR - 1 <= n && /^ [a-z0-9]+\.log / { t = $1 }
	    END { print t }'
}

# titles_are S N: N title lines " a.log ", " b.log ", " c.log " (rows).
titles_are() {
	[ "$(tui_screen "$1" | grep -c "^ [abc]\.log ")" -eq "$2" ]
}

# win_size S: the window's size, WxH.
win_size() {
	e2e_tmux display-message -p -t "$1" '#{window_width}x#{window_height}'
}

# Test cases -------------------------------------------------------------

# Three files, three panes side by side (80 columns each: the auto layout
# keeps columns), each showing its own last record.
case_three_panes() {
	fixtures a.log b.log c.log
	tui_start p3 240 40 a.log b.log c.log
	tui_wait_text p3 'END-OF-A' || fail "a.log not shown"
	tui_wait_text p3 'END-OF-B' || fail "b.log not shown"
	tui_wait_text p3 'END-OF-C' || fail "c.log not shown"
	tui_line_has p3 0 ' a.log' || tui_fail p3 "title of a.log not on the top line"
	tui_line_has p3 0 ' b.log' || tui_fail p3 "title of b.log not on the top line"
	tui_line_has p3 0 ' c.log' || tui_fail p3 "title of c.log not on the top line"
	tui_line_has p3 0 'FOLLOW' || tui_fail p3 "panes do not follow at start"
}

# A line appended to b.log shows up in b's pane, and only there.
case_append_one_pane() {
	fixtures a.log b.log c.log
	tui_start ap 160 40 a.log b.log c.log
	tui_wait_text ap 'END-OF-C' || fail "c.log not shown"
	# auto layout: three 53-column panes would be too narrow: rows
	tui_until ap "three title rows" "titles_are ap 3"
	classic_rec 1900 WARNING app.live 'APPENDED-TO-B' >>b.log
	tui_wait_text ap 'APPENDED-TO-B' || fail "the line appended to b.log not shown"
	[ "$(tui_count ap APPENDED-TO-B)" -eq 1 ] ||
	    tui_fail ap "the appended line shows more than once"
	l=$(line_of ap APPENDED-TO-B)
	[ "$(title_above ap "$l")" = b.log ] ||
	    tui_fail ap "appended line (screen line $l) is not in b.log's pane"
	classic_rec 1901 INFO app.live 'APPENDED-TO-C' >>c.log
	tui_wait_text ap 'APPENDED-TO-C' || fail "the line appended to c.log not shown"
	l=$(line_of ap APPENDED-TO-C)
	[ "$(title_above ap "$l")" = c.log ] ||
	    tui_fail ap "appended line (screen line $l) is not in c.log's pane"
	tui_has ap 'APPENDED-TO-B'
}

# Keys 1-5 hide and show DEBUG INFO WARNING ERROR CRITICAL.
case_level_toggles() {
	fixtures levels.log
	tui_start lv 160 40 levels.log
	tui_wait_text lv 'MARK-CRITICAL-ONLY' || fail "levels.log not shown"
	for pair in 1:DEBUG 2:INFO 3:WARNING 4:ERROR 5:CRITICAL; do
		key=${pair%%:*}
		lvl=${pair#*:}
		tui_keys lv "$key"
		tui_wait_gone lv "MARK-$lvl-ONLY" || fail "$key did not hide $lvl"
		for other in DEBUG INFO WARNING ERROR CRITICAL; do
			[ "$other" = "$lvl" ] && continue
			tui_has lv "MARK-$other-ONLY"
		done
		tui_keys lv "$key"
		tui_wait_text lv "MARK-$lvl-ONLY" || fail "$key did not show $lvl again"
	done
	# Two levels off at once, then back.
	tui_keys lv 1 3
	tui_wait_gone lv 'MARK-DEBUG-ONLY' || fail "1 3: DEBUG still shown"
	tui_wait_gone lv 'MARK-WARNING-ONLY' || fail "1 3: WARNING still shown"
	tui_has lv 'MARK-INFO-ONLY'
	tui_keys lv 1 3
	tui_wait_text lv 'MARK-DEBUG-ONLY' || fail "1 3 again: no DEBUG"
	tui_wait_text lv 'MARK-WARNING-ONLY' || fail "1 3 again: no WARNING"
}

# f adds an include regex, x an exclude one; a bad regex shows PCRE2's
# message in the prompt and keeps the old filter; c clears.
case_filters() {
	fixtures levels.log
	tui_start fl 160 40 levels.log
	tui_wait_text fl 'MARK-CRITICAL-ONLY' || fail "levels.log not shown"
	tui_keys fl f
	tui_wait_text fl 'filter in:' || fail "f: no prompt"
	tui_keys fl -l 'MARK-(INFO|ERROR)'
	tui_keys fl Enter
	tui_wait_gone fl 'MARK-WARNING-ONLY' || fail "the include filter kept WARNING"
	tui_wait_text fl '+/MARK-(INFO|ERROR)/' || fail "the filter is not shown"
	tui_has fl 'MARK-INFO-ONLY'
	tui_has fl 'MARK-ERROR-ONLY'
	tui_hasnt fl 'MARK-DEBUG-ONLY'
	tui_hasnt fl 'MARK-CRITICAL-ONLY'

	# A bad regex: PCRE2's message, the prompt stays, the filter too.
	tui_keys fl f
	tui_wait_text fl 'filter in:' || fail "f: no prompt"
	tui_keys fl -l '('
	tui_keys fl Enter
	tui_wait_text fl 'missing closing parenthesis' || fail "no PCRE2 message"
	tui_has fl 'filter in: ('
	tui_keys fl Escape
	tui_wait_gone fl 'filter in:' || fail "Escape left the prompt"
	tui_has fl '+/MARK-(INFO|ERROR)/'
	tui_has fl 'MARK-INFO-ONLY'
	tui_hasnt fl 'MARK-WARNING-ONLY'

	tui_keys fl x
	tui_wait_text fl 'filter out:' || fail "x: no prompt"
	tui_keys fl -l 'ERROR'
	tui_keys fl Enter
	tui_wait_gone fl 'MARK-ERROR-ONLY' || fail "the exclude filter kept ERROR"
	tui_wait_text fl '-/ERROR/' || fail "the exclude filter is not shown"
	tui_has fl 'MARK-INFO-ONLY'

	tui_keys fl c
	for lvl in WARNING CRITICAL DEBUG ERROR; do
		tui_wait_text fl "MARK-$lvl-ONLY" || fail "c: $lvl not back"
	done
	tui_wait_gone fl '+/MARK' || fail "c: the include filter is still shown"
	tui_hasnt fl '-/ERROR/'
}

# / searches (the match highlighted), n and N move between matches.
case_search() {
	fixtures search.log
	tui_start se 160 40 search.log
	tui_wait_text se 'filler record 239' || fail "search.log not shown"
	tui_keys se g
	tui_wait_line se 1 'filler record 0' || fail "g: not at the top"
	tui_keys se /
	tui_wait_line se 39 '/' || fail "/: no prompt"
	tui_keys se -l 'SEARCHME'
	tui_keys se Enter
	tui_wait_line se 1 'SEARCHME-1' || fail "search: not at the first match"
	# The match is drawn with its own attributes: an SGR sequence right
	# before and right after it.
	esc=$(printf '\033')
	tui_screen se -e | sed -n 2p | grep -Eq "$esc\[[0-9;]*mSEARCHME($esc\[[0-9;]*m)+-1" ||
	    tui_fail se "SEARCHME is not highlighted: $(tui_screen se -e | sed -n 2p | od -c | head -5)"
	tui_keys se n
	tui_wait_line se 1 'SEARCHME-2' || fail "n: not at the second match"
	tui_keys se n
	tui_wait_line se 1 'SEARCHME-3' || fail "n: not at the third match"
	tui_keys se n
	tui_wait_text se 'no more matches below' || fail "n at the last match: no message"
	tui_keys se N
	tui_wait_line se 1 'SEARCHME-2' || fail "N: not at the second match"
	tui_keys se N
	tui_wait_line se 1 'SEARCHME-1' || fail "N: not at the first match"
	tui_line_has se 0 'PAUSED' || tui_fail se "a search jump does not pause the pane"
	tui_keys se G
	tui_wait_line se 0 'FOLLOW' || fail "G does not follow"
	tui_wait_text se 'filler record 239' || fail "G: not at the end"
}

# The logger tree: Space hides a subtree, o shows only it, a shows all.
case_logger_tree() {
	fixtures tree.log
	tui_start tr 160 40 tree.log
	tui_wait_text tr 'MARK-ZETA-3' || fail "tree.log not shown"
	tui_keys tr t
	tui_wait_text tr 'loggers: tree.log' || fail "t: no tree"
	tui_wait_text tr 'noisy' || fail "t: no noisy row"
	# Rows: alpha, core, noisy, db, pool, zeta.
	tui_keys tr Home Down Down
	tui_keys tr Space
	tui_wait_text tr '(hidden)' || fail "Space: not hidden"
	tui_wait_gone tr 'MARK-NOISY-3' || fail "Space: noisy still shown"
	tui_hasnt tr 'MARK-NOISY-1'
	tui_has tr 'MARK-ALPHA-3'
	tui_has tr 'MARK-ZETA-3'
	tui_keys tr Space
	tui_wait_text tr 'MARK-NOISY-3' || fail "Space again: noisy not back"
	tui_wait_gone tr '(hidden)' || fail "Space again: still (hidden)"
	tui_keys tr o
	tui_wait_text tr '(only)' || fail "o: not (only)"
	tui_wait_gone tr 'MARK-ALPHA-3' || fail "o: alpha still shown"
	tui_wait_gone tr 'MARK-ZETA-3' || fail "o: zeta still shown"
	tui_has tr 'MARK-NOISY-3'
	tui_keys tr a
	tui_wait_text tr 'MARK-ALPHA-3' || fail "a: alpha not back"
	tui_wait_text tr 'MARK-ZETA-3' || fail "a: zeta not back"
	tui_wait_gone tr '(only)' || fail "a: still (only)"
	tui_has tr 'MARK-NOISY-3'
	tui_keys tr Escape
	tui_wait_gone tr 'loggers: tree.log' || fail "Escape: the tree stays"
}

# m: a merged pane with every source's records in time order, each marked.
case_merged() {
	fixtures m1.log m2.log m3.log
	tui_start mg 160 40 m1.log m2.log m3.log
	tui_wait_text mg ' m3.log ' || fail "m3.log not shown"
	tui_wait_text mg '00:00:06.000' || fail "compact view: no time of day"
	tui_keys mg m
	tui_wait_text mg ' merged ' || fail "m: no merged pane"
	tui_keys mg z
	tui_wait_gone mg ' m1.log ' || fail "z: m1.log still shown"
	prev=-1
	for i in 1 2 3 4 5 6; do
		tui_wait_text mg "MERGE-ORDER-$i" || fail "MERGE-ORDER-$i not shown"
		l=$(line_of mg "MERGE-ORDER-$i")
		[ "$l" -gt "$prev" ] ||
		    tui_fail mg "MERGE-ORDER-$i (line $l) is not below the previous one (line $prev)"
		prev=$l
		src=$(( (i - 1) % 3 + 1 ))
		tui_line mg "$l" | grep -q "^[ >]m$src " ||
		    tui_fail mg "MERGE-ORDER-$i is not tagged m$src: $(tui_line mg "$l")"
	done
	tui_keys mg m		# off: the zoom on it ends, the source panes come back
	tui_wait_gone mg ' merged ' || fail "m again: the merged pane stays"
	tui_wait_text mg ' m1.log ' || fail "m again: m1.log not back"
	tui_wait_text mg ' m3.log ' || fail "m again: m3.log not back"
}

# z zooms the focused pane; s cycles auto, columns, rows, grid; Tab moves focus.
case_zoom_layout() {
	fixtures a.log b.log c.log
	tui_start zl 240 40 a.log b.log c.log
	tui_wait_text zl 'END-OF-C' || fail "c.log not shown"
	tui_keys zl Tab		# focus b
	tui_keys zl z
	tui_wait_gone zl ' a.log ' || fail "z: a.log still shown"
	tui_line_has zl 0 ' b.log ' || tui_fail zl "zoom does not show the focused pane (b.log)"
	tui_hasnt zl ' c.log '
	tui_keys zl z
	tui_wait_text zl ' a.log ' || fail "z again: a.log not back"
	tui_line_has zl 0 ' c.log ' || tui_fail zl "unzoom: c.log not back on the top line"
	tui_keys zl s
	tui_wait_text zl 'layout: columns' || fail "s: not columns"
	tui_line_has zl 0 ' c.log ' || tui_fail zl "columns: c.log not on the top line"
	tui_keys zl s
	tui_wait_text zl 'layout: rows' || fail "s: not rows"
	tui_until zl "rows: a, b, c titles on three lines" "titles_are zl 3"
	tui_keys zl s
	tui_wait_text zl 'layout: grid' || fail "s: not grid"
	tui_until zl "grid: a and b on the top line, c below" \
	    'tui_screen zl | head -1 | grep -q " a\.log .* b\.log " &&
	     tui_screen zl | grep -q "^ c\.log "'
	tui_keys zl s
	tui_wait_text zl 'layout: auto' || fail "s: not auto"
	tui_wait_line zl 0 ' c.log ' || fail "auto: c.log not on the top line"
	tui_line_has zl 0 ' a.log ' || tui_fail zl "auto at 240 columns: a.log not on the top line"
	tui_resize zl 160 40	# 53-column panes: auto goes to rows
	tui_until zl "auto at 160 columns: three title rows" "titles_are zl 3"
}

# Resizing to 20x5, 1x1 and odd sizes never kills tailor; back to full size
# it draws everything again and answers keys.
case_resize() {
	fixtures a.log b.log c.log
	tui_start rs 240 40 a.log b.log c.log
	tui_wait_text rs 'END-OF-C' || fail "c.log not shown"
	for size in 20x5 1x1 2x2 9x3 40x2 80x1 3x30 20x5; do
		tui_resize rs "${size%x*}" "${size#*x}"
		tui_until rs "window at $size" "[ \"\$(win_size rs)\" = $size ]"
		tui_alive rs || tui_fail rs "tailor died at $size"
	done
	# The folded marker, the tree panel and the prompt at a tiny size.
	tui_keys rs t
	tui_keys rs Escape
	tui_keys rs /
	tui_keys rs -l 'x'
	tui_keys rs Escape
	tui_resize rs 1 1
	tui_keys rs Enter j k G
	tui_alive rs || tui_fail rs "tailor died on keys at 1x1"
	tui_resize rs 240 40
	tui_wait_text rs 'END-OF-A' || fail "back at 240x40: a.log not shown"
	tui_wait_text rs 'END-OF-C' || fail "back at 240x40: c.log not shown"
	tui_wait_line rs 0 ' c.log ' || fail "back at 240x40: c.log not on the top line"
	tui_answers rs
}

# Enter folds a record's traceback to one line with a [+N lines] marker;
# e / E jump between errors.
case_fold_and_errors() {
	fixtures fold.log
	tui_start fo 160 40 fold.log
	tui_wait_text fo 'MARK-LAST' || fail "fold.log not shown"
	tui_keys fo g
	tui_wait_line fo 1 'MARK-START' || fail "g: not at the top"
	tui_keys fo e
	tui_wait_line fo 1 'MARK-ERR-1' || fail "e: not at the first error"
	tui_keys fo Enter
	tui_wait_text fo '[+5 lines]' || fail "Enter: no fold marker"
	tui_line_has fo 1 '[+5 lines]' || tui_fail fo "the marker is not on the folded record's line"
	tui_wait_gone fo 'TRACE-END-1' || fail "Enter: the traceback stays"
	tui_line_has fo 2 'MARK-BETWEEN' ||
	    tui_fail fo "the record after the folded one is not right below it"
	tui_has fo 'TRACE-END-2'
	tui_keys fo Enter
	tui_wait_text fo 'TRACE-END-1' || fail "Enter again: the traceback not back"
	tui_wait_gone fo '[+5 lines]' || fail "Enter again: the marker stays"
	tui_keys fo e
	tui_wait_line fo 1 'MARK-ERR-2' || fail "e: not at the second error"
	tui_keys fo e
	tui_wait_text fo 'no error or worse below' || fail "e at the last error: no message"
	tui_keys fo E
	tui_wait_line fo 1 'MARK-ERR-1' || fail "E: not at the first error"
	# Following: the cursor is the newest record (one line: nothing to
	# fold); E moves it to the last error, whose traceback Enter folds.
	tui_keys fo G
	tui_wait_line fo 0 'FOLLOW' || fail "G does not follow"
	tui_keys fo Enter
	tui_wait_text fo 'nothing to fold' || fail "Enter on a one-line newest record: no message"
	tui_has fo 'TRACE-END-2'
	tui_keys fo E
	tui_wait_line fo 1 'MARK-ERR-2' || fail "E while following: not at the last error"
	tui_keys fo Enter
	tui_wait_text fo '[+5 lines]' || fail "Enter after E: no fold marker"
	tui_wait_gone fo 'TRACE-END-2' || fail "Enter after E: the traceback stays"
	tui_has fo 'MARK-LAST'
}

# Scrolling up pauses and counts new records; G resumes.
case_pause_count() {
	fixtures a.log
	tui_start pc 160 40 a.log
	tui_wait_text pc 'END-OF-A' || fail "a.log not shown"
	tui_keys pc k
	tui_wait_text pc 'PAUSED +0' || fail "k: not PAUSED +0"
	classic_rec 1901 INFO app.live 'WHILE-PAUSED-1' >>a.log
	classic_rec 1902 INFO app.live 'WHILE-PAUSED-2' >>a.log
	tui_wait_text pc 'PAUSED +2' || fail "two appended records not counted"
	tui_hasnt pc 'WHILE-PAUSED-2'
	tui_keys pc G
	tui_wait_text pc 'WHILE-PAUSED-2' || fail "G: the new records not shown"
	tui_wait_line pc 0 'FOLLOW' || fail "G does not follow"
}

# Mouse: a click focuses a pane, the wheel scrolls it (SGR mouse input).
case_mouse() {
	fixtures a.log b.log c.log
	tui_start mo 240 40 a.log b.log c.log
	tui_wait_text mo 'END-OF-C' || fail "c.log not shown"
	# Click in the third pane (x=200, y=10; 1-based), then open its tree.
	tui_keys mo -l "$(printf '\033[<0;200;10M\033[<0;200;10m')"
	tui_keys mo t
	tui_wait_text mo 'loggers: c.log' || fail "the click did not focus c.log"
	tui_keys mo Escape
	tui_wait_gone mo 'loggers:' || fail "Escape: the tree stays"
	tui_keys mo -l "$(printf '\033[<0;10;10M\033[<0;10;10m')"
	# The wheel up pauses the pane under the pointer, down resumes it
	# (the title's "PAUSED +N").
	tui_keys mo -l "$(printf '\033[<64;10;10M')"
	tui_wait_text mo 'PAUSED +' || fail "wheel up did not pause"
	tui_keys mo -l "$(printf '\033[<65;10;10M\033[<65;10;10M\033[<65;10;10M')"
	tui_wait_gone mo 'PAUSED +' || fail "wheel down did not resume"
	tui_keys mo t
	tui_wait_text mo 'loggers: a.log' || fail "the click did not focus a.log"
	tui_keys mo Escape
	tui_wait_gone mo 'loggers:' || fail "Escape: the tree stays"
	# A click in the focused pane puts the cursor on the record there.
	_l=$(tui_line mo 5)
	tui_keys mo -l "$(printf '\033[<0;10;6M\033[<0;10;6m')"
	tui_wait_text mo 'PAUSED +' || fail "a click on a record did not pause"
	tui_until mo "the clicked record has the cursor" "tui_line mo 5 | grep -q '^>'"
	[ "$(tui_line mo 5 | cut -c2-)" = "$(printf '%s' "$_l" | cut -c2-)" ] ||
	    tui_fail mo "the click moved the screen"
}

# The help on a terminal too short for it: the moving keys scroll it (the
# wheel too), any other key closes it; where it fits, any key closes it.
case_help_scroll() {
	fixtures a.log
	tui_start hs 80 24 a.log
	tui_wait_text hs 'END-OF-A' || fail "a.log not shown"
	tui_keys hs '?'
	tui_wait_text hs 'j k PgUp PgDn scroll' || fail "no scroll hint on 80x24"
	check "tui_screen hs | grep -q '^ Panes'" "the help does not start at the top"
	check "! tui_screen hs | grep -q 'C-a C-e C-u'" "the last line fits on 80x24?"
	tui_keys hs End
	tui_wait_text hs 'C-a C-e C-u C-k C-w' || fail "End did not show the last line"
	check "! tui_screen hs | grep -q '^ Panes'" "End: the first line still shown"
	tui_keys hs g
	wait_until "tui_screen hs | grep -q '^ Panes'" || fail "g: back to the top"
	tui_keys hs j j j
	wait_until "tui_screen hs | grep -q '^   Tab S-Tab'" ||
	    fail "j j j: not three lines down"
	tui_keys hs -l "$(printf '\033[<65;10;10M')"
	wait_until "tui_screen hs | grep -q '^   s          layout'" ||
	    fail "the wheel did not scroll three lines"
	tui_keys hs x
	tui_wait_gone hs 'tailor keys' || fail "x did not close the help"
	tui_resize hs 200 60
	tui_keys hs '?'
	tui_wait_text hs 'tailor keys (any key closes)' || fail "200x60: no help"
	check "tui_screen hs | grep -q '^ Panes'" "200x60: the help not at its top"
	tui_keys hs j
	tui_wait_gone hs 'tailor keys' || fail "200x60: j did not close the help"
}

# q quits, the terminal is restored (the shell and its screen are back,
# the tty is in cooked mode) and the process is gone.
case_quit() {
	fixtures a.log b.log
	TUI_PRE='echo BEFORE-TAILOR-RUN;' tui_shell qu 160 40 a.log b.log
	tui_wait_text qu 'END-OF-B' || fail "b.log not shown"
	tui_hasnt qu 'BEFORE-TAILOR-RUN'
	tui_keys qu q
	tui_wait_text qu 'TAILOR-EXIT=0' || fail "no exit status 0 after q"
	tui_wait_text qu 'e2e-shell$' || fail "no shell prompt after q"
	tui_has qu 'BEFORE-TAILOR-RUN'
	tui_hasnt qu 'END-OF-B'
	tui_alive qu && tui_fail qu "tailor still running after q"
	# Count "-icanon" and "-echo" in stty's settings: 0 when cooked.
	tui_type qu 'echo TTY-$(stty -a | tr " " "\n" | grep -c -e "^-icanon$" -e "^-echo$")-RAW'
	tui_wait_text qu 'TTY-0-RAW' || fail "the tty is not back in cooked mode"
}

run_case "three files, three panes side by side" case_three_panes
run_case "a line appended to b.log shows in b's pane only" case_append_one_pane
run_case "1-5 hide and show each level" case_level_toggles
run_case "f / x filters, a bad regex, c clears" case_filters
run_case "/ search highlighted, n and N" case_search
run_case "logger tree: Space hides, o only, a all" case_logger_tree
run_case "m: merged pane in time order, tagged" case_merged
run_case "z zoom, s layouts, Tab focus" case_zoom_layout
run_case "resizing to tiny sizes never kills tailor" case_resize
run_case "Enter folds a traceback, e / E jump between errors" case_fold_and_errors
run_case "scrolling up pauses and counts new records; G resumes" case_pause_count
run_case "mouse: click focuses (again: the cursor), wheel scrolls" case_mouse
run_case "help: scrolls when it does not fit, any other key closes" case_help_scroll
run_case "q quits and restores the terminal" case_quit
finish
