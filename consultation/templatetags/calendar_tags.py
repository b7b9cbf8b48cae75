"""Meetings and calendar pieces for templates: a consultation's meetings, the home page's
upcoming dates and month links. Every date comes from consultation.occurrences."""

import datetime

from django import template
from django.utils.http import urlencode

from wagtail.models import Page

from consultation import agenda, occurrences
from consultation.models import CalendarPage, ConsultationPage
from consultation.models.calendar_page import MONTH_PARAMETER
from home.freshness import changes_at

register = template.Library()

NEXT_DATES_LIMIT = 5
HOME_UPCOMING_LIMIT = 5


@register.simple_tag
def month_query(month, filter_query=""):
    """`?miesiac=YYYY-MM` plus the active filters."""
    query = urlencode({MONTH_PARAMETER: month.strftime("%Y-%m")})
    return f"?{query}&{filter_query}" if filter_query else f"?{query}"


@register.inclusion_tag("consultation/includes/meetings.html", takes_context=True)
def consultation_meetings(context, consultation):
    """The consultation's meetings with their next dates and "add to calendar" links (one query
    for the meetings; the calendar's link, when there are meetings, comes with the page's other
    links: ConsultationPage.linked_pages)."""
    request = context.get("request")
    now = occurrences.local_now()
    meetings = []
    for meeting in consultation.meeting_list():
        upcoming = occurrences.next_dates(meeting, now, NEXT_DATES_LIMIT + 1)
        # The cancelled dates among the next ones are shown marked; they do not count.
        shown, held = [], 0
        for occurrence in upcoming:
            if not occurrence.cancelled:
                held += 1
                if held > NEXT_DATES_LIMIT:
                    break
            shown.append(occurrence)
        changes_at(request, occurrences.changes_state_at(shown, now))
        meetings.append({"meeting": meeting, "next": shown, "more": held > NEXT_DATES_LIMIT})
    return {
        "request": request,
        "page": consultation,
        "meetings": meetings,
        "calendar_page": consultation.calendar_page if meetings else None,
    }


@register.inclusion_tag("consultation/includes/home_upcoming.html", takes_context=True)
def upcoming_meetings(context, limit=HOME_UPCOMING_LIMIT, public=None):
    """The next meeting dates of every live consultation, for the home page, and the calendar's
    link (one privacy check for both; none when the page passes its live public pages)."""
    request = context.get("request")
    now = occurrences.local_now()
    horizon = now + datetime.timedelta(days=occurrences.UPCOMING_DAYS)
    if public is None:
        public = Page.objects.live().public()
    consultations = ConsultationPage.objects.filter(page_ptr__in=public)
    meetings = agenda.next_meetings_of(consultations, now, horizon, limit)
    upcoming = occurrences.upcoming_dates([], meetings, now, limit)
    changes_at(request, occurrences.next_midnight(now))
    changes_at(request, occurrences.changes_state_at(upcoming, now))
    calendar_page = CalendarPage.objects.filter(page_ptr__in=public).only("url_path").first()
    return {"request": request, "upcoming": upcoming, "calendar_page": calendar_page}
