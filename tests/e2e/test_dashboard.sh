#!/bin/sh
# test_dashboard.sh: the dashboard (`d`), driven in tmux.
#
# Three logs from bench/loggen.py (with its --truth oracle): the
# dashboard's per-level counts equal the truth's, per source and in all;
# 100 ERROR records appended to one file move its counts, its sparkline,
# its top logger and its latest error; Enter on a block opens that pane
# with only E and C on in its title; Enter on a logger shows only that
# logger; on 80x24 the blocks stack and scroll; Esc goes back, q quits.
#
#	sh tests/e2e/run.sh test_dashboard

. "${E2E_DIR:-$(dirname "$0")}/lib.sh"

# The dashboard block of a source, as shell assignments: B_ALL (JSON of
# the counts), B_RECENT, B_SPARKHEAD, B_SPARK, B_TOP, B_ERRHEAD, B_ERRLINE
# and B_ERROR / B_TOTAL / B_RECENT_ERROR / B_RECENT_TOTAL (numbers).
# B_ALL is {} when the block is not on screen.
cat > "$E2E_TMP/block.py" <<'EOF'
import json, re, shlex, sys
lines = sys.stdin.read().split("\n")
name = sys.argv[1]
out = {"B_ALL": "{}"}
for i, l in enumerate(lines):
    if re.match(r"^[> ]" + re.escape(name) + r"  ", l) and i + 14 < len(lines):
        head = lines[i + 2].split()
        alln = dict(zip(head, [int(x) for x in lines[i + 3].split()[1:]]))
        recent = dict(zip(head, lines[i + 4].split()[2:]))
        top = lines[i + 8].split()
        out = {"B_ALL": json.dumps(alln, sort_keys=True),
               "B_RECENT": json.dumps(recent, sort_keys=True),
               "B_ERROR": alln.get("ERROR", 0), "B_TOTAL": alln.get("TOTAL", 0),
               "B_RECENT_ERROR": recent.get("ERROR", "0"),
               "B_RECENT_TOTAL": recent.get("TOTAL", "0"),
               "B_SPARKHEAD": lines[i + 5].strip(),
               "B_SPARK": lines[i + 6].rstrip(),
               "B_TOP": top[0] if top else "",
               "B_ERRHEAD": lines[i + 13].strip(),
               "B_ERRLINE": lines[i + 14].strip()}
        break
for k, v in out.items():
    print("%s=%s" % (k, shlex.quote(str(v))))
EOF
# Counts per level of truth files, in the dashboard's column names.
cat > "$E2E_TMP/truth.py" <<'EOF'
import collections, json, sys
short = {"CRITICAL": "CRIT", "WARNING": "WARN"}
c = collections.Counter()
for path in sys.argv[1:]:
    for row in open(path).read().split("\n")[1:]:
        if row:
            lv = row.split("\t")[2]
            c[short.get(lv, lv)] += 1
c["TOTAL"] = sum(c.values())
print(json.dumps(dict(c), sort_keys=True))
EOF
# Which of D I W E C are on in a pane's title (lower case: off, drawn as a dim -)?
cat > "$E2E_TMP/title.py" <<'EOF'
import re, sys
name = sys.argv[1]
for line in sys.stdin.read().split("\n"):
    plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
    if name in plain and re.search(r"[D-][I-][W-][E-][C-]", plain):
        break
else:
    print("no title")
    sys.exit(0)
chars, dim, i = [], False, 0
while i < len(line):
    m = re.match(r"\x1b\[([0-9;]*)m", line[i:])
    if m:
        for p in (m.group(1) or "0").split(";"):
            if p in ("0", "22"):
                dim = False
            elif p == "2":
                dim = True
        i += m.end()
        continue
    chars.append((line[i], dim))
    i += 1
plain = "".join(c for c, _ in chars)
at = re.compile(r"[D-][I-][W-][E-][C-]").search(plain, plain.find(name)).start()
# An off level is drawn as a dim '-': its letter in lower case.
print("".join("diwec"[k] if c == "-" else c.lower() if d else c
    for k, (c, d) in enumerate(chars[at:at + 5])))
EOF

# The interpreter itself, not a version-manager shim (slow to start).
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || PY=python3
# block SESSION NAME: set the B_* variables from the screen.
block() {
	eval "$(tui_screen "$1" | $PY "$E2E_TMP/block.py" "$2")"
}
# block_is SESSION NAME JSON: the block's counts are JSON.
block_is() {
	block "$1" "$2"
	[ "$B_ALL" = "$3" ]
}

