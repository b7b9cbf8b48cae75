"""The consultation calendar (/kalendarz/): a month grid, upcoming dates and the iCal feed."""

import datetime
import functools
import operator
import re
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Site
from wagtail.search import index

from home.content_version import current_generation
from home.models import PortalPage

MONTH_PARAMETER = "miesiac"
DAY_PARAMETER = "dzien"
FILTER_PARAMETERS = ("temat", "obszar")
UPCOMING_LIMIT = 8
# The month section (grid, the month's dates, running consultations) and the whole-calendar feed
# are kept until the content changes or the day does (today is marked, the feed's window moves).
MONTH_CACHE_SECONDS = 24 * 3600
# The upcoming list is kept like the home page's: until the content changes or a quarter of an
# hour passes; dates that end in the meantime are dropped when it is read.
UPCOMING_CACHE_MINUTES = 15
# What the calendar shows of a consultation (see ListedConsultation).
LISTED_FIELDS = ("title", "url_path", "start_date", "end_date")
_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class ListedConsultation:
    """What the calendar shows of a consultation, read as plain values: a month may list hundreds
    of consultations, and making a page object costs many times more than reading its row."""

    pk: int
    title: str
    url_path: str
    start_date: datetime.date
    end_date: datetime.date


def parse_month(value, today):
    """The first day of the month given as YYYY-MM, and whether the value had to be ignored."""
    value = (value or "").strip()
    if not value:
        return today.replace(day=1), False
    match = _MONTH_PATTERN.match(value)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        # Years far away would make the previous/next links overflow; nobody plans meetings there.
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return datetime.date(year, month, 1), False
    return today.replace(day=1), True


def parse_day(value):
    """A day given as YYYY-MM-DD (the day's own list), or None."""
    match = _DAY_PATTERN.match((value or "").strip())
    if not match:
        return None
    try:
        day = datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2200 else None


