#!/bin/sh
# Install what tailor needs to build and test, when it is missing (Debian).
missing=""
for p in ncursesw libpcre2-8 cmocka zlib libzstd liblzma; do
	pkg-config --exists "$p" 2>/dev/null || missing="$missing $p"
done
# libbz2-dev ships no .pc file on every Debian release: look for its header.
[ -f /usr/include/bzlib.h ] || missing="$missing bzlib.h"
for c in tmux python3 pkg-config cc make gzip zstd bzip2 xz; do
	command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
done
[ -z "$missing" ] && exit 0
echo "tests/deps.sh: missing:$missing; installing with apt-get" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || exit 1
$SUDO apt-get install -y -qq libncurses-dev libpcre2-dev libcmocka-dev \
	zlib1g-dev libzstd-dev libbz2-dev liblzma-dev gzip zstd bzip2 xz-utils \
	tmux pkg-config python3 gcc make >/dev/null || exit 1
