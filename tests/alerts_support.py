"""Fixtures for the alerts tests: a real SMTP server (aiosmtpd) on a free port, the sign-up page,
and helpers to read the links out of the mails it received."""

import email
import re
import socket
import time
from email import policy

from django.core.cache import cache

import pytest
from aiosmtpd.controller import Controller

from alerts.models import AlertsPage
from forms.spam import start_token
from home.models import HomePage


class Sink:
    """Keeps every message the SMTP server accepts, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    """Mail goes by SMTP to a server started for the test, as it would in production."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    controller.stop()


@pytest.fixture
def alerts_page(home_page):
    page = AlertsPage(title="Powiadomienia", slug="powiadomienia", intro="<p>Zapisz się na powiadomienia.</p>")
    HomePage.objects.get(pk=home_page.pk).add_child(instance=page)
    return page


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def signup_data(address, **choices):
    return {
        "email": address,
        "privacy_consent": "on",
        "form_started": start_token(at=time.time() - 60),
        **choices,
    }


def text_of(message):
    if hasattr(message, "body"):  # Django's EmailMessage, from mail.outbox
        return message.body
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def links(message):
    return re.findall(r"https?://\S+", text_of(message))


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def link_to(message, fragment):
    return next(path_of(url) for url in links(message) if fragment in url)
