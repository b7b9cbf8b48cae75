"""The result list at scale: a true count, pagination to the last result, constant queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from documents.models import PortalDocument
from portal.search_views import PER_PAGE
from tests.document_factories import PortalDocumentFactory
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from tests.search_helpers import consultation, register, result_titles

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def bulk_documents(count, word="retencja"):
    """Many indexed documents quickly: rows and index entries without PDF files."""
    documents = PortalDocument.objects.bulk_create(
        PortalDocument(
            title=f"Raport {number:04d}",
            file=f"documents/raport-{number}.pdf",
            file_size=1000,
            file_hash=f"{number:040d}",
            extracted_from_hash=f"{number:040d}",
            extracted_text=f"Zbiorniki i {word} wody deszczowej, raport numer {number}.",
        )
        for number in range(count)
    )
    get_search_backend().add_bulk(PortalDocument, documents)
    return documents


def result_count(response):
    html = response.content.decode()
    marker = "”: "
    start = html.index(marker, html.index('class="results-count"')) + len(marker)
    return int(html[start : html.index("<", start)].replace("\xa0", "").replace(" ", ""))


def test_count_and_pagination_cover_every_match_beyond_any_cap(client):
    bulk_documents(620)
    first = client.get("/szukaj/", {"q": "retencji"})
    assert result_count(first) == 620
    last_page = (620 + PER_PAGE - 1) // PER_PAGE
    assert f"page={last_page}" in first.content.decode()
    last = client.get("/szukaj/", {"q": "retencji", "page": last_page})
    assert len(result_titles(last)) == 620 - (last_page - 1) * PER_PAGE
    seen = set()
    for number in (1, 2, 31, last_page):
        titles = result_titles(client.get("/szukaj/", {"q": "retencji", "page": number}))
        assert not seen & set(titles), "a result appears on two pages"
        seen |= set(titles)


def test_page_past_the_end_shows_the_last_page(client):
    bulk_documents(25)
    response = client.get("/szukaj/", {"q": "retencja", "page": 999})
    assert len(result_titles(response)) == 5


def test_modelsearch_api_counts_and_slices_without_a_cap():
    """The admin's document search uses backend.search(); it must count and page the same way."""
    bulk_documents(620)
    results = get_search_backend().search("retencja", PortalDocument, order_by_relevance=True)
    assert results.count() == 620
    assert len(results[600:]) == 20
    assert len({document.pk for document in results[0:620]}) == 620


@pytest.fixture
def mixed_content(home_page):
    """Every kind of result: a standard page, news, a consultation and a document."""

    def add(number):
        StandardPageFactory(parent=home_page, title=f"Zieleń {number}", slug=f"zielen-{number}", intro="Park i skwer.")
        NewsPageFactory(parent=news, title=f"Drzewa {number}", slug=f"drzewa-{number}", lead="Nowe drzewa w parku.")
        consultation(index, f"Park {number}", f"park-{number}", "ongoing", lead="Jak urządzić park?")
        PortalDocumentFactory(title=f"Ulotka {number}", paragraphs=["Pielęgnacja drzew w parku."])

    news = NewsIndexPageFactory(parent=home_page)
    index = register(home_page)
    return add


def search_queries(client, **params):
    client.get("/szukaj/", params)  # warm per-process caches (site root, settings, statuses)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/szukaj/", params)
    assert response.status_code == 200
    return len(queries), response


def test_search_page_queries_do_not_grow_with_the_number_of_results(client, mixed_content):
    mixed_content(0)
    few, response = search_queries(client, q="park")
    assert len(result_titles(response)) == 4  # one of each kind: the most kinds a page can show
    for number in range(1, 16):
        mixed_content(number)
    many, response = search_queries(client, q="park")
    assert result_count(response) == 64
    assert len(result_titles(response)) == PER_PAGE
    later, _response = search_queries(client, q="park", page=4)
    assert many <= few <= MAX_QUERIES
    assert later <= few


def test_promoted_document_is_not_listed_again(client, home_page):
    documents = bulk_documents(3)
    SearchPromotion.objects.create(
        query=Query.get("retencja"), external_link_url=documents[0].url, external_link_text="Raport o retencji"
    )
    response = client.get("/szukaj/", {"q": "retencja"})
    assert result_titles(response).count("Raport 0000") == 0
    assert result_count(response) == 3  # the promotion and the two other documents


def test_status_filter_that_no_consultation_has_gives_an_empty_list(client, mixed_content):
    mixed_content(0)  # an ongoing consultation only
    response = client.get("/szukaj/", {"q": "park", "status": "planowane"})
    assert response.status_code == 200
    assert result_titles(response) == []
    assert "Nie znaleźliśmy nic dla „park”" in response.content.decode()


def test_admin_document_search_uses_the_same_backend(admin_client):
    """The editors' document listing searches through search.backend too (SQLite results class)."""
    bulk_documents(30)
    PortalDocumentFactory(title="Ulotka o żółwiach", paragraphs=["Żółw błotny."])
    html = admin_client.get("/admin/documents/", {"q": "Ulotka"}).content.decode()
    assert "Ulotka o żółwiach" in html
    assert "Raport 0001" not in html
    listing = admin_client.get("/admin/documents/", {"q": "Raport"}).content.decode()
    assert listing.count("Raport 00") >= 20  # the first page of 30 matches


def test_pages_of_mixed_results_follow_the_full_ranking_of_every_source(client, mixed_content):
    """Each page shows its slice of one order: every match of every source by relevance, ties
    pages before documents and newest first. The view ranks only as far as the page asked for;
    the pages it shows must still be exactly that order, cut into pieces."""
    from search.backend import ranked
    from search.polish import query_variants
    from search.views import build_query, search_sources

    for number in range(8):
        mixed_content(number)
    backend = get_search_backend()
    query = build_query(query_variants("park"))
    sources = search_sources("", "", [])
    merged = sorted(
        (-score, source_index, -pk, pk)
        for source_index, source in enumerate(sources)
        for pk, score in ranked(backend, query, source.queryset, None)[1]
    )
    titles = {}
    for page in Page.objects.specific():
        titles[(0, page.pk)] = page.title
    for document in PortalDocument.objects.all():
        titles[(1, document.pk)] = document.title
    expected = [titles[(source_index, pk)] for _score, source_index, _newest, pk in merged]
    assert len(expected) == 32

    shown = []
    for number in range(1, 5):
        shown += result_titles(client.get("/szukaj/", {"q": "park", "page": number}))
    assert shown == expected


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite index")
def test_sqlite_reads_matched_entries_through_the_small_lookup_index(client):
    from search.sqlite_ranking import ENTRY_LOOKUP_INDEX

    bulk_documents(30)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/szukaj/", {"q": "retencja"})
    assert result_count(response) == 30
    fts = [query["sql"] for query in queries if "MATCH" in query["sql"]]
    assert fts and all(f'INDEXED BY "{ENTRY_LOOKUP_INDEX}"' in sql for sql in fts)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{ENTRY_LOOKUP_INDEX}"')  # a database not migrated yet
    response = client.get("/szukaj/", {"q": "retencja"})
    assert result_count(response) == 30
    assert len(result_titles(response)) == PER_PAGE
