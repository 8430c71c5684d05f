#!/usr/bin/env python3
"""torture.py: a seeded, repeatable randomized model test of tailor's follower.

    python3 torture.py --tailor ./tailor --dir DIR [--poll] [--seed N] [--steps N]

Runs `tailor --print -f -q DIR/app.log` (with --poll in polling mode) and,
from a random generator seeded with --seed, drives the file it follows with
these operations:

    append     1-40 lines, in one or several write() calls
    rename     rotation: a burst of lines, rename app.log -> rot/app.log.K,
               sometimes a pause with no file at all, then a new app.log
    recreate   a burst, unlink app.log, create a new app.log at once
    delete     a burst, unlink app.log, pause 0.1-0.6 s, create a new one
    truncate   copytruncate: copy to rot/, truncate to 0, write new lines
    symlink    app.log becomes (or stays) a symlink, swapped atomically
               (symlink + rename) to a new target in data/ that already
               holds lines
    pause      sleep 0.05-0.6 s (tailor's quiet period)

Every line written is "torture <seq> <filler>" with a unique, increasing
sequence number, so the checker can verify tailor's stdout exactly:

  - nothing lost: every line written appears (rename rotation, recreation,
    deletion and symlink swaps lose nothing: tailor finishes the old file,
    which it still has open, before switching);
  - nothing duplicated and order kept: sequence numbers strictly increase;
  - byte-exact: every output line is one of the lines written;
  - every truncation is announced: stderr has exactly one
    "file truncated" per copytruncate.

What no follower can promise, and how the model avoids asking for it:

  - A file that lives under the name for less time than it takes the
    follower to look can never be seen: a rename+recreate (or a second
    rotation) faster than the poll interval (200 ms) is invisible to any
    poller, and even with inotify the name may already point at a newer
    file when the events are read. So before any destructive operation the
    model waits until tailor has printed a line of the current file (it
    has the file open), and in --poll mode also until the file has existed
    for at least 300 ms. The burst written right before the operation is
    not waited for: reading it from the old file is what is tested.
  - copytruncate loses whatever the reader had not read at the instant of
    the truncation (that is the method's flaw, the same with tail -F), so
    before a truncation the model waits until tailor has printed every
    line; and two truncations between two looks are one to the reader, so
    at least one line is written after each truncation and seen before the
    next destructive operation.

Exit status 0 when every check passed, 1 on a failed check (the seed and
the failing operation are printed), 2 on a usage or setup error.
"""

import argparse
import errno
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

LINE_RE = re.compile(rb"^torture (\d{9}) [a-z]*$")


class Failure(Exception):
    pass


