#!/bin/sh
# test_errors.sh: fixed bugs of the hostile-input pass (issue 22): write
# errors are reported (EPIPE stays quiet), options after operands are
# options (as GNU tools take them), a (*NO_JIT) pattern still filters.
. "$E2E_DIR/lib.sh"

case_write_errors() {
	[ -w /dev/full ] || skip "no /dev/full"
	$LOGGEN --seed 61 --lines 3000 --style classic --out f.log || fail "loggen failed"
	"$TAILOR" -p f.log > /dev/full 2> err
	assert_eq "$?" 2 "a full disk: exit 2"
	check "grep -q '^tailor: write error: No space left on device' err" \
	    "one line naming the error: $(cat err)"
	"$TAILOR" -p --stats f.log > /dev/full 2> err
	assert_eq "$?" 2 "--stats to a full disk: exit 2"
	"$TAILOR" -p --json f.log > /dev/full 2> err
	assert_eq "$?" 2 "--json to a full disk: exit 2"
	# The reader leaving is no error: quiet, grep's status.
	"$TAILOR" -p f.log 2> err | head -n 1 > /dev/null
	check '[ ! -s err ]' "EPIPE is quiet: $(cat err)"
}

case_options_after_operands() {
	$LOGGEN --seed 62 --lines 500 --style classic --out f.log || fail "loggen failed"
	"$TAILOR" -p -l error f.log > want 2> err
	"$TAILOR" -p f.log -l error > out 2> err
	assert_eq "$?" 0 "exit status"
	assert_file_eq out want "'tailor -p f.log -l error' = 'tailor -p -l error f.log'"
	check '[ ! -s err ]' "no file named -l or error opened: $(cat err)"
	"$TAILOR" -p -- -l > out 2> err
	assert_eq "$?" 2 "after --, -l is a file name"
}

case_no_jit() {
	$LOGGEN --seed 63 --lines 2000 --style classic --out f.log || fail "loggen failed"
	"$TAILOR" -p -g '(*NO_JIT)zzzz' f.log > out 2> err
	assert_eq "$?" 1 "(*NO_JIT)zzzz matches nothing: exit 1"
	check '[ ! -s out ]' "nothing printed"
	check '[ ! -s err ]' "no undecided records: $(cat err)"
	"$TAILOR" -p -g 'KeyError' f.log > want
	"$TAILOR" -p -g '(*NO_JIT)KeyError' f.log > out
	assert_file_eq out want "(*NO_JIT) filters like the JIT"
}

# TERM=dumb: refused with one line, not a screen of garbage (issue 22, 12).
case_dumb_terminal() {
	need_tmux
	$LOGGEN --seed 64 --lines 50 --style classic --out f.log || fail "loggen failed"
	tui_start dumb 100 10 --version	# only to start this file's tmux server
	e2e_tmux new-session -d -s dumb2 -x 100 -y 10 -c "$(pwd)" \
	    "env TERM=dumb $(shquote "$TAILOR") f.log 2> err; echo \$? > rc"
	wait_until "[ -s rc ]" 5 || fail "tailor did not exit on TERM=dumb"
	assert_eq "$(cat rc)" 2 "exit status"
	check "grep -q \"terminal type 'dumb' cannot move the cursor\" err" \
	    "one clear line: $(cat err)"
}

# A deleted file's pane says so at once, not after the next key.
case_deleted_at_once() {
	$LOGGEN --seed 65 --lines 50 --style classic --out f.log || fail "loggen failed"
	tui_start del 120 10 f.log
	tui_wait_text del "f.log" || fail "no pane"
	rm f.log
	tui_wait_text del "deleted" 3 || fail "the pane did not say deleted without a key"
	tui_keys del q
	tui_wait_exit del > /dev/null || fail "no exit"
}

# A hostile file name in a ==> NAME <== header is quoted, never raw.
case_header_names() {
	printf 'x\n' > a.log
	_n=$(printf 'b\033[2Jx.log')
	printf 'y\n' > "$_n"
	"$TAILOR" -p a.log "$_n" > out 2> err
	assert_eq "$?" 0 "exit status"
	check "! grep -q \"\$(printf '\\033')\" out" "an ESC byte reached the output: $(od -c out | head -3)"
	printf "==> 'b'\$'\\\\033''[2Jx.log' <==\n" > want.hdr
	check "grep -qF -f want.hdr out" "the name quoted as GNU tail does: $(cat out)"
}

# Issue 18 item 4: a binary file to a terminal is one line and exit 2;
# to a pipe its bytes pass, NUL runs included (not taken for holes).
case_binary() {
	need_tmux
	python3 -c 'import sys
sys.stdout.buffer.write(b"\x7fELF\x02\x01\x01" + b"\0" * 10000 + b"\n" +
    b"\0" * 5000 + bytes(range(1, 256)) + b"\n")' > bin.dat
	"$TAILOR" -p bin.dat > out 2> err
	assert_eq "$?" 0 "to a pipe: exit status"
	cmp -s out bin.dat || fail "to a pipe: not byte-exact ($(wc -c < out) of $(wc -c < bin.dat) bytes)"
	tui_start bin 120 6 --version	# this file's tmux server
	e2e_tmux new-session -d -s bin2 -x 120 -y 6 -c "$(pwd)" \
	    "$(shquote "$TAILOR") -p bin.dat; echo rc=\$? > rc; sleep 5"
	wait_until "[ -s rc ]" 5 || fail "no exit"
	assert_eq "$(cat rc)" "rc=2" "to a terminal: exit status"
	check "e2e_tmux capture-pane -p -t bin2 | grep -q 'bin.dat: binary file, not shown; --binary to print it'" \
	    "one line: $(e2e_tmux capture-pane -p -t bin2 | head -3)"
	e2e_tmux kill-session -t bin2
}

run_case "write errors: exit 2 and a message, EPIPE quiet" case_write_errors
run_case "options after operands" case_options_after_operands
run_case "(*NO_JIT) patterns filter" case_no_jit
run_case "TERM=dumb is refused with a message" case_dumb_terminal
run_case "a deleted file is said at once" case_deleted_at_once
run_case "hostile names in --print headers are quoted" case_header_names
run_case "binary files: refused to a terminal, byte-exact to a pipe" case_binary
finish
