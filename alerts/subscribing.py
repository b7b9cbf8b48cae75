"""Signing up (double opt-in), confirming, changing the choices and leaving.

`subscribe` answers the same way whatever the address: a new or unconfirmed address gets its
choices stored and a confirmation link; a confirmed one keeps its choices and gets a note with
the link to change them. Either mail goes at most once an hour per address, after the request's
transaction commits.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from home.models import PortalSettings

from . import mail
from .models.subscriptions import Subscriber

LANGUAGES = {"pl", "en"}


def current_language():
    language = (translation.get_language() or "pl").split("-")[0]
    return language if language in LANGUAGES else "pl"


def set_choices(subscriber, choices):
    subscriber.all_consultations = choices["all_consultations"]
    subscriber.save(update_fields=["all_consultations"] if subscriber.pk else None)
    subscriber.topics.set(choices["topics"])
    subscriber.districts.set(choices["districts"])


def subscribe(alerts_page, email, choices, language=None):
    """Store an unconfirmed subscription (or refresh one) and mail the link; see the module."""
    email = Subscriber.normalise(email)
    language = language or current_language()
    now = timezone.now()
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, language=language, consented_at=now)
        except IntegrityError:  # the same address sent twice at once
            subscriber = Subscriber.objects.get(email=email)
    if subscriber.confirmed_at is None:
        subscriber.language = language
        subscriber.consented_at = now
        subscriber.save(update_fields=["language", "consented_at"])
        set_choices(subscriber, choices)
    site = alerts_page.get_site()
    message = mail.confirmation(subscriber, mail.base_url(site), PortalSettings.for_site(site).portal_name)
    mail.send_confirmation_after_commit(message)
    return subscriber


def confirm(subscriber):
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])


def survey_opt_in(alerts_page):
    """What the survey's "keep me informed" question calls (forms/opt_in.py): every consultation."""

    def subscribe_address(address):
        subscribe(alerts_page, address, {"all_consultations": True, "topics": [], "districts": []})

    return subscribe_address
