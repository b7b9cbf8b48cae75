import datetime
from unittest import mock

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Site

import pytest

from home.models import HomePage
from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory
from tests.meeting_factories import CalendarPageFactory, warsaw

# The calendar tests' "now": noon on 25 November 2026, Warsaw time.
CALENDAR_NOW = warsaw(2026, 11, 25, 12)


def _forget_cached_content():
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """A request under /en/ leaves English active in the thread; every test starts in Polish."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """The cache outlives each test's database rollback; start every test without it."""
    _forget_cached_content()
    yield
    _forget_cached_content()


@pytest.fixture
def home_page(db):
    """The site's root HomePage, created by home's data migration, live and default."""
    return HomePage.objects.get(depth=2)


@pytest.fixture
def site(home_page):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home_page.pk
    return site


@pytest.fixture
def register(home_page):
    """The consultation register (/konsultacje/) under the home page."""
    return ConsultationIndexPageFactory(parent=home_page)


@pytest.fixture
def calendar_page(home_page):
    """The calendar (/kalendarz/) under the home page."""
    return CalendarPageFactory(parent=home_page)


@pytest.fixture
def calendar_now():
    """The calendar's clock stopped at CALENDAR_NOW."""
    with mock.patch("consultation.occurrences.local_now", return_value=CALENDAR_NOW):
        yield CALENDAR_NOW


@pytest.fixture
def budget_consultation(register):
    """ "Budżet 2027", a consultation running through November 2026."""
    return ConsultationPageFactory(
        parent=register,
        slug="budzet-2027",
        title="Budżet 2027",
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 11, 30),
    )


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "secret-password")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def admin_in_language(client, django_user_model):
    """log_in(language): the test client logged in as a superuser whose admin is in `language`."""
    from wagtail.users.models import UserProfile

    def log_in(language):
        user = django_user_model.objects.create_superuser(
            f"editor-{language}", f"editor-{language}@bedzin.pl", "a-test-password-1"
        )
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return log_in
