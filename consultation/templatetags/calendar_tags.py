"""Meetings and calendar pieces for templates: a consultation's meetings, the home page's
upcoming dates and month links. Every date comes from consultation.occurrences."""

import datetime

from django import template
from django.core.cache import cache
from django.utils.http import urlencode

from consultation import agenda, meeting_rows, occurrences
from consultation.landmarks import first_public_page
from consultation.models import CalendarPage, ConsultationPage
from consultation.models.calendar_page import DAY_PARAMETER, MONTH_PARAMETER
from home.content_version import current_generation

register = template.Library()

NEXT_DATES_LIMIT = 5
HOME_UPCOMING_LIMIT = 5


@register.filter
def date_words(day, format_string):
    """As the `date` filter for a date (no time of day), kept per process and language
    (consultation.date_words.date_text): a month's page formats dozens of them."""
    from consultation.date_words import date_text

    return date_text(day, format_string) if day else ""


@register.filter
def when_html(occurrence):
    """An occurrence's date and times: the markup of consultation/includes/meeting_when.html,
    kept per process by the times (as the calendar's upcoming list writes it, Entry.when_html):
    a consultation page lists up to six dates of each of its meetings."""
    return agenda.Entry(
        kind="meeting",
        date=occurrence.date,
        title="",
        url=None,
        start=occurrence.start,
        end=occurrence.end,
        cancelled=occurrence.cancelled,
    ).when_html()


@register.simple_tag
def month_query(month, filter_query=""):
    """`?miesiac=YYYY-MM` plus the active filters."""
    query = urlencode({MONTH_PARAMETER: month.strftime("%Y-%m")})
    return f"?{query}&{filter_query}" if filter_query else f"?{query}"


@register.simple_tag
def day_query(day, filter_query=""):
    """`?dzien=YYYY-MM-DD` (one day's full list) plus the active filters."""
    query = urlencode({DAY_PARAMETER: day.isoformat()})
    return f"?{query}&{filter_query}" if filter_query else f"?{query}"


@register.inclusion_tag("consultation/includes/meetings.html", takes_context=True)
def consultation_meetings(context, consultation):
    """The consultation's meetings with their next dates and "add to calendar" links."""
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
        meetings.append(
            {
                "meeting": meeting,
                "next": shown,
                "more": held > NEXT_DATES_LIMIT,
            }
        )
    return {
        "request": context.get("request"),
        "page": consultation,
        "meetings": meetings,
        "calendar_page": first_public_page(CalendarPage) if meetings else None,
    }


@register.inclusion_tag("consultation/includes/home_upcoming.html", takes_context=True)
def upcoming_meetings(context, limit=HOME_UPCOMING_LIMIT):
    """The next meeting dates of every live consultation, for the home page."""
    now = occurrences.local_now()
    # Expanding every meeting's rule is the costly part: keep the result until the content
    # changes or a quarter of an hour passes, and drop dates that have ended since.
    key = f"home-upcoming:{current_generation()}:{now:%Y%m%d%H}:{now.minute // 15}:{limit}"
    upcoming = cache.get(key)
    if upcoming is None:
        consultations = ConsultationPage.objects.live().public()
        horizon = now + datetime.timedelta(days=occurrences.UPCOMING_DAYS)
        meetings = list(meeting_rows.meetings_for(consultations, now, horizon))
        upcoming = agenda.upcoming_dates([], meetings, now, limit * 2, include_periods=False)
        cache.set(key, upcoming, 15 * 60)
    upcoming = [entry for entry in upcoming if entry.occurrence.end > now][:limit]
    return {
        "request": context.get("request"),
        "upcoming": upcoming,
        "calendar_page": first_public_page(CalendarPage),
    }
