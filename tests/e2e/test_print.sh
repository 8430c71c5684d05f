#!/bin/sh
# test_print.sh: the --print contract (DESIGN.md "Command line", issue 2):
# byte-exact output, CRLF, headers, -q, missing files, exit status, stdin,
# -c, -n. Fixtures are generated here with bench/loggen.py --seed (small).
. "$E2E_DIR/lib.sh"

# A Python service log (mixed styles: Korean, tracebacks, multi-line
# records) plus the bytes that must pass untouched: NUL, invalid UTF-8,
# control characters, a 2 MB line.
make_nasty() {
	$LOGGEN --seed 11 --style mixed --lines 1500 --out "$1" || fail "loggen failed"
	{
		printf '2026-01-01 00:10:00,000 - app - INFO - nul here:\000:and here\000\n'
		printf '2026-01-01 00:10:00,001 - app - WARNING - invalid utf-8: \377\376 \300\257 \355\240\200 end\n'
		printf '2026-01-01 00:10:00,002 - app - INFO - controls: \033[31mred\033[0m bell\a tab\there\n'
		printf '2026-01-01 00:10:00,003 - app.ko - INFO - 한국어 메시지 — 完了 ✓\n'
		printf '2026-01-01 00:10:00,004 - app - INFO - a long line follows\n'
		head -c 2097152 /dev/zero | tr '\000' 'x'
		printf '\n'
		printf 'a continuation line without a record start\n'
		printf '\n'
		printf '2026-01-01 00:10:00,005 - app - ERROR - the last record\n'
	} >> "$1"
}

case_byte_exact() {
	make_nasty f.log
	"$TAILOR" --print f.log > out 2> err
	st=$?
	assert_file_eq out f.log "tailor --print f.log | cmp - f.log"
	assert_eq "$st" 0 "exit status"
	check '[ ! -s err ]' "stderr not empty: $(head -c 300 err)"
}

case_crlf() {
	printf 'one\r\ntwo\r\nin\rside\r\n\r\nlast\r\n' > crlf.log
	printf 'one\ntwo\nin\rside\n\nlast\n' > want
	"$TAILOR" --print crlf.log > out 2> err
	assert_file_eq out want "CRLF -> LF (a lone CR is data)"
}

# The output without headers (and the blank line tail puts before every
# header but the first) must be the files, in order.
case_headers() {
	$LOGGEN --seed 1 --lines 20 --service api --out a.log
	$LOGGEN --seed 2 --lines 20 --service db --out b.log
	$LOGGEN --seed 3 --lines 20 --service worker --out c.log
	"$TAILOR" --print a.log b.log c.log > out 2> err
	assert_eq "$?" 0 "exit status"
	grep '^==> .* <==$' out > got_headers
	printf '==> a.log <==\n==> b.log <==\n==> c.log <==\n' > want_headers
	assert_file_eq got_headers want_headers "one ==> NAME <== header per file, in order"
	# tail's layout: header, file, blank line, header, file...
	{ echo '==> a.log <=='; cat a.log; echo; echo '==> b.log <=='; cat b.log
	  echo; echo '==> c.log <=='; cat c.log; } > want
	assert_file_eq out want "layout like tail (blank line between files)"
}

case_quiet() {
	$LOGGEN --seed 1 --lines 20 --out a.log
	$LOGGEN --seed 2 --lines 20 --service db --out b.log
	"$TAILOR" --print -q a.log b.log > out 2> err
	assert_eq "$?" 0 "exit status"
	cat a.log b.log > want
	assert_file_eq out want "-q: no headers"
}

case_missing() {
	$LOGGEN --seed 1 --lines 10 --out a.log
	$LOGGEN --seed 2 --lines 10 --out b.log
	"$TAILOR" --print -q a.log missing.log b.log > out 2> err
	st=$?
	cat a.log b.log > want
	check "cmp -s out want" "the other sources are printed: $(cmp out want 2>&1)"
	check '[ "$(wc -l < err)" -eq 1 ]' "stderr must be one line, is: $(cat err)"
	check 'grep -q missing.log err' "stderr names the file: $(cat err)"
	assert_eq "$st" 2 "exit status with a missing file"
}

