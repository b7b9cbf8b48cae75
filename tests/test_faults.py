"""Faults: a lost database connection mid-request, and Redis down (portal/db_faults.py, forms/throttle.py).

The PostgreSQL restart itself, with a real server under load, is bench/faults.py (`make
test-faults`, run in CI). Here the connection is lost on purpose at chosen points, and the
database is "back" at once: reconnecting is stubbed, because closing the connection would end
the test's own transaction.
"""

import datetime
import socket
import sqlite3
import uuid
from unittest import mock

from django.core import mail
from django.db import OperationalError, ProgrammingError
from django.utils import timezone

import psycopg2
import pytest

from forms.models import ContactPage, Remark
from portal.db_faults import CommitInDoubt, DatabaseFaultMiddleware, is_connection_error
from portal.db_faults import _mark_transaction as mark
from portal.models import CommittedRequest
from tests.forms_support import clear_cache, contact_page, honest, staff_email  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

MESSAGE = {"email": "jan@example.com", "subject": "Ławki", "message": "Proszę o ławki przy rzece."}
LOST = "server closed the connection unexpectedly"


@pytest.fixture
def contact(site):
    staff_email(site)
    return contact_page()


@pytest.fixture
def database_back_at_once(monkeypatch):
    monkeypatch.setattr("portal.db_faults.close_connections", lambda: None)


