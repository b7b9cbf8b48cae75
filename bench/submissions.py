"""Load test of the public forms: 50 residents sending the contact form and a survey for 60 s.

Serves the app with gunicorn (production settings, bench/settings/submissions_settings.py) on a
throwaway PostgreSQL database, loads the demo data, then runs BENCH_CLIENTS submitters for
BENCH_SECONDS. Each submitter opens both forms once (CSRF cookie and anti-spam start token),
waits out the minimum fill time like a person, then sends forms in a loop. Afterwards it counts
the stored rows: every accepted submission must be stored, and no response may be a 5xx.

    .venv/bin/python bench/submissions.py        # PostgreSQL 15 must be installed locally

Environment: BENCH_DATABASE_URL (default postgres://konsultacje:konsultacje@127.0.0.1:5432/konsultacje_forms_bench),
BENCH_CLIENTS (50), BENCH_SECONDS (60), BENCH_WORKERS (gunicorn workers, 2 x CPUs + 1).
The per-address rate limit is raised in bench/settings/submissions_settings.py: all submitters share 127.0.0.1.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

from harness import ensure_postgres, free_port

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://konsultacje:konsultacje@127.0.0.1:5432/konsultacje_forms_bench"
)
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
MIN_FILL_SECONDS = 3.2
CONTACT = "/kontakt/"
SURVEY = "/konsultacje/budzet-miasta-2027/ankieta/"
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|form_started)" value="([^"]+)"')


def app_env():
    media = tempfile.mkdtemp(prefix="konsultacje-forms-bench-")
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench" / "settings")]),
        "DJANGO_SETTINGS_MODULE": "submissions_settings",
        "SECRET_KEY": "bench-only-secret-key-forms-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": DATABASE_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "WARNING",
    }


def prepare_database():
    ensure_postgres()
    name = DATABASE_URL.rsplit("/", 1)[1]
    subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists --force {name}"], check=True, capture_output=True)
    subprocess.run(["su", "postgres", "-c", f"createdb -O konsultacje {name}"], check=True, capture_output=True)


def start_gunicorn(env):
    port = free_port()
    log = tempfile.NamedTemporaryFile("w", prefix="gunicorn-forms-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
        + ["--worker-class", "gthread", "--threads", "4", "--timeout", "60", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + CONTACT, timeout=5)  # noqa: S310 - loopback only
            return process, base, log.name
        except (OSError, urllib.error.URLError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"gunicorn did not start; see {log.name}") from None
            time.sleep(0.5)


class Submitter(threading.Thread):
    def __init__(self, base, number, stop_at, results):
        super().__init__(daemon=True)
        self.base, self.number, self.stop_at, self.results = base, number, stop_at, results
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - loopback http only
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError:
            return 0, ""

    def tokens(self, path):
        _status, html = self.request(path)
        return dict(TOKEN.findall(html))

    def run(self):
        forms = {CONTACT: self.tokens(CONTACT), SURVEY: self.tokens(SURVEY)}
        time.sleep(MIN_FILL_SECONDS)
        sent = 0
        while time.monotonic() < self.stop_at:
            path = CONTACT if sent % 2 == 0 else SURVEY
            data = {**forms[path], "privacy_consent": "on"}
            if path == CONTACT:
                data.update(
                    email=f"mieszkaniec{self.number}@example.com",
                    subject=f"Uwaga {self.number}-{sent}",
                    message="Proszę o więcej zieleni i ławek przy bulwarach. " * 5,
                )
            else:
                data.update(
                    jak_oceniasz_projekt_budzetu="4",
                    na_co_miasto_powinno_wydac_wiecej=["Zieleń i parki", "Kultura i sport"],
                    ktora_inwestycja_jest_najwazniejsza="Nowy park na Syberce",
                    twoje_uwagi_do_projektu_budzetu="Więcej pieniędzy na zieleń.",
                )
            started = time.monotonic()
            status, html = self.request(path, data)
            elapsed = time.monotonic() - started
            accepted = status == 200 and "Dziękujemy" in html
            self.results.append((path, status, accepted, elapsed))
            sent += 1


def count_rows(env):
    script = (
        "import django; django.setup(); "
        "from forms.models import Remark, SurveySubmission; "
        "print(Remark.objects.count(), SurveySubmission.objects.count())"
    )
    output = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    remarks, submissions = output.stdout.split()
    return int(remarks), int(submissions)


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))] * 1000 if values else 0.0


def main():
    env = app_env()
    print(f"Preparing PostgreSQL database and demo data ({DATABASE_URL.rsplit('@', 1)[1]})…")
    prepare_database()
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "load_demo_data"], cwd=ROOT, env=env, check=True, capture_output=True)
    before = count_rows(env)
    process, base, log = start_gunicorn(env)
    results = []
    try:
        print(f"{CLIENTS} submitters for {SECONDS} s against gunicorn ({WORKERS} workers x 4 threads) at {base}")
        stop_at = time.monotonic() + MIN_FILL_SECONDS + SECONDS
        threads = [Submitter(base, number, stop_at, results) for number in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    after = count_rows(env)

    statuses = Counter(status for _path, status, _accepted, _elapsed in results)
    accepted = Counter(path for path, _status, ok, _elapsed in results if ok)
    stored = {CONTACT: after[0] - before[0], SURVEY: after[1] - before[1]}
    server_errors = sum(count for status, count in statuses.items() if status >= 500 or status == 0)
    elapsed = [seconds for *_rest, seconds in results]
    print(f"Requests sent:        {len(results)} ({len(results) / SECONDS:.1f}/s)")
    print(f"Status codes:         {dict(sorted(statuses.items()))}")
    print(f"Latency p50 / p95:    {percentile(elapsed, 0.5):.0f} ms / {percentile(elapsed, 0.95):.0f} ms")
    for path, label in ((CONTACT, "contact form (Remark rows)"), (SURVEY, "survey (SurveySubmission rows)")):
        print(f"Accepted vs stored, {label}: {accepted[path]} / {stored[path]}")
    ok = server_errors == 0 and all(accepted[path] == stored[path] for path in stored) and sum(stored.values()) > 0
    print("RESULT: " + ("OK – every accepted submission stored, no 5xx" if ok else f"FAILED (see {log})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
