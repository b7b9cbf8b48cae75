"""What send_alerts does: find the events in the consultations' dates, and mail each subscriber a
digest of the events that match their choices, at most once a day and each event at most once.

Events come from live, public consultations only (drafts, private and unpublished ones never
make one, and one unpublished after its event is left out of the mail):
- planned: a consultation that is published and has not started (the day it is first seen);
- opened: an ongoing one (its start date);
- results: one whose results are published (their date).
Events older than FRESH_DAYS are no news and are never mailed; a subscriber hears only of events
from the day of their confirmation on.

At most once, however runs overlap or die: each subscriber's mail of the day is claimed before
it is sent, in one transaction per batch, as a Mailing row unique per (subscriber, day) and
Delivery rows unique per (subscriber, event); on PostgreSQL the batch's subscribers are locked
with SELECT ... FOR UPDATE SKIP LOCKED, so a second run passes over them instead of waiting. A
run killed after a claim and before the send loses that batch's mails (never sends them twice);
a send the mail server refused before taking the message is released for the next run.
"""

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from consultation.models import ConsultationPage, Status
from consultation.models.status import warsaw_today
from home.models import PortalSettings

from . import mail
from .models.page import AlertsPage
from .models.subscriptions import Delivery, Event, EventKind, Mailing, Subscriber

logger = logging.getLogger(__name__)

FRESH_DAYS = 7
BATCH = 200


@dataclass
class Report:
    events_found: int = 0
    unconfirmed_deleted: int = 0
    mails_sent: int = 0
    mails_failed: int = 0
    skipped_today: int = 0


def record_events(today):
    """Create the events the consultations' dates say happened (each once, by its unique key)."""
    live = ConsultationPage.objects.live().public()
    fresh_from = today - datetime.timedelta(days=FRESH_DAYS)
    rows = [
        Event(consultation_id=pk, kind=EventKind.PLANNED, day=today)
        for pk in live.planned(today).values_list("pk", flat=True)
    ]
    rows += [
        Event(consultation_id=pk, kind=EventKind.OPENED, day=start)
        for pk, start in live.ongoing(today).filter(start_date__gt=fresh_from).values_list("pk", "start_date")
    ]
    rows += [
        Event(consultation_id=pk, kind=EventKind.RESULTS, day=published)
        for pk, published in live.with_status_in([Status.RESULTS], today)
        .filter(results_published_on__gt=fresh_from)
        .values_list("pk", "results_published_on")
    ]
    Event.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def fresh_events(today):
    """The events still worth a mail, with their live public consultations and their taxonomy."""
    live = ConsultationPage.objects.live().public()
    events = list(
        Event.objects.filter(day__gt=today - datetime.timedelta(days=FRESH_DAYS), consultation__in=live).order_by(
            "day", "kind", "consultation_id"
        )
    )
    consultations = {
        page.pk: page
        for page in ConsultationPage.objects.filter(pk__in={event.consultation_id for event in events})
        .only("title", "lead", "start_date", "end_date", "results_published_on", "url_path", "path", "depth")
        .prefetch_related("topics", "districts")
    }
    for event in events:
        event.page = consultations[event.consultation_id]
        event.topic_ids = {topic.pk for topic in event.page.topics.all()}
        event.district_ids = {district.pk for district in event.page.districts.all()}
        event.whole_city = any(district.is_whole_city for district in event.page.districts.all())
    return events


def _matches(subscriber, event):
    if subscriber["all"]:
        return True
    if subscriber["topics"] & event.topic_ids:
        return True
    # A consultation about the whole city concerns every district.
    return bool(subscriber["districts"]) and (event.whole_city or bool(subscriber["districts"] & event.district_ids))


