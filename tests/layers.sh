#!/bin/sh
# tests/layers.sh: the folders of the product include only the layers below
# them, so data and dependencies flow one way (README, "Architecture").
#
#   5  cli/      command line, config file, --print, the --stats report
#   4  tui/      the event loop, the screen, panes, panels, modes
#   3  filters/  level set, regexes, the filter chain, views
#   3  themes/   theme files and their loader
#   2  model/    line store and head indexer, logger tree, counts, options
#   1  parsers/  record layouts, levels, times, multi-line grouping
#   1  input/    sources (files, pipes, commands), the follower, chunk reads
#   0  core/     allocation, UTF-8, clock, byte scanning, the sanitizer
#
# A file may include headers of its own folder and of folders with a lower
# number, never of its own number or higher; includes across folders are
# written from the root ("core/xmalloc.h"), never with "../". Also: only
# tui/ includes curses, only filters/ includes pcre2. Prints each
# violation; exits 1 if there is any.
cd "$(dirname "$0")/.." || exit 2
grep -H '^[[:space:]]*#[[:space:]]*include' \
    core/*.[ch] input/*.[ch] parsers/*.[ch] model/*.[ch] filters/*.[ch] \
    themes/*.[ch] tui/*.[ch] cli/*.[ch] 2>/dev/null | awk '
BEGIN {
	rank["core"] = 0; rank["parsers"] = 1; rank["input"] = 1
	rank["model"] = 2; rank["filters"] = 3; rank["themes"] = 3
	rank["tui"] = 4; rank["cli"] = 5
	bad = 0
}
{
	file = $0; sub(/:.*/, "", file)
	dir = file; sub(/\/.*/, "", dir)
	line = $0; sub(/^[^:]*:/, "", line)
	if (match(line, /<[^>]*>/)) {
		sys = substr(line, RSTART + 1, RLENGTH - 2)
		if ((sys == "curses.h" || sys == "ncurses.h" || sys ~ /^ncursesw\//) && dir != "tui") {
			printf "%s: includes <%s> (only tui/ may)\n", file, sys; bad = 1
		}
		if (sys == "pcre2.h" && dir != "filters") {
			printf "%s: includes <%s> (only filters/ may)\n", file, sys; bad = 1
		}
		next
	}
	if (!match(line, /"[^"]*"/))
		next
	inc = substr(line, RSTART + 1, RLENGTH - 2)
	if (inc !~ /\//)
		next			# its own folder
	if (inc ~ /^\.\.\//) {
		printf "%s: relative include \"%s\" (write it from the root)\n", file, inc
		bad = 1; next
	}
	to = inc; sub(/\/.*/, "", to)
	if (to == dir)
		next
	if (!(to in rank) || rank[to] >= rank[dir]) {
		printf "%s: includes \"%s\": %s/ (layer %d) may not include %s/ (layer %s)\n", \
		    file, inc, dir, rank[dir], to, (to in rank) ? rank[to] : "none"
		bad = 1
	}
}
END {
	if (!bad)
		print "layers: every include goes down"
	exit bad
}'
status=$?

# Sizes (issue 14): no product .c over 1,200 lines, no function over 120.
# A function runs from a line "name(" at column 0 to the next "}" there.
# shellcheck disable=SC2046
awk -v maxfile="${LAYERS_MAXFILE:-1200}" -v maxfn="${LAYERS_MAXFN:-120}" '
function size(f, n) {
	if (f != "" && n > maxfile) {
		printf "%s: %d lines (at most %d)\n", f, n, maxfile
		bad = 1
	}
}
FNR == 1 { size(file, lines); file = FILENAME; start = 0 }
{ lines = FNR }
/^[a-z_][a-z0-9_]*\(/ { start = FNR; name = $0; sub(/\(.*/, "", name) }
/^}/ { if (start && FNR - start > maxfn) {
	printf "%s: %s is %d lines (at most %d)\n", file, name, FNR - start, maxfn
	bad = 1 }
	start = 0 }
END {
	size(file, lines)
	if (!bad)
		printf "sizes: no file over %d lines, no function over %d\n", maxfile, maxfn
	exit bad
}' $(ls core/*.c input/*.c parsers/*.c model/*.c filters/*.c themes/*.c tui/*.c cli/*.c) || status=1
exit $status
