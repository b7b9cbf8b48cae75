"""Fault test: PostgreSQL restarts and a Redis outage under load, with every submission counted.

Starts a private PostgreSQL cluster and a private redis-server (never the shared ones), loads the
demo data, serves the app with gunicorn and the production settings, and lets residents send the
contact form and a survey continuously while readers load pages and a monitor polls /healthz.
Meanwhile it

1. restarts PostgreSQL cleanly (pg_ctl restart -m fast),
2. kills PostgreSQL like a crash (-m immediate) and starts it again (crash recovery),
3. stops Redis for a few seconds, then starts it again.

Every submission carries a unique marker. A resident who gets the "try again" page (503) sends
the same form again a second later, as a person would. Afterwards the script reads the markers
back from the database and fails (exit 1) unless

- every submission acknowledged with the thank-you page is stored, and none is stored twice;
- no request got anything but a success or the Polish "try again" page (no 500, no reset);
- after each restart the app serves /healthz and a form page again within RECOVERY_LIMIT s;
- with Redis down, pages still answer 200, /healthz says the cache is degraded but the
  database is fine, submissions are still accepted, and the cache errors are logged.

    .venv/bin/python bench/faults.py          # or: make test-faults

Environment: FAULT_CLIENTS (submitters, 12), FAULT_WORKERS (gunicorn sync workers, one per core and one more).
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field

from harness import PYTHON, ROOT, PrivatePostgres, PrivateRedis, app_env, free_port, gunicorn, manage
from submissions import CONTACT, MIN_FILL_SECONDS, SURVEY, Submitter

CLIENTS = int(os.environ.get("FAULT_CLIENTS", "12"))
WORKERS = int(os.environ.get("FAULT_WORKERS", str((os.cpu_count() or 1) + 1)))
RECOVERY_LIMIT = 5.0
# Seconds after the load starts.
# After Redis is back, the next cache call of each process uses it again.
FAST_RESTART_AT, CRASH_AT, REDIS_STOP_AT, REDIS_START_AT, END_AT = 2.5, 7.0, 11.5, 16.0, 23.0
PAGES = [CONTACT, "/", "/konsultacje/budzet-miasta-2027/", "/kalendarz/"]
SURVEY_TEXT_FIELD = "twoje_uwagi_do_projektu_budzetu"
RETRY_PHRASE = "Spróbuj ponownie"
RESIDENT_ATTEMPTS = 5


@dataclass
class Attempt:
    start: float
    end: float
    status: int
    kind: str  # "accepted", "retry" (503 with the Polish page), "refused" (form error), "error"


@dataclass
class Submission:
    path: str
    marker: str
    attempts: list = field(default_factory=list)

    @property
    def accepted(self):
        return any(attempt.kind == "accepted" for attempt in self.attempts)


def classify(status, headers, html, success):
    if status == 200:
        return "accepted" if success(html) else "refused"
    if status == 503 and headers.get("Retry-After") and RETRY_PHRASE in html and 'lang="pl"' in html:
        return "retry"
    return "error"


def fetch(opener, url, data=None, timeout=60):
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310 - loopback
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")
    except OSError:
        return 0, {}, ""


class Resident(Submitter):
    """Sends the contact form and the survey in turn; on a "try again" page, sends it again."""

    def __init__(self, base, number, stop_at, results, run_id):
        super().__init__(base, number, stop_at, results)
        self.run_id = run_id

    def form_data(self, path, tokens, marker):
        data = {**tokens, "privacy_consent": "on"}
        if path == CONTACT:
            data.update(email=f"mieszkaniec{self.number}@example.com", subject=marker, message="Więcej ławek. " * 5)
        else:
            data.update(
                jak_oceniasz_projekt_budzetu="4",
                na_co_miasto_powinno_wydac_wiecej=["Zieleń i parki"],
                ktora_inwestycja_jest_najwazniejsza="Nowy park na Syberce",
                **{SURVEY_TEXT_FIELD: marker},
            )
        return data

    def run(self):
        sequence = 0
        while time.monotonic() < self.stop_at:
            path = CONTACT if sequence % 2 == 0 else SURVEY
            submission = Submission(path, f"{self.run_id}-{self.number}-{sequence}")
            # A form token is accepted once: each submission opens its form afresh, and only its
            # own retries (after a "try again" page) send the same token again.
            try:
                tokens = self.tokens(path)
            except OSError:
                time.sleep(1)  # the server is restarting; open the form again
                continue
            # The fill time runs from when the server made the form, which the resident only
            # knows once the page has arrived.
            time.sleep(MIN_FILL_SECONDS)
            data = self.form_data(path, tokens, submission.marker)
            for _ in range(RESIDENT_ATTEMPTS):
                start = time.monotonic()
                status, headers, html = fetch(self.opener, self.base + path, data)
                kind = classify(status, headers, html, lambda html: "Dziękujemy" in html)
                submission.attempts.append(Attempt(start, time.monotonic(), status, kind))
                if kind in ("accepted", "refused"):
                    break
                time.sleep(1)  # the resident reads the page, goes back and sends the form again
            self.results.append(submission)
            sequence += 1


def reader(base, stop_at, results):
    opener = urllib.request.build_opener()
    number = 0
    while time.monotonic() < stop_at:
        path = PAGES[number % len(PAGES)]
        start = time.monotonic()
        status, headers, html = fetch(opener, base + path)
        results.append((path, Attempt(start, time.monotonic(), status, classify(status, headers, html, bool))))
        number += 1


def monitor(base, stop_at, results):
    opener = urllib.request.build_opener()
    while time.monotonic() < stop_at:
        start = time.monotonic()
        status, _headers, body = fetch(opener, base + "/healthz", timeout=10)
        try:
            checks = json.loads(body)
        except ValueError:
            checks = {}
        results.append((start, time.monotonic(), status, checks))
        time.sleep(0.1)


def stored_markers(env, run_id):
    script = (
        "import json, sys, django; django.setup()\n"
        "from forms.models import Remark, SurveySubmission\n"
        "prefix = sys.argv[1]\n"
        "remarks = list(Remark.objects.filter(subject__startswith=prefix).values_list('subject', flat=True))\n"
        f"answers = [data.get({SURVEY_TEXT_FIELD!r}, '') for data in SurveySubmission.objects.values_list('form_data', flat=True)]\n"
        "print(json.dumps({'contact': remarks, 'survey': [a for a in answers if str(a).startswith(prefix)]}))\n"
    )
    output = subprocess.run(
        [PYTHON, "-c", script, run_id], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    found = json.loads(output)
    return Counter(found["contact"]) + Counter(found["survey"])


def overlapping(attempts, begin, end):
    return [attempt for attempt in attempts if attempt.start < end and attempt.end > begin]


class Report:
    def __init__(self):
        self.failures = []

    def check(self, ok, message):
        print(f"  [{'ok' if ok else 'FAIL'}] {message}")
        if not ok:
            self.failures.append(message)


def restart_report(report, label, begin, back, submissions, reads, health):
    attempts = [attempt for submission in submissions for attempt in submission.attempts]
    attempts += [attempt for _path, attempt in reads]
    in_flight = overlapping(attempts, begin, back)
    retried = [attempt for attempt in in_flight if attempt.kind == "retry"]
    slowest = max((attempt.end - attempt.start for attempt in in_flight), default=0.0)
    health_after = [start for start, _end, status, _checks in health if start >= back and status == 200]
    form_after = [a.start for path, a in reads if path == CONTACT and a.start >= back and a.kind == "accepted"]
    health_down = [start for start, _end, status, _checks in health if begin <= start < back + 1 and status != 200]
    print(
        f"{label}: PostgreSQL down for {back - begin:.2f} s; {len(in_flight)} requests in flight, "
        f"{len(retried)} answered 503, slowest {slowest:.2f} s; /healthz said 503 {len(health_down)} times"
    )
    report.check(len(in_flight) > 0, f"{label}: requests were in flight while PostgreSQL was down")
    for name, times in (("/healthz", health_after), (f"the form page {CONTACT}", form_after)):
        recovered = (min(times) - back) if times else None
        report.check(
            recovered is not None and recovered <= RECOVERY_LIMIT,
            f"{label}: {name} served again "
            + (f"{recovered:.2f} s after PostgreSQL was back" if recovered is not None else "never"),
        )


def main():
    (ROOT / "bench" / "output").mkdir(exist_ok=True)
    run_id = "F" + uuid.uuid4().hex[:8]
    report = Report()
    started = time.monotonic()
    with PrivatePostgres() as postgres, PrivateRedis() as redis:
        env = app_env(
            DATABASE_URL=postgres.url,
            REDIS_URL=redis.url,
            PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "bench" / "settings")]),
            DJANGO_SETTINGS_MODULE="submissions_settings",
        )
        print(
            f"Private PostgreSQL on port {postgres.port}, Redis on port {redis.port}; migrating and loading demo data…"
        )
        manage("migrate", "--noinput", "-v0", env=env)
        migrated = time.monotonic()
        manage("load_demo_data", env=env, capture_output=True)
        print(f"  migrate {migrated - started:.0f} s, demo data {time.monotonic() - migrated:.0f} s")
        port = free_port()
        log_path = ROOT / "bench" / "output" / f"gunicorn-{port}.log"
        with gunicorn(env, workers=WORKERS, port=port) as base:
            print(
                f"Setup took {time.monotonic() - started:.0f} s. {CLIENTS} residents, 2 readers and a /healthz monitor"
            )
            # One visit to each page first: the fault test is about PostgreSQL and Redis, not about
            # a cold start (the first concurrent renders of a page also create its image renditions).
            opener = urllib.request.build_opener()
            for path in [*PAGES, SURVEY]:
                status = fetch(opener, base + path)[0]
                report.check(status == 200, f"warm-up: {path} answers {status}")
            submissions, reads, health = [], [], []
            load_start = time.monotonic() + MIN_FILL_SECONDS
            stop_at = load_start + END_AT
            threads = [Resident(base, number, stop_at, submissions, run_id) for number in range(CLIENTS)]
            threads += [threading.Thread(target=reader, args=(base, stop_at, reads), daemon=True) for _ in range(2)]
            threads.append(threading.Thread(target=monitor, args=(base, stop_at, health), daemon=True))
            for thread in threads:
                thread.start()

            def at(offset):
                time.sleep(max(0.0, load_start + offset - time.monotonic()))
                return time.monotonic()

            fast_begin = at(FAST_RESTART_AT)
            postgres.stop("fast")
            postgres.start()
            fast_back = time.monotonic()
            crash_begin = at(CRASH_AT)
            postgres.stop("immediate")
            postgres.start()
            crash_back = time.monotonic()
            redis_down = at(REDIS_STOP_AT)
            redis.stop()
            redis_up = at(REDIS_START_AT)
            redis.start()
            for thread in threads:
                thread.join(timeout=END_AT + 120)
        stored = stored_markers(env, run_id)
        log = log_path.read_text(errors="replace")

    print()
    attempts = [attempt for submission in submissions for attempt in submission.attempts]
    accepted = {submission.marker for submission in submissions if submission.accepted}
    kinds = Counter(attempt.kind for attempt in attempts)
    statuses = Counter(attempt.status for attempt in attempts)
    print(
        f"Submissions: {len(submissions)} forms in {len(attempts)} requests; statuses {dict(sorted(statuses.items()))}"
    )
    print(f"  accepted {len(accepted)}, stored {len(stored)} distinct markers, answer kinds {dict(kinds)}")
    read_statuses = Counter(attempt.status for _path, attempt in reads)
    print(f"Page reads: {len(reads)}; statuses {dict(sorted(read_statuses.items()))}")
    print(f"/healthz polls: {len(health)}; statuses {dict(sorted(Counter(h[2] for h in health).items()))}")
    print(f"Gunicorn log: {log_path}")
    repeated = len(re.findall(r"WARNING portal.db_faults .*repeating the request", log))
    settled = len(re.findall(r"WARNING portal.db_faults .*the transaction committed", log))
    print(f"App log: {repeated} requests repeated after a lost connection, {settled} commits in doubt found committed")
    print()
    restart_report(report, "Clean restart (-m fast)", fast_begin, fast_back, submissions, reads, health)
    restart_report(report, "Crash (-m immediate) and recovery", crash_begin, crash_back, submissions, reads, health)

    print("Submissions:")
    lost = accepted - set(stored)
    duplicates = {marker: count for marker, count in stored.items() if count > 1}
    report.check(len(accepted) > 0, f"{len(accepted)} submissions acknowledged with the thank-you page")
    report.check(not lost, f"every acknowledged submission is stored (lost: {sorted(lost)[:10]})")
    report.check(not duplicates, f"nothing is stored twice (duplicates: {dict(list(duplicates.items())[:10])})")
    unknown = len([s for s in submissions if not s.accepted and s.marker in stored])
    print(f"  [info] stored although every attempt failed (the resident was not told): {unknown}")
    print(f"  [info] resubmitted after a 503: {len([s for s in submissions if len(s.attempts) > 1])}")
    errors = [a for a in attempts if a.kind == "error"] + [a for _p, a in reads if a.kind == "error"]
    report.check(not errors, f"no request got a 5xx other than the Polish 503 page, or no answer ({len(errors)})")
    refused = kinds.get("refused", 0)
    report.check(refused == 0, f"no form refused by validation ({refused})")

    print("Redis stopped:")
    window = (redis_down + 0.5, redis_up)
    pages = [a for _path, a in reads if window[0] <= a.start < window[1]]
    slowest = max((a.end - a.start for a in pages), default=0.0)
    report.check(
        pages and all(a.status == 200 for a in pages), f"{len(pages)} pages read, all 200 (slowest {slowest:.2f} s)"
    )
    polls = [h for h in health if window[0] <= h[0] and h[1] < window[1]]
    degraded = [h for h in polls if h[2] == 200 and h[3].get("cache") == "degraded" and h[3].get("database") == "ok"]
    report.check(
        polls and len(degraded) == len(polls),
        f"/healthz: 200, database ok, cache degraded ({len(degraded)}/{len(polls)})",
    )
    during = [s for s in submissions if s.accepted and any(window[0] <= a.start < window[1] for a in s.attempts)]
    report.check(len(during) > 0, f"{len(during)} submissions accepted while Redis was down")
    logged = len(re.findall(r"ERROR django_redis.cache Exception ignored", log))
    report.check(logged > 0, f"the outage is logged ({logged} 'Exception ignored' errors from django_redis)")
    after = [h for h in health if h[0] >= redis_up]
    cache_ok = [h[0] - redis_up for h in after if h[3].get("cache") == "ok"]
    report.check(
        bool(cache_ok) and after[-1][3].get("cache") == "ok",
        "/healthz reports the cache ok again after Redis restarts"
        + (f" ({cache_ok[0]:.1f} s after)" if cache_ok else ""),
    )

    print(f"\nTotal time {time.monotonic() - started:.0f} s")
    if report.failures:
        print(f"RESULT: FAILED ({len(report.failures)} checks); see {log_path}")
        return 1
    print("RESULT: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