case_exit_status() {
	printf '%s\n' '2026-01-01 00:00:00,000 - app - INFO - started' \
	    '2026-01-01 00:00:01,000 - app.db - DEBUG - connected' \
	    '2026-01-01 00:00:02,000 - app - INFO - ready' > info.log
	"$TAILOR" --print -l critical info.log > out 2> err
	st=$?
	check '[ ! -s out ]' "-l critical printed: $(head -c 200 out)"
	check '[ "$st" -eq 1 ]' "-l critical on an info-only file: exit $st, want 1"
	"$TAILOR" --print -l info info.log > out 2> err
	st=$?
	check '[ "$st" -eq 0 ]' "-l info: exit $st, want 0"
	check '[ "$(cat out)" = "$(grep INFO info.log)" ]' "-l info prints the INFO records: $(cat out)"
	: > empty.log
	"$TAILOR" --print empty.log > out 2> err
	st=$?
	check '[ "$st" -eq 1 ]' "empty file: exit $st, want 1"
	"$TAILOR" --print -l bogus info.log > out 2> err
	st=$?
	check '[ "$st" -eq 2 ]' "-l bogus: exit $st, want 2"
	check '[ "$(wc -l < err)" -eq 1 ] && grep -q bogus err' "-l bogus: one line naming the value: $(cat err)"
	check '[ ! -s out ]' "-l bogus printed something"
}

case_level_truth() {
	$LOGGEN --seed 21 --lines 3000 --style classic --truth t.tsv --out f.log
	# The oracle: ERROR and CRITICAL records, whole (tracebacks included).
	awk -F '\t' 'NR > 1 && ($3 == "ERROR" || $3 == "CRITICAL") {
	    printf "%d,%dp\n", $1, $1 + $2 - 1 }' t.tsv > want.sed
	[ -s want.sed ] || fail "fixture has no errors"
	sed -n -f want.sed f.log > want
	"$TAILOR" --print -l error f.log > out 2> err
	assert_eq "$?" 0 "exit status"
	assert_file_eq out want "-l error = the ERROR/CRITICAL records of the truth file"
}

case_stdin() {
	make_nasty f.log
	"$TAILOR" --print - < f.log > out 2> err
	assert_eq "$?" 0 "exit status (stdin redirected)"
	assert_file_eq out f.log "--print - < f"
	# shellcheck disable=SC2002 # a pipe, not a file, is the point
	cat f.log | "$TAILOR" --print - > out2 2> err2
	assert_eq "$?" 0 "exit status (pipe)"
	assert_file_eq out2 f.log "cat f | tailor --print -"
}

case_command() {
	"$TAILOR" --print -c 'printf "a\nb\n"; exit 3' > out 2> err
	st=$?
	printf 'a\nb\n' > want
	check "cmp -s out want" "stdout of the command: $(od -c out | head -3)"
	check 'grep -q 3 err' "stderr reports exit status 3: $(cat err)"
	note "exit status of tailor: $st; stderr: $(cat err)"
	"$TAILOR" --print -c 'echo to-stderr >&2; echo to-stdout' > out 2> err
	check 'grep -qx to-stdout out && grep -qx to-stderr out' \
	    "a command's stdout and stderr are both the source: $(cat out)"
}

case_last_n() {
	$LOGGEN --seed 31 --lines 400 --style classic --truth t.tsv --out f.log
	# First line of the 5th record from the end.
	first=$(tail -n 5 t.tsv | head -n 1 | cut -f1)
	tail -n "+$first" f.log > want
	"$TAILOR" --print -n 5 f.log > out 2> err
	assert_eq "$?" 0 "exit status"
	assert_file_eq out want "-n 5: the last 5 records (tracebacks whole)"
	printf 'l%s\n' 1 2 3 4 5 6 7 8 > plain.log
	"$TAILOR" --print -n 5 plain.log > out 2> err
	printf 'l%s\n' 4 5 6 7 8 > want
	assert_file_eq out want "-n 5 on plain lines"
	"$TAILOR" --print -n 50 plain.log > out 2> err
	assert_file_eq out plain.log "-n larger than the file"
}

run_case "byte-exact: NUL, invalid UTF-8, controls, Korean, 2 MB line" case_byte_exact
run_case "CRLF comes out as LF" case_crlf
run_case "several files: ==> NAME <== headers" case_headers
run_case "-q omits headers" case_quiet
run_case "missing file: one line on stderr, others printed, exit 2" case_missing
run_case "exit status 0 / 1 / 2" case_exit_status
run_case "-l error matches the loggen truth" case_level_truth
run_case "stdin (-)" case_stdin
run_case "-c CMD: output and exit status" case_command
run_case "-n 5: last 5 records" case_last_n
finish
