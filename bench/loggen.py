#!/usr/bin/env python3
"""loggen.py: Python service logs made by Python's own `logging` module.

tailor's log generator, for benchmarks, end-to-end tests and `make demo`.
Every record is a real logging.LogRecord, emitted through a real Logger
(`logging.getLogger('app.api.v1.users')`) from code that lives, as far as
the traceback machinery knows, under /srv/app/, and formatted by a real
logging.Formatter.  Output is therefore byte-for-byte what a Python
service writes: real level names, dotted logger hierarchies, multi-line
tracebacks from logger.exception() (chained ones too), pretty-printed
dicts, Korean messages (wide characters).

Batch
    loggen.py --lines 100000 --style classic > app.log
    loggen.py --size 1G --out big.log               # ~10 M records
    loggen.py --lines 5000 --style mixed --truth app.truth --out app.log
    loggen.py --fmt '%(asctime)s.%(msecs)03d %(levelname)-8s [%(name)s] %(message)s' \\
              --datefmt '%H:%M:%S' --lines 1000

Live
    loggen.py --follow api.log --rate 2000 --rotate-every 50000 --tee all.log
    loggen.py --follow api.log --rate 500 --rotate-every 20000 --truncate
    loggen.py --follow api.log --rate 10 --bursty --errors-per-minute 3 --history 500
    loggen.py --follow lat.log --rate 10000 --marker   # seq=<n> t=<ns> in every message

How it is fast (batch and live)
    Formatting one record with the logging machinery costs 10-100 us,
    too slow for a 1 GB benchmark file.  So loggen first builds a POOL of
    records (--pool, default 5000; or exactly --lines records when fewer)
    with the real machinery, and records in each formatted text where the
    time-dependent fields are: %(asctime)s, %(msecs)d, %(created)f,
    %(relativeCreated)d (any width/precision, %-, {- or $-style), the
    JSON/logfmt time, and, with --marker, seq= and t=.  The Formatter is
    run on a rewritten format string in which each such field is a unique
    placeholder, so its output around the placeholders is exactly the
    Formatter's.  Output is then written by going through the pool (the
    first pass in pool order, later passes in one of four shuffled
    orders) and re-rendering only those fields with the record's own
    timestamp: the date part with time.strftime (and the datefmt) once
    per second, the milliseconds from a table.  The timestamps are thus
    exactly what the Formatter would have written for that time.  All
    other fields (message, logger, level, traceback, process, lineno...)
    are those of the pooled record: a 1 GB file repeats ~5000 distinct
    records.  Batch timestamps start at --start and advance by
    exponential gaps of mean 20 ms (1 ms resolution); live ones are
    time.time() at the write.  On this 2-core machine: ~400-500 k
    records/s (~50 MB/s) for classic, ~300 k/s for mixed, ~250 k/s for
    json; 1 GiB (~9.5 M records) in about 20 s.

Options worth knowing
    --seed N        output is a pure function of the options and the seed
                    (batch mode; TZ defaults to UTC)
    --truth FILE    TSV: first_line<TAB>lines<TAB>level<TAB>logger, 1-based,
                    one row per record (an oracle for parser tests); in
                    live mode the line numbers count the whole stream (the
                    --tee file)
    --marker        each message ends with `seq=<n> t=<ns>`: n counts
                    records from 1; t is time.monotonic_ns() taken when the
                    batch that carries the record is rendered, just before
                    its write() (CLOCK_MONOTONIC, the same clock as C's
                    clock_gettime(CLOCK_MONOTONIC)); a harness reading the
                    screen subtracts it from its own monotonic clock
    --history N     (live) first write N back-dated records ending now
    live mode writes in batches (every ~10 ms, or one record at a time at
    low rates), flushed after each batch; the rate is kept against the
    start time, so it is accurate over time.  SIGTERM / SIGINT stop it
    cleanly after the current batch (exit status 0).
"""
import argparse
import json
import linecache
import logging
import os
import pprint
import random
import re
import signal
import sys
import time

STYLES = {
    "basic": logging.BASIC_FORMAT,
    "classic": "%(asctime)s - %(name)s - %(levelname)s - %(message)s",
    "detailed": "%(asctime)s [%(levelname)s] %(name)s (%(funcName)s:%(lineno)d): %(message)s",
    "bracket": "[%(asctime)s] %(levelname)s in %(name)s: %(message)s",
}
ALL_STYLES = list(STYLES) + ["json", "logfmt"]

