"""The consultation calendar (/kalendarz/): a month grid, upcoming dates and the iCal feed."""

import datetime
import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from consultation import agenda, occurrences
from home.freshness import changes_at
from home.models import PortalPage

MONTH_PARAMETER = "miesiac"
DAY_PARAMETER = "dzien"
# The whole-calendar feed carries consultations and meeting series that ended at most this many
# days ago, and everything after; one consultation's feed and a meeting's file carry everything.
FEED_HISTORY_DAYS = 365
_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


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

    def register_filter(self, request, public=None):
        """The register's topic and district filters over the live public consultations (the
        calendar page and its feed); `public`, the live public pages, when the caller has read
        them already (one privacy check per request)."""
        from consultation.filters import FEED_FILTERS, RegisterFilter

        from .pages import ConsultationPage

        def consultations():
            if public is None:
                return ConsultationPage.objects.live().public()
            return ConsultationPage.objects.filter(page_ptr__in=public)

        data = {name: request.GET.get(name, "") for name in FEED_FILTERS}
        return RegisterFilter(data, consultations)

    def register_link(self, request, register_filter, month):
        """The register the month's consultations are listed in (their parent page: one query),
        filtered like the calendar: ongoing consultations for the current month, the month's
        year otherwise; None when it is not live."""
        register = month.periods[0].get_parent()
        if register is None or not register.live:
            return None
        if month.is_current:
            query = register_filter.query_string(status="trwajace")
        else:
            query = register_filter.query_string(rok=month.first.year)
        return f"{register.get_url(request)}?{query}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = occurrences.local_now()
        today = now.date()
        selected_day = parse_day(request.GET.get(DAY_PARAMETER))
        if selected_day:
            first, month_ignored = selected_day.replace(day=1), False
        else:
            first, month_ignored = parse_month(request.GET.get(MONTH_PARAMETER), today)
        register_filter = self.register_filter(request)
        month, upcoming = agenda.read_calendar(register_filter.queryset(), first, now, request)
        # Today is marked until midnight; the upcoming list changes when a listed date starts or ends.
        changes_at(request, occurrences.next_midnight(now))
        changes_at(request, occurrences.changes_state_at(upcoming, now))

        filter_query = register_filter.query_string()
        feed_path = self.get_url(request) + "kalendarz.ics"
        if filter_query:
            feed_path += "?" + filter_query
        feed_url = request.build_absolute_uri(feed_path)
        context.update(
            {
                "filter": register_filter,
                "filter_query": filter_query,
                "month": month,
                "month_first": first,
                "month_ignored": month_ignored and request.GET.get(MONTH_PARAMETER, "")[:20],
                "selected_day": month.day(selected_day) if selected_day else None,
                "register_url": (
                    self.register_link(request, register_filter, month)
                    if len(month.periods) > agenda.PERIODS_LIMIT
                    else None
                ),
                "upcoming": upcoming,
                "feed_path": feed_path,
                "feed_url": feed_url,
                "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            }
        )
        return context