class CalendarPage(PortalPage):
    """The calendar of consultations and meetings; editors write only its introduction."""

    intro = models.TextField(blank=True, verbose_name=_("Wstęp"))

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Kalendarz konsultacji")

    def consultations(self, request):
        """The register's topic and district filters, and a function giving the live
        consultations they narrow to: the queryset is built only when something cached is
        missing (building it costs more than reading what is cached)."""
        from consultation.filters import RegisterFilter

        from .pages import ConsultationPage

        data = {name: request.GET.get(name, "") for name in FILTER_PARAMETERS}
        register_filter = RegisterFilter(
            data, lambda: ConsultationPage.objects.live().public(), model=ConsultationPage
        )
        return register_filter, register_filter.queryset

    def _cache_key(self, request, kind, register_filter, *parts):
        site = Site.find_for_request(request)
        filters = ",".join(f"{name}={register_filter.values.get(name, '')}" for name in FILTER_PARAMETERS)
        return ":".join(
            str(part)
            for part in (
                "calendar",
                kind,
                self.pk,
                site.pk if site else 0,
                get_language(),
                current_generation(),
                filters,
                *parts,
            )
        )

    def _rows_key(self, request, kind, register_filter, *parts):
        """The key of a section computed from the rows it read and the values in `parts`, and
        from nothing else: the same as long as they are, whatever else changed meanwhile (a
        news page, a setting). The sites' root paths are part of it: they make the links."""
        from consultation.meeting_rows import content_digest
        from home.routing import site_root_paths

        site = Site.find_for_request(request)
        digest = content_digest(
            self.pk,
            site.pk if site else 0,
            get_language(),
            timezone.get_current_timezone_name(),
            sorted(register_filter.values.items()),
            tuple(site_root_paths()),
            *parts,
        )
        return f"calendar:{kind}:rows:{digest}"

    def month_data(self, request, reads, first, today):
        """The month's grid and running consultations (plain values, see agenda.Entry)."""
        from consultation import agenda

        consultation_list = [ListedConsultation(*row) for row in reads.running]
        return agenda.build_month(first, consultation_list, reads.month_meetings[1], today, _url_cache(request))

    def _month_key(self, request, register_filter, first, selected_day, today):
        day = selected_day.isoformat() if selected_day else ""
        return self._cache_key(request, "month", register_filter, first.isoformat(), day, today.isoformat())

    def _compute_month(self, request, register_filter, consultations, first, selected_day, today, reads=None):
        """The rendered month section (kept per content generation, day, month or chosen day,
        filters, site and language, see get_context), looked up first by what it shows: the rows
        it reads (see _rows_key). A change of other content does not compute it again.
        `reads`: the rows already read for this request (see CalendarReads)."""
        from consultation import agenda, month_markup
        from consultation.meeting_rows import rows_digest

        reads = reads or CalendarReads(consultations, month=first)
        last = agenda.month_window(first)[1].date() - datetime.timedelta(days=1)
        register_url = (
            self.register_link(request, register_filter, first, last, today)
            if len(reads.running) > agenda.PERIODS_LIMIT
            else None
        )
        rows_key = self._rows_key(
            request,
            "month",
            register_filter,
            first,
            selected_day,
            today,
            register_url,
            rows_digest(reads.running),
            rows_digest(reads.month_meetings[0]),
        )
        html = cache.get(rows_key)
        if html is None:
            month = self.month_data(request, reads, first, today)
            html = month_markup.month_section_html(
                month, selected_day, register_filter.query_string(), month.first <= today <= month.last, register_url
            )
            cache.set(rows_key, html, MONTH_CACHE_SECONDS)
        return html

    def _upcoming_key(self, request, register_filter, now):
        return self._cache_key(request, "upcoming", register_filter, _slot(now))

    def _compute_upcoming(self, request, register_filter, consultations, now, reads=None):
        """The next dates from now (kept per content generation and quarter of an hour, see
        UPCOMING_CACHE_MINUTES), looked up first by the rows they are made of, as the month."""
        from consultation import agenda
        from consultation.meeting_rows import rows_digest

        reads = reads or CalendarReads(consultations, now=now)
        # Looked up by what the list is made of (see _rows_key), in the same quarter of an hour.
        rows_key = self._rows_key(
            request,
            "upcoming",
            register_filter,
            _slot(now),
            rows_digest(reads.starting),
            rows_digest(reads.ending),
            rows_digest(reads.upcoming_meetings[0]),
        )
        upcoming = cache.get(rows_key)
        if upcoming is None:
            soonest = {row[0]: ListedConsultation(*row) for row in [*reads.starting, *reads.ending]}
            consultation_list = sorted(soonest.values(), key=lambda c: (c.start_date, c.title))
            # Twice the list, so dates ending before the next computation leave enough behind.
            chosen = agenda.upcoming_dates(consultation_list, reads.upcoming_meetings[1], now, UPCOMING_LIMIT * 2)
            upcoming = agenda.upcoming_entries(chosen, _url_cache(request))
            cache.set(rows_key, upcoming, UPCOMING_CACHE_MINUTES * 60)
        return upcoming

    def register_link(self, request, register_filter, first, last, today):
        """The register, filtered like the calendar: ongoing consultations for the current month,
        the month's year otherwise."""
        from consultation.landmarks import first_public_page

        from .register import ConsultationIndexPage

        register = first_public_page(ConsultationIndexPage)
        if register is None:
            return None
        if first <= today <= last:
            query = register_filter.query_string(status="trwajace")
        else:
            query = register_filter.query_string(rok=first.year)
        return f"{register.get_url(request)}?{query}"

    def _month_and_upcoming(self, request, register_filter, consultations, first, selected_day, now, upcoming_key):
        """The month section's markup and the upcoming entries, both kept per content generation
        (see _month_key and _upcoming_key): after a change of content both are missing, and what
        they are made of is read together (see CalendarReads).

        Each process keeps its own copies (the "large_fragments" cache, bounded by its number of
        entries; the keys carry the content generation), so a request does not read the month's markup (150 kB at 10,000
        consultations) from the shared cache and unpickle it again; the shared cache spares the
        other processes and servers computing them."""
        today = now.date()
        month_key = self._month_key(request, register_filter, first, selected_day, today)
        timeouts = {month_key: MONTH_CACHE_SECONDS, upcoming_key: UPCOMING_CACHE_MINUTES * 60}
        # When the shared cache cannot say which generation is current, keep nothing per process
        # (as GenerationMemo): a change made meanwhile must show.
        local = caches["large_fragments"] if current_generation() else None
        found = local.get_many(timeouts) if local else {}
        missing = [key for key in timeouts if key not in found]
        if not missing:
            return found[month_key], found[upcoming_key]
        found.update(cache.get_many(missing))
        html, upcoming = found.get(month_key), found.get(upcoming_key)
        if html is None or upcoming is None:
            reads = CalendarReads(
                consultations, month=first if html is None else None, now=now if upcoming is None else None
            )
            if html is None:
                html = self._compute_month(request, register_filter, consultations, first, selected_day, today, reads)
                cache.set(month_key, html, MONTH_CACHE_SECONDS)
            if upcoming is None:
                upcoming = self._compute_upcoming(request, register_filter, consultations, now, reads)
                cache.set(upcoming_key, upcoming, UPCOMING_CACHE_MINUTES * 60)
        for key, value in ((month_key, html), (upcoming_key, upcoming)):
            if local and key in missing:
                local.set(key, value, timeouts[key])
        return html, upcoming

    def get_context(self, request, *args, **kwargs):
        from consultation import occurrences

        context = super().get_context(request, *args, **kwargs)
        now = occurrences.local_now()
        today = now.date()
        selected_day = parse_day(request.GET.get(DAY_PARAMETER))
        if selected_day:
            first, month_ignored = selected_day.replace(day=1), False
        else:
            first, month_ignored = parse_month(request.GET.get(MONTH_PARAMETER), today)
        register_filter, consultations = self.consultations(request)

        context["filter"] = register_filter
        context["month_first"] = first
        upcoming_key = self._upcoming_key(request, register_filter, now)
        html, upcoming = self._month_and_upcoming(
            request, register_filter, consultations, first, selected_day, now, upcoming_key
        )
        context["month_html"] = mark_safe(html)  # noqa: S308 - rendered by our own template
        context["month_ignored"] = month_ignored and request.GET.get(MONTH_PARAMETER, "")[:20]
        context["upcoming"] = _still_upcoming(upcoming, now)
        # The list's markup is kept per process by this key and the entries it shows (their
        # values: see calendar_page.html).
        context["upcoming_key"] = upcoming_key
        context["filter_query"] = register_filter.query_string()
        feed_path = self.get_url(request) + "kalendarz.ics"
        if context["filter_query"]:
            feed_path += "?" + context["filter_query"]
        context["feed_path"] = feed_path
        context["feed_url"] = request.build_absolute_uri(feed_path)
        context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[1]
        return context