SERVICES = {
    "api": ["app", "app.api", "app.api.v1", "app.api.v1.users", "app.api.v1.orders",
            "app.api.v1.checkout", "app.auth", "app.auth.jwt", "uvicorn.access",
            "uvicorn.error", "sqlalchemy.engine.Engine", "urllib3.connectionpool", "httpx"],
    "worker": ["app.worker", "app.worker.tasks", "app.worker.tasks.email",
               "app.worker.tasks.billing", "celery.worker", "celery.worker.strategy",
               "celery.app.trace", "kombu.connection", "botocore.credentials",
               "app.storage.s3"],
    "db": ["app.db", "app.db.pool", "app.db.migrations", "sqlalchemy.engine.Engine",
           "sqlalchemy.pool.impl.QueuePool", "alembic.runtime.migration", "psycopg.pool"],
    "model": ["serving", "serving.predict", "serving.predict.batch", "serving.features",
              "serving.features.store", "mlflow.tracking", "torch.distributed",
              "transformers.modeling_utils", "app.metrics"],
}

D, I, W, E, C = logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL
LEVEL_WEIGHTS = [(D, 340), (I, 524), (W, 115), (E, 18), (C, 1)]

# Message templates by logger prefix (most specific wins), then generic.
# Each value is a list of (level, template, argument kinds); kinds:
# n = small int, N = big int, P = port, d = day, f = float ms, h = hex id, u = user, p = path.
BY_LOGGER = {
    "uvicorn.access": [(I, '10.0.%s.%s:%s - "GET /api/v1/users/%s HTTP/1.1" 200', "nnPN"),
                       (I, '10.0.%s.%s:%s - "POST /api/v1/orders HTTP/1.1" 201', "nnP"),
                       (I, '10.0.%s.%s:%s - "GET /healthz HTTP/1.1" 200', "nnP"),
                       (W, '10.0.%s.%s:%s - "GET /api/v1/orders/%s HTTP/1.1" 404', "nnPN")],
    "uvicorn.error": [(I, "Started server process [%s]", "N"),
                      (I, "Waiting for application startup.", ""),
                      (W, "Invalid HTTP request received.", "")],
    "sqlalchemy.engine": [(I, "SELECT users.id, users.email, users.created_at \nFROM users \n"
                              "WHERE users.id = %%(id_1)s", ""),
                          (I, "[cached since %ss ago] {'id_1': %s}", "fN"),
                          (I, "BEGIN (implicit)", ""), (I, "COMMIT", ""),
                          (D, "Col ('id', 'email', 'created_at')", ""),
                          (D, "Row (%s, 'user%s@example.com', datetime.datetime(2025, 11, %s, 9, 30))", "NNd")],
    "sqlalchemy.pool": [(D, "Connection <connection object at 0x7f%s> checked out from pool", "h"),
                        (D, "Connection <connection object at 0x7f%s> being returned to pool", "h"),
                        (W, "QueuePool limit of size %s overflow %s reached, connection timed out", "nn")],
    "urllib3.connectionpool": [(D, 'https://api.stripe.example:443 "POST /v2/charges HTTP/1.1" 200 %s', "N"),
                               (D, "Starting new HTTPS connection (%s): api.example.com:443", "n"),
                               (W, "Retrying (Retry(total=%s, connect=None, read=None)) after connection "
                                   "broken by 'ReadTimeoutError': /v2/charges", "n")],
    "celery": [(I, "Task app.worker.tasks.send_email[%s-%s] received", "hh"),
               (I, "Task app.worker.tasks.charge[%s-%s] succeeded in %ss: None", "hhf"),
               (W, "Task app.worker.tasks.sync[%s] retry: Retry in %ss", "hn")],
    "alembic": [(I, "Context impl PostgresqlImpl.", ""),
                (I, "Running upgrade %s -> %s, add index on orders.created_at", "hh")],
    "botocore": [(I, "Found credentials in environment variables.", "")],
    "torch.distributed": [(I, "Added key: store_based_barrier_key:%s to store for rank: %s", "nn")],
}
GENERIC = {
    D: [("cache lookup key=%s hit=%s", "Nn"), ("resolved feature vector dims=%s in %sms", "nf"),
        ("acquired lock %s after %sms", "hf"), ("request headers: %s", "H"),
        ("요청 본문 파싱 완료 (%s bytes)", "N")],
    I: [("GET /api/v1/users/%s 200 in %sms", "Nf"), ("task %s succeeded in %ss", "hf"),
        ("prediction served model=v%s latency=%sms", "nf"), ("고객 %s 가입 완료 (플랜: %s)", "up"),
        ("주문 요청 처리됨 order_id=%s amount=%s원", "NN"), ("user %s logged in from 10.1.%s.%s", "unn"),
        ("flushed %s metrics to statsd", "N"), ("config reloaded from %s", "p")],
    W: [("slow query took %sms (threshold %sms)", "fn"), ("retrying request attempt=%s of %s", "nn"),
        ("모델 응답 지연 %sms, 임계치 %sms 초과", "fn"), ("disk usage at %s%% on /var/lib", "n"),
        ("deprecated parameter 'limit' used by client %s", "h")],
    E: [("failed to upload object s3://logs/%s/%s", "hN"), ("예측 실패: 입력 피처 누락 (user=%s)", "u"),
        ("request %s failed with status 500", "h"), ("could not send email to %s", "u")],
    C: [("database unreachable after %s retries (%s)", "np"), ("out of memory in worker pid=%s rss=%sMB", "NN"),
        ("데이터베이스 연결 실패: 서비스 중단", "")],
}
# ~1% of records talk about payments (a regex target for benchmarks).
PAYMENT = [(I, "payment captured order=%s amount=%s", "NN"), (D, "payment intent %s created", "h"),
           (W, "payment gateway timeout after %sms, retrying", "f"), (W, "payment gateway slow: %sms", "f"),
           (E, "payment gateway timeout for order %s", "N"), (E, "payment declined for order %s: %s", "Nh")]
