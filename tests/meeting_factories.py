"""Factories for meetings and the calendar page (the consultation ones live in tests.factories)."""

import datetime

import factory
import recurrence
import wagtail_factories

from consultation.calendar import WARSAW
from consultation.models import CalendarPage, Meeting, MeetingKind


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