# The whole-calendar feed carries consultations and meeting series that ended at most this many
# days ago, and everything after; one consultation's feed and a meeting's file carry everything.
FEED_HISTORY_DAYS = 365


def _slot(now):
    return f"{now:%Y%m%d%H}{now.minute // UPCOMING_CACHE_MINUTES}"


def _still_upcoming(upcoming, now):
    """The upcoming entries not over at `now` (the list is kept for a quarter of an hour)."""
    return [entry for entry in upcoming if entry.end is None or entry.end > now][:UPCOMING_LIMIT]


class CalendarReads:
    """What the month (`month`: its first day) and the upcoming dates (from `now`) are made of,
    as read: value tuples, the keys of what is computed from them (see CalendarPage._rows_key),
    and meetings as MeetingRow values, each with its consultation.

    One query reads the consultations of both and, when the month and the upcoming weeks
    overlap (the current month and the next ones), one query the meetings of both; each then
    takes its own rows, the ones its own query would have read, in the same order.

    - running: the consultations running in the month, by start, title and id;
    - month_meetings, upcoming_meetings: (value tuples, MeetingRows) by start and id;
    - starting, ending: the consultations starting (ending) from today on, for the upcoming
      weeks, by start (end), title and id."""

    def __init__(self, consultations, month=None, now=None):
        """`consultations`: the queryset, or a function giving it."""
        from django.db.models import Q

        from consultation import agenda, occurrences

        if callable(consultations):
            consultations = consultations()
        self.running = self.starting = self.ending = None
        self.month_meetings = self.upcoming_meetings = None
        wanted, windows = [], []
        if month is not None:
            start, end = agenda.month_window(month)
            last = end.date() - datetime.timedelta(days=1)
            wanted.append(Q(start_date__lte=last, end_date__gte=month))
            windows.append((start, end))
        if now is not None:
            today = now.date()
            horizon_day = today + datetime.timedelta(days=occurrences.UPCOMING_DAYS)
            wanted.append(Q(start_date__gte=today, start_date__lt=horizon_day))
            wanted.append(Q(end_date__gte=today, end_date__lt=horizon_day))
            windows.append((now, occurrences.localize(occurrences.day_start(horizon_day))))
        rows = list(consultations.filter(functools.reduce(operator.or_, wanted)).values_list("pk", *LISTED_FIELDS))
        if month is not None:
            self.running = sorted(
                (row for row in rows if row[3] <= last and row[4] >= month), key=lambda row: (row[3], row[1], row[0])
            )
        if now is not None:
            self.starting = sorted(
                (row for row in rows if today <= row[3] < horizon_day), key=lambda row: (row[3], row[1], row[0])
            )
            self.ending = sorted(
                (row for row in rows if today <= row[4] < horizon_day), key=lambda row: (row[4], row[1], row[0])
            )
        found = self._meetings(consultations, windows)
        if month is not None:
            self.month_meetings = found[0]
        if now is not None:
            self.upcoming_meetings = found[-1]

    @staticmethod
    def _meetings(consultations, windows):
        """(values, meetings) for each window: one query when the windows overlap."""
        from consultation import meeting_rows

        def read(start, end):
            query = meeting_rows.meetings_for(consultations, start, end, with_pages=False)
            return meeting_rows.read_meetings(query, ListedConsultation)

        if len(windows) == 2 and max(windows[0][0], windows[1][0]) < min(windows[0][1], windows[1][1]):
            values, meetings = read(min(windows[0][0], windows[1][0]), max(windows[0][1], windows[1][1]))
            found = []
            for start, end in windows:
                kept = [n for n, meeting in enumerate(meetings) if meeting_rows.overlaps(meeting, start, end)]
                found.append(([values[n] for n in kept], [meetings[n] for n in kept]))
            return found
        return [read(start, end) for start, end in windows]


def _url_cache(request):
    """A consultation's link, worked out once per consultation. A ListedConsultation gets the
    link its page would give (agenda.page_url: kept per process by its url_path and the sites)."""
    from consultation.agenda import page_url

    urls = {}

    def url_of(page):
        if page.pk not in urls:
            if isinstance(page, ListedConsultation):
                urls[page.pk] = page_url(page.url_path, request)
            else:
                urls[page.pk] = page.get_url(request)
        return urls[page.pk]

    return url_of
