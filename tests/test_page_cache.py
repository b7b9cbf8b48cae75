"""The anonymous page cache, switched on: served to anonymous visitors, never older than the last
change of content, never personal (portal/page_cache.py)."""

import datetime
import socket
import time
from unittest import mock

from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from home.freshness import changes_at
from home.models import PortalSettings
from portal.page_cache import PageCacheMiddleware, bump, current_generation
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, site):
    settings.PAGE_CACHE_ENABLED = True
    PortalSettings.for_site(site)  # created on first use
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="O projekcie", slug="o-projekcie", intro="Pierwsza wersja.")


def served(client, url, **extra):
    response = client.get(url, **extra)
    return response.get("X-Page-Cache"), response.content.decode()


# Served from the cache -----------------------------------------------------------------------


def test_second_anonymous_request_is_served_from_the_cache_after_one_query(client, about, django_assert_num_queries):
    assert served(client, about.url)[0] == "miss"
    with django_assert_num_queries(1):  # the content generation
        state, html = served(client, about.url)
    assert state == "hit"
    assert "Pierwsza wersja." in html


# Never older than the last change ------------------------------------------------------------


def test_publishing_a_change_shows_it_to_the_next_anonymous_visitor(client, about):
    client.get(about.url)
    about.intro = "Druga wersja."
    about.save_revision().publish()
    state, html = served(client, about.url)
    assert state == "miss"
    assert "Druga wersja." in html


def test_unpublishing_a_page_removes_it_from_the_cache(client, about):
    client.get(about.url)
    about.unpublish()
    assert client.get(about.url).status_code == 404


def test_making_a_page_private_keeps_it_from_anonymous_visitors(client, about):
    client.get(about.url)
    assert served(client, about.url)[0] == "hit"
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="tajne-haslo")
    state, html = served(client, about.url)
    assert state is None  # the password form is not stored either
    assert "Pierwsza wersja." not in html
    assert 'name="password"' in html


def test_a_private_page_leaves_the_cached_menu_of_every_page(client, home_page, about):
    about.show_in_menus = True
    about.save_revision().publish()
    assert ">O projekcie</a>" in served(client, "/")[1]
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="tajne-haslo")
    assert ">O projekcie</a>" not in served(client, "/")[1]


def test_moving_and_deleting_pages_purge_the_cache(client, home_page, about):
    other = StandardPageFactory(parent=home_page, title="Inna", slug="inna")
    client.get(about.url)
    about.move(other, pos="last-child")
    response = client.get("/o-projekcie/")
    assert response.status_code in (301, 404)
    client.get(other.url)
    other.delete()
    assert client.get(other.url).status_code == 404


def test_changing_site_settings_purges_the_cache(client, site, about):
    client.get(about.url)
    settings = PortalSettings.for_site(site)
    settings.phone = "32 000 11 22"
    settings.save()
    assert "32 000 11 22" in served(client, about.url)[1]


