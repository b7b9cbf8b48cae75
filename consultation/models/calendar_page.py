"""The consultation calendar (/kalendarz/): a month grid, upcoming dates and the iCal feed."""

import datetime
import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from home.models import PortalPage

MONTH_PARAMETER = "miesiac"
FILTER_PARAMETERS = ("temat", "obszar")
UPCOMING_LIMIT = 8
_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


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

    def get_context(self, request, *args, **kwargs):
        from consultation import occurrences

        context = super().get_context(request, *args, **kwargs)
        now = occurrences.local_now()
        today = now.date()
        first, month_ignored = parse_month(request.GET.get(MONTH_PARAMETER), today)
        register_filter, consultations = self.consultations(request)

        month_start, month_end = occurrences.month_window(first)
        horizon = occurrences.localize(
            occurrences.day_start(today + datetime.timedelta(days=occurrences.UPCOMING_DAYS))
        )
        window_start, window_end = min(month_start, now), max(month_end, horizon)
        # Only consultations whose period touches the grid or the upcoming list, not the archive.
        consultation_list = list(
            consultations.filter(start_date__lte=window_end.date(), end_date__gte=window_start.date()).order_by(
                "start_date", "title"
            )
        )
        meetings = list(occurrences.meetings_for(consultations, window_start, window_end))
        # One URL per consultation, shared by all its entries (a month may list hundreds).
        by_pk = {consultation.pk: consultation for consultation in consultation_list}
        for consultation in consultation_list:
            consultation.calendar_url = consultation.get_url(request)
        for meeting in meetings:
            meeting.page = by_pk.get(meeting.page_id, meeting.page)

        context["filter"] = register_filter
        context["month"] = occurrences.build_month(first, consultation_list, meetings, today)
        context["month_ignored"] = month_ignored and request.GET.get(MONTH_PARAMETER, "")[:20]
        context["upcoming"] = occurrences.upcoming_dates(consultation_list, meetings, now, UPCOMING_LIMIT)
        context["filter_query"] = register_filter.query_string()
        feed_path = self.get_url(request) + "kalendarz.ics"
        if context["filter_query"]:
            feed_path += "?" + context["filter_query"]
        context["feed_path"] = feed_path
        context["feed_url"] = request.build_absolute_uri(feed_path)
        context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[1]
        return context
