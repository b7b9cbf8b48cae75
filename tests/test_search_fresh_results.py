"""Nothing of a search is kept between requests: every change a visitor could see shows at once."""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

import pytest

from tests.factories import StandardPageFactory
from tests.search_helpers import consultation, indexed_document, register, result_titles

pytestmark = pytest.mark.django_db


def search(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/szukaj/", params)
    assert response.status_code == 200
    return response, queries


@pytest.fixture
def parks(home_page):
    StandardPageFactory(parent=home_page, title="Parki Będzina", slug="parki", intro="Park na każdej dzielnicy.")
    return register(home_page)


def test_every_search_is_counted_for_the_statistics_not_every_results_page(client, parks):
    search(client, q="park")
    search(client, q="park")
    search(client, q="park", page=2)  # paging through the same search is not a new one
    assert QueryDailyHits.objects.get(query__query_string="park").hits == 2


def test_a_page_published_after_a_search_is_found_at_once(client, parks, home_page):
    search(client, q="park")
    StandardPageFactory(parent=home_page, title="Park nad Przemszą", slug="park-nad-przemsza")
    assert set(result_titles(search(client, q="park")[0])) == {"Parki Będzina", "Park nad Przemszą"}


def test_an_unpublished_page_is_gone_at_once(client, parks, home_page):
    page = StandardPageFactory(parent=home_page, title="Park tymczasowy", slug="park-tymczasowy")
    assert "Park tymczasowy" in result_titles(search(client, q="park")[0])
    page.unpublish()
    assert "Park tymczasowy" not in result_titles(search(client, q="park")[0])


def test_a_document_added_after_a_search_is_found_at_once(client, parks):
    search(client, q="park")
    indexed_document("Mapa parków", "Park miejski i jego alejki.").save()
    assert "Mapa parków" in result_titles(search(client, q="park")[0])


def test_a_promotion_added_after_a_search_shows_at_once(client, parks, home_page):
    search(client, q="park")
    page = StandardPageFactory(parent=home_page, title="Zieleń", slug="zielen")
    SearchPromotion.objects.create(query=Query.get("park"), page=page, sort_order=0, description="Polecamy.")
    html = search(client, q="park")[0].content.decode()
    assert "search-result--promoted" in html
    assert "Polecamy." in html


def test_a_consultation_status_filter_follows_the_date(client, home_page):
    index = register(home_page)
    today = timezone.localdate()
    page = consultation(index, "Park kieszonkowy", "park-kieszonkowy", "planned")
    page.start_date = today + datetime.timedelta(days=1)
    page.save_revision().publish()
    assert result_titles(search(client, q="park", status="trwajace")[0]) == []
    tomorrow = today + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert result_titles(search(client, q="park", status="trwajace")[0]) == ["Park kieszonkowy"]


def test_each_language_gets_its_own_labels(client, home_page):
    index = register(home_page)
    consultation(index, "Park na Syberce", "park-syberka", "ongoing")
    assert "Konsultacja" in search(client, q="park")[0].content.decode()
    english = client.get("/en/szukaj/", {"q": "park"}).content.decode()
    assert "Park na Syberce" in english
    assert ">Konsultacja<" not in english