# Three sources, 500 records each (multi-line records among them).
make_logs() {
	i=0
	for svc in api worker db; do
		i=$((i + 1))
		$LOGGEN --lines 500 --style classic --service $svc --seed $i \
		    --truth $svc.truth --out $svc.log || fail "loggen"
	done
}
# append_errors FILE: 100 ERROR records of app.dashtest, minute 00:05.
append_errors() {
	$PY - "$1" <<'EOF'
import sys
with open(sys.argv[1], "a") as f:
    for n in range(1, 101):
        f.write("2026-01-01 00:05:%02d,000 - app.dashtest - ERROR - "
                "injected failure %d\n" % (n % 60, n))
EOF
}
# open_dashboard SESSION W H: tailor on the three logs, dashboard shown.
open_dashboard() {
	make_logs
	tui_start "$1" "$2" "$3" api.log worker.log db.log
	tui_wait_text "$1" "db.log" || fail "tailor did not start"
	tui_keys "$1" d
	tui_wait_text "$1" "dashboard: j/k select" || fail "d did not open it"
	tui_wait_text "$1" "all 3 sources" || fail "no all-sources block"
}

case_counts() {
	open_dashboard counts 100 80
	for svc in api worker db; do
		want=$($PY "$E2E_TMP/truth.py" $svc.truth)
		wait_until "block_is counts $svc.log '$want'" 3
		check "[ '$B_ALL' = '$want' ]" \
		    "$svc.log: dashboard $B_ALL, truth $want"
	done
	want=$($PY "$E2E_TMP/truth.py" api.truth worker.truth db.truth)
	block counts 'all 3 sources'
	assert_eq "$B_ALL" "$want" "all-sources counts equal the truth"
	# A static file: all of it is within its last 5 minutes of log time.
	block counts api.log
	assert_eq "$B_RECENT_TOTAL" 500 "last 5m of api.log"
	tui_stop counts
}

# A file over 8 MB loads tail first; its head is indexed by worker
# threads and merged: the counts must still equal the truth exactly.
case_big_file() {
	$LOGGEN --size 12M --style classic --service api --seed 9 --truth big.truth \
	    --out big.log || fail "loggen"
	tui_start big 100 60 big.log
	tui_wait_text big "big.log" || fail "tailor did not start"
	tui_keys big d
	tui_wait_text big "dashboard: j/k select" || fail "d did not open it"
	want=$($PY "$E2E_TMP/truth.py" big.truth)
	wait_until "block_is big big.log '$want'" 20 ||
	    fail "big.log: dashboard $B_ALL, truth $want"
	tui_stop big
}

case_append() {
	open_dashboard append 100 80
	block append worker.log
	spark_before=$B_SPARK
	truth=$($PY "$E2E_TMP/truth.py" worker.truth)
	want_err=$(( $(printf '%s' "$truth" | sed 's/.*"ERROR": \([0-9]*\).*/\1/') + 100 ))
	want_total=$(( $(printf '%s' "$truth" | sed 's/.*"TOTAL": \([0-9]*\).*/\1/') + 100 ))
	append_errors worker.log
	wait_until "block append worker.log && [ \"\$B_ERROR\" = $want_err ]" 6 ||
	    fail "worker.log ERROR is $B_ERROR, not $want_err"
	assert_eq "$B_TOTAL" "$want_total" "TOTAL after append"
	note "sparkline '$spark_before' -> '$B_SPARK'"
	check '[ "$B_SPARK" != "$spark_before" ]' "sparkline did not move"
	check 'printf "%s" "$B_SPARK" | grep -q "█\$"' \
	    "the newest minute is not the sparkline's tallest bar"
	check 'printf "%s" "$B_SPARKHEAD" | grep -q -- "-00:05 (log time)"' \
	    "sparkline does not end at the newest minute: $B_SPARKHEAD"
	check '[ "$B_RECENT_ERROR" -ge 100 ]' "last 5m misses the new errors: $B_RECENT"
	check '[ "$B_TOP" = app.dashtest ]' "top logger: $B_TOP"
	check 'printf "%s" "$B_ERRLINE" | grep -q "injected failure 100\$"' \
	    "latest error: $B_ERRLINE"
	check 'printf "%s" "$B_ERRHEAD" | grep -q "before the newest record (log time)"' \
	    "latest error's clock: $B_ERRHEAD"
	# The other sources did not move.
	want=$($PY "$E2E_TMP/truth.py" api.truth)
	block append api.log
	assert_eq "$B_ALL" "$want" "api.log unchanged"
	tui_stop append
}

