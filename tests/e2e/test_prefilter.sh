#!/bin/sh
# test_prefilter.sh (issue 21): --print with an include regex goes through
# the prefilter (required literals, SIMD scan, PCRE2 only around
# candidates, records parsed only around matches); the same regex written
# as '(?:RE)|(?!)' has a branch without a literal and a lookahead, so it
# takes the plain path (every record parsed, PCRE2 on each record's text).
# Both must print the same bytes, over a file of ~3 MB (reads of 256 KB:
# records across chunk edges) with tracebacks, CRLF lines, invalid UTF-8,
# NUL bytes, KELVIN SIGN and a 600 KB line.
. "$E2E_DIR/lib.sh"

make_input() {
	$LOGGEN --seed 7 --style classic --lines 30000 --out base.log ||
	    fail "loggen"
	python3 - <<'PY' || fail "python"
import random
random.seed(7)
base = open("base.log", "rb").read().split(b"\n")
extra = [
    b"2026-01-03 04:32:18,000 - app.x - ERROR - connection refused\r",
    b"2026-01-03 04:32:18,001 - app.x - INFO - bad \xff\xfe KeyError \xc3 payment",
    b"2026-01-03 04:32:18,002 - app.x - WARNING - nul \x00 TimeOut \xe2\x84\xaaelvin",
    b"2026-01-03 04:32:18,003 - app.x - INFO - huge " + b"z" * 600000 + b" KeyError",
]
out = []
for line in base:
    out.append(line)
    if random.random() < 0.01:
        out.append(random.choice(extra))
open("app.log", "wb").write(b"\n".join(out) + b"\n")
PY
}

# same ARGS... -- RE: the prefiltered and the plain path print the same.
same() {
	re=$1
	shift
	"$TAILOR" --print "$@" -g "$re" app.log > fast.out 2> fast.err
	"$TAILOR" --print "$@" -g "(?:$re)|(?!)" app.log > plain.out 2> plain.err
	check "cmp -s fast.out plain.out" "-g '$re' $*: prefiltered and plain differ"
	[ -s plain.out ] || [ "$re" = "nothere" ] ||
	    note "-g '$re' $*: no record matched (case is weak)"
}

case_equal() {
	make_input
	for re in KeyError payment timeout 'KeyError|Traceback|refused' \
	    'latency=[0-9.]+ms' '(?<=user=)\w+' 'refused$' '^2026' \
	    ' - (ERROR|CRITICAL) - .*payment' 'kelvin' '(\w)\1z' \
	    'Time.?ut' 'in \w+\n' 'KeyError.*\n.*File' nothere; do
		same "$re"
		same "$re" -i
		same "$re" -l error
	done
	same KeyError -s
	same 'Timeout|TimeOut' -s
}

run_case "prefiltered --print equals the plain path" case_equal
finish