PAYMENT_SHARE = 0.01
MULTILINE_SHARE = 0.01     # of DEBUG records: a pretty-printed dict


def make_arg(rng, kind):
    if kind == "n":
        return rng.randint(1, 254)
    if kind == "P":
        return rng.randint(1024, 65535)
    if kind == "d":
        return rng.randint(1, 28)
    if kind == "N":
        return rng.randint(1000, 999999)
    if kind == "f":
        return "%.1f" % rng.uniform(0.1, 5000.0)
    if kind == "h":
        return "%08x" % rng.getrandbits(32)
    if kind == "u":
        return rng.choice(["kim.minji", "lee.jun", "park.seo", "alice", "bob", "carol", "이서연"])
    if kind == "p":
        return rng.choice(["/etc/app/config.yaml", "db-primary:5432", "redis://cache:6379/0", "프로"])
    if kind == "H":
        return pprint.pformat({"host": "api.example.com", "user-agent": "python-httpx/0.27.0",
                               "x-request-id": "%032x" % rng.getrandbits(128),
                               "accept": "application/json", "content-length": str(rng.randint(10, 9999)),
                               "traceparent": "00-%032x-%016x-01" % (rng.getrandbits(128), rng.getrandbits(64))},
                              width=60)
    raise ValueError(kind)


# --- Code "deployed" under /srv/app: call sites and failures ---------------
# Compiled with fake file names and registered in linecache, so records get
# real funcName/lineno/pathname values and tracebacks show real source lines
# of a service, never this script or this machine.
_SITES = {
    "/srv/app/app/api/handlers.py": (
        "def handle_request(log, level, msg, args):\n"
        "    log.log(level, msg, *args)\n"
        "\n"
        "def checkout(log, msg, args, job, payload):\n"
        "    try:\n"
        "        return job(payload)\n"
        "    except Exception:\n"
        "        log.exception(msg, *args)\n"
        "\n"
        "def shutdown(log, msg, args, job, payload):\n"
        "    try:\n"
        "        return job(payload)\n"
        "    except Exception:\n"
        "        log.critical(msg, *args, exc_info=True)\n"),
    "/srv/app/app/worker/tasks.py": (
        "def run_task(log, level, msg, args):\n"
        "    log.log(level, msg, *args)\n"),
    "/srv/app/serving/features.py": (
        "def lookup(row):\n"
        "    return row['missing_feature']\n"
        "\n"
        "def predict(row):\n"
        "    vec = lookup(row)\n"
        "    return vec\n"),
    "/srv/app/app/db/pool.py": (
        "class OperationalError(Exception):\n"
        "    pass\n"
        "\n"
        "def connect(cfg):\n"
        "    raise ConnectionRefusedError(111, 'Connection refused')\n"
        "\n"
        "def checkout(cfg):\n"
        "    try:\n"
        "        return connect(cfg)\n"
        "    except OSError as exc:\n"
        "        raise OperationalError('could not connect to server: Connection refused\\n'\n"
        "                               '\\tIs the server running on host \"db-primary\" and accepting\\n'\n"
        "                               '\\tTCP/IP connections on port 5432?') from exc\n"),
    "/srv/app/app/billing/charge.py": (
        "def amount(order):\n"
        "    return int(order.get('amount', 'N/A'))\n"
        "\n"
        "def charge(order):\n"
        "    total = amount(order)\n"
        "    return total\n"),
    "/srv/app/app/billing/gateway.py": (
        "class GatewayTimeout(Exception):\n"
        "    pass\n"
        "\n"
        "def post(payload):\n"
        "    raise TimeoutError('timed out')\n"
        "\n"
        "def capture(payload):\n"
        "    try:\n"
        "        return post(payload)\n"
        "    except TimeoutError:\n"
        "        raise GatewayTimeout('payment gateway timeout after 30.0s')\n"),
    "/srv/app/app/storage/s3.py": (
        "def upload(obj):\n"
        "    return obj['bucket'].put_object(Key=obj['key'])\n"),
}
_NS = {}
for _path, _src in _SITES.items():
    linecache.cache[_path] = (len(_src), None, _src.splitlines(True), _path)
    _ns = {}
    exec(compile(_src, _path, "exec"), _ns)
    _NS[_path] = _ns
