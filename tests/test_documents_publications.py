from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Collection, CollectionViewRestriction

import lxml.html
import pytest

from documents.models import Category, PublicationsPage
from home.blocks import DocumentLinksBlock
from home.models import HomePage, StandardPage
from tests.document_factories import PortalDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publications(home_page):
    page = PublicationsPage(title="Publikacje", slug="publikacje", intro="Dokumenty do pobrania.")
    home_page.add_child(instance=page)
    return page


def test_publications_page_lists_document_details(client, publications):
    PortalDocumentFactory(
        title="Raport z konsultacji budżetu",
        description="Podsumowanie uwag mieszkańców.",
        category=Category.REPORT,
        paragraphs=["Strona 1.", "\f", "Strona 2."],
    )
    html = client.get("/publikacje/").content.decode()
    assert "Raport z konsultacji budżetu" in html
    assert "Podsumowanie uwag mieszkańców." in html
    assert "Raport" in html
    assert "PDF" in html
    assert "<dt>Strony</dt><dd>2</dd>" in html
    assert "<dt>Język</dt><dd>polski</dd>" in html
    assert "/documents/" in html


def test_category_filter_shows_only_that_category(client, publications):
    PortalDocumentFactory(title="Ulotka o łąkach", category=Category.LEAFLET)
    PortalDocumentFactory(title="Mapa dzielnic", category=Category.MAP)
    html = client.get("/publikacje/?kategoria=ulotki").content.decode()
    assert "Ulotka o łąkach" in html
    assert "Mapa dzielnic" not in html


def test_unknown_category_shows_every_document(client, publications):
    PortalDocumentFactory(title="Ulotka o łąkach", category=Category.LEAFLET)
    PortalDocumentFactory(title="Mapa dzielnic", category=Category.MAP)
    html = client.get("/publikacje/?kategoria=<script>").content.decode()
    assert "Ulotka o łąkach" in html
    assert "Mapa dzielnic" in html


def test_current_category_is_marked_for_screen_readers(client, publications):
    html = client.get("/publikacje/?kategoria=mapy").content.decode()
    assert 'href="/publikacje/?kategoria=mapy" aria-current="page"' in html


def test_long_list_is_paginated_keeping_the_filter(client, publications):
    for number in range(12):
        PortalDocumentFactory(title=f"Ulotka {number:02d}", category=Category.LEAFLET)
    html = client.get("/publikacje/?kategoria=ulotki").content.decode()
    assert html.count('class="doc-item"') == 10
    assert "?kategoria=ulotki&amp;page=2" in html
    second = client.get("/publikacje/?kategoria=ulotki&page=2").content.decode()
    assert second.count('class="doc-item"') == 2


def test_listing_runs_the_same_number_of_queries_for_many_documents(client, publications):
    PortalDocumentFactory.create_batch(2)
    client.get("/publikacje/")  # warm caches (site root, settings)
    with CaptureQueriesContext(connection) as few:
        client.get("/publikacje/")
    PortalDocumentFactory.create_batch(20)
    client.get("/publikacje/")  # saving documents may clear the shell's caches; warm them again
    with CaptureQueriesContext(connection) as many:
        client.get("/publikacje/")
    assert len(many) == len(few)


def test_documents_in_a_restricted_collection_are_not_listed(client, publications):
    private = Collection.get_first_root_node().add_child(name="Wewnętrzne")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    PortalDocumentFactory(title="Notatka wewnętrzna", collection=private)
    PortalDocumentFactory(title="Ulotka publiczna")
    html = client.get("/publikacje/").content.decode()
    assert "Ulotka publiczna" in html
    assert "Notatka wewnętrzna" not in html


def test_publications_page_goes_only_under_the_home_page():

    assert PublicationsPage in HomePage.allowed_subpage_models()
    assert PublicationsPage not in StandardPage.allowed_subpage_models()


def test_only_one_publications_page_can_exist(publications):
    assert not PublicationsPage.can_create_at(publications.get_parent())


def render_block(block_class, documents, heading="Materiały"):
    block = block_class()
    return block.render(block.to_python({"heading": heading, "documents": [document.pk for document in documents]}))


def test_the_documents_block_shows_every_detail_of_a_document():
    document = PortalDocumentFactory(
        title="Mapa obszaru rewitalizacji",
        description="Granice obszaru i podobszarów.",
        category=Category.MAP,
        language="uk",
        paragraphs=["Strona 1.", "\f", "Strona 2."],
    )
    html = render_block(DocumentLinksBlock, [document])
    for detail in (
        "Mapa obszaru rewitalizacji",
        "Granice obszaru i podobszarów.",
        "<dt>Rodzaj</dt><dd>Mapa</dd>",
        "<dt>Format</dt><dd>PDF</dd>",
        "<dt>Rozmiar</dt>",
        "<dt>Strony</dt><dd>2</dd>",
        "<dt>Język</dt><dd>ukraiński</dd>",
        f'href="{document.url}" download',
    ):
        assert detail in html
    assert "<h2>Materiały</h2>" in html


# Each document link tells a screen reader what it downloads. In English the two parts are
# glued in Polish word order: "Raport (download file PDF)" instead of "(download PDF file)".
def test_the_english_document_link_says_download_pdf_file_in_english_word_order(client, site, home_page):
    home_page.add_child(instance=PublicationsPage(title="Publikacje", slug="publikacje", intro="Dokumenty."))
    PortalDocumentFactory(title="Raport z konsultacji budżetu", category=Category.REPORT, paragraphs=["Strona 1."])
    document = lxml.html.fromstring(client.get("/en/publikacje/").content)
    (link,) = document.xpath("//*[contains(@class, 'doc-item__title')]/a")
    assert link.text_content().strip() == "Raport z konsultacji budżetu (download PDF file)"
