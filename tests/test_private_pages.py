"""Private pages (Wagtail view restrictions): hidden from lists, asked for at the door, and
no query spent on them when a site has none."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from home.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    return NewsPageFactory(parent=index, title="Spotkanie zespołu", slug="spotkanie")


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type="password", password="tajne-haslo")


def test_a_restricted_page_leaves_public_lists_and_comes_back_when_opened(news):
    assert list(NewsPage.objects.live().public()) == [news]
    restriction = restrict(news.get_parent())  # restricting a parent hides its children too
    assert list(NewsPage.objects.live().public()) == []
    restriction.delete()
    assert list(NewsPage.objects.live().public()) == [news]


def test_a_restricted_page_asks_for_the_password(client, news):
    assert client.get(news.url).status_code == 200
    restrict(news)
    response = client.get(news.url)
    assert response.status_code == 200
    assert "Spotkanie zespołu" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_without_private_pages_serving_a_page_reads_no_restrictions(client, home_page):
    page = StandardPageFactory(parent=home_page, title="O projekcie", slug="o-projekcie")
    client.get(page.url)  # creates the site settings and the renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    assert not [query for query in queries if "pageviewrestriction" in query["sql"]]


def test_routing_follows_a_changed_slug_and_costs_one_query_per_level(client, home_page):
    from home.models.mixins import _children

    parent = StandardPageFactory(parent=home_page, title="Dla mieszkańców", slug="dla-mieszkancow")
    child = StandardPageFactory(parent=parent, title="Jak wziąć udział", slug="jak")
    assert client.get("/dla-mieszkancow/jak/").status_code == 200
    assert client.get("/dla-mieszkancow/nie-ma/").status_code == 404
    child.slug = "jak-wziac-udzial"
    child.save_revision().publish()
    assert client.get("/dla-mieszkancow/jak/").status_code == 404
    assert client.get("/dla-mieszkancow/jak-wziac-udzial/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/dla-mieszkancow/jak-wziac-udzial/")
    page_queries = [
        q for q in queries if 'FROM "home_standardpage"' in q["sql"] or 'FROM "wagtailcore_page"' in q["sql"]
    ]
    assert len(page_queries) <= 3  # the home page, then one per level
    assert (parent.pk, "nie-ma") not in _children._values  # a slug that leads nowhere is not kept


def test_a_private_consultations_calendar_feeds_are_not_served(client, register):
    import datetime

    from tests.factories import ConsultationPageFactory
    from tests.meeting_factories import MeetingFactory, warsaw

    consultation = ConsultationPageFactory(
        parent=register,
        slug="zamknieta",
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 11, 30),
    )
    meeting = MeetingFactory(page=consultation, start=warsaw(2026, 11, 10, 17), end=warsaw(2026, 11, 10, 19))
    feeds = ["/konsultacje/zamknieta/kalendarz.ics", f"/konsultacje/zamknieta/spotkanie-{meeting.pk}.ics"]
    for url in feeds:
        assert client.get(url).status_code == 200
    restriction = restrict(consultation)  # after the feeds were served: nothing kept is reused
    for url in feeds:
        assert client.get(url).status_code == 404
    restriction.delete()
    for url in feeds:
        assert client.get(url).status_code == 200