SITE_LOG = [_NS["/srv/app/app/api/handlers.py"]["handle_request"],
            _NS["/srv/app/app/worker/tasks.py"]["run_task"]]
SITE_EXC = _NS["/srv/app/app/api/handlers.py"]["checkout"]
SITE_CRIT = _NS["/srv/app/app/api/handlers.py"]["shutdown"]
FAILURES = [(_NS["/srv/app/serving/features.py"]["predict"], {}),
            (_NS["/srv/app/app/db/pool.py"]["checkout"], {}),
            (_NS["/srv/app/app/billing/charge.py"]["charge"], {}),
            (_NS["/srv/app/app/billing/gateway.py"]["capture"], {}),
            (_NS["/srv/app/app/storage/s3.py"]["upload"], {"bucket": None, "key": "x"})]


# --- Dynamic (time-dependent) fields ---------------------------------------
# A field is (kind, fstyle, spec, conv, datefmt); its placeholder in the
# formatted text is \ue000<id>\ue001 (private-use characters that neither
# json.dumps(ensure_ascii=False) nor any formatter touches).
FIELDS = []
_FIELD_IDS = {}
PH_RE = re.compile("\ue000([0-9]+)\ue001")
TIME_FIELDS = ("asctime", "msecs", "created", "relativeCreated")


def field(kind, fstyle="%", spec="s", conv=None, datefmt=None):
    key = (kind, fstyle, spec, conv, datefmt)
    if key not in _FIELD_IDS:
        _FIELD_IDS[key] = len(FIELDS)
        FIELDS.append(key)
    return "\ue000%d\ue001" % _FIELD_IDS[key]


def rewrite_format(fmt, fstyle, datefmt):
    """Replace the time fields of a Formatter string by placeholder fields."""
    attrs = {}

    def sub(kind, spec, conv=None):
        name = "_ph%d" % len(attrs)
        attrs[name] = field(kind, fstyle, spec, conv, datefmt)
        return name
    if fstyle == "%":
        rx = r"%\((asctime|msecs|created|relativeCreated)\)([#0+ -]*\*?[0-9]*(?:\.[0-9]+)?[diouxXeEfFgGcrsa])"
        out = re.sub(rx, lambda m: "%%(%s)s" % sub(m.group(1), m.group(2)), fmt)
    elif fstyle == "{":
        rx = r"\{(asctime|msecs|created|relativeCreated)(![rsa])?(?::([^{}]*))?\}"
        out = re.sub(rx, lambda m: "{%s}" % sub(m.group(1), m.group(3) or "", m.group(2)), fmt)
    else:
        rx = r"\$(?:\{(asctime|msecs|created|relativeCreated)\}|(asctime|msecs|created|relativeCreated)\b)"
        out = re.sub(rx, lambda m: "${%s}" % sub(m.group(1) or m.group(2), ""), fmt)
    return out, attrs


def fmt_style(fmt):
    """The Formatter style a format string is written in: %, { or $."""
    if "%(" in fmt:
        return "%"
    return "{" if "{" in fmt else "$"


