"""The one place where meeting occurrences are computed.

The calendar page, a consultation's "next dates", the home page and the iCal feeds all read
occurrences from here, so what a resident's calendar app computes from a feed is what the
portal shows.

Rules are expanded in Europe/Warsaw wall-clock time, as RFC 5545 does for a DTSTART with a
TZID: a weekly 17:00 meeting stays at 17:00 across the change to and from summer time.
django-recurrence stores every date as UTC and its widget stores exception and extra dates as
the editor's local midnight, so `schedule_of` reads them by their Warsaw calendar date and puts
them at the meeting's own time (the same values the feeds write as EXDATE and RDATE).
"""

import calendar as stdlib_calendar
import datetime
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

import dateutil.rrule

WARSAW = ZoneInfo("Europe/Warsaw")
END_OF_DAY = datetime.time(23, 59, 59)
UPCOMING_DAYS = 92


def to_local(value):
    """An aware datetime (or a naive one in Warsaw time) as naive Warsaw wall-clock time."""
    if timezone.is_aware(value):
        value = value.astimezone(WARSAW)
    return value.replace(tzinfo=None)


def localize(naive):
    return naive.replace(tzinfo=WARSAW)


def local_now():
    return timezone.now().astimezone(WARSAW)


@dataclass(frozen=True)
class Schedule:
    """A meeting's dates in Warsaw wall-clock time, with every rule bounded the way the feeds write it."""

    start: datetime.datetime
    duration: datetime.timedelta
    rrules: tuple = ()
    rdates: tuple = ()
    exdates: tuple = ()

    @property
    def is_recurring(self):
        return bool(self.rrules or self.rdates)

    def rruleset(self):
        rules = dateutil.rrule.rruleset()
        # RFC 5545: DTSTART is always the first occurrence, whatever the rule says.
        rules.rdate(self.start)
        for rule, until in self.rrules:
            rules.rrule(
                dateutil.rrule.rrule(
                    rule.freq,
                    dtstart=self.start,
                    interval=rule.interval,
                    wkst=rule.wkst,
                    count=rule.count,
                    until=None if rule.count is not None else until,
                    bysetpos=rule.bysetpos or None,
                    bymonth=rule.bymonth or None,
                    bymonthday=rule.bymonthday or None,
                    byyearday=rule.byyearday or None,
                    byweekno=rule.byweekno or None,
                    byweekday=rule.byday or None,
                    byhour=rule.byhour or None,
                    byminute=rule.byminute or None,
                    bysecond=rule.bysecond or None,
                )
            )
        for rdate in self.rdates:
            rules.rdate(rdate)
        for exdate in self.exdates:
            rules.exdate(exdate)
        return rules


def _on_meeting_time(value, start):
    """A widget date (local midnight, stored as UTC) moved to the meeting's wall-clock time."""
    return datetime.datetime.combine(to_local(value).date(), start.time())


def schedule_of(meeting):
    """The meeting's Schedule, worked out once per loaded meeting (a page may ask several times)."""
    key = (meeting.start, meeting.end, str(meeting.recurrence) if meeting.recurrence else None)
    cached = meeting.__dict__.get("_schedule")
    if cached is None or cached[0] != key:
        cached = (key, _build_schedule(meeting))
        meeting.__dict__["_schedule"] = cached
    return cached[1]


def _build_schedule(meeting):
    start = to_local(meeting.start)
    duration = to_local(meeting.end) - start
    recurrence = meeting.recurrence
    if not recurrence:
        return Schedule(start=start, duration=duration)
    # "Until" is a calendar day for editors: the meeting on that day still takes place.
    rrules = tuple(
        (rule, datetime.datetime.combine(to_local(rule.until).date(), END_OF_DAY) if rule.until else None)
        for rule in recurrence.rrules
    )
    return Schedule(
        start=start,
        duration=duration,
        rrules=rrules,
        rdates=tuple(sorted({_on_meeting_time(value, start) for value in recurrence.rdates})),
        exdates=tuple(sorted({_on_meeting_time(value, start) for value in recurrence.exdates})),
    )


def count_occurrences(meeting, limit):
    """How many times the meeting takes place, counting no further than `limit`."""
    return sum(1 for _ in itertools.islice(schedule_of(meeting).rruleset(), limit))


def series_end(meeting):
    """When the last occurrence ends (aware), or None for a rule that never ends."""
    schedule = schedule_of(meeting)
    if any(rule.count is None and until is None for rule, until in schedule.rrules):
        return None
    last = None
    for last in schedule.rruleset():  # noqa: B007 - only the last one is wanted
        pass
    return localize(last + schedule.duration)


@dataclass(frozen=True)
class Occurrence:
    """One date of a meeting."""

    meeting: object
    start: datetime.datetime
    end: datetime.datetime

    @property
    def title(self):
        return self.meeting.title

    @property
    def consultation(self):
        return self.meeting.page

    @property
    def date(self):
        return self.start.date()

    @property
    def ends_another_day(self):
        return (self.end - datetime.timedelta(microseconds=1)).date() != self.start.date()

    @property
    def sort_key(self):
        return (self.start, self.end, self.meeting.title, self.meeting.pk or 0)


@dataclass(frozen=True)
class Period:
    """The days a consultation takes opinions (all-day, end inclusive)."""

    consultation: object
    start: datetime.date
    end: datetime.date

    @property
    def title(self):
        return self.consultation.title

    @property
    def end_exclusive(self):
        return self.end + datetime.timedelta(days=1)


