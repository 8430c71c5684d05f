#!/bin/sh
# test_follow.sh: `tailor --print -f` follows files like tail -F (issue 2's
# eight scenarios, then a live loggen.py run with rotation), each once with
# inotify and once with --poll. tailor writes to `out` and `err`; the test
# polls `out` (wait_until) and compares bytes.
#
# Partial lines (scenario 1): tailor holds a line without its newline and
# may show it after a quiet period (as tail does). Either way the bytes on
# stdout must be exactly the file's: the whole line once, or its first part
# and later the rest with no newline added in between. So the check is the
# same in both cases: out == the file.
. "$E2E_DIR/lib.sh"

# start_tailor MODE FILE...: tailor --print -f [--poll] FILE > out 2> err.
start_tailor() {
	_mode=$1
	shift
	if [ "$_mode" = poll ]; then
		spawn out err "$TAILOR" --print -f --poll "$@"
	else
		spawn out err "$TAILOR" --print -f "$@"
	fi
	TPID=$SPAWNED
}

# expect_out FILE [TIMEOUT] [WHAT]: wait until out has FILE's bytes, or fail.
expect_out() {
	if ! wait_file_eq out "$1" "${2:-5}"; then
		alive "$TPID" || note "tailor is not running any more"
		note "stderr: $(head -c 600 err)"
		assert_file_eq out "$1" "${3:-output}"
	fi
}

# Lines appended to `want` and to the file.
add() {
	_f=$1
	shift
	printf '%s\n' "$@" >> "$_f"
	printf '%s\n' "$@" >> want
}

# 1. append; a line in two writes (quick, and after a quiet period).
case_append() {
	add f.log "2026-01-01 00:00:00,000 - app - INFO - first"
	start_tailor "$1" f.log
	expect_out want 5 "initial content"
	add f.log "2026-01-01 00:00:01,000 - app - INFO - appended 1" \
	    "2026-01-01 00:00:01,001 - app - INFO - appended 2"
	expect_out want 5 "appended lines"
	printf '2026-01-01 00:00:02,000 - app - INFO - split in ' >> f.log
	printf 'two quick writes\n' >> f.log
	printf '2026-01-01 00:00:02,000 - app - INFO - split in two quick writes\n' >> want
	expect_out want 5 "a line written in two quick writes"
	printf '2026-01-01 00:00:03,000 - app - INFO - first half, ' >> f.log
	# The partial line is shown after a quiet moment, as tail -f shows it.
	cp want want.partial
	printf '2026-01-01 00:00:03,000 - app - INFO - first half, ' >> want.partial
	expect_out want.partial 5 "a line without its newline, shown after a quiet moment"
	printf 'second half after a pause\n' >> f.log
	printf '2026-01-01 00:00:03,000 - app - INFO - first half, second half after a pause\n' >> want
	expect_out want 5 "a line completed after a pause (whole once, or parts with nothing added)"
	add f.log "2026-01-01 00:00:04,000 - app - INFO - after the partial"
	expect_out want 5 "the line after"
}

# 2. rename rotation, 50 times: nothing lost, nothing twice, in order.
case_rotate() {
	add f.log "gen 0 line 1"
	start_tailor "$1" f.log
	expect_out want 5 "initial content"
	i=1
	while [ "$i" -le 50 ]; do
		# Written just before the rename: must be read from the old file.
		add f.log "gen $((i - 1)) line 2" "gen $((i - 1)) line 3"
		mv f.log f.log.1
		add f.log "gen $i line 1"
		# tailor must have switched before the next rotation (as with any
		# tail -F: a file rotated away before it was ever opened is gone).
		wait_until "grep -qx 'gen $i line 1' out" 5 ||
		    { note "rotation $i: new file not picked up"; expect_out want 1 "rotation $i"; }
		i=$((i + 1))
	done
	add f.log "gen 50 line 2"
	expect_out want 5 "50 rotations"
}

# 3. copytruncate: the file shrinks below the read offset.
case_copytruncate() {
	add f.log "2026-01-01 00:00:00,000 - app - INFO - old content that is long enough 1" \
	    "2026-01-01 00:00:00,001 - app - INFO - old content that is long enough 2" \
	    "2026-01-01 00:00:00,002 - app - INFO - old content that is long enough 3"
	start_tailor "$1" f.log
	expect_out want 5 "initial content"
	cp f.log f.log.1
	: > f.log
	add f.log "2026-01-01 00:00:01,000 - app - INFO - new 1"
	expect_out want 5 "restarted at 0 after truncation"
	check 'grep -q "file truncated" err' "stderr says 'file truncated': $(cat err)"
	add f.log "2026-01-01 00:00:01,001 - app - INFO - new 2"
	expect_out want 5 "appending after truncation"
}

