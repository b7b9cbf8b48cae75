"""Calendar month page and full iCal feed with 500 recurring meetings, against a plain page.

Prints the median latency of /kalendarz/ (this month), /kalendarz/kalendarz.ics (the whole
calendar feed: what ended up to a year ago and everything later) and a StandardPage in the same
run, the ratios (aim: each < 2x), the query counts and sizes, four times:

- rendered on every request (the portal's anonymous page cache off);
- with every cache empty ("cold": page cache off, the cache cleared before each request): the
  calendar keeps nothing itself, so this is what it costs after any publish;
- after every edit of a meeting shown this month ("edited": page cache off, the meeting's title
  changed and saved before each request);
- as an anonymous visitor gets them (page cache on).

The meetings are weekly series of 8-20 dates starting anywhere in two years before and after
today, as a portal collects them over its life, so a month shows a slice of them and the feed
the ones that ended less than a year ago or are still to come. Runs against a throwaway test database (SQLite
in memory, or test_<name> on PostgreSQL when DATABASE_URL is set), never a developer's data.

    python bench/calendar_month_and_feed.py

(Not bench/calendar.py: a script's folder comes first on sys.path, so that name would shadow
the standard library's calendar module for every script in bench/.)
"""

import datetime
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402 - Django must be configured before the app imports below

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

import recurrence  # noqa: E402

from consultation.models import CalendarPage, ConsultationIndexPage, ConsultationPage, Meeting  # noqa: E402
from consultation.occurrences import WARSAW, local_now  # noqa: E402
from home.models import HomePage, StandardPage  # noqa: E402

MEETINGS = 500
CONSULTATIONS = 50
REPEATS = 25
URLS = {"standard page": "/o-projekcie/", "month page": "/kalendarz/", "full feed": "/kalendarz/kalendarz.ics"}


def build(rng):
    home = HomePage.objects.get(depth=2)
    home.add_child(instance=StandardPage(title="O projekcie", slug="o-projekcie", intro="Portal konsultacji."))
    home.add_child(instance=CalendarPage(title="Kalendarz", slug="kalendarz"))
    register = home.add_child(instance=ConsultationIndexPage(title="Konsultacje", slug="konsultacje"))
    today = local_now().date()
    pages = []
    for n in range(CONSULTATIONS):
        start = today + datetime.timedelta(days=rng.randint(-120, 60))
        pages.append(
            register.add_child(
                instance=ConsultationPage(
                    title=f"Konsultacja {n}",
                    slug=f"konsultacja-{n}",
                    lead="Opis.",
                    legal_basis="Zarządzenie.",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=30),
                )
            )
        )
    for n in range(MEETINGS):
        day = today + datetime.timedelta(days=rng.randint(-730, 730))
        start = datetime.datetime.combine(day, datetime.time(rng.randint(8, 18)), tzinfo=WARSAW)
        cancelled = datetime.datetime.combine(day + datetime.timedelta(days=14), datetime.time(), tzinfo=WARSAW)
        rule = recurrence.Rule(recurrence.WEEKLY, count=rng.randint(8, 20))
        Meeting.objects.create(
            page=pages[n % CONSULTATIONS],
            title=f"Dyżur {n}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            recurrence=recurrence.Recurrence(rrules=[rule], exdates=[cancelled]),
            place_name="Urząd Miejski",
            address="ul. 11 Listopada 20, Będzin",
        )


def measure(client, urls, before=None):
    """Median latency, queries and size per URL. The URLs take turns, request by request, so a
    busy moment of the machine falls on all of them alike and the ratios stay fair. `before`
    runs before each request, untimed (a purge, an edit)."""
    for url in urls:
        client.get(url)  # warm caches (site root paths, settings, templates)
    timings = {url: [] for url in urls}
    for _ in range(REPEATS):
        for url in urls:
            if before:
                before()
            started = time.perf_counter()
            response = client.get(url)
            timings[url].append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
    results = {}
    for url in urls:
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        results[url] = (statistics.median(timings[url]) * 1000, len(queries), len(response.content))
    return results


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        build(random.Random(5))
        print(
            f"{MEETINGS} recurring meetings on {CONSULTATIONS} consultations built in {time.perf_counter() - started:.1f} s"
        )
        client = Client()
        now = local_now()
        edited = Meeting.objects.filter(start__lte=now, last_end__gte=now).order_by("pk").first()
        edits = itertools.count(1)

        def edit_meeting():
            # A new title every time: the rows read are never the same as before.
            edited.title = f"Dyżur (zmiana {next(edits)})"
            edited.save()

        runs = (
            ("warm", "warm: rendered on every request (page cache off):", False, None),
            (
                "cold",
                "cold: every cache empty (page cache off, the cache cleared before each request):",
                False,
                cache.clear,
            ),
            (
                "edited",
                f"truly cold: after every edit of a meeting shown this month ({edited.title!r}, page cache off):",
                False,
                edit_meeting,
            ),
            ("cached", "with the anonymous page cache:", True, None),
        )
        summary = []
        for label, title, cached, before in runs:
            settings.PAGE_CACHE_ENABLED = cached
            print(title)
            measured = measure(client, list(URLS.values()), before)
            results = {name: measured[url] for name, url in URLS.items()}
            for name, (ms, queries, size) in results.items():
                print(
                    f"  {name:<14} {URLS[name]:<26} median {ms:7.2f} ms  {queries:>2} queries  {size / 1024:6.1f} kB"
                )
            base = results["standard page"][0]
            for name in ("month page", "full feed"):
                print(f"  ratio {name} / standard page: {results[name][0] / base:.2f}x")
                summary.append(f"{label} {name} {results[name][0] / base:.2f}x")
        print("ratios (aim: each < 2x): " + ", ".join(summary))
        print(f"database: {connection.vendor}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
