#!/bin/sh
# tests/fuzz/run.sh [SECONDS [TARGET...]]: run the libFuzzer targets.
#
# Builds every tests/fuzz/fuzz_<name>.c (or only the TARGETs named, e.g.
# `group json`) with clang -fsanitize=fuzzer,address,undefined against all
# product sources except core/main.c (the Makefile's LIB_SRC: core parsers
# filters tui themes *.c plus the generated themes/builtin.c), then runs
# each for SECONDS (default 20, `make fuzz FUZZ_SECONDS=N`) over a scratch
# copy of its corpus tests/fuzz/corpus/<name>/, with the dictionary
# tests/fuzz/<name>.dict when there is one.
#
# New interesting inputs the fuzzer finds stay in the scratch copy: they
# are NOT added to the repository (minimise and copy one by hand if it is
# worth keeping). A crash, leak, timeout or out-of-memory input is saved
# as tests/fuzz/crashes/<name>-<kind>-<sha1> and makes the script exit 1;
# after it is reported and fixed, copy it into the target's corpus so
# `make replay` keeps it as a regression test.
#
# Prints per target: executions, exec/s, corpus size, and the result.
# Environment: FUZZ_BUILD (object dir, default build-fuzz), FUZZ_JOBS
# (parallel compiles, default 2), CLANG (default clang), FUZZ_FLAGS (extra
# libFuzzer flags).
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
SECONDS_EACH=${1:-20}
[ $# -gt 0 ] && shift
BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=${FUZZ_JOBS:-2}
CLANG=${CLANG:-clang}
PKGS="ncursesw libpcre2-8 zlib libzstd liblzma"
CRASHES=$ROOT/tests/fuzz/crashes

# Install clang and its runtime (libFuzzer, ASan) when missing.
if ! command -v "$CLANG" >/dev/null 2>&1 ||
    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
    >/dev/null 2>&1; then
	echo "fuzz: installing clang" >&2
	if command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang \
		    libclang-rt-14-dev >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang \
		    libclang-rt-14-dev >/dev/null 2>&1; } ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang \
		    >/dev/null 2>&1
	fi
	command -v "$CLANG" >/dev/null 2>&1 || { echo "fuzz: no clang" >&2; exit 2; }
fi

make -s themes/builtin.c >/dev/null || exit 2

CFLAGS="-std=c11 -D_GNU_SOURCE -I. -g -O1 -fno-omit-frame-pointer \
    -fsanitize=address,undefined -fno-sanitize-recover=undefined \
    $(pkg-config --cflags $PKGS 2>/dev/null)"
LIBS="$(pkg-config --libs $PKGS 2>/dev/null) -lbz2 -lm -pthread"

# The product sources, exactly as the Makefile's LIB_SRC.
LIB_SRC=$(ls core/*.c input/*.c parsers/*.c model/*.c filters/*.c themes/*.c tui/*.c cli/*.c 2>/dev/null |
    grep -v "^cli/main\\.c$"; echo themes/builtin.c)
LIB_SRC=$(printf '%s\n' $LIB_SRC | sort -u)

mkdir -p "$BUILD" "$CRASHES"
# Compile the library objects (instrumented for coverage, not linked with
# libFuzzer's main), only those older than their source or a header.
newest_h=$(ls -t core/*.h input/*.h parsers/*.h model/*.h filters/*.h themes/*.h tui/*.h cli/*.h | head -1)
objs=""
for src in $LIB_SRC; do
	obj=$BUILD/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
	objs="$objs $obj"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_h" -nt "$obj" ]; then
		echo "$CLANG $CFLAGS -fsanitize=fuzzer-no-link -c -o $obj $src"
	fi
done > "$BUILD/compile.list"
if [ -s "$BUILD/compile.list" ]; then
	echo "fuzz: compiling $(wc -l < "$BUILD/compile.list") sources" >&2
	# Run the compile lines JOBS at a time; stop at the first error.
	tr '\n' '\0' < "$BUILD/compile.list" |
	    xargs -0 -n 1 -P "$JOBS" sh -c || { echo "fuzz: compile failed" >&2; exit 2; }
fi
rm -f "$BUILD/libtailor-fuzz.a"
ar rcs "$BUILD/libtailor-fuzz.a" $objs || exit 2

# Which targets.
if [ $# -gt 0 ]; then
	targets=""
	for t; do targets="$targets tests/fuzz/fuzz_${t#fuzz_}.c"; done
else
	targets=$(ls tests/fuzz/fuzz_*.c)
fi

status=0
summary=""
for src in $targets; do
	name=$(basename "$src" .c)
	short=${name#fuzz_}
	bin=$BUILD/$name
	if ! $CLANG $CFLAGS -fsanitize=fuzzer -o "$bin" "$src" \
	    "$BUILD/libtailor-fuzz.a" $LIBS; then
		echo "fuzz: $name: build failed" >&2
		summary="$summary
$(printf '%-12s %12s %10s %8s  %s' "$short" - - - "BUILD FAILED")"
		status=1
		continue
	fi
	work=$(mktemp -d "${TMPDIR:-/tmp}/tailor-fuzz-$short.XXXXXX")
	mkdir -p "$work/corpus" "$work/artifacts"
	[ -d "tests/fuzz/corpus/$short" ] && cp -R "tests/fuzz/corpus/$short/." "$work/corpus/"
	dict=""
	[ -f "tests/fuzz/$short.dict" ] && dict="-dict=tests/fuzz/$short.dict"
	echo "== $name: ${SECONDS_EACH}s, $(ls "$work/corpus" | wc -l) seed inputs" >&2
	# -fork is not used: one process, so the final stats are the totals.
	FUZZ_SCRATCH=$work "$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
	    -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -artifact_prefix="$work/artifacts/" $dict ${FUZZ_FLAGS:-} \
	    "$work/corpus" > "$work/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
	ncorp=$(ls "$work/corpus" | wc -l)
	result=ok
	found=$(ls "$work/artifacts" 2>/dev/null)
	if [ $rc -ne 0 ] || [ -n "$found" ]; then
		result="FAILED (exit $rc)"
		status=1
		for a in $found; do
			cp "$work/artifacts/$a" "$CRASHES/$short-$a"
			result="$result tests/fuzz/crashes/$short-$a"
		done
		# The sanitizer report, for the log.
		grep -E '^(==[0-9]+==ERROR|SUMMARY|    #[0-9]+ )' "$work/log" | head -25 >&2
		cp "$work/log" "$CRASHES/$short.log"
	fi
	summary="$summary
$(printf '%-12s %12s %10s %8s  %s' "$short" "${execs:-?}" "${rate:-?}" "$ncorp" "$result")"
	rm -rf "$work"
done

printf '%-12s %12s %10s %8s  %s' target executions exec/s corpus result
echo "$summary"
exit $status
