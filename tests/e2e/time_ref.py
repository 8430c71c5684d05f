#!/usr/bin/env python3
"""time_ref.py LOG SINCE UNTIL: the records of a loggen log (classic or json
style) whose time is in [SINCE, UNTIL), written back whole (continuation
lines included): the reference for --since/--until. SINCE/UNTIL are
'YYYY-MM-DD HH:MM:SS,mmm' strings or '-' for no bound. Record starts are
found by the layouts' own patterns, not by tailor: a classic line starts
with the date-time and ' - '; a JSON line is an object with a "time" key.
A record without a time (none here but the first lines) takes the time of
the record before it."""
import json
import re
import sys

log, since, until = sys.argv[1], sys.argv[2], sys.argv[3]
classic = re.compile(rb'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) - ')
cur = None
keep = False
out = sys.stdout.buffer
with open(log, 'rb') as f:
    for line in f:
        t = None
        m = classic.match(line)
        if m:
            t = m.group(1).decode()
        elif line.startswith(b'{'):
            try:
                t = json.loads(line).get('time')
            except ValueError:
                t = None
        if t is not None:
            cur = t
            keep = (since == '-' or cur >= since) and (until == '-' or cur < until)
        if keep:
            out.write(line)
