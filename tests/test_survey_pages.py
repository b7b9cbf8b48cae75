"""The survey page: open only while its consultation is, every field type, consent, e-mails."""

from django.core import mail

import lxml.html
import pytest

from forms.models import SurveySubmission
from tests.forms_support import EVERY_FIELD_TYPE, clear_cache, consultation, honest, staff_email, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

EVERY_ANSWER = {
    "imie": "Anna",
    "twoja_opinia": "Więcej zieleni nad rzeką.",
    "e_mail_do_odpowiedzi": "anna@example.com",
    "ile_masz_lat": "34",
    "strona_organizacji": "https://example.org",
    "mieszkam_w_bedzinie": "on",
    "czym_dojezdzasz": ["Autobus", "Rower"],
    "dzielnica": "Ksawera",
    "co_jest_wazne": ["Zieleń", "Ławki"],
    "wybierz_wariant": "Wariant B",
    "data_wizyty": "2026-11-20",
    "termin_spotkania": "2026-11-20T17:30",
    "zrodlo": "ulotka",
    "ocena_projektu": "4",
}


@pytest.fixture
def open_survey(site):
    return survey(consultation(start=-3, end=10))


def test_open_survey_shows_every_question(client, open_survey):
    response = client.get(open_survey.url)
    assert response.status_code == 200
    for label, field_type, _choices, _required in EVERY_FIELD_TYPE:
        if field_type != "hidden":
            assert label in response.content.decode()


def test_required_question_is_marked_in_text(client, open_survey):
    content = client.get(open_survey.url).content.decode()
    assert 'Wybierz wariant <span class="form-field__required">(wymagane)</span>' in content


def test_radio_and_checkbox_questions_are_fieldsets_with_legends(client, open_survey):
    content = client.get(open_survey.url).content.decode()
    assert '<legend class="form-field__label">Czym dojeżdżasz</legend>' in content
    assert "Ocena projektu</legend>" in content


def test_rating_scale_has_five_points_with_end_labels(client, open_survey):
    content = client.get(open_survey.url).content.decode()
    assert "1 – zdecydowanie źle" in content
    assert "5 – zdecydowanie dobrze" in content
    assert 'value="3"' in content


def test_survey_stores_an_answer_to_every_field_type(client, open_survey):
    response = client.post(open_survey.url, honest(EVERY_ANSWER), follow=True)
    assert response.redirect_chain[-1][1] == 303
    assert "Dziękujemy za wypełnienie ankiety" in response.content.decode()
    data = SurveySubmission.objects.get().form_data
    assert data["czym_dojezdzasz"] == ["Autobus", "Rower"]
    assert data["mieszkam_w_bedzinie"] is True
    assert data["ocena_projektu"] == "4"
    assert data["data_wizyty"] == "2026-11-20"
    assert data["termin_spotkania"].startswith("2026-11-20T17:30")
    assert data["zrodlo"] == "ulotka"


def test_stored_answers_leave_out_consent_and_anti_spam_fields(client, open_survey):
    client.post(open_survey.url, honest(EVERY_ANSWER))
    data = SurveySubmission.objects.get().form_data
    assert not {"privacy_consent", "website", "form_started", "embedded_from"} & set(data)


def test_survey_without_consent_is_refused_and_keeps_the_answers(client, open_survey):
    data = honest(EVERY_ANSWER)
    del data["privacy_consent"]
    response = client.post(open_survey.url, data)
    content = response.content.decode()
    assert SurveySubmission.objects.count() == 0
    assert "Zaznacz zgodę na przetwarzanie danych" in content
    assert "Więcej zieleni nad rzeką." in content


def test_privacy_notice_from_site_settings_is_shown_at_the_consent(client, site, open_survey):
    staff_email(site)
    assert "Administratorem danych jest Prezydent Miasta Będzina." in client.get(open_survey.url).content.decode()


def test_planned_survey_says_when_it_opens(client, site):
    page = survey(consultation(start=5, end=30))
    content = client.get(page.url).content.decode()
    assert "Ankieta będzie otwarta od" in content
    assert "portal-form" not in content


def test_planned_survey_refuses_a_post(client, site):
    page = survey(consultation(start=5, end=30))
    client.post(page.url, honest(EVERY_ANSWER))
    assert SurveySubmission.objects.count() == 0


def test_closed_survey_says_it_closed(client, site):
    page = survey(consultation(start=-30, end=-1))
    content = client.get(page.url).content.decode()
    assert "Ankieta jest zamknięta" in content
    assert "Zobacz wyniki ankiety" not in content


def test_closed_survey_refuses_a_post(client, site):
    page = survey(consultation(start=-30, end=-1))
    client.post(page.url, honest(EVERY_ANSWER))
    assert SurveySubmission.objects.count() == 0


def test_closed_survey_links_its_public_results(client, site):
    page = survey(consultation(start=-30, end=-5, published=-1), results_public=True)
    assert page.results_url in client.get(page.url).content.decode()


def test_survey_accepts_answers_on_the_last_day(client, site):
    page = survey(consultation(start=-30, end=0))
    client.post(page.url, honest(EVERY_ANSWER))
    assert SurveySubmission.objects.count() == 1


