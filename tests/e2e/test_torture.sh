#!/bin/sh
# test_torture.sh: follower torture, a seeded randomized model test.
#
# tests/e2e/torture.py drives `tailor --print -f` over one name with
# appends, rename rotations, recreations, deletions, copytruncates, symlink
# swaps and pauses, every line carrying a unique sequence number, and
# checks the output against its model:
#
#	- rename rotation (and recreation, deletion, symlink swaps) loses
#	  nothing: the old file is finished before the new one is read;
#	- nothing is duplicated and order is kept (sequence numbers strictly
#	  increase); every line printed is byte-exact;
#	- every truncation is announced ("file truncated" on stderr, exactly
#	  once per copytruncate).
#
# Both with inotify and with --poll. Limitation (documented in torture.py):
# a file that holds the name for less than the poll interval (200 ms) can't
# be seen by any poller, so in --poll mode each file lives >= 300 ms before
# it is rotated away; in both modes the model waits until tailor printed a
# line of the current file before destroying it (the burst written just
# before is not waited for: that is what is tested), and until every line
# is printed before a copytruncate (which loses unread lines by design).
#
# Environment: TORTURE_SEED (default 1), TORTURE_STEPS (default 150 with
# inotify, 80 with --poll: each well under 60 s), TORTURE_KEEP=1 keeps the
# work directory on failure (its path is printed).
. "$E2E_DIR/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "skip - torture (no python3)"; exit 0; }

SEED=${TORTURE_SEED:-1}

torture() {
	_mode=$1 _steps=$2
	shift 2
	if ! python3 "$E2E_DIR/torture.py" --tailor "$TAILOR" --dir "$(pwd)/work" \
	    --seed "$SEED" --steps "$_steps" --scale "$E2E_SCALE" "$@" > result 2>&1; then
		sed 's/^/    /' result >&2
		[ -n "${TORTURE_KEEP:-}" ] && note "kept $(pwd)/work"
		fail "torture $_mode, seed $SEED"
	fi
	sed 's/^/    # /' result >&2
	return 0
}

case_inotify() {
	torture inotify "${TORTURE_STEPS:-150}"
}

case_poll() {
	torture poll "${TORTURE_STEPS:-80}" --poll
}

run_case "torture with inotify: nothing lost, duplicated or reordered; truncations announced" case_inotify
run_case "torture with --poll: nothing lost, duplicated or reordered; truncations announced" case_poll
finish
