#!/usr/bin/env python3
"""bench/collapse.py: the TUI following live, with and without collapsed subtrees.

Issue 23's budget: drawing and following with two collapsed subtrees stay
within noise of the figures without them. Runs bench.py's live scenario
(three files written by loggen.py at 3 x 2222 records/s -- real records,
sqlalchemy and urllib3 among their loggers -- plus a quiet file, the TUI in
bench/ptyrun.c's screen model) alternately plain and with
`-C sqlalchemy -C urllib3`, BENCH_ROUNDS times each, and prints tailor's CPU%
and the latency of records to the screen (p50 / p99 ms).

    python3 bench/collapse.py   # after make bench (builds bench/out/ptyrun); ~3 min
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

ROUNDS = int(os.environ.get('BENCH_ROUNDS', '3'))
SECS = float(os.environ.get('BENCH_LIVE_SECS', '15'))


def loggen_cmd(fs):
    n = int(2222 * SECS)
    return ' & '.join(
        'timeout -s INT %d %s bench/loggen.py --follow %s --rate 2222 '
        '--marker --seed %d --max-lines %d' %
        (SECS + 5, sys.executable, f, i + 1, n)
        for i, f in enumerate(fs)) + ' & wait'


def main():
    res = {'plain': [], 'collapsed': []}
    for r in range(ROUNDS):
        for label, args in (('plain', []),
                            ('collapsed', ['-C', 'sqlalchemy', '-C', 'urllib3'])):
            bench.LIVE_ARGS = args
            res[label].append(bench.live('%s round %d' % (label, r + 1),
                                         loggen_cmd, SECS))
    print('| run | tailor CPU % | records on screen p50 ms | p99 ms | sustained lines/s |')
    print('|---|---|---|---|---|')
    for label, rs in res.items():
        def med(k):
            v = [x[k] for x in rs if x.get(k) is not None]
            return statistics.median(v) if v else float('nan')
        print('| %s (median of %d) | %.1f | %.1f | %.1f | %.0f |' % (
            label, len(rs), med('cpu'), med('p50'), med('p99'),
            med('sustained')))


if __name__ == '__main__':
    main()
