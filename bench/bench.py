#!/usr/bin/env python3
"""bench.py: tailor's benchmark suite (run by bench/run.sh, i.e. `make bench`).

Runs tailor, grep, tail and lnav on the same generated file, alternating,
BENCH_RUNS times, then the TUI (bench/ptyrun.c, a pty harness with a small
screen model) for time to last screen, background index speed and memory,
level toggle, live latency / ingest / loss and idle wake-ups.  Writes the
medians, ratios and the budget of ../shared/DESIGN.md as PASS/FAIL into
bench/RESULTS.md, raw figures into bench/out/.

Environment:
  BENCH_SIZE=1G        size of the classic-style input (200M for a quick run)
  BENCH_RUNS=5         runs per tool (alternating) for batch scenarios
  BENCH_LNAV_RUNS=1    runs for lnav (it takes a minute or two per run at 1G)
  BENCH_JSON_RUNS=3    runs for `tailor --print --json` (it writes 3x the bytes)
  BENCH_LIVE_SECS=10   seconds of writing per live scenario
  BENCH_FULL_LINES=6000000  lines written by the full-speed live scenarios
  BENCH_RESULTS=bench/RESULTS.md
"""
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)
OUT = 'bench/out'
DATA = os.environ.get('BENCH_DATA', 'bench/data')
SIZE = os.environ.get('BENCH_SIZE', '1G')
RUNS = int(os.environ.get('BENCH_RUNS', '5'))
LNAV_RUNS = int(os.environ.get('BENCH_LNAV_RUNS', '1'))
JSON_RUNS = int(os.environ.get('BENCH_JSON_RUNS', '3'))
LIVE_SECS = float(os.environ.get('BENCH_LIVE_SECS', '10'))
FULL_LINES = int(os.environ.get('BENCH_FULL_LINES', '6000000'))
RESULTS = os.environ.get('BENCH_RESULTS', 'bench/RESULTS.md')
TAILOR = os.path.abspath('tailor')
# Extra tailor arguments for the live TUI runs (bench/collapse.py sets it).
LIVE_ARGS = os.environ.get('BENCH_LIVE_ARGS', '').split()
PTYRUN = os.path.abspath(OUT + '/ptyrun')
WRITER = os.path.abspath(OUT + '/writer')
END_MARKER = 'BENCH-END-MARKER'
LNAV = shutil.which('lnav')
RG = shutil.which('rg')
TIME = '/usr/bin/time'


def log(*a):
    print('bench:', *a, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, text=True,
                          stdout=subprocess.PIPE, **kw).stdout


def size_bytes(s):
    m = re.fullmatch(r'(\d+)([KMG]?)', s.upper())
    return int(m.group(1)) * {'': 1, 'K': 1 << 10, 'M': 1 << 20,
                              'G': 1 << 30}[m.group(2)]


# ---------------------------------------------------------------- input

def make_input():
    """The classic-style file, generated once and cached in bench/data/."""
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, 'classic-%s-seed1.log' % SIZE)
    if os.path.exists(path):
        return path
    log('generating %s (once; cached in %s)' % (path, DATA))
    tmp = path + '.tmp'
    subprocess.run([sys.executable, 'bench/loggen.py', '--size', SIZE,
                    '--style', 'classic', '--seed', '1', '--out', tmp],
                   check=True)
    # One last record with a unique text: the TUI harness waits for it.
    with open(tmp, 'rb') as f:
        f.seek(max(0, os.path.getsize(tmp) - 65536))
        tail = f.read().split(b'\n')
    stamp = next(l[:23] for l in reversed(tail)
                 if re.match(rb'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}', l))
    with open(tmp, 'ab') as f:
        f.write(stamp + b' - bench - INFO - ' + END_MARKER.encode() + b'\n')
    os.rename(tmp, path)
    return path


# ---------------------------------------------------------- batch tools

def measure(cmd, rssfile=None):
    """Wall seconds of a shell pipeline; peak RSS (KB) of the timed tool."""
    if rssfile and os.path.exists(rssfile):
        os.unlink(rssfile)
    t = time.monotonic()
    p = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    dt = time.monotonic() - t
    rss = None
    if rssfile and os.path.exists(rssfile):
        try:
            rss = int(open(rssfile).read().split()[-1])
        except (ValueError, IndexError):
            pass
    if p.returncode not in (0, 1):
        log('warning: exit %d: %s\n%s' % (p.returncode, cmd, p.stderr[-500:]))
    return dt, rss, p.stdout


def timed(tool_cmd, rest):
    """`/usr/bin/time -f %M -o F TOOL ... REST`: RSS of TOOL alone."""
    rssf = os.path.join(OUT, 'rss.txt')
    return '%s -f %%M -o %s %s %s' % (TIME, rssf, tool_cmd, rest), rssf


