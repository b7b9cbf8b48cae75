"""Factories for meetings and the calendar page (the consultation ones live in tests.factories)."""

import datetime

import factory
import recurrence
import wagtail_factories

from consultation.models import CalendarPage, Meeting, MeetingKind
from consultation.occurrences import WARSAW


def warsaw(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WARSAW)


def weekly(count=None, until=None, byday=None, exdates=(), rdates=()):
    """A weekly rule as the admin widget stores it (dates of exceptions at midnight)."""
    rule = recurrence.Rule(recurrence.WEEKLY, count=count, until=until, byday=byday)
    return recurrence.Recurrence(rrules=[rule], exdates=list(exdates), rdates=list(rdates))


class CalendarPageFactory(wagtail_factories.PageFactory):
    title = "Kalendarz"
    slug = "kalendarz"

    class Meta:
        model = CalendarPage


class MeetingFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Spotkanie {n}")
    kind = MeetingKind.OPEN
    start = warsaw(2026, 11, 10, 17)
    end = factory.LazyAttribute(lambda meeting: meeting.start + datetime.timedelta(hours=2))
    place_name = "Sala Sesyjna Urzędu Miejskiego"
    address = "ul. 11 Listopada 20, Będzin"

    class Meta:
        model = Meeting


def utc_midnight_before(day):
    """How the admin widget stores a picked date: the editor's (Warsaw) midnight, in UTC."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=WARSAW).astimezone(datetime.UTC)


def year_of_meetings(consultation, other):
    """Meetings between July 2026 and June 2027 touching every edge case, on two consultations."""
    return [
        # Weekly across the October change, one cancelled date, one extra Saturday.
        MeetingFactory(
            page=consultation,
            title="Punkt konsultacyjny",
            kind="duty",
            start=warsaw(2026, 10, 6, 17),
            end=warsaw(2026, 10, 6, 19),
            recurrence=weekly(
                until=utc_midnight_before(datetime.date(2026, 11, 24)),
                exdates=[utc_midnight_before(datetime.date(2026, 10, 27))],
                rdates=[utc_midnight_before(datetime.date(2026, 11, 7))],
            ),
        ),
        # Weekly across the March change, counted.
        MeetingFactory(
            page=consultation,
            title="Dyżur wiosenny",
            kind="duty",
            start=warsaw(2027, 3, 16, 9, 30),
            end=warsaw(2027, 3, 16, 11),
            recurrence=weekly(count=4),
        ),
        # Spanning midnight.
        MeetingFactory(
            page=consultation,
            title="Noc w bibliotece",
            start=warsaw(2026, 12, 12, 22),
            end=warsaw(2026, 12, 13, 2),
        ),
        MeetingFactory(
            page=other,
            title="Spotkanie online",
            kind="online",
            start=warsaw(2026, 9, 15, 18),
            end=warsaw(2026, 9, 15, 19, 30),
            online_url="https://spotkania.bedzin.pl/a",
        ),
    ]
