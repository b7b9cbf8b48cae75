"""The forms' e-mails (staff notification, resident's confirmation) go out after the commit that
stored the submission, exactly once per stored submission, also when portal/db_faults.py repeats
the request or the COMMIT loses its connection; a failing mail server never loses a submission.

Most tests run in the test's own transaction, where the request's transaction is a savepoint and
its commit callbacks are captured (django_capture_on_commit_callbacks). The COMMIT tests need a
real COMMIT and run with transaction=True.
"""

import logging
import re
import smtplib
from unittest import mock

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import translation

import pytest

from forms.models import ContactPage, Remark, SurveyPage, SurveySubmission
from portal.models import CommittedRequest
from tests.draft_act_support import add_act
from tests.forms_support import clear_cache, consultation, contact_page, honest, staff_email, survey  # noqa: F401
from tests.test_faults import LOST, MESSAGE, database_back_at_once, lost_once  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

STAFF = "zespol@bedzin.pl"
RESIDENT = "jan@example.com"
SURVEY_ANSWER = {"twoja_opinia": "Więcej zieleni.", "e_mail": "anna@example.com"}
SURVEY_FIELDS = [("Twoja opinia", "multiline", "", True), ("E-mail", "email", "", False)]


@pytest.fixture
def contact(site):
    staff_email(site, STAFF)
    return contact_page()


