#!/usr/bin/env python3
"""archives.py: compressed logs (issue 18) -- tailor vs zcat/zstdcat pipelines.

    python3 bench/archives.py            # writes bench/RESULTS-archives.md

For a 100 MB and a 1 GB Python log (loggen.py, or BENCH_FILE=PATH for the
big one), each compressed with gzip -6 and zstd -3 (cached in bench/data/):

  --print   `tailor -p -l error -g payment F.gz | wc -l` against
            `zcat F.gz | grep -E ' - (ERROR|CRITICAL) - .*payment' | wc -l`
            and the same through rg (zstdcat for .zst); the median of
            BENCH_RUNS (3) wall times, alternating; tailor's peak RSS
            (/usr/bin/time -f %M on tailor alone).
  TUI       bench/out/ptyrun: time until the last record is on screen and
            until the index is complete, RSS then (the text is in an
            unlinked temporary file in $TMPDIR: see README "Compressed").
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
DATA = os.path.join(REPO, 'bench', 'data')
OUT = os.path.join(REPO, 'bench', 'out')
TAILOR = os.path.join(REPO, 'tailor')
RUNS = int(os.environ.get('BENCH_RUNS', '3'))
MARK = 'BENCH-END-MARKER'
GREP_RE = "' - (ERROR|CRITICAL) - .*payment'"


def log(msg):
    print('archives: ' + msg, file=sys.stderr, flush=True)


def sh(cmd):
    return subprocess.run(cmd, shell=True, check=True, text=True,
                          stdout=subprocess.PIPE).stdout


def make_logs():
    os.makedirs(DATA, exist_ok=True)
    big = os.environ.get('BENCH_FILE') or os.path.join(DATA, 'arch-1G.log')
    if not os.path.exists(big):
        log('generating %s' % big)
        sh('python3 %s/bench/loggen.py --size 1G --out %s' % (REPO, big))
    small = os.path.join(DATA, 'arch-100M.log')
    if not os.path.exists(small):
        # The first 100 MB, cut after a line, and an end marker.
        with open(big, 'rb') as f:
            head = f.read(100 * 1024 * 1024)
        head = head[:head.rfind(b'\n') + 1]
        with open(small, 'wb') as f:
            f.write(head)
            f.write(b'2026-11-28 10:00:00,000 - app - ERROR - %s\n' % MARK.encode())
    files = [('100 MB', small), ('1 GB', big)]
    out = []
    for name, plain in files:
        base = os.path.join(DATA, os.path.basename(plain))
        gz, zst = base + '.gz', base + '.zst'
        if not os.path.exists(gz):
            log('gzip %s' % plain)
            sh('gzip -6 -c %s > %s.tmp && mv %s.tmp %s' % (plain, gz, gz, gz))
        if not os.path.exists(zst):
            log('zstd %s' % plain)
            sh('zstd -q -3 -c %s > %s.tmp && mv %s.tmp %s' % (plain, zst, zst, zst))
        out.append((name, plain, gz, zst))
    return out


def timed(cmd):
    t = time.monotonic()
    subprocess.run(cmd, shell=True, check=False, stdout=subprocess.DEVNULL)
    return time.monotonic() - t


def bench_print(plain, gz, zst):
    rss_file = os.path.join(OUT, 'arch.rss')
    rows = []
    for comp, f, cat in (('gzip', gz, 'zcat'), ('zstd', zst, 'zstdcat')):
        jobs = [
            ('tailor -p -l error -g payment',
             "/usr/bin/time -f %%M -o %s %s -p -l error -g payment %s | wc -l"
             % (rss_file, TAILOR, f)),
            ('%s \\| grep -E' % cat,
             '%s %s | grep -E %s | wc -l' % (cat, f, GREP_RE)),
            ('%s \\| rg' % cat, '%s %s | rg %s | wc -l' % (cat, f, GREP_RE)),
            ('%s > /dev/null (decompression alone)' % cat,
             '%s %s > /dev/null' % (cat, f)),
            ('tailor -p > /dev/null (decompression + split)',
             '%s -p %s > /dev/null' % (TAILOR, f)),
        ]
        if not shutil.which('rg'):
            jobs = [j for j in jobs if 'rg' not in j[0]]
        times = {j[0]: [] for j in jobs}
        rss = []
        for _ in range(RUNS):
            for name, cmd in jobs:
                times[name].append(timed(cmd))
                if name.startswith('tailor -p -l'):
                    with open(rss_file) as r:
                        rss.append(int(r.read().split()[-1]))
        for name, _ in jobs:
            rows.append((comp, name, statistics.median(times[name]),
                         max(rss) if name.startswith('tailor -p -l') else None))
    return rows


def bench_tui(f):
    ptyrun = os.path.join(OUT, 'ptyrun')
    if not os.path.exists(ptyrun):
        sh('cc -std=c11 -D_GNU_SOURCE -O2 -o %s %s/bench/ptyrun.c -lutil'
           % (ptyrun, REPO))
    res = []
    for _ in range(RUNS):
        p = subprocess.run([ptyrun, '-T', '300', '-e', MARK, '-i', '--',
                            TAILOR, f], text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        kv = dict(l.split('=', 1) for l in p.stdout.splitlines() if '=' in l)
        log('tui %s: %s' % (os.path.basename(f), kv))
        res.append(kv)

    def med(k):
        v = [float(x[k]) for x in res if k in x]
        return statistics.median(v) if v else None
    return med('first_screen_ms'), med('indexed_ms'), med('rss_indexed_kb')


def main():
    os.makedirs(OUT, exist_ok=True)
    if not os.path.exists(TAILOR):
        sys.exit('archives: ./tailor missing (run make)')
    logs = make_logs()
    lines = ['# Compressed logs (bench/archives.py)\n',
             'Machine: %s, %d cores (shared). Median of %d runs, wall time.'
             % (os.uname().machine, os.cpu_count(), RUNS),
             'grep/rg get the line-level equivalent `%s`; tailor filters '
             'whole records (a match in a traceback counts).\n' % GREP_RE]
    for name, plain, gz, zst in logs:
        sizes = (os.path.getsize(plain) >> 20, os.path.getsize(gz) >> 20,
                 os.path.getsize(zst) >> 20)
        lines.append('## %s log (%d MB; .gz %d MB, .zst %d MB)\n' % ((name,) + sizes))
        lines.append('| format | job | seconds | vs pipeline | tailor peak RSS |')
        lines.append('|---|---|---:|---:|---:|')
        rows = bench_print(plain, gz, zst)
        ref = {}
        for comp, job, t, rss in rows:
            if '| grep' in job:
                ref[comp] = t
        for comp, job, t, rss in rows:
            ratio = ('%.2fx' % (t / ref[comp])) if job.startswith('tailor -p -l') else ''
            lines.append('| %s | `%s` | %.2f | %s | %s |' % (
                comp, job, t, ratio, '%d MB' % (rss >> 10) if rss else ''))
        lines.append('')
        if os.environ.get('BENCH_NO_TUI') is None and MARK in sh(
                'tail -c 200 %s' % plain):
            first, idx, rss = bench_tui(gz)
            lines.append('TUI on the .gz: last screen after %s ms (the whole '
                         'text decompressed into $TMPDIR first), index complete '
                         'after %s ms, RSS %s MB.\n' % (
                             '%.0f' % first if first else '?',
                             '%.0f' % idx if idx else '?',
                             '%.0f' % (rss / 1024) if rss else '?'))
    path = os.path.join(REPO, 'bench', 'RESULTS-archives.md')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
