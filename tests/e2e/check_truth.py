#!/usr/bin/env python3
"""check_truth.py: compare `tailor --print --json FILE` with a truth TSV.

Truth rows: first_line, lines, level, logger (1-based first line; header
first). Every record must match exactly: same first line, line count,
level and logger. Prints the first differences and exits 1 on any.

    check_truth.py TAILOR LOG TRUTH [--format FMT]
"""
import json
import subprocess
import sys


def main():
    tailor, log, truth = sys.argv[1:4]
    extra = sys.argv[4:]
    # --ignore-logger: the layout prints no logger name (the truth still has one).
    ignore_logger = "--ignore-logger" in extra
    extra = [a for a in extra if a != "--ignore-logger"]
    out = subprocess.run([tailor, "--print", "--json", "--no-config", *extra, log],
                         capture_output=True, check=False)
    got = []
    for line in out.stdout.decode("utf-8").splitlines():
        r = json.loads(line)
        got.append((r["line"], r["lines"], r["level"], r["logger"] or ""))
    want = []
    with open(truth, encoding="utf-8") as f:
        next(f)
        for row in f:
            cols = row.rstrip("\n").split("\t")
            while len(cols) < 4:
                cols.append("")
            level = {"WARN": "WARNING", "FATAL": "CRITICAL"}.get(cols[2], cols[2])
            want.append((int(cols[0]), int(cols[1]), level,
                         "" if ignore_logger else cols[3]))
    # Lines before a file's first record are records of their own (level
    # NONE) in tailor; truth files list only the parsed records.
    while got and want and got[0][0] < want[0][0] and got[0][2] == "NONE":
        got.pop(0)
    bad = 0
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else None
        w = want[i] if i < len(want) else None
        if g != w:
            bad += 1
            if bad <= 5:
                print(f"{log}: record {i + 1}: tailor {g} truth {w}")
    print(f"{log}: {len(want)} records, {len(want) - bad if bad <= len(want) else 0} "
          f"exact, {bad} different")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
