#!/bin/sh
# Issue 10: every option in --help appears in the man page and the README,
# and the README starts with the two commands a newcomer runs.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
"$TAILOR" --help > help.txt || fail "--help failed"
missing=""
for opt in $(grep -o -- '--[a-z][a-z-]*' help.txt | sort -u); do
	man=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$man" "$top/tailor.1" || missing="$missing man:$opt"
	grep -q -- "$opt" "$top/README.md" || missing="$missing readme:$opt"
done
[ -z "$missing" ] || fail "options missing from the docs:$missing"
head -5 "$top/README.md" | grep -q 'make demo' || fail "README does not start with make demo"
head -5 "$top/README.md" | grep -q 'make test' || fail "README does not start with make test"
note "every --help option is in tailor.1 and README.md"