def test_scheduled_publishing_from_cron_shows_the_page_on_the_cached_home_page(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    news = NewsPageFactory(parent=index, title="Nabór do rady seniorów", slug="nabor", live=False)
    news.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    client.get("/")
    state, html = served(client, "/")
    assert state == "hit" and "Nabór do rady seniorów" not in html
    call_command("publish_scheduled")
    assert "Nabór do rady seniorów" in served(client, "/")[1]


def test_a_new_model_purges_without_being_registered_anywhere(client, about):
    """Any row of any model bumps the generation; a tag stands for a model nobody listed."""
    from taggit.models import Tag

    before = current_generation()
    Tag.objects.create(name="zieleń", slug="zielen")
    assert current_generation() > before


def test_bookkeeping_rows_do_not_purge(client, about):
    from django.contrib.sessions.backends.db import SessionStore

    client.get(about.url)
    before = current_generation()
    SessionStore().create()
    assert current_generation() == before
    assert served(client, about.url)[0] == "hit"


def test_a_residents_new_remark_keeps_the_cache_but_a_published_position_purges_it(client, about):
    from forms.models import Remark
    from tests.forms_support import consultation

    page = consultation()
    before = current_generation()
    remark = Remark.objects.create(consultation=page, channel="online_form", text="Więcej drzew.")
    remark = Remark.objects.get(pk=remark.pk)
    assert current_generation() == before
    remark.position = "accepted"
    remark.save()
    assert current_generation() > before


def test_a_page_rendered_while_a_change_commits_is_not_served_after_it(rf, site):
    def view(request):
        bump()  # an editor's change commits while this page renders
        return HttpResponse("rendered before the change")

    middleware = PageCacheMiddleware(view)
    assert middleware(rf.get("/strona/"))["X-Page-Cache"] == "miss"
    # Kept under the generation read before rendering, which the change left behind.
    assert middleware(rf.get("/strona/"))["X-Page-Cache"] == "miss"


def test_a_change_rolled_back_leaves_the_generation_as_it_was(about):
    from django.db import transaction

    before = current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        about.title = "Nigdy nie zapisane"
        about.save()
        raise RuntimeError
    assert current_generation() == before


def test_a_save_outside_any_transaction_bumps_before_and_after_the_row_is_written(site):
    from django.db import connection

    from taggit.models import Tag

    before = current_generation()
    with mock.patch.object(connection, "in_atomic_block", False):  # as in autocommit
        Tag.objects.create(name="zieleń", slug="zielen")
    assert current_generation() == before + 2


def test_running_migrate_purges_what_the_previous_release_rendered(client, about):
    client.get(about.url)
    assert served(client, about.url)[0] == "hit"
    call_command("migrate", verbosity=0)
    assert served(client, about.url)[0] == "miss"


# A cache outage during a purge ---------------------------------------------------------------


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_publish_during_a_cache_outage_is_never_hidden_by_the_page_kept_before(client, settings, about):
    assert served(client, about.url)[0] == "miss"
    assert served(client, about.url)[0] == "hit"
    working = settings.CACHES
    # The store stops answering (Redis on a port where nothing listens, as configured in production).
    settings.CACHES = {
        **working,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
    about.intro = "Wersja z czasu awarii."
    about.save_revision().publish()  # succeeds: the purge is in the database
    response = client.get(about.url)
    assert response.status_code == 200 and "Wersja z czasu awarii." in response.content.decode()
    # The store answers again, still holding the page kept before the change.
    settings.CACHES = working
    state, html = served(client, about.url)
    assert state == "miss"
    assert "Wersja z czasu awarii." in html
    assert "Pierwsza wersja." not in html


# How long a page is kept ---------------------------------------------------------------------


def _kept_for(rf, view, url="/terminy/"):
    middleware = PageCacheMiddleware(view)
    with mock.patch("portal.page_cache.cache.set") as store:
        response = middleware(rf.get(url))
    return (store.call_args.args[2] if store.called else None), response


def _changing_in(delta):
    def view(request):
        changes_at(request, timezone.now() + delta)
        return HttpResponse("Najbliższe terminy")

    return view


def test_a_page_listing_a_date_five_minutes_ahead_is_kept_five_minutes(rf, site):
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now):
        seconds, _response = _kept_for(rf, _changing_in(datetime.timedelta(minutes=5)))
    assert seconds == 300


def test_no_page_is_kept_longer_than_fifteen_minutes(rf, site):
    seconds, _response = _kept_for(rf, _changing_in(datetime.timedelta(hours=3)))
    assert seconds == 15 * 60
    seconds, _response = _kept_for(rf, lambda request: HttpResponse("Bez dat"))
    assert seconds == 15 * 60


def test_a_page_whose_moment_has_passed_is_not_kept(rf, site):
    seconds, response = _kept_for(rf, _changing_in(datetime.timedelta(seconds=-1)))
    assert seconds is None
    assert "X-Page-Cache" not in response


def test_a_page_kept_five_minutes_is_rendered_again_after_them(client, home_page, settings):
    from home.models import StandardPage

    # Process memory here whatever the run's cache (CI's second run uses Redis): its clock can be
    # moved on below, and like Redis it drops an entry at its timeout.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "five-minutes"},
    }

    page = StandardPageFactory(parent=home_page, title="Terminy", slug="terminy")
    start = timezone.now()

    def get_context(self, request, *args, **kwargs):
        changes_at(request, start + datetime.timedelta(minutes=5))
        return original(self, request, *args, **kwargs)

    original = StandardPage.get_context
    with mock.patch.object(StandardPage, "get_context", get_context):
        with mock.patch("django.utils.timezone.now", return_value=start):
            assert served(client, page.url)[0] == "miss"
        with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(minutes=4)):
            assert served(client, page.url)[0] == "hit"
    # locmem, like Redis, drops the entry at its timeout (time.time() based).
    later = time.time() + 301
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later):
        assert served(client, page.url)[0] != "hit"


