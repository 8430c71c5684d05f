#!/bin/sh
# test_panes.sh: readable panes (issue 15): the compact record view, JSON
# rendered, v and --view, a --format source drawn compact, level badges
# under NO_COLOR, Korean kept whole, the 80-column hint line, view per glob.
#
#	sh tests/e2e/run.sh test_panes
#
# Every assertion polls the screen (tests/e2e/lib.sh's tui_* helpers).

. "${E2E_DIR:-$(dirname "$0")}/lib.sh"

# Fixtures (in $E2E_TMP; each case copies the ones it uses) ---------------

{
	$LOGGEN --lines 40 --style classic --service api --seed 3
	printf '2026-11-28 12:00:00,111 - app.api.v1.users - DEBUG - CLASSIC-LAST fetched user 42\n'
} >classic.log
{
	printf '2026-11-28 12:00:00,200 [WARNING] app.worker.tasks (tasks.py:42): retrying job 7\n'
	printf '2026-11-28 12:00:00,222 [ERROR] app.worker.tasks (tasks.py:99): DETAILED-LAST boom\n'
	printf 'Traceback (most recent call last):\n  File "tasks.py", line 99, in run\nValueError: bad\n'
} >detailed.log
{
	i=0
	while [ $i -lt 20 ]; do
		printf '{"time": "2026-11-28 11:59:%02d,000", "level": "INFO", "logger": "app.db.pool", "message": "pool check %d", "size": 10}\n' $i $i
		i=$((i + 1))
	done
	printf '{"time": "2026-11-28 12:00:00,333", "level": "WARNING", "logger": "app.db.pool", "message": "JSON-LAST slow", "conn": 3, "ctx": {"db": "main"}}\n'
} >db.json
printf 'ERROR|2026-11-28 12:00:00,444|app.custom|FORMAT-LAST custom layout\n' >custom.log
printf '2026-11-28 12:00:00,555 - app.model - INFO - 주문 요청 처리됨 order_id=1 amount=2원 KO-END\n' >ko.log
mkdir -p cfg/tailor
printf 'view *.json = raw\n' >cfg/tailor/config

# Checks -----------------------------------------------------------------

# no_raw_json S: no screen line (nor a pane after a border) starts with {"
# (raw JSON).
no_raw_json() {
	! tui_screen "$1" | grep -q '^{"\|│{"'
}

# three_sources S W H: three sources, each pane shows its last record's message.
three_sources() {
	fixtures classic.log detailed.log db.json
	tui_start "$1" "$2" "$3" --no-config classic.log detailed.log db.json
	tui_wait_text "$1" 'CLASSIC-LAST' || fail "classic.log not shown"
	tui_wait_text "$1" 'DETAILED-LAST' || fail "detailed.log not shown"
	tui_wait_text "$1" 'JSON-LAST slow' || fail "db.json not shown"
	no_raw_json "$1" || tui_fail "$1" "a line starts with {\" at $2x$3"
	tui_has "$1" '12:00:00.111'
	tui_hasnt "$1" '2026-11-28 12:00:00,111'
}

# Test cases -------------------------------------------------------------

case_three_sources_160x45() {
	three_sources t1 160 45
	tui_has t1 'conn=3'		# the JSON record's other fields
}

case_three_sources_80x24() {
	three_sources t2 80 24
}

# v shows the raw line and back; --view raw starts there.
case_view_toggle() {
	fixtures classic.log db.json
	tui_start vt 160 45 --no-config classic.log db.json
	tui_wait_text vt 'CLASSIC-LAST' || fail "classic.log not shown"
	tui_keys vt v
	tui_wait_text vt '2026-11-28 12:00:00,111 - app.api.v1.users - DEBUG - CLASSIC-LAST' ||
	    fail "v: the line as written not shown"
	tui_wait_text vt 'raw view' || fail "v: no 'raw view' message"
	tui_keys vt v
	tui_wait_gone vt '2026-11-28 12:00:00,111 - app.api.v1.users' || fail "v again: still raw"
	tui_wait_text vt '12:00:00.111' || fail "v again: not compact"
	tui_start vr 160 45 --no-config --view raw db.json
	tui_wait_text vr '{"time": "2026-11-28 12:00:00,333"' || fail "--view raw: not raw"
}

