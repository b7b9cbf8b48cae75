"""Finding the page a URL leads to: the site, its root page and the pages on the way are kept per
content generation (home.routing), each request gets its own copies, and a change is seen at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from home.routing import page_on_the_way, public_page_at, site_for_request
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nested(home_page):
    parent = StandardPageFactory(parent=home_page, title="Dla mieszkańców", slug="dla-mieszkancow")
    return StandardPageFactory(parent=parent, title="Jak wziąć udział", slug="jak", intro="Trzy kroki.")


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_serving_a_page_again_reads_only_that_page(client, settings, site, nested):
    settings.PAGE_CACHE_ENABLED = False  # every request renders
    _page_queries(client, nested.url)
    sql = _page_queries(client, nested.url)
    assert not [q for q in sql if "wagtailcore_site" in q]
    # The page itself (by id) is the only page row read: not the home page, not its parent.
    page_reads = [q for q in sql if '"wagtailcore_page"' in q]
    assert len(page_reads) == 1, sql
    assert f'"page_ptr_id" = {nested.pk}' in page_reads[0]


def test_each_request_gets_its_own_site_and_pages(rf, site, nested):
    first = site_for_request(rf.get("/"))
    first.root_page.hero_title = "Zmienione przez jedno żądanie"
    first.root_page.set_by_a_request = True
    second = site_for_request(rf.get("/"))
    assert second is not first and second.root_page is not first.root_page
    assert second.root_page.hero_title != "Zmienione przez jedno żądanie"
    assert not hasattr(second.root_page, "set_by_a_request")

    parent = nested.get_parent().specific
    one, other = page_on_the_way(type(parent), parent.pk), page_on_the_way(type(parent), parent.pk)
    one.title = "Zmieniony tytuł"
    assert one is not other and other.title == "Dla mieszkańców"


def test_a_renamed_page_on_the_way_is_followed_at_once(client, site, nested):
    assert client.get("/dla-mieszkancow/jak/").status_code == 200
    parent = nested.get_parent().specific
    parent.slug = "mieszkancy"
    parent.save_revision().publish()
    assert client.get("/mieszkancy/jak/").status_code == 200
    assert client.get("/dla-mieszkancow/jak/").status_code in (301, 404)  # Wagtail may redirect


def test_a_published_home_page_is_shown_at_once(client, site, home_page):
    client.get("/")
    home_page.hero_title = "Nowe hasło na stronie głównej"
    home_page.save_revision().publish()
    assert "Nowe hasło na stronie głównej" in client.get("/").content.decode()


def test_a_new_root_page_for_the_site_is_served_at_once(client, site, home_page, nested):
    assert client.get("/dla-mieszkancow/jak/").status_code == 200
    site.root_page = nested.get_parent()
    site.save()
    # The former child is now at the root of the site.
    assert "Trzy kroki." in client.get("/jak/").content.decode()


def test_a_preview_of_the_home_page_shows_its_draft_hero(client, rf, home_page, admin_user):
    public = client.get("/").content.decode()
    home_page.hero_title = "Szkic hasła"
    original = rf.get("/")
    original.user = admin_user
    assert "Szkic hasła" in home_page.make_preview_request(original).content.decode()
    html = client.get("/").content.decode()
    assert "Szkic hasła" not in html
    assert home_page.specific_class.objects.get(pk=home_page.pk).hero_title in html
    assert html == public


def test_a_memo_keyed_on_requests_stays_within_its_bound(db):
    from home.content_version import GenerationMemo

    memo, computed = GenerationMemo(max_entries=2), []

    def compute(key):
        computed.append(key)
        return key.upper()

    for _ in range(2):
        for key in ("a", "b", "c"):
            assert memo.get(key, lambda key=key: compute(key)) == key.upper()
    # "a" and "b" were kept; "c" came past the bound and is computed every time.
    assert computed == ["a", "b", "c", "c"]


def _request_with_site(rf):
    request = rf.get("/")
    request._wagtail_site = site_for_request(request)
    return request


def test_a_page_a_feed_is_served_below_is_read_once_and_copied(rf, site, nested):
    first = public_page_at(_request_with_site(rf), "dla-mieszkancow/jak/")
    assert first.pk == nested.pk and type(first) is type(nested)
    with CaptureQueriesContext(connection) as queries:
        second = public_page_at(_request_with_site(rf), "dla-mieszkancow/jak/")
    assert len(queries) == 0
    first.title = "Zmienione przez jedno żądanie"
    assert second is not first and second.title == "Jak wziąć udział"


def test_a_page_a_feed_is_served_below_follows_unpublishing_and_restrictions(rf, site, nested):
    parent = nested.get_parent().specific
    assert public_page_at(_request_with_site(rf), "dla-mieszkancow/") is not None
    assert public_page_at(_request_with_site(rf), "dla-mieszkancow/jak/") is not None
    PageViewRestriction.objects.create(page=parent, restriction_type="password", password="tajne-haslo")
    # A private page and the pages below it are not public.
    assert public_page_at(_request_with_site(rf), "dla-mieszkancow/") is None
    assert public_page_at(_request_with_site(rf), "dla-mieszkancow/jak/") is None
    PageViewRestriction.objects.all().delete()
    assert public_page_at(_request_with_site(rf), "dla-mieszkancow/jak/") is not None
    nested.unpublish()
    assert public_page_at(_request_with_site(rf), "dla-mieszkancow/jak/") is None


def test_a_made_up_path_finds_no_page_and_is_not_kept(rf, site, nested):
    assert public_page_at(_request_with_site(rf), "nie-ma/takiej/") is None
    with CaptureQueriesContext(connection) as queries:
        assert public_page_at(_request_with_site(rf), "nie-ma/takiej/") is None
    assert len(queries) == 1, queries.captured_queries  # looked up again: nothing is kept for it
