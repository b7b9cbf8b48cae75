"""What the calendar page and the home page show, built from the occurrence service.

The page keeps what it shows as plain values (titles, URLs, dates), not model instances, so a
month can be cached for a content generation and rendered without touching the database.
"""

import calendar as stdlib_calendar
import datetime
import itertools
from dataclasses import dataclass, field

from .occurrences import (
    UPCOMING_DAYS,
    Occurrence,
    day_start,
    localize,
    meeting_cancellations,
    meeting_occurrences,
    next_dates,
    to_local,
)

GRID_DAY_LIMIT = 3  # entries a cell of the month grid shows; the rest are counted
AGENDA_DAY_LIMIT = 10  # entries a day of the month's list shows; the day's own view has all
PERIODS_LIMIT = 12  # running consultations listed under the month; the register has all


@dataclass(frozen=True)
class Entry:
    """One line on the calendar: a consultation starting or ending, or a meeting date."""

    kind: str  # "start", "end" or "meeting"
    date: datetime.date
    title: str
    url: str
    start: datetime.datetime = None  # meetings: aware start and end
    end: datetime.datetime = None
    meeting_id: int = None
    meeting_kind: str = ""
    meeting_kind_label: str = ""
    place: str = ""
    cancelled: bool = False

    @property
    def is_meeting(self):
        return self.kind == "meeting"

    @property
    def ends_another_day(self):
        return self.end is not None and (self.end - datetime.timedelta(microseconds=1)).date() != self.start.date()


@dataclass(frozen=True)
class PeriodEntry:
    title: str
    url: str
    start: datetime.date
    end: datetime.date


def _kind_label(kind):
    # get_kind_display() rebuilds the choices on every call: a month has hundreds of entries.
    from consultation.models import MeetingKind

    try:
        return str(MeetingKind(kind).label)
    except ValueError:
        return kind


def entry_of_occurrence(occurrence, url):
    meeting = occurrence.meeting
    return Entry(
        kind="meeting",
        date=occurrence.date,
        title=meeting.title,
        url=f"{url}#spotkanie-{meeting.pk}",
        start=occurrence.start,
        end=occurrence.end,
        meeting_id=meeting.pk,
        meeting_kind=meeting.kind,
        meeting_kind_label=_kind_label(meeting.kind),
        place=meeting.place_name,
        cancelled=occurrence.cancelled,
    )


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    entries: list = field(default_factory=list)

    @property
    def has_entries(self):
        return bool(self.entries)

    @property
    def entry_count(self):
        return len(self.entries)

    @property
    def grid_entries(self):
        return self.entries[:GRID_DAY_LIMIT]

    @property
    def grid_more(self):
        return max(0, len(self.entries) - GRID_DAY_LIMIT)

    @property
    def agenda_entries(self):
        return self.entries[:AGENDA_DAY_LIMIT]

    @property
    def agenda_more(self):
        return max(0, len(self.entries) - AGENDA_DAY_LIMIT)


@dataclass
class Month:
    first: datetime.date
    weeks: list
    periods: list

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

    def day(self, date):
        return next((day for week in self.weeks for day in week if day.in_month and day.date == date), None)

    @property
    def periods_shown(self):
        return self.periods[:PERIODS_LIMIT]

    @property
    def periods_more(self):
        return max(0, len(self.periods) - PERIODS_LIMIT)


def month_window(first):
    last = first.replace(day=stdlib_calendar.monthrange(first.year, first.month)[1])
    return localize(day_start(first)), localize(day_start(last + datetime.timedelta(days=1)))


def build_month(first, consultations, meetings, today, url_of):
    """The month grid: Monday-first weeks; each day of the month lists the consultations that
    start on it, the meeting dates that begin on it (cancelled ones marked) and the
    consultations that end on it. `url_of(consultation)` gives the link of a consultation."""
    start, end = month_window(first)
    last = first.replace(day=stdlib_calendar.monthrange(first.year, first.month)[1])
    dates = itertools.chain.from_iterable(
        itertools.chain(meeting_occurrences(meeting, start, end), meeting_cancellations(meeting, start, end))
        for meeting in meetings
    )
    dates = sorted((o for o in dates if first <= o.date <= last), key=lambda o: o.sort_key)
    periods = sorted(
        (c for c in consultations if c.start_date <= last and c.end_date >= first),
        key=lambda c: (c.start_date, c.end_date, c.title),
    )
    urls = {consultation.pk: url_of(consultation) for consultation in periods}
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
    for c in periods:
        if c.start_date in days:
            days[c.start_date].entries.append(Entry("start", c.start_date, c.title, urls[c.pk]))
    for occurrence in dates:
        page = occurrence.meeting.page
        url = urls.get(page.pk) or url_of(page)
        days[occurrence.date].entries.append(entry_of_occurrence(occurrence, url))
    for c in periods:
        if c.end_date in days:
            days[c.end_date].entries.append(Entry("end", c.end_date, c.title, urls[c.pk]))
    return Month(
        first=first,
        weeks=weeks,
        periods=[PeriodEntry(c.title, urls[c.pk], c.start_date, c.end_date) for c in periods],
    )


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
    """The next `limit` dates from now: meeting dates not yet over (cancelled ones marked) and,
    optionally, consultations starting or ending from today on."""
    today = to_local(now).date()
    horizon = today + datetime.timedelta(days=days)
    # Only the first `limit` dates of each meeting can make the list.
    entries = [
        UpcomingDate(kind="meeting", date=o.date, consultation=o.consultation, occurrence=o)
        for meeting in meetings
        for o in next_dates(meeting, now, limit)
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


def upcoming_entries(consultations, meetings, now, limit, url_of):
    """`upcoming_dates` as calendar entries (plain values that can be cached)."""
    found = []
    for upcoming in upcoming_dates(consultations, meetings, now, limit):
        url = url_of(upcoming.consultation)
        if upcoming.occurrence:
            found.append(entry_of_occurrence(upcoming.occurrence, url))
        else:
            found.append(Entry(upcoming.kind, upcoming.date, upcoming.consultation.title, url))
    return found