def lost_once(real):
    """A side effect that loses the connection on the first call and works afterwards."""
    calls = []

    def side_effect(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise OperationalError(LOST)
        return real(*args, **kwargs)

    side_effect.calls = calls
    return side_effect


def test_form_post_that_loses_the_connection_after_saving_is_rolled_back_and_repeated(
    client, contact, database_back_at_once, caplog, django_capture_on_commit_callbacks
):
    # The remark is saved, then the connection drops while notifying the staff: the first
    # attempt must leave no row, and the repeat stores exactly one and thanks the resident.
    # (E-mails are sent after the commit: tests/test_forms_notifications.py.)
    side_effect = lost_once(ContactPage.send_notifications)
    with (
        mock.patch.object(ContactPage, "send_notifications", autospec=True, side_effect=side_effect),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 303  # to the thank-you view
    assert len(side_effect.calls) == 2
    assert Remark.objects.count() == 1
    assert len([message for message in mail.outbox if "zespol@bedzin.pl" in message.to]) == 1
    assert any("repeating the request" in record.getMessage() for record in caplog.records)


def test_form_post_gets_a_polish_503_and_stores_nothing_when_the_database_stays_away(
    client, contact, database_back_at_once, settings
):
    settings.DATABASE_RETRY_ATTEMPTS = 3
    with mock.patch.object(ContactPage, "send_notifications", side_effect=OperationalError(LOST)) as notify:
        response = client.post(contact.url, honest(MESSAGE))
    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="pl">' in content
    assert "Twój formularz nie został zapisany" in content
    assert "Spróbuj ponownie za kilka sekund" in content
    assert notify.call_count == 3
    assert Remark.objects.count() == 0


def test_database_that_never_answers_again_is_not_waited_for_beyond_the_limit(client, contact, monkeypatch):
    monkeypatch.setattr("portal.db_faults.wait_for_database", lambda deadline: False)
    with mock.patch.object(ContactPage, "send_notifications", side_effect=OperationalError(LOST)) as notify:
        response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 503
    assert notify.call_count == 1


def test_the_503_page_follows_the_english_interface(client, contact, database_back_at_once):
    with mock.patch.object(ContactPage, "get_form", side_effect=OperationalError(LOST)):
        response = client.get("/en/kontakt/")
    content = response.content.decode()
    assert response.status_code == 503
    assert '<html lang="en">' in content
    assert "Please try again in a few seconds" in content
    assert "form was not saved" not in content  # nothing was posted


def test_page_read_that_loses_the_connection_is_repeated(client, contact, database_back_at_once):
    side_effect = lost_once(ContactPage.get_form)
    with mock.patch.object(ContactPage, "get_form", autospec=True, side_effect=side_effect):
        response = client.get(contact.url)
    assert response.status_code == 200
    assert len(side_effect.calls) == 2
    assert 'name="message"' in response.content.decode()


def test_other_database_errors_are_not_retried_or_hidden(client, contact, database_back_at_once):
    with (
        mock.patch.object(ContactPage, "send_notifications", side_effect=ProgrammingError("no such column")) as notify,
        pytest.raises(ProgrammingError),
    ):
        client.post(contact.url, honest(MESSAGE))
    assert notify.call_count == 1


def _wrapped(exc, cause):
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize(
    ("exc", "lost"),
    [
        (OperationalError(LOST), True),
        (_wrapped(OperationalError(LOST), psycopg2.OperationalError(LOST)), True),
        (_wrapped(OperationalError("closed"), psycopg2.InterfaceError("connection already closed")), True),
        (_wrapped(OperationalError("database is locked"), sqlite3.OperationalError("database is locked")), False),
        (ProgrammingError("relation does not exist"), False),
        (ValueError(LOST), False),
    ],
)
def test_only_lost_connections_count_as_connection_errors(exc, lost):
    assert is_connection_error(exc) is lost


# Redis down -----------------------------------------------------------------------------------


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down_as_configured(settings):
    """The shared cache is Redis configured as production configures it, on a port where nothing listens."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True


def test_pages_serve_without_redis_and_the_outage_is_logged(
    client, contact, redis_down_as_configured, settings, caplog
):
    settings.PAGE_CACHE_ENABLED = True
    for _ in range(2):
        assert client.get("/").status_code == 200
        assert client.get(contact.url).status_code == 200
    assert any(record.name == "django_redis.cache" for record in caplog.records)


def test_healthz_reports_the_cache_degraded_and_the_database_ok(client, db, redis_down_as_configured):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "degraded"}


def test_forms_are_accepted_without_redis_and_the_rate_limit_still_holds(
    client, contact, redis_down_as_configured, settings
):
    # The rate limit counts in the database (forms/throttle.py), so a Redis outage neither
    # refuses residents nor lifts the limit.
    settings.FORMS_RATE_LIMIT_COUNT = 2
    statuses = [
        client.post(contact.url, honest({**MESSAGE, "subject": f"Uwaga {number}"})).status_code for number in range(3)
    ]
    assert statuses == [303, 303, 200]
    assert Remark.objects.count() == 2


# A connection lost during COMMIT: the token row settles whether the answers are stored. -------


def doubtful_commit(committed):
    """Replace the first attempt with one whose COMMIT loses the connection, after (or without) storing."""
    real = DatabaseFaultMiddleware._attempt_in_transaction
    attempts = []

    def attempt(self, request):
        attempts.append(request.path)
        if len(attempts) > 1:
            return real(self, request)
        tokens = []
        with mock.patch("portal.db_faults._mark_transaction", side_effect=lambda: tokens.append(mark()) or tokens[-1]):
            response = real(self, request) if committed else None
        raise CommitInDoubt(response, tokens[0] if tokens else uuid.uuid4(), OperationalError(LOST))

    attempt.attempts = attempts
    return attempt


def test_commit_in_doubt_that_committed_thanks_the_resident_without_sending_again(
    client, contact, database_back_at_once, caplog
):
    attempt = doubtful_commit(committed=True)
    with mock.patch.object(DatabaseFaultMiddleware, "_attempt_in_transaction", attempt):
        response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 303  # to the thank-you view
    assert len(attempt.attempts) == 1
    assert Remark.objects.count() == 1
    assert any("the transaction committed" in record.getMessage() for record in caplog.records)


def test_commit_in_doubt_that_did_not_commit_is_sent_again(client, contact, database_back_at_once):
    attempt = doubtful_commit(committed=False)
    with mock.patch.object(DatabaseFaultMiddleware, "_attempt_in_transaction", attempt):
        response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 303  # to the thank-you view
    assert len(attempt.attempts) == 2
    assert Remark.objects.count() == 1


def test_commit_in_doubt_while_the_database_stays_away_says_the_outcome_is_unknown(client, contact, monkeypatch):
    monkeypatch.setattr("portal.db_faults.wait_for_database", lambda deadline: False)
    attempt = doubtful_commit(committed=True)
    with mock.patch.object(DatabaseFaultMiddleware, "_attempt_in_transaction", attempt):
        response = client.post(contact.url, honest(MESSAGE))
    assert response.status_code == 503
    assert "Nie możemy potwierdzić, czy Twój formularz został zapisany" in response.content.decode()


def test_every_public_post_leaves_a_commit_token_and_day_old_ones_are_cleared(client, contact, monkeypatch):
    client.post(contact.url, honest(MESSAGE))
    assert CommittedRequest.objects.count() == 1
    CommittedRequest.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    monkeypatch.setattr("portal.db_faults.CLEANUP_PROBABILITY", 1.0)
    client.post(contact.url, honest({**MESSAGE, "subject": "Druga"}))
    assert CommittedRequest.objects.count() == 1
    assert CommittedRequest.objects.get().created_at > timezone.now() - datetime.timedelta(minutes=1)
