"""The cold path of the page shell and home's pages: with every cache empty, each public page
makes at most 12 queries (issue 15), however many news items, menu pages and footer logos there
are. Where a page does not hold yet, a strict xfail says why and a ceiling at today's count keeps
it from growing."""

import datetime

from django.conf import settings as django_settings
from django.core.cache import caches
from django.utils import timezone

import pytest

from home.models import FundingLogo, PortalSettings
from tests.factories import (
    ConsultationPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PortalImageFactory,
    StandardPageFactory,
)
from tests.meeting_factories import MeetingFactory

pytestmark = pytest.mark.django_db

CEILING = 12


@pytest.fixture
def city(site, home_page, register):
    """More than the demo has: a home page with its hero image shared, 8 menu pages (one with a subpage), 30 news items with images, 30
    consultations with 20 meetings, a crest, 3 funding logos and 4 social links."""
    settings = PortalSettings.for_site(site)
    settings.crest = PortalImageFactory()
    settings.privacy_page = StandardPageFactory(parent=home_page, title="Prywatność", slug="prywatnosc")
    settings.accessibility_page = StandardPageFactory(parent=home_page, title="Dostępność", slug="dostepnosc")
    settings.social_links = [
        ("link", {"name": name, "url": f"https://example.com/{name.lower()}"})
        for name in ("Facebook", "YouTube", "Instagram", "Mastodon")
    ]
    settings.save()
    home_page.hero_image = home_page.social_image = PortalImageFactory()
    home_page.save()
    for number in range(3):
        FundingLogo.objects.create(settings=settings, image=PortalImageFactory(), alt_text=f"Fundusz {number}")
    about = None
    for number in range(8):
        page = StandardPageFactory(
            parent=home_page, title=f"Dział {number}", slug=f"dzial-{number}", show_in_menus=True
        )
        about = about or page
    nested = StandardPageFactory(parent=about, title="Zespół", slug="zespol", intro="Kto prowadzi konsultacje.")
    news_index = NewsIndexPageFactory(parent=home_page, show_in_menus=True)
    news = [NewsPageFactory(parent=news_index, image=PortalImageFactory()) for _ in range(30)]
    today = timezone.localdate()
    for number in range(30):
        consultation = ConsultationPageFactory(
            parent=register,
            slug=f"konsultacja-{number}",
            title=f"Konsultacja {number}",
            start_date=today - datetime.timedelta(days=10 - number),
            end_date=today + datetime.timedelta(days=number + 1),
        )
        if number < 20:
            start = timezone.now() + datetime.timedelta(days=number + 1)
            MeetingFactory(page=consultation, start=start, end=start + datetime.timedelta(hours=2))
    return {"about": about, "nested": nested, "news_index": news_index, "news": news[-1]}


def cold_get(client, url, django_assert_max_num_queries, status=200, ceiling=CEILING):
    # Warm up renditions and the site settings row (made once, on first use), then empty every cache.
    client.get(url)
    for alias in django_settings.CACHES:
        caches[alias].clear()
    with django_assert_max_num_queries(ceiling) as captured:
        response = client.get(url)
    assert response.status_code == status
    return len(captured), response.content.decode()


# Wagtail's routing and view-restriction check cost 2 + 2 per level + 2 queries before a
# template runs (8 for a page at /a/b/), and the shell 5: the settings row (with the crest, the
# footer's pages and social links), the logos with their images, their renditions, the site's
# root paths and the menu. A page two levels down starts at 13.
BELOW_A_SECTION = pytest.mark.xfail(
    strict=True, reason="routing 8 and the shell 5 (see above): a page two levels down starts at 13"
)


def test_a_standard_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["about"].url, django_assert_max_num_queries)
    assert "Dział 0" in html


def test_a_standard_page_makes_at_most_11_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["about"].url, django_assert_max_num_queries, ceiling=11)
    assert "Dział 0" in html


@BELOW_A_SECTION
def test_a_nested_standard_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["nested"].url, django_assert_max_num_queries)
    assert "Kto prowadzi konsultacje." in html


def test_a_nested_standard_page_makes_at_most_13_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["nested"].url, django_assert_max_num_queries, ceiling=13)
    assert "Kto prowadzi konsultacje." in html


@pytest.mark.xfail(strict=True, reason="measured 14: routing 6, the shell 5, the list's count, rows and renditions")
def test_the_news_index_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["news_index"].url, django_assert_max_num_queries)
    assert html.count('class="card card--media"') == 10


def test_the_news_index_makes_at_most_14_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["news_index"].url, django_assert_max_num_queries, ceiling=14)
    assert html.count('class="card card--media"') == 10


@BELOW_A_SECTION
def test_a_news_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["news"].url, django_assert_max_num_queries)
    assert city["news"].title in html


def test_a_news_page_makes_at_most_15_queries(client, city, django_assert_max_num_queries):
    """Routing 8, the shell 5, and the page's image with its renditions 2."""
    _count, html = cold_get(client, city["news"].url, django_assert_max_num_queries, ceiling=15)
    assert city["news"].title in html
    assert 'alt="' + city["news"].image.description + '"' in html


@pytest.mark.xfail(
    strict=True,
    reason="measured 17: routing 4, the shell 5, hero and share image 2, public pages 1, news 1, the sections 4",
)
def test_the_home_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, "/", django_assert_max_num_queries)
    assert "Trwające konsultacje" in html
    assert "Fundusz 2" in html


def test_the_home_page_makes_at_most_17_queries(client, city, django_assert_max_num_queries):
    """Routing 4, the shell 5, hero and share image 2, the live public pages once for every
    section 1, news 1, the consultation sections 4 (both lists, the register's and the
    calendar's links, the meetings)."""
    _count, html = cold_get(client, "/", django_assert_max_num_queries, ceiling=17)
    assert "Trwające konsultacje" in html
    assert "Fundusz 2" in html
    assert "Mastodon" in html


def test_the_not_found_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, "/nie-ma-takiej-strony/", django_assert_max_num_queries, status=404)
    assert "Nie znaleziono strony" in html
