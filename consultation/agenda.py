"""What the calendar page and the home page show, built from the occurrence service.

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
from html import escape

from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from .occurrences import (
    UPCOMING_DAYS,
    MeetingRow,
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
        return _entry_html(self, "grid", language or get_language(), zone or timezone.get_current_timezone_name())

    def agenda_html(self, language=None, zone=None):
        """The entry in a day's list and in a day's own view (see grid_html)."""
        return _entry_html(self, "agenda", language or get_language(), zone or timezone.get_current_timezone_name())

    def _grid_html(self):
        url, title = escape(self.url), escape(self.title)
        if self.is_meeting:
            start = timezone.localtime(self.start)
            status = "entry--cancelled" if self.cancelled else "entry--meeting"
            label = f' <span class="entry__status">{escape(gettext("odwołane"))}</span>' if self.cancelled else ""
            return (
                f'<li class="entry {status} entry--{escape(self.meeting_kind)}" data-start="{start.isoformat()}" '
                f'data-end="{timezone.localtime(self.end).isoformat()}"><a href="{url}"><time class="entry__time" '
                f'datetime="{start.isoformat()}">{start:%H:%M}</time> <span class="entry__title">{title}</span>'
                f"{label}</a></li>"
            )
        return (
            f'<li class="entry entry--{escape(self.kind)}" data-kind="{escape(self.kind)}" data-date="{self.date.isoformat()}">'
            f'<a href="{url}"><span class="entry__label">{escape(_period_label(self.kind))}</span> '
            f'<span class="entry__title">{title}</span></a></li>'
        )

    def _agenda_html(self):
        url, title = escape(self.url), escape(self.title)
        if self.is_meeting:
            start, end = timezone.localtime(self.start), timezone.localtime(self.end)
            status = "agenda__entry--cancelled" if self.cancelled else "agenda__entry--meeting"
            end_day = f"{escape(date_text(end.date(), 'j E'))}, " if self.ends_another_day else ""
            label = (
                f' <strong class="cancelled-label">{escape(gettext("odwołane"))}</strong>' if self.cancelled else ""
            )
            place = f'<br><span class="agenda__place">{escape(self.place)}</span>' if self.place else ""
            return (
                f'<li class="agenda__entry {status}" data-start="{start.isoformat()}" data-end="{end.isoformat()}">'
                f'<a href="{url}"><span class="agenda__when"><time datetime="{start.isoformat()}">{start:%H:%M}</time>'
                f'–<time datetime="{end.isoformat()}">{end_day}{end:%H:%M}</time></span> '
                f'<span class="agenda__title">{title}</span></a>{label}{place}</li>\n'
            )
        return (
            f'<li class="agenda__entry agenda__entry--{escape(self.kind)}" data-kind="{escape(self.kind)}" '
            f'data-date="{self.date.isoformat()}"><a href="{url}">{escape(_period_label(self.kind))} '
            f'<span class="agenda__title">{title}</span></a></li>\n'
        )

    def when_html(self):
        """A meeting's date and times in the upcoming list (markup of
        consultation/includes/meeting_when.html, which other pages include; keep the two alike),
        kept per process like the entry's other markup."""
        return _entry_html(self, "when", get_language(), timezone.get_current_timezone_name())

    def _when_html(self):
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        end_day = f"{escape(date_text(end.date(), 'j E'))}, " if self.ends_another_day else ""
        html = (
            f'<time datetime="{start.isoformat()}">{escape(date_text(start.date(), "l, j E Y"))}, {start:%H:%M}</time>'
            f'–<time datetime="{end.isoformat()}">{end_day}{end:%H:%M}</time>'
        )
        if self.cancelled:
            html = f'<del>{html}</del> <strong class="cancelled-label">{escape(gettext("odwołane"))}</strong>'
        return mark_safe(html + "\n")  # noqa: S308 - every value escaped above


# An entry's markup is kept per process by the entry's values (and the language and time zone it
# is written in): after a change of content a month writes again only the entries that changed.
ENTRY_HTML_CACHE_SIZE = 16384


