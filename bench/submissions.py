"""A rush of submissions: 50 residents sending the contact form and a survey for 60 s.

Serves the app as docs/deploy.md does (gunicorn sync workers, production settings through
bench/settings/submissions_settings.py) on a throwaway PostgreSQL database and a redis-server of
its own, behind a "proxy": every request comes from 127.0.0.1 (TRUSTED_PROXIES) with the
resident's own address in X-Forwarded-For, so each resident has a rate limit of its own.

Each resident opens a form (CSRF cookie and a one-use form token), and sends it once the token
is older than the minimum fill time; it keeps a second form open, so it rarely waits. One
send in five is a double click: the same form posted twice at once. A submission is accepted when
the answer is 303 to the thank-you view. At the end every accepted form token must be one stored
row: 0 lost, 0 duplicated, no 5xx.

    .venv/bin/python bench/submissions.py     # PostgreSQL 15 and redis-server installed locally

Environment: BENCH_DATABASE_URL (default postgres://golive_bench:golive_bench@127.0.0.1:5432/golive_bench;
the role and database are created), BENCH_CLIENTS (50), BENCH_SECONDS (60), BENCH_WORKERS
(gunicorn sync workers, 2 x CPUs + 1), BENCH_PROCESSES (client processes, 5).
The per-address limit is raised in bench/settings/submissions_settings.py: a resident here sends
far more than 20 forms in 10 minutes. Everything else (fill time, tokens, CSRF) is as in production.
"""

import http.cookiejar
import multiprocessing
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
from collections import Counter, deque
from pathlib import Path

