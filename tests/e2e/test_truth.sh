#!/bin/sh
# Issue 3: `tailor --print --json` finds exactly the records of every truth
# fixture (genlogs styles, --fmt layouts, loghub slices, real library
# output): same first line, line count, level and logger, 100%.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
fails=0
for truth in "$top"/tests/fixtures/parsers/*.truth "$top"/tests/fixtures/parsers/real/*.truth; do
	log=${truth%.truth}.log
	python3 "$top/tests/e2e/check_truth.py" "$TAILOR" "$log" "$truth" >out.txt 2>&1 ||
	    { cat out.txt; fails=$((fails + 1)); }
done
# --format layouts: each pyfmt fixture with the Formatter string of its README.
while IFS='	' read -r name fmt datefmt; do
	case $name in ''|'#'*) continue ;; esac
	set -- --format "$fmt"
	[ -n "$datefmt" ] && set -- "$@" --datefmt "$datefmt"
	case $fmt in *'%(name)'*|*'{name'*|*'$name'*|*'${name}'*) ;;
	*) set -- "$@" --ignore-logger ;; esac
	python3 "$top/tests/e2e/check_truth.py" "$TAILOR" \
	    "$top/tests/fixtures/pyfmt/$name.log" "$top/tests/fixtures/pyfmt/$name.truth" \
	    "$@" >out.txt 2>&1 || { cat out.txt; fails=$((fails + 1)); }
done < "$top/tests/fixtures/pyfmt/formats.tsv"
[ "$fails" -eq 0 ] || fail "$fails fixture(s) differ from their truth"
note "every fixture's records equal its truth"
