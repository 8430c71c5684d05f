#!/bin/sh
# test_archives.sh: compressed sources and rotated sets (issue 18).
#
# Fixtures are made here with the gzip, zstd, bzip2 and xz tools (installed
# by tests/deps.sh) from loggen.py's output: --print of each archive must
# equal zcat/zstdcat/bzcat/xzcat byte for byte; a damaged archive prints
# the text before the damage, says `NAME: corrupt at byte N` and exits 2;
# -R reads a logrotate set oldest first, then the live file (followed with
# -f); the TUI opens a .gz like any file.
. "$E2E_DIR/lib.sh"

# need TOOL...: skip when a compressor is truly absent.
need() {
	for _n; do
		command -v "$_n" >/dev/null 2>&1 || skip "$_n not installed"
	done
}

# A log of a few thousand records (tracebacks, wide characters included).
make_log() {
	$LOGGEN --lines "${2:-3000}" --style classic --seed "${3:-7}" --out "$1" ||
	    fail "loggen failed"
}

# Each format, byte-exact against its own cat tool; found by content.
case_formats() {
	need gzip zstd bzip2 xz
	make_log app.log
	gzip -c app.log > app.log.gz
	zstd -q -c app.log > app.log.zst
	bzip2 -c app.log > app.log.bz2
	xz -c app.log > app.log.xz
	for f in app.log.gz app.log.zst app.log.bz2 app.log.xz; do
		case $f in
		*.gz) zcat $f > want ;;
		*.zst) zstdcat $f > want ;;
		*.bz2) bzcat $f > want ;;
		*.xz) xzcat $f > want ;;
		esac
		"$TAILOR" --print $f > out 2> err
		check "[ $? -eq 0 ]" "$f: exit status 0"
		check "[ ! -s err ]" "$f: nothing on stderr ($(head -c 200 err))"
		check "cmp -s out want" "$f: --print equals its cat tool"
		check "cmp -s out app.log" "$f: --print equals the original"
	done
	# Through stdin too (ssh host cat app.log.2.gz | tailor -p -).
	for f in app.log.gz app.log.zst app.log.bz2 app.log.xz; do
		"$TAILOR" --print - < $f > out 2> /dev/null
		check "cmp -s out app.log" "$f on stdin: the text"
		cat $f | "$TAILOR" --print - > out 2> /dev/null
		check "cmp -s out app.log" "$f through a pipe: the text"
	done
	head -c 2000 app.log.zst | "$TAILOR" --print - > out 2> err
	assert_eq "$?" 2 "a truncated archive on stdin: exit 2"
	check "grep -q '^tailor: (stdin): corrupt at byte 2000 (truncated)$' err" \
	    "a truncated archive on stdin: the note ($(head -1 err))"
	# A misleading name: content decides.
	cp app.log.xz notes.txt
	"$TAILOR" --print notes.txt > out 2> err
	assert_file_eq out app.log "an xz file named .txt"
	# And a plain file named .gz stays plain.
	cp app.log plain.gz
	"$TAILOR" --print plain.gz > out 2> err
	assert_file_eq out app.log "a plain file named .gz"
}

# Multi-member gzip (as `cat a.gz b.gz`, or logrotate's copytruncate + gzip
# appends) and an empty archive.
case_multi_member() {
	need gzip zstd
	make_log a.log 500 1
	make_log b.log 700 2
	gzip -c a.log > m.gz
	gzip -c b.log >> m.gz
	cat a.log b.log > want
	"$TAILOR" --print m.gz > out 2> err
	assert_file_eq out want "two gzip members"
	zstd -q -c a.log > m.zst
	zstd -q -c b.log >> m.zst
	"$TAILOR" --print m.zst > out 2> err
	assert_file_eq out want "two zstd frames"
	: | gzip -c > empty.gz
	"$TAILOR" --print empty.gz > out 2> err
	assert_eq "$?" 1 "an empty archive: nothing printed, exit 1"
	check "[ ! -s out ] && [ ! -s err ]" "empty archive: no output, no error"
	# Filters work on the text.
	"$TAILOR" --print -l error m.gz > out 2> err
	"$TAILOR" --print -l error want > want.err 2> /dev/null
	assert_file_eq out want.err "-l error over a .gz"
}

# Truncated and corrupt: the text before the damage, the note, exit 2.
case_damaged() {
	need gzip xz
	make_log app.log 20000
	gzip -c app.log > app.log.gz
	size=$(wc -c < app.log.gz)
	head -c $((size / 2)) app.log.gz > cut.gz
	"$TAILOR" --print cut.gz > out 2> err
	assert_eq "$?" 2 "truncated archive: exit 2"
	assert_eq "$(cat err)" "tailor: cut.gz: corrupt at byte $((size / 2)) (truncated)" \
	    "truncated archive: one line naming the file and the byte"
	# With 2>&1 the note comes after the text, as the last line.
	last=$("$TAILOR" --print cut.gz 2>&1 | tail -1)
	assert_eq "$last" "tailor: cut.gz: corrupt at byte $((size / 2)) (truncated)" \
	    "the note after the text before the damage"
	zcat cut.gz > want 2> /dev/null
	# Everything zcat can recover, then (maybe) the partial last line ended by us.
	n=$(wc -c < want)
	check "[ $(wc -c < out) -ge $n ]" "truncated: all the text before the cut"
	check "head -c $n out | cmp -s - want" \
	    "truncated: the text before the cut, byte-exact (as zcat recovers it)"
	check "[ $n -gt 0 ]" "truncated: some text was recoverable"
	# Garbage in the middle of an xz file: text, note, exit 2.
	xz -c app.log > app.log.xz
	size=$(wc -c < app.log.xz)
	cp app.log.xz bad.xz
	printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' |
	    dd of=bad.xz bs=1 seek=$((size / 2)) conv=notrunc 2> /dev/null
	"$TAILOR" --print bad.xz > out 2> err
	assert_eq "$?" 2 "corrupt archive: exit 2"
	check "grep -q '^tailor: bad.xz: corrupt at byte [0-9]*$' err" \
	    "corrupt archive: the note ($(cat err))"
	at=$(sed -n 's/.*corrupt at byte \([0-9]*\).*/\1/p' err)
	check "[ -n \"$at\" ] && [ \"$at\" -ge $((size / 2)) ] && [ \"$at\" -le $size ]" \
	    "corrupt: the byte is at or after the damage ($at, damage at $((size / 2)))"
	check "[ $(wc -c < out) -gt 0 ]" "corrupt: the text before the damage is printed"
	# Other sources still print; the status stays 2.
	"$TAILOR" --print -q bad.xz app.log > out 2> err
	assert_eq "$?" 2 "a corrupt source among good ones: exit 2"
	check "tail -c $(wc -c < app.log) out | cmp -s - app.log" "the good source is printed whole"
}

