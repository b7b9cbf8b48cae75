"""iCalendar (RFC 5545) feeds, written with icalendar's own objects: the whole calendar, one
consultation, and one meeting.

Consultation periods are all-day events (DTEND is the day after the last day). Meetings keep
their rule (RRULE, EXDATE, RDATE) in Europe/Warsaw time, exactly as `consultation.occurrences`
expands it, so a calendar app computes the same dates as the portal shows. The whole-calendar
feed carries what ended at most FEED_HISTORY_DAYS ago and everything later; a consultation's
feed and a meeting's file carry all their dates.

icalendar's values and content lines write every line (`Calendar.to_ical`); FeedWriter sets
each single property as the value `add` would make of it, which skips `add`'s working out of
the type and parameters for every line of every event (the same bytes,
tests/test_ical_serialising.py). A serialiser of our own that skipped icalendar's folding of
short lines saved about 12 % of the whole-calendar feed's time more (measured 2026-12-06, city
scale, 170 events) and was left out: issue 15 keeps the serialising to icalendar.
"""

import datetime

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

import recurrence
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCategory, vDDDTypes, vText, vUri

from consultation import agenda, occurrences
from consultation.models import CalendarPage, ConsultationPage, Meeting, MeetingKind
from consultation.models.calendar_page import FEED_HISTORY_DAYS

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Miasto Będzin//Konsultacje społeczne//PL"
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The parts of a rule django-recurrence can hold, besides FREQ, COUNT, UNTIL, INTERVAL and WKST.
_RULE_PARTS = ("bysecond", "byminute", "byhour", "byday", "bymonthday", "byyearday", "byweekno", "bymonth", "bysetpos")


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


def rrule_of(rule, until):
    """A django-recurrence rule as icalendar's RRULE value: UNTIL (the end of the editor's last
    day, naive Warsaw time) in UTC, as RFC 5545 requires next to a DTSTART with TZID."""
    value = {"freq": recurrence.Rule.frequencies[rule.freq]}
    if rule.count is not None:
        value["count"] = rule.count
    elif until is not None:
        value["until"] = occurrences.localize(until).astimezone(datetime.UTC)
    if rule.interval != 1:
        value["interval"] = int(rule.interval)
    for name in _RULE_PARTS:
        values = getattr(rule, name, None)
        if not values:
            continue
        if name == "byday":
            days = [recurrence.to_weekday(day) for day in values]
            value[name] = [f"{day.index or ''}{_WEEKDAYS[day.number]}" for day in days]
        else:
            value[name] = list(values)
    if rule.wkst:  # django-recurrence leaves out Monday (0), the default
        value["wkst"] = _WEEKDAYS[getattr(rule.wkst, "number", rule.wkst)]
    return value


class FeedWriter:
    """Builds the events of one feed; labels, links and stamps are worked out once per feed.

    A property is set as the icalendar value `Component.add` would make of it (vText, vUri,
    vDDDTypes, vCategory: the same lines, tests/test_ical_serialising.py), which is half the
    time of working out its type and parameters for every line of every event; the few rules,
    extra and cancelled dates are added by `add`."""

    def __init__(self, request):
        self.request = request
        site = Site.find_for_request(request)
        self.hostname = (site.hostname if site else None) or request.get_host().split(":")[0]
        self.kinds = {value: str(label) for value, label in MeetingKind.choices}
        self.texts = {
            "consultation": _("Konsultacje: %(title)s"),
            "kind": _("Rodzaj: %(kind)s"),
            "online": _("Dołącz online: %(url)s"),
            "registration": _("Zapisy: %(note)s"),
            "accessibility": _("Dostępność: %(note)s"),
        }
        # One value for every event of a category (a value is only read when written).
        self.categories = {None: vCategory([_("Konsultacje społeczne")])}
        self.categories.update((value, vCategory([label])) for value, label in self.kinds.items())
        self._urls = {}

    def url(self, page):
        if page.pk not in self._urls:
            # On the host the feed was asked from (the Site's may differ, e.g. under runserver).
            self._urls[page.pk] = self.request.build_absolute_uri(page.get_url(self.request))
        return self._urls[page.pk]

    @staticmethod
    def stamp(page):
        return vDDDTypes((page.last_published_at or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0))

    def period_event(self, consultation):
        """A consultation's days as an all-day event."""
        event = Event()
        event["SUMMARY"] = vText(consultation.title)
        event["DTSTART"] = vDDDTypes(consultation.start_date)
        event["DTEND"] = vDDDTypes(consultation.end_date + datetime.timedelta(days=1))
        event["DTSTAMP"] = self.stamp(consultation)
        event["UID"] = vText(f"konsultacja-{consultation.pk}@{self.hostname}")
        event["CATEGORIES"] = self.categories[None]
        event["DESCRIPTION"] = vText(consultation.lead)
        event["TRANSP"] = vText("TRANSPARENT")
        event["URL"] = vUri(self.url(consultation))
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
        """A meeting with its rule, extra and cancelled dates in Warsaw time."""
        schedule = occurrences.schedule_of(meeting)
        event = Event()
        event["SUMMARY"] = vText(meeting.title)
        event["DTSTART"] = vDDDTypes(occurrences.localize(schedule.start))
        event["DTEND"] = vDDDTypes(occurrences.localize(schedule.start + schedule.duration))
        event["DTSTAMP"] = self.stamp(meeting.page)
        event["UID"] = vText(f"spotkanie-{meeting.pk}@{self.hostname}")
        for rule, until in schedule.rrules:
            event.add("rrule", rrule_of(rule, until))
        if schedule.rdates:
            event.add("rdate", [occurrences.localize(value) for value in schedule.rdates])
        if schedule.exdates:
            event.add("exdate", [occurrences.localize(value) for value in schedule.exdates])
        category = self.categories.get(meeting.kind)
        event["CATEGORIES"] = category if category is not None else vCategory([meeting.kind])
        event["DESCRIPTION"] = vText(self.description(meeting))
        location = ", ".join(part for part in (meeting.place_name, meeting.address) if part) or meeting.online_url
        if location:
            event["LOCATION"] = vText(location)
        event["URL"] = vUri(f"{self.url(meeting.page)}#spotkanie-{meeting.pk}")
        return event


