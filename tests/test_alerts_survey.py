"""The survey question "Chcę dostawać informacje o kolejnych konsultacjach" (field type "alerts"):
it signs up through the same double opt-in while the alerts page is live, else it is not shown."""

from django.core import mail

import pytest

from alerts.models import Subscriber
from forms.models import SurveySubmission
from tests import alerts_support as support
from tests.forms_support import clear_cache, consultation, honest, survey  # noqa: F401

alerts_page = support.alerts_page
QUESTIONS = [
    ("Adres", "email", "", False),
    ("Chcę dostawać informacje o kolejnych konsultacjach", "alerts", "", False),
]
pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def open_survey(site):
    return survey(consultation(start=-3, end=10), fields=QUESTIONS)


def test_a_ticked_box_sends_the_alerts_confirmation_link(
    client, alerts_page, open_survey, django_capture_on_commit_callbacks
):
    data = honest({"adres": "ola@example.com", "chce_dostawac_informacje_o_kolejnych_konsultacjach": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(open_survey.url, data)
    assert response.status_code == 303
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ola@example.com" and subscriber.all_consultations and subscriber.confirmed_at is None
    [message] = mail.outbox
    assert "/powiadomienia/potwierdz/" in message.body


def test_an_unticked_box_signs_nobody_up(client, alerts_page, open_survey):
    client.post(open_survey.url, honest({"adres": "ola@example.com"}))
    assert SurveySubmission.objects.count() == 1
    assert not Subscriber.objects.exists()


def test_a_ticked_box_without_an_address_asks_for_one(client, alerts_page, open_survey):
    data = honest({"chce_dostawac_informacje_o_kolejnych_konsultacjach": "on"})
    response = client.post(open_survey.url, data)
    assert response.status_code == 200
    assert "Podaj adres e-mail w ankiecie" in response.content.decode()
    assert not SurveySubmission.objects.exists()


def test_without_a_live_alerts_page_the_question_is_not_shown(client, open_survey):
    assert "Chcę dostawać informacje" not in client.get(open_survey.url).content.decode()
    data = honest({"adres": "ola@example.com", "chce_dostawac_informacje_o_kolejnych_konsultacjach": "on"})
    client.post(open_survey.url, data)
    assert SurveySubmission.objects.count() == 1
    assert not Subscriber.objects.exists()


def test_with_a_live_alerts_page_the_question_is_shown(client, alerts_page, open_survey):
    assert "Chcę dostawać informacje o kolejnych konsultacjach" in client.get(open_survey.url).content.decode()
