"""The client address comes from a trusted proxy's X-Forwarded-For only (TRUSTED_PROXIES); the
form rate limit and django-axes key on it."""

from django.test import RequestFactory

import pytest

from forms.models import Remark
from home.client_address import client_address
from tests.forms_support import clear_cache, contact_page, honest  # noqa: F401

MESSAGE = {"email": "jan@example.com", "subject": "Temat", "message": "Uwaga."}


def address(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_behind_a_trusted_proxy_the_right_most_address_is_the_client(behind_nginx):
    assert address("127.0.0.1", "198.51.100.1") == "198.51.100.1"


def test_a_forged_left_part_of_the_header_changes_nothing(behind_nginx):
    # The client typed "1.2.3.4"; nginx appended the address it saw.
    assert address("127.0.0.1", "1.2.3.4, 198.51.100.1") == "198.51.100.1"


def test_trusted_proxies_inside_the_chain_are_skipped(behind_nginx):
    assert address("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.1.2.3") == "198.51.100.1"


def test_a_header_from_an_untrusted_address_is_ignored(behind_nginx):
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_junk_in_the_header_is_skipped(behind_nginx):
    assert address("127.0.0.1", "198.51.100.1, nonsense") == "198.51.100.1"
    assert address("127.0.0.1", "[2001:db8::1]:4711") == "2001:db8::1"


def test_a_trusted_proxy_without_a_header_is_the_client(behind_nginx):
    assert address("127.0.0.1") == "127.0.0.1"


pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def contact(site):
    return contact_page()


def test_residents_behind_a_trusted_proxy_get_separate_limits(client, contact, behind_nginx, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    for resident in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        response = client.post(contact.url, honest(MESSAGE), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=resident)
        assert response.status_code == 303
    assert Remark.objects.count() == 3


def test_a_forged_header_from_an_untrusted_address_does_not_escape_the_limit(client, contact, behind_nginx, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    for forged in ("198.51.100.1", "198.51.100.2"):
        client.post(contact.url, honest(MESSAGE), REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=forged)
    assert Remark.objects.count() == 1


def test_a_forged_left_part_does_not_escape_the_limit_behind_the_proxy(client, contact, behind_nginx, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    for forged in ("1.1.1.1", "2.2.2.2"):
        client.post(
            contact.url, honest(MESSAGE), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.9"
        )
    assert Remark.objects.count() == 1


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


@pytest.mark.django_db
def test_an_attacker_behind_the_proxy_does_not_lock_out_the_editor_elsewhere(
    client, admin_user, axes_on, behind_nginx
):
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **via_proxy,
        )
    attacker = client.post(
        "/admin/login/", {"username": "editor", "password": "wrong"}, HTTP_X_FORWARDED_FOR="198.51.100.66", **via_proxy
    )
    assert attacker.status_code == 429
    editor = client.post(
        "/admin/login/",
        {"username": "editor", "password": "secret-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.20",
        **via_proxy,
    )
    assert editor.status_code == 302


@pytest.mark.django_db
def test_guessing_an_editors_password_from_one_ipv6_network_is_locked_out(client, admin_user, axes_on):
    """django-axes locks a user name per client: an IPv6 client is its /64, not one of its 2**64
    addresses."""
    for interface in range(1, 6):
        client.post(
            "/admin/login/", {"username": "editor", "password": "wrong"}, REMOTE_ADDR=f"2001:db8:1:2::{interface}"
        )
    guess = client.post(
        "/admin/login/", {"username": "editor", "password": "secret-password"}, REMOTE_ADDR="2001:db8:1:2::99"
    )
    assert guess.status_code == 429
    elsewhere = client.post(
        "/admin/login/", {"username": "editor", "password": "secret-password"}, REMOTE_ADDR="2001:db8:1:3::1"
    )
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("198.51.100.7", "198.51.100.7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
    ],
)
def test_the_rate_limits_count_an_ipv6_client_by_its_64_and_an_ipv4_client_by_its_address(rf, address, key):
    from home.client_address import rate_limit_key

    assert rate_limit_key(rf.get("/", REMOTE_ADDR=address)) == key