# A --format source is drawn compact: its time parsed, the date not shown.
case_format_source() {
	fixtures custom.log
	tui_start fs 120 20 --no-config --format '%(levelname)s|%(asctime)s|%(name)s|%(message)s' custom.log
	tui_wait_text fs 'FORMAT-LAST' || fail "custom.log not shown"
	tui_wait_text fs '12:00:00.444 ERROR app.custom' || fail "not drawn compact"
	tui_line fs 1 | grep -q 'FORMAT-LAST' || tui_fail fs "the record is not on line 1"
	tui_line fs 1 | grep -q '2026-11-28' && tui_fail fs "the date is on the record's line"
	tui_line_has fs 0 '2026-11-28' || tui_fail fs "the date is not in the title"
}

# NO_COLOR: the level is text on the record's line.
case_no_color_badge() {
	fixtures detailed.log
	TUI_ENV='NO_COLOR=1' tui_start nb 100 20 --no-config detailed.log
	tui_wait_text nb 'DETAILED-LAST' || fail "detailed.log not shown"
	l=$(tui_screen nb | grep -n 'DETAILED-LAST' | head -1 | cut -d: -f1)
	tui_line nb $((l - 1)) | grep -q 'ERROR' ||
	    tui_fail nb "no ERROR text on the record's line: $(tui_line nb $((l - 1)))"
}

# Korean messages stay whole, at 80 columns too.
case_korean_whole() {
	fixtures ko.log classic.log
	tui_start kw 80 24 --no-config ko.log classic.log
	tui_wait_text kw '주문 요청 처리됨 order_id=1 amount=2원 KO-END' || fail "the Korean message not whole"
}

# The hint line at 80 columns has s and z.
case_hint_80() {
	fixtures classic.log
	tui_start hi 80 24 --no-config classic.log
	tui_wait_line hi 23 's layout' || fail "no s layout on the hint line"
	tui_line_has hi 23 'z zoom' || tui_fail hi "no z zoom on the hint line: $(tui_line hi 23)"
}

# view GLOB = raw in the config file: that source starts raw.
case_config_view() {
	fixtures classic.log db.json cfg
	TUI_ENV="XDG_CONFIG_HOME=$(pwd)/cfg" tui_start cv 160 45 classic.log db.json
	tui_wait_text cv '{"time": "2026-11-28 12:00:00,333"' || fail "db.json not raw"
	tui_wait_text cv '12:00:00.111' || fail "classic.log not compact"
}

# Started with -m, m takes the merged pane away and every source pane is back.
case_merged_toggle() {
	fixtures classic.log detailed.log db.json
	tui_start mt 160 45 --no-config -m classic.log detailed.log db.json
	tui_wait_text mt ' merged ' || fail "-m: no merged pane"
	tui_hasnt mt ' classic.log '
	tui_keys mt m
	tui_wait_gone mt ' merged ' || fail "m: the merged pane stays"
	tui_wait_text mt ' classic.log ' || fail "m: classic.log not back"
	tui_wait_text mt ' detailed.log ' || fail "m: detailed.log not back"
	tui_wait_text mt ' db.json ' || fail "m: db.json not back"
}

# --print keeps the text as written; --print --view compact renders it.
case_print_compact() {
	fixtures classic.log detailed.log db.json
	"$TAILOR" --no-config -p classic.log >out.txt
	cmp -s out.txt classic.log || fail "--print changed the text"
	"$TAILOR" --no-config -p --view compact db.json detailed.log >out.txt
	grep -q '^12:00:00.333 WARN  app.db.pool  *JSON-LAST slow conn=3 ctx={"db":"main"}$' out.txt ||
	    fail "no compact JSON record: $(grep JSON-LAST out.txt)"
	grep -q '^12:00:00.222 ERROR app.worker.tasks  *DETAILED-LAST boom$' out.txt ||
	    fail "no compact detailed record: $(grep DETAILED-LAST out.txt)"
	grep -q '^  *ValueError: bad$' out.txt || fail "traceback line lost"
	! grep -q '^{' out.txt || fail "a raw JSON line in the compact output"
}

run_case "three sources at 160x45, compact" case_three_sources_160x45
run_case "three sources at 80x24, compact" case_three_sources_80x24
run_case "v toggles the raw view; --view raw" case_view_toggle
run_case "a --format source drawn compact" case_format_source
run_case "NO_COLOR: the level as text" case_no_color_badge
run_case "Korean messages whole at 80 columns" case_korean_whole
run_case "the hint line at 80 columns" case_hint_80
run_case "view GLOB = raw in the config file" case_config_view
run_case "-m, then m brings the source panes back" case_merged_toggle
run_case "--print as written; --print --view compact" case_print_compact
finish
