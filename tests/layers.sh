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
#   1  input/    sources (files, pipes, commands) and the follower
#   0  core/     allocation, UTF-8, clock, byte scanning, the sanitizer
#
# A file may include headers of its own folder and of folders with a lower
# number, never of its own number or higher. Also: only tui/ includes
# curses, only filters/ includes pcre2. Prints each violation; exit 1 if any.
cd "$(dirname "$0")/.." || exit 2
rank() {
	case $1 in
	core) echo 0 ;; parsers|input) echo 1 ;; model) echo 2 ;;
	filters|themes) echo 3 ;; tui) echo 4 ;; cli) echo 5 ;; *) echo -1 ;;
	esac
}
bad=0
for f in core/*.[ch] input/*.[ch] parsers/*.[ch] model/*.[ch] filters/*.[ch] \
    themes/*.[ch] tui/*.[ch] cli/*.[ch]; do
	[ -f "$f" ] || continue
	dir=${f%%/*}
	mine=$(rank "$dir")
	while IFS= read -r line; do
		inc=$(printf '%s\n' "$line" | sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p')
		sys=$(printf '%s\n' "$line" | sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p')
		case $sys in
		curses.h|ncurses.h|ncursesw/*)
			[ "$dir" = tui ] || { echo "$f: includes <$sys> (only tui/ may)"; bad=1; } ;;
		pcre2.h)
			[ "$dir" = filters ] || { echo "$f: includes <$sys> (only filters/ may)"; bad=1; } ;;
		esac
		[ -n "$inc" ] || continue
		case $inc in
		*/*) ;;
		*) continue ;;	# same folder
		esac
		case $inc in ../*) echo "$f: relative include \"$inc\" (write it from the root)"; bad=1; continue ;; esac
		to=${inc%%/*}
		[ "$to" = "$dir" ] && continue
		theirs=$(rank "$to")
		if [ "$theirs" -lt 0 ] || [ "$theirs" -ge "$mine" ]; then
			echo "$f: includes \"$inc\": $dir/ (layer $mine) may not include $to/ (layer $theirs)"
			bad=1
		fi
	done < "$f"
done
[ $bad -eq 0 ] && echo "layers: every include goes down"
exit $bad
