"""Private pages (Wagtail view restrictions): hidden from lists and asked for at the door."""

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


def test_routing_follows_a_changed_slug(client, home_page):
    parent = StandardPageFactory(parent=home_page, title="Dla mieszkańców", slug="dla-mieszkancow")
    child = StandardPageFactory(parent=parent, title="Jak wziąć udział", slug="jak")
    assert client.get("/dla-mieszkancow/jak/").status_code == 200
    assert client.get("/dla-mieszkancow/nie-ma/").status_code == 404
    child.slug = "jak-wziac-udzial"
    child.save_revision().publish()
    assert client.get("/dla-mieszkancow/jak/").status_code == 404
    assert client.get("/dla-mieszkancow/jak-wziac-udzial/").status_code == 200


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
