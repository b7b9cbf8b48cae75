"""Signing up at /powiadomienia/: double opt-in, the same answer for any address, the form rules."""

import time
from unittest import mock

from django.core import mail, signing
from django.core.cache import cache

import lxml.html
import pytest

from alerts import tokens
from alerts.models import AlertsPage, Subscriber
from alerts.sending import send_alerts
from tests import alerts_support as support
from tests.alerts_support import link_to, signup_data
from tests.consultation_clock import frozen_clock  # noqa: F401
from tests.factories import DistrictFactory, TopicFactory

alerts_page, fresh_cache = support.alerts_page, support.fresh_cache


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def post(client, data, path="/powiadomienia/"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return post


def test_the_page_shows_the_editors_introduction_and_the_form(client, alerts_page):
    TopicFactory(name="Zieleń", slug="zielen")
    DistrictFactory(name="Grodziec", slug="grodziec")
    html = client.get("/powiadomienia/").content.decode()
    assert "Zapisz się na powiadomienia." in html
    assert "Zieleń" in html and "Grodziec" in html and "Wszystkie konsultacje" in html


def test_editors_can_create_the_page_under_the_home_page_only():
    from home.models import HomePage

    assert AlertsPage in HomePage.allowed_subpage_models()
    assert AlertsPage.allowed_parent_page_models() == [HomePage]


def test_signing_up_sends_only_a_confirmation_link(client, alerts_page, on_commit):
    response = on_commit(client, signup_data("jan@example.com", all_consultations="on"))
    assert response.status_code == 303
    [message] = mail.outbox
    assert message.to == ["jan@example.com"]
    assert "/powiadomienia/potwierdz/" in message.body
    assert Subscriber.objects.get(email="jan@example.com").confirmed_at is None


def test_a_confirmed_address_gets_the_same_page_and_no_new_subscription(client, alerts_page, on_commit):
    on_commit(client, signup_data("jan@example.com", all_consultations="on"))
    Subscriber.objects.update(confirmed_at="2026-11-01T10:00:00Z")
    mail.outbox.clear()
    cache.clear()  # past the hour in which one confirmation may go
    response = on_commit(client, signup_data("JAN@example.com", topics=[TopicFactory().pk]))
    assert response["Location"] == "/powiadomienia/dziekujemy/"
    subscriber = Subscriber.objects.get()
    assert subscriber.all_consultations and not subscriber.topics.exists()
    [message] = mail.outbox
    assert "/potwierdz/" not in message.body and "/powiadomienia/ustawienia/" in message.body


def test_at_most_one_confirmation_an_hour_per_address(client, alerts_page, on_commit):
    on_commit(client, signup_data("jan@example.com", all_consultations="on"))
    on_commit(client, signup_data("jan@example.com", all_consultations="on"))
    assert len(mail.outbox) == 1
    assert Subscriber.objects.count() == 1


def test_the_same_form_sent_twice_stores_one_subscription_and_sends_one_mail(client, alerts_page, on_commit):
    data = signup_data("ola@example.com", all_consultations="on")
    assert on_commit(client, data).status_code == 303
    assert on_commit(client, data).status_code == 303
    assert Subscriber.objects.count() == 1 and len(mail.outbox) == 1


def test_errors_keep_what_was_typed_with_a_summary(client, alerts_page):
    data = signup_data("ola@example.com")
    del data["privacy_consent"]
    html = client.post("/powiadomienia/", data).content.decode()
    assert "Formularz nie został wysłany" in html
    assert 'value="ola@example.com"' in html
    assert "Wybierz tematy, dzielnice albo wszystkie konsultacje." in html
    assert "Zaznacz zgodę" in html
    assert not Subscriber.objects.exists()


def test_too_many_forms_from_one_address_are_refused_with_the_values_kept(client, alerts_page, settings, on_commit):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    on_commit(client, signup_data("a@example.com", all_consultations="on"))
    response = on_commit(client, signup_data("b@example.com", all_consultations="on"))
    assert response.status_code == 200
    assert "zbyt wiele formularzy" in response.content.decode()
    assert 'value="b@example.com"' in response.content.decode()


def test_a_filled_honeypot_stores_nothing(client, alerts_page):
    client.post("/powiadomienia/", {**signup_data("bot@example.com", all_consultations="on"), "website": "x"})
    assert not Subscriber.objects.exists()


def test_the_confirmation_link_shows_a_button_and_confirms_on_post(client, alerts_page, on_commit):
    on_commit(client, signup_data("jan@example.com", all_consultations="on"))
    path = link_to(mail.outbox[-1], "/potwierdz/")
    client.get(path)
    assert Subscriber.objects.get().confirmed_at is None  # a mail scanner's GET confirms nothing
    response = client.post(path)
    assert response.status_code == 303 and "/powiadomienia/ustawienia/" in response["Location"]
    assert Subscriber.objects.get().confirmed_at is not None
    assert "Zapis potwierdzony" in client.get(response["Location"]).content.decode()


def test_the_confirmation_link_expires_after_seven_days(client, alerts_page):
    subscriber = Subscriber.objects.create(
        email="jan@example.com", all_consultations=True, consented_at="2026-11-01T10:00:00Z"
    )
    token = tokens.make(tokens.CONFIRM, subscriber.pk)
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 8 * 86400):
        assert client.post(f"/powiadomienia/potwierdz/{token}/").status_code == 404
    assert Subscriber.objects.get().confirmed_at is None


def test_a_forged_link_finds_nobody(client, alerts_page):
    forged = signing.dumps(1, salt="something else")
    assert client.get(f"/powiadomienia/potwierdz/{forged}/").status_code == 404
    assert client.get(f"/powiadomienia/ustawienia/{forged}/").status_code == 404