class PlaceholderFormatter(logging.Formatter):
    """A real logging.Formatter on a format string whose time fields are placeholders."""

    def __init__(self, fmt, datefmt=None):
        fstyle = fmt_style(fmt)
        new, self.ph_attrs = rewrite_format(fmt, fstyle, datefmt)
        super().__init__(new, datefmt, style=fstyle)

    def format(self, record):
        record.__dict__.update(self.ph_attrs)
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, as python-json-logger-style services write."""

    def format(self, record):
        doc = {"time": field("asctime", datefmt=self.datefmt), "level": record.levelname,
               "logger": record.name, "message": record.getMessage(), "module": record.module,
               "func": record.funcName, "line": record.lineno}
        if record.exc_info:
            doc["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False)


class LogfmtFormatter(logging.Formatter):
    """key=value pairs (logfmt); a traceback follows on its own lines."""

    def format(self, record):
        msg = record.getMessage().replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        s = 'time=%s level=%s logger=%s msg="%s"' % (field("isotime"), record.levelname.lower(),
                                                    record.name, msg)
        if record.exc_info:
            s += "\n" + self.formatException(record.exc_info)
        return s


def make_formatter(style, datefmt):
    if style == "json":
        return JsonFormatter(datefmt=datefmt)
    if style == "logfmt":
        return LogfmtFormatter()
    if style in STYLES:
        return PlaceholderFormatter(STYLES[style], datefmt)
    return PlaceholderFormatter(style, datefmt)


class Renderer:
    """Renders the dynamic fields for a timestamp (and seq / mono for --marker).

    fn(fid) is a closure (t, seq, mono) -> text; the strftime part of a
    date is cached per second, so a record costs one `%03d`.
    """

    def __init__(self, start):
        self.start = start
        self.fns = {}

    def fn(self, fid):
        if fid not in self.fns:
            self.fns[fid] = self._make(fid)
        return self.fns[fid]

    def _make(self, fid):
        kind, fstyle, spec, conv, datefmt = FIELDS[fid]
        if kind == "seq":
            return lambda t, seq, mono: str(seq)
        if kind == "mono":
            return lambda t, seq, mono: str(mono)
        utc = kind == "isotime"
        dfmt = "%Y-%m-%dT%H:%M:%S" if utc else (datefmt or "%Y-%m-%d %H:%M:%S")
        cache = [None, ""]

        def date(sec):
            if cache[0] != sec:
                cache[0] = sec
                cache[1] = time.strftime(dfmt, time.gmtime(sec) if utc else time.localtime(sec))
            return cache[1]
        if kind == "isotime":
            return lambda t, seq, mono: "%s.%03dZ" % (date(int(t)), (t - int(t)) * 1000)
        if kind == "asctime":
            if datefmt is None:
                # logging.Formatter.default_msec_format
                def raw(t):
                    sec = int(t)
                    return "%s,%03d" % (date(sec), (t - sec) * 1000)
            else:
                def raw(t):
                    return date(int(t))
        elif kind == "msecs":
            def raw(t):
                return (t - int(t)) * 1000
        elif kind == "created":
            def raw(t):
                return t
        elif kind == "relativeCreated":
            start = self.start

            def raw(t):
                return (t - start) * 1000
        else:
            raise ValueError(kind)
        if fstyle == "%":
            if spec == "s" and kind == "asctime":
                return lambda t, seq, mono: raw(t)
            pct = "%" + spec
            return lambda t, seq, mono: pct % raw(t)
        if fstyle == "{":
            conv_fn = {"!r": repr, "!s": str, "!a": ascii}.get(conv, lambda v: v)
            return lambda t, seq, mono: format(conv_fn(raw(t)), spec)
        return lambda t, seq, mono: str(raw(t))


class Entry:
    """One pooled record: literal pieces (the last ends in a newline) around
    dynamic field ids."""
    __slots__ = ("lits", "fids", "lines", "level", "logger", "is_error")

    def __init__(self, text, level, logger):
        parts = PH_RE.split(text + "\n")
        self.lits = parts[0::2]
        self.fids = [int(x) for x in parts[1::2]]
        self.lines = text.count("\n") + 1
        self.level = level
        self.logger = logger
        self.is_error = level in ("ERROR", "CRITICAL")


class Capture(logging.Handler):
    """The root logger's only handler: keeps the last LogRecord emitted."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.record = None

    def emit(self, record):
        self.record = record