from harness import PrivateRedis, free_port

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://golive_bench:golive_bench@127.0.0.1:5432/golive_bench")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "5"))
MIN_FILL_SECONDS = 3.2
OPEN_AHEAD = 2
DOUBLE_CLICK_EVERY = 5
CONTACT = "/kontakt/"
SURVEY = "/konsultacje/budzet-miasta-2027/ankieta/"
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|form_started)" value="([^"]+)"')


def app_env(redis_url):
    media = tempfile.mkdtemp(prefix="konsultacje-forms-bench-")
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench" / "settings")]),
        "DJANGO_SETTINGS_MODULE": "submissions_settings",
        "SECRET_KEY": "bench-only-secret-key-forms-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": redis_url,
        "TRUSTED_PROXIES": "127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "WARNING",
    }


def psql(sql, database="postgres"):
    subprocess.run(["su", "postgres", "-c", f'psql -q -d {database} -c "{sql}"'], check=True, capture_output=True)


def prepare_database():
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"], capture_output=True)
    parsed = urllib.parse.urlparse(DATABASE_URL)
    role, password, name = parsed.username, parsed.password, parsed.path.lstrip("/")
    psql(
        f"DO \\$\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='{role}') THEN "
        f"CREATE ROLE {role} LOGIN PASSWORD '{password}'; END IF; END \\$\\$;"
    )
    subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists --force {name}"], check=True, capture_output=True)
    subprocess.run(["su", "postgres", "-c", f"createdb -O {role} {name}"], check=True, capture_output=True)


def start_gunicorn(env):
    port = free_port()
    log = tempfile.NamedTemporaryFile("w", prefix="gunicorn-forms-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
        + ["--preload", "--forwarded-allow-ips", "127.0.0.1", "--timeout", "60", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
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
    """A resident with a cookie jar who opens forms (bench/faults.py builds on it; redirects are
    followed, so a sent form ends on its thank-you page)."""

    def __init__(self, base, number, stop_at, results):
        super().__init__(daemon=True)
        self.base, self.number, self.stop_at, self.results = base, number, stop_at, results
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def tokens(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return dict(TOKEN.findall(response.read().decode(errors="replace")))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Resident(threading.Thread):
    def __init__(self, base, number, stop_at, results):
        super().__init__(daemon=True)
        self.base, self.number, self.stop_at, self.results = base, number, stop_at, results
        self.address = f"198.51.{100 + number // 250}.{1 + number % 250}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.open_forms = deque()
        self.sent = 0

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": self.base + path, "X-Forwarded-For": self.address}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read()
        except OSError:
            return 0, "", b""

    def open_form(self):
        path = CONTACT if (self.sent + len(self.open_forms)) % 2 == 0 else SURVEY
        _status, _location, html = self.request(path)
        self.open_forms.append((time.monotonic(), path, dict(TOKEN.findall(html.decode(errors="replace")))))

    def data(self, path, tokens):
        data = {**tokens, "privacy_consent": "on"}
        if path == CONTACT:
            data.update(
                email=f"mieszkaniec{self.number}@example.com",
                subject=f"Uwaga {self.number}-{self.sent}",
                message="Proszę o więcej zieleni i ławek przy bulwarach. " * 5,
            )
        else:
            data.update(
                jak_oceniasz_projekt_budzetu="4",
                na_co_miasto_powinno_wydac_wiecej=["Zieleń i parki", "Kultura i sport"],
                ktora_inwestycja_jest_najwazniejsza="Nowy park na Syberce",
                twoje_uwagi_do_projektu_budzetu="Więcej pieniędzy na zieleń.",
            )
        return data

    def send(self, path, data, token):
        started = time.time()
        status, location, _body = self.request(path, data)
        elapsed = time.time() - started
        accepted = status == 303 and "/dziekujemy/" in location
        self.results.append((path, status, accepted, elapsed, token, started))

    def run(self):
        self.open_form()
        while time.monotonic() < self.stop_at:
            opened, path, tokens = self.open_forms[0]
            wait = opened + MIN_FILL_SECONDS - time.monotonic()
            if wait > 0:
                # Like a person with several tabs: open another form while the first ages.
                if len(self.open_forms) < OPEN_AHEAD:
                    self.open_form()
                else:
                    time.sleep(wait)
                continue
            self.open_forms.popleft()
            data = self.data(path, tokens)
            token = tokens.get("form_started", "")
            if self.sent % DOUBLE_CLICK_EVERY == DOUBLE_CLICK_EVERY - 1:
                twin = threading.Thread(target=self.send, args=(path, data, token))
                twin.start()
                self.send(path, data, token)
                twin.join()
            else:
                self.send(path, data, token)
            self.sent += 1
            self.open_form()


def run_clients(base, numbers, stop_at, queue):
    results = []
    threads = [Resident(base, number, stop_at, results) for number in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def count_rows(env):
    script = (
        "import django; django.setup(); "
        "from forms.models import Remark, SurveySubmission; "
        # A survey's free-text answers may also become remarks (channel "survey"): not the contact form's.
        "print(Remark.objects.exclude(channel='survey').count(), SurveySubmission.objects.count())"
    )
    output = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    remarks, submissions = output.stdout.split()
    return int(remarks), int(submissions)


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))] * 1000 if values else 0.0


def main():
    print(f"Preparing PostgreSQL ({DATABASE_URL.rsplit('@', 1)[1]}) and a redis-server of its own…")
    prepare_database()
    with PrivateRedis() as redis:
        env = app_env(redis.url)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "load_demo_data"], cwd=ROOT, env=env, check=True, capture_output=True)
        before = count_rows(env)
        process, base, log = start_gunicorn(env)
        results = []
        try:
            print(f"{CLIENTS} residents for {SECONDS} s against gunicorn ({WORKERS} sync workers) at {base}")
            # The first forms wait out their fill time before the SECONDS of sending.
            stop_at = time.monotonic() + MIN_FILL_SECONDS + SECONDS
            queue = multiprocessing.Queue()
            groups = [list(range(CLIENTS))[index::PROCESSES] for index in range(PROCESSES)]
            clients = [
                multiprocessing.Process(target=run_clients, args=(base, group, stop_at, queue)) for group in groups
            ]
            for client in clients:
                client.start()
            for _client in clients:
                results += queue.get()
            for client in clients:
                client.join()
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        after = count_rows(env)

    statuses = Counter(status for _path, status, *_rest in results)
    accepted_tokens = {(path, token) for path, _status, ok, _elapsed, token, _at in results if ok}
    # Accepted per second of sending: from the first post sent to the last answer received.
    sending = (
        max(at + took for *_rest, took, _token, at in results) - min(at for *_rest, at in results) if results else 1
    )
    accepted = Counter(path for path, _token in accepted_tokens)
    stored = {CONTACT: after[0] - before[0], SURVEY: after[1] - before[1]}
    server_errors = sum(count for status, count in statuses.items() if status >= 500 or status == 0)
    elapsed = [seconds for _path, _status, _ok, seconds, _token, _at in results]
    posts = len(results)
    twins = posts - len({token for *_rest, token, _at in results})
    print(f"POSTs sent:              {posts} in {sending:.1f} s, second halves of double clicks: {twins}")
    print(f"Status codes:            {dict(sorted(statuses.items()))}")
    print(f"Accepted submissions/s:  {len(accepted_tokens) / sending:.1f}")
    print(f"POST latency p50 / p95:  {percentile(elapsed, 0.5):.0f} ms / {percentile(elapsed, 0.95):.0f} ms")
    for path, label in ((CONTACT, "contact form (Remark rows)"), (SURVEY, "survey (SurveySubmission rows)")):
        print(f"Accepted forms vs rows stored, {label}: {accepted[path]} / {stored[path]}")
    lost = sum(max(0, accepted[path] - stored[path]) for path in stored)
    duplicated = sum(max(0, stored[path] - accepted[path]) for path in stored)
    print(f"Lost: {lost}, duplicated: {duplicated}, 5xx or no answer: {server_errors}")
    ok = server_errors == 0 and lost == 0 and duplicated == 0 and sum(stored.values()) > 0
    print("RESULT: " + ("OK – one row per accepted form, no 5xx" if ok else f"FAILED (see {log})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
