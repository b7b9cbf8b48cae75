"""What the search shows besides its results never reveals private content: editors' promotions
only of live public pages, spelling hints only from what an anonymous visitor can find."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from tests.factories import StandardPageFactory
from tests.search_helpers import indexed_document

pytestmark = pytest.mark.django_db


def search_html(client, query):
    response = client.get("/szukaj/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def promote(page, query="park"):
    SearchPromotion.objects.create(query=Query.get(query), page=page, description="Polecane przez redakcję.")


@pytest.mark.parametrize(
    "restriction_type",
    [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS],
)
def test_a_restricted_pages_promotion_shows_nothing(client, home_page, restriction_type):
    page = StandardPageFactory(parent=home_page, title="Tajny plan parku", slug="tajny-plan")
    PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, password="sekret")
    promote(page)
    html = search_html(client, "park")
    assert "Tajny plan parku" not in html
    assert "Polecane przez redakcję." not in html
    assert "/tajny-plan/" not in html


def test_a_promotion_of_a_page_below_a_restricted_one_shows_nothing(client, home_page):
    section = StandardPageFactory(parent=home_page, title="Dla radnych", slug="dla-radnych")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    page = StandardPageFactory(parent=section, title="Projekt parku", slug="projekt-parku")
    promote(page)
    assert "Projekt parku" not in search_html(client, "park")


def test_an_unpublished_pages_promotion_shows_nothing(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Szkic parku", slug="szkic-parku")
    page.unpublish()
    promote(page)
    assert "Szkic parku" not in search_html(client, "park")


def test_a_live_public_pages_promotion_is_shown(client, home_page):
    promote(StandardPageFactory(parent=home_page, title="Jak działa portal", slug="jak-dziala"))
    html = search_html(client, "park")
    assert "search-result--promoted" in html
    assert "Jak działa portal" in html


def test_a_promotion_linking_a_document_of_a_private_collection_shows_nothing(client, home_page):
    private = Collection.get_first_root_node().add_child(name="Robocze")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    document = indexed_document("Raport roboczy", "Park miejski.")
    document.collection = private
    document.save()
    SearchPromotion.objects.create(
        query=Query.get("park"), external_link_url=document.url, external_link_text="Raport roboczy"
    )
    assert "Raport roboczy" not in search_html(client, "park")


def test_hints_never_offer_a_word_only_a_restricted_page_has(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Rewitalizacja Grodźca", slug="rewitalizacja")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    html = search_html(client, "rewitalizacjq")
    assert "Czy chodziło Ci o:" not in html
    assert "rewitalizacja" not in html.lower().replace("rewitalizacjq", "")


def test_hints_never_offer_a_word_only_a_draft_has(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Rewitalizacja Grodźca", slug="rewitalizacja")
    page.unpublish()
    assert "Czy chodziło Ci o:" not in search_html(client, "rewitalizacjq")


def test_hints_never_offer_a_word_only_a_private_collections_document_has(client, home_page):
    private = Collection.get_first_root_node().add_child(name="Robocze")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    document = indexed_document("Rewitalizacja Grodźca", "Projekt.")
    document.collection = private
    document.save()
    assert "Czy chodziło Ci o:" not in search_html(client, "rewitalizacjq")


def test_hints_offer_words_of_public_pages(client, home_page):
    StandardPageFactory(parent=home_page, title="Rewitalizacja Grodźca", slug="rewitalizacja")
    html = search_html(client, "rewitalizacjq")
    assert "Czy chodziło Ci o:" in html
    assert ">rewitalizacja</a>" in html
