"""Editors work in a Polish Wagtail admin and can build the portal's pages there."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import PortalSettings, StandardPage

pytestmark = pytest.mark.django_db


def test_admin_dashboard_is_in_polish(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="pl"' in html
    assert "Strony" in html


def test_editor_creates_and_publishes_a_standard_page_through_the_admin(admin_client, home_page):
    url = f"/admin/pages/add/home/standardpage/{home_page.pk}/"
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Jak działają konsultacje",
            "slug": "jak-dzialaja-konsultacje",
            "intro": "Krótko o zasadach.",
            "body": streamfield([("paragraph", rich_text("<p>Każdy mieszkaniec może zgłosić uwagę.</p>"))]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="jak-dzialaja-konsultacje")
    assert page.live
    assert "Każdy mieszkaniec może zgłosić uwagę." in admin_client.get(page.url).content.decode()


def test_site_settings_edit_form_shows_the_city_and_consultation_rules(admin_client, site):
    response = admin_client.get(f"/admin/settings/home/portalsettings/{site.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Minimalny czas trwania konsultacji (dni)" in html
    assert "Termin na raport z konsultacji (dni po zakończeniu)" in html
    settings = PortalSettings.for_site(site)
    assert (settings.min_consultation_days, settings.report_due_days) == (21, 60)


def test_image_without_alt_text_is_refused(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import png_bytes

    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Rynek", "description": "", "file": SimpleUploadedFile("rynek.png", png_bytes(), "image/png")},
    )
    assert response.status_code == 200
    assert "To pole jest wymagane" in response.content.decode()
