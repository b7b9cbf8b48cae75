"""The contact form at /kontakt/: every message becomes a remark in the staff inbox."""

from django.core import mail
from django.test import Client

import lxml.html
import pytest

from forms.models import Channel, ContactPage, Remark
from home.models import HomePage
from tests.forms_support import clear_cache, consultation, contact_page, honest, staff_email  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

MESSAGE = {
    "name": "Jan Kowalski",
    "email": "jan@example.com",
    "subject": "Ławki",
    "message": "Proszę o ławki przy rzece.",
}


@pytest.fixture
def contact(site):
    return contact_page()


def test_contact_page_lives_at_kontakt(client, contact):
    response = client.get("/kontakt/")
    assert response.status_code == 200
    assert "Treść wiadomości lub uwagi" in response.content.decode()


def test_contact_page_is_a_single_child_of_the_home_page():
    assert ContactPage.max_count == 1
    assert ContactPage.parent_page_types == ["home.HomePage"]
    assert "forms.ContactPage" in HomePage.subpage_types


def test_message_becomes_a_new_online_form_remark(client, contact):
    client.post(contact.url, honest(MESSAGE))
    remark = Remark.objects.get()
    assert (remark.channel, remark.status, remark.author_email, remark.text) == (
        Channel.ONLINE_FORM,
        "new",
        "jan@example.com",
        "Proszę o ławki przy rzece.",
    )


def test_name_is_optional(client, contact):
    response = client.post(contact.url, honest({**MESSAGE, "name": ""}), follow=True)
    assert "Dziękujemy za wiadomość" in response.content.decode()
    assert Remark.objects.get().author_name == ""


def test_message_about_an_ongoing_consultation_is_linked_to_it(client, contact):
    ongoing = consultation()
    client.post(contact.url, honest({**MESSAGE, "consultation": ongoing.pk}))
    assert Remark.objects.get().consultation_id == ongoing.pk


def test_query_parameter_preselects_an_ongoing_consultation(client, contact):
    ongoing = consultation()
    content = client.get(f"/kontakt/?konsultacja={ongoing.pk}").content.decode()
    assert f'<option value="{ongoing.pk}" selected>' in content


def test_query_parameter_with_a_closed_consultation_is_ignored(client, contact):
    closed = consultation(start=-30, end=-2)
    response = client.get(f"/kontakt/?konsultacja={closed.pk}")
    assert response.status_code == 200
    assert f'value="{closed.pk}"' not in response.content.decode()
    assert '<option value="" selected>' in response.content.decode()


def test_query_parameter_that_is_not_a_page_id_is_ignored(client, contact):
    assert client.get("/kontakt/?konsultacja=abc%27").status_code == 200
    assert client.get("/kontakt/?konsultacja=999999").status_code == 200


def test_staff_and_resident_get_e_mails(client, site, contact, django_capture_on_commit_callbacks):
    staff = staff_email(site)
    with django_capture_on_commit_callbacks(execute=True):  # e-mails go out after the commit
        client.post(contact.url, honest(MESSAGE))
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([staff, "jan@example.com"])
    assert "Proszę o ławki przy rzece." in next(message.body for message in mail.outbox if message.to == [staff])


def test_consent_is_required(client, contact):
    data = honest(MESSAGE)
    del data["privacy_consent"]
    response = client.post(contact.url, data)
    assert Remark.objects.count() == 0
    assert "Zaznacz zgodę na przetwarzanie danych" in response.content.decode()


def test_error_summary_lists_the_problems_and_keeps_the_text(client, contact):
    response = client.post(contact.url, honest({**MESSAGE, "email": "nie-adres"}))
    content = response.content.decode()
    assert 'role="alert"' in content and 'tabindex="-1"' in content
    assert 'href="#id_email"' in content
    assert "Proszę o ławki przy rzece." in content
    assert 'value="Ławki"' in content


def test_message_over_ten_thousand_characters_is_refused_with_a_clear_error(client, contact):
    response = client.post(contact.url, honest({**MESSAGE, "message": "ż" * 10_001}))
    content = response.content.decode()
    assert Remark.objects.count() == 0
    assert "najwyżej 10000 znaków, a ma 10001" in content
    assert "ż" * 10_001 in content


def test_message_of_exactly_ten_thousand_characters_is_accepted(client, contact):
    client.post(contact.url, honest({**MESSAGE, "message": "a" * 10_000}))
    assert Remark.objects.count() == 1


def test_form_works_with_csrf_checks_on(contact):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(contact.url)
    token = page.cookies["csrftoken"].value
    browser.post(contact.url, honest({**MESSAGE, "csrfmiddlewaretoken": token}))
    assert Remark.objects.count() == 1


def test_output_is_escaped(client, contact):
    response = client.post(contact.url, honest({**MESSAGE, "email": "x", "subject": "<script>alert(1)</script>"}))
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_consultation_id_too_large_for_the_database_is_ignored(client, contact):
    assert client.get("/kontakt/?konsultacja=99999999999999999999999").status_code == 200


def test_a_post_naming_an_id_too_large_for_the_database_is_refused_with_the_text_kept(client, contact):
    huge = "9" * 23
    response = client.post(contact.url, honest({**MESSAGE, "consultation": huge, "embedded_from": huge}))
    assert response.status_code == 200
    assert Remark.objects.count() == 0
    assert "Proszę o ławki przy rzece." in response.content.decode()


# Django merges the apps' catalogues: "Temat" is "Topic" in consultation (the taxonomy), so the
# English contact form asked for the message's "Topic". A context keeps the two apart.
def test_the_english_contact_form_asks_for_the_messages_subject(client, contact):
    document = lxml.html.fromstring(client.get("/en/kontakt/").content)
    (label,) = document.xpath("//label[@for='id_subject']")
    assert label.text_content().split("(")[0].strip() == "Subject"