# 4. truncated and rewritten at once with more bytes than before.
case_truncate_grow() {
	add f.log "2026-01-01 00:00:00,000 - app - INFO - short"
	start_tailor "$1" f.log
	expect_out want 5 "initial content"
	printf '%s\n' "2026-01-01 00:00:01,000 - app - INFO - rewritten, longer than before, line one" \
	    "2026-01-01 00:00:01,001 - app - INFO - rewritten, longer than before, line two" \
	    "2026-01-01 00:00:01,002 - app - INFO - rewritten, longer than before, line three" > new
	cat new > f.log
	if ! wait_until "grep -qxF -f new out && [ \$(grep -cxF -f new out) -eq 3 ]" 5; then
		note "out: $(cat out)"
		note "stderr: $(cat err)"
		fail "the rewritten content did not appear as whole lines"
	fi
	check 'wait_until "grep -q truncated err" 2' "stderr reports the truncation: $(cat err)"
	cat new >> want
	check "cmp -s out want" "out = old + new exactly (no garbage from the old offset): $(head -c 400 out)"
}

# 5. a file (and its directory) that does not exist yet.
case_appears() {
	start_tailor "$1" sub/dir/f.log
	wait_until "[ -s err ]" 2 || note "nothing on stderr about waiting for sub/dir/f.log"
	alive "$TPID" || fail "tailor exited on a missing file with -f: $(cat err)"
	mkdir sub
	mkdir sub/dir
	printf 'appeared 1\n' > sub/dir/f.log
	printf 'appeared 1\n' > want
	expect_out want 5 "a file that appeared later"
	add sub/dir/f.log "appeared 2"
	expect_out want 5 "appending to it"
}

# 6. deleted, then recreated.
case_recreated() {
	add f.log "before delete"
	start_tailor "$1" f.log
	expect_out want 5 "initial content"
	rm f.log
	check 'wait_until "grep -qi delet err" 3' "stderr reports the deletion: $(cat err)"
	add f.log "recreated 1"
	expect_out want 5 "the recreated file is read"
	add f.log "recreated 2"
	expect_out want 5 "appending to the recreated file"
}

# 7. a symlink repointed to another file.
case_symlink() {
	printf 'a1\n' > a.log
	printf 'b1\n' > b.log
	ln -s a.log link.log
	printf 'a1\n' > want
	start_tailor "$1" link.log
	expect_out want 5 "initial content through the link"
	add a.log "a2"
	expect_out want 5 "appending to the target"
	ln -sfn b.log link.log
	printf 'b1\n' >> want
	expect_out want 5 "the link repointed: the new target from its start"
	add b.log "b2"
	expect_out want 5 "appending to the new target"
	printf 'a3\n' >> a.log
	add b.log "b3"
	expect_out want 5 "the old target is no longer followed"
}

# 8. unreadable, then readable again. chmod does not stop root, so as root
# tailor runs as nobody (the files stay root's, readable by mode).
case_unreadable() {
	add f.log "p1"
	mode=000
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null 2>&1 || skip "setpriv missing"
		setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$TAILOR" ||
		    { cp "$TAILOR" ./tailor.copy && chmod 755 ./tailor.copy && chmod 755 . ; }
		bin=$TAILOR
		[ -x ./tailor.copy ] && bin=$(pwd)/tailor.copy
		setpriv --reuid=nobody --regid=nogroup --clear-groups test -r f.log ||
		    skip "user nobody cannot reach $(pwd)"
		pflag=""
		[ "$1" = poll ] && pflag=--poll
		spawn out err setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$bin" --print -f $pflag f.log
		TPID=$SPAWNED
	else
		mode=200	# unreadable, still writable by its owner
		start_tailor "$1" f.log
	fi
	expect_out want 5 "initial content"
	chmod "$mode" f.log
	check 'wait_until "grep -qi \"f.log.*permission denied\" err" 3' \
	    "stderr reports permission denied after chmod $mode: $(cat err)"
	add f.log "p2 (written while unreadable)"
	chmod 644 f.log
	add f.log "p3"
	expect_out want 5 "content resumes once readable (nothing lost or twice)"
}

# loggen.py live at 20000 records/s with a rotation every 10000: out == ALL.
case_loggen() {
	: > F
	start_tailor "$1" F
	wait_open "$TPID" F 5 || fail "tailor did not open F: $(cat err)"
	$LOGGEN --follow F --tee ALL --rate 20000 --max-lines 200000 \
	    --rotate-every 10000 --seed 7 2> gen.err ||
	    fail "loggen failed: $(cat gen.err)"
	if ! wait_until "[ \$(wc -c < out) -ge \$(wc -c < ALL) ]" 20; then
		note "out has $(wc -c < out) of $(wc -c < ALL) bytes; stderr: $(head -c 600 err)"
	fi
	assert_file_eq out ALL "tailor --print -f F = every record loggen wrote"
}

for mode in inotify poll; do
	run_case "[$mode] 1. append, and a line in two writes" case_append $mode
	run_case "[$mode] 2. rename rotation x50" case_rotate $mode
	run_case "[$mode] 3. copytruncate" case_copytruncate $mode
	run_case "[$mode] 4. truncate and rewrite with more bytes" case_truncate_grow $mode
	run_case "[$mode] 5. file and directory appear later" case_appears $mode
	run_case "[$mode] 6. deleted, then recreated" case_recreated $mode
	run_case "[$mode] 7. symlink repointed" case_symlink $mode
	run_case "[$mode] 8. unreadable, then readable" case_unreadable $mode
	run_case "[$mode] loggen 200k records, rotation every 10k" case_loggen $mode
done
finish