class Pool:
    """Records made by real loggers, formatted by real Formatters."""

    def __init__(self, args, size):
        self.rng = random.Random(args.seed)
        self.loggers = SERVICES[args.service]
        self.marker = args.marker
        if args.fmt:
            self.fmts = {"fmt": make_formatter(args.fmt, args.datefmt)}
        else:
            styles = ALL_STYLES if args.style == "mixed" else [args.style]
            self.fmts = {s: make_formatter(s, args.datefmt) for s in styles}
        self.capture = Capture()
        root = logging.getLogger()
        for h in list(root.handlers):
            root.removeHandler(h)
        root.addHandler(self.capture)
        root.setLevel(logging.DEBUG)
        logging.raiseExceptions = True
        self.levels = [lv for lv, _ in LEVEL_WEIGHTS]
        self.weights = [w for _, w in LEVEL_WEIGHTS]
        self.entries = [self.make() for _ in range(max(size, 1))]
        self.normal = [e for e in self.entries if not e.is_error]
        self.errors = [e for e in self.entries if e.is_error]
        while len(self.errors) < 8:     # --errors-per-minute needs some
            self.errors.append(self.make(force=self.rng.choice([E, E, E, C])))

    def _template(self, level, name):
        rng = self.rng
        if rng.random() < PAYMENT_SHARE:
            choices = [(lv, t, k) for lv, t, k in PAYMENT if lv == level]
            if choices:
                return rng.choice(choices)[1:]
        if level == D and rng.random() < MULTILINE_SHARE:
            return ("request headers: %s", "H")
        for prefix, table in BY_LOGGER.items():
            if name == prefix or name.startswith(prefix + "."):
                choices = [(t, k) for lv, t, k in table if lv == level]
                if choices and rng.random() < 0.8:
                    return rng.choice(choices)
        return rng.choice(GENERIC[level])

    def make(self, force=None):
        rng = self.rng
        level = force or rng.choices(self.levels, self.weights)[0]
        name = rng.choice(self.loggers)
        tmpl, kinds = self._template(level, name)
        args = tuple(make_arg(rng, k) for k in kinds)
        if self.marker:
            tmpl += " seq=%s t=%s"
            args += (field("seq"), field("mono"))
        log = logging.getLogger(name)
        self.capture.record = None
        if level >= E and rng.random() < (0.7 if level == E else 0.5):
            job, payload = rng.choice(FAILURES)
            site = SITE_EXC if level == E else SITE_CRIT
            site(log, tmpl, args, job, dict(payload))
        else:
            rng.choice(SITE_LOG)(log, level, tmpl, args)
        rec = self.capture.record
        fmt = self.fmts[rng.choice(list(self.fmts))]
        text = fmt.format(rec)
        return Entry(text, rec.levelname, rec.name)


def parse_size(s):
    m = re.fullmatch(r"\s*([0-9.]+)\s*([kKmMgGtT]?)i?[bB]?\s*", s)
    if not m:
        raise argparse.ArgumentTypeError("bad size %r (e.g. 500M, 1G)" % s)
    mult = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[m.group(2).lower()]
    return int(float(m.group(1)) * mult)


class Writer:
    """Renders entries into text, tracking line numbers for --truth."""

    def __init__(self, args, pool, start):
        self.pool = pool
        self.render = Renderer(start)
        self.seq = 0
        self.line = 1
        self.truth = None
        if args.truth:
            self.truth = open(args.truth, "w", encoding="utf-8")
            self.truth.write("first_line\tlines\tlevel\tlogger\n")
        # Entry -> a function (t, seq, mono) -> text, specialised by shape.
        self.fast = {}

    def renderer_for(self, e):
        f = self.fast.get(id(e))
        if f is not None:
            return f
        lits = e.lits
        fns = [self.render.fn(x) for x in e.fids]
        if not fns:
            text = lits[0]
            f = lambda t, seq, mono: text                       # noqa: E731
        elif len(fns) == 1:
            l0, f0, l1 = lits[0], fns[0], lits[1]
            f = lambda t, seq, mono: l0 + f0(t, seq, mono) + l1   # noqa: E731
        else:
            def f(t, seq, mono):
                out = [lits[0]]
                for i, fn in enumerate(fns):
                    out.append(fn(t, seq, mono))
                    out.append(lits[i + 1])
                return "".join(out)
        self.fast[id(e)] = f
        return f

    def text(self, e, t, mono):
        self.seq += 1
        if self.truth:
            self.truth.write("%d\t%d\t%s\t%s\n" % (self.line, e.lines, e.level, e.logger))
            self.line += e.lines
        return self.renderer_for(e)(t, self.seq, mono)

    def close(self):
        if self.truth:
            self.truth.close()