@pytest.fixture
def open_survey(site):
    staff_email(site, STAFF)
    return survey(consultation(), fields=SURVEY_FIELDS, send_confirmation=True)


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_contact_mail_waits_for_the_commit(client, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(contact.url, honest(MESSAGE))
        assert response.status_code == 303
        assert Remark.objects.count() == 1
        assert mail.outbox == []  # stored, not yet committed: nothing sent
    for callback in callbacks:
        callback()
    assert len(sent_to(STAFF)) == 1
    assert "Proszę o ławki przy rzece." in sent_to(STAFF)[0].body
    assert len(sent_to(RESIDENT)) == 1


@pytest.mark.usefixtures("database_back_at_once")
def test_contact_mail_goes_out_once_when_the_request_is_repeated(client, contact, django_capture_on_commit_callbacks):
    # The remark and its form token are saved, then the connection drops while the e-mails are
    # prepared: the first attempt is rolled back (the token too), and so are its e-mails.
    side_effect = lost_once(ContactPage.send_notifications)
    with (
        mock.patch.object(ContactPage, "send_notifications", autospec=True, side_effect=side_effect),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 303
    assert len(side_effect.calls) == 2
    assert Remark.objects.count() == 1
    assert len(sent_to(STAFF)) == 1
    assert len(sent_to(RESIDENT)) == 1


@pytest.mark.usefixtures("database_back_at_once")
def test_no_mail_for_a_contact_message_that_was_not_stored(
    client, contact, settings, django_capture_on_commit_callbacks
):
    settings.DATABASE_RETRY_ATTEMPTS = 2
    with (
        mock.patch.object(ContactPage, "send_notifications", side_effect=OperationalError(LOST)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 503
    assert Remark.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.usefixtures("database_back_at_once")
def test_survey_mail_goes_out_once_when_the_request_is_repeated(
    client, open_survey, django_capture_on_commit_callbacks
):
    side_effect = lost_once(SurveyPage.send_mail)
    with (
        mock.patch.object(SurveyPage, "send_mail", autospec=True, side_effect=side_effect),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(open_survey.url, honest(SURVEY_ANSWER))
    assert response.status_code == 303
    assert len(side_effect.calls) == 2
    assert SurveySubmission.objects.count() == 1
    assert len(sent_to(STAFF)) == 1
    assert "Więcej zieleni." in sent_to(STAFF)[0].body
    assert len(sent_to("anna@example.com")) == 1
    assert "Więcej zieleni." not in sent_to("anna@example.com")[0].body


def failing_for(address):
    """A locmem send_messages that refuses messages to one address, as a mail server might."""
    real = EmailBackend.send_messages

    def send_messages(self, messages):
        if any(address in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({address: (550, b"mailbox unavailable")})
        return real(self, messages)

    return send_messages


def test_a_failing_mail_server_loses_no_contact_message(client, contact, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.ERROR, logger="forms.mail")
    with (
        mock.patch.object(EmailBackend, "send_messages", failing_for(STAFF)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 303
    assert Remark.objects.get().subject == "Ławki"
    # The staff notification failed and is logged; the resident's confirmation still went out.
    assert sent_to(STAFF) == []
    assert len(sent_to(RESIDENT)) == 1
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1
    assert STAFF in errors[0].getMessage()
    assert "Nowa uwaga: Ławki" in errors[0].getMessage()


def test_a_failing_mail_server_loses_no_survey_answers(
    client, open_survey, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.ERROR, logger="forms.mail")
    with (
        mock.patch.object(EmailBackend, "send_messages", side_effect=smtplib.SMTPServerDisconnected("gone")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(open_survey.url, honest(SURVEY_ANSWER))
    assert response.status_code == 303
    assert SurveySubmission.objects.count() == 1
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 2  # notification, confirmation


# A real COMMIT that loses its connection (transaction=True: the request's transaction is the
# outermost one). serialized_rollback restores the site tree the data migrations created.


def commit_losing_connection(committed):
    """Replace the connection's first COMMIT with one that loses the connection, after committing or not."""
    real = connection._commit
    calls = []

    def commit():
        calls.append(1)
        if len(calls) > 1:
            return real()
        if committed:
            real()
        raise OperationalError(LOST)

    commit.calls = calls
    return mock.patch.object(connection, "_commit", side_effect=commit)


@pytest.fixture
def contact_committed(transactional_db, django_db_serialized_rollback, site):
    staff_email(site, STAFF)
    return contact_page()


@pytest.mark.usefixtures("database_back_at_once")
def test_commit_in_doubt_that_committed_sends_the_mail_once(client, contact_committed):
    with commit_losing_connection(committed=True) as commit:
        response = client.post(contact_committed.url, honest(MESSAGE))
    assert response.status_code == 303
    assert commit.call_count == 1  # not sent again
    assert Remark.objects.count() == 1
    assert len(sent_to(STAFF)) == 1
    assert len(sent_to(RESIDENT)) == 1


@pytest.mark.usefixtures("database_back_at_once")
def test_commit_in_doubt_that_did_not_commit_sends_the_mail_once(client, contact_committed):
    with commit_losing_connection(committed=False) as commit:
        response = client.post(contact_committed.url, honest(MESSAGE))
    assert response.status_code == 303
    assert commit.call_count == 2  # repeated
    assert Remark.objects.count() == 1
    assert CommittedRequest.objects.count() == 1
    assert len(sent_to(STAFF)) == 1
    assert len(sent_to(RESIDENT)) == 1


# The staff mails are for the city's staff, who work in Polish: a resident writing from the
# English interface (/en/...) gets an English confirmation, the staff a Polish notification.

ENGLISH_MESSAGE = {
    "name": "Anna Łęcka",
    "email": RESIDENT,
    "subject": "Ścieżka rowerowa",
    "message": "Proszę o ścieżkę rowerową wzdłuż rzeki.",
}


def test_staff_notification_of_a_message_sent_from_the_english_form_is_polish(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/kontakt/", honest(ENGLISH_MESSAGE))
    assert response.status_code == 303
    (message,) = sent_to(STAFF)
    assert message.subject == "Nowa uwaga: Ścieżka rowerowa"
    body = message.body
    assert "Nowa wiadomość z formularza kontaktowego." in body, body
    assert "Konsultacje: pytanie ogólne" in body, body
    assert "Temat: Ścieżka rowerowa" in body, body
    assert f"Od: Anna Łęcka <{RESIDENT}>" in body, body
    assert not re.search(r"\b(New|Topic|Subject|Consultations?|From)\b", body), body


def test_the_residents_confirmation_of_a_message_sent_from_the_english_form_stays_english(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/kontakt/", honest(ENGLISH_MESSAGE))
    (confirmation,) = sent_to(RESIDENT)
    assert confirmation.subject == "Confirmation of receipt"


def test_survey_staff_notification_is_in_polish_when_answered_on_the_english_site(
    client, open_survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en{open_survey.url}", honest(SURVEY_ANSWER))
    assert response.status_code == 303
    (message,) = sent_to(STAFF)
    assert message.subject == "Nowa odpowiedź na ankietę: Ankieta"
    assert message.body.startswith("Nowa odpowiedź na ankietę „Ankieta”."), message.body


# A survey's staff mail wrote Python's values: an unticked checkbox as "False", a date and
# time answer as "2026-12-20 17:00:00+01:00". Polish staff read "Nie" and a Polish date.
def test_survey_staff_mail_writes_a_checkbox_and_a_date_time_in_polish(
    client, site, django_capture_on_commit_callbacks
):
    staff_email(site, STAFF)
    fields = [
        ("Wybierz wariant", "radio", "Wariant A\nWariant B", True),
        ("Mieszkam w Będzinie", "checkbox", "", False),
        ("Zgadzam się", "checkbox", "", False),
        ("Termin spotkania", "datetime", "", False),
        ("Dzień spotkania", "date", "", False),
    ]
    page = survey(consultation(), fields=fields)
    answers = {
        "wybierz_wariant": "Wariant A",
        "zgadzam_sie": "on",
        "termin_spotkania": "2026-12-20T17:00",
        "dzien_spotkania": "2026-12-21",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en{page.url}", honest(answers))
    assert response.status_code in (302, 303), response.content.decode()[:2000]
    body = sent_to(STAFF)[0].body
    assert "Mieszkam w Będzinie: Nie" in body, body
    assert "Zgadzam się: Tak" in body, body
    assert "False" not in body and "True" not in body, body
    assert "Termin spotkania: 20 grudnia 2026, 17:00" in body, body
    assert "Dzień spotkania: 21 grudnia 2026" in body, body
    assert "Wybierz wariant: Wariant A" in body, body


def test_staff_notification_of_a_remark_on_the_draft_act_sent_from_the_english_site_is_polish(
    client, site, django_capture_on_commit_callbacks
):
    staff_email(site, STAFF)
    page = consultation(title="Program współpracy 2027", slug="program-wspolpracy")
    units = add_act(page)
    data = honest(
        {"unit": str(units["§ 3 ust. 2"].pk), "text": "Więcej dla seniorów.", "name": "Anna", "email": RESIDENT}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en{reverse('forms:act_remark', args=[page.pk])}", data)
    assert response.status_code == 303
    (message,) = sent_to(STAFF)
    assert message.subject == "Nowa uwaga do projektu: § 3 ust. 2"
    assert "Konsultacje: Program współpracy 2027" in message.body, message.body
    assert f"Od: Anna <{RESIDENT}>" in message.body, message.body


# xgettext does not see _() inside an f-string: "Od" (From) never reached the catalogue.
def test_the_from_label_of_the_staff_mails_has_an_english_translation():
    with translation.override("en"):
        assert translation.gettext("Od") == "From"


def test_a_staff_notification_without_a_name_gives_the_address_alone(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/kontakt/", honest({**ENGLISH_MESSAGE, "name": ""}))
    (message,) = sent_to(STAFF)
    assert f"Od: <{RESIDENT}>" in message.body, message.body
    assert "Od:  <" not in message.body
