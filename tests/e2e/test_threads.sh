#!/bin/sh
# test_threads.sh (issue 21 item 2): --print of a regular file with filters,
# or --stats, runs on two threads (cli/printpar.c) and must print the very bytes, and
# exit with the very status and stderr, of the one-thread path
# (TAILOR_THREADS=1). Small files are cut too: TAILOR_PRINT_CHUNK=1 cuts
# at every block start source.c would use (256 KB) where a record starts,
# TAILOR_PRINT_ANYCUT=1 at every one even inside a record (the main thread
# must mend those); TAILOR_PPAR_DEBUG=1 says how many chunks came from the
# workers, so that a case notices when the threaded path did not run.
#
# Inputs: each committed fixture repeated to ~1.2 MB (every layout,
# learned ones, JUL's level on the next line, access logs, plain text),
# a classic log with CRLF lines, invalid UTF-8, a 600 KB line, tracebacks
# over block edges; a file whose layout changes half-way (a learned
# layout appears: a look of infer.c falls inside a chunk); a file with a
# NUL hole (the rest goes to the one-thread path).
. "$E2E_DIR/lib.sh"

# same FILE ARGS...: threaded and one-thread runs agree (stdout, stderr, status).
same() {
	f=$1
	shift
	TAILOR_THREADS=1 "$TAILOR" --print "$@" "$f" > one.out 2> one.err
	s1=$?
	TAILOR_PRINT_CHUNK=1 TAILOR_PPAR_DEBUG=1 "$TAILOR" --print "$@" "$f" \
	    > two.out 2> two.err
	s2=$?
	TAILOR_PRINT_CHUNK=1 TAILOR_PRINT_ANYCUT=1 "$TAILOR" --print "$@" "$f" \
	    > any.out 2> any.err
	s3=$?
	grep -v '^tailor: [0-9]* chunks' two.err > two.err2
	check "cmp -s one.out two.out" "$f $*: threaded output differs"
	check "cmp -s one.out any.out" "$f $*: threaded output (any cut) differs"
	check "cmp -s one.err two.err2" "$f $*: threaded stderr differs"
	check "cmp -s one.err any.err" "$f $*: threaded stderr (any cut) differs"
	check "[ $s1 = $s2 ] && [ $s1 = $s3 ]" "$f $*: status $s1 vs $s2, $s3"
	used=$(sed -n 's/^tailor: [0-9]* chunks, \([0-9]*\) from workers.*/\1/p' \
	    two.err)
	total=$((total + 1))
	[ "${used:-0}" -gt 0 ] && threaded=$((threaded + 1))
	:
}

