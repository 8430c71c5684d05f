#!/bin/sh
# test_streams.sh: inputs that are not plain log files (issue 22, items 5,
# 6, 8, 10, 11 and 12): FIFOs and <(cmd) read as streams, endless devices,
# lines without end and holes of NULs in bounded memory, fds given back
# after rotations and truncations, a FIFO as config or theme, hostile file
# names quoted on stderr, the end of stdin said nothing about.
. "$E2E_DIR/lib.sh"

# kb_of PID FIELD: a /proc/PID/status figure in kB (VmRSS, VmHWM).
kb_of() {
	sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status" 2>/dev/null
}

# rchar PID: bytes PID has read so far.
rchar() {
	sed -n 's/^rchar: //p' "/proc/$1/io" 2>/dev/null
}

# tailor_pid: the tailor process running in this directory (the TUI under tmux).
tailor_pid() {
	for _d in /proc/[0-9]*; do
		[ "$(readlink "$_d/exe" 2>/dev/null)" = "$TAILOR" ] || continue
		[ "$(readlink "$_d/cwd" 2>/dev/null)" = "$(pwd)" ] || continue
		echo "${_d#/proc/}"
		return 0
	done
	return 1
}

# Item 6: <(cmd) is a pipe: read to its end, every time.
case_procsub() {
	command -v bash >/dev/null 2>&1 || skip "no bash for <(cmd)"
	for i in 1 2 3 4 5; do
		n=$(bash -c '"$1" -p -q <(seq 1 1000000) | wc -l' sh "$TAILOR" 2>err)
		assert_eq "$n" 1000000 "run $i: lines of <(seq 1 1000000)"
		check '[ ! -s err ]' "run $i: stderr: $(head -c 200 err)"
	done
}

# Item 6: a named FIFO whose writer comes later is waited for, not taken as ended.
case_fifo_late_writer() {
	mkfifo p || skip "no mkfifo"
	(sleep 0.5; seq 1 200000 > p) &
	n=$("$TAILOR" -p -q p 2>err | wc -l)
	wait
	assert_eq "$n" 200000 "lines through a FIFO opened before its writer"
	check '[ ! -s err ]' "stderr: $(head -c 200 err)"
}

# Item 6: the TUI keeps a FIFO's text in memory (it cannot pread a pipe).
case_fifo_tui() {
	need_tmux
	mkfifo p || skip "no mkfifo"
	tui_start fifo 100 20 p
	for i in 1 2 3; do
		echo "2026-01-01 00:00:0$i,000 - app - INFO - hello fifo $i"
	done > p
	tui_wait_text fifo "hello fifo 3" 5 || fail "FIFO lines not shown"
	check "! tui_screen fifo | grep -q 'truncated: showing 0'" \
	    "a FIFO's record shown as truncated"
	tui_stop fifo
}

# Items 10 and 8: endless devices end with the reader; /dev/zero in bounded memory.
case_devices() {
	[ -r /dev/urandom ] && [ -r /dev/zero ] || skip "no /dev/urandom"
	timeout 10 sh -c '"$1" -p /dev/urandom | head -c 1000 > out' sh "$TAILOR"
	assert_eq "$?" 0 "tailor -p /dev/urandom | head ends"
	assert_eq "$(wc -c < out | tr -d ' ')" 1000 "bytes through head"
	spawn out err "$TAILOR" -p /dev/zero
	pid=$SPAWNED
	wait_until "[ \"\$(rchar $pid)\" -gt 500000000 ]" 20 ||
	    fail "tailor read $(rchar "$pid") bytes of /dev/zero"
	alive "$pid" || fail "tailor -p /dev/zero died: $(head -c 200 err)"
	hwm=$(kb_of "$pid" VmHWM)
	note "/dev/zero: 500 MB read, peak RSS $hwm kB"
	check "[ $hwm -lt 100000 ]" "peak RSS $hwm kB over 100 MB for /dev/zero"
	stop "$pid"
	check '[ ! -s out ]' "/dev/zero printed something"
}

# Item 10: the TUI on /dev/urandom and /dev/zero draws, answers q, exits 0.
case_devices_tui() {
	need_tmux
	[ -r /dev/urandom ] && [ -r /dev/zero ] || skip "no /dev/urandom"
	for dev in urandom zero; do
		tui_start "$dev" 100 20 "/dev/$dev"
		tui_wait_text "$dev" "/dev/$dev" 5 || fail "/dev/$dev: no title"
		sleep 1
		tui_dead "$dev" && fail "/dev/$dev: tailor ended: $(tui_screen "$dev" | tail -3)"
		tui_keys "$dev" q
		st=$(tui_wait_exit "$dev" 5) || fail "/dev/$dev: q did not end tailor"
		assert_eq "$st" 0 "/dev/$dev: exit status"
		tui_stop "$dev"
	done
}

