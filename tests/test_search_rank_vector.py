"""PostgreSQL: ranking over the small vector of the start of each entry (search.models)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend

import pytest

from documents.models import PortalDocument
from search import postgres_ranking
from search.models import RANK_TEXT_CHARS
from tests.search_helpers import indexed_document, result_titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking only"),
]

FILLER = " ".join(f"zdanie{number}" for number in range(RANK_TEXT_CHARS // 4))


def small_vector(document):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.body::text FROM search_rankvector r JOIN wagtailsearch_indexentry e ON e.id = r.entry_id "
            "WHERE e.object_id = %s AND e.content_type_id = "
            "(SELECT id FROM django_content_type WHERE app_label = 'documents' AND model = 'portaldocument')",
            [str(document.pk)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_the_trigger_keeps_each_entry_s_small_vector(client):
    document = indexed_document("Sprawozdanie", "retencja wody " + FILLER + " kocioł")
    vector = small_vector(document)
    assert "'retencja'" in vector
    assert "kociol" not in vector  # past the start: matched, not ranked
    PortalDocument.objects.filter(pk=document.pk).update(extracted_text="zieleń miejska " + FILLER)
    document.refresh_from_db()
    get_search_backend().add(document)
    assert "'retencja'" not in small_vector(document)
    get_search_backend().delete(document)
    assert small_vector(document) is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_emptying_the_index_empties_the_vectors():
    # Django's flush (transactional tests, `manage.py flush`) truncates the index entries: no
    # foreign key may stand in its way, and no vector may outlive its entry.
    document = indexed_document("Retencja", "retencja wody " + FILLER)
    assert small_vector(document) is not None
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE wagtailsearch_indexentry")
        cursor.execute("SELECT count(*) FROM search_rankvector")
        assert cursor.fetchone()[0] == 0


def test_a_word_deep_in_a_long_text_still_finds_it_ranked_below_a_start(client):
    indexed_document("Daleko", FILLER + " " + FILLER + " retencja")
    indexed_document("Blisko", "retencja " + FILLER)
    response = client.get("/szukaj/", {"q": "retencja"})
    assert result_titles(response) == ["Blisko", "Daleko"]


def test_a_database_without_the_table_is_still_searched(client, monkeypatch):
    indexed_document("Daleko", FILLER + " retencja")
    indexed_document("Blisko", "retencja " + FILLER)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE search_rankvector CASCADE")
    monkeypatch.setattr(postgres_ranking, "_RANK_VECTOR_DATABASES", set())
    monkeypatch.setattr(postgres_ranking, "_RANK_VECTOR_MISSING", {})
    response = client.get("/szukaj/", {"q": "retencja"})
    assert sorted(result_titles(response)) == ["Blisko", "Daleko"]
    with CaptureQueriesContext(connection) as queries:
        client.get("/szukaj/", {"q": "retencja", "page": 1})
    assert not [query for query in queries if "to_regclass" in query["sql"]]  # looked up once a minute
