#!/bin/sh
# test_collapse.sh: --print -C NAME (issue 23, item 3): runs of a logger
# subtree's records become one summary line; the sum of the summaries'
# counts is the subtree's records below WARNING; everything else is
# printed byte-exact, as without -C; WARNING+ records inside the subtree
# stay; a subtree name matches NAME and NAME.*, never NAMEother.
. "$E2E_DIR/lib.sh"

# reference LOG NAME...: from --json, the expected non-summary output and the
# number of folded records (records of the subtrees below WARNING).
reference() {
	log=$1
	shift
	"$TAILOR" -p --json "$log" | python3 -c '
import json, sys
names = sys.argv[1:]
folded = 0
out = open("want", "w", encoding="utf-8", errors="surrogateescape", newline="")
for line in sys.stdin:
    d = json.loads(line)
    lg = d["logger"] or ""
    inside = any(lg == n or lg.startswith(n + ".") for n in names)
    if inside and d["level"] in ("TRACE", "DEBUG", "INFO", "NOTICE"):
        folded += 1
    else:
        out.write(d["text"] + "\n")
print(folded)
' "$@"
}

case_collapse_print() {
	$LOGGEN --seed 51 --lines 4000 --style classic --out f.log || fail "loggen failed"
	n=$(reference f.log sqlalchemy app.api)
	"$TAILOR" -p -C sqlalchemy -C app.api f.log > out 2> err
	assert_eq "$?" 0 "exit status"
	grep -v '^··· ' out > rest
	assert_file_eq rest want "non-summary lines = the records that are not folded, byte-exact"
	sum=$(grep '^··· ' out | awk '{ s += $3 } END { print s + 0 }')
	assert_eq "$sum" "$n" "summary counts add up to the folded records"
	check "grep -q '^··· sqlalchemy\\.\\*: [0-9]* records (' out" "a sqlalchemy summary line"
	check "grep -q '^··· app\\.api\\.\\*: [0-9]* records (' out" "an app.api summary line"
	line=$(grep -m1 '^··· app\.api\.\*' out)
	check "printf '%s' \"\$line\" | grep -Eq ' [0-9-]+ [0-9:,]+ \\.\\. [0-9-]+ [0-9:,]+\$'" \
	    "times as written: $line"
	check "grep -Eq ' - app\\.api[.a-z0-9]* - (WARNING|ERROR|CRITICAL) - ' out" \
	    "WARNING+ records of the subtree are still printed"
}

case_collapse_json() {
	$LOGGEN --seed 52 --lines 2000 --style classic --out f.log || fail "loggen failed"
	n=$(reference f.log sqlalchemy)
	"$TAILOR" -p --json -C sqlalchemy f.log > out
	python3 -c '
import json, sys
n = 0
for line in open("out"):
    d = json.loads(line)
    if "collapsed" in d:
        assert d["collapsed"] == "sqlalchemy", d
        assert d["records"] == sum(d["levels"].values()), d
        assert "first" in d and "last" in d, d
        n += d["records"]
print(n)' > got || fail "invalid JSON summaries: $(head -c 300 got)"
	assert_eq "$(cat got)" "$n" "--json summaries add up to the folded records"
}

case_collapse_prefix() {
	printf '%s\n' '2026-01-01 00:00:00,000 - app - INFO - a' \
	    '2026-01-01 00:00:01,000 - apple - INFO - b' \
	    '2026-01-01 00:00:02,000 - app.db - INFO - c' \
	    '2026-01-01 00:00:03,000 - app.db - WARNING - d' \
	    '2026-01-01 00:00:04,000 - app.db - INFO - e' > f.log
	"$TAILOR" -p -C app f.log > out
	printf '%s\n' '··· app.*: 1 records (INFO 1) 2026-01-01 00:00:00,000 .. 2026-01-01 00:00:00,000' \
	    '2026-01-01 00:00:01,000 - apple - INFO - b' \
	    '··· app.*: 1 records (INFO 1) 2026-01-01 00:00:02,000 .. 2026-01-01 00:00:02,000' \
	    '2026-01-01 00:00:03,000 - app.db - WARNING - d' \
	    '··· app.*: 1 records (INFO 1) 2026-01-01 00:00:04,000 .. 2026-01-01 00:00:04,000' > want
	assert_file_eq out want "app.* folds app and app.db, never apple; a WARNING breaks the run"
	"$TAILOR" -C app f.log > out 2> err
	assert_eq "$?" 2 "-C without --print: refused (not built in panes)"
}

