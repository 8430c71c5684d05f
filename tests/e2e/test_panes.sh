#!/bin/sh
# test_panes.sh: readable panes (issue 15): the compact record view, JSON
# rendered, v and --view, a --format source drawn compact, level badges
# under NO_COLOR, Korean kept whole, the 80-column hint line, view per glob.
#
#   sh tests/e2e/test_panes.sh    (TAILOR=path/to/tailor; default ./tailor)

. "$(dirname "$0")/../fixtures/tui/tmux.sh"
tt_require tmux python3

cd "$TT_DIR" || exit 1

# Fixtures -------------------------------------------------------------

{
	tt_gen --lines 40 --style classic --service api --seed 3
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

# No screen line (nor a pane after a border) starts with {" (raw JSON).
no_raw_json() {
	! tt_screen | grep -q '^{"\|│{"'
}

# Three sources, each pane shows its last record's message.
three_sources() {
	tt_start "$1" "$2" --no-config classic.log detailed.log db.json
	tt_wait 'CLASSIC-LAST'
	tt_wait 'DETAILED-LAST'
	tt_wait 'JSON-LAST slow'
	no_raw_json || tt_fail "a line starts with {\" at $1x$2"
	tt_assert_has '12:00:00.111'
	tt_assert_hasnt '2026-11-28 12:00:00,111'
}

# Test cases -------------------------------------------------------------

test_three_sources_160x45() {
	three_sources 160 45
	tt_assert_has 'conn=3'		# the JSON record's other fields
}

test_three_sources_80x24() {
	three_sources 80 24
}

# v shows the raw line and back; --view raw starts there.
test_view_toggle() {
	tt_start 160 45 --no-config classic.log db.json
	tt_wait 'CLASSIC-LAST'
	tt_keys v
	tt_wait '2026-11-28 12:00:00,111 - app.api.v1.users - DEBUG - CLASSIC-LAST'
	tt_wait 'raw view'
	tt_keys v
	tt_wait_gone '2026-11-28 12:00:00,111 - app.api.v1.users'
	tt_wait '12:00:00.111'
	tt_start 160 45 --no-config --view raw db.json
	tt_wait '{"time": "2026-11-28 12:00:00,333"'
}

# A --format source is drawn compact: its time parsed, the date not shown.
test_format_source() {
	tt_start 120 20 --no-config --format "'%(levelname)s|%(asctime)s|%(name)s|%(message)s'" custom.log
	tt_wait 'FORMAT-LAST'
	tt_wait '12:00:00.444 ERROR app.custom'
	tt_line 1 | grep -q 'FORMAT-LAST' || tt_fail "the record is not on line 1"
	tt_line 1 | grep -q '2026-11-28' && tt_fail "the date is on the record's line"
	tt_line_has 0 '2026-11-28' || tt_fail "the date is not in the title"
}

# NO_COLOR: the level is text on the record's line.
test_no_color_badge() {
	TT_ENV='NO_COLOR=1' tt_start 100 20 --no-config detailed.log
	tt_wait 'DETAILED-LAST'
	l=$(tt_screen | grep -n 'DETAILED-LAST' | head -1 | cut -d: -f1)
	tt_line $((l - 1)) | grep -q 'ERROR' ||
	    tt_fail "no ERROR text on the record's line: $(tt_line $((l - 1)))"
}

# Korean messages stay whole, at 80 columns too.
test_korean_whole() {
	tt_start 80 24 --no-config ko.log classic.log
	tt_wait '주문 요청 처리됨 order_id=1 amount=2원 KO-END'
}

# The hint line at 80 columns has s and z.
test_hint_80() {
	tt_start 80 24 --no-config classic.log
	tt_wait_line 23 's layout'
	tt_line_has 23 'z zoom' || tt_fail "no z zoom on the hint line: $(tt_line 23)"
}

# view GLOB = raw in the config file: that source starts raw.
test_config_view() {
	TT_ENV="XDG_CONFIG_HOME=$TT_DIR/cfg" tt_start 160 45 classic.log db.json
	tt_wait '{"time": "2026-11-28 12:00:00,333"'
	tt_wait '12:00:00.111'
}

# Started with -m, m takes the merged pane away and every source pane is back.
test_merged_toggle() {
	tt_start 160 45 --no-config -m classic.log detailed.log db.json
	tt_wait ' merged '
	tt_assert_hasnt ' classic.log '
	tt_keys m
	tt_wait_gone ' merged '
	tt_wait ' classic.log '
	tt_wait ' detailed.log '
	tt_wait ' db.json '
}

# --print keeps the text as written; --print --view compact renders it.
test_print_compact() {
	"$TAILOR" --no-config -p classic.log >out.txt
	cmp -s out.txt classic.log || tt_fail "--print changed the text"
	"$TAILOR" --no-config -p --view compact db.json detailed.log >out.txt
	grep -q '^12:00:00.333 WARN  app.db.pool  *JSON-LAST slow conn=3 ctx={"db":"main"}$' out.txt ||
	    tt_fail "no compact JSON record: $(grep JSON-LAST out.txt)"
	grep -q '^12:00:00.222 ERROR app.worker.tasks  *DETAILED-LAST boom$' out.txt ||
	    tt_fail "no compact detailed record: $(grep DETAILED-LAST out.txt)"
	grep -q '^  *ValueError: bad$' out.txt || tt_fail "traceback line lost"
	! grep -q '^{' out.txt || tt_fail "a raw JSON line in the compact output"
}

tt_run test_three_sources_160x45
tt_run test_three_sources_80x24
tt_run test_view_toggle
tt_run test_format_source
tt_run test_no_color_badge
tt_run test_korean_whole
tt_run test_hint_80
tt_run test_config_view
tt_run test_merged_toggle
tt_run test_print_compact
tt_done