@functools.lru_cache(maxsize=ENTRY_HTML_CACHE_SIZE)
def _entry_html(entry, which, language, zone):
    if which == "when":
        return entry._when_html()
    return entry._grid_html() if which == "grid" else entry._agenda_html()


def _period_label(kind):
    return gettext("Początek konsultacji:") if kind == "start" else gettext("Koniec konsultacji:")


def _joined(method, entries):
    language, zone = get_language(), timezone.get_current_timezone_name()
    return mark_safe("".join(method(entry, language, zone) for entry in entries))  # noqa: S308 - every value escaped above


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
    (Page.get_full_url with `full`) gives. That depends only on the url_path, the request's site
    and the sites' root paths, so it is kept per process by those: a month or a feed links
    dozens of consultations after every change of content."""
    from wagtail.models import Site

    from consultation.models import ConsultationPage
    from home.routing import site_root_paths

    roots = getattr(request, "_wagtail_cached_site_root_paths", None) or site_root_paths()
    site = Site.find_for_request(request)
    key = (url_path, full, site.pk if site else None, tuple(roots))
    url = _page_urls.get(key)
    if url is None:
        page = ConsultationPage(url_path=url_path)
        url = page.get_full_url(request) if full else page.get_url(request)
        if len(_page_urls) >= PAGE_URL_CACHE_SIZE:
            _page_urls.clear()  # a simple bound: the next pages work their links out again
        _page_urls[key] = url
    return url


def date_text(day, format_string):
    """A date (not a time) as words in the active language ("poniedziałek, 2 listopada"), kept
    per process: a month's 35-42 days come back after every content change."""
    return _date_text(day, format_string, get_language())


@functools.lru_cache(maxsize=4096)
def _date_text(day, format_string, _language):
    return dateformat.format(day, format_string)


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
    # month's list: see weeks_html and agenda_html).
    def all_html(self):
        return _joined(Entry.agenda_html, self.entries)


def _day_link(date, filter_query):
    from consultation.templatetags.calendar_tags import day_query

    return escape(day_query(date, filter_query))


# A day's cell and its item in the month's list are kept per process by what they show (the
# day, its shown entries and their count, the filters, language and time zone): after a change
# of content a month writes again only the days that changed.
DAY_HTML_CACHE_SIZE = 2048


def weeks_html(month, selected_day, filter_query):
    """The rows of the month grid (inside <tbody>). Written here, not by the template: a month
    has 35 to 42 cells, and the template's tags per cell cost more than the rest of the page."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    rows = []
    for week in month.weeks:
        cells = []
        for day in week:
            if not day.in_month:
                cells.append('<td class="month-grid__day is-outside"></td>')
                continue
            cells.append(
                _cell_html(
                    day.date,
                    day.is_today,
                    tuple(day.grid_entries),
                    day.entry_count,
                    bool(selected_day),
                    filter_query,
                    language,
                    zone,
                )
            )
        rows.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped below


@functools.lru_cache(maxsize=DAY_HTML_CACHE_SIZE)
def _cell_html(date, is_today, shown, count, link_days, filter_query, language, zone):
    """A day's cell of the grid: its first `shown` entries of `count`; with `link_days` (a day's
    own view is open) its jump link leads to the day's view."""
    iso = date.isoformat()
    day_month = date_text(date, "j E")
    classes = "month-grid__day" + (" is-today" if is_today else "") + (" has-entries" if count else "")
    current = ' aria-current="date"' if is_today else ""
    parts = [f'<td class="{classes}"{current}>\n<div class="month-grid__date">\n']
    if count:
        href = (_day_link(date, filter_query) if link_days else "") + f"#dzien-{iso}"
        label = gettext("%(date)s, liczba terminów: %(n)s") % {"date": escape(day_month), "n": count}
        parts.append(
            f'<a class="month-grid__jump" href="{href}"><span class="visually-hidden">{label}</span>'
            f'<span aria-hidden="true">{date.day}</span></a>\n'
        )
    linked = " month-grid__number--linked" if count else ""
    parts.append(f'<span class="month-grid__number{linked}">{date.day}</span>\n')
    if is_today:
        parts.append(f'<span class="month-grid__today">{escape(gettext("dziś"))}</span>\n')
    parts.append("</div>\n")
    if count:
        entries = "".join(entry.grid_html(language, zone) for entry in shown)
        parts.append(f'<ul class="month-grid__entries">\n{entries}\n')
        more = count - len(shown)
        if more:
            label = gettext("+ %(n)s więcej") % {"n": more}
            parts.append(
                f'<li class="entry entry--more"><a href="{_day_link(date, filter_query)}#dzien-{iso}">{label}'
                f'<span class="visually-hidden">: {escape(day_month)}</span></a></li>\n'
            )
        parts.append("</ul>\n")
    parts.append("</td>")
    return "".join(parts)


