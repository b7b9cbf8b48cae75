"""Search latency at 100 and at 10,000 indexed documents in one run, and indexing speed.

Runs against a throwaway test database (SQLite in memory, or test_<name>_search_bench on
PostgreSQL when DATABASE_URL is set), so it never touches a developer's data or a test run's
database. Each document carries ~120 words of Polish-like text; three "needle" documents hold
rare words, so a rare query matches the same few documents at both sizes. "harmonogram" is
in every tenth document; "konsultacja" (through its Polish variants) in about seven of ten,
and "park budżetu" in about half: the work of ranking grows with the number of matches, so
the table prints them.
Latency is measured through the real view (/szukaj/?q=…), median of repeated requests; there
is no result cache to warm. Indexing reads the documents back as update_index does (tags
prefetched) and times that read and add_bulk.

    python bench/search.py            # SQLite
    DATABASE_URL=postgres://… python bench/search.py
"""

import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402 - Django must be configured before the app imports below

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from wagtail.search.backends import get_search_backend  # noqa: E402

SIZES = (100, 10_000)
REPEATS = 9
WORDS_PER_DOCUMENT = 120
REAL_TEXT = (
    "konsultacje konsultacji mieszkańcy mieszkańców miasta miasto budżet budżetu obywatelski "
    "rewitalizacja rewitalizacji Śródmieście Śródmieścia park parku parkach drzewa drzew zieleń "
    "zieleni ulica ulicy ulicach droga drogi rowerowa rowerowej plan planu zagospodarowania "
    "przestrzennego uchwała uchwały projekt projektu raport raportu ulotka ulotki mapa mapy "
    "spotkanie spotkania uwagi uwag ankieta ankiety Będzin Będzina Będzinie Grodziec Ksawera "
    "Syberka Łagisza oświetlenie chodnik chodników przystanek przystanków szkoła szkoły"
)
REAL_WORDS = REAL_TEXT.split()
SYLLABLES = (
    "ka",
    "ro",
    "wi",
    "sz",
    "ło",
    "pa",
    "mi",
    "dę",
    "ne",
    "ty",
    "bo",
    "le",
    "ża",
    "ju",
    "ce",
    "go",
    "ni",
    "fa",
    "ró",
    "ści",
)
ENDINGS = ("", "a", "y", "ie", "ach", "ami", "ego", "ej", "ów", "owi")
NEEDLES = ("żółw", "retencja", "kocioł")
COMMON = "harmonogram"


def synthetic_vocabulary(rng, size=3000):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(ENDINGS))
    return sorted(words)


def make_documents(model, start, count, rng, vocabulary):
    documents = []
    for number in range(start, start + count):
        words = [
            rng.choice(REAL_WORDS) if rng.random() < 0.3 else rng.choice(vocabulary) for _ in range(WORDS_PER_DOCUMENT)
        ]
        if number % 10 == 0:
            words.append(COMMON)
        if number in (start, start + 1, start + 2) and start == 0:
            words.extend(NEEDLES)
        documents.append(
            model(
                title=f"Dokument {number}: {' '.join(words[:4])}",
                file=f"documents/bench-{number}.pdf",
                file_size=1000,
                file_hash=f"{number:040d}",
                extracted_from_hash=f"{number:040d}",
                description=" ".join(words[4:20]),
                extracted_text=" ".join(words[20:]),
            )
        )
    return model.objects.bulk_create(documents)


RESULT_COUNT = re.compile(r'class="results-count">\s*(?:<p>[^<]*: ([\d\s\xa0]+)</p>)?')


def latencies(client, queries):
    """{label: (median ms, number of results the page reports)}. The queries take turns, so a
    burst of load from elsewhere on the machine lands on all of them, not on one."""
    timings = {label: [] for label in queries}
    responses = {}
    for _ in range(REPEATS):
        for label, query in queries.items():
            started = time.perf_counter()
            response = client.get("/szukaj/", {"q": query})
            timings[label].append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"/szukaj/?q={query} answered {response.status_code}")
            responses[label] = response
    measured = {}
    for label, response in responses.items():
        found = RESULT_COUNT.search(response.content.decode())
        matches = int("".join(char for char in found.group(1) if char.isdigit())) if found and found.group(1) else 0
        measured[label] = (statistics.median(timings[label]) * 1000, matches)
    return measured


def main():
    from documents.models import PortalDocument

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        # A name of its own: the test suite's test_<name> may be in use by a run next to this one.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_{old_name}_search_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(7)
        vocabulary = synthetic_vocabulary(rng)
        backend = get_search_backend()
        client = Client()
        queries = {
            "rare word (3 matches)": "zolw",
            "rare, inflected": "retencji",
            "word in 10%": "harmonogramu",
            "word in 70%": "konsultacja",
            "two words": "park budżetu",
            "no match": "xyzzy",
        }
        client.get("/szukaj/", {"q": "rozgrzewka"})  # load the Polish dictionary once
        results, indexed = {}, 0
        matches = {size: {} for size in SIZES}
        for size in SIZES:
            make_documents(PortalDocument, indexed, size - indexed, rng, vocabulary)
            started = time.perf_counter()
            # Read back as update_index reads them (tags prefetched), then indexed.
            documents = list(PortalDocument.get_indexed_objects().order_by("pk")[indexed:])
            backend.add_bulk(PortalDocument, documents)
            seconds = time.perf_counter() - started
            # What autovacuum does soon after a bulk load this size on a live site: planner
            # statistics, and on PostgreSQL the GIN indexes' pending lists merged (until then
            # every search reads the 10,000 new entries one by one).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            indexed = size
            results[size] = {"indexing": len(documents) / seconds}
            for label, (milliseconds, found) in latencies(client, queries).items():
                results[size][label], matches[size][label] = milliseconds, found
            print(
                f"{size:>6} documents indexed: {len(documents)} in {seconds:.1f} s ({results[size]['indexing']:.0f}/s)"
            )
        small, large = SIZES
        print(f"\nDatabase: {connection.vendor}. Median of {REPEATS} requests to /szukaj/, in ms.")
        print(f"{'query':<24}{small:>10}{large:>10}{'ratio':>8}   results at {small} / {large}")
        for label in queries:
            ratio = results[large][label] / results[small][label]
            print(
                f"{label:<24}{results[small][label]:>10.1f}{results[large][label]:>10.1f}{ratio:>7.2f}×"
                f"   {matches[small][label]} / {matches[large][label]}"
            )
        ratio = results[large]["indexing"] / results[small]["indexing"]
        print(
            f"{'indexing (docs/s)':<24}{results[small]['indexing']:>10.0f}{results[large]['indexing']:>10.0f}{ratio:>7.2f}×"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_size_pretty(pg_total_relation_size(to_regclass('search_posting')))")
                print(f"search_posting at {large} documents: {cursor.fetchone()[0]}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
