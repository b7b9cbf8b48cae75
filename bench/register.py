"""Register latency at 100 and at 10,000 consultations in one run, and the ratio (aim: ≤ 1.3×).

Runs against a throwaway test database (SQLite in memory, or test_<name> on PostgreSQL when
DATABASE_URL is set), so it never touches a developer's data. Consultations spread over every
status, topic and district. Latency is measured through the real page (/konsultacje/, the
default order and a combined filter), median of repeated requests, page cache off.

    python bench/register.py            # SQLite
    DATABASE_URL=postgres://… python bench/register.py
"""

import datetime
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

from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from modelsearch.signal_handlers import post_save_signal_handler  # noqa: E402

from consultation.models import ConsultationIndexPage, ConsultationPage, District, Topic  # noqa: E402
from home.models import HomePage  # noqa: E402

SIZES = (100, 10_000)
REPEATS = 25
URLS = ("/konsultacje/", "/konsultacje/?status=trwajace&temat=temat-1&rok=2026")


def build_taxonomies():
    topics = [Topic.objects.create(name=f"Temat {n}", slug=f"temat-{n}") for n in range(8)]
    districts = [District.objects.create(name=f"Dzielnica {n}", slug=f"dzielnica-{n}") for n in range(10)]
    return topics, districts


def add_consultations(register, count, topics, districts, rng):
    """Insert pages directly under the register: treebeard paths are computed here, which is
    much faster than add_child for thousands of pages and gives the same rows."""
    today = timezone.localdate()
    start_index = register.numchild
    topic_links, district_links = [], []
    # The search index is not what is measured here; skipping it makes building 10,000 pages fast.
    post_save.disconnect(post_save_signal_handler, sender=ConsultationPage)
    with transaction.atomic():
        for n in range(start_index, start_index + count):
            start = today + datetime.timedelta(days=rng.randint(-900, 120))
            end = start + datetime.timedelta(days=rng.randint(14, 45))
            published = end + datetime.timedelta(days=30) if rng.random() < 0.4 else None
            page = ConsultationPage(
                title=f"Konsultacja {n}",
                slug=f"konsultacja-{n}",
                path=register.path + ConsultationPage._get_path(None, 1, n + 1)[-ConsultationPage.steplen :],
                depth=register.depth + 1,
                numchild=0,
                url_path=f"{register.url_path}konsultacja-{n}/",
                live=True,
                first_published_at=timezone.now(),
                lead="Krótki opis konsultacji " * 5,
                legal_basis="Zarządzenie Prezydenta Miasta Będzina.",
                start_date=start,
                end_date=end,
                methods=["survey", "contact_form"],
                results_summary="<p>Wyniki.</p>" if published else "",
                results_published_on=published if published and published <= today else None,
            )
            page.save(clean=False, log_action=None)
            topic_links.append(ConsultationPage.topics.through(consultationpage_id=page.pk, topic=rng.choice(topics)))
            district_links.append(
                ConsultationPage.districts.through(consultationpage_id=page.pk, district=rng.choice(districts))
            )
        ConsultationPage.topics.through.objects.bulk_create(topic_links)
        ConsultationPage.districts.through.objects.bulk_create(district_links)
        register.numchild = start_index + count
        register.save(update_fields=["numchild"])
    post_save.connect(post_save_signal_handler, sender=ConsultationPage)


def measure(client, url):
    client.get(url)  # warm caches (site root paths, templates)
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    return statistics.median(timings) * 1000, len(queries), sql_ms


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(4)
        home = HomePage.objects.get(depth=2)
        register = home.add_child(instance=ConsultationIndexPage(title="Konsultacje", slug="konsultacje"))
        topics, districts = build_taxonomies()
        client = Client()
        results = {}
        built = 0
        for size in SIZES:
            started = time.perf_counter()
            add_consultations(register, size - built, topics, districts, rng)
            built = size
            print(f"{size:>6} consultations built in {time.perf_counter() - started:.1f} s")
            for url in URLS:
                results[size, url] = measure(client, url)
                ms, queries, sql_ms = results[size, url]
                print(f"{size:>6}  {url:<55} median {ms:7.1f} ms  {queries} queries ({sql_ms:.1f} ms SQL)")
        print(f"database: {connection.vendor}")
        for url in URLS:
            small, large = results[SIZES[0], url][0], results[SIZES[-1], url][0]
            print(f"ratio {SIZES[-1]}/{SIZES[0]} {url}: {large / small:.2f}x")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