def agenda_html(month, filter_query):
    """The month's days with entries (the items of <ol class="agenda">), see weeks_html."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    items = [
        _agenda_day_html(
            day.date, day.is_today, tuple(day.agenda_entries), day.entry_count, filter_query, language, zone
        )
        for day in month.days_with_entries
    ]
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped below


@functools.lru_cache(maxsize=DAY_HTML_CACHE_SIZE)
def _agenda_day_html(date, is_today, shown, count, filter_query, language, zone):
    """A day of the month's list: its first `shown` entries of `count`."""
    iso = date.isoformat()
    more = ""
    if count > len(shown):
        label = gettext("Wszystkie terminy tego dnia (%(n)s)") % {"n": count}
        more = (
            f'<p class="agenda__more"><a href="{_day_link(date, filter_query)}#dzien-{iso}">{label}'
            f'<span class="visually-hidden">: {escape(date_text(date, "j E"))}</span></a></p>\n'
        )
    today = f' <span class="month-grid__today">{escape(gettext("dziś"))}</span>' if is_today else ""
    entries = "".join(entry.agenda_html(language, zone) for entry in shown)
    return (
        f'<li class="agenda__day" id="dzien-{iso}" tabindex="-1">\n'
        f'<h3 class="agenda__date"><time datetime="{iso}">{escape(date_text(date, "l, j E"))}</time>'
        f"{today}</h3>\n"
        f'<ul class="agenda__entries">{entries}</ul>\n{more}</li>'
    )


def _month_link(first, filter_query):
    from consultation.templatetags.calendar_tags import month_query

    return escape(month_query(first, filter_query))


