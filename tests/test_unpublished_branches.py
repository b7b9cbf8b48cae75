"""A live page under an unpublished one (a survey whose consultation was taken off the site or is
still a draft; a page under an unpublished section) is not on the site: not served, not found,
not listed, not in the API; it is back as it was once the page above it is published again."""

from django.urls import reverse

import pytest

from consultation.models import ConsultationDocument
from tests.document_factories import PortalDocumentFactory
from tests.factories import StandardPageFactory
from tests.forms_support import clear_cache, consultation, survey  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture
def withdrawn(site):
    """A consultation with a survey, then unpublished the way Wagtail's admin does by default
    (its sub-pages left as they are)."""
    parent = consultation(title="Strefa płatnego parkowania", slug="strefa-parkowania")
    questionnaire = survey(parent, title="Ankieta o strefie parkowania")
    parent.unpublish()
    return parent, questionnaire


def test_a_survey_under_an_unpublished_consultation_is_not_served(client, withdrawn):
    _parent, questionnaire = withdrawn
    assert questionnaire.live
    response = client.get(questionnaire.url)
    assert response.status_code == 404
    assert "Strefa płatnego parkowania" not in response.content.decode()


def test_a_survey_under_an_unpublished_consultation_takes_no_answers(client, withdrawn):
    _parent, questionnaire = withdrawn
    assert client.post(questionnaire.url, {"consent": "on"}).status_code == 404


def test_a_survey_under_an_unpublished_consultation_is_in_no_listing(client, withdrawn):
    _parent, questionnaire = withdrawn
    assert questionnaire.url not in client.get("/sitemap.xml").content.decode()
    assert (
        "Ankieta o strefie parkowania" not in client.get(reverse("search"), {"q": "ankieta strefie"}).content.decode()
    )
    api = client.get("/api/v2/pages/", {"type": "forms.SurveyPage"}).json()
    assert api["meta"]["total_count"] == 0
    assert client.get(f"/api/v2/pages/{questionnaire.pk}/").status_code == 404


def test_a_survey_is_back_when_its_consultation_is_published_again(client, withdrawn):
    parent, questionnaire = withdrawn
    parent.save_revision().publish()
    assert client.get(questionnaire.url).status_code == 200
    assert questionnaire.url in client.get("/sitemap.xml").content.decode()
    assert client.get("/api/v2/pages/", {"type": "forms.SurveyPage"}).json()["meta"]["total_count"] == 1


def test_a_page_under_an_unpublished_section_is_not_served_nor_listed(client, home_page):
    section = StandardPageFactory(parent=home_page, title="Dla mieszkańców", slug="dla-mieszkancow")
    child = StandardPageFactory(parent=section, title="Jak wziąć udział", slug="jak")
    assert client.get("/dla-mieszkancow/jak/").status_code == 200
    section.unpublish()
    assert client.get("/dla-mieszkancow/jak/").status_code == 404
    assert "/dla-mieszkancow/jak/" not in client.get("/sitemap.xml").content.decode()
    assert child.pk not in [item["id"] for item in client.get("/api/v2/pages/").json()["items"]]


def test_a_document_of_a_page_under_an_unpublished_section_is_not_downloadable(client, site):
    page = consultation(title="Park nad Przemszą", slug="park")
    document = PortalDocumentFactory(title="Projekt uchwały", in_library=False)
    ConsultationDocument.objects.create(page=page, document=document)
    assert client.get(document.url).status_code == 200
    page.get_parent().specific.unpublish()  # the whole register taken off the site
    assert client.get(document.url).status_code == 404
