#!/bin/sh
# test_tui.sh: the TUI end to end in tmux (issue 5): panes, live append,
# level toggles, filters, search, logger tree, merged pane, zoom, layouts,
# resize, fold, error jumps, quit.
#
#   sh tests/e2e/test_tui.sh          (TAILOR=path/to/tailor; default ./tailor)
#
# Every assertion polls the screen (tests/fixtures/tui/tmux.sh); logs are
# made by bench/loggen.py plus marker records written here.

. "$(dirname "$0")/../fixtures/tui/tmux.sh"
tt_require tmux python3

# Fixtures -------------------------------------------------------------

cd "$TT_DIR" || exit 1
# Three services; loggen's records are at 2026-01-01 00:00:0x, the
# markers below come later (tt_rec SECOND ...), so they are at the bottom.
tt_gen --lines 200 --style classic --service api --seed 1 >a.log
tt_gen --lines 200 --style classic --service worker --seed 2 >b.log
tt_gen --lines 200 --style classic --service db --seed 3 >c.log
tt_rec 1800 INFO app.end 'END-OF-A' >>a.log
tt_rec 1800 INFO app.end 'END-OF-B' >>b.log
tt_rec 1800 INFO app.end 'END-OF-C' >>c.log

# One record of each level at the end.
tt_gen --lines 100 --style classic --service api --seed 4 >levels.log
{
	tt_rec 1800 DEBUG app.marker 'MARK-DEBUG-ONLY'
	tt_rec 1801 INFO app.marker 'MARK-INFO-ONLY'
	tt_rec 1802 WARNING app.marker 'MARK-WARNING-ONLY'
	tt_rec 1803 ERROR app.marker 'MARK-ERROR-ONLY'
	tt_rec 1804 CRITICAL app.marker 'MARK-CRITICAL-ONLY'
} >>levels.log

# Three search hits far apart (more than a screen between them).
{
	i=0
	while [ $i -lt 240 ]; do
		case $i in
		60) tt_rec $i INFO app.search "found SEARCHME-1 here" ;;
		120) tt_rec $i WARNING app.search "found SEARCHME-2 here" ;;
		180) tt_rec $i INFO app.search "found SEARCHME-3 here" ;;
		*) tt_rec $i INFO app.filler "filler record $i" ;;
		esac
		i=$((i + 1))
	done
} >search.log

# Loggers: alpha.core, noisy.db.pool, zeta (tree rows sort by name).
{
	for i in 1 2 3; do
		tt_rec $((i * 3)) INFO alpha.core "MARK-ALPHA-$i"
		tt_rec $((i * 3 + 1)) DEBUG noisy.db.pool "MARK-NOISY-$i"
		tt_rec $((i * 3 + 2)) WARNING zeta "MARK-ZETA-$i"
	done
} >tree.log

# Merged: records of three files interleaved by time.
tt_rec 1 INFO m.one 'MERGE-ORDER-1' >m1.log
tt_rec 2 INFO m.two 'MERGE-ORDER-2' >m2.log
tt_rec 3 INFO m.three 'MERGE-ORDER-3' >m3.log
tt_rec 4 INFO m.one 'MERGE-ORDER-4' >>m1.log
tt_rec 5 INFO m.two 'MERGE-ORDER-5' >>m2.log
tt_rec 6 INFO m.three 'MERGE-ORDER-6' >>m3.log

# Two errors with tracebacks (5 continuation lines each).
tb() {
	printf 'Traceback (most recent call last):\n'
	printf '  File "/srv/app/app/jobs.py", line 12, in run\n'
	printf '    return job(payload)\n'
	printf '  File "/srv/app/app/pay.py", line 5, in charge\n'
	printf 'ValueError: TRACE-END-%s\n' "$1"
}
{
	tt_rec 1 INFO app.jobs 'MARK-START'
	tt_rec 2 ERROR app.jobs 'MARK-ERR-1 job failed'
	tb 1
	tt_rec 3 INFO app.jobs 'MARK-BETWEEN'
	tt_rec 4 ERROR app.jobs 'MARK-ERR-2 job failed'
	tb 2
	tt_rec 5 INFO app.jobs 'MARK-LAST'
} >fold.log

# Helpers ----------------------------------------------------------------