# Item 8: stdin without newlines: the line is cut, memory stays bounded.
case_endless_line() {
	mkfifo p || skip "no mkfifo"
	# stdin through a FIFO, its writer kept open until `done` exists.
	"$TAILOR" -p < p > out 2> err &
	pid=$!
	echo "$pid" >> "$E2E_CASE_DIR/.pids"
	{ head -c 300000000 /dev/zero | tr '\0' x
	    while [ ! -f done ]; do sleep 0.05; done; } > p &
	echo "$!" >> "$E2E_CASE_DIR/.pids"
	wait_until "[ \"\$(rchar $pid)\" -ge 300000000 ]" 30 ||
	    fail "tailor read only $(rchar "$pid") bytes"
	hwm=$(kb_of "$pid" VmHWM)
	note "300 MB line on stdin: peak RSS $hwm kB"
	# ASan keeps freed blocks in quarantine: the bound scales as test_hostile's.
	lim=$(awk -v s="$E2E_SCALE" 'BEGIN { print 160000 * s }')
	check "[ $hwm -lt $lim ]" "peak RSS $hwm kB over $lim kB for a 300 MB line"
	: > done
	wait_until "! alive $pid" 10 || fail "tailor did not end with its input"
	# The line's first 64 MiB and a newline, then nothing: it had no end.
	assert_eq "$(wc -c < out | tr -d ' ')" 67108865 "bytes printed"
	assert_eq "$(tr -d x < out | od -An -c | tr -d ' ')" '\n' "only x and one newline"
	check "grep -q 'line of 300000000 bytes cut' err" "no cut note: $(head -c 200 err)"
}

# Item 8: a line cut in a file, the next line printed whole after it.
case_long_line_file() {
	{ printf 'first\n'; head -c 70000000 /dev/zero | tr '\0' y;
	    printf '\nlast line\n'; } > f.log
	"$TAILOR" -p f.log > out 2> err
	assert_eq "$?" 0 "exit status"
	assert_eq "$(wc -c < out | tr -d ' ')" $((6 + 67108864 + 1 + 10)) "bytes printed"
	assert_eq "$(tail -n 1 out)" "last line" "the line after the cut one"
	check "grep -q 'line of 70000000 bytes cut' err" "no cut note: $(head -c 200 err)"
}

# Item 8: a copytruncate hole (a writer without O_APPEND) is skipped with a note.
case_hole() {
	printf 'before 1\nbefore 2\n' > f.log
	printf 'before 1\nbefore 2\nafter the hole\n' > want
	if [ "$1" = poll ]; then
		spawn out err "$TAILOR" --print -f --poll f.log
	else
		spawn out err "$TAILOR" --print -f f.log
	fi
	pid=$SPAWNED
	head -n 2 want > want.0
	wait_file_eq out want.0 5 || fail "start: $(head -c 200 out)"
	# copytruncate, then the writer goes on at its old offset (300 MB on).
	: > f.log
	python3 -c 'import os,sys
fd = os.open(sys.argv[1], os.O_WRONLY)
os.pwrite(fd, b"after the hole\n", 300000000)' f.log
	wait_file_eq out want 20 || { note "err: $(head -c 300 err)";
	    assert_file_eq out want "after the hole"; }
	hwm=$(kb_of "$pid" VmHWM)
	note "300 MB hole ($1): peak RSS $hwm kB"
	check "[ $hwm -lt 100000 ]" "peak RSS $hwm kB over 100 MB for a hole"
	check "grep -q 'skipped 3000000.. NUL bytes' err" "no hole note: $(head -c 300 err)"
}

# Item 8: a 2 GB sparse file (truncate -s 2G): no abort, a note, bounded memory.
case_sparse() {
	truncate -s 2G big.log 2>/dev/null || skip "no truncate"
	timeout 60 "$TAILOR" -p big.log > out 2> err
	st=$?
	check "[ $st -eq 1 ]" "exit status $st (1: nothing printed)"
	check '[ ! -s out ]' "printed $(wc -c < out) bytes"
	check "grep -q 'skipped 2147483648 NUL bytes' err" "note: $(head -c 200 err)"
}