# -R: dateext and numbered members, mixed compression, oldest first, then
# the live file; -R -f then follows the live file.
case_rotated() {
	need gzip zstd bzip2 xz
	for i in 1 2 3 4 5 6 7; do
		make_log part$i 300 $i
	done
	cp part1 app.log-20261120
	gzip -c part2 > app.log-20261121.gz
	xz -c part3 > app.log.4.xz
	bzip2 -c part4 > app.log.3.bz2
	zstd -q -c part5 > app.log.2.zst
	cp part6 app.log.1
	cp part7 app.log
	echo "not a member" > app.log.old
	echo "not a member" > app.log.1.tmp
	cat part1 part2 part3 part4 part5 part6 part7 > want
	"$TAILOR" --print -R app.log > out 2> err
	assert_eq "$?" 0 "-R exit status"
	assert_file_eq out want "-R: the set in order, then the live file"
	# Without -R only the live file.
	"$TAILOR" --print app.log > out 2> err
	assert_file_eq out part7 "without -R: the file alone"
	# -n over the whole set.
	"$TAILOR" --print -R -n 3 app.log > out 2> err
	"$TAILOR" --print -n 3 want > want3 2> /dev/null
	assert_file_eq out want3 "-R -n 3: the last records of the set"
	# The config key, per glob.
	mkdir cfg && mkdir cfg/tailor
	printf 'rotated app.l*g = yes\n' > cfg/tailor/config
	XDG_CONFIG_HOME=$(pwd)/cfg "$TAILOR" --print app.log > out 2> err
	assert_file_eq out want "config 'rotated GLOB = yes'"
	printf 'rotated = yes\nrotated app.log = no\n' > cfg/tailor/config
	XDG_CONFIG_HOME=$(pwd)/cfg "$TAILOR" --print app.log > out 2> err
	assert_file_eq out part7 "config: a glob rule wins over the global key"
	# -R -f: the set, then what is appended to the live file.
	spawn out err "$TAILOR" --print -R -f app.log
	wait_file_eq out want 5 || assert_file_eq out want "-R -f: the set first"
	printf '2026-11-28 10:00:00,000 - app - ERROR - appended live\n' >> app.log
	printf '2026-11-28 10:00:00,000 - app - ERROR - appended live\n' >> want
	wait_file_eq out want 5 || assert_file_eq out want "-R -f: then the live file, followed"
}

# The TUI opens a .gz like any file (its last screen), and -R says how many files.
case_tui() {
	need_tmux
	need gzip
	printf '2025-12-31 23:59:59,000 - app.first - INFO - the very first record\n' > app.log
	make_log more.log 3000
	cat more.log >> app.log
	printf '2026-11-28 10:00:00,000 - app.last - ERROR - the very last record\n' >> app.log
	gzip -c app.log > app.log.gz
	tui_start gz 120 20 app.log.gz
	tui_wait_text gz "the very last record" 10 || fail "the .gz's last record on screen"
	tui_screen gz > screen
	check "! grep -q 'corrupt' screen" "no damage note on a good archive"
	tui_keys gz g
	tui_wait_text gz "the very first record" 5 ||
	    fail "g: the first record of the .gz"
	tui_stop gz
	# A truncated one: its text, and the note in the title.
	size=$(wc -c < app.log.gz)
	head -c $((size / 2)) app.log.gz > cut.gz
	tui_start cut 120 20 cut.gz
	tui_wait_text cut "corrupt at byte $((size / 2)) (truncated)" 10 ||
	    fail "a truncated .gz: the note in the pane title"
	tui_screen cut > screen
	check "[ \$(grep -c ' ' screen) -ge 15 ]" "a truncated .gz: its text on screen"
	tui_stop cut
	mv app.log.gz app.log.1.gz
	printf '2026-11-28 10:00:01,000 - app - INFO - live line\n' > app.log
	tui_start rot 120 20 -R app.log
	tui_wait_text rot "live line" 5 || fail "-R in the TUI: the live file"
	tui_wait_text rot "2 files" 5 || fail "-R: the title says 2 files"
	tui_stop rot
}

run_case "each format byte-exact vs its cat tool, by content, stdin" case_formats
run_case "multi-member gzip, zstd frames, empty archive, filters" case_multi_member
run_case "truncated and corrupt archives: text, note, exit 2" case_damaged
run_case "-R: a mixed logrotate set oldest first, config key, -f" case_rotated
run_case "TUI: a .gz like any file; -R title" case_tui
finish
