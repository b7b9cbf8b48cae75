"""One row per submission: every public form answers a valid post with 303 to its thank-you view,
accepts a form token once and lets it expire after a day, keeping the typed text."""

import threading
import time

from django.core import mail
from django.db import connection

import pytest

from forms.models import Remark, SurveySubmission, UsedFormToken
from forms.spam import start_token
from tests.forms_support import clear_cache, consultation, contact_page, honest, staff_email, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

MESSAGE = {"email": "jan@example.com", "subject": "Ławki", "message": "Proszę o ławki przy rzece."}
SURVEY_FIELDS = [("Twoja opinia", "multiline", "", True), ("E-mail", "email", "", False)]
ANSWER = {"twoja_opinia": "Więcej zieleni.", "e_mail": "anna@example.com"}


@pytest.fixture
def contact(site):
    staff_email(site)
    return contact_page()


@pytest.fixture
def open_survey(site):
    staff_email(site)
    return survey(consultation(), fields=SURVEY_FIELDS, send_confirmation=True)


def test_a_valid_contact_message_is_answered_with_303_to_the_thank_you_view(client, contact):
    response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 303
    assert response["Location"] == "/kontakt/dziekujemy/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Dziękujemy za wiadomość" in thanks.content.decode()


def test_the_thank_you_view_links_back_to_the_consultation(client, contact):
    ongoing = consultation(title="Park nad Przemszą")
    response = client.post(contact.url, honest({**MESSAGE, "consultation": ongoing.pk}), follow=True)
    assert response.redirect_chain == [(f"/kontakt/dziekujemy/{ongoing.pk}/", 303)]
    assert "Wróć do konsultacji „Park nad Przemszą”" in response.content.decode()


def test_a_valid_survey_answer_is_answered_with_303_to_the_thank_you_view(client, open_survey):
    response = client.post(open_survey.url, honest(ANSWER))
    assert response.status_code == 303
    assert response["Location"] == f"{open_survey.url}dziekujemy/"
    assert "Dziękujemy za wypełnienie ankiety" in client.get(response["Location"]).content.decode()


def test_reloading_the_thank_you_page_stores_nothing_and_sends_nothing(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact.url, honest(MESSAGE), follow=True)
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.get(response.redirect_chain[-1][0])
        client.get(response.redirect_chain[-1][0])
    assert Remark.objects.count() == 1
    assert len(mail.outbox) == 2


def test_the_same_contact_form_sent_twice_stores_one_remark_and_one_set_of_mails(
    client, contact, django_capture_on_commit_callbacks
):
    data = honest(MESSAGE)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(contact.url, data)
        second = client.post(contact.url, data)  # a double click, or Back and Send again
    assert (first.status_code, second.status_code) == (303, 303)
    assert second["Location"] == first["Location"]
    assert Remark.objects.count() == 1
    assert len(mail.outbox) == 2  # the staff notification and the confirmation, once each


def test_the_same_survey_answers_sent_twice_store_one_submission(client, open_survey):
    data = honest(ANSWER)
    client.post(open_survey.url, data)
    client.post(open_survey.url, data)
    assert SurveySubmission.objects.count() == 1


def test_a_repeated_token_does_not_count_against_the_rate_limit(client, contact, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    data = honest(MESSAGE)
    for _ in range(3):
        assert client.post(contact.url, data).status_code == 303
    assert Remark.objects.count() == 1


def test_a_token_older_than_a_day_is_refused_and_the_text_is_kept(client, contact):
    old = start_token(at=time.time() - 24 * 3600 - 60)
    response = client.post(contact.url, honest({**MESSAGE, "form_started": old}))
    content = response.content.decode()
    assert response.status_code == 200
    assert Remark.objects.count() == 0
    assert "dłużej niż dobę" in content
    assert "Proszę o ławki przy rzece." in content
    assert old not in content  # a fresh token, so sending again works


def test_a_token_from_yesterday_evening_is_still_accepted(client, contact):
    token = start_token(at=time.time() - 23 * 3600)
    assert client.post(contact.url, honest({**MESSAGE, "form_started": token})).status_code == 303
    assert Remark.objects.count() == 1


def test_an_embedded_survey_redirects_to_its_thank_you_view(client, open_survey):
    host = open_survey.consultation
    response = client.post(open_survey.url, honest({**ANSWER, "embedded_from": str(host.pk)}))
    assert response.status_code == 303
    assert response["Location"] == f"{open_survey.url}dziekujemy/"
    assert SurveySubmission.objects.count() == 1


def test_used_tokens_are_forgotten_after_a_day_by_the_daily_command(client, contact):
    from django.core.management import call_command

    client.post(contact.url, honest(MESSAGE))
    UsedFormToken.objects.update(used_at=UsedFormToken.objects.get().used_at.replace(year=2020))
    call_command("anonymise_submissions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert UsedFormToken.objects.count() == 0


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises writers")
def test_a_double_click_stores_one_remark(transactional_db, django_db_serialized_rollback, site):
    """Two requests with the same form at the same moment, each in its own connection."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the unique token is proved by the tests above")
    from django.test import Client

    contact = contact_page()
    data = honest(MESSAGE)
    statuses = []

    def send():
        statuses.append(Client().post(contact.url, data).status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303, 303]
    assert Remark.objects.count() == 1
