"""What the calendar page shows, read in a constant number of queries: the month (weeks of days
with their entries, the consultations running in it) and the upcoming dates. Every date comes
from consultation.occurrences; the markup is written by the calendar's templates.

A day's entries are the consultations starting on it and ending on it (occurrences.Milestone)
and the meeting dates beginning on it (occurrences.Occurrence, cancelled ones marked); a
meeting's `page` is its consultation, a ConsultationPage read with `.only()`, one object per
consultation, with its `link` (page.get_url(request), worked out once per consultation: a month
links each consultation dozens of times), and a meeting's `link` is that of its section on the
consultation's page.
"""

import calendar as stdlib_calendar
import datetime
import functools
import operator
from dataclasses import dataclass, field

from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.dates import MONTHS_ALT, WEEKDAYS

from .models.meetings import Meeting
from .occurrences import (
    UPCOMING_DAYS,
    Milestone,
    dates_beginning,
    day_start,
    localize,
    upcoming_dates,
)

GRID_DAY_LIMIT = 3  # entries a cell of the month grid shows; the rest are counted
AGENDA_DAY_LIMIT = 10  # entries a day of the month's list shows; the day's own view has all
PERIODS_LIMIT = 12  # running consultations listed under the month; the register has all
UPCOMING_LIMIT = 8  # dates in the calendar's upcoming list
# What the calendar and the feeds show of a consultation (and what Page.get_url and get_parent read).
CONSULTATION_FIELDS = ("title", "url_path", "path", "depth", "start_date", "end_date", "lead", "last_published_at")


def month_window(first):
    """The month of `first` as [start, end) aware datetimes, and its last day."""
    last = first.replace(day=stdlib_calendar.monthrange(first.year, first.month)[1])
    return localize(day_start(first)), localize(day_start(last + datetime.timedelta(days=1))), last


def meetings_of(consultations, start=None, end=None):
    """The meetings of these consultations that can have a date in [start, end), by start, in one
    query; the caller attaches their consultations (one object per consultation, see
    read_calendar)."""
    meetings = Meeting.objects.filter(page__in=consultations.order_by().values("pk")).overlapping(start, end)
    return list(meetings.listed().order_by("start", "pk"))


def next_meetings_of(consultations, now, horizon, limit):
    """The meetings of these consultations that can be among the next `limit` dates from `now`
    (upcoming_dates), by start, with their consultations' `url_path` (what `pageurl` reads), in
    one query: every recurring meeting of the window and, of the one-off ones, only the soonest.

    A one-off meeting is listed while it is not over by the wall clock (occurrences.upcoming).
    Those ending over two hours from now are surely listed, those that ended over two hours
    ago surely not (summer time moves the wall clock by one hour), so the `limit`-th start
    among the first bounds the starts worth reading; ties on that start are all read, and the
    list is cut in Python as before."""
    if limit < 1:
        return []
    meetings = Meeting.objects.filter(page__in=consultations.order_by().values("pk")).overlapping(now, horizon)
    one_off = Q(recurrence__isnull=True) | Q(recurrence="")
    margin = datetime.timedelta(hours=2)
    bound = meetings.filter(one_off, end__gt=now + margin).order_by("start").values("start")[limit - 1 : limit]
    soonest = Q(end__gt=now - margin, start__lte=Coalesce(Subquery(bound), Value(horizon)))
    meetings = meetings.filter(~one_off | soonest).select_related("page")
    return list(meetings.listed("page__url_path").order_by("start", "pk"))


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    entries: list = field(default_factory=list)
    # A day of the month as its templates show it, worked out by build_month: "2026-12-01"
    # (the `date` filter's "Y-m-d"), "1 grudnia" ("j E") and "Wtorek, 1 grudnia" ("l, j E").
    iso: str = ""
    label: str = ""
    heading: str = ""

    @property
    def count(self):
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
        return len(self.entries) > AGENDA_DAY_LIMIT