case_enter_block() {
	open_dashboard enter 100 80
	tui_keys enter Tab Tab
	wait_until "tui_screen enter | grep -q '^>worker\.log'" ||
	    fail "Tab Tab did not select worker.log"
	tui_keys enter Enter
	tui_wait_text enter "worker.log: ERROR and CRITICAL only" ||
	    fail "Enter did not open the pane"
	levels=$(e2e_tmux capture-pane -p -e -t enter | $PY "$E2E_TMP/title.py" worker.log)
	assert_eq "$levels" diwEC "worker.log title levels (lower case: off)"
	# The other panes kept every level.
	levels=$(e2e_tmux capture-pane -p -e -t enter | $PY "$E2E_TMP/title.py" api.log)
	assert_eq "$levels" DIWEC "api.log title levels"
	tui_stop enter
}

case_enter_logger() {
	make_logs
	append_errors worker.log
	tui_start logger 100 80 api.log worker.log db.log
	tui_wait_text logger "db.log" || fail "tailor did not start"
	tui_keys logger d
	tui_wait_text logger "dashboard: j/k select" || fail "d did not open it"
	tui_keys logger Tab Tab Down
	wait_until "tui_screen logger | grep -q '^> app\.dashtest'" ||
	    fail "Down did not select worker.log's first logger"
	tui_keys logger Enter
	tui_wait_text logger "only logger app.dashtest" || fail "Enter did nothing"
	tui_keys logger z v	# v: the lines as written, logger names whole
	wait_until "[ \$(tui_screen logger | grep -c '^[ >]2026-') -gt 10 ]" ||
	    fail "the zoomed pane shows no records"
	others=$(tui_screen logger | grep '^[ >]2026-' | grep -vc ' - app\.dashtest - ')
	assert_eq "$others" 0 "records of other loggers in the pane"
	tui_stop logger
}

case_small() {
	open_dashboard small 80 24
	wait_until "tui_screen small | grep -q '^>all 3 sources'" ||
	    fail "the first block is not at the top"
	check "tui_screen small | grep -q '^ api\.log  '" "blocks do not stack"
	tui_keys small Tab Tab Tab
	wait_until "tui_screen small | grep -q '^>db\.log'" ||
	    fail "Tab did not scroll to db.log"
	check "! tui_screen small | grep -q 'all 3 sources'" \
	    "the first block did not scroll away"
	tui_keys small j j j j j
	wait_until "tui_screen small | grep -q '^> '" || fail "j selects no logger"
	check "tui_screen small | grep -q 'latest error'" \
	    "the selected block's end is not in view"
	check "[ \$(tui_screen small | wc -l) -le 24 ]" "taller than 24 rows"
	tui_keys small Escape
	tui_wait_text small "DIWEC" || fail "Esc did not go back to the panes"
	tui_keys small d
	tui_wait_text small "dashboard: j/k select" || fail "d did not reopen it"
	tui_keys small q
	status=$(tui_wait_exit small) || fail "q did not quit"
	assert_eq "$status" 0 "exit status after q"
}

# A screen lower than a block (12 rows for blocks of 16): the selection
# stays on it whichever way it moves.
case_low() {
	open_dashboard low 80 14
	tui_keys low Tab
	wait_until "tui_screen low | grep -q '^>api\.log  '" ||
	    tui_fail low "Tab: api.log's title is not on screen"
	tui_keys low Down
	wait_until "tui_screen low | grep -q '^> [^ ]'" ||
	    tui_fail low "Down: its first logger is not on screen"
	tui_keys low Tab Tab
	wait_until "tui_screen low | grep -q '^>db\.log  '" ||
	    tui_fail low "Tab Tab: db.log's title is not on screen"
	tui_keys low Up
	wait_until "tui_screen low | grep -q '^> [^ ]'" ||
	    tui_fail low "Up: worker.log's last logger is not on screen"
	tui_keys low BTab
	wait_until "tui_screen low | grep -q '^>worker\.log  '" ||
	    tui_fail low "S-Tab: worker.log's title is not on screen"
	check "[ \$(tui_screen low | wc -l) -le 14 ]" "taller than 14 rows"
	tui_stop low
}

run_case "a 12 MB file (tail first, head on worker threads): counts equal the truth" case_big_file
run_case "dashboard counts per level equal the truth" case_counts
run_case "appended errors move counts, sparkline, loggers, latest error" case_append
run_case "Enter on a block: its pane with ERROR and CRITICAL only" case_enter_block
run_case "Enter on a logger: its pane with that logger only" case_enter_logger
run_case "80x24: blocks stack and scroll; Esc back; q quits" case_small
run_case "80x14: the selection stays on screen" case_low
finish