def pending_mail(events, today):
    """[(subscriber row, [events])] for every confirmed subscriber with news and no mail today."""
    if not events:
        return [], 0
    subscribers = {
        row["pk"]: {
            "pk": row["pk"],
            "email": row["email"],
            "language": row["language"],
            "all": row["all_consultations"],
            "since": timezone.localdate(row["confirmed_at"]),
            "topics": set(),
            "districts": set(),
        }
        for row in Subscriber.objects.confirmed().values(
            "pk", "email", "language", "all_consultations", "confirmed_at"
        )
    }
    for subscriber_id, topic_id in Subscriber.topics.through.objects.values_list("subscriber_id", "topic_id"):
        if subscriber_id in subscribers:
            subscribers[subscriber_id]["topics"].add(topic_id)
    for subscriber_id, district_id in Subscriber.districts.through.objects.values_list("subscriber_id", "district_id"):
        if subscriber_id in subscribers:
            subscribers[subscriber_id]["districts"].add(district_id)
    delivered = defaultdict(set)
    for subscriber_id, event_id in Delivery.objects.filter(event__in=events).values_list("subscriber_id", "event_id"):
        delivered[subscriber_id].add(event_id)
    mailed_today = set(Mailing.objects.filter(day=today).values_list("subscriber_id", flat=True))
    pending, skipped = [], 0
    for subscriber in subscribers.values():
        news = [
            event
            for event in events
            if event.day >= subscriber["since"]
            and event.pk not in delivered[subscriber["pk"]]
            and _matches(subscriber, event)
        ]
        if not news:
            continue
        if subscriber["pk"] in mailed_today:
            skipped += 1  # tomorrow's digest
            continue
        pending.append((subscriber, news))
    return pending, skipped


def claim(batch, today):
    """Claim the batch's mails in one transaction; [(subscriber, mailing, events)] this run owns."""
    claimed = []
    with transaction.atomic():
        still_there = Subscriber.objects.confirmed().filter(pk__in=[subscriber["pk"] for subscriber, _news in batch])
        if connection.features.has_select_for_update_skip_locked:
            still_there = still_there.select_for_update(skip_locked=True)
        present = set(still_there.values_list("pk", flat=True))
        for subscriber, news in batch:
            if subscriber["pk"] not in present:
                continue  # unsubscribed meanwhile, or another run holds it
            try:
                with transaction.atomic():
                    mailing = Mailing.objects.create(subscriber_id=subscriber["pk"], day=today)
                    Delivery.objects.bulk_create(
                        [Delivery(mailing=mailing, subscriber_id=subscriber["pk"], event=event) for event in news]
                    )
            except IntegrityError:
                continue  # another run mailed this subscriber today, or one of these events
            claimed.append((subscriber, mailing, news))
    return claimed


def page_url(page, language):
    """A consultation's address in the subscriber's language. Worked out for each mail: about
    20 µs a link (Wagtail keeps the site's root paths on the page object), 1-2 s of CPU for
    20,000 mails, so nothing is kept between mails."""
    with translation.override(language):
        return page.get_full_url()


def send_batch(claimed, base_url, portal_name, smtp, report):
    sent, released = [], []
    for position, (subscriber, mailing, news) in enumerate(claimed):
        recipient = Subscriber(pk=subscriber["pk"], email=subscriber["email"], language=subscriber["language"])
        items = [(event, page_url(event.page, subscriber["language"])) for event in news]
        message = mail.digest(recipient, items, base_url, portal_name, connection=smtp)
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused:
            logger.warning("Alert refused by the mail server for subscriber %s", subscriber["pk"])
            report.mails_failed += 1
        except (smtplib.SMTPException, OSError):
            # The server did not take it (nor, most likely, those after it): the rest of the
            # batch is released for the next run, and this run stops.
            released += [later.pk for _subscriber, later, _news in claimed[position:]]
            Mailing.objects.filter(pk__in=released).delete()
            Mailing.objects.filter(pk__in=sent).update(sent_at=timezone.now())
            raise
        else:
            sent.append(mailing.pk)
    Mailing.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    report.mails_sent += len(sent)


def send_alerts(today=None, batch_size=BATCH):
    """One run of the command; returns a Report."""
    today = today or warsaw_today()
    report = Report()
    _total, deleted = Subscriber.objects.unconfirmed_expired().delete()
    report.unconfirmed_deleted = deleted.get(Subscriber._meta.label, 0)
    page = AlertsPage.objects.live().public().first()
    if page is None:
        return report  # alerts are off until an editor publishes the sign-up page
    report.events_found = record_events(today)
    events = fresh_events(today)
    pending, report.skipped_today = pending_mail(events, today)
    if not pending:
        return report
    site = page.get_site()
    portal_name = PortalSettings.for_site(site).portal_name
    smtp = get_connection()
    smtp.open()
    try:
        for start in range(0, len(pending), batch_size):
            claimed = claim(pending[start : start + batch_size], today)
            send_batch(claimed, mail.base_url(site), portal_name, smtp, report)
    finally:
        smtp.close()
    return report
