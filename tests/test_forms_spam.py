"""Anti-spam: honeypot, minimum fill time, per-address rate limit; a refused resident loses no text."""

import time
import uuid

from django.db import connection

import pytest

from forms.models import Remark
from forms.spam import start_token
from tests.forms_support import clear_cache, contact_page, honest  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

MESSAGE = {"email": "jan@example.com", "subject": "Temat", "message": "Mój długi tekst uwagi."}


@pytest.fixture
def contact(site):
    return contact_page()


def test_filled_honeypot_is_refused_and_says_why(client, contact):
    response = client.post(contact.url, honest({**MESSAGE, "website": "http://spam.example"}))
    content = response.content.decode()
    assert Remark.objects.count() == 0
    assert "ukryte pole" in content
    assert "Mój długi tekst uwagi." in content


def test_form_sent_too_soon_after_opening_is_refused_and_keeps_the_text(client, contact):
    response = client.post(contact.url, honest({**MESSAGE, "form_started": start_token()}))
    content = response.content.decode()
    assert Remark.objects.count() == 0
    assert "zbyt szybko" in content
    assert "Mój długi tekst uwagi." in content


def test_sending_the_same_form_again_later_is_accepted(client, contact, settings):
    settings.FORMS_MIN_FILL_SECONDS = 1
    token = start_token(at=time.time() - 0.5)
    client.post(contact.url, honest({**MESSAGE, "form_started": token}))
    time.sleep(0.6)
    client.post(contact.url, honest({**MESSAGE, "form_started": token}))
    assert Remark.objects.count() == 1


def test_forged_start_token_is_refused(client, contact):
    response = client.post(contact.url, honest({**MESSAGE, "form_started": "1700000000"}))
    assert Remark.objects.count() == 0
    assert "Nie udało się sprawdzić formularza" in response.content.decode()


def test_minimum_fill_time_is_configurable(client, contact, settings):
    settings.FORMS_MIN_FILL_SECONDS = 0
    client.post(contact.url, honest({**MESSAGE, "form_started": start_token()}))
    assert Remark.objects.count() == 1


def test_address_over_the_rate_limit_is_refused_and_keeps_the_text(client, contact, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 2
    for _ in range(2):
        client.post(contact.url, honest(MESSAGE))
    response = client.post(contact.url, honest({**MESSAGE, "message": "Trzecia uwaga, zachowana."}))
    content = response.content.decode()
    assert Remark.objects.count() == 2
    assert "zbyt wiele formularzy" in content
    assert "Spróbuj ponownie po" in content
    assert "Trzecia uwaga, zachowana." in content


def test_rate_limit_counts_each_address_separately(client, contact, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    client.post(contact.url, honest(MESSAGE), REMOTE_ADDR="10.0.0.1")
    client.post(contact.url, honest(MESSAGE), REMOTE_ADDR="10.0.0.2")
    assert Remark.objects.count() == 2


def test_refused_forms_do_not_count_against_the_limit(client, contact, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    client.post(contact.url, honest({**MESSAGE, "email": "zly"}))
    client.post(contact.url, honest(MESSAGE))
    assert Remark.objects.count() == 1


def test_the_default_limit_lets_a_library_kiosk_send_twenty_forms(client, contact):
    statuses = [client.post(contact.url, honest({**MESSAGE, "message": f"Uwaga {n}."})).status_code for n in range(21)]
    assert statuses == [303] * 20 + [200]
    assert Remark.objects.count() == 20


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's shared in-memory test database refuses concurrent writers"
)
def test_parallel_submissions_never_overshoot_the_limit(db):
    """40 attempts at once from one address, each on its own database connection (as workers
    and servers are), with no Redis: exactly the limit gets through."""
    import threading

    from forms.throttle import allow

    allowed, start, address = [], threading.Barrier(8), f"198.51.100.{uuid.uuid4().int % 250}"

    def attempts():
        start.wait()
        try:
            for _ in range(5):
                allowed.append(allow("forms", address, 5, 600) == 0)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempts) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 40
    assert allowed.count(True) == 5


def test_the_count_does_not_depend_on_the_cache(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from forms.throttle import allow

    results = [allow("forms", "198.51.100.8", 3, 600) == 0 for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_windows_that_have_ended_are_deleted_when_a_new_one_starts(db):
    from forms.models import AttemptWindow
    from forms.throttle import allow

    AttemptWindow.objects.create(key="throttle:forms:ended:1", attempts=3, expires=int(time.time()) - 1)
    allow("forms", "198.51.100.10", 5, 60)
    assert not AttemptWindow.objects.filter(expires__lt=time.time()).exists()
    assert AttemptWindow.objects.filter(expires__gt=time.time()).exists()


def test_the_wait_is_counted_from_the_window(client, contact, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    client.post(contact.url, honest(MESSAGE))
    content = client.post(contact.url, honest(MESSAGE)).content.decode()
    assert "Spróbuj ponownie po" in content
    assert "Twoje odpowiedzi są zachowane" in content


def test_one_ipv6_subscriber_cannot_escape_the_rate_limit_by_changing_the_interface_id(client, contact, settings):
    """An IPv6 subscriber (a home router, a phone) gets a whole /64 and picks any address in it
    for each connection: the limit counts the /64."""
    settings.FORMS_RATE_LIMIT_COUNT = 1
    for interface in ("1", "2", "3"):
        client.post(contact.url, honest(MESSAGE), REMOTE_ADDR=f"2001:db8:1:2::{interface}")
    client.post(contact.url, honest(MESSAGE), REMOTE_ADDR="2001:db8:1:3::1")  # another subscriber
    assert Remark.objects.count() == 2