# A log with long sqlalchemy runs, a WARNING inside one, times in order.
tui_log() {
	python3 - "$1" <<'PY'
import sys
out = open(sys.argv[1], "w")
t = 0
def rec(logger, level, msg):
    global t
    t += 1
    out.write("2026-11-28 10:%02d:%02d,%03d - %s - %s - %s\n" % (t // 600, t // 10 % 60, t % 10 * 100, logger, level, msg))
for i in range(6):
    rec("app.api", "INFO", "request %d" % i)
    for j in range(8):
        rec("sqlalchemy.engine.Engine", "DEBUG" if j % 3 else "INFO", "SELECT %d.%d" % (i, j))
    if i == 3:
        rec("sqlalchemy.pool", "WARNING", "pool exhausted in run 3")
        for j in range(4):
            rec("sqlalchemy.engine.Engine", "DEBUG", "after warning %d" % j)
rec("app.api", "INFO", "last app record")
for j in range(5):
    rec("sqlalchemy.engine.Engine", "DEBUG", "tail select %d" % j)
PY
}

# The TUI, -C sqlalchemy: summary rows instead of the records, a WARNING
# inside still shown, Enter expands and folds, a live run grows in place.
case_collapse_tui() {
	tui_log c.log
	tui_start col 120 40 --view raw -C sqlalchemy c.log
	tui_wait_text col "last app record" || fail "no pane"
	tui_wait_text col "sqlalchemy.*  5 records  DEBUG 5" || fail "no summary of the tail run"
	_s=$(tui_screen col)
	check "! printf '%s\n' \"\$_s\" | grep -q 'SELECT\\|tail select\\|after warning'" \
	    "no sqlalchemy record line on screen: $_s"
	check "printf '%s\n' \"\$_s\" | grep -q 'pool exhausted in run 3'" "the WARNING inside stays"
	assert_eq "$(printf '%s\n' "$_s" | grep -c 'sqlalchemy\.\*  8 records  INFO 3 DEBUG 5')" 6 \
	    "six runs of 8 (INFO 3, DEBUG 5), the one the WARNING ends included"
	check "printf '%s\n' \"\$_s\" | grep -q 'sqlalchemy\.\*  4 records  DEBUG 4'" \
	    "the records after the WARNING: their own run"
	# Live: five more records join the open run: its row grows, no new row.
	_rows=$(printf '%s\n' "$_s" | grep -c .)
	python3 -c '
for j in range(5):
    print("2026-11-28 10:00:59,%03d - sqlalchemy.engine.Engine - DEBUG - live %d" % (j * 100, j))
' >> c.log
	tui_wait_text col "sqlalchemy.*  10 records  DEBUG 10" || fail "the live run did not grow"
	assert_eq "$(tui_screen col | grep -c .)" "$_rows" "rows on screen after the run grew"
	check "! tui_screen col | grep -q 'live [0-9]'" "live records folded"
	# Enter on the last summary row (following): its records show; again: folded.
	tui_keys col Enter
	tui_wait_text col "tail select 4" || fail "Enter did not expand the run"
	tui_wait_text col "live 4" || fail "the expanded run lacks its live records"
	tui_keys col Enter
	tui_wait_gone col "tail select 4" || fail "Enter again did not fold it"
	tui_keys col q
	tui_wait_exit col > /dev/null || fail "no exit"
}

# The tree: c on a node folds it in the pane (marked "NAME.*"); C prompts
# with Tab completion; the count agrees with the tree's.
case_collapse_tree_prompt() {
	tui_log c.log
	tui_start tp 140 40 --view raw c.log
	tui_wait_text tp "tail select 4" || fail "no pane"
	tui_keys tp C
	tui_wait_text tp "collapse logger:" || fail "no C prompt"
	tui_keys tp s q l a Tab
	tui_wait_text tp "collapse logger: sqlalchemy" || fail "Tab did not complete"
	tui_keys tp Enter
	tui_wait_text tp "sqlalchemy.*  5 records" || fail "C did not fold"
	tui_wait_gone tp "tail select 4" || fail "records still shown"
	# The tree shows the mark; c there unfolds.
	tui_keys tp t
	tui_wait_text tp "loggers:" || fail "no tree"
	tui_wait_text tp "sqlalchemy.*" || fail "no .* mark on the folded node in the tree"
	# Rows: app, api, sqlalchemy, ...: the third is sqlalchemy.
	tui_keys tp Home j j c
	tui_wait_text tp "sqlalchemy.* unfolded" || fail "c in the tree did not unfold"
	tui_keys tp Escape
	tui_wait_text tp "tail select 4" || fail "records not back after unfolding"
	tui_keys tp q
	tui_wait_exit tp > /dev/null || fail "no exit"
}

run_case "--print -C: summaries, the rest byte-exact" case_collapse_print
run_case "--print --json -C" case_collapse_json
run_case "-C NAME is a subtree, not a prefix" case_collapse_prefix
run_case "TUI -C: summary rows, WARNING kept, Enter, live growth" case_collapse_tui
run_case "TUI: C prompt with Tab, tree mark and c" case_collapse_tree_prompt
finish
