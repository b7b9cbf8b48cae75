"""Search latency at 100 and at 10,000 indexed documents in one run, and indexing speed.

Runs against a throwaway test database (SQLite in memory, or test_<name>_search_bench on
PostgreSQL when DATABASE_URL is set), so it never touches a developer's data or a test run's
database. Each document carries ~120 words of Polish-like text; three "needle" documents hold
rare words, so a rare query matches the same few documents at both sizes. "harmonogram" is
in every tenth document; "konsultacja" (through its Polish variants) in about seven of ten,
and "park budżetu" in about half: the work of ranking grows with the number of matches, so
the table prints them.
Latency is measured through the real view (/szukaj/?q=…) on Wagtail's database backend as it
ships, median of repeated requests; nothing of a search is kept between requests, so every
request ranks. Indexing reads the documents back as update_index does (tags prefetched) and
times that read and the indexing between the rebuilder's start and finish.

    python bench/search.py            # SQLite
    DATABASE_URL=postgres://… python bench/search.py
    SEARCH_BENCH_REPEATS=3 python bench/search.py   # a quicker, rougher run
"""

import contextlib
import copy
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

from django.db import DEFAULT_DB_ALIAS, connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from wagtail.search.backends import get_search_backend  # noqa: E402

SIZES = (100, 10_000)
REPEATS = int(os.environ.get("SEARCH_BENCH_REPEATS", 15))
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
                in_library=True,  # public on its own (publications library), so the view finds it
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


@contextlib.contextmanager
def serving(database):
    """Requests (and everything else on the "default" alias) go to this connection meanwhile."""
    previous = connections[DEFAULT_DB_ALIAS]
    setattr(connections._connections, DEFAULT_DB_ALIAS, database)
    try:
        yield
    finally:
        setattr(connections._connections, DEFAULT_DB_ALIAS, previous)


def test_database(name):
    """A connection to a throwaway database of its own (migrated, empty but for what migrations
    add), with the default alias so that the app's code uses it while it is `serving`."""
    database = connections.create_connection(DEFAULT_DB_ALIAS)
    database.settings_dict = copy.deepcopy(database.settings_dict)
    if database.vendor == "postgresql":
        # Names of their own: the test suite's test_<name> may be in use by a run next to this one.
        database.settings_dict["TEST"]["NAME"] = f"test_{database.settings_dict['NAME']}_search_bench_{name}"
    else:
        database.settings_dict["TEST"]["NAME"] = f"file:search_bench_{name}?mode=memory&cache=shared"
    original_name = database.settings_dict["NAME"]
    with serving(database):
        database.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    # create_test_db also renamed the settings' default database, which is shared with the
    # connection this script started with: the next test database (or the end) sets it again.
    return database, original_name


def index_documents(backend, model, documents):
    """Indexed between the backend's rebuilder's start and finish, as update_index does (the
    finish sets every entry's title norm). Documents per second, reading them back included."""
    started = time.perf_counter()
    # Read back as update_index reads them (tags prefetched).
    objects = list(model.get_indexed_objects().filter(pk__in=[document.pk for document in documents]).order_by("pk"))
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(model))
    rebuilder.start().add_items(model, objects)
    rebuilder.finish()
    seconds = time.perf_counter() - started
    # What autovacuum does soon after a bulk load this size on a live site: planner statistics,
    # and on PostgreSQL the GIN indexes' pending lists merged (until then every search reads
    # the 10,000 new entries one by one).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return len(objects) / seconds


def latencies(client, databases, queries):
    """{size: {label: (median ms, number of results the page reports)}}.

    The sizes and the queries take turns, request by request, so a burst of load from
    elsewhere on the machine (or a slower minute) lands on all of them, not on one size."""
    timings = {size: {label: [] for label in queries} for size in databases}
    responses = {size: {} for size in databases}
    for repeat in range(REPEATS + 1):  # the first round warms each database's caches up
        for label, query in queries.items():
            for size, database in databases.items():
                with serving(database):
                    started = time.perf_counter()
                    response = client.get("/szukaj/", {"q": query})
                    elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"/szukaj/?q={query} answered {response.status_code}")
                if repeat:
                    timings[size][label].append(elapsed)
                responses[size][label] = response
    measured = {size: {} for size in databases}
    for size in databases:
        for label, response in responses[size].items():
            found = RESULT_COUNT.search(response.content.decode())
            matches = (
                int("".join(char for char in found.group(1) if char.isdigit())) if found and found.group(1) else 0
            )
            measured[size][label] = (statistics.median(timings[size][label]) * 1000, matches)
    return measured


def main():
    from documents.models import PortalDocument
    from search.polish import load_dictionary

    setup_test_environment()
    queries = {
        "rare word (3 matches)": "zolw",
        "rare, inflected": "retencji",
        "word in 10%": "harmonogramu",
        "word in 70%": "konsultacja",
        "two words": "park budżetu",
        "no match": "xyzzy",
    }
    load_dictionary()  # before the first indexing, which would otherwise count its loading
    started_with = connections[DEFAULT_DB_ALIAS]
    databases, indexing, original_name = {}, {}, None
    try:
        for size in SIZES:
            databases[size], original_name = test_database(size)
            with serving(databases[size]):
                # The same documents in both, the larger database adding more after them.
                rng = random.Random(7)
                vocabulary = synthetic_vocabulary(rng)
                backend = get_search_backend()
                indexed = 0
                for step in (SIZES[0], size):
                    if step > indexed:
                        documents = make_documents(PortalDocument, indexed, step - indexed, rng, vocabulary)
                        indexing[size] = index_documents(backend, PortalDocument, documents)
                        indexed = step
            print(f"{size:>6} documents indexed, the last {len(documents)} at {indexing[size]:.0f}/s")
        client = Client()
        results = latencies(client, databases, queries)
        small, large = SIZES
        print(
            f"\nDatabase: {started_with.vendor}. Median of {REPEATS} requests to /szukaj/, in ms, sizes taking turns."
        )
        print(f"{'query':<24}{small:>10}{large:>10}{'ratio':>8}   results at {small} / {large}")
        for label in queries:
            (at_small, found_small), (at_large, found_large) = results[small][label], results[large][label]
            print(
                f"{label:<24}{at_small:>10.1f}{at_large:>10.1f}{at_large / at_small:>7.2f}×   {found_small} / {found_large}"
            )
        ratio = indexing[large] / indexing[small]
        print(f"{'indexing (docs/s)':<24}{indexing[small]:>10.0f}{indexing[large]:>10.0f}{ratio:>7.2f}×")
    finally:
        for database in databases.values():
            with serving(database):
                database.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
