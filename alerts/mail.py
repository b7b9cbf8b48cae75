"""The alerts' mails, from templates (plain text and accessible HTML), in the subscriber's language.

A mail carries only what the city wrote (consultation titles, leads and dates, the portal's
name) and links signed for its subscriber: never text a stranger typed, so an address typed in
by someone else gets a short note from the city and nothing of that person's choosing. Every
digest carries List-Unsubscribe with its https link and List-Unsubscribe-Post (RFC 8058), which
mail apps show as an unsubscribe button; one POST to the link ends the subscription.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from forms.mail import first_confirmation_this_hour

from . import tokens

logger = logging.getLogger(__name__)


def base_url(site):
    """The site's root URL for links in mail; https wherever the portal redirects to https (production),
    even if the Site record says port 80 because TLS ends at the proxy."""
    root = site.root_url
    if getattr(settings, "SECURE_SSL_REDIRECT", False) and root.startswith("http://"):
        root = "https://" + root.removeprefix("http://")
    return root


def link(base_url, view, token, language):
    """An absolute link to one of the token views, under /en/ for English subscribers."""
    with translation.override(language):
        return base_url.rstrip("/") + reverse(view, args=[token])


def _message(template, context, to, language, headers=None, connection=None):
    context = {**context, "language": language}
    with translation.override(language):
        subject = " ".join(render_to_string(f"alerts/mail/{template}_subject.txt", context).split())
        text = render_to_string(f"alerts/mail/{template}.txt", context)
        html = render_to_string(f"alerts/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}, connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation(subscriber, base_url, portal_name):
    """ "Confirm your address" for a new address; for a confirmed one, where to change the choices
    (the page said the same to whoever typed it: nobody learns who is subscribed)."""
    already = subscriber.confirmed_at is not None
    context = {
        "already": already,
        "portal_name": portal_name,
        "days": tokens.MAX_AGE[tokens.CONFIRM] // 86400,
        "confirm_url": link(
            base_url, "alerts:confirm", tokens.make(tokens.CONFIRM, subscriber.pk), subscriber.language
        ),
        "manage_url": link(base_url, "alerts:manage", tokens.make(tokens.MANAGE, subscriber.pk), subscriber.language)
        if already
        else "",
    }
    return _message("confirm", context, subscriber.email, subscriber.language)


def send_confirmation_after_commit(message):
    """At most one confirmation an hour per address, sent once the subscription is committed."""
    address = message.to[0]

    def send():
        if not first_confirmation_this_hour(address, scope="alerts"):
            logger.info("Alerts confirmation skipped: one went to this address within the hour")
            return
        try:
            message.send()
        except Exception:  # the subscription is stored; the resident can ask again in an hour
            logger.exception("Alerts confirmation could not be sent")

    transaction.on_commit(send)


def digest(subscriber, items, base_url, portal_name, connection=None):
    """One subscriber's mail of the day: the events in `items` [(event, consultation url)]."""
    unsubscribe_url = link(
        base_url, "alerts:unsubscribe", tokens.make(tokens.UNSUBSCRIBE, subscriber.pk), subscriber.language
    )
    context = {
        "portal_name": portal_name,
        "items": items,
        "unsubscribe_url": unsubscribe_url,
        "manage_url": link(base_url, "alerts:manage", tokens.make(tokens.MANAGE, subscriber.pk), subscriber.language),
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    return _message("digest", context, subscriber.email, subscriber.language, headers, connection)
