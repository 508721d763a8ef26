"""What every benchmark section shares: its size, its PostgreSQL database,
its own Redis, gunicorn servers started like ``make serve`` starts them, and
percentiles.

Each section runs in its own process (``bench/run.py`` starts them) on its
own copy of one prepared database (``<name>_base``: migrated, the seed
regulations imported, the demo accounts made; see ``bench/prepare.py``),
so sections never see each other's data. Settings: ``bench.settings``
(production settings, DEBUG off, plus a trivial view to compare with).
"""
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = Path(os.environ.get("BENCH_WORK", ROOT / "var" / "bench"))

SIZE = os.environ.get("BENCH_SIZE", "full")
SIZES = {
    # trainees in the exam run, answers each, concurrency; policy pages in the
    # search corpus; people graded; sequential requests per page; requests in
    # a throughput run; rounds and sampled phrases of the search section.
    "small": {"trainees": 50, "answers": 50, "concurrency": 32, "corpus": 1000, "people": 1000,
              "page_requests": 30, "throughput_requests": 400, "search_repeat": 2, "search_phrases": 16},
    "full": {"trainees": 500, "answers": 50, "concurrency": 32, "corpus": 10000, "people": 10000,
             "page_requests": 200, "throughput_requests": 3000, "search_repeat": 2, "search_phrases": 30},
}
if SIZE not in SIZES:
    sys.exit(f"BENCH_SIZE must be one of {', '.join(SIZES)}, not {SIZE!r}")
PARAMS = SIZES[SIZE]

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench")
SETTINGS = "bench.settings"


def database_url(suffix):
    base, _, name = DATABASE_URL.rpartition("/")
    return f"{base}/{name}_{suffix}"


def _admin_connection():
    import psycopg

    base, _, _ = DATABASE_URL.rpartition("/")
    return psycopg.connect(f"{base}/postgres", autocommit=True)


def database_name(url):
    return url.rpartition("/")[2]


def drop_database(url):
    name = database_name(url)
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def clone_database(suffix):
    """A fresh copy of the prepared database for one section; its URL."""
    url = database_url(suffix)
    drop_database(url)
    with _admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{database_name(url)}" TEMPLATE "{database_name(database_url("base"))}"')
    return url


def setup_django(url, **env):
    """Django in this process, on ``url``, with the bench settings."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.update(env)
    import django

    django.setup()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def redis_server():
    """A Redis of the bench's own on a free loopback port; its URL."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="bench-redis-"))
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: socket.create_connection(("127.0.0.1", port), timeout=0.2).close(), 10, "redis")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for(probe, seconds, what):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return probe()
        except Exception:  # noqa: BLE001 (any failure means "not up yet")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not come up in {seconds} s") from None
            time.sleep(0.2)


class Server:
    """One gunicorn app server (deploy/gunicorn.conf.py, --preload) on a loopback port."""

    def __init__(self, url, port, workers, env, log):
        self.url, self.port, self.workers, self.log = url, port, workers, log
        self.base = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, **env, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS,
                    "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
                    "GUNICORN_PROC_NAME": f"bench-web-{port}"}
        self.process = None

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")  # noqa: SIM115 (the server writes to it until stopped)
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_for(lambda: urllib.request.urlopen(f"{self.base}/health/live/", timeout=2).read(), 60,
                  f"gunicorn on port {self.port}")
        return self

    def pids(self):
        """The master and its workers."""
        import psutil

        master = psutil.Process(self.process.pid)
        return [master.pid] + [child.pid for child in master.children()]

    def kill(self):
        """SIGKILL the master and its workers at once (a crashed machine)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def servers(url, count, workers, env, name):
    started = []
    try:
        for _ in range(count):
            port = free_port()
            started.append(Server(url, port, workers, env, WORK / "logs" / f"{name}-{port}.log").start())
        yield started
    finally:
        for server in started:
            server.stop()


def session_cookie(user):
    """A logged-in session for ``user`` made in the database (as a login
    would make it), without paying the password hasher; the cookie value."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "people.backends.PortalModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


CSRF = "benchcsrfbenchcsrfbenchcsrfbench"  # 32 characters: an unmasked CSRF secret


def cookies(session_key):
    return {"Cookie": f"sessionid={session_key}; csrftoken={CSRF}", "X-CSRFToken": CSRF}


def pct(values, p):
    """The p-th percentile (nearest rank) of ``values``, or None."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary_ms(seconds):
    """p50/p95/p99/mean in milliseconds of a list of durations in seconds."""
    if not seconds:
        return {"n": 0}
    return {"n": len(seconds), "p50": round(pct(seconds, 50) * 1000, 2), "p95": round(pct(seconds, 95) * 1000, 2),
            "p99": round(pct(seconds, 99) * 1000, 2), "mean": round(statistics.fmean(seconds) * 1000, 2)}


def write_result(section, data):
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"{section}.json"
    path.write_text(json.dumps({"section": section, "size": SIZE, **data}, ensure_ascii=False, indent=2))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path  # BENCH_WORK may be elsewhere
    print(f"{section}: wrote {shown}", flush=True)


def rss_mb(pids):
    import psutil

    total = 0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += psutil.Process(pid).memory_info().rss
    return round(total / 2**20, 1)
