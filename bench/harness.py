"""Shared plumbing for the load benchmarks: PostgreSQL, Redis, gunicorn and wrk on loopback.

Everything here talks to 127.0.0.1 only. It creates its own database (konsultacje_bench) so it
never touches a developer's data, and stops every process it started.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://konsultacje:konsultacje@127.0.0.1:5432/konsultacje_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, cwd=ROOT, **kwargs)


def ensure_postgres():
    """Start the local PostgreSQL 15 cluster and the bench role (the user of PG_URL) if missing."""
    if shutil.which("pg_ctlcluster"):
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"], capture_output=True)
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], capture_output=True).returncode == 0:
            break
        time.sleep(1)
    url = urllib.parse.urlsplit(PG_URL)
    role, password = url.username, url.password or ""
    sql = (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='{role}') THEN "
        f"CREATE ROLE {role} LOGIN CREATEDB PASSWORD '{password}'; END IF; END $$;"
    )
    # Through stdin: in a shell's double quotes "$$" would become its process id.
    subprocess.run(["su", "postgres", "-c", "psql -q"], input=sql, text=True, capture_output=True)


def database_url(suffix):
    """PG_URL with `_suffix` after the database's name (a database per data set)."""
    return f"{PG_URL}_{suffix}"


def recreate_database(url=PG_URL, template=None):
    """Drop and create the database of `url` (a copy of the database of `template`, a URL, if given)."""
    url = urllib.parse.urlsplit(url)
    name = url.path.lstrip("/")
    copy = f" -T {urllib.parse.urlsplit(template).path.lstrip('/')}" if template else ""
    subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists --force {name}"], check=True, capture_output=True)
    subprocess.run(
        ["su", "postgres", "-c", f"createdb -O {url.username}{copy} {name}"], check=True, capture_output=True
    )


def _redis_cli(*args):
    url = urllib.parse.urlsplit(REDIS_URL)
    database = url.path.lstrip("/") or "0"
    command = ["redis-cli", "-h", url.hostname, "-p", str(url.port or 6379), "-n", database, *args]
    return subprocess.run(command, capture_output=True, text=True)


def ensure_redis():
    """Start a redis-server on REDIS_URL's port if none answers there (returns True if this
    call started it: stop it with stop_redis), and empty the bench's database."""
    started = False
    if _redis_cli("ping").returncode != 0:
        port = str(urllib.parse.urlsplit(REDIS_URL).port or 6379)
        run(
            ["redis-server", "--port", port, "--bind", "127.0.0.1", "--daemonize", "yes"]
            + ["--save", "", "--appendonly", "no"],
            capture_output=True,
        )
        started = True
        for _ in range(50):
            if _redis_cli("ping").returncode == 0:
                break
            time.sleep(0.1)
    _redis_cli("flushdb")
    return started


def stop_redis():
    """Stop the redis-server on REDIS_URL's port (one ensure_redis started)."""
    _redis_cli("shutdown", "nosave")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(**extra):
    media = os.environ.get("BENCH_MEDIA_ROOT") or tempfile.mkdtemp(prefix="konsultacje-bench-media-")
    os.environ["BENCH_MEDIA_ROOT"] = media
    env = {
        **os.environ,
        # bench/settings holds the benchmarks' own settings modules (cold_settings, ...).
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench" / "settings")]),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
        "DATABASE_URL": PG_URL,
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": media,
        "STATIC_ROOT": str(ROOT / "bench" / "output" / "static"),
        "LOG_LEVEL": "WARNING",
        "FORMS_RATE_LIMIT_COUNT": "1000000",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args, env=None, **kwargs):
    return run([PYTHON, "manage.py", *args], env=env or app_env(), **kwargs)


@contextlib.contextmanager
def gunicorn(env, workers=3, port=None):
    """Serve the app with gunicorn on 127.0.0.1, as docs/deploy.md runs it (sync workers, one
    request at a time each, behind nginx); yields the base URL.

    Not gthread: with keep-alive clients (wrk) its workers stalled for seconds at a time with
    the CPU half idle (the static file fell from ~3,800 to ~700 requests/s now and then, pages
    alike), so runs could not be compared. nginx speaks to the app without keep-alive anyway."""
    port = port or free_port()
    log = open(ROOT / "bench" / "output" / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - loopback only
                break
            except (OSError, urllib.error.URLError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start; see bench/output/gunicorn-{port}.log") from None
                time.sleep(0.3)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


WRK_LATENCY = re.compile(r"^\s+(50|95)%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(url, seconds=10, connections=16, threads=2):
    """Requests/s and p50/p95 latency (ms) from wrk against one URL (a request may take up to
    30 s: a cold feed of the stress set takes seconds)."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    script = ROOT / "bench" / "percentiles.lua"
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s"]
        + ["--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latencies = {}
    for percentile, value, unit in WRK_LATENCY.findall(out):
        factor = {"us": 0.001, "ms": 1, "s": 1000}[unit]
        latencies[percentile] = float(value) * factor
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": rps,
        "p50": latencies.get("50"),
        "p95": latencies.get("95"),
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


def _postgres_bindir():
    """The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<version>/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise SystemExit("PostgreSQL's initdb is not installed: apt-get install -y postgresql")


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on its own port, which a fault test may stop and restart.

    The shared cluster other people's tests run on is never touched. As root the cluster runs as
    the postgres user (PostgreSQL refuses to run as root); otherwise as the current user.
    Loopback only, with trust authentication, in a fresh temporary folder.
    """

    def __init__(self, database="konsultacje", user="konsultacje"):
        self.bindir = _postgres_bindir()
        self.folder = Path(tempfile.mkdtemp(prefix="konsultacje-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.database, self.user = database, user
        self.url = f"postgres://{user}@127.0.0.1:{self.port}/{database}"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")

    def _pg(self, program, *args, check=True):
        return subprocess.run(
            [*self.as_postgres, str(self.bindir / program), *args], check=check, capture_output=True, text=True
        )

    def _ctl(self, *args, check=True):
        # Only committed data must survive, and a process restart never loses the OS page cache.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        return self._pg(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o", options, *args, check=check
        )

    def start(self):
        if not self.data.exists():
            self._pg("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8", "--no-sync")
            self._ctl("start")
            self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, self.database)
        else:
            self._ctl("start")
        return self

    def stop(self, mode="fast"):
        """mode "fast" is a clean shutdown; "immediate" kills the server like a crash."""
        self._ctl("stop", "-m", mode)

    def is_ready(self):
        args = ["-q", "-h", "127.0.0.1", "-p", str(self.port)]
        return subprocess.run([str(self.bindir / "pg_isready"), *args], capture_output=True).returncode == 0

    def destroy(self):
        if (self.data / "postmaster.pid").exists():
            self._ctl("stop", "-m", "immediate", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.destroy()


class PrivateRedis:
    """A redis-server of its own on a free loopback port, which a fault test may stop and start."""

    def __init__(self):
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server is not installed: apt-get install -y redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return self
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
