"""iCalendar (RFC 5545) feeds: the whole calendar, one consultation, and one meeting.

Consultation periods are all-day events (DTEND is the day after the last day). Meetings keep
their rule (RRULE, EXDATE, RDATE) in Europe/Warsaw time, exactly as `consultation.occurrences`
expands it, so a calendar app computes the same dates as the portal shows.
"""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

import recurrence
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from consultation import occurrences
from consultation.models import CalendarPage, ConsultationPage, Meeting, MeetingKind

PRODID = "-//Miasto Będzin//Konsultacje społeczne//PL"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def warsaw_vtimezone():
    """Europe/Warsaw as yearly rules (EU rules since 1996).

    icalendar's own VTIMEZONE lists every change as one multi-value RDATE, and ical.js
    (Thunderbird, Nextcloud) reads only the first value of it; yearly RRULEs read everywhere.
    """
    zone = Timezone()
    zone.add("tzid", "Europe/Warsaw")
    zone.add("x-lic-location", "Europe/Warsaw")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    summer.add("dtstart", datetime.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _hostname(request):
    site = Site.find_for_request(request)
    return (site.hostname if site else None) or request.get_host().split(":")[0]


def _stamp(page):
    return (page.last_published_at or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)


class FeedWriter:
    """Writes events for one request; labels and page URLs are worked out once per feed, not per event."""

    def __init__(self, request):
        self.request = request
        self.hostname = _hostname(request)
        self.kinds = {value: str(label) for value, label in MeetingKind.choices}
        self.texts = {
            "consultation": _("Konsultacje: %(title)s"),
            "kind": _("Rodzaj: %(kind)s"),
            "online": _("Dołącz online: %(url)s"),
            "registration": _("Zapisy: %(note)s"),
            "accessibility": _("Dostępność: %(note)s"),
            "category": _("Konsultacje społeczne"),
        }
        self._urls = {}

    def url(self, page):
        if page.pk not in self._urls:
            self._urls[page.pk] = page.get_full_url(self.request)
        return self._urls[page.pk]

    def period_event(self, consultation):
        event = Event.new(
            uid=f"konsultacja-{consultation.pk}@{self.hostname}",
            summary=consultation.title,
            start=consultation.start_date,
            end=consultation.end_date + datetime.timedelta(days=1),
            stamp=_stamp(consultation),
            description=consultation.lead,
            url=self.url(consultation),
            categories=[self.texts["category"]],
        )
        event.add("transp", "TRANSPARENT")
        return event

    def description(self, meeting):
        texts = self.texts
        lines = [
            texts["consultation"] % {"title": meeting.page.title},
            texts["kind"] % {"kind": self.kinds.get(meeting.kind, meeting.kind)},
        ]
        if meeting.online_url:
            lines.append(texts["online"] % {"url": meeting.online_url})
        if meeting.registration_note:
            lines.append(texts["registration"] % {"note": meeting.registration_note})
        if meeting.accessibility_note:
            lines.append(texts["accessibility"] % {"note": meeting.accessibility_note})
        return "\n".join(lines)

    def meeting_event(self, meeting):
        schedule = occurrences.schedule_of(meeting)
        event = Event.new(
            uid=f"spotkanie-{meeting.pk}@{self.hostname}",
            summary=meeting.title,
            start=occurrences.localize(schedule.start),
            end=occurrences.localize(schedule.start + schedule.duration),
            stamp=_stamp(meeting.page),
            location=_location(meeting) or None,
            description=self.description(meeting),
            url=f"{self.url(meeting.page)}#spotkanie-{meeting.pk}",
            categories=[self.kinds.get(meeting.kind, meeting.kind)],
        )
        for rule, until in schedule.rrules:
            event.add("rrule", _rrule(rule, until))
        if schedule.rdates:
            event.add("rdate", [occurrences.localize(value) for value in schedule.rdates])
        if schedule.exdates:
            event.add("exdate", [occurrences.localize(value) for value in schedule.exdates])
        return event


def _rrule(rule, until):
    """The rule as RRULE, with UNTIL in UTC as RFC 5545 requires next to a DTSTART with TZID."""
    bounded = recurrence.Rule(
        rule.freq,
        interval=rule.interval,
        wkst=rule.wkst,
        count=rule.count,
        until=None if rule.count is not None or until is None else occurrences.localize(until),
        **{name: getattr(rule, name) for name in recurrence.Rule.byparams},
    )
    text = recurrence.serialize(bounded).split("RRULE:", 1)[1]
    return vRecur.from_ical(text)


def _location(meeting):
    parts = [part for part in (meeting.place_name, meeting.address) if part]
    if not parts and meeting.online_url:
        parts = [meeting.online_url]
    return ", ".join(parts)


def build_calendar(name, consultations, meetings, request):
    feed = Calendar.new(prodid=PRODID, name=name)
    # Calendar.new adds a random UID; a feed that changes identity on every fetch confuses clients.
    del feed["uid"]
    feed.add("x-wr-timezone", "Europe/Warsaw")
    feed.add("refresh-interval", datetime.timedelta(hours=6), parameters={"value": "DURATION"})
    feed.add("x-published-ttl", "PT6H")
    feed.add_component(warsaw_vtimezone())
    writer = FeedWriter(request)
    for consultation in consultations:
        feed.add_component(writer.period_event(consultation))
    for meeting in meetings:
        feed.add_component(writer.meeting_event(meeting))
    return feed


def ical_response(feed, filename, attachment=False):
    response = HttpResponse(feed.to_ical(), content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def calendar_feed(request, calendar_page):
    _register_filter, consultations = calendar_page.consultations(request)
    consultations = consultations.order_by("start_date", "pk")
    name = _("Konsultacje społeczne – %(site)s") % {"site": calendar_page.get_site().site_name or calendar_page.title}
    feed = build_calendar(name, consultations, occurrences.meetings_for(consultations), request)
    return ical_response(feed, "kalendarz.ics")


def consultation_feed(request, consultation):
    consultations = ConsultationPage.objects.filter(pk=consultation.pk)
    feed = build_calendar(consultation.title, consultations, occurrences.meetings_for(consultations), request)
    return ical_response(feed, f"{consultation.slug}.ics")


def _live_page(request, page_path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    page = Page.objects.live().public().filter(url_path=site.root_page.url_path + page_path).first()
    if page is None:
        raise Http404
    return page.specific


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
    meeting = get_object_or_404(Meeting.objects.select_related("page"), pk=meeting_id, page=page)
    feed = build_calendar(meeting.title, [], [meeting], request)
    return ical_response(feed, f"spotkanie-{meeting.pk}.ics", attachment=True)