# Repeat a file to about 1.2 MB (a few of source.c's 256 KB blocks).
grow() {
	python3 - "$1" "$2" <<'PY' || fail "python"
import sys
data = open(sys.argv[1], "rb").read()
if not data.endswith(b"\n"):
    data += b"\n"
out = data * max(1, (1200 * 1024) // max(1, len(data)) + 1)
open(sys.argv[2], "wb").write(out)
PY
}

case_fixtures() {
	total=0
	threaded=0
	n=0
	for f in "$E2E_REPO"/tests/fixtures/parsers/*.log \
	    "$E2E_REPO"/tests/fixtures/parsers/real/*.log; do
		n=$((n + 1))
		grow "$f" "in$n.log"
		for args in "-l warning" "--levels info,debug" "-g e" \
		    "--json -i -g timeout|Exception" "--view compact -l warning" \
		    "--stats -g e"; do
			# shellcheck disable=SC2086
			same "in$n.log" $args
		done
	done
	note "$threaded of $total runs printed chunks from the workers"
	[ "$threaded" -gt $((total / 2)) ] ||
	    fail "the threaded path ran in only $threaded of $total runs"
}

make_classic() {
	$LOGGEN --seed 11 --style classic --lines 40000 --out base.log ||
	    fail "loggen"
	python3 - <<'PY' || fail "python"
import random
random.seed(11)
base = open("base.log", "rb").read().split(b"\n")
extra = [
    b"2026-01-03 04:32:18,000 - app.x - ERROR - connection refused\r",
    b"2026-01-03 04:32:18,001 - app.x - INFO - bad \xff\xfe KeyError \xc3 payment",
    b"2026-01-03 04:32:18,002 - app.x - WARNING - TimeOut \xe2\x84\xaaelvin \xed\x9f\xbf",
    b"2026-01-03 04:32:18,003 - app.x - INFO - huge " + b"z" * 600000 + b" KeyError",
    b"    a continuation line\r",
    b"no time here, a bare line",
]
out = []
for line in base:
    out.append(line)
    if random.random() < 0.01:
        out.append(random.choice(extra))
open("app.log", "wb").write(b"\n".join(out))  # no newline at the end
PY
}

case_regexes() {
	total=0
	threaded=0
	make_classic
	for re in KeyError payment timeout 'KeyError|Traceback|refused' \
	    'latency=[0-9.]+ms' '(?<=user=)\w+' 'refused$' '^2026' \
	    ' - (ERROR|CRITICAL) - .*payment' 'kelvin' '(\w)\1z' \
	    'Time.?ut' 'in \w+\n' 'KeyError.*\n.*File' '주문' 'x*' \
	    '\bretry(?!ing)' '[[:upper:]]{3}Error' nothere; do
		same app.log -g "$re"
		same app.log -i -g "$re"
		same app.log -l error -g "$re"
	done
	same app.log -l error
	same app.log --levels debug,critical
	same app.log -s -g 'Timeout|TimeOut'
	same app.log -g KeyError -x payment
	same app.log -g e -g o -x 'z{10}'
	same app.log --since '2026-01-01 00:30' -g KeyError
	same app.log --until '2026-01-01 00:30' -l warning
	same app.log --view compact -g payment
	same app.log --json -g KeyError
	same app.log --json -l error
	same app.log --json --since '2026-01-01 00:30' -g e
	same app.log -L app.api
	same app.log -X urllib3 -l warning
	same app.log -L app -X app.api.v1 --json -g e
	same app.log -X app.api --stats
	same app.log --stats
	same app.log --stats --json -l error
	same app.log --stats --since '2026-01-01 00:30' -g e
	note "$threaded of $total runs printed chunks from the workers"
	[ "$threaded" -gt $((total * 3 / 4)) ] ||
	    fail "the threaded path ran in only $threaded of $total runs"
}

case_headers() {
	total=0
	threaded=0
	make_classic
	grow "$E2E_REPO/tests/fixtures/parsers/gen_json.log" j.log
	TAILOR_THREADS=1 "$TAILOR" --print -g KeyError app.log j.log app.log \
	    > one.out 2>&1
	TAILOR_PRINT_CHUNK=1 "$TAILOR" --print -g KeyError app.log j.log \
	    app.log > two.out 2>&1
	check "cmp -s one.out two.out" "headers over three files differ"
	grep -q '^==> j.log <==' two.out || fail "no header for j.log"
	for args in "--json -g KeyError" "--stats -l error"; do
		# shellcheck disable=SC2086
		TAILOR_THREADS=1 "$TAILOR" --print $args app.log j.log > one.out 2>&1
		# shellcheck disable=SC2086
		TAILOR_PRINT_CHUNK=1 "$TAILOR" --print $args app.log j.log \
		    > two.out 2>&1
		check "cmp -s one.out two.out" "$args over two files differ"
	done
	same app.log -q -g 'payment'
}

case_layout_change() {
	total=0
	threaded=0
	$LOGGEN --seed 3 --style classic --lines 20000 --out a.log ||
	    fail "loggen"
	# Then a layout only a learned one explains, then classic again.
	python3 - <<'PY' || fail "python"
import random
random.seed(3)
lv = ["INFO", "WARN", "ERROR", "DEBUG"]
rows = []
for i in range(60000):
    rows.append("%06d | node-%d | %s | svc.part%d | message %d payload=%d" % (
        i, i % 7, random.choice(lv), i % 5, i, random.randint(0, 99999)))
a = open("a.log", "rb").read()
open("mix.log", "wb").write(a + ("\n".join(rows) + "\n").encode() + a)
PY
	for args in "-l error" "-g payload=1" "-l warning -g part3" "-g ERROR"; do
		# shellcheck disable=SC2086
		same mix.log $args
	done
	[ "$threaded" -gt 0 ] || fail "the threaded path never ran"
}

case_nul() {
	total=0
	threaded=0
	make_classic
	python3 - <<'PY' || fail "python"
data = open("app.log", "rb").read()
cut = data.index(b"\n2026", len(data) // 2) + 1
open("nul.log", "wb").write(data[:cut] + b"\0" * 5000 + data[cut:])
PY
	same nul.log -g KeyError
	same nul.log -l error
	grep -q 'NUL' one.err || note "no NUL note on stderr"
}

case_pipe_error() {
	make_classic
	# A reader that goes away: quiet, as one thread (EPIPE).
	TAILOR_PRINT_CHUNK=1 "$TAILOR" --print -g e app.log 2> err.txt | head -1 \
	    > /dev/null
	check "[ ! -s err.txt ]" "EPIPE said something: $(cat err.txt)"
	if [ -w /dev/full ]; then
		TAILOR_PRINT_CHUNK=1 "$TAILOR" --print -g e app.log > /dev/full \
		    2> err.txt
		st=$?
		assert_eq "$st" 2 "exit status on a full disk"
		assert_eq "$(grep -c 'write error' err.txt)" 1 "one write error"
	fi
}

case_format() {
	total=0
	threaded=0
	grow "$E2E_REPO/tests/fixtures/pyfmt/funcname.log" fn.log
	grow "$E2E_REPO/tests/fixtures/pyfmt/classic.log" cl.log
	same fn.log --format '%(levelname)-8s| %(name)s.%(funcName)s:%(lineno)d | %(message)s' -l warning
	same fn.log --format '%(levelname)-8s| %(name)s.%(funcName)s:%(lineno)d | %(message)s' -g Error
	same cl.log --format '%(asctime)s %(levelname)-8s %(name)s: %(message)s' -l error
	[ "$threaded" -gt 0 ] || fail "the threaded path never ran"
}

# E2E_THREADS_QUICK=1 (make tsan): the cases below only.
if [ "${E2E_THREADS_QUICK:-0}" != 1 ]; then
	run_case "threaded --print equals one thread over every fixture" case_fixtures
	run_case "threaded --print with --format" case_format
	run_case "threaded --print equals one thread over many regexes" case_regexes
fi
run_case "threaded --print: headers of several files" case_headers
run_case "threaded --print: a layout learned half-way" case_layout_change
run_case "threaded --print: a NUL hole goes to one thread" case_nul
run_case "threaded --print: EPIPE and write errors" case_pipe_error
finish
