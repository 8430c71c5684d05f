#!/bin/sh
# Issue 20: `tailor --print --explain` says which layout each source gets:
# a known one, or one learned from the file with its columns, and how many
# sample lines it explains; an unreadable source is one error line, exit 2.
. "$E2E_DIR/lib.sh"
real=$E2E_REPO/tests/fixtures/parsers/real

case_learned() {
	"$TAILOR" -p --explain --no-config "$real/py_twisted.log" > out.txt ||
	    fail "exit $?"
	grep -q 'py_twisted.log: learned: iso \[logger.level\] message; starts 5[0-9] of 55 ' out.txt ||
	    fail "not learned: $(cat out.txt)"
}

case_known() {
	"$TAILOR" -p --explain --no-config "$real/gunicorn.log" \
	    "$real/node_log4js.log" > out.txt || fail "exit $?"
	grep -q 'gunicorn.log: known: gunicorn; ' out.txt || fail "$(cat out.txt)"
	grep -q 'node_log4js.log: known: node; 71 of 71 ' out.txt ||
	    fail "$(cat out.txt)"
	[ "$(wc -l < out.txt)" -eq 2 ] || fail "not one line per source"
}

case_records_follow_it() {
	# the records of the learned layout, as --explain announced
	"$TAILOR" -p --json --no-config "$real/py_twisted.log" > out.json ||
	    fail "exit $?"
	grep -q '"line":37,"lines":15,.*"level":"CRITICAL","logger":"shop.app","message":"price of item 5 failed' out.json ||
	    fail "the failure's record: $(grep '"line":37' out.json)"
}

case_missing() {
	"$TAILOR" -p --explain --no-config ./nope.log "$real/gunicorn.log" \
	    > out.txt 2> err.txt
	rc=$?
	assert_eq "$rc" 2 "exit status for an unreadable source"
	assert_eq "$(cat err.txt)" "tailor: ./nope.log: cannot open: No such file or directory" "the error line"
	grep -q 'gunicorn.log: known: gunicorn' out.txt || fail "the other source: $(cat out.txt)"
}

case_tail() {
	# -n starts reading near the end: the layout still comes from the head
	"$TAILOR" -p -n 5 --json --no-config "$real/java_slf4j_simple.log" |
	    sed 's/.*"line":\([0-9]*\),"lines":\([0-9]*\),.*"level":"\([A-Z]*\)","logger":"\([^"]*\)".*/\1	\2	\3	\4/' > got.tsv
	tail -5 "$real/java_slf4j_simple.truth" > want.tsv
	cmp -s got.tsv want.tsv || fail "$(diff got.tsv want.tsv)"
}

run_case "a learned layout and its columns" case_learned
run_case "-n N of a learned layout" case_tail
run_case "known layouts by name" case_known
run_case "--print uses what --explain showed" case_records_follow_it
run_case "an unreadable source" case_missing
finish
