"""iCalendar (RFC 5545) feeds served: the whole calendar, one consultation, and one meeting. They
are written by consultation.ical_writer.

The whole-calendar feed carries what ended at most FEED_HISTORY_DAYS ago and everything later;
a consultation's feed and a meeting's file carry all their dates.
"""

import datetime

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from wagtail.models import Site

from consultation import meeting_rows, occurrences
from consultation.ical_writer import FeedConsultation, build_calendar, hostname_of
from consultation.models import CalendarPage, ConsultationPage, Meeting
from consultation.models.calendar_page import FEED_HISTORY_DAYS, MONTH_CACHE_SECONDS
from home.routing import public_page_at

CONTENT_TYPE = "text/calendar; charset=utf-8"


def ical_response(body, filename, attachment=False):
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def calendar_feed(request, calendar_page):
    """Everything that ended at most FEED_HISTORY_DAYS ago, and all that follows (with the
    page's topic and district filters). Kept like the calendar's month section: until the
    content changes or the day does (the window moves with it)."""
    register_filter, consultations = calendar_page.consultations(request)
    today = occurrences.local_now().date()
    key = calendar_page._cache_key(request, "feed", register_filter, today.isoformat())
    body = cache.get(key)
    if body is None:
        consultations = consultations()
        since = occurrences.localize(occurrences.day_start(today - datetime.timedelta(days=FEED_HISTORY_DAYS)))
        recent_rows = list(
            consultations.filter(end_date__gte=since.date())
            .order_by("start_date", "pk")
            .values_list(*FeedConsultation.__dataclass_fields__)
        )
        # Each meeting with its consultation, read by the same query (a series may still run
        # when its consultation ended more than FEED_HISTORY_DAYS ago).
        meeting_values, meetings = meeting_rows.read_meetings(
            meeting_rows.meetings_for(consultations, start=since, with_pages=False), FeedConsultation
        )
        site = _site_of(request, calendar_page)
        name = _("Konsultacje społeczne – %(site)s") % {"site": (site and site.site_name) or calendar_page.title}
        # Looked up by what it is written from: after a change of other content (a news page,
        # a setting) the feed is not written again.
        rows_key = calendar_page._rows_key(
            request,
            "feed",
            register_filter,
            today,
            name,
            hostname_of(request),
            meeting_rows.rows_digest(recent_rows),
            meeting_rows.rows_digest(meeting_values),
        )
        body = cache.get(rows_key)
        if body is None:
            recent = [FeedConsultation(*row) for row in recent_rows]
            body = build_calendar(name, recent, meetings, request)
            cache.set(rows_key, body, MONTH_CACHE_SECONDS)
        cache.set(key, body, MONTH_CACHE_SECONDS)
    return ical_response(body, "kalendarz.ics")


def _site_of(request, page):
    """The site the page belongs to (as Page.get_site finds it): the request's own site, already
    loaded, when the page is in it."""
    from home.routing import site_id_for

    site = Site.find_for_request(request)
    if site is not None and site_id_for(page) == site.pk:
        return site
    return page.get_site()


def consultation_feed(request, consultation):
    consultations = ConsultationPage.objects.filter(pk=consultation.pk)
    meetings = meeting_rows.attach_pages(meeting_rows.meetings_for(consultations, with_pages=False), [consultation])
    feed = build_calendar(consultation.title, [consultation], meetings, request)
    return ical_response(feed, f"{consultation.slug}.ics")


def _live_page(request, page_path):
    page = public_page_at(request, page_path)
    if page is None:
        raise Http404
    return page


def page_feed(request, page_path):
    """/kalendarz/kalendarz.ics (everything, with the page's filters) or /konsultacje/<slug>/kalendarz.ics."""
    page = _live_page(request, page_path)
    if isinstance(page, CalendarPage):
        return calendar_feed(request, page)
    if isinstance(page, ConsultationPage):
        return consultation_feed(request, page)
    raise Http404


def meeting_feed(request, page_path, meeting_id):
    """One meeting (with all its dates) to add to a calendar: /konsultacje/<slug>/spotkanie-<id>.ics."""
    page = _live_page(request, page_path)
    if not isinstance(page, ConsultationPage):
        raise Http404
    meeting = get_object_or_404(Meeting, pk=meeting_id, page=page)
    meeting.page = page
    feed = build_calendar(meeting.title, [], [meeting], request)
    return ical_response(feed, f"spotkanie-{meeting.pk}.ics", attachment=True)