def build_calendar(name, consultations, meetings, request):
    """The feed as bytes: the calendar, its time zone and the events."""
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
    return feed.to_ical()


def ical_response(body, filename, attachment=False):
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def calendar_feed(request, calendar_page, public=None):
    """Everything that ended at most FEED_HISTORY_DAYS ago, and all that follows (with the
    page's topic and district filters): three queries, whatever their number (two with
    `public`, the live public pages already read)."""
    register_filter = calendar_page.register_filter(request, public)
    consultations = register_filter.queryset()
    today = occurrences.local_now().date()
    since_day = today - datetime.timedelta(days=FEED_HISTORY_DAYS)
    since = occurrences.localize(occurrences.day_start(since_day))
    # A series may still run when its consultation ended more than FEED_HISTORY_DAYS ago.
    meetings = agenda.meetings_of(consultations, start=since)
    page_ids = {meeting.page_id for meeting in meetings}
    found = consultations.filter(Q(end_date__gte=since_day) | Q(pk__in=page_ids))
    pages = {page.pk: page for page in found.only(*agenda.CONSULTATION_FIELDS).order_by("start_date", "pk")}
    for meeting in meetings:
        meeting.page = pages[meeting.page_id]
    recent = [page for page in pages.values() if page.end_date >= since_day]
    site = Site.find_for_request(request)
    name = _("Konsultacje społeczne – %(site)s") % {"site": (site and site.site_name) or calendar_page.title}
    if register_filter.chosen_names:
        # A subscriber to several districts tells the calendars apart by their names.
        name = _("%(feed)s: %(filters)s") % {"feed": name, "filters": ", ".join(register_filter.chosen_names)}
    return ical_response(build_calendar(name, recent, meetings, request), "kalendarz.ics")


def consultation_feed(request, consultation):
    meetings = list(Meeting.objects.filter(page=consultation).listed().order_by("start", "pk"))
    for meeting in meetings:
        meeting.page = consultation
    feed = build_calendar(consultation.title, [consultation], meetings, request)
    return ical_response(feed, f"{consultation.slug}.ics")


def live_page_at(request, page_path, page_types, public=None):
    """The live, public page at `page_path` under the request's site, as its own type (one of
    `page_types`), or 404: one query, each type's row joined (plus the privacy check, unless
    `public`, the live public pages, is given)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    url_path = site.root_page.url_path + page_path
    pages = Page.objects.live().public() if public is None else public
    names = [page_type._meta.model_name for page_type in page_types]
    found = pages.filter(url_path=url_path).select_related(*names).first()
    for name in names:
        page = getattr(found, name, None)  # None when it is of another type
        if page is not None:
            return page
    raise Http404


def page_feed(request, page_path):
    """/kalendarz/kalendarz.ics (everything, with the page's filters) or /konsultacje/<slug>/kalendarz.ics."""
    public = Page.objects.live().public()  # one privacy check for the page and what it lists
    page = live_page_at(request, page_path, (CalendarPage, ConsultationPage), public)
    if isinstance(page, CalendarPage):
        return calendar_feed(request, page, public)
    return consultation_feed(request, page)


def meeting_feed(request, page_path, meeting_id):
    """One meeting (with all its dates) to add to a calendar: /konsultacje/<slug>/spotkanie-<id>.ics."""
    page = live_page_at(request, page_path, (ConsultationPage,))
    meeting = get_object_or_404(Meeting.objects.listed(), pk=meeting_id, page=page)
    meeting.page = page
    feed = build_calendar(meeting.title, [], [meeting], request)
    return ical_response(feed, f"spotkanie-{meeting.pk}.ics", attachment=True)