def month_section_html(month, selected_day, filter_query, month_is_current, register_url):
    """The month section of the calendar page: navigation, the chosen day's own list (when a
    day is chosen), the grid, the month's list of days (when none is) and the consultations
    running in the month. Written here, not by a template, as its parts (see weeks_html)."""
    name = escape(date_text(month.first, "F Y"))
    parts = [
        '        <section class="calendar__month" aria-labelledby="month-heading">\n'
        '            <div class="calendar__nav">\n'
        f'                <h2 id="month-heading" class="calendar__month-name">{name}</h2>\n'
        '                <ul class="calendar__nav-links">\n'
        f'                    <li><a href="{_month_link(month.previous, filter_query)}" rel="prev">'
        f'<span aria-hidden="true">← </span>{escape(gettext("Poprzedni miesiąc"))}<span class="visually-hidden">: '
        f"{escape(date_text(month.previous, 'F Y'))}</span></a></li>\n"
        f'                    <li><a href="{_month_link(month.next, filter_query)}" rel="next">'
        f'{escape(gettext("Następny miesiąc"))}<span class="visually-hidden">: '
        f'{escape(date_text(month.next, "F Y"))}</span><span aria-hidden="true"> →</span></a></li>\n'
        "                </ul>\n"
        "            </div>\n"
        "            "
    ]
    if selected_day:
        day = month.day(selected_day)
        iso = selected_day.isoformat()
        today = f' <span class="month-grid__today">{escape(gettext("dziś"))}</span>' if day.is_today else ""
        if day.entries:
            entries = f'\n                <ul class="agenda__entries">{day.all_html()}</ul>\n                '
        else:
            entries = f'\n                <p class="empty-state">{escape(gettext("Tego dnia nie ma terminów."))}</p>\n                '
        back = gettext("Wróć do całego miesiąca: %(month)s") % {"month": name}
        parts.append(
            f'\n            <section class="calendar__day" id="dzien-{iso}" aria-labelledby="day-heading" tabindex="-1">\n'
            f'                <h2 id="day-heading"><time datetime="{iso}">{escape(date_text(selected_day, "l, j E Y"))}</time>'
            f"{today}</h2>\n"
            f"                {entries}\n"
            f'                <p><a href="{_month_link(month.first, filter_query)}">{back}</a></p>\n'
            "            </section>\n"
            "            "
        )
    caption = gettext("%(month)s: początki i końce konsultacji oraz spotkania") % {"month": name}
    heads = "".join(
        f'<th scope="col"><abbr title="{escape(date_text(day.date, "l"))}">{escape(date_text(day.date, "D"))}</abbr></th>'
        for day in month.weeks[0]
    )
    parts.append(
        '\n            <table class="month-grid">\n'
        f"                <caption>{caption}</caption>\n"
        "                <thead>\n"
        f"                    <tr>{heads}</tr>\n"
        "                </thead>\n"
        "                <tbody>\n"
        f"                    {weeks_html(month, selected_day, filter_query)}\n"
        "                </tbody>\n"
        "            </table>\n"
        "\n"
        "            "
    )
    if not selected_day:
        heading = gettext("Terminy: %(month)s") % {"month": name}
        if month.days_with_entries:
            days = f'\n                <ol class="agenda">\n                    {agenda_html(month, filter_query)}\n                </ol>\n                '
        else:
            days = f'\n                <p class="empty-state">{escape(gettext("W tym miesiącu nie ma terminów."))}</p>\n                '
        parts.append(
            '\n            <section class="calendar__agenda" aria-labelledby="agenda-heading">\n'
            f'                <h2 id="agenda-heading">{heading}</h2>\n'
            f"                {days}\n"
            "            </section>\n"
            "            "
        )
    parts.append("\n\n            ")
    if month.periods:
        heading = gettext("Konsultacje trwające w tym miesiącu (%(n)s)") % {"n": len(month.periods)}
        periods = "".join(
            f'\n                    <li class="period" data-start="{period.start.isoformat()}" '
            f'data-end="{period.end.isoformat()}"><a href="{escape(period.url)}">{escape(period.title)}</a> '
            f'<span class="period__dates"><time datetime="{period.start.isoformat()}">'
            f'{escape(date_text(period.start, "j E Y"))}</time> – <time datetime="{period.end.isoformat()}">'
            f"{escape(date_text(period.end, 'j E Y'))}</time></span></li>\n                    "
            for period in month.periods_shown
        )
        more = ""
        if month.periods_more and register_url:
            if month_is_current:
                label = gettext("Pozostałe konsultacje (%(n)s): wszystkie trwające w rejestrze") % {
                    "n": month.periods_more
                }
            else:
                label = gettext("Pozostałe konsultacje (%(n)s): rejestr za rok %(year)s") % {
                    "n": month.periods_more,
                    "year": month.first.year,
                }
            more = f'\n                <p class="period-list__more"><a href="{escape(register_url)}">{label}</a></p>\n                '
        parts.append(
            '\n            <section class="calendar__periods" aria-labelledby="periods-heading">\n'
            f'                <h2 id="periods-heading">{heading}</h2>\n'
            '                <ul class="period-list">\n'
            f"                    {periods}\n"
            "                </ul>\n"
            f"                {more}\n"
            "            </section>\n"
            "            "
        )
    parts.append("\n        </section>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


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