# Line number (0-based) of the first screen line holding a fixed string, or -1.
line_of() {
	tt_screen | awk -v s="$1" 'index($0, s) { print NR - 1; found = 1; exit }
	    END { if (!found) print -1 }'
}

# The title line at or above screen line N (a line starting " NAME ").
title_above() {
	tt_screen | awk -v n="$1" 'NR - 1 <= n && /^ [a-z0-9]+\.log / { t = $1 }
	    END { print t }'
}

# How many screen lines hold a fixed string.
count_of() {
	tt_screen | grep -cF -- "$1"
}

# Test cases -------------------------------------------------------------

# Three files, three panes side by side (80 columns each: the auto layout
# keeps columns), each showing its own last record.
test_three_panes() {
	tt_start 240 40 a.log b.log c.log
	tt_wait 'END-OF-A'
	tt_wait 'END-OF-B'
	tt_wait 'END-OF-C'
	tt_line_has 0 ' a.log' || tt_fail "title of a.log not on the top line"
	tt_line_has 0 ' b.log' || tt_fail "title of b.log not on the top line"
	tt_line_has 0 ' c.log' || tt_fail "title of c.log not on the top line"
	tt_line_has 0 'FOLLOW' || tt_fail "panes do not follow at start"
}

# A line appended to b.log shows up in b's pane, and only there.
test_append_one_pane() {
	tt_start 160 40 a.log b.log c.log
	tt_wait 'END-OF-C'
	# auto layout: three 53-column panes would be too narrow: rows
	tt_until "three title rows" sh -c '[ "$(tmux -L "$TT_SOCK" capture-pane -p |
	    grep -c "^ [abc]\.log ")" -eq 3 ]'
	tt_rec 1900 WARNING app.live 'APPENDED-TO-B' >>b.log
	tt_wait 'APPENDED-TO-B'
	[ "$(count_of APPENDED-TO-B)" -eq 1 ] ||
	    tt_fail "the appended line shows more than once"
	l=$(line_of APPENDED-TO-B)
	[ "$(title_above "$l")" = b.log ] ||
	    tt_fail "appended line (screen line $l) is not in b.log's pane"
	tt_rec 1901 INFO app.live 'APPENDED-TO-C' >>c.log
	tt_wait 'APPENDED-TO-C'
	l=$(line_of APPENDED-TO-C)
	[ "$(title_above "$l")" = c.log ] ||
	    tt_fail "appended line (screen line $l) is not in c.log's pane"
	tt_assert_has 'APPENDED-TO-B'
}

