"""load_demo_data builds the demo portal and can run again without duplicating anything."""

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest

from home.models import FundingLogo, NewsPage, PortalImage, PortalSettings, StandardPage

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "images": PortalImage.objects.count(),
        "logos": FundingLogo.objects.count(),
        "sites": Site.objects.count(),
    }


@pytest.fixture
def demo(db):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_builds_about_statement_privacy_and_three_news(demo, client):
    assert set(StandardPage.objects.live().values_list("slug", flat=True)) >= {
        "o-projekcie",
        "deklaracja-dostepnosci",
        "polityka-prywatnosci",
    }
    assert NewsPage.objects.live().count() == 3
    about = client.get("/o-projekcie/").content.decode()
    assert "Partycypacyjny Będzin" in about
    assert "5.4.2" in about
    assert "Fundacją Praw Podstawowych" in about


def test_demo_accessibility_statement_has_the_required_sections(demo, client):
    html = client.get("/deklaracja-dostepnosci/").content.decode()
    for section in (
        "Stan dostępności cyfrowej",
        "Przygotowanie deklaracji dostępności",
        "Informacje zwrotne i dane kontaktowe",
        "Procedura wnioskowo-skargowa",
        "Dostępność architektoniczna",
    ):
        assert section in html


def test_demo_fills_site_settings(demo):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.city_name == "Będzin"
    assert settings.crest is not None
    assert settings.accessibility_page.slug == "deklaracja-dostepnosci"
    assert settings.funding_logos.count() == 2


def test_running_demo_twice_duplicates_nothing(demo):
    before = counts()
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before


def test_local_admin_is_refused_outside_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_local_admin")


def test_local_admin_is_created_once(settings, django_user_model, capsys):
    settings.DEBUG = True
    call_command("ensure_local_admin")
    call_command("ensure_local_admin")
    assert django_user_model.objects.filter(username="admin", is_superuser=True).count() == 1
    assert "password: konsultacje-demo" in capsys.readouterr().out
