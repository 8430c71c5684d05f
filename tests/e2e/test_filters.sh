#!/bin/sh
# test_filters.sh (issue 4): the counts of --print with level, logger and
# regex filters, alone and combined, equal those computed from loggen's
# truth file; -g KeyError finds exactly the records whose text (traceback
# included) has it; a catastrophic regex is bounded and reported; bad input
# is refused with exit 2 and one line naming the option.
. "$E2E_DIR/lib.sh"

# count_truth EXPR: records of app.truth (with their text from app.log) for
# which the Python expression holds; names: level, logger, text, sub(name).
count_truth() {
	python3 - "$1" <<'PY'
import sys
expr = sys.argv[1]
lines = open("app.log", encoding="utf-8", errors="surrogateescape").read().split("\n")
n = 0
with open("app.truth", encoding="utf-8") as f:
    next(f)
    for row in f:
        first, count, level, logger = (row.rstrip("\n").split("\t") + [""])[:4]
        first, count = int(first), int(count)
        text = "\n".join(lines[first - 1:first - 1 + count])
        sub = lambda name: logger == name or logger.startswith(name + ".")
        if eval(expr):
            n += 1
print(n)
PY
}

# count_tailor ARGS...: records --print --json prints.
count_tailor() {
	"$TAILOR" --print --json --no-config "$@" app.log | wc -l | tr -d ' '
}

case_counts() {
	$LOGGEN --seed 21 --style classic --lines 6000 --truth app.truth --out app.log ||
	    fail "loggen"
	ranks="{'DEBUG':10,'INFO':20,'WARNING':30,'ERROR':40,'CRITICAL':50}"
	assert_eq "$(count_tailor -l warning)" \
	    "$(count_truth "$ranks.get(level, 0) >= 30")" "-l warning"
	assert_eq "$(count_tailor --levels error)" "$(count_truth "level == 'ERROR'")" \
	    "--levels error"
	assert_eq "$(count_tailor --levels warning,critical)" \
	    "$(count_truth "level in ('WARNING', 'CRITICAL')")" "--levels warning,critical"
	assert_eq "$(count_tailor -L app.api)" "$(count_truth "sub('app.api')")" "-L app.api"
	assert_eq "$(count_tailor -X sqlalchemy)" "$(count_truth "not sub('sqlalchemy')")" \
	    "-X sqlalchemy"
	assert_eq "$(count_tailor -L app -X app.api -l info)" \
	    "$(count_truth "sub('app') and not sub('app.api') and $ranks.get(level, 0) >= 20")" \
	    "-L app -X app.api -l info"
	assert_eq "$(count_tailor -g KeyError)" "$(count_truth "'KeyError' in text")" \
	    "-g KeyError (tracebacks included)"
	assert_eq "$(count_tailor -l error -g payment)" \
	    "$(count_truth "$ranks.get(level, 0) >= 40 and 'payment' in text.lower()")" \
	    "-l error -g payment (smart case)"
	assert_eq "$(count_tailor -s -g Payment)" "$(count_truth "'Payment' in text")" \
	    "-s -g Payment (case-sensitive)"
	assert_eq "$(count_tailor -x DEBUG -x INFO)" \
	    "$(count_truth "'DEBUG' not in text and 'INFO' not in text")" "-x DEBUG -x INFO"
	assert_eq "$(count_tailor -L app.a)" "$(count_truth "sub('app.a')")" \
	    "-L app.a matches app.a.*, never app.api"
	# --stats counts what passes the filters.
	"$TAILOR" --print --stats --json --no-config -L app.api app.log > stats.json
	assert_eq "$(python3 -c 'import json; print(json.load(open("stats.json"))["total"]["records"])')" \
	    "$(count_truth "sub('app.api')")" "--stats -L app.api"
}

case_catastrophic() {
	python3 -c '
for i in range(20):
    print("2026-01-01 00:00:%02d,000 - app - INFO - " % i + "a" * 50000 + "b")' > app.log
	t0=$(now_ms)
	"$TAILOR" --print -g '(a+)+$' app.log > out 2> err
	t1=$(now_ms)
	assert_eq "$(wc -l < out | tr -d ' ')" 20 "undecided records are kept"
	check "grep -q 'could not be decided' err" "undecided records reported: $(cat err)"
	check "[ $((t1 - t0)) -lt $(e2e_scale 10)000 ]" "took $((t1 - t0)) ms"
}

case_bad_input() {
	echo x > app.log
	"$TAILOR" --print -g '(' app.log > out 2> err
	assert_eq "$?" 2 "bad regex exit status"
	check "grep -q \"^tailor: -g '(': missing closing parenthesis at offset 1\" err" \
	    "bad regex message: $(cat err)"
	"$TAILOR" --print -l loud app.log > out 2> err
	assert_eq "$?" 2 "bad level exit status"
	check "grep -q \"^tailor: -l 'loud': unknown level 'loud' (valid: \" err" \
	    "bad level message: $(cat err)"
	"$TAILOR" --print --format '%(nmae)s' app.log > out 2> err
	assert_eq "$?" 2 "bad format exit status"
	check "grep -q \"unknown LogRecord attribute 'nmae'\" err" "bad format message: $(cat err)"
	assert_eq "$(wc -l < err | tr -d ' ')" 1 "one line"
}

# --stats over a file of 40 MB is counted in chunks on two threads
# (cli/printpar.c): the same report as one sequential pass (-n N forces
# that), equal to the truth, with and without filters.
case_stats_parallel() {
	$LOGGEN --seed 22 --style classic --size 40M --truth app.truth --out app.log ||
	    fail "loggen"
	for args in "" "-l warning" "-g payment -x DEBUG"; do
		"$TAILOR" --print --stats --json --no-config $args app.log > par.json
		"$TAILOR" --print --stats --json --no-config -n 1000000000 $args app.log > seq.json
		assert_file_eq par.json seq.json "two halves = one pass ($args)"
	done
	assert_eq "$(python3 -c 'import json; print(json.load(open("par.json"))["total"]["records"])' 2>/dev/null)" \
	    "$(count_truth "'payment' in text.lower() and 'DEBUG' not in text")" "the counts equal the truth"
}

run_case "--stats of a 40 MB file on two threads equals one pass" case_stats_parallel
run_case "filter counts equal the truth (levels, loggers, regexes, combined)" case_counts
run_case "catastrophic regex: bounded, kept, reported" case_catastrophic
run_case "bad input: exit 2, one line naming the option" case_bad_input
finish
