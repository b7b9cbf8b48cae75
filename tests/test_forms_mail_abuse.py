"""The city's mail cannot be abused: a confirmation never repeats the resident's text or subject,
says what was received, for which consultation and when, and goes to an address at most once an
hour; password reset and page-password forms are throttled per address and per account."""

from django.core import mail

from wagtail.models import PageViewRestriction

import pytest

from forms.models import Remark
from tests.forms_support import clear_cache, consultation, contact_page, honest, staff_email, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

PHISHING = {
    "email": "ofiara@example.com",
    "subject": "Twoje konto wygasa: zaloguj się na http://zly.example",
    "message": "Kliknij http://zly.example/bank i podaj hasło.",
}


@pytest.fixture
def contact(site):
    staff_email(site)
    return contact_page()


def confirmations(address):
    return [message for message in mail.outbox if message.to == [address]]


def send(client, page, data, callbacks):
    with callbacks(execute=True):
        return client.post(page.url, honest(data))


def test_the_confirmation_never_repeats_the_subject_or_the_message(
    client, contact, django_capture_on_commit_callbacks
):
    send(client, contact, PHISHING, django_capture_on_commit_callbacks)
    [message] = confirmations("ofiara@example.com")
    assert "zly.example" not in message.subject
    assert "zly.example" not in message.body
    assert "Twoje konto wygasa" not in message.body


def test_the_confirmation_says_what_was_received_for_which_consultation_and_when(
    client, contact, django_capture_on_commit_callbacks
):
    ongoing = consultation(title="Park nad Przemszą")
    send(client, contact, {**PHISHING, "consultation": ongoing.pk}, django_capture_on_commit_callbacks)
    [message] = confirmations("ofiara@example.com")
    assert "formularza kontaktowego" in message.body
    assert "Konsultacje: Park nad Przemszą" in message.body
    received = Remark.objects.get().received_at
    assert str(received.astimezone().year) in message.body


def test_staff_still_get_the_whole_message(client, site, contact, django_capture_on_commit_callbacks):
    send(client, contact, PHISHING, django_capture_on_commit_callbacks)
    [staff] = confirmations("zespol@bedzin.pl")
    assert "Kliknij http://zly.example/bank" in staff.body


def test_one_confirmation_per_address_per_hour(client, contact, django_capture_on_commit_callbacks):
    for number in range(3):
        send(client, contact, {**PHISHING, "message": f"Wiadomość {number}"}, django_capture_on_commit_callbacks)
    assert Remark.objects.count() == 3
    assert len(confirmations("ofiara@example.com")) == 1
    assert len(confirmations("zespol@bedzin.pl")) == 3


def test_a_survey_confirmation_does_not_repeat_the_answers(client, site, django_capture_on_commit_callbacks):
    staff_email(site)
    page = survey(
        consultation(title="Budżet 2027"),
        fields=[("Opinia", "multiline", "", True), ("E-mail", "email", "", False)],
        send_confirmation=True,
        title="Ankieta budżetowa",
    )
    send(
        client,
        page,
        {"opinia": "Odwiedź http://zly.example", "e_mail": "ofiara@example.com"},
        django_capture_on_commit_callbacks,
    )
    [message] = confirmations("ofiara@example.com")
    assert "zly.example" not in message.body
    assert "Ankieta budżetowa" in message.body
    assert "Konsultacje: Budżet 2027" in message.body


# Password reset and page passwords.


def test_password_reset_is_throttled_per_address_with_a_clear_message(client, admin_user, settings):
    settings.THROTTLE_PASSWORD_RESET = (3, 10, 3600)
    for number in range(3):
        response = client.post("/admin/password_reset/", {"email": f"kto{number}@example.com"})
        assert response.status_code == 302
    response = client.post("/admin/password_reset/", {"email": "editor@example.com"})
    assert response.status_code == 429
    assert "Zbyt wiele prób" in response.content.decode()
    assert "Spróbuj ponownie po" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_password_reset_is_throttled_per_account_from_many_addresses(client, admin_user, settings):
    settings.THROTTLE_PASSWORD_RESET = (10, 2, 3600)
    statuses = [
        client.post(
            "/admin/password_reset/", {"email": "editor@example.com"}, REMOTE_ADDR=f"198.51.100.{n}"
        ).status_code
        for n in range(1, 5)
    ]
    assert statuses == [302, 302, 429, 429]
    assert len([message for message in mail.outbox if message.to == ["editor@example.com"]]) == 2


@pytest.fixture
def password_page(site):
    page = consultation(title="Spotkanie zamknięte")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="tajne-haslo"
    )
    return page, restriction


def guess(client, page, restriction, password, **extra):
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    return client.post(url, {"password": password, "return_url": page.url}, **extra)


def test_page_password_guesses_are_throttled_per_address(client, password_page, settings):
    settings.THROTTLE_PAGE_PASSWORD = (5, 100, 600)
    page, restriction = password_page
    statuses = [guess(client, page, restriction, f"zgaduje{n}").status_code for n in range(7)]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]
    # Even the right password waits: the guesser cannot tell it apart.
    assert guess(client, page, restriction, "tajne-haslo").status_code == 429


def test_page_password_guesses_are_throttled_per_page_from_many_addresses(client, password_page, settings):
    settings.THROTTLE_PAGE_PASSWORD = (100, 3, 600)
    page, restriction = password_page
    statuses = [
        guess(client, page, restriction, "zle", REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(1, 6)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_the_right_page_password_still_opens_the_page(client, password_page):
    page, restriction = password_page
    response = guess(client, page, restriction, "tajne-haslo")
    assert response.status_code == 302
    assert "Spotkanie zamknięte" in client.get(page.url).content.decode()