def run_batch(name, tools):
    """tools: [(label, tool_cmd, rest, runs)]; alternate, return stats."""
    res = {label: {'t': [], 'rss': [], 'out': None} for label, *_ in tools}
    for i in range(RUNS):
        for label, tool, rest, runs in tools:
            if i >= runs:
                continue
            cmd, rssf = timed(tool, rest)
            dt, rss, out = measure(cmd, rssf)
            res[label]['t'].append(dt)
            if rss is not None:
                res[label]['rss'].append(rss)
            res[label]['out'] = out.strip()
            log('%s: %s run %d: %.2f s, %s KB' % (name, label, i + 1, dt, rss))
    for label in res:
        r = res[label]
        r['med'] = statistics.median(r['t']) if r['t'] else None
        r['rssmax'] = max(r['rss']) if r['rss'] else None
        r['n'] = len(r['t'])
    return res


# ------------------------------------------------------------------ TUI

def ptyrun(args, cmd, timeout=None):
    p = subprocess.run([PTYRUN] + args + ['--'] + cmd, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    kv = {}
    for line in p.stdout.splitlines():
        if '=' in line:
            k, v = line.split('=', 1)
            kv[k] = v
    if 'error' in kv:
        log('ptyrun: %s' % kv['error'])
    return kv


def pct(a, q):
    if not a:
        return None
    a = sorted(a)
    return a[min(len(a) - 1, int(round(q * (len(a) - 1))))]


def marker_pairs(paths):
    """Every (seq, t) written, and the span of t (first to last write)."""
    pairs = set()
    rx = re.compile(rb'seq=(\d+) t=(\d+)')
    for p in paths:
        with open(p, 'rb') as f:
            for m in rx.finditer(f.read()):
                pairs.add((int(m.group(1)), int(m.group(2))))
    ts = [t for _, t in pairs]
    span = (max(ts) - min(ts)) / 1e9 if len(ts) > 1 else None
    return pairs, span


def live(label, writer_cmd_fn, secs):
    """TUI on 3 loaded files + 1 quiet file while writer_cmd runs."""
    d = os.path.abspath(os.path.join(OUT, 'live'))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    files = [os.path.join(d, 'w%d.log' % i) for i in (1, 2, 3)]
    quiet = os.path.join(d, 'quiet.log')
    for f in files + [quiet]:
        open(f, 'w').close()
    wout = os.path.join(d, 'writer.out')
    wcmd = writer_cmd_fn(files) + ' > %s 2>&1' % wout
    logp = os.path.join(d, 'sightings.txt')
    kv = ptyrun(['-T', str(int(secs) + 180), '-W', wcmd,
                 '-o', logp, '-q', quiet, '-F', ','.join(files + [quiet])],
                [TAILOR] + LIVE_ARGS + files + [quiet])
    valid, span = marker_pairs(files)
    lat, qlat, bogus = [], [], 0
    for line in open(logp):
        k, s, t, w = line.split()
        ms = (int(w) - int(t)) / 1e6
        if k == 'Q':
            qlat.append(ms)
        elif (int(s), int(t)) in valid:
            lat.append(ms)
        else:
            bogus += 1
    lines = int(sh('cat %s | wc -l' % ' '.join(files))) - 3  # end records
    wsec = float(kv.get('writer_s', 'nan'))
    catch = float(kv.get('catchup_ms', 'nan')) / 1000
    r = {
        'label': label, 'lines': lines, 'writer_s': wsec,
        'write_rate': lines / (span or wsec) if (span or wsec) else None,
        'catchup_ms': catch * 1000,
        'sustained': lines / ((span or wsec) + catch) if wsec else None,
        'cpu': float(kv.get('cpu_pct', 'nan')),
        'n': len(lat), 'p50': pct(lat, .5), 'p99': pct(lat, .99),
        'max': max(lat) if lat else None,
        'qn': len(qlat), 'qp50': pct(qlat, .5), 'qp99': pct(qlat, .99),
        'bogus': bogus, 'error': kv.get('error'),
    }
    log('live %s: %s' % (label, {k: v for k, v in r.items()}))
    return r


def make_chunk(F, nlines):
    """The first ~nlines lines of F, cut before a record start (bulk appends)."""
    path = os.path.join(OUT, 'chunk-%d.log' % nlines)
    if os.path.exists(path):
        return os.path.abspath(path)
    start = re.compile(rb'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ')
    lines = []
    with open(F, 'rb') as f:
        for i, line in enumerate(f):
            if i >= nlines and start.match(line):
                break
            lines.append(line)
    with open(path + '.tmp', 'wb') as f:
        f.writelines(lines)
    os.rename(path + '.tmp', path)
    return os.path.abspath(path)


def bulk_cmd(chunk):
    """Append chunk to each file at once, as fast as cat can (3 in parallel)."""
    return lambda fs: ' & '.join('cat %s >> %s' % (chunk, f) for f in fs) + \
        ' & wait'


def lost_test(label, writer_cmd_fn, tool='tailor'):
    """`tailor --print -f` (or `tail -F`) on 3 files written at full speed."""
    d = os.path.abspath(os.path.join(OUT, 'lost'))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    files = [os.path.join(d, 'w%d.log' % i) for i in (1, 2, 3)]
    for f in files:
        open(f, 'w').close()
    outp = os.path.join(d, 'print.out')
    out = open(outp, 'wb')
    cmd = [TAILOR, '--print', '-f'] if tool == 'tailor' else ['tail', '-F']
    tp = subprocess.Popen(cmd + files, stdout=out, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    t0 = time.monotonic()
    sh(writer_cmd_fn(files))
    tw = time.monotonic() - t0
    total = sum(os.path.getsize(f) for f in files)
    # Wait until the output stops growing for 1 s; note when it last grew.
    last_size, last_t = -1, time.monotonic()
    while True:
        s = os.path.getsize(outp)
        now = time.monotonic()
        if s != last_size:
            last_size, last_t = s, now
        elif now - last_t > 1.0 or now - t0 > 120:
            break
        time.sleep(0.01)
    cpu = None
    try:
        st = open('/proc/%d/stat' % tp.pid).read().rsplit(')', 1)[1].split()
        cpu = (int(st[11]) + int(st[12])) / os.sysconf('SC_CLK_TCK')
    except OSError:
        pass
    tp.terminate()
    tp.wait()
    out.close()
    # Demultiplex by the ==> NAME <== headers, compare with each file.
    streams = {f: open(f, 'rb') for f in files}
    cur, got, lost, extra, wrong = None, 0, 0, 0, 0
    pending = False     # a blank line: data, or the one before a header

    def data(line):
        nonlocal got, extra, wrong
        if cur is None:
            extra += 1
            return
        got += 1
        if cur.readline() != line:
            wrong += 1
    with open(outp, 'rb') as f:
        for line in f:
            if line.startswith(b'==> ') and line.endswith(b' <==\n'):
                cur = streams.get(line[4:-5].decode())
                pending = False
                continue
            if pending:
                data(b'\n')
            pending = line == b'\n'
            if not pending:
                data(line)
    if pending:
        data(b'\n')
    for s in streams.values():
        lost += sum(1 for _ in s)
        s.close()
    written = int(sh('cat %s | wc -l' % ' '.join(files)))
    elapsed = last_t - t0
    r = {'label': label, 'tool': tool, 'written': written, 'bytes': total,
         'writer_s': tw,
         'writer_rate': written / tw, 'printed': got, 'lost': lost,
         'wrong': wrong, 'extra': extra, 'elapsed': elapsed,
         'rate': got / elapsed if elapsed > 0 else None,
         'cpu_pct': cpu / elapsed * 100 if cpu is not None else None}
    log('lost test: %s' % r)
    return r


def idle_test():
    d = os.path.abspath(os.path.join(OUT, 'idle'))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    files = [os.path.join(d, 'q%d.log' % i) for i in (1, 2, 3)]
    for i, f in enumerate(files):
        with open(f, 'w') as fh:
            fh.write('2026-01-01 00:00:00,000 - app - INFO - quiet file %d\n'
                     % i)
    st = os.path.join(d, 'strace.txt')
    kv = ptyrun(['-I', '-d', '5', '-S', st], [TAILOR] + files)
    calls = None
    if os.path.exists(st):
        txt = open(st).read()
        m = re.search(r'^\s*[\d.]+\s+[\d.]+\s+\d*\s+(\d+)\s+(?:\d+\s+)?total',
                      txt, re.M)
        calls = int(m.group(1)) if m else 0
        kv['strace'] = txt.strip()
    kv['strace_calls'] = calls
    log('idle: %s' % {k: v for k, v in kv.items() if k != 'strace'})
    return kv


# -------------------------------------------------------------- report

def fmt_s(x):
    return '-' if x is None else '%.2f s' % x


def fmt_mb(kb):
    return '-' if kb is None else '%.1f MB' % (kb / 1024)


def fmt_ms(x):
    return '-' if x is None or x != x else '%.1f ms' % x


def verdict(ok):
    return 'PASS' if ok else 'FAIL'


def version(cmd):
    try:
        return subprocess.run(cmd, shell=True, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT).stdout.splitlines()[0]
    except (IndexError, OSError):
        return '?'


def main():
    os.makedirs(OUT, exist_ok=True)
    t_start = time.monotonic()
    load0 = open('/proc/loadavg').read().split()[:3]
    F = os.path.abspath(make_input())
    fsize = os.path.getsize(F)
    log('warming the page cache')
    sh('cat %s > /dev/null' % F)
    nlines = int(sh('wc -l < %s' % F))
    nrecs = int(sh("grep -c -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} ' %s" % F))
    q = lambda s: "'" + s + "'"

    lnav_note = None
    if not LNAV:
        lnav_note = 'lnav is not installed (apt-get install -y lnav failed): lnav rows skipped.'
    lnav_runs = LNAV_RUNS if LNAV else 0

    # 1. print everything
    s1 = run_batch('print', [
        ('tailor --print', TAILOR + ' --print', F + ' | cat > /dev/null', RUNS),
        ("grep ''", "grep ''", F + ' | cat > /dev/null', RUNS),
        ('tail -n +1', 'tail -n +1', F + ' | cat > /dev/null', RUNS),
    ])
    # 2. level + regex filter
    s2 = run_batch('filter', [
        ('tailor -l error -g payment',
         TAILOR + ' --print -l error -g payment', F + ' | wc -l', RUNS),
        ("grep -E ' - (ERROR|CRITICAL) - .*payment'",
         "grep -E ' - (ERROR|CRITICAL) - .*payment'", F + ' | wc -l', RUNS),
        ('lnav -n min-level error, filter-in payment',
         "lnav -n -c ':set-min-log-level error' -c ':filter-in payment'",
         F + ' | wc -l', lnav_runs),
    ])
    # 2b. search jobs beside ripgrep (issue 21); rg with --no-mmap, which
    # is faster than its mmap of one big file on this kind of VM
    search = []
    if RG:
        for job, targs, rgargs, gargs in (
                ('level + regex', "-l error -g payment",
                 "' - (ERROR|CRITICAL) - .*payment'",
                 "-E ' - (ERROR|CRITICAL) - .*payment'"),
                ('literal', '-g KeyError', 'KeyError', 'KeyError'),
                ('caseless literal', '-i -g timeout', '-i timeout', '-i timeout'),
                ('alternation', "-g 'KeyError|Traceback|refused'",
                 "'KeyError|Traceback|refused'",
                 "-E 'KeyError|Traceback|refused'"),
                ('level only', '-l error', "' - (ERROR|CRITICAL) - '",
                 "-E ' - (ERROR|CRITICAL) - '")):
            search.append((job, run_batch('search ' + job, [
                ('tailor --print ' + targs, TAILOR + ' --print ' + targs,
                 F + ' | cat > /dev/null', RUNS),
                # the same on one thread (cli/printpar.c off)
                ('TAILOR_THREADS=1 tailor --print ' + targs,
                 'env TAILOR_THREADS=1 ' + TAILOR + ' --print ' + targs,
                 F + ' | cat > /dev/null', RUNS),
                ('rg --no-mmap ' + rgargs, 'rg --no-mmap ' + rgargs,
                 F + ' | cat > /dev/null', RUNS),
                ('grep ' + gargs, 'grep ' + gargs, F + ' | cat > /dev/null',
                 RUNS),
            ]), 'rg --no-mmap ' + rgargs))
    # 3. --stats
    s3 = run_batch('stats', [
        ('tailor --print --stats', TAILOR + ' --print --stats',
         F + ' > /dev/null', RUNS),
        ('lnav -n SELECT log_level, count(*)',
         "lnav -n -c " + q(';SELECT log_level, count(*) FROM all_logs GROUP BY log_level'),
         F + ' > /dev/null', lnav_runs),
    ])
    # 4. parse cost (full-parse passes against plain --print)
    s4 = run_batch('parse', [
        ('tailor --print', TAILOR + ' --print', F + ' | wc -c', RUNS),
        ('tailor --print -l debug', TAILOR + ' --print -l debug',
         F + ' | cat > /dev/null', RUNS),
        ('tailor --print --stats', TAILOR + ' --print --stats',
         F + ' > /dev/null', RUNS),
        ('tailor --print --json', TAILOR + ' --print --json',
         F + ' | wc -c', JSON_RUNS),
    ])

    # 5/6. TUI: last screen, index, memory, toggle
    tui = []
    for i in range(RUNS):
        kv = ptyrun(['-T', '120', '-e', END_MARKER, '-i', '-k', '1'],
                    [TAILOR, F])
        log('tui run %d: %s' % (i + 1, kv))
        tui.append(kv)

    def tmed(k):
        v = [float(x[k]) for x in tui if k in x]
        return statistics.median(v) if v else None

    first_ms = tmed('first_screen_ms')
    indexed_ms = tmed('indexed_ms')
    rss_kb = tmed('rss_indexed_kb')
    hwm_kb = tmed('hwm_indexed_kb')
    rss0_kb = tmed('rss_first_kb')
    toggle_ms = tmed('toggle_ms')
    index_gbs = fsize / (1 << 30) / (indexed_ms / 1000) if indexed_ms else None
    stats_gbs = fsize / (1 << 30) / s3['tailor --print --stats']['med']
    bpl = rss_kb * 1024 / nlines if rss_kb else None
    bpl_idx = (rss_kb - rss0_kb) * 1024 / nlines if rss_kb else None
    bpr = rss_kb * 1024 / nrecs if rss_kb else None

    # Regex filters typed in the TUI over the whole indexed file: the time
    # until no title says "filtering" (the bottom is right at once).
    regex_ms = {}
    for keys in ('fKeyError\r', 'fpayment\r', 'xDEBUG\r'):
        got = []
        for i in range(RUNS):
            kv = ptyrun(['-T', '120', '-e', END_MARKER, '-i', '-k', keys],
                        [TAILOR, F])
            log('tui regex %r run %d: %s' % (keys, i + 1, kv))
            if 'toggle_ms' in kv:
                got.append(float(kv['toggle_ms']))
        regex_ms[keys.strip()] = statistics.median(got) if got else None

    # 7. live
    lives = []
    per = lambda rate: '%s -r %d -d %g %%s' % (WRITER, rate, LIVE_SECS)
    lives.append(live('10 k lines/s (writer.c)',
                      lambda fs: per(10000) % ' '.join(fs), LIVE_SECS))

    def loggen_cmd(fs):
        # ~1.5 lines per record: 10 k lines/s over 3 files.
        n = int(2222 * LIVE_SECS)
        return ' & '.join(
            'timeout -s INT %d %s bench/loggen.py --follow %s --rate 2222 '
            '--marker --seed %d --max-lines %d' %
            (LIVE_SECS + 5, sys.executable, f, i + 1, n)
            for i, f in enumerate(fs)) + ' & wait'
    lives.append(live('10 k lines/s (loggen.py, 3 x 2222 rec/s)', loggen_cmd,
                      LIVE_SECS))
    lives.append(live('100 k lines/s (writer.c)',
                      lambda fs: per(100000) % ' '.join(fs), LIVE_SECS))
    lives.append(live('full speed (writer.c, %d lines)' % FULL_LINES,
                      lambda fs: '%s -n %d -d 60 %s' %
                      (WRITER, FULL_LINES, ' '.join(fs)), LIVE_SECS))
    chunk = make_chunk(F, FULL_LINES // 3)
    lives.append(live('bulk append (cat, 3 x %d lines of the input)' %
                      (FULL_LINES // 3), bulk_cmd(chunk), LIVE_SECS))
    losts = []
    for tool in ('tailor', 'tail -F'):
        losts += [
            lost_test('bench/writer.c at full speed (64 KB writes)',
                      lambda fs: '%s -n %d -d 60 %s > /dev/null' %
                      (WRITER, FULL_LINES, ' '.join(fs)), tool),
            lost_test('bulk append (cat, 3 x %d lines of the input)' %
                      (FULL_LINES // 3), bulk_cmd(chunk), tool),
        ]

    # 8. idle
    idle = idle_test()

    total_min = (time.monotonic() - t_start) / 60
    load1 = open('/proc/loadavg').read().split()[:3]
    date = datetime.datetime.now().strftime('%Y-%m-%d %H:%M %Z').strip()
    v = {k: x for k, x in locals().items() if k not in ('q', 'per',
                                                         'loggen_cmd', 'tmed')}
    with open(os.path.join(OUT, 'results.json'), 'w') as f:
        json.dump(v, f, indent=1, default=str)
    write_results(v)
    log('done in %.1f min; wrote %s' % (total_min, RESULTS))


def write_results(v):
    s1, s2, s3, s4 = v['s1'], v['s2'], v['s3'], v['s4']
    F, fsize, nlines, nrecs = v['F'], v['fsize'], v['nlines'], v['nrecs']
    o = []
    w = o.append
    cpu = re.search(r'model name\s*:\s*(.*)', open('/proc/cpuinfo').read())
    w('# tailor benchmark results\n')
    w('Written by `make bench` (bench/run.sh, bench/bench.py); raw figures '
      'in bench/out/. Do not edit by hand.\n')
    w('- Date: %s' % v['date'])
    w('- Machine: %d CPUs (nproc), %s, %.1f GB RAM, kernel %s' % (
        os.cpu_count(), cpu.group(1).strip() if cpu else '?',
        os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1e9,
        os.uname().release))
    w('- Input: `%s`: %.2f GB, %d lines, %d records, classic style '
      '(bench/loggen.py --size %s --seed 1, plus one last record `%s`); '
      'page cache warm. Load average (1/5/15 min) at start %s, at end %s: '
      'the machine is shared with other jobs.' % (os.path.relpath(F), fsize / (1 << 30), nlines,
                            nrecs, SIZE, END_MARKER, '/'.join(v['load0']),
                            '/'.join(v['load1'])))
    w('- Tools: %s; %s; %s; %s; lnav: %s' % (
        version(TAILOR + ' -V'), version('grep -V'),
        version('tail --version'), version('python3 -V'),
        version('lnav -V') if LNAV else 'not installed'))
    w('- Runs: %d per tool, alternating in one run; medians. lnav %d run(s) '
      '(BENCH_LNAV_RUNS; a run takes minutes at 1 GB), `--json` %d run(s) '
      '(BENCH_JSON_RUNS). Peak RSS by `/usr/bin/time -f %%M` on the tool '
      'alone (not the pipe). Total time of this `make bench`: %.1f min.' % (
          RUNS, LNAV_RUNS, JSON_RUNS, v['total_min']))
    busy = max(float(x) for x in v['load0'][:1] + v['load1'][:1])
    if busy > (os.cpu_count() or 1):
        w('- **Warning**: the load average reached %.1f on %d CPUs during this '
          'run (other jobs on the machine): times, above all the TUI ones, '
          'are pessimistic; ratios between tools run alternately hold '
          'better. Rerun `make bench` on a quiet machine for the record.'
          % (busy, os.cpu_count()))
    if v['lnav_note']:
        w('- ' + v['lnav_note'])
    w('')

    def table(title, res, base, extra_ratio=None):
        w('### %s\n' % title)
        w('| command | runs | median | vs `%s` | peak RSS | output |' %
          base.replace('|', '\\|'))
        w('|---|---|---|---|---|---|')
        b = res[base]['med'] if base in res else None
        for label, r in res.items():
            ratio = '%.2fx' % (r['med'] / b) if r['med'] and b else '-'
            outp = r['out'] if r['out'] and len(r['out']) < 12 else ''
            w('| `%s` | %d | %s | %s | %s | %s |' % (
                label.replace('|', '\\|'), r['n'], fmt_s(r['med']), ratio, fmt_mb(r['rssmax']),
                outp))
        w('')

    w('## Batch (--print)\n')
    w('Pipelines: `... F | cat > /dev/null` (GNU grep stops at the first '
      'match when its output is /dev/null itself), filters `... | wc -l` '
      '(output column: lines printed; tailor prints whole records, grep '
      'matching lines, lnav its own view).\n')
    table('1. Print everything', s1, "grep ''")
    table('2. Level + regex filter', s2,
          "grep -E ' - (ERROR|CRITICAL) - .*payment'")
    for job, res, base in v.get('search') or []:
        table('2b. Beside ripgrep: %s' % job, res, base)
    table('3. --stats', s3, 'tailor --print --stats')
    table('4. Parse cost (full-parse passes vs plain --print)', s4,
          'tailor --print')

    w('## TUI (bench/ptyrun.c: forkpty, 200x50, xterm-256color, screen model)\n')
    w('| figure | median of %d | notes |' % RUNS)
    w('|---|---|---|')
    w('| last screen of the file visible (`%s` on screen) | %s | from spawn |'
      % (END_MARKER, fmt_ms(v['first_ms'])))
    w('| whole file indexed (no "indexing"/"filtering" left in any title) '
      '| %s | %.2f GB/s |' % (fmt_ms(v['indexed_ms']), v['index_gbs'] or 0))
    w('| `--print --stats` throughput (same parse, for comparison) | %.2f GB/s '
      '| |' % v['stats_gbs'])
    w('| VmRSS after indexing | %s | %.1f bytes/line, %.1f bytes/record '
      '(%.1f bytes/line above the first screen\'s RSS); VmHWM %s |' % (
          fmt_mb(v['rss_kb']), v['bpl'] or 0, v['bpr'] or 0,
          v['bpl_idx'] or 0, fmt_mb(v['hwm_kb'])))
    w('| level toggle `1` (hide DEBUG) after indexing, until redrawn and no '
      '"filtering" | %s | |' % fmt_ms(v['toggle_ms']))
    for keys, what in (('fKeyError', 'include regex `KeyError` (rare: 34 k '
                        'lines)'), ('fpayment', 'include regex `payment` '
                        '(smart case: caseless; 152 k lines)'),
                       ('xDEBUG', 'exclude regex `DEBUG` (35% of records)')):
        ms = v.get('regex_ms', {}).get(keys)
        if ms is not None:
            w('| %s typed after indexing, until no "filtering" | %s | '
              'the bottom of the pane is right at once |' % (what, fmt_ms(ms)))
    w('')
    w('lnav time to first screen: not measured here (lnav 0.11.1 took 6.7 s '
      'on such a file, per issue 5).\n')

    w('## Live (TUI on 3 files being written + 1 quiet file, layout rows)\n')
    w('Latency = time a `seq=N t=NS` marker is first on the screen model - '
      't (CLOCK_MONOTONIC just before the write() carrying it); only '
      'markers found in the written files count. The quiet pane gets one '
      'record per 100 ms from the harness. Sustained = lines / (writing '
      'time + time until every pane showed its final record); writing time '
      'and write rate come from the first and last marker\'s t where the '
      'writer puts markers (so loggen.py\'s start-up is left out).\n')
    w('| writers | lines | write rate | sustained | p50 | p99 | max | samples '
      '| quiet pane p50 / p99 | tailor CPU |')
    w('|---|---|---|---|---|---|---|---|---|---|')
    for r in v['lives']:
        w('| %s | %d | %.0f/s | %.0f/s | %s | %s | %s | %d | %s / %s | %.0f%% |'
          % (r['label'], r['lines'], r['write_rate'] or 0, r['sustained'] or 0,
             fmt_ms(r['p50']), fmt_ms(r['p99']), fmt_ms(r['max']), r['n'],
             fmt_ms(r['qp50']), fmt_ms(r['qp99']), r['cpu']))
    w('')
    w('Loss and ingest: `tailor --print -f` and GNU `tail -F` on 3 files '
      'while they are appended to; the output demultiplexed by the '
      '`==> NAME <==` headers (both write them the same way) and compared '
      'line by line with each file. Ingest = lines / (first write to last '
      'output byte). For `tail -F`, "differing" lines are lines it cut in '
      'two: it writes what it has read of one file, a partial line '
      'included, then the next file\'s header.\n')
    w('| tool | writers | lines written | write rate | printed | lost | '
      'differing | unexpected | ingest | CPU |')
    w('|---|---|---|---|---|---|---|---|---|---|')
    for L in v['losts']:
        w('| `%s` | %s | %d | %.0f/s | %d | %d | %d | %d | %.0f/s | %.0f%% |' % (
            'tailor --print -f' if L.get('tool', 'tailor') == 'tailor'
            else L['tool'], L['label'], L['written'], L['writer_rate'],
            L['printed'], L['lost'], L['wrong'], L['extra'], L['rate'] or 0,
            L['cpu_pct'] or 0))
    w('')
    I = v['idle']
    w('Idle: TUI following 3 quiet files, over %s s after 1 s of quiet: '
      '%s context switches (%s voluntary), %s CPU ticks, %s bytes written '
      'to the terminal; `strace -f -c` over the next %s s: %s syscalls (attaching '
      'strace interrupts the blocking wait itself, so a syscall or two there '
      'is the attach, not a timer).\n' % (
          I.get('idle_s'), I.get('idle_ctxsw'), I.get('idle_voluntary_ctxsw'),
          I.get('idle_cpu_ticks'), I.get('idle_bytes_out'), I.get('idle_s'),
          I.get('strace_calls')))

    # Budget
    w('## Budget (../shared/DESIGN.md "Performance budget", issues 2, 4, 5, 8)\n')
    w('| budget | measured | verdict |')
    w('|---|---|---|')
    tf = s2['tailor -l error -g payment']
    gf = s2["grep -E ' - (ERROR|CRITICAL) - .*payment'"]
    lf = s2['lnav -n min-level error, filter-in payment']
    r = tf['med'] / gf['med']
    w('| print with level + regex filter within 1.5x grep -E | %.2fx | %s |'
      % (r, verdict(r <= 1.5)))
    if lf['med']:
        r = lf['med'] / tf['med']
        w('| ... at least 10x faster than lnav -n | %.1fx faster | %s |'
          % (r, verdict(r >= 10)))
    else:
        w('| ... at least 10x faster than lnav -n | lnav not installed | skipped |')
    w('| ... peak RSS under 64 MB | %s | %s |' % (
        fmt_mb(tf['rssmax']), verdict(tf['rssmax'] < 64 * 1024)))
    ts, ls = s3['tailor --print --stats'], s3['lnav -n SELECT log_level, count(*)']
    if ls['med']:
        r = ls['med'] / ts['med']
        w('| --stats at least 10x faster than lnav\'s SQL count (issue 4) | '
          '%.1fx faster | %s |' % (r, verdict(r >= 10)))
    tp, gp = s1['tailor --print'], s1["grep ''"]
    r = tp['med'] / gp['med']
    w('| print everything within 2x `grep \'\'` (issue 2) | %.2fx | %s |'
      % (r, verdict(r <= 2)))
    w('| ... peak RSS under 32 MB (issue 2) | %s | %s |' % (
        fmt_mb(tp['rssmax']), verdict(tp['rssmax'] < 32 * 1024)))
    base = s4['tailor --print']['med']
    for label in ('tailor --print -l debug', 'tailor --print --stats'):
        m = s4[label]['med']
        w('| full parse costs at most 30%% over plain --print: `%s` | %+.0f%% '
          '| %s |' % (label, (m / base - 1) * 100, verdict(m / base <= 1.3)))
    # --json is no parse-cost line: it writes each record's text twice
    # (message and text) plus fields; shown per output byte, for the record.
    js, pl = s4['tailor --print --json'], s4['tailor --print']
    try:
        jb, pb = int(js['out']), int(pl['out'])
        w('| (figure, no budget) `--print --json` output rate vs plain --print | '
          '%.2f vs %.2f GB/s of output (%.1fx the bytes, %.1fx the time) | - |'
          % (jb / js['med'] / 1e9, pb / pl['med'] / 1e9, jb / pb,
             js['med'] / pl['med']))
    except (TypeError, ValueError):
        pass
    w('| TUI: last screen of 1 GB visible in under 50 ms | %s | %s |' % (
        fmt_ms(v['first_ms']), verdict(v['first_ms'] < 50)))
    w('| whole file indexed in the background at >= 1 GB/s | %.2f GB/s | %s |'
      % (v['index_gbs'], verdict(v['index_gbs'] >= 1)))
    w('| index memory <= 16 bytes per line (whole VmRSS / lines) | %.1f | %s |'
      % (v['bpl'], verdict(v['bpl'] <= 16)))
    w('| level toggle over the whole file in < 0.5 s | %s | %s |' % (
        fmt_ms(v['toggle_ms']), verdict(v['toggle_ms'] < 500)))
    bulk = v['lives'][-1]
    ours = [L for L in v['losts'] if L.get('tool', 'tailor') == 'tailor']
    fast = max(L['rate'] or 0 for L in ours)
    w('| live: >= 1 M appended lines/s ingested (TUI, bulk append / '
      '--print -f, best) | %.2f M / %.2f M lines/s | %s |' % (
          (bulk['sustained'] or 0) / 1e6, fast / 1e6,
          verdict(min(bulk['sustained'] or 0, fast) >= 1e6)))
    lost = sum(L['lost'] + L['wrong'] + L['extra'] for L in ours)
    w('| ... none lost (--print -f at full speed) | %d lost or differing | %s |'
      % (lost, verdict(lost == 0)))
    for r in v['lives'][:2]:
        w('| appended line on screen within 30 ms (p99) at %s | %s | %s |' % (
            r['label'], fmt_ms(r['p99']),
            verdict(r['p99'] is not None and r['p99'] <= 30)))
    r = v['lives'][0]
    w('| aim: quiet pane within 7 ms (p99) while 3 files take 10 k lines/s '
      '(multitail, 16%% CPU) | %s, CPU %.0f%% | %s |' % (
          fmt_ms(r['qp99']), r['cpu'],
          'MET' if r['qp99'] is not None and r['qp99'] <= 7 else 'NOT MET (aim)'))
    r = v['lives'][2]
    w('| aim: quiet pane within 7 ms (p99) at 100 k lines/s (multitail, 52%% '
      'CPU) | %s, CPU %.0f%% | %s |' % (
          fmt_ms(r['qp99']), r['cpu'],
          'MET' if r['qp99'] is not None and r['qp99'] <= 7 else 'NOT MET (aim)'))
    ok = I.get('idle_ctxsw') == '0' and I.get('idle_bytes_out') == '0'
    w('| idle: no wake-ups and no redraws | %s ctx switches, %s syscalls, %s '
      'bytes out in %s s | %s |' % (
          I.get('idle_ctxsw'), I.get('strace_calls'), I.get('idle_bytes_out'),
          I.get('idle_s'), verdict(ok)))
    w('')
    w('Notes: the machine is shared (other jobs may run during a bench); '
      'the index speed is measured from the screen (the time until no title '
      'shows "indexing"), and `--print --stats` throughput is given beside '
      'it as the same parse without the TUI. The 10 k and 100 k lines/s '
      'rates use bench/writer.c (one-line records, a few per cent of a CPU) '
      'because three loggen.py writers need about a whole CPU at 100 k '
      'lines/s on this 2-core machine; the loggen.py row shows real Python '
      'records (multi-line ones too) at 10 k lines/s.')
    if I.get('strace'):
        w('\n<details><summary>strace -f -c while idle</summary>\n\n```\n%s\n```\n'
          '</details>' % I['strace'])
    open(RESULTS, 'w').write('\n'.join(o) + '\n')


if __name__ == '__main__':
    if sys.argv[1:] == ['--report']:
        # Rewrite RESULTS.md from the last run's bench/out/results.json.
        write_results(json.load(open(os.path.join(OUT, 'results.json'))))
    else:
        main()