def test_staff_get_a_notification_at_the_site_address(client, site, open_survey, django_capture_on_commit_callbacks):
    address = staff_email(site)
    with django_capture_on_commit_callbacks(execute=True):  # e-mails go out after the commit
        client.post(open_survey.url, honest(EVERY_ANSWER))
    assert [message.to for message in mail.outbox] == [[address]]
    assert "Wariant B" in mail.outbox[0].body


def test_resident_gets_a_confirmation_when_the_editor_enabled_it(client, site, django_capture_on_commit_callbacks):
    page = survey(consultation(), send_confirmation=True, to_address="ankiety@bedzin.pl")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, honest(EVERY_ANSWER))
    assert sorted(message.to[0] for message in mail.outbox) == ["ankiety@bedzin.pl", "anna@example.com"]


def test_no_confirmation_is_sent_when_the_editor_left_it_off(
    client, site, open_survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_survey.url, honest(EVERY_ANSWER))
    assert all(message.to != ["anna@example.com"] for message in mail.outbox)


def test_survey_can_only_be_created_under_a_consultation():
    from forms.models import SurveyPage

    assert SurveyPage.parent_page_types == ["consultation.ConsultationPage"]
    from consultation.models import ConsultationPage

    assert "forms.SurveyPage" in ConsultationPage.subpage_types


def test_long_answer_over_ten_thousand_characters_gets_a_clear_error(client, open_survey):
    response = client.post(open_survey.url, honest({**EVERY_ANSWER, "twoja_opinia": "a" * 10_001}))
    content = response.content.decode()
    assert SurveySubmission.objects.count() == 0
    assert "najwyżej 10000 znaków, a ma 10001" in content.replace("\xa0", "").replace(" ", "") or "10001" in content


def test_editor_previews_the_survey_form_and_its_thank_you_page(open_survey):
    # The admin's two preview modes of a survey (Wagtail's form pages have both).
    open_survey.thank_you_text = "<p>Dziękujemy za udział w ankiecie</p>"
    form = open_survey.make_preview_request(preview_mode="form")
    landing = open_survey.make_preview_request(preview_mode="landing")
    assert form.status_code == landing.status_code == 200
    form, landing = form.render().content.decode(), landing.render().content.decode()
    assert "Wybierz wariant" in form and "Dziękujemy za udział w ankiecie" not in form
    assert "Dziękujemy za udział w ankiecie" in landing and "Wybierz wariant" not in landing


def test_a_survey_answers_only_its_own_sub_pages(client, open_survey):
    assert client.get(f"{open_survey.url}dziekujemy/").status_code == 200
    assert client.get(f"{open_survey.url}nie-ma/").status_code == 404
    assert client.get(f"{open_survey.url}dziekujemy/dalej/").status_code == 404


def test_the_thank_you_pages_title_says_thank_you(client, site):
    """A screen reader announces the title first: it confirms the answers went through."""
    import re

    from tests.forms_support import consultation, survey

    page = survey(consultation(), title="Ankieta o parku")
    html = client.get(f"{page.url}dziekujemy/").content.decode()
    assert re.search(r"<title>Dziękujemy za wypełnienie ankiety – Ankieta o parku – ", html)


# The error summary lists its problems in the form's field order (GOV.UK pattern), but the survey
# form declares the consent first while the page shows it last, under the privacy notice: the
# summary starts with "Zaznacz zgodę…" and its first link jumps to the bottom of the form.
def test_the_survey_error_summary_follows_the_order_of_the_fields_on_the_page(client, site):
    staff_email(site)
    fields = [("Wybierz wariant", "radio", "Wariant A\nWariant B", True), ("Twoja opinia", "multiline", "", False)]
    page = survey(consultation(), fields=fields)
    data = honest({"twoja_opinia": "Mój tekst"})
    del data["privacy_consent"]
    document = lxml.html.fromstring(client.post(page.url, data).content)
    summary = [link.get("href") for link in document.xpath("//*[@data-error-summary]//a")]
    on_page = [f"#{element.get('id')}" for element in document.xpath("//form[@method='post']//*[@id]")]
    assert len(summary) == 2, summary
    positions = [on_page.index(href) if href in on_page else -1 for href in summary]
    assert -1 not in positions, (summary, on_page)
    assert positions == sorted(positions), summary


def test_answers_sent_after_the_survey_closed_are_shown_back_not_lost(client, site):
    """The survey closed while the resident was filling it in: nothing is stored, and what they
    typed comes back to be copied."""
    page = survey(consultation(start=-30, end=-1), fields=[("Uwagi", "multiline", "", False)])
    response = client.post(page.url, honest({"uwagi": "Mój długi tekst <b>o parku</b>."}))
    content = response.content.decode()
    assert SurveySubmission.objects.count() == 0
    assert "Ankieta zamknęła się, zanim wysłano odpowiedzi" in content
    assert "Mój długi tekst &lt;b&gt;o parku&lt;/b&gt;." in content


def test_a_closed_survey_opened_normally_shows_no_answers_box(client, site):
    page = survey(consultation(start=-30, end=-1))
    assert "zanim wysłano odpowiedzi" not in client.get(page.url).content.decode()