class Torture:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.dir = os.path.abspath(args.dir)
        self.name = os.path.join(self.dir, "app.log")
        self.rot = os.path.join(self.dir, "rot")
        self.data = os.path.join(self.dir, "data")
        self.out_path = os.path.join(self.dir, "out")
        self.err_path = os.path.join(self.dir, "err")
        self.scale = args.scale
        self.seq = 0
        self.written = {}           # seq -> line bytes (with '\n')
        self.truncations = 0
        self.files = 0              # counter for rotated names / targets
        self.fd = -1                # current file, O_APPEND
        self.inc_first = None       # first seq written to the current file
        self.inc_born = 0.0         # when the current file got the name
        self.counts = {}
        self.out_off = 0
        self.out_partial = b""
        self.seen_max = 0
        self.log = []               # operations, for the failure report
        self.proc = None

    # ---- writing ---------------------------------------------------------

    def line(self):
        self.seq += 1
        filler = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz")
                         for _ in range(self.rng.randrange(0, 60)))
        data = b"torture %09d %s\n" % (self.seq, filler.encode())
        self.written[self.seq] = data
        if self.inc_first is None:
            self.inc_first = self.seq
        return data

    def append(self, n):
        """n lines in one or several write() calls (whole lines only)."""
        lines = [self.line() for _ in range(n)]
        while lines:
            k = self.rng.randrange(1, len(lines) + 1)
            os.write(self.fd, b"".join(lines[:k]))
            lines = lines[k:]

    def new_file(self, path):
        """Open a new file for appending (the caller gives it the name)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        return fd

    def take_name(self, fd):
        if self.fd != -1:
            os.close(self.fd)
        self.fd = fd
        self.inc_first = None
        self.inc_born = time.monotonic()

    # ---- reading tailor's output ----------------------------------------

    def read_output(self):
        with open(self.out_path, "rb") as f:
            f.seek(self.out_off)
            chunk = f.read()
        self.out_off += len(chunk)
        data = self.out_partial + chunk
        lines = data.split(b"\n")
        self.out_partial = lines.pop()
        for l in lines:
            m = LINE_RE.match(l)
            if m:
                self.seen_max = max(self.seen_max, int(m.group(1)))

    def wait_seen(self, seq, why):
        """Wait until tailor printed a line with a sequence number >= seq."""
        deadline = time.monotonic() + 10 * self.scale
        while True:
            self.read_output()
            if self.seen_max >= seq:
                return
            if self.proc.poll() is not None:
                raise Failure("tailor exited (status %s) while waiting for "
                              "line %d (%s)" % (self.proc.returncode, seq, why))
            if time.monotonic() > deadline:
                raise Failure("tailor never printed line %d (%s); last "
                              "printed %d" % (seq, why, self.seen_max))
            time.sleep(0.01)

    def before_destructive(self, what):
        """tailor has the current file open (it printed a line of it)."""
        if self.inc_first is None:
            self.append(1)
        self.wait_seen(self.inc_first, "before " + what)
        if self.args.poll:
            left = self.inc_born + 0.3 - time.monotonic()
            if left > 0:
                time.sleep(left)

    # ---- operations ------------------------------------------------------

    def op_append(self):
        self.append(self.rng.randrange(1, 41))

    def op_rename(self):
        self.before_destructive("rename")
        self.append(self.rng.randrange(0, 200))
        self.files += 1
        os.rename(self.name, os.path.join(self.rot, "app.log.%d" % self.files))
        if self.rng.random() < 0.3:
            time.sleep(self.rng.uniform(0.05, 0.5))   # no file at all for a while
        self.take_name(self.new_file(self.name))
        self.append(self.rng.randrange(0, 20))

    def op_recreate(self):
        self.before_destructive("recreate")
        self.append(self.rng.randrange(0, 200))
        os.unlink(self.name)
        self.take_name(self.new_file(self.name))
        self.append(self.rng.randrange(0, 20))

    def op_delete(self):
        self.before_destructive("delete")
        self.append(self.rng.randrange(0, 100))
        os.unlink(self.name)
        time.sleep(self.rng.uniform(0.1, 0.6))
        self.take_name(self.new_file(self.name))
        self.append(self.rng.randrange(0, 20))

    def op_truncate(self):
        self.before_destructive("truncate")
        self.append(self.rng.randrange(0, 100))
        self.wait_seen(self.seq, "every line before a copytruncate")
        self.files += 1
        shutil.copyfile(self.name, os.path.join(self.rot, "app.log.%d" % self.files))
        os.ftruncate(self.fd, 0)
        self.truncations += 1
        self.inc_first = None       # the next line is the first of the new content
        self.inc_born = time.monotonic()
        self.append(self.rng.randrange(1, 30))

    def op_symlink(self):
        self.before_destructive("symlink swap")
        self.append(self.rng.randrange(0, 100))
        self.files += 1
        target = os.path.join(self.data, "target.%d" % self.files)
        fd = self.new_file(target)
        # Lines already in the new target before the swap: read from its start.
        old_fd = self.fd
        self.fd, self.inc_first = fd, None
        self.append(self.rng.randrange(0, 10))
        first = self.inc_first
        tmp = os.path.join(self.dir, "app.log.tmp")
        os.symlink(target, tmp)
        os.rename(tmp, self.name)
        os.close(old_fd)
        self.inc_first, self.inc_born = first, time.monotonic()
        self.append(self.rng.randrange(0, 10))

    def op_pause(self):
        time.sleep(self.rng.uniform(0.05, 0.6))

    OPS = [("append", 40), ("rename", 12), ("recreate", 6), ("delete", 4),
           ("truncate", 8), ("symlink", 8), ("pause", 8)]

    # ---- the run ---------------------------------------------------------

    def start(self):
        for d in (self.rot, self.data):
            os.makedirs(d, exist_ok=True)
        self.take_name(self.new_file(self.name))
        self.append(3)
        cmd = [self.args.tailor, "--print", "-f", "-q"]
        if self.args.poll:
            cmd.append("--poll")
        cmd.append(self.name)
        self.out = open(self.out_path, "wb")
        self.err = open(self.err_path, "wb")
        env = dict(os.environ, LANG="C.UTF-8", TZ="UTC")
        self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=self.err,
                                     stdin=subprocess.DEVNULL, env=env)
        self.wait_seen(3, "the first lines")

    def run(self):
        names = [n for n, w in self.OPS]
        weights = [w for n, w in self.OPS]
        t0 = time.monotonic()
        self.start()
        for step in range(self.args.steps):
            op = self.rng.choices(names, weights)[0]
            self.counts[op] = self.counts.get(op, 0) + 1
            self.log.append("%d:%s@%d" % (step, op, self.seq))
            getattr(self, "op_" + op)()
            if self.proc.poll() is not None:
                raise Failure("tailor exited (status %s) after step %d (%s)"
                              % (self.proc.returncode, step, op))
        self.append(1)
        self.wait_seen(self.seq, "the last line")
        # Anything more (a duplicate) would come now.
        time.sleep(0.5 if not self.args.poll else 0.7)
        alive = self.proc.poll() is None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=5 * self.scale)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failure("tailor did not exit within %gs of SIGTERM" % (5 * self.scale))
        self.out.close()
        self.err.close()
        if not alive:
            raise Failure("tailor died before the end (status %s)" % self.proc.returncode)
        self.elapsed = time.monotonic() - t0
        return self.verify()

    def verify(self):
        problems = []
        with open(self.out_path, "rb") as f:
            out = f.read()
        with open(self.err_path, "rb") as f:
            err = f.read()
        lines = out.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        else:
            problems.append("output does not end with a newline")
        last = 0
        seen = set()
        dups = []
        disorder = []
        garbage = []
        for l in lines:
            m = LINE_RE.match(l)
            if not m:
                garbage.append(l[:100])
                continue
            s = int(m.group(1))
            if s in seen:
                dups.append(s)
            elif s < last:
                disorder.append((last, s))
            seen.add(s)
            if self.written.get(s) != l + b"\n":
                garbage.append(l[:100])
            last = max(last, s)
        lost = sorted(set(self.written) - seen)
        if garbage:
            problems.append("%d output lines are not lines written, e.g. %r"
                            % (len(garbage), garbage[:3]))
        if dups:
            problems.append("%d lines duplicated, e.g. %s" % (len(dups), dups[:10]))
        if disorder:
            problems.append("%d lines out of order, e.g. %s" % (len(disorder), disorder[:5]))
        if lost:
            problems.append("%d lines lost, e.g. %s" % (len(lost), ranges(lost)[:10]))
        announced = err.count(b"file truncated")
        if announced != self.truncations:
            problems.append("%d truncations but %d 'file truncated' notes on stderr"
                            % (self.truncations, announced))
        other = [l for l in err.decode("utf-8", "replace").splitlines()
                 if "file truncated" not in l]
        notes = {}
        for l in other:
            k = re.sub(r"^tailor: [^:]*: ", "", l)
            notes[k] = notes.get(k, 0) + 1
        mode = "poll" if self.args.poll else "inotify"
        print("torture %s: seed %d, %d steps, %d lines written, %d printed, "
              "%d lost, %d duplicated, %d out of order; %d truncations, %d "
              "announced; %.1fs" % (mode, self.args.seed, self.args.steps,
              len(self.written), len(lines), len(lost), len(dups), len(disorder),
              self.truncations, announced, self.elapsed))
        print("  operations: " + ", ".join("%s %d" % (k, v) for k, v in sorted(self.counts.items())))
        print("  other stderr notes: " + (", ".join("%r x%d" % (k, v) for k, v in
              sorted(notes.items())) or "none"))
        for p in problems:
            print("  FAIL: " + p)
        if problems:
            print("  reproduce: python3 %s --tailor %s --dir DIR --seed %d --steps %d%s"
                  % (sys.argv[0], self.args.tailor, self.args.seed, self.args.steps,
                     " --poll" if self.args.poll else ""))
            print("  operations (step:op@seq): " + " ".join(self.log[-40:]))
        return 0 if not problems else 1


def ranges(xs):
    """[1,2,3,7] -> ['1-3', '7']"""
    out = []
    for x in xs:
        if out and out[-1][1] == x - 1:
            out[-1][1] = x
        else:
            out.append([x, x])
    return ["%d-%d" % (a, b) if a != b else "%d" % a for a, b in out]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tailor", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--poll", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    if os.path.exists(os.path.join(args.dir, "app.log")) or os.path.islink(
            os.path.join(args.dir, "app.log")):
        print("torture: %s already has an app.log" % args.dir, file=sys.stderr)
        return 2
    t = Torture(args)
    try:
        return t.run()
    except Failure as e:
        print("torture %s: seed %d: FAIL: %s" % ("poll" if args.poll else "inotify",
              args.seed, e))
        print("  reproduce: python3 %s --tailor %s --dir DIR --seed %d --steps %d%s"
              % (sys.argv[0], args.tailor, args.seed, args.steps,
                 " --poll" if args.poll else ""))
        print("  operations (step:op@seq): " + " ".join(t.log[-40:]))
        try:
            with open(t.err_path, "rb") as f:
                print("  stderr tail: %r" % f.read()[-600:])
        except OSError:
            pass
        return 1
    finally:
        if t.proc is not None and t.proc.poll() is None:
            t.proc.kill()
            t.proc.wait()


if __name__ == "__main__":
    sys.exit(main())
