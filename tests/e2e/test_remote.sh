#!/bin/sh
# test_remote.sh: ssh:// sources (issue 19) against a real OpenSSH server of
# our own on 127.0.0.1 (tests/e2e/sshd.sh): plain follow, killed ssh clients
# and a restarted sshd while a writer appends at a known rate (output must
# be the written bytes exactly: no loss, no duplicate), rotation during an
# outage, a rotated file gone during an outage, a remote glob, a refused
# connection, and the TUI pane's "reconnecting" / "resumed".
# Skipped (one 'skip' line) only when sshd cannot run here.
. "$E2E_DIR/lib.sh"
. "$E2E_DIR/sshd.sh"

if ! sshd_setup "$E2E_TMP/sshd" 2> "$E2E_TMP/sshd.why"; then
	echo "skip - ssh:// tests: $(cat "$E2E_TMP/sshd.why")"
	exit 0
fi
trap 'sshd_stop' EXIT
sshd_start || { echo "FAIL - sshd did not start"; exit 1; }

# The writer: N lines at RATE lines/s into FILE, each "seq PAD" (PAD makes
# ~100-byte lines); with ROT, rename rotation every ROT lines (FILE.1 ...);
# also appends every line to `want`. Touches `writer.N` after each 500 lines.
cat > "$E2E_TMP/writer.py" <<'EOP'
import os, sys, time
path, n, rate, rot = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
pad = "x" * 88
f = open(path, "a")
want = open("want", "a")
t0 = time.time()
gen = 0
for i in range(1, n + 1):
    line = "%08d %s\n" % (i, pad)
    f.write(line)
    f.flush()
    want.write(line)
    if rot and i % rot == 0:
        gen += 1
        os.rename(path, "%s.%d" % (path, gen))
        f.close()
        f = open(path, "a")
    if i % 500 == 0:
        want.flush()
        open("writer.%d" % i, "w").close()
    ahead = i / rate - (time.time() - t0)
    if ahead > 0:
        time.sleep(ahead)
want.close()
open("writer.done", "w").close()
EOP

# start_remote ARGS...: tailor --ssh "$SSH_CMD" ARGS > out 2> err.
start_remote() {
	spawn out err "$TAILOR" --ssh "$SSH_CMD" "$@"
	TPID=$SPAWNED
}

# The ssh client tailor runs now (its child), or nothing.
ssh_child() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$TPID" '$4 == p { print $1 }' | head -1
}

# Lines in out.
outlines() {
	wc -l < out 2>/dev/null || echo 0
}

# expect_same [TIMEOUT]: out == want, byte for byte.
expect_same() {
	if ! wait_file_eq out want "${1:-30}"; then
		note "stderr: $(head -c 800 err)"
		note "out $(wc -l < out) lines, want $(wc -l < want) lines;" \
		    "duplicates: $(sort out | uniq -d | wc -l)"
		assert_file_eq out want "remote output"
	fi
}

case_plain() {
	printf 'one\ntwo\n' > f.log
	cp f.log want
	start_remote --print -f "ssh://testhost$PWD/f.log"
	expect_same
	printf 'three\nfour\n' | tee -a want >> f.log
	expect_same
	printf 'par' | tee -a want >> f.log
	sleep 0.5
	printf 'tial\n' | tee -a want >> f.log
	expect_same
	check '[ ! -s err ]' "no message on stderr: $(head -c 300 err)"
}

# kill_client: kill tailor's ssh client once it has one and data flows.
kill_client() {
	_n=$(outlines)
	wait_until "[ \$(outlines) -gt $_n ] && [ -n \"\$(ssh_child)\" ]" 30 ||
	    fail "no data or no ssh client (out: $(outlines) lines)"
	_c=$(ssh_child)
	note "killing ssh client $_c at $(outlines) lines"
	kill -TERM "$_c" 2>/dev/null
}

case_drops() {
	: > f.log
	: > want
	start_remote --print -f "ssh://testhost$PWD/f.log"
	wait_until "[ -n \"\$(ssh_child)\" ]" 10 || fail "no ssh client"
	python3 "$E2E_TMP/writer.py" f.log 20000 2000 0 &
	W=$!
	echo "$W" >> "$E2E_CASE_DIR/.pids"
	kill_client
	wait_until "grep -q resumed err" 30 || fail "no resume: $(cat err)"
	kill_client
	wait_until "[ \$(grep -c resumed err) -ge 2 ]" 30 || fail "no resume: $(cat err)"
	# The server goes away and comes back (same port, same keys).
	_n=$(outlines)
	wait_until "[ \$(outlines) -gt $_n ]" 30
	note "stopping sshd at $(outlines) lines"
	sshd_stop
	sleep 1
	sshd_start || fail "sshd did not restart"
	wait_until "[ \$(grep -c resumed err) -ge 3 ]" 60 || fail "no resume: $(cat err)"
	wait "$W"
	expect_same 60
	note "$(wc -l < want) lines written, $(wc -l < out) received," \
	    "$(grep -c 'reconnecting (attempt' err) reconnect attempts," \
	    "$(grep -c resumed err) resumes"
	check 'grep -q "reconnecting (attempt 1)" err' "reconnecting said"
}