def meeting_occurrences(meeting, start, end):
    """Occurrences of one meeting overlapping [start, end); both aware or naive Warsaw datetimes."""
    schedule = schedule_of(meeting)
    window_start, window_end = to_local(start), to_local(end)
    # An occurrence that began before the window but is still running belongs to it.
    after = window_start - schedule.duration
    return [
        Occurrence(meeting=meeting, start=localize(begin), end=localize(begin + schedule.duration))
        for begin in schedule.rruleset().between(after, window_end)
    ]


def day_start(day):
    return datetime.datetime.combine(day, datetime.time())


def occurrences_between(meetings, start, end):
    """Every occurrence of these meetings overlapping [start, end), in date order."""
    found = itertools.chain.from_iterable(meeting_occurrences(meeting, start, end) for meeting in meetings)
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


def periods_between(consultations, first_day, last_day):
    """Consultation periods overlapping the days first_day..last_day (inclusive)."""
    return [
        Period(consultation=consultation, start=consultation.start_date, end=consultation.end_date)
        for consultation in consultations
        if consultation.start_date <= last_day and consultation.end_date >= first_day
    ]


def meetings_for(consultations, start=None, end=None):
    """The meetings of these consultations (a queryset), in one query, with their page.

    With a window (aware datetimes), only meetings that can have an occurrence in it are loaded.
    """
    from consultation.models import Meeting

    meetings = Meeting.objects.filter(page__in=consultations.order_by().values("pk")).select_related("page")
    if start is not None and end is not None:
        meetings = meetings.filter(start__lt=end).filter(Q(last_end__isnull=True) | Q(last_end__gt=start))
    return meetings.order_by("start", "pk")


# Month grid ------------------------------------------------------------------------------


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    starts: list = field(default_factory=list)
    ends: list = field(default_factory=list)
    occurrences: list = field(default_factory=list)

    @property
    def has_entries(self):
        return bool(self.starts or self.ends or self.occurrences)

    @property
    def entry_count(self):
        return len(self.starts) + len(self.ends) + len(self.occurrences)


@dataclass
class Month:
    first: datetime.date
    weeks: list
    periods: list
    occurrences: list

    @property
    def last(self):
        return self.first.replace(day=stdlib_calendar.monthrange(self.first.year, self.first.month)[1])

    @property
    def previous(self):
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self):
        return self.last + datetime.timedelta(days=1)

    @property
    def days_with_entries(self):
        return [day for week in self.weeks for day in week if day.in_month and day.has_entries]


def month_window(first):
    last = first.replace(day=stdlib_calendar.monthrange(first.year, first.month)[1])
    return localize(day_start(first)), localize(day_start(last + datetime.timedelta(days=1)))


def build_month(first, consultations, meetings, today):
    """The month grid: Monday-first weeks; each day of the month lists the consultations that
    start or end on it and the meeting occurrences that begin on it."""
    start, end = month_window(first)
    last = first.replace(day=stdlib_calendar.monthrange(first.year, first.month)[1])
    occurrences = [o for o in occurrences_between(meetings, start, end) if first <= o.date <= last]
    periods = sorted(periods_between(consultations, first, last), key=lambda p: (p.start, p.end, p.title))
    days = {}
    weeks = []
    for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        row = []
        for date in week:
            day = Day(date=date, in_month=date.month == first.month, is_today=date == today)
            if day.in_month:
                days[date] = day
            row.append(day)
        weeks.append(row)
    for period in periods:
        if period.start in days:
            days[period.start].starts.append(period)
        if period.end in days:
            days[period.end].ends.append(period)
    for occurrence in occurrences:
        days[occurrence.date].occurrences.append(occurrence)
    return Month(first=first, weeks=weeks, periods=periods, occurrences=occurrences)


@dataclass(frozen=True)
class UpcomingDate:
    """One line of an "upcoming dates" list: a meeting, or a consultation starting or ending."""

    kind: str  # "meeting", "start" or "end"
    date: datetime.date
    consultation: object
    occurrence: Occurrence = None

    @property
    def title(self):
        return self.occurrence.title if self.occurrence else self.consultation.title


def upcoming_dates(consultations, meetings, now, limit, days=UPCOMING_DAYS, include_periods=True):
    """The next `limit` dates from now: meeting occurrences not yet over and, optionally,
    consultations starting or ending from today on."""
    today = to_local(now).date()
    horizon = today + datetime.timedelta(days=days)
    # Only the first `limit` dates of each meeting can make the list.
    entries = [
        UpcomingDate(kind="meeting", date=o.date, consultation=o.consultation, occurrence=o)
        for meeting in meetings
        for o in next_occurrences(meeting, now, limit)
        if o.date < horizon
    ]
    if include_periods:
        for consultation in consultations:
            if today <= consultation.start_date < horizon:
                entries.append(UpcomingDate(kind="start", date=consultation.start_date, consultation=consultation))
            if today <= consultation.end_date < horizon:
                entries.append(UpcomingDate(kind="end", date=consultation.end_date, consultation=consultation))

    def order(entry):
        moment = entry.occurrence.start if entry.occurrence else localize(day_start(entry.date))
        return (moment, entry.title)

    return sorted(entries, key=order)[:limit]


def next_occurrences(meeting, now, limit):
    """The next dates of one meeting that are not over yet."""
    schedule = schedule_of(meeting)
    after = to_local(now) - schedule.duration
    found = []
    for begin in schedule.rruleset().xafter(after, inc=False):
        found.append(Occurrence(meeting=meeting, start=localize(begin), end=localize(begin + schedule.duration)))
        if len(found) >= limit:
            break
    return found