def test_unconfirmed_sign_ups_are_deleted_after_seven_days(alerts_page):
    Subscriber.objects.create(email="old@example.com", all_consultations=True, consented_at="2026-11-07T11:00:00Z")
    Subscriber.objects.create(email="new@example.com", all_consultations=True, consented_at="2026-11-09T13:00:00Z")
    report = send_alerts()
    assert report.unconfirmed_deleted == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["new@example.com"]


def test_the_settings_link_changes_topics_and_districts(client, alerts_page):
    subscriber = Subscriber.objects.create(
        email="jan@example.com",
        all_consultations=True,
        consented_at="2026-11-01T10:00:00Z",
        confirmed_at="2026-11-01T11:00:00Z",
    )
    grodziec = DistrictFactory(name="Grodziec", slug="grodziec")
    path = f"/powiadomienia/ustawienia/{tokens.make(tokens.MANAGE, subscriber.pk)}/"
    response = client.post(path, {"districts": [grodziec.pk]})
    assert response.status_code == 303
    subscriber.refresh_from_db()
    assert not subscriber.all_consultations and list(subscriber.districts.all()) == [grodziec]
    assert "Zmiany zapisane" in client.get(response["Location"]).content.decode()


def test_the_unsubscribe_link_asks_before_it_deletes_on_get(client, alerts_page):
    subscriber = Subscriber.objects.create(
        email="jan@example.com",
        all_consultations=True,
        consented_at="2026-11-01T10:00:00Z",
        confirmed_at="2026-11-01T11:00:00Z",
    )
    path = f"/powiadomienia/wypisz/{tokens.make(tokens.UNSUBSCRIBE, subscriber.pk)}/"
    assert "Wypisz mnie" in client.get(path).content.decode()
    assert Subscriber.objects.exists()
    client.post(path)
    assert not Subscriber.objects.exists()


def test_english_sign_up_gets_english_links(client, alerts_page, on_commit):
    on_commit(client, signup_data("jan@example.com", all_consultations="on"), path="/en/powiadomienia/")
    assert Subscriber.objects.get().language == "en"
    assert "/en/powiadomienia/potwierdz/" in mail.outbox[0].body
    assert 'lang="en"' in mail.outbox[0].alternatives[0][0]


def test_the_sign_up_page_makes_few_queries_however_many_topics_and_districts(
    client, alerts_page, django_assert_max_num_queries
):
    for number in range(30):
        TopicFactory(name=f"Temat {number}", slug=f"temat-{number}")
    for number in range(20):
        DistrictFactory(name=f"Dzielnica {number}", slug=f"dzielnica-{number}")
    with django_assert_max_num_queries(20):
        response = client.get("/powiadomienia/")
    assert "Temat 29" in response.content.decode() and "Dzielnica 19" in response.content.decode()


def test_a_form_refused_by_the_rate_limit_can_be_sent_again_later(client, alerts_page, settings, on_commit):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    on_commit(client, signup_data("a@example.com", all_consultations="on"))
    refused = signup_data("b@example.com", all_consultations="on")
    assert on_commit(client, refused).status_code == 200
    settings.FORMS_RATE_LIMIT_COUNT = 10
    assert on_commit(client, refused).status_code == 303
    assert Subscriber.objects.filter(email="b@example.com").exists()


DISTRICTS = [
    ("warpie", "Warpie"),
    ("srodmiescie", "Śródmieście"),
    ("lagisza", "Łagisza"),
    ("syberka", "Syberka"),
    ("ksawera", "Ksawera"),
    ("malobadz", "Małobądz"),
]
POLISH_ORDER = ["Ksawera", "Łagisza", "Małobądz", "Syberka", "Śródmieście", "Warpie"]


def listed(html, name):
    document = lxml.html.fromstring(html)
    return [label.strip() for label in document.xpath(f"//input[@name='{name}']/following-sibling::label[1]/text()")]


# The districts were in code-point order ("… Syberka, Warpie, Łagisza, Śródmieście"), where the
# register, the calendar and the consultation page use Polish alphabetical order.
def test_the_alerts_sign_up_lists_districts_and_topics_in_polish_alphabetical_order(client, alerts_page):
    for slug, name in DISTRICTS:
        DistrictFactory(slug=slug, name=name)
    for slug, name in [("zielen", "Zieleń"), ("srodowisko", "Środowisko"), ("sport", "Sport")]:
        TopicFactory(slug=slug, name=name)
    html = client.get("/powiadomienia/").content
    assert listed(html, "districts") == POLISH_ORDER
    assert listed(html, "topics") == ["Sport", "Środowisko", "Zieleń"]


def test_the_alerts_settings_page_lists_districts_in_polish_alphabetical_order_with_the_chosen_ticked(
    client, alerts_page
):
    districts = {name: DistrictFactory(slug=slug, name=name) for slug, name in DISTRICTS}
    subscriber = Subscriber.objects.create(
        email="jan@example.com", consented_at="2026-11-01T10:00:00Z", confirmed_at="2026-11-01T11:00:00Z"
    )
    subscriber.districts.set([districts["Łagisza"]])
    html = client.get(f"/powiadomienia/ustawienia/{tokens.make(tokens.MANAGE, subscriber.pk)}/").content
    assert listed(html, "districts") == POLISH_ORDER
    ticked = lxml.html.fromstring(html).xpath("//input[@name='districts'][@checked]/@value")
    assert ticked == [str(districts["Łagisza"].pk)]