# The issue's run: 5000 lines/s, rename rotation every 15000 lines, the ssh
# client killed twice: stdout is byte-identical to what was written.
case_rate_rotation() {
	: > f.log
	: > want
	start_remote --print -f "ssh://testhost$PWD/f.log"
	wait_until "[ -n \"\$(ssh_child)\" ]" 10 || fail "no ssh client"
	python3 "$E2E_TMP/writer.py" f.log 45000 5000 15000 &
	W=$!
	echo "$W" >> "$E2E_CASE_DIR/.pids"
	kill_client
	wait_until "grep -q resumed err" 30 || fail "no resume: $(cat err)"
	kill_client
	wait_until "[ \$(grep -c resumed err) -ge 2 ]" 30 || fail "no resume: $(cat err)"
	wait "$W"
	expect_same 60
	note "$(wc -l < want) lines written in $(ls f.log.* | wc -l) rotations," \
	    "$(wc -l < out) received, $(grep -c resumed err) resumes," \
	    "$(grep -c 'file replaced' err) files replaced"
}

case_rotation_outage() {
	: > want
	printf 'a1\na2\n' | tee -a want > f.log
	start_remote --print -f "ssh://testhost$PWD/f.log"
	expect_same
	sshd_stop
	# While nobody looks: more into the old file, rotate, a new file.
	printf 'a3\na4\n' | tee -a want >> f.log
	mv f.log f.log.1
	printf 'b1\nb2\n' | tee -a want > f.log
	sshd_start || fail "sshd did not restart"
	expect_same 60
	check 'grep -q "resumed (rotated meanwhile: finishing it as f.log.1)" err' \
	    "rotation said: $(cat err)"
	printf 'b3\n' | tee -a want >> f.log
	expect_same
}

case_gone_outage() {
	: > want
	printf 'a1\na2\n' | tee -a want > f.log
	start_remote --print -f "ssh://testhost$PWD/f.log"
	expect_same
	sshd_stop
	printf 'lost1\nlost2\n' >> f.log	# 12 bytes nobody will read
	mv f.log f.log.1
	rm f.log.1
	printf 'b1\nb2\n' | tee -a want > f.log
	sshd_start || fail "sshd did not restart"
	expect_same 60
	# All 6 bytes of a1 a2 were read: the loss is after byte 6 (tailor cannot
	# know how much was written to a file it never saw again).
	check 'grep -q "rotated while disconnected and gone: what was written to it after byte 6 could not be read" err' \
	    "gone said: $(cat err)"
}

case_glob() {
	mkdir d
	printf 'a1\na2\n' > d/a.log
	printf 'b1\n' > d/b.log
	printf 'not me\n' > d/c.txt
	start_remote --print "ssh://testhost$PWD/d/*.log"
	wait "$TPID"
	_st=$?
	assert_eq "$_st" 0 "exit status"
	printf '==> testhost:%s/d/a.log <==\na1\na2\n\n==> testhost:%s/d/b.log <==\nb1\n' \
	    "$PWD" "$PWD" > want
	assert_file_eq out want "glob output"
}

case_refused() {
	printf 'x\n' > f.log
	_port=$(sshd_free_port)
	spawn out err "$TAILOR" --ssh "ssh -F $SSHD_DIR/ssh_config -o Port=$_port" \
	    --print "ssh://testhost$PWD/f.log"
	wait "$SPAWNED"
	_st=$?
	assert_eq "$_st" 2 "exit status"
	check 'grep -q "Connection refused" err' "ssh's message: $(cat err)"
	# A missing remote file: its own message, exit 2.
	spawn out err "$TAILOR" --ssh "$SSH_CMD" --print "ssh://testhost$PWD/nope.log"
	wait "$SPAWNED"
	_st=$?
	assert_eq "$_st" 2 "exit status (missing file)"
	check 'grep -q "No such file or directory" err' "missing said: $(cat err)"
}

case_truncate() {
	printf 'old1\nold2\n' | tee want > f.log
	start_remote --print -f "ssh://testhost$PWD/f.log"
	expect_same
	: > f.log
	wait_until "grep -q 'file truncated' err" 30 || fail "no truncation said: $(cat err)"
	printf 'new1\n' | tee -a want >> f.log
	expect_same
}

