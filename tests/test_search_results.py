"""The result list at scale: a true count, pagination to the last result, one merged order."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from documents.models import PortalDocument
from portal.search_views import PER_PAGE
from search.polish import query_variants
from search.query import build_query
from search.ranking import ranked
from tests.document_factories import PortalDocumentFactory
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from tests.search_helpers import consultation, register, result_titles

pytestmark = pytest.mark.django_db


def bulk_documents(count, word="retencja"):
    """Many indexed documents quickly: rows and index entries without PDF files."""
    documents = PortalDocument.objects.bulk_create(
        PortalDocument(
            in_library=True,  # in the publications library: public on its own
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


def test_later_pages_cost_no_more_queries_than_the_first(client, mixed_content):
    for number in range(16):
        mixed_content(number)
    client.get("/szukaj/", {"q": "park"})  # the search is counted for the statistics once
    with CaptureQueriesContext(connection) as first:
        response = client.get("/szukaj/", {"q": "park"})
    assert result_count(response) == 64
    assert len(result_titles(response)) == PER_PAGE
    with CaptureQueriesContext(connection) as later:
        assert len(result_titles(client.get("/szukaj/", {"q": "park", "page": 4}))) == PER_PAGE
    assert len(later) <= len(first)


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


def test_admin_document_search_finds_and_pages_documents(admin_client):
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
    for number in range(8):
        mixed_content(number)
    backend = get_search_backend()
    query = build_query(query_variants("park"))
    sources = [Page.objects.live().public().filter(depth__gt=1), PortalDocument.objects.all()]
    merged = sorted(
        (-relevance, source_index, -obj.pk, obj.title)
        for source_index, queryset in enumerate(sources)
        for obj, relevance in ranked(backend, query, queryset, 1000)[1]
    )
    expected = [title for *_order, title in merged]
    assert len(expected) == 32

    shown = []
    for number in range(1, 5):
        shown += result_titles(client.get("/szukaj/", {"q": "park", "page": number}))
    assert shown == expected
