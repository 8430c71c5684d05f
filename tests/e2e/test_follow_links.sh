#!/bin/sh
# test_follow_links.sh: `tailor --print -f` keeps following where tail -F
# does (issue 22, item 4): a symlink whose target is rotated, a dangling
# symlink whose target appears later, a parent directory deleted and
# re-created, a symlink loop fixed later. Each once with inotify and once
# with --poll; tailor writes to `out`, the test waits for its lines.
. "$E2E_DIR/lib.sh"

# start_tailor MODE FILE: tailor --print -f [--poll] FILE > out 2> err.
start_tailor() {
	if [ "$1" = poll ]; then
		spawn out err "$TAILOR" --print -f --poll "$2"
	else
		spawn out err "$TAILOR" --print -f "$2"
	fi
	TPID=$SPAWNED
}

# expect LINE [TIMEOUT]: wait until out holds LINE, or fail.
expect() {
	if ! wait_until "grep -qxF -- $(shquote "$1") out" "${2:-5}"; then
		alive "$TPID" || note "tailor is not running any more"
		note "out: $(tail -c 300 out)"
		note "err: $(head -c 300 err)"
		fail "not printed: $1"
	fi
}

# a.log -> b.log; b.log rotated (mv b.log b.log.1; a new b.log).
case_link_rotated() {
	mkdir logs
	echo "one" > logs/b.log
	ln -s b.log logs/a.log
	start_tailor "$1" logs/a.log
	expect one
	echo "two" >> logs/b.log
	expect two
	mv logs/b.log logs/b.log.1
	echo "three" >> logs/b.log.1
	expect three
	echo "four" > logs/b.log
	expect four
	echo "five" >> logs/b.log
	expect five
	# The link's target in another directory, rotated there too.
	mkdir other
	echo "six" > other/c.log
	ln -sf ../other/c.log logs/a.log
	expect six
	mv other/c.log other/c.log.1
	echo "seven" > other/c.log
	expect seven
}

# a.log -> sub/b.log, dangling; sub/ and b.log created later.
case_link_dangling() {
	ln -s sub/b.log a.log
	start_tailor "$1" a.log
	wait_until "grep -q 'waiting' err" 5 || note "no waiting note: $(cat err)"
	sleep 0.3
	mkdir sub
	sleep 0.3
	echo "born" > sub/b.log
	expect born
	echo "grown" >> sub/b.log
	expect grown
}

# d/a.log followed; rm -rf d; mkdir d; a new d/a.log.
case_dir_recreated() {
	mkdir d
	echo "old" > d/a.log
	start_tailor "$1" d/a.log
	expect old
	rm -rf d
	sleep 0.3
	mkdir d
	echo "new" > d/a.log
	expect new
	echo "newer" >> d/a.log
	expect newer
	# Twice: the re-armed watch must work as well as the first one.
	rm -rf d
	mkdir d
	echo "again" > d/a.log
	expect again
}

# a.log -> b.log -> a.log (a loop); b.log made a file later.
case_link_loop() {
	ln -s b.log a.log
	ln -s a.log b.log
	start_tailor "$1" a.log
	sleep 0.3
	rm b.log
	echo "fixed" > b.log
	expect fixed
	echo "more" >> b.log
	expect more
}

for mode in inotify poll; do
	run_case "symlink whose target is rotated ($mode)" case_link_rotated $mode
	run_case "dangling symlink, target created later ($mode)" case_link_dangling $mode
	run_case "parent directory deleted and re-created ($mode)" case_dir_recreated $mode
	run_case "symlink loop fixed later ($mode)" case_link_loop $mode
done
finish
