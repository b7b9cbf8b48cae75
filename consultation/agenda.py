"""What the calendar page and the home page show, built from the occurrence service: the month
grid (weeks of days with their entries, the consultations running in the month), each meeting's
entries in a month kept per process, consultations' links kept per process, and the upcoming
dates. The markup of all this is written by consultation.month_markup.

The page keeps what it shows as plain values (titles, URLs, dates), not model instances, so a
month can be cached for a content generation and rendered without touching the database.
"""

import calendar as stdlib_calendar
import datetime
import functools
import heapq
import itertools
import threading
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language

from .meeting_rows import MeetingRow
from .month_markup import entries_html, entry_html
from .occurrences import (
    UPCOMING_DAYS,
    Occurrence,
    day_start,
    localize,
    meeting_cancellations,
    meeting_occurrences,
    to_local,
    upcoming,
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
    # While a month is built: the consultation whose link `url` will be (see build_month).
    page: object = field(default=None, compare=False, repr=False)

    @property
    def is_meeting(self):
        return self.kind == "meeting"

    @property
    def ends_another_day(self):
        return self.end is not None and (self.end - datetime.timedelta(microseconds=1)).date() != self.start.date()

    def grid_html(self, language=None, zone=None):
        """The entry in a cell of the month grid (in the active language and time zone unless
        given: a month passes them once for all its entries)."""
        return entry_html(self, "grid", language or get_language(), zone or timezone.get_current_timezone_name())

    def agenda_html(self, language=None, zone=None):
        """The entry in a day's list and in a day's own view (see grid_html)."""
        return entry_html(self, "agenda", language or get_language(), zone or timezone.get_current_timezone_name())

    def when_html(self):
        """A meeting's date and times in the upcoming list (markup of
        consultation/includes/meeting_when.html, which other pages include; keep the two alike),
        kept per process like the entry's other markup."""
        return entry_html(self, "when", get_language(), timezone.get_current_timezone_name())


@dataclass(frozen=True)
class PeriodEntry:
    title: str
    url: str
    start: datetime.date
    end: datetime.date


def _kind_label(kind, language=None):
    return _kind_label_in(kind, language or get_language())


@functools.lru_cache(maxsize=64)
def _kind_label_in(kind, language):
    # get_kind_display() rebuilds the choices on every call: a month has hundreds of entries.
    from consultation.models import MeetingKind

    try:
        return str(MeetingKind(kind).label)
    except ValueError:
        return kind


def entry_of_occurrence(occurrence, url, page=None, language=None):
    """The occurrence as an entry; without `url` the entry keeps `page` to be linked later."""
    meeting = occurrence.meeting
    return Entry(
        kind="meeting",
        date=occurrence.date,
        title=meeting.title,
        url=f"{url}#spotkanie-{meeting.pk}" if url is not None else None,
        start=occurrence.start,
        end=occurrence.end,
        meeting_id=meeting.pk,
        meeting_kind=meeting.kind,
        meeting_kind_label=_kind_label(meeting.kind, language),
        place=meeting.place_name,
        cancelled=occurrence.cancelled,
        page=page,
    )


# Links of consultations by their url_path, kept per process (see page_url).
PAGE_URL_CACHE_SIZE = 8192
_page_urls = {}


def page_url(url_path, request, full=False):
    """The link a consultation page at `url_path` has for this request: what Page.get_url
    (Page.get_full_url with `full`) gives. That depends only on the url_path, the request's site,
    the sites' root paths and the active language (its prefix, /en/), so it is kept per process
    by those: a month or a feed links dozens of consultations after every change of content."""
    from wagtail.models import Site

    from consultation.models import ConsultationPage
    from home.routing import site_root_paths

    roots = getattr(request, "_wagtail_cached_site_root_paths", None) or site_root_paths()
    site = Site.find_for_request(request)
    key = (url_path, full, site.pk if site else None, tuple(roots), get_language())
    url = _page_urls.get(key)
    if url is None:
        page = ConsultationPage(url_path=url_path)
        url = page.get_full_url(request) if full else page.get_url(request)
        if len(_page_urls) >= PAGE_URL_CACHE_SIZE:
            _page_urls.clear()  # a simple bound: the next pages work their links out again
        _page_urls[key] = url
    return url


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
    def agenda_entries(self):
        return self.entries[:AGENDA_DAY_LIMIT]

    # The entries as markup: written here rather than by a template include per entry, which
    # took most of the time of a month with hundreds of entries (the grid's cells and the
    # month's list: see month_markup.weeks_html and agenda_html).
    def all_html(self):
        return entries_html(self.entries, "agenda")


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


# A meeting's entries in a month, kept per process by everything they are made of (see
# _meeting_month): after a change of content a month works out again only the meetings that
# changed.
MEETING_MONTH_CACHE_SIZE = 4096
_meeting_months = {}
_meeting_months_lock = threading.Lock()


def _meeting_month(meeting, start, end, first, last, url, language):
    """The entries of one meeting's dates (cancelled ones marked) that begin in the month."""

    def work_out():
        found = itertools.chain(meeting_occurrences(meeting, start, end), meeting_cancellations(meeting, start, end))
        return tuple(entry_of_occurrence(o, url, language=language) for o in found if first <= o.date <= last)

    if not isinstance(meeting, MeetingRow):
        return work_out()  # a model instance's rule may have been changed in place: not kept
    key = (
        meeting.pk,
        meeting.title,
        meeting.kind,
        meeting.place_name,
        meeting.start,
        meeting.end,
        meeting.recurrence_text,
        url,
        first,
        language,
    )
    entries = _meeting_months.get(key)
    if entries is None:
        entries = work_out()
        with _meeting_months_lock:
            if len(_meeting_months) >= MEETING_MONTH_CACHE_SIZE:
                _meeting_months.clear()  # a simple bound: the next months work theirs out again
            _meeting_months[key] = entries
    return entries


def build_month(first, consultations, meetings, today, url_of, pages=None):
    """The month grid: Monday-first weeks; each day of the month lists the consultations that
    start on it, the meeting dates that begin on it (cancelled ones marked) and the
    consultations that end on it. `url_of(consultation)` gives the link of a consultation
    (cheap for a consultation asked before: see page_url); a meeting's consultation is
    `pages[meeting.page_id]` when `pages` is given."""
    start, end = month_window(first)
    last = first.replace(day=stdlib_calendar.monthrange(first.year, first.month)[1])
    language = get_language()
    dates = []
    for meeting in meetings:
        page = pages[meeting.page_id] if pages is not None else meeting.page
        dates.extend(_meeting_month(meeting, start, end, first, last, url_of(page), language))
    # In date order, as Occurrence.sort_key orders them.
    dates.sort(key=lambda entry: (entry.start, entry.end, entry.title, entry.meeting_id or 0))
    periods = sorted(
        (c for c in consultations if c.start_date <= last and c.end_date >= first),
        key=lambda c: (c.start_date, c.end_date, c.title),
    )
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
            days[c.start_date].entries.append(Entry("start", c.start_date, c.title, url_of(c)))
    for entry in dates:
        days[entry.date].entries.append(entry)
    for c in periods:
        if c.end_date in days:
            days[c.end_date].entries.append(Entry("end", c.end_date, c.title, url_of(c)))
    return Month(
        first=first,
        weeks=weeks,
        periods=[
            PeriodEntry(c.title, url_of(c) if n < PERIODS_LIMIT else None, c.start_date, c.end_date)
            for n, c in enumerate(periods)
        ],
    )


@dataclass(frozen=True)
class UpcomingDate:
    """One line of an "upcoming dates" list: a meeting, or a consultation starting or ending."""

    kind: str  # "meeting", "start" or "end"
    date: datetime.date
    period_of: object = None  # the consultation starting or ending
    occurrence: Occurrence = None

    @property
    def consultation(self):
        return self.occurrence.consultation if self.occurrence else self.period_of

    @property
    def title(self):
        return self.occurrence.title if self.occurrence else self.period_of.title


def _upcoming_order(entry):
    moment = entry.occurrence.start if entry.occurrence else localize(day_start(entry.date))
    return (moment, entry.title)


def upcoming_dates(consultations, meetings, now, limit, days=UPCOMING_DAYS, include_periods=True):
    """The next `limit` dates from now: meeting dates not yet over (cancelled ones marked) and,
    optionally, consultations starting or ending from today on.

    Each meeting's dates are read in order only as far as the list needs them (a merge of the
    meetings' series, not every meeting's next `limit` dates), so a meeting's page is not needed
    to choose; ties keep the meetings' order, then the consultations'."""
    today = to_local(now).date()
    horizon = today + datetime.timedelta(days=days)
    streams = [
        (
            UpcomingDate(kind="meeting", date=o.date, occurrence=o)
            for o in itertools.takewhile(lambda o: o.date < horizon, upcoming(meeting, now))
        )
        for meeting in meetings
    ]
    if include_periods:
        periods = []
        for consultation in consultations:
            if today <= consultation.start_date < horizon:
                periods.append(UpcomingDate(kind="start", date=consultation.start_date, period_of=consultation))
            if today <= consultation.end_date < horizon:
                periods.append(UpcomingDate(kind="end", date=consultation.end_date, period_of=consultation))
        streams.append(sorted(periods, key=_upcoming_order))
    return list(itertools.islice(heapq.merge(*streams, key=_upcoming_order), limit))


def upcoming_entries(upcoming_list, url_of, pages=None):
    """`upcoming_dates` as calendar entries (plain values that can be cached); a meeting's
    consultation is `pages[meeting.page_id]` when `pages` is given."""
    found = []
    for entry in upcoming_list:
        if entry.occurrence and pages is not None:
            url = url_of(pages[entry.occurrence.meeting.page_id])
        else:
            url = url_of(entry.consultation)
        if entry.occurrence:
            found.append(entry_of_occurrence(entry.occurrence, url))
        else:
            found.append(Entry(entry.kind, entry.date, entry.consultation.title, url))
    return found
