"""send_alerts: which events reach whom, at most one mail a day, each event once, and never a
draft or private consultation."""

import smtplib
from unittest import mock

from django.core import mail
from django.db import connection

from wagtail.models import PageViewRestriction

import pytest

from alerts.models import Delivery, Event, Mailing, Subscriber
from alerts.sending import claim, fresh_events, pending_mail, send_alerts
from tests import alerts_support as support
from tests.consultation_clock import TODAY, day, frozen_clock  # noqa: F401
from tests.factories import ConsultationPageFactory, DistrictFactory, TopicFactory

alerts_page, fresh_cache = support.alerts_page, support.fresh_cache


def subscriber(
    address="jan@example.com",
    topics=(),
    districts=(),
    everything=False,
    confirmed="2026-11-01T10:00:00Z",
    language="pl",
):
    found = Subscriber.objects.create(
        email=address,
        all_consultations=everything,
        consented_at="2026-11-01T09:00:00Z",
        confirmed_at=confirmed,
        language=language,
    )
    found.topics.set(topics)
    found.districts.set(districts)
    return found


def planned(register, title, **fields):
    return ConsultationPageFactory(parent=register, title=title, start_date=day(5), end_date=day(30), **fields)


@pytest.fixture
def greenery():
    return TopicFactory(name="Zieleń", slug="zielen")


def test_a_matching_consultation_published_as_planned_is_mailed(register, alerts_page, greenery):
    subscriber(topics=[greenery])
    planned(register, "Park na Syberce", topics=[greenery])
    send_alerts()
    [message] = mail.outbox
    assert "Park na Syberce" in message.subject
    assert "Zapowiedziane konsultacje" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_consultation_on_other_topics_is_not_mailed(register, alerts_page, greenery):
    subscriber(topics=[greenery])
    planned(register, "Budżet", topics=[TopicFactory(name="Budżet", slug="budzet")])
    send_alerts()
    assert mail.outbox == []


def test_a_district_subscriber_hears_of_consultations_for_the_whole_city(register, alerts_page):
    grodziec = DistrictFactory(name="Grodziec", slug="grodziec")
    city = DistrictFactory(name="Całe miasto", slug="cale-miasto", is_whole_city=True)
    subscriber(districts=[grodziec])
    planned(register, "Strategia miasta", districts=[city])
    send_alerts()
    assert len(mail.outbox) == 1


def test_opening_and_results_are_events_too(register, alerts_page):
    subscriber(everything=True)
    ConsultationPageFactory(parent=register, title="Trwa od dziś", start_date=TODAY, end_date=day(20))
    ConsultationPageFactory(
        parent=register,
        title="Już po",
        start_date=day(-40),
        end_date=day(-10),
        results_summary="<p>Wyniki.</p>",
        results_published_on=day(-1),
    )
    send_alerts()
    [digest] = mail.outbox
    assert "2 nowości" in digest.subject
    assert "Konsultacje rozpoczęte: Trwa od dziś" in digest.body
    assert "Wyniki konsultacji opublikowane: Już po" in digest.body


def test_old_news_is_never_mailed(register, alerts_page):
    subscriber(everything=True, confirmed="2026-01-01T10:00:00Z")
    ConsultationPageFactory(parent=register, title="Dawno otwarta", start_date=day(-20), end_date=day(20))
    send_alerts()
    assert mail.outbox == []


def test_events_before_the_confirmation_are_not_mailed(register, alerts_page):
    ConsultationPageFactory(parent=register, title="Otwarta wczoraj", start_date=day(-1), end_date=day(20))
    subscriber(everything=True, confirmed="2026-11-15T09:00:00Z")
    send_alerts()
    assert mail.outbox == []


def test_a_draft_consultation_never_triggers_a_mail(register, alerts_page):
    subscriber(everything=True)
    draft = planned(register, "Szkic")
    draft.unpublish()
    send_alerts()
    assert mail.outbox == []
    assert not Event.objects.exists()


def test_a_private_consultation_never_triggers_a_mail(register, alerts_page):
    subscriber(everything=True)
    PageViewRestriction.objects.create(page=planned(register, "Tajne"), restriction_type="password", password="x")
    send_alerts()
    assert mail.outbox == []


def test_a_consultation_unpublished_after_its_event_is_left_out(register, alerts_page):
    subscriber(everything=True, confirmed="2026-11-15T09:00:00Z")
    page = planned(register, "Wycofana")
    with mock.patch("alerts.sending.pending_mail", return_value=([], 0)):
        send_alerts()  # records the event only
    assert Event.objects.count() == 1
    page.unpublish()
    send_alerts()
    assert mail.outbox == []


