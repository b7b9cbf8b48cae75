"""The anonymous page cache: served to anonymous visitors, purged on change, never personal."""

import datetime
import time
from unittest import mock

from django.core.cache import cache
from django.utils import timezone

import pytest

from home.models import PortalSettings
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, site):
    settings.PAGE_CACHE_ENABLED = True
    PortalSettings.for_site(site)  # created on first use; creating it purges
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="O projekcie", slug="o-projekcie", intro="Pierwsza wersja.")


def test_second_anonymous_request_is_served_from_the_cache(client, about, django_assert_num_queries):
    assert client.get(about.url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(about.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Pierwsza wersja." in response.content.decode()


def test_publishing_a_page_purges_the_cache(client, about):
    client.get(about.url)
    about.intro = "Druga wersja."
    about.save_revision().publish()
    response = client.get(about.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Druga wersja." in response.content.decode()


def test_unpublishing_a_page_purges_the_cache(client, about):
    client.get(about.url)
    about.unpublish()
    assert client.get(about.url).status_code == 404


def test_moving_and_deleting_pages_purge_the_cache(client, home_page, about):
    other = StandardPageFactory(parent=home_page, title="Inna", slug="inna")
    client.get(about.url)
    about.move(other, pos="last-child")
    response = client.get("/o-projekcie/")
    assert response.status_code == 301
    assert response["Location"] == "/inna/o-projekcie/"
    client.get(other.url)
    other.delete()
    assert client.get(other.url).status_code == 404


def test_changing_site_settings_purges_the_cache(client, site, about):
    client.get(about.url)
    settings = PortalSettings.for_site(site)
    settings.phone = "32 000 11 22"
    settings.save()
    assert "32 000 11 22" in client.get(about.url).content.decode()


def test_cache_rolls_over_at_midnight_in_warsaw(client, about):
    warsaw = timezone.get_default_timezone()
    late = datetime.datetime(2026, 12, 1, 23, 59, tzinfo=warsaw)
    with mock.patch("django.utils.timezone.now", return_value=late):
        client.get(about.url)
        assert client.get(about.url)["X-Page-Cache"] == "hit"
    with mock.patch("django.utils.timezone.now", return_value=late + datetime.timedelta(minutes=2)):
        assert client.get(about.url)["X-Page-Cache"] == "miss"


def test_logged_in_editors_are_never_served_or_stored(admin_client, client, about):
    client.get(about.url)  # cached for anonymous visitors
    response = admin_client.get(about.url)
    assert "X-Page-Cache" not in response
    assert 'class="w-userbar' in response.content.decode() or response.status_code == 200


def test_pages_rendering_a_csrf_token_are_not_stored(client, home_page, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from portal.page_cache import PageCacheMiddleware

    def view(request):
        return HttpResponse(f"<form>{get_token(request)}</form>")

    middleware = PageCacheMiddleware(view)
    request = rf.get("/kontakt/", HTTP_COOKIE="csrftoken=" + "a" * 32)
    first = middleware(request)
    second = middleware(rf.get("/kontakt/"))
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert first.content != second.content


def test_posts_and_admin_urls_bypass_the_cache(client, about, admin_client):
    assert "X-Page-Cache" not in client.post(about.url)
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_not_found_pages_are_not_stored(client, site):
    assert "X-Page-Cache" not in client.get("/nie-ma/")


def test_a_residents_new_remark_keeps_the_cache_but_a_published_position_purges_it(client, about):
    from forms.models import Remark
    from home.content_version import current_generation
    from tests.forms_support import consultation

    page = consultation()
    before = current_generation()
    remark = Remark.objects.create(consultation=page, channel="online_form", text="Więcej drzew.")
    remark = Remark.objects.get(pk=remark.pk)
    assert current_generation() == before
    remark.position = "accepted"
    remark.save()
    assert current_generation() > before
    after = current_generation()
    remark.position = ""
    remark.save()
    assert current_generation() > after


class TestLocalCopies:
    """Each process keeps recent pages in memory and trusts the generation for a moment."""

    @pytest.fixture(autouse=True)
    def remember_for_a_minute(self, settings):
        settings.CONTENT_GENERATION_MAX_AGE = 60

    def test_a_repeated_hit_does_not_ask_the_shared_cache(self, client, about):
        client.get(about.url)
        with mock.patch.object(cache, "get_many", wraps=cache.get_many) as shared:
            first = client.get(about.url)
            second = client.get(about.url)
        assert first["X-Page-Cache"] == second["X-Page-Cache"] == "hit"
        assert shared.call_count == 0
        assert "Pierwsza wersja." in second.content.decode()

    def test_publishing_on_this_server_is_fresh_at_once(self, client, about):
        client.get(about.url)
        about.intro = "Druga wersja."
        about.save_revision().publish()
        assert "Druga wersja." in client.get(about.url).content.decode()

    def test_a_purge_on_another_server_arrives_within_the_max_age(self, client, about):
        from home.content_version import GENERATION_KEY

        client.get(about.url)
        about.intro = "Druga wersja."
        # Another server published: the shared generation moved, this process was not told.
        with mock.patch("portal.page_cache.purge"), mock.patch("home.content_version.forget_generation"):
            about.save_revision().publish()
        cache.incr(GENERATION_KEY)
        assert "Pierwsza wersja." in client.get(about.url).content.decode()  # within the minute
        later = time.monotonic() + 61
        with mock.patch("home.content_version.time.monotonic", return_value=later):
            response = client.get(about.url)
        assert response["X-Page-Cache"] == "miss"
        assert "Druga wersja." in response.content.decode()

    def test_pages_are_not_kept_locally_while_the_shared_cache_is_down(self, client, about):
        with (
            mock.patch.object(cache, "get_many", return_value={}),
            mock.patch.object(cache, "get", return_value=None),
        ):
            client.get(about.url)
            assert "X-Page-Cache" not in client.get(about.url)

    def test_the_local_copies_stay_within_their_limit(self, settings, client, home_page):
        from portal.page_cache import local_copies

        settings.PAGE_CACHE_LOCAL_ENTRIES = 2
        for slug in ("a", "b", "c"):
            page = StandardPageFactory(parent=home_page, title=slug.upper(), slug=slug)
            client.get(page.url)
        assert len(local_copies._entries) == 2

    def test_the_local_copies_stay_within_their_byte_budget(self, settings, client, home_page):
        from portal.page_cache import local_copies

        pages = [StandardPageFactory(parent=home_page, title=slug.upper(), slug=slug) for slug in ("a", "b", "c")]
        sizes = [len(client.get(page.url).content) for page in pages]
        local_copies.clear()
        settings.PAGE_CACHE_LOCAL_BYTES = sizes[1] + sizes[2]  # room for the last two, not three
        for page in pages:
            client.get(page.url)
        assert len(local_copies._entries) == 2
        assert local_copies._bytes == sum(len(entry[2]) for entry in local_copies._entries.values())
        assert local_copies._bytes <= settings.PAGE_CACHE_LOCAL_BYTES
        # A page larger than the whole budget is not kept, and pushes nothing out.
        settings.PAGE_CACHE_LOCAL_BYTES = 10
        local_copies.clear()
        client.get(pages[0].url)
        assert local_copies._entries == {}
        # Each is still served from the shared cache.
        assert client.get(pages[0].url)["X-Page-Cache"] == "hit"


def test_running_migrate_purges_what_the_previous_release_rendered(client, about):
    from django.core.management import call_command

    client.get(about.url)
    assert client.get(about.url)["X-Page-Cache"] == "hit"
    call_command("migrate", verbosity=0)
    assert client.get(about.url)["X-Page-Cache"] == "miss"