# Which URLs share an entry -------------------------------------------------------------------


def test_a_tracking_parameter_is_served_the_entry_of_the_bare_url(client, about):
    client.get(about.url)
    state, html = served(client, about.url + "?utm_source=newsletter&fbclid=abc")
    assert state == "hit"
    assert "Pierwsza wersja." in html


def test_tracking_parameters_alone_store_nothing(client, about):
    client.get(about.url + "?utm_source=newsletter")
    assert served(client, about.url)[0] == "miss"


def test_an_unknown_parameter_is_served_but_not_stored(client, about):
    client.get(about.url)
    state, html = served(client, about.url + "?junk=1")
    assert state is None
    assert "Pierwsza wersja." in html
    assert served(client, about.url + "?junk=1")[0] is None


def test_http_and_https_have_their_own_entries(client, about):
    # Pages carry absolute links built from the request (canonical, hreflang, feeds).
    client.get(about.url)
    state, html = served(client, about.url, secure=True)
    assert state == "miss"
    assert 'href="https://testserver' in html
    assert served(client, about.url, secure=True)[0] == "hit"


def test_known_parameters_in_either_order_share_one_entry(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for number in range(12):
        NewsPageFactory(parent=index, title=f"Wiadomość {number:02d}")
    assert served(client, index.url + "?page=2&status=trwajace")[0] == "miss"
    state, html = served(client, index.url + "?status=trwajace&page=2")
    assert state == "hit"
    assert html.count("Wiadomość") == 2
    # A different value is a different page.
    assert served(client, index.url + "?page=1&status=trwajace")[0] == "miss"


def test_a_very_long_query_is_served_without_the_cache(client, about):
    assert served(client, about.url + "?q=" + "a" * 600)[0] is None


# Never personal ------------------------------------------------------------------------------


def test_logged_in_editors_are_never_served_or_stored(admin_client, client, about):
    client.get(about.url)  # cached for anonymous visitors
    response = admin_client.get(about.url)
    assert "X-Page-Cache" not in response
    assert response.status_code == 200


def test_pages_rendering_a_csrf_token_are_not_stored(rf, site):
    from django.middleware.csrf import get_token

    def view(request):
        return HttpResponse(f"<form>{get_token(request)}</form>")

    middleware = PageCacheMiddleware(view)
    first = middleware(rf.get("/kontakt/", HTTP_COOKIE="csrftoken=" + "a" * 32))
    second = middleware(rf.get("/kontakt/"))
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert first.content != second.content


def test_responses_that_set_a_cookie_are_not_stored(rf, site):
    def view(request):
        response = HttpResponse("Witaj")
        response.set_cookie("odwiedzone", "1")
        return response

    middleware = PageCacheMiddleware(view)
    assert "X-Page-Cache" not in middleware(rf.get("/witaj/"))
    assert "X-Page-Cache" not in middleware(rf.get("/witaj/"))


def test_private_responses_are_not_stored(rf, site):
    def view(request):
        response = HttpResponse("Tylko dla ciebie")
        response["Cache-Control"] = "private"
        return response

    assert "X-Page-Cache" not in PageCacheMiddleware(view)(rf.get("/prywatne/"))


def test_posts_and_admin_urls_bypass_the_cache(client, about):
    assert "X-Page-Cache" not in client.post(about.url)
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_not_found_pages_are_not_stored(client, site):
    assert "X-Page-Cache" not in client.get("/nie-ma/")
