"""Subscribers and what they were sent.

A subscriber is an e-mail address, its choices (every consultation, or topics and districts), the
interface language it signed up in, when consent was given and when the address was confirmed;
nothing else. An address that is not confirmed within CONFIRMATION_DAYS is deleted.

An event is a consultation published as planned, opened, or with its results published, derived
from the consultation's dates (alerts/sending.py). A mailing is the one digest a subscriber gets on
a day, and a delivery the record that an event went out in it: unique per (subscriber, day) and per
(subscriber, event), so however runs of send_alerts overlap or stop halfway, no subscriber gets two
mails a day or one event twice.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CONFIRMATION_DAYS = 7


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_expired(self, now=None):
        now = now or timezone.now()
        return self.filter(
            confirmed_at__isnull=True, consented_at__lt=now - datetime.timedelta(days=CONFIRMATION_DAYS)
        )


class Subscriber(models.Model):
    """One address that asked for e-mail alerts."""

    email = models.EmailField(unique=True, verbose_name=_("Adres e-mail"))
    all_consultations = models.BooleanField(default=False, verbose_name=_("Wszystkie konsultacje"))
    topics = models.ManyToManyField("consultation.Topic", blank=True, related_name="+", verbose_name=_("Tematy"))
    districts = models.ManyToManyField(
        "consultation.District", blank=True, related_name="+", verbose_name=_("Dzielnice")
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="pl", verbose_name=_("Język"))
    consented_at = models.DateTimeField(verbose_name=_("Zgoda wyrażona"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Adres potwierdzony"))

    objects = SubscriberQuerySet.as_manager()
    # Nothing a visitor sees changes with a subscription (portal/page_cache.py reads this).
    affects_public_pages = False

    class Meta:
        verbose_name = _("subskrybent powiadomień")
        verbose_name_plural = _("subskrybenci powiadomień")

    def __str__(self):
        return self.email

    @staticmethod
    def normalise(email):
        return email.strip().lower()


class EventKind(models.TextChoices):
    PLANNED = "planned", _("Zapowiedziane konsultacje")
    OPENED = "opened", _("Konsultacje rozpoczęte")
    RESULTS = "results", _("Wyniki konsultacji opublikowane")


class Event(models.Model):
    """Something subscribers are told about, found by send_alerts in the consultations' dates."""

    consultation = models.ForeignKey("consultation.ConsultationPage", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    day = models.DateField(help_text=_("Dzień, w którym to się stało (czas polski)."))

    affects_public_pages = False

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "kind"], name="alerts_one_event_per_kind")]
        indexes = [models.Index(fields=["day"], name="alerts_event_day_idx")]

    def __str__(self):
        return f"{self.kind} {self.consultation_id} {self.day}"


class Mailing(models.Model):
    """The one digest a subscriber gets on a day; claimed before it is sent, `sent_at` once sent."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    affects_public_pages = False

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "day"], name="alerts_one_mail_a_day")]

    def __str__(self):
        return f"{self.subscriber_id} {self.day}"


class Delivery(models.Model):
    """An event claimed for (and then sent in) one subscriber's mailing."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")

    affects_public_pages = False

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "event"], name="alerts_each_event_once")]

    def __str__(self):
        return f"{self.subscriber_id} {self.event_id}"