@dataclass
class Month:
    first: datetime.date
    weeks: list
    periods: list  # the consultations running in the month
    is_current: bool

    @property
    def last(self):
        return month_window(self.first)[2]

    @property
    def previous(self):
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self):
        return self.last + datetime.timedelta(days=1)

    @property
    def days_with_entries(self):
        return [day for week in self.weeks for day in week if day.in_month and day.entries]

    def day(self, date):
        return next((day for week in self.weeks for day in week if day.in_month and day.date == date), None)

    @property
    def periods_shown(self):
        return self.periods[:PERIODS_LIMIT]

    @property
    def periods_more(self):
        return max(0, len(self.periods) - PERIODS_LIMIT)


def build_month(first, consultations, meetings, today):
    """The month grid: Monday-first weeks; each day of the month lists the consultations that
    start on it, the meeting dates that begin on it (cancelled ones marked) and the
    consultations that end on it. `consultations`: those running in the month."""
    start, end, last = month_window(first)
    dates = []
    for meeting in meetings:
        dates.extend(dates_beginning(meeting, start, end))
    dates.sort(key=lambda occurrence: occurrence.sort_key)
    periods = sorted(consultations, key=lambda c: (c.start_date, c.end_date, c.title))
    days = {}
    weeks = []
    # The names the `date` filter's "E" and "l" give, read once for the month, not once a day.
    month_name = str(MONTHS_ALT[first.month])
    weekday_names = [str(WEEKDAYS[number]) for number in range(7)]
    for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        row = []
        for date in week:
            if date.month == first.month:
                label = f"{date.day} {month_name}"
                day = Day(
                    date, True, date == today, [], date.isoformat(), label, f"{weekday_names[date.weekday()]}, {label}"
                )
                days[date] = day
            else:
                day = Day(date, False, date == today)
            row.append(day)
        weeks.append(row)
    for consultation in periods:
        if consultation.start_date in days:
            days[consultation.start_date].entries.append(Milestone("start", consultation))
    for occurrence in dates:
        days[occurrence.date].entries.append(occurrence)
    for consultation in periods:
        if consultation.end_date in days:
            days[consultation.end_date].entries.append(Milestone("end", consultation))
    return Month(first=first, weeks=weeks, periods=periods, is_current=first <= today <= last)


def read_calendar(consultations, first, now, request):
    """The month of `first` (a Month) and the upcoming dates from `now`, from these consultations
    (a queryset): two queries, whatever their number and their meetings'."""
    today = now.date()
    month_start, month_end, last = month_window(first)
    horizon_day = today + datetime.timedelta(days=UPCOMING_DAYS)
    horizon = localize(day_start(horizon_day))
    running = Q(start_date__lte=last, end_date__gte=first)
    soon = Q(start_date__gte=today, start_date__lt=horizon_day) | Q(end_date__gte=today, end_date__lt=horizon_day)
    # One query for the meetings of both windows (they overlap for the current month).
    meetings = meetings_of(consultations, min(month_start, now), max(month_end, horizon))
    page_ids = {meeting.page_id for meeting in meetings}
    condition = functools.reduce(operator.or_, [running, soon] + ([Q(pk__in=page_ids)] if page_ids else []))
    pages = {page.pk: page for page in consultations.filter(condition).only(*CONSULTATION_FIELDS)}
    for page in pages.values():
        page.link = page.get_url(request)
    for meeting in meetings:
        meeting.page = pages[meeting.page_id]
        # Where each of its dates links (the month shows a weekly meeting's link every week).
        meeting.link = f"{meeting.page.link}#spotkanie-{meeting.pk}"
    in_month = [m for m in meetings if m.start < month_end and (m.last_end is None or m.last_end > month_start)]
    coming = [m for m in meetings if m.start < horizon and (m.last_end is None or m.last_end > now)]
    month = build_month(
        first, [c for c in pages.values() if c.start_date <= last and c.end_date >= first], in_month, today
    )
    milestones = sorted(
        (c for c in pages.values() if today <= c.start_date < horizon_day or today <= c.end_date < horizon_day),
        key=lambda c: (c.start_date, c.title, c.pk),
    )
    return month, upcoming_dates(milestones, coming, now, UPCOMING_LIMIT)
