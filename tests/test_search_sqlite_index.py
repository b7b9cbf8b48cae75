"""SQLite: the full-text index is written once per text and left merged by update_index, and the
best of many matches are picked in it alone exactly as the joined ranking picks them."""

import itertools

from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend

import pytest

from search import sqlite_ranking
from search.backend import ranked_together
from search.polish import query_variants
from search.views import build_query, search_sources
from tests.factories import StandardPageFactory
from tests.search_helpers import consultation, indexed_document, register, result_titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite full-text index"),
]

FTS = "wagtailsearch_indexentry_fts"


def fts_blocks():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS}_data")  # noqa: S608 - a fixed table name
        return cursor.fetchone()[0]


def fts_segments():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT segid) FROM {FTS}_idx")  # noqa: S608 - a fixed table name
        return cursor.fetchone()[0]


def test_an_entry_is_written_to_the_full_text_index_again_only_when_its_text_changes(client):
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry

    indexed_document("Retencja", "zbiorniki retencyjne")
    before = fts_blocks()
    IndexEntry.objects.update(title_norm=F("title_norm") * 2)  # what every update_index does
    IndexEntry.objects.update(body=F("body"))  # the same text again
    assert fts_blocks() == before

    IndexEntry.objects.update(body="Ogrody deszczowe")
    assert fts_blocks() > before
    assert result_titles(client.get("/szukaj/", {"q": "ogrody"})) == ["Retencja"]
    assert result_titles(client.get("/szukaj/", {"q": "zbiorniki"})) == []


def test_update_index_leaves_the_full_text_index_in_one_segment(client):
    for number in range(3):
        indexed_document(f"Raport {number}", f"retencja wody, raport {number}")
        with connection.cursor() as cursor:  # FTS5 writes a segment at each savepoint
            cursor.execute("SAVEPOINT flush")
            cursor.execute("RELEASE flush")
    assert fts_segments() > 1
    call_command("update_index", verbosity=0)
    assert fts_segments() == 1
    assert len(result_titles(client.get("/szukaj/", {"q": "retencji"}))) == 3


@pytest.fixture
def many_matches(home_page):
    """Pages and documents that match "park" with many equal scores (the same texts again)."""
    index = register(home_page)
    texts = ["park", "park i skwer", "park, park, park", "zieleń w parku miejskim", "budżet na park"]
    for number, text in zip(range(24), itertools.cycle(texts)):
        indexed_document(f"Dokument {number}", text)
        if number % 3 == 0:
            StandardPageFactory(parent=home_page, title=f"Strona {number}", slug=f"s-{number}", intro=text)
        if number % 4 == 0:
            consultation(index, f"Konsultacja {number}", f"k-{number}", lead=text)
    for number in range(6):  # matches that no search shows: pages taken offline
        page = StandardPageFactory(parent=home_page, title=f"Szkic {number}", slug=f"szkic-{number}", intro="park")
        page.unpublish()


@pytest.mark.parametrize("kind", ["", "dokumenty", "strony", "konsultacje"])
def test_ranked_in_the_index_alone_is_the_joined_ranking(many_matches, monkeypatch, kind):
    backend = get_search_backend()
    for text, limit in itertools.product(["park", "park budżet", "skwer park"], [1, 3, 10, 25, 60]):
        query = build_query(query_variants(text))
        querysets = [source.queryset for source in search_sources(kind, "", [])]
        monkeypatch.setattr(sqlite_ranking, "MATCH_ALONE_MIN_MATCHES", 10**9)
        joined = ranked_together(backend, query, querysets, limit)
        monkeypatch.setattr(sqlite_ranking, "MATCH_ALONE_MIN_MATCHES", 1)
        picked = ranked_together(backend, query, querysets, limit)
        assert picked == joined, (text, limit, kind)
    assert sum(count for count, _best in joined) > 0


def ranking_statements(kind, text, limit):
    """The ranked results of a search for `text`, and the statements that ranked them (bm25)."""
    querysets = [source.queryset for source in search_sources(kind, "", [])]
    with CaptureQueriesContext(connection) as queries:
        ranked = ranked_together(get_search_backend(), build_query(query_variants(text)), querysets, limit)
    return ranked, [entry["sql"] for entry in queries if "bm25(" in entry["sql"]]


def test_the_index_alone_ranks_unless_too_many_would_be_looked_up(many_matches, monkeypatch):
    monkeypatch.setattr(sqlite_ranking, "MATCH_ALONE_MIN_MATCHES", 1)
    # Everything searched: the best are picked in the full-text index, not joined to the entries.
    _ranked, (statement,) = ranking_statements("", "park", 3)
    assert "JOIN" not in statement
    # A deep page of the few consultations among many more matches: ranked joined.
    _ranked, statements = ranking_statements("konsultacje", "park", 60)
    assert ["JOIN" in statement for statement in statements] == [True]


def test_a_tie_across_the_cut_is_ranked_the_joined_way(monkeypatch):
    monkeypatch.setattr(sqlite_ranking, "MATCH_ALONE_MIN_MATCHES", 1)
    documents = [indexed_document(f"Ulotka {number}", "retencja wody") for number in range(30)]
    # All score the same: the best three of the index alone cannot show which three come first.
    ((count, best),), statements = ranking_statements("dokumenty", "retencja", 3)
    assert count == 30
    assert [pk for pk, _score in best] == [document.pk for document in documents[::-1][:3]]  # newest first
    assert len(statements) == 2 and "JOIN" not in statements[0] and "JOIN" in statements[1]
