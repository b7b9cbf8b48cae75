"""The privacy notice at every form names the data controller from the site settings and the
retention period that `anonymise_submissions` keeps: one source for each, so they cannot disagree."""

import io

from django.core.management import call_command

import pytest

from consultation.models import ConsultationPage
from home.models import PortalSettings
from tests.forms_support import clear_cache, consultation, contact_page, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def controller(site):
    portal = PortalSettings.for_site(site)
    portal.data_controller = "Prezydent Miasta Będzina"
    portal.privacy_notice = "Przetwarzamy Twoje dane tylko po to, by przeprowadzić konsultacje."
    portal.save()
    return portal


def notice(client, url):
    html = client.get(url).content.decode()
    start = html.index('class="privacy-notice"')
    return html[start : html.index("</div>", start)]


def test_contact_form_names_the_controller_from_site_settings(client, controller):
    assert "Administratorem Twoich danych osobowych jest Prezydent Miasta Będzina." in notice(
        client, contact_page().url
    )


def test_survey_names_the_controller_from_site_settings(client, controller):
    assert "jest Prezydent Miasta Będzina." in notice(client, survey(consultation()).url)


def test_notice_states_the_retention_period_of_the_anonymisation(client, controller, settings):
    settings.FORMS_ANONYMISE_AFTER_DAYS = 365
    assert "usuwamy 365 dni po zakończeniu konsultacji" in notice(client, contact_page().url)


def test_anonymisation_keeps_the_period_the_notice_states(client, controller, settings):
    settings.FORMS_ANONYMISE_AFTER_DAYS = 45
    out = io.StringIO()
    call_command("anonymise_submissions", "--dry-run", stdout=out)
    assert "45 days ago" in out.getvalue()
    assert "usuwamy 45 dni po zakończeniu konsultacji" in notice(client, contact_page().url)


def test_notice_keeps_the_editors_own_text(client, controller):
    assert "Przetwarzamy Twoje dane tylko po to" in notice(client, contact_page().url)


def test_demo_notice_names_the_office_its_legal_bases_cite(client, db):
    call_command("load_demo_data", stdout=io.StringIO())
    text = notice(client, "/kontakt/")
    assert "Burmistrz" not in text
    assert "jest Prezydent Miasta Będzina." in text
    bases = ConsultationPage.objects.values_list("legal_basis", flat=True)
    assert bases and all("Burmistrz" not in basis for basis in bases)
    assert any("Prezydenta Miasta Będzina" in basis for basis in bases)
