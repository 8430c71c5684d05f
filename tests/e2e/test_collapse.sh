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

run_case "--print -C: summaries, the rest byte-exact" case_collapse_print
run_case "--print --json -C" case_collapse_json
run_case "-C NAME is a subtree, not a prefix" case_collapse_prefix
finish