def batch(args):
    size_limit = args.size
    n = args.lines if args.lines is not None else (0 if size_limit else 10000)
    pool_n = args.pool if size_limit or n > args.pool else n
    pool = Pool(args, pool_n)
    w = Writer(args, pool, args.start)
    out = open(args.out, "wb") if args.out else sys.stdout.buffer
    rng = random.Random(args.seed + 1)
    entries = pool.entries
    # The first pass keeps the pool's order; later passes use one of a few
    # shuffled orders (shuffling 5000 items per pass would cost more than
    # the writing).  Inter-arrival times: exponential, mean 20 ms, from a
    # table of 4099 (a prime, so they do not line up with the pool).
    orders = [list(range(len(entries)))]
    for _ in range(4):
        o = list(range(len(entries)))
        rng.shuffle(o)
        orders.append(o)
    # Integer milliseconds: the common fields (the default asctime and the
    # logfmt time) are written as a per-second date + a table lookup.
    deltas = [int(rng.expovariate(50.0) * 1000) for _ in range(4099)]
    seq_render = [w.renderer_for(e) for e in entries]
    fast_asc = field("asctime")
    fast_iso = field("isotime")
    kinds, l0s, l1s = [], [], []
    for e in entries:
        ph = "\ue000%d\ue001" % e.fids[0] if len(e.fids) == 1 else None
        kinds.append(1 if ph == fast_asc else 2 if ph == fast_iso else 0)
        l0s.append(e.lits[0])
        l1s.append(e.lits[-1])
    ms_asc = [",%03d" % i for i in range(1000)]
    ms_iso = [".%03dZ" % i for i in range(1000)]
    t_ms = int(round(args.start * 1000))
    cur_sec = None
    d_asc = d_iso = ""
    mono = time.monotonic_ns
    marker = args.marker
    slow = bool(w.truth) or marker
    written = 0
    count = 0
    di = 0
    CHUNK = 4096
    order = orders[0]
    pos = 0
    npool = len(entries)
    strftime, localtime, gmtime = time.strftime, time.localtime, time.gmtime
    while True:
        if n and count >= n:
            break
        if size_limit and written >= size_limit:
            break
        k = CHUNK
        if n:
            k = min(k, n - count)
        if size_limit and size_limit - written < CHUNK * 200:
            k = 1        # near the end: stop at the first record boundary past SIZE
        buf = []
        append = buf.append
        for _ in range(k):
            if pos >= npool:
                order = orders[rng.randrange(1, len(orders))]
                pos = 0
            i = order[pos]
            pos += 1
            t_ms += deltas[di]
            di += 1
            if di == 4099:
                di = 0
            if slow:
                append(w.text(entries[i], t_ms / 1000, mono() if marker else 0))
                continue
            kind = kinds[i]
            if kind:
                sec = t_ms // 1000
                if sec != cur_sec:
                    cur_sec = sec
                    d_asc = strftime("%Y-%m-%d %H:%M:%S", localtime(sec))
                    d_iso = strftime("%Y-%m-%dT%H:%M:%S", gmtime(sec))
                if kind == 1:
                    append(l0s[i] + d_asc + ms_asc[t_ms - sec * 1000] + l1s[i])
                else:
                    append(l0s[i] + d_iso + ms_iso[t_ms - sec * 1000] + l1s[i])
            else:
                append(seq_render[i](t_ms / 1000, 0, 0))
        data = "".join(buf).encode("utf-8")
        out.write(data)
        written += len(data)
        count += k
    out.flush()
    if args.out:
        out.close()
    w.close()


STOP = []


def _stop(signum, frame):
    STOP.append(signum)


def live(args):
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    pool = Pool(args, args.pool)
    rng = random.Random(args.seed + 2)
    start = time.time()
    w = Writer(args, pool, start)
    path = args.follow
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    f = open(path, "ab")
    tee = open(args.tee, "ab") if args.tee else None
    rate = max(args.rate, 0.001)
    in_file = 0
    if args.history:
        # Back-dated records ending now (exponential gaps, mean 1/rate), so a
        # viewer opened on the file has something to show at once.
        now = time.time()
        gaps = [rng.expovariate(rate) for _ in range(args.history)]
        t = now - sum(gaps)
        data = []
        for g in gaps:
            t += g
            data.append(w.text(rng.choice(pool.entries), t, time.monotonic_ns()))
        data = "".join(data).encode("utf-8")
        f.write(data)
        f.flush()
        if tee:
            tee.write(data)
            tee.flush()
        in_file = args.history
    total = 0
    t0 = time.monotonic()
    credit_t = t0
    credit = 0.0
    burst_until = 0.0
    next_burst = t0 + rng.expovariate(1 / 20.0)
    next_error = t0 + rng.expovariate(args.errors_per_minute / 60.0) if args.errors_per_minute else None
    tick = 0.01
    while not STOP:
        if args.max_lines and total >= args.max_lines:
            break
        now = time.monotonic()
        if args.bursty:
            # Poisson bursts: about every 20 s, 1-4 s at 5-10x the rate.
            if now >= next_burst:
                burst_until = now + rng.uniform(1, 4)
                burst_mult = rng.uniform(5, 10)
                next_burst = burst_until + rng.expovariate(1 / 20.0)
            cur = rate * (burst_mult if now < burst_until else 1.0)
            credit += cur * (now - credit_t)
            credit_t = now
            due = int(credit)
            credit -= due
        else:
            due = int(rate * (now - t0)) - total
        if args.max_lines:
            due = min(due, args.max_lines - total)
        if due <= 0:
            if args.bursty:
                wait = min(0.1, max(0.001, (1 - credit) / rate))
            else:
                wait = (total + 1) / rate - (now - t0)
            time.sleep(min(max(wait, 0.0005), 0.1))
            continue
        tnow = time.time()
        mono = time.monotonic_ns()
        chunk = []
        for _ in range(due):
            if next_error is not None and now >= next_error:
                e = rng.choice(pool.errors)
                next_error = now + rng.expovariate(args.errors_per_minute / 60.0)
            elif next_error is not None:
                e = rng.choice(pool.normal)
            else:
                e = rng.choice(pool.entries)
            chunk.append(w.text(e, tnow, mono))
        i = 0
        while i < len(chunk):
            take = len(chunk) - i
            if args.rotate_every:
                take = min(take, args.rotate_every - in_file)
            data = "".join(chunk[i:i + take]).encode("utf-8")
            f.write(data)
            f.flush()
            if tee:
                tee.write(data)
                tee.flush()
            i += take
            in_file += take
            if args.rotate_every and in_file >= args.rotate_every:
                f = rotate(f, path, args)
                in_file = 0
        total += len(chunk)
        if rate * tick >= 2:
            time.sleep(tick)    # high rates: one batch every ~10 ms
    f.close()
    if tee:
        tee.close()
    w.close()