# Item 5: the TUI holds a bounded number of fds through 60 rewrites and 60 rotations.
case_fd_torture() {
	need_tmux
	echo "2026-01-01 00:00:00,000 - app - INFO - start" > s.log
	tui_start fds 100 20 s.log
	tui_wait_text fds "start" 5 || fail "TUI did not start"
	pid=$(tailor_pid) || fail "no tailor process"
	base=$(ls "/proc/$pid/fd" | wc -l)
	i=0
	while [ $i -lt 60 ]; do
		# rewritten in place (truncation), then replaced by a rename
		echo "2026-01-01 00:00:01,000 - app - INFO - rewrite $i" > s.log
		wait_until "tui_screen fds | grep -qF 'rewrite $i'" 5 ||
		    fail "rewrite $i not shown"
		echo "2026-01-01 00:00:02,000 - app - INFO - rotated $i" > s.new
		mv s.new s.log
		wait_until "tui_screen fds | grep -qF 'rotated $i'" 5 ||
		    fail "rotation $i not shown"
		i=$((i + 1))
	done
	n=$(ls "/proc/$pid/fd" | wc -l)
	del=$(ls -l "/proc/$pid/fd" | grep -c '(deleted)')
	note "fds: $base at start, $n after 60 rewrites + 60 rotations ($del deleted files open)"
	check "[ $n -le $((base + 20)) ]" "fds grew from $base to $n"
	check "[ $del -le 16 ]" "$del deleted files still open"
	tui_stop fds
}

# Item 11: a FIFO as config or theme: one clear message, no hang.
case_fifo_config() {
	mkdir -p cfg/tailor
	mkfifo cfg/tailor/config || skip "no mkfifo"
	echo "2026-01-01 00:00:00,000 - app - INFO - x" > f.log
	XDG_CONFIG_HOME=$(pwd)/cfg timeout 5 "$TAILOR" -p f.log > out 2> err
	st=$?
	check "[ $st -ne 124 ]" "a FIFO as config file hangs"
	check "[ $st -eq 0 ]" "config FIFO: exit $st"
	assert_eq "$(cat out)" "$(cat f.log)" "the log printed all the same"
	assert_eq "$(cat err)" "tailor: $(pwd)/cfg/tailor/config: not a regular file (config file ignored)" \
	    "one clear line"
	need_tmux
	mkfifo odd.theme
	tui_start theme 100 20 --theme ./odd.theme f.log
	tui_wait_text theme "not a regular file" 5 || fail "no theme message (hung?)"
	tui_wait_text theme "INFO  app" 5 || fail "log not shown"
	tui_stop theme
}

# Item 12: hostile names quoted on stderr as GNU tail quotes them.
case_quoted_names() {
	esc=$(printf '\033')
	"$TAILOR" -p "$(printf 'no\033[31mpe\nx')" > out 2> err
	assert_eq "$(cat err)" "tailor: 'no'\$'\\033''[31mpe'\$'\\n''x': No such file or directory" \
	    "quoted name"
	check "! grep -q \"$esc\" err" "an escape byte reached stderr"
	"$TAILOR" -p "it's gone" > out 2> err
	assert_eq "$(cat err)" "tailor: 'it'\\''s gone': No such file or directory" \
	    "a quote in a name"
	"$TAILOR" -p plain.log > out 2> err
	assert_eq "$(cat err)" "tailor: plain.log: No such file or directory" \
	    "a plain name as is"
}

# Item 12: the end of stdin says nothing; non-blocking stdin waits for data.
case_stdin_end() {
	printf 'a\nb\n' | "$TAILOR" -p > out 2> err
	assert_eq "$(cat out)" "a
b" "stdin lines"
	check '[ ! -s err ]' "stderr at a normal end: $(cat err)"
	(sleep 0.5; echo late) | python3 -c 'import fcntl, os, sys
fl = fcntl.fcntl(0, fcntl.F_GETFL)
fcntl.fcntl(0, fcntl.F_SETFL, fl | os.O_NONBLOCK)
os.execv(sys.argv[1], sys.argv[1:])' "$TAILOR" -p > out 2> err
	assert_eq "$(cat out)" "late" "non-blocking stdin read to its end"
	check '[ ! -s err ]' "stderr: $(cat err)"
}

run_case "<(seq 1 1000000): every line, five runs" case_procsub
run_case "a FIFO opened before its writer" case_fifo_late_writer
run_case "a FIFO in the TUI" case_fifo_tui
run_case "/dev/urandom | head ends; /dev/zero in bounded memory" case_devices
run_case "the TUI on /dev/urandom and /dev/zero answers q" case_devices_tui
run_case "a 300 MB line on stdin: cut, bounded memory" case_endless_line
run_case "a 70 MB line in a file: cut, the next line whole" case_long_line_file
run_case "copytruncate hole skipped (inotify)" case_hole inotify
run_case "copytruncate hole skipped (--poll)" case_hole poll
run_case "a 2 GB sparse file" case_sparse
run_case "fds bounded after 60 rewrites and 60 rotations (TUI)" case_fd_torture
run_case "a FIFO as config file or theme" case_fifo_config
run_case "hostile file names quoted on stderr" case_quoted_names
run_case "stdin: quiet normal end, non-blocking stdin waited for" case_stdin_end
finish