# The config's ssh = CMD, when --ssh is not given.
case_config_ssh() {
	mkdir -p conf/tailor
	printf 'ssh = %s\n' "$SSH_CMD" > conf/tailor/config
	printf 'c1\n' > f.log
	XDG_CONFIG_HOME=$PWD/conf TAILOR_SSH= "$TAILOR" --print \
	    "ssh://testhost$PWD/f.log" > out 2> err
	_st=$?
	assert_eq "$_st" 0 "exit status ($(cat err))"
	assert_eq "$(cat out)" "c1" "output"
}

case_appears() {
	start_remote --print -f "ssh://testhost$PWD/later.log"
	wait_until "grep -q 'waiting for file' err" 30 || fail "no waiting: $(cat err)"
	printf 'now here\n' | tee want > later.log
	expect_same
}

case_auth() {
	ssh-keygen -q -t ed25519 -N '' -f other >/dev/null 2>&1 || fail "ssh-keygen"
	sed "s|IdentityFile .*|IdentityFile $PWD/other|" "$SSHD_DIR/ssh_config" > cfg
	printf 'x\n' > f.log
	spawn out err "$TAILOR" --ssh "ssh -F $PWD/cfg" --print "ssh://testhost$PWD/f.log"
	wait "$SPAWNED"
	_st=$?
	assert_eq "$_st" 2 "exit status"
	check 'grep -q "Permission denied (publickey)" err' "ssh's message: $(cat err)"
	# Other sources still print first.
	printf 'local\n' > l.log
	spawn out err "$TAILOR" --ssh "ssh -F $PWD/cfg" --print -q l.log \
	    "ssh://testhost$PWD/f.log"
	wait "$SPAWNED"
	_st=$?
	assert_eq "$_st" 2 "exit status with a local source"
	assert_eq "$(cat out)" "local" "the local source printed"
}

case_tui() {
	need_tmux
	printf 'first line\n' > f.log
	tui_start remote 100 20 --ssh "$SSH_CMD" "ssh://testhost$PWD/f.log"
	tui_wait_text remote "first line" 30 || fail "no first line"
	TPID=$(e2e_tmux list-panes -t remote -F '#{pane_pid}')
	# The pane runs sh -c 'tailor ...; echo': tailor is its child.
	TPID=$(cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$TPID" '$4 == p { print $1 }' | head -1)
	sshd_stop
	tui_wait_text remote "reconnecting (attempt" 30 || fail "no reconnecting"
	printf 'second line\n' >> f.log
	sshd_start || fail "sshd did not restart"
	tui_wait_text remote "second line" 60 || fail "no recovery"
	tui_wait_text remote "resumed" 5 || fail "no resumed"
	tui_stop remote
}

# The TUI reads only the last 8 MiB of a big remote file, from the first
# whole line there: 'g' (top) shows the line after the one cut at size - 8 MiB.
case_tui_tail() {
	need_tmux
	python3 -c '
with open("big.log", "w") as f:
    for i in range(100000):
        f.write("line %08d %s\n" % (i, "y" * 101))'	# 116-byte lines
	_size=$(wc -c < big.log)
	_first=$(( (_size - 8388608) / 116 + 1 ))
	_first=$(printf 'line %08d' "$_first")
	tui_start tail 120 10 --ssh "$SSH_CMD" --view raw "ssh://testhost$PWD/big.log"
	tui_wait_text tail "line 00099999" 60 || fail "no last line"
	tui_keys tail g
	tui_wait_text tail "$_first" 10 || fail "top is not $_first"
	check '! tui_screen tail | grep -q "line 00000000"' "the head was not read"
	tui_stop tail
}

# REMOTE_ONLY="case_glob case_tui" runs only these (by hand).
rcase() {
	if [ -n "${REMOTE_ONLY:-}" ]; then
		case " $REMOTE_ONLY " in
		*" $2 "*) ;;
		*) return 0 ;;
		esac
	fi
	run_case "$@"
}

rcase "plain follow" case_plain
rcase "killed ssh clients and a restarted sshd: no loss, no duplicate" case_drops
rcase "5000 lines/s, rotation every 15000, 2 killed clients: identical" case_rate_rotation
rcase "rotation during an outage" case_rotation_outage
rcase "rotated file gone during an outage" case_gone_outage
rcase "remote glob: one source per file" case_glob
rcase "refused connection, missing file: exit 2 with the message" case_refused
rcase "truncation announced, then the new content" case_truncate
rcase "ssh = CMD in the config file" case_config_ssh
rcase "a remote file that appears later" case_appears
rcase "auth failure: exit 2 with ssh's message, other sources printed" case_auth
rcase "TUI: a remote file over 8 MiB starts at its last 8 MiB" case_tui_tail
rcase "TUI pane: reconnecting, then resumed" case_tui
finish