def rotate(f, path, args):
    """RotatingFileHandler's rename rotation, or logrotate's copytruncate."""
    n = args.backups
    if args.truncate:
        f.flush()
        if n > 0:
            for i in range(n - 1, 0, -1):
                if os.path.exists("%s.%d" % (path, i)):
                    os.replace("%s.%d" % (path, i), "%s.%d" % (path, i + 1))
            with open(path, "rb") as src, open(path + ".1", "wb") as dst:
                dst.write(src.read())
        f.truncate(0)
        return f
    f.close()
    if n > 0:
        for i in range(n - 1, 0, -1):
            if os.path.exists("%s.%d" % (path, i)):
                os.replace("%s.%d" % (path, i), "%s.%d" % (path, i + 1))
        os.replace(path, path + ".1")
    else:
        os.unlink(path)
    return open(path, "ab")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, help="records to write (batch mode; default 10000)")
    ap.add_argument("--size", type=parse_size, help="write records until SIZE bytes (e.g. 1G, 500M)")
    ap.add_argument("--out", metavar="FILE", help="batch output file (default stdout)")
    ap.add_argument("--style", default="classic", choices=ALL_STYLES + ["mixed"])
    ap.add_argument("--fmt", metavar="FORMAT",
                    help="use this logging.Formatter format string instead of a style "
                         "(%%-, {- or $-style, e.g. '%%(levelname)-8s|%%(name)s|%%(message)s')")
    ap.add_argument("--datefmt", metavar="FMT", help="the Formatter's datefmt (strftime)")
    ap.add_argument("--service", default="api", choices=list(SERVICES))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=float, default=1767225600.0,
                    help="epoch of the first record (batch; default 2026-01-01 UTC)")
    ap.add_argument("--pool", type=int, default=5000, help="distinct records formatted by logging")
    ap.add_argument("--truth", metavar="FILE",
                    help="also write, per record: first line, line count, level, logger (TSV)")
    ap.add_argument("--marker", action="store_true", help="end each message with seq=<n> t=<monotonic ns>")
    ap.add_argument("--follow", metavar="FILE", help="append live to FILE instead of batch")
    ap.add_argument("--tee", metavar="FILE", help="also append every record to FILE, never rotated (live)")
    ap.add_argument("--rate", type=float, default=100.0, help="records per second (live)")
    ap.add_argument("--history", type=int, default=0,
                    help="first write N back-dated records ending now (live)")
    ap.add_argument("--bursty", action="store_true", help="bursts of 5-10x the rate now and then (live)")
    ap.add_argument("--errors-per-minute", type=float, default=0.0,
                    help="emit ERROR/CRITICAL records at this rate, others never (live)")
    ap.add_argument("--max-lines", type=int, default=0, help="stop after N records (live); 0 = never")
    ap.add_argument("--rotate-every", type=int, default=0, help="rotate after N records (live)")
    ap.add_argument("--backups", type=int, default=3, help="rotated files kept (FILE.1 ...)")
    ap.add_argument("--truncate", action="store_true", help="rotate by copy + truncate in place")
    ap.add_argument("--list-styles", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("TZ", "UTC")
    time.tzset()
    if args.list_styles:
        for k, v in STYLES.items():
            print("%s\t%s" % (k, v))
        print("json\tone JSON object per line\nlogfmt\tkey=value pairs\nmixed\teach record one of these")
        return 0
    try:
        if args.follow:
            live(args)
        else:
            batch(args)
    except BrokenPipeError:
        try:
            sys.stdout = None
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        except OSError:
            pass
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
