#!/bin/sh
# bench/run.sh: tailor's benchmark suite (`make bench` builds ./tailor, then
# runs this). Installs the measuring tools when missing, builds the harness
# programs into bench/out/, and runs bench/bench.py, which writes
# bench/RESULTS.md. Environment: see bench/README.md (BENCH_SIZE=200M for a
# quick run, BENCH_RUNS, BENCH_LNAV_RUNS, ...).
set -e
cd "$(dirname "$0")/.."

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
need=
[ -x /usr/bin/time ] || need="$need time"
command -v strace >/dev/null 2>&1 || need="$need strace"
command -v python3 >/dev/null 2>&1 || need="$need python3"
if [ -n "$need" ]; then
	echo "bench: installing$need"
	$SUDO apt-get update -qq && $SUDO apt-get install -y -qq $need >/dev/null
fi
if ! command -v rg >/dev/null 2>&1; then
	$SUDO apt-get install -y -qq ripgrep >/dev/null 2>&1 ||
	    echo "bench: ripgrep not installable; its rows will be skipped"
fi
if ! command -v lnav >/dev/null 2>&1; then
	echo "bench: trying to install lnav (rows skipped if this fails)"
	$SUDO apt-get install -y -qq lnav >/dev/null 2>&1 ||
	    echo "bench: lnav not installable; its rows will be skipped"
fi

[ -x ./tailor ] || { echo "bench: ./tailor missing (run make)"; exit 1; }
CFLAGS="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wpointer-arith \
-Wcast-qual -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings \
-Wformat=2 -Wundef -Wvla -Wno-unused-parameter -O2 -g"
mkdir -p bench/out bench/data
${CC:-cc} $CFLAGS -o bench/out/ptyrun bench/ptyrun.c -lutil
${CC:-cc} $CFLAGS -o bench/out/writer bench/writer.c
exec python3 bench/bench.py