def test_each_event_is_mailed_once_however_often_the_command_runs(register, alerts_page):
    subscriber(everything=True)
    planned(register, "Raz")
    send_alerts()
    send_alerts()
    assert len(mail.outbox) == 1


def test_at_most_one_mail_a_day_the_rest_waits_for_tomorrow(register, alerts_page):
    subscriber(everything=True)
    planned(register, "Pierwsza")
    send_alerts()
    planned(register, "Druga")
    report = send_alerts()
    assert len(mail.outbox) == 1 and report.skipped_today == 1
    send_alerts(today=day(1))
    assert len(mail.outbox) == 2
    assert "Druga" in mail.outbox[1].subject


def test_a_run_that_finds_a_mail_claimed_by_another_run_sends_nothing(register, alerts_page):
    jan = subscriber(everything=True)
    planned(register, "Równoległa")
    send_alerts_events_only()
    events = fresh_events(TODAY)
    pending, _skipped = pending_mail(events, TODAY)
    assert claim(pending, TODAY)  # the other run claimed it and is sending
    assert claim(pending, TODAY) == []  # this run, with the same stale list, gets nothing
    send_alerts()
    assert mail.outbox == []
    assert Delivery.objects.filter(subscriber=jan).count() == 1


def send_alerts_events_only():
    with mock.patch("alerts.sending.pending_mail", return_value=([], 0)):
        send_alerts()


def test_a_run_killed_after_claiming_never_sends_those_mails_twice_and_sends_the_rest(register, alerts_page):
    subscriber("a@example.com", everything=True)
    subscriber("b@example.com", everything=True)
    planned(register, "Przerwana")
    with mock.patch("alerts.sending.send_batch", side_effect=KeyboardInterrupt), pytest.raises(KeyboardInterrupt):
        send_alerts(batch_size=1)  # killed after claiming the first subscriber's mail
    send_alerts(batch_size=1)
    assert [message.to for message in mail.outbox] == [["b@example.com"]]


def test_a_mail_server_that_is_down_releases_the_mails_for_the_next_run(register, alerts_page):
    subscriber(everything=True)
    planned(register, "Serwer nie działa")
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        send_alerts()
    assert not Mailing.objects.exists()
    send_alerts()
    assert len(mail.outbox) == 1


def test_nothing_is_sent_while_the_sign_up_page_is_not_live(register, alerts_page):
    subscriber(everything=True)
    planned(register, "Bez strony")
    alerts_page.unpublish()
    send_alerts()
    assert mail.outbox == []


def test_english_subscribers_get_links_under_en(register, alerts_page):
    subscriber(everything=True, language="en")
    planned(register, "Park", slug="park")
    send_alerts()
    [message] = mail.outbox
    assert "/en/konsultacje/park/" in message.body
    assert "/en/powiadomienia/wypisz/" in message.extra_headers["List-Unsubscribe"]


def test_the_mail_has_plain_text_and_accessible_html(register, alerts_page):
    subscriber(everything=True)
    planned(register, "Park")
    send_alerts()
    [message] = mail.outbox
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="pl">' in html and "<h1" in html and "<title>" in html
    assert "Wypisz się z powiadomień" in html


def test_sending_queries_do_not_grow_with_subscribers(register, alerts_page, django_assert_max_num_queries):
    topic = TopicFactory()
    for number in range(60):
        subscriber(f"s{number}@example.com", topics=[topic] if number % 2 else [], everything=not number % 2)
    for number in range(5):
        planned(register, f"Konsultacja {number}", topics=[topic])
    # Per batch: the claim (lock, savepoints, two inserts a subscriber) and one update; the rest is fixed.
    with django_assert_max_num_queries(60 * 6 + 40):
        send_alerts(batch_size=200)
    assert len(mail.outbox) == 60


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises writers")
def test_two_runs_at_once_mail_each_subscriber_once(transactional_db, django_db_serialized_rollback, site):
    """Two send_alerts runs at the same moment, each in its own connection (PostgreSQL: SKIP LOCKED)."""
    import threading

    from alerts.models import AlertsPage
    from home.models import HomePage
    from tests.factories import ConsultationIndexPageFactory

    home = HomePage.objects.get(depth=2)
    home.add_child(instance=AlertsPage(title="Powiadomienia", slug="powiadomienia"))
    register = ConsultationIndexPageFactory(parent=home)
    for number in range(40):
        subscriber(f"s{number}@example.com", everything=True)
    planned(register, "Naraz")
    errors = []

    def run():
        try:
            send_alerts(batch_size=5)
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"s{number}@example.com" for number in range(40))
