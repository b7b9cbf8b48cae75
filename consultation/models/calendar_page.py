"""The consultation calendar (/kalendarz/): a month grid, upcoming dates and the iCal feed."""

import datetime
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import models
from django.template.loader import render_to_string
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
        """Live consultations narrowed by the register's topic and district filters."""
        from consultation.filters import RegisterFilter

        from .pages import ConsultationPage

        data = {name: request.GET.get(name, "") for name in FILTER_PARAMETERS}
        register_filter = RegisterFilter(data, ConsultationPage.objects.live().public())
        return register_filter, register_filter.queryset()

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
        from consultation.occurrences import content_digest
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

    def month_rows(self, consultations, first):
        """What the month shows, as read: the consultations running in it (value tuples in the
        order of ListedConsultation's fields) and its meetings (see occurrences.read_meetings),
        each meeting with its consultation read by the same query."""
        from consultation import agenda, occurrences

        start, end = agenda.month_window(first)
        last = end.date() - datetime.timedelta(days=1)
        running = list(
            consultations.filter(start_date__lte=last, end_date__gte=first)
            .order_by("start_date", "title")
            .values_list("pk", *LISTED_FIELDS)
        )
        meeting_values, meetings = occurrences.read_meetings(
            occurrences.meetings_for(consultations, start, end, with_pages=False), ListedConsultation
        )
        return running, meeting_values, meetings

    def month_data(self, request, consultations, first, today, selected_day=None, rows=None):
        """The month's grid and running consultations (plain values, see agenda.Entry)."""
        from consultation import agenda

        running, _values, meetings = rows or self.month_rows(consultations, first)
        consultation_list = [ListedConsultation(*row) for row in running]
        return agenda.build_month(
            first, consultation_list, meetings, today, _url_cache(request), selected=selected_day
        )

    def month_html(self, request, register_filter, consultations, first, selected_day, today):
        """The rendered month section, kept per content generation, day (today is marked),
        month or chosen day, filters, site and language: it holds nothing else.

        After a change of content it is looked up by what it shows (the rows it reads, see
        _rows_key): only a change of those consultations or meetings computes it again."""
        day = selected_day.isoformat() if selected_day else ""
        key = self._cache_key(request, "month", register_filter, first.isoformat(), day, today.isoformat())
        html = cache.get(key)
        if html is None:
            from consultation import agenda

            rows = self.month_rows(consultations, first)
            last = agenda.month_window(first)[1].date() - datetime.timedelta(days=1)
            register_url = (
                self.register_link(request, register_filter, first, last, today)
                if len(rows[0]) > agenda.PERIODS_LIMIT
                else None
            )
            rows_key = self._rows_key(
                request, "month", register_filter, first, selected_day, today, register_url, rows[0], rows[1]
            )
            html = cache.get(rows_key)
            if html is None:
                month = self.month_data(request, consultations, first, today, selected_day, rows)
                filter_query = register_filter.query_string()
                context = {
                    "month": month,
                    "selected_day": month.day(selected_day) if selected_day else None,
                    "filter_query": filter_query,
                    "weeks_html": agenda.weeks_html(month, selected_day, filter_query),
                    "agenda_html": "" if selected_day else agenda.agenda_html(month, filter_query),
                    "month_is_current": month.first <= today <= month.last,
                    "register_url": register_url,
                }
                html = render_to_string("consultation/includes/calendar_month.html", context, request=request)
                cache.set(rows_key, html, MONTH_CACHE_SECONDS)
            cache.set(key, html, MONTH_CACHE_SECONDS)
        return mark_safe(html)  # noqa: S308 - rendered by our own template above

    def upcoming_data(self, request, register_filter, consultations, now):
        """The next dates from now (see UPCOMING_CACHE_MINUTES)."""
        from consultation import agenda, occurrences

        slot = f"{now:%Y%m%d%H}{now.minute // UPCOMING_CACHE_MINUTES}"
        key = self._cache_key(request, "upcoming", register_filter, slot)
        upcoming = cache.get(key)
        if upcoming is None:
            today = now.date()
            horizon_day = today + datetime.timedelta(days=occurrences.UPCOMING_DAYS)
            horizon = occurrences.localize(occurrences.day_start(horizon_day))
            # Only the first dates can make the list: the soonest starts and the soonest ends.
            wanted = UPCOMING_LIMIT * 2
            starting = consultations.filter(start_date__gte=today, start_date__lt=horizon_day)
            ending = consultations.filter(end_date__gte=today, end_date__lt=horizon_day)
            starting_rows = list(starting.order_by("start_date", "title")[:wanted].values_list("pk", *LISTED_FIELDS))
            ending_rows = list(ending.order_by("end_date", "title")[:wanted].values_list("pk", *LISTED_FIELDS))
            # Each meeting with its consultation, read by the same query.
            meeting_values, meetings = occurrences.read_meetings(
                occurrences.meetings_for(consultations, now, horizon, with_pages=False), ListedConsultation
            )
            # Looked up by what the list is made of (see _rows_key), in the same quarter of an hour.
            rows_key = self._rows_key(
                request, "upcoming", register_filter, slot, starting_rows, ending_rows, meeting_values
            )
            upcoming = cache.get(rows_key)
            if upcoming is None:
                soonest = {row[0]: ListedConsultation(*row) for row in [*starting_rows, *ending_rows]}
                consultation_list = sorted(soonest.values(), key=lambda c: (c.start_date, c.title))
                # Twice the list, so dates ending before the next computation leave enough behind.
                chosen = agenda.upcoming_dates(consultation_list, meetings, now, UPCOMING_LIMIT * 2)
                upcoming = agenda.upcoming_entries(chosen, _url_cache(request))
                cache.set(rows_key, upcoming, UPCOMING_CACHE_MINUTES * 60)
            cache.set(key, upcoming, UPCOMING_CACHE_MINUTES * 60)
        return [entry for entry in upcoming if entry.end is None or entry.end > now][:UPCOMING_LIMIT]

    def register_link(self, request, register_filter, first, last, today):
        """The register, filtered like the calendar: ongoing consultations for the current month,
        the month's year otherwise."""
        from .register import ConsultationIndexPage

        register = ConsultationIndexPage.objects.live().public().first()
        if register is None:
            return None
        if first <= today <= last:
            query = register_filter.query_string(status="trwajace")
        else:
            query = register_filter.query_string(rok=first.year)
        return f"{register.get_url(request)}?{query}"

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
        context["month_html"] = self.month_html(request, register_filter, consultations, first, selected_day, today)
        context["month_ignored"] = month_ignored and request.GET.get(MONTH_PARAMETER, "")[:20]
        context["upcoming"] = self.upcoming_data(request, register_filter, consultations, now)
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


def _url_cache(request):
    """A consultation's link, worked out once per consultation. A ListedConsultation gets the
    link its page would give: one page object answers for all of them (Page.get_url reads only
    the page's url_path and the sites' root paths, cached on the request)."""
    from .pages import ConsultationPage

    urls = {}
    probe = None

    def url_of(page):
        nonlocal probe
        if page.pk not in urls:
            if isinstance(page, ListedConsultation):
                if probe is None:
                    probe = ConsultationPage()
                probe.url_path = page.url_path
                urls[page.pk] = probe.get_url(request)
            else:
                urls[page.pk] = page.get_url(request)
        return urls[page.pk]

    return url_of
