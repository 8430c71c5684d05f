#!/usr/bin/env python3
"""bench/since.py: --since seeks (issue 16), against tools that must scan.

On a big classic log in time order (BENCH_FILE, default the bench input
bench/data/classic-1G-seed1.log), times, best of BENCH_RUNS, output to a pipe:

  tailor -p --since T F         the last minute of the log, found by bisection
  tailor -p -g ^PREFIX F        the same records by a regex over the whole file
  grep '^PREFIX' F / rg          the same by a full scan
  tail -c 2M F                  reading the end only (a floor)

T is the newest record's minute (HH:MM of the last line); PREFIX its
"YYYY-MM-DD HH:MM". Records of other minutes that follow in the last
minute's tracebacks are kept by tailor only; the line counts are shown.

    BENCH_FILE=/path/big.log python3 bench/since.py
"""
import os
import shutil
import subprocess
import sys
import time

F = os.environ.get('BENCH_FILE', 'bench/data/classic-1G-seed1.log')
RUNS = int(os.environ.get('BENCH_RUNS', '5'))
TAILOR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'tailor'))


def best(cmd):
    t = []
    out = b''
    for _ in range(RUNS):
        t0 = time.monotonic()
        out = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE).stdout
        t.append(time.monotonic() - t0)
    return min(t), out.count(b'\n')


def main():
    if not os.path.exists(F):
        sys.exit('bench/since.py: %s: no such file (set BENCH_FILE)' % F)
    with open(F, 'rb') as f:
        f.seek(max(0, os.path.getsize(F) - 65536))
        last = [l for l in f.read().split(b'\n') if l[:2] == b'20'][-1]
    prefix = last[:16].decode()
    q = "'%s'" % F
    rows = [('tailor -p --since %s' % prefix,
             '%s -p --since "%s" %s | cat' % (TAILOR, prefix, q)),
            ('tailor -p -g "^%s"' % prefix,
             '%s -p -g "^%s" %s | cat' % (TAILOR, prefix, q)),
            ("grep '^%s'" % prefix, "grep '^%s' %s | cat" % (prefix, q))]
    if shutil.which('rg'):
        rows.append(("rg '^%s'" % prefix, "rg '^%s' %s | cat" % (prefix, q)))
    rows.append(('tail -c 2M', 'tail -c 2M %s | cat' % q))
    subprocess.run('cat %s > /dev/null' % q, shell=True)     # warm the cache
    res = [(name,) + best(cmd) for name, cmd in rows]
    base = res[0][1]
    print('%s (%.2f GB), best of %d' % (F, os.path.getsize(F) / 1e9, RUNS))
    print('| job | seconds | lines out | vs tailor --since |')
    print('|---|---|---|---|')
    for name, secs, lines in res:
        print('| `%s` | %.3f | %d | %.1fx |' % (name, secs, lines, secs / base))


if __name__ == '__main__':
    main()