# Keys 1-5 hide and show DEBUG INFO WARNING ERROR CRITICAL.
test_level_toggles() {
	tt_start 160 40 levels.log
	tt_wait 'MARK-CRITICAL-ONLY'
	for pair in 1:DEBUG 2:INFO 3:WARNING 4:ERROR 5:CRITICAL; do
		key=${pair%%:*}
		lvl=${pair#*:}
		tt_keys "$key"
		tt_wait_gone "MARK-$lvl-ONLY"
		for other in DEBUG INFO WARNING ERROR CRITICAL; do
			[ "$other" = "$lvl" ] && continue
			tt_assert_has "MARK-$other-ONLY"
		done
		tt_keys "$key"
		tt_wait "MARK-$lvl-ONLY"
	done
	# Two levels off at once, then back.
	tt_keys 1 3
	tt_wait_gone 'MARK-DEBUG-ONLY'
	tt_wait_gone 'MARK-WARNING-ONLY'
	tt_assert_has 'MARK-INFO-ONLY'
	tt_keys 1 3
	tt_wait 'MARK-DEBUG-ONLY'
	tt_wait 'MARK-WARNING-ONLY'
}

# f adds an include regex, x an exclude one; a bad regex shows PCRE2's
# message in the prompt and keeps the old filter; c clears.
test_filters() {
	tt_start 160 40 levels.log
	tt_wait 'MARK-CRITICAL-ONLY'
	tt_keys f
	tt_wait 'filter in:'
	tt_lit 'MARK-(INFO|ERROR)'
	tt_keys Enter
	tt_wait_gone 'MARK-WARNING-ONLY'
	tt_wait '+/MARK-(INFO|ERROR)/'
	tt_assert_has 'MARK-INFO-ONLY'
	tt_assert_has 'MARK-ERROR-ONLY'
	tt_assert_hasnt 'MARK-DEBUG-ONLY'
	tt_assert_hasnt 'MARK-CRITICAL-ONLY'

	# A bad regex: PCRE2's message, the prompt stays, the filter too.
	tt_keys f
	tt_wait 'filter in:'
	tt_lit '('
	tt_keys Enter
	tt_wait 'missing closing parenthesis'
	tt_assert_has 'filter in: ('
	tt_keys Escape
	tt_wait_gone 'filter in:'
	tt_assert_has '+/MARK-(INFO|ERROR)/'
	tt_assert_has 'MARK-INFO-ONLY'
	tt_assert_hasnt 'MARK-WARNING-ONLY'

	tt_keys x
	tt_wait 'filter out:'
	tt_lit 'ERROR'
	tt_keys Enter
	tt_wait_gone 'MARK-ERROR-ONLY'
	tt_wait '-/ERROR/'
	tt_assert_has 'MARK-INFO-ONLY'

	tt_keys c
	tt_wait 'MARK-WARNING-ONLY'
	tt_wait 'MARK-CRITICAL-ONLY'
	tt_wait 'MARK-DEBUG-ONLY'
	tt_wait 'MARK-ERROR-ONLY'
	tt_wait_gone '+/MARK'
	tt_assert_hasnt '-/ERROR/'
}

# / searches (the match highlighted), n and N move between matches.
test_search() {
	tt_start 160 40 search.log
	tt_wait 'filler record 239'
	tt_keys g
	tt_wait_line 1 'filler record 0'
	tt_keys /
	tt_wait_line 39 '/'
	tt_lit 'SEARCHME'
	tt_keys Enter
	tt_wait_line 1 'SEARCHME-1'
	# The match is drawn with its own attributes: an SGR sequence right
	# before and right after it.
	esc=$(printf '\033')
	tt_screen -e | sed -n 2p | grep -Eq "$esc\[[0-9;]*mSEARCHME($esc\[[0-9;]*m)+-1" ||
	    tt_fail "SEARCHME is not highlighted: $(tt_screen -e | sed -n 2p | od -c | head -5)"
	tt_keys n
	tt_wait_line 1 'SEARCHME-2'
	tt_keys n
	tt_wait_line 1 'SEARCHME-3'
	tt_keys n
	tt_wait 'no more matches below'
	tt_keys N
	tt_wait_line 1 'SEARCHME-2'
	tt_keys N
	tt_wait_line 1 'SEARCHME-1'
	tt_line_has 0 'PAUSED' || tt_fail "a search jump does not pause the pane"
	tt_keys G
	tt_wait_line 0 'FOLLOW'
	tt_wait 'filler record 239'
}

# The logger tree: Space hides a subtree, o shows only it, a shows all.
test_logger_tree() {
	tt_start 160 40 tree.log
	tt_wait 'MARK-ZETA-3'
	tt_keys t
	tt_wait 'loggers: tree.log'
	tt_wait 'noisy'
	# Rows: alpha, core, noisy, db, pool, zeta.
	tt_keys Home Down Down
	tt_keys Space
	tt_wait '(hidden)'
	tt_wait_gone 'MARK-NOISY-3'
	tt_assert_hasnt 'MARK-NOISY-1'
	tt_assert_has 'MARK-ALPHA-3'
	tt_assert_has 'MARK-ZETA-3'
	tt_keys Space
	tt_wait 'MARK-NOISY-3'
	tt_wait_gone '(hidden)'
	tt_keys o
	tt_wait '(only)'
	tt_wait_gone 'MARK-ALPHA-3'
	tt_wait_gone 'MARK-ZETA-3'
	tt_assert_has 'MARK-NOISY-3'
	tt_keys a
	tt_wait 'MARK-ALPHA-3'
	tt_wait 'MARK-ZETA-3'
	tt_wait_gone '(only)'
	tt_assert_has 'MARK-NOISY-3'
	tt_keys Escape
	tt_wait_gone 'loggers: tree.log'
}

# m: a merged pane with every source's records in time order, each marked.
test_merged() {
	tt_start 160 40 m1.log m2.log m3.log
	tt_wait ' m3.log '
	tt_wait '00:00:06.000'		# compact view: time of day
	tt_keys m
	tt_wait ' merged '
	tt_keys z
	tt_wait_gone ' m1.log '
	prev=-1
	for i in 1 2 3 4 5 6; do
		tt_wait "MERGE-ORDER-$i"
		l=$(line_of "MERGE-ORDER-$i")
		[ "$l" -gt "$prev" ] || tt_fail "MERGE-ORDER-$i (line $l) is not below the previous one (line $prev)"
		prev=$l
		src=$(( (i - 1) % 3 + 1 ))
		tt_line "$l" | grep -q "^m$src " ||
		    tt_fail "MERGE-ORDER-$i is not tagged m$src: $(tt_line "$l")"
	done
	tt_keys m		# off: the zoom on it ends, the source panes come back
	tt_wait_gone ' merged '
	tt_wait ' m1.log '
	tt_wait ' m3.log '
}

# z zooms the focused pane; s cycles auto, columns, rows, grid; Tab moves focus.
test_zoom_layout() {
	tt_start 240 40 a.log b.log c.log
	tt_wait 'END-OF-C'
	tt_keys Tab		# focus b
	tt_keys z
	tt_wait_gone ' a.log '
	tt_line_has 0 ' b.log ' || tt_fail "zoom does not show the focused pane (b.log)"
	tt_assert_hasnt ' c.log '
	tt_keys z
	tt_wait ' a.log '
	tt_line_has 0 ' c.log ' || tt_fail "unzoom: c.log not back on the top line"
	tt_keys s
	tt_wait 'layout: columns'
	tt_line_has 0 ' c.log ' || tt_fail "columns: c.log not on the top line"
	tt_keys s
	tt_wait 'layout: rows'
	tt_until "rows: a, b, c titles on three lines" sh -c '
	    s=$(tmux -L "$TT_SOCK" capture-pane -p)
	    [ "$(echo "$s" | grep -c "^ [abc]\.log ")" -eq 3 ]'
	tt_keys s
	tt_wait 'layout: grid'
	tt_until "grid: a and b on the top line, c below" sh -c '
	    s=$(tmux -L "$TT_SOCK" capture-pane -p)
	    echo "$s" | head -1 | grep -q " a\.log .* b\.log " &&
	    echo "$s" | grep -q "^ c\.log "'
	tt_keys s
	tt_wait 'layout: auto'
	tt_wait_line 0 ' c.log '
	tt_line_has 0 ' a.log ' || tt_fail "auto at 240 columns: a.log not on the top line"
	tt resize-window -x 160 -y 40	# 53-column panes: auto goes to rows
	tt_until "auto at 160 columns: three title rows" sh -c '
	    s=$(tmux -L "$TT_SOCK" capture-pane -p)
	    [ "$(echo "$s" | grep -c "^ [abc]\.log ")" -eq 3 ]'
}

# Resizing to 20x5, 1x1 and odd sizes never kills tailor; back to full size
# it draws everything again and answers keys.
test_resize() {
	tt_start 240 40 a.log b.log c.log
	tt_wait 'END-OF-C'
	for size in 20x5 1x1 2x2 9x3 40x2 80x1 3x30 20x5; do
		tt resize-window -x "${size%x*}" -y "${size#*x}"
		tt_until "window at $size" sh -c \
		    '[ "$(tmux -L "$TT_SOCK" display -p "#{window_width}x#{window_height}")" = "$1" ]' \
		    sh "$size"
		tt_tailor_running || tt_fail "tailor died at $size"
	done
	# The folded marker, the tree panel and the prompt at a tiny size.
	tt_keys t
	tt_keys Escape
	tt_keys /
	tt_lit 'x'
	tt_keys Escape
	tt resize-window -x 1 -y 1
	tt_keys Enter j k G
	tt_tailor_running || tt_fail "tailor died on keys at 1x1"
	tt resize-window -x 240 -y 40
	tt_wait 'END-OF-A'
	tt_wait 'END-OF-C'
	tt_wait_line 0 ' c.log '
	tt_answers
}

# Enter folds a record's traceback to one line with a [+N lines] marker;
# e / E jump between errors.
test_fold_and_errors() {
	tt_start 160 40 fold.log
	tt_wait 'MARK-LAST'
	tt_keys g
	tt_wait_line 1 'MARK-START'
	tt_keys e
	tt_wait_line 1 'MARK-ERR-1'
	tt_keys Enter
	tt_wait '[+5 lines]'
	tt_line_has 1 '[+5 lines]' || tt_fail "the marker is not on the folded record's line"
	tt_wait_gone 'TRACE-END-1'
	tt_line_has 2 'MARK-BETWEEN' || tt_fail "the record after the folded one is not right below it"
	tt_assert_has 'TRACE-END-2'
	tt_keys Enter
	tt_wait 'TRACE-END-1'
	tt_wait_gone '[+5 lines]'
	tt_keys e
	tt_wait_line 1 'MARK-ERR-2'
	tt_keys e
	tt_wait 'no error or worse below'
	tt_keys E
	tt_wait_line 1 'MARK-ERR-1'
	# Following: Enter folds the last record with continuation lines.
	tt_keys G
	tt_wait_line 0 'FOLLOW'
	tt_keys Enter
	tt_wait '[+5 lines]'
	tt_wait_gone 'TRACE-END-2'
	tt_assert_has 'TRACE-END-1'
	tt_assert_has 'MARK-LAST'
}

# Scrolling up pauses and counts new records; G resumes.
test_pause_count() {
	tt_start 160 40 a.log
	tt_wait 'END-OF-A'
	tt_keys k
	tt_wait 'PAUSED +0'
	tt_rec 1901 INFO app.live 'WHILE-PAUSED-1' >>a.log
	tt_rec 1902 INFO app.live 'WHILE-PAUSED-2' >>a.log
	tt_wait 'PAUSED +2'
	tt_assert_hasnt 'WHILE-PAUSED-2'
	tt_keys G
	tt_wait 'WHILE-PAUSED-2'
	tt_wait_line 0 'FOLLOW'
}

# Mouse: a click focuses a pane, the wheel scrolls it (SGR mouse input).
test_mouse() {
	tt_start 240 40 a.log b.log c.log
	tt_wait 'END-OF-C'
	# Click in the third pane (x=200, y=10; 1-based), then open its tree.
	tt_lit "$(printf '\033[<0;200;10M\033[<0;200;10m')"
	tt_keys t
	tt_wait 'loggers: c.log'
	tt_keys Escape
	tt_wait_gone 'loggers:'
	tt_lit "$(printf '\033[<0;10;10M\033[<0;10;10m')"
	# The wheel up pauses the pane under the pointer, down resumes it.
	# (the title's "PAUSED +N": a.log's messages say WHILE-PAUSED)
	tt_lit "$(printf '\033[<64;10;10M')"
	tt_wait 'PAUSED +'
	tt_lit "$(printf '\033[<65;10;10M\033[<65;10;10M\033[<65;10;10M')"
	tt_wait_gone 'PAUSED +'
	tt_keys t
	tt_wait 'loggers: a.log'
}

# q quits, the terminal is restored (the shell and its screen are back,
# the tty is in cooked mode) and the process is gone.
test_quit() {
	TT_PRE='echo BEFORE-TAILOR-RUN;' tt_start 160 40 a.log b.log
	tt_wait 'END-OF-B'
	tt_assert_hasnt 'BEFORE-TAILOR-RUN'
	tt_keys q
	tt_wait 'TAILOR-EXIT=0'
	tt_wait 'tt-shell$'
	tt_assert_has 'BEFORE-TAILOR-RUN'
	tt_assert_hasnt 'END-OF-B'
	tt_tailor_running && tt_fail "tailor still running after q"
	# Count "-icanon" and "-echo" in stty's settings: 0 when cooked.
	tt_type 'echo TTY-$(stty -a | tr " " "\n" | grep -c -e "^-icanon$" -e "^-echo$")-RAW'
	tt_wait 'TTY-0-RAW'
}

tt_run test_three_panes
tt_run test_append_one_pane
tt_run test_level_toggles
tt_run test_filters
tt_run test_search
tt_run test_logger_tree
tt_run test_merged
tt_run test_zoom_layout
tt_run test_resize
tt_run test_fold_and_errors
tt_run test_pause_count
tt_run test_mouse
tt_run test_quit
tt_done
