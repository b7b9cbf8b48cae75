"""Writing iCalendar (RFC 5545) feeds: the Europe/Warsaw VTIMEZONE, the events of consultations
and meetings (FeedWriter, with each event kept per process by what it is written from) and the
whole feed (build_calendar). The views that serve the feeds are in consultation.ical.

Consultation periods are all-day events (DTEND is the day after the last day). Meetings keep
their rule (RRULE, EXDATE, RDATE) in Europe/Warsaw time, exactly as `consultation.occurrences`
expands it, so a calendar app computes the same dates as the portal shows.

The calendar object, its time zone and the rules' value syntax come from `icalendar`; the events
are written by `FeedWriter` straight to text. Building an icalendar `Event` and serialising it
costs about a millisecond per event (measured with pyinstrument: `Event.new`, property objects
and `Component.to_ical` with its folding took 95% of a 500-meeting feed); the writer produces
the same bytes as icalendar does for the same values (tests/test_calendar_feed_writer.py
compares them) in a few microseconds.
"""

import datetime
import threading
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Site

import recurrence
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard

from consultation import agenda, meeting_rows, occurrences
from consultation.models import MeetingKind

PRODID = "-//Miasto Będzin//Konsultacje społeczne//PL"


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


def hostname_of(request):
    site = Site.find_for_request(request)
    return (site.hostname if site else None) or request.get_host().split(":")[0]


def _stamp(page):
    return (page.last_published_at or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)


def escape_text(value):
    """TEXT escaping exactly as icalendar's vText does it (RFC 5545 3.3.11)."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """The content line folded as icalendar folds it: at most 74 octets a line (plus the leading
    space of a continuation), never inside a UTF-8 character nor right after a backslash or a
    caret (clients then mistake the escape), ending with CRLF. Returns bytes."""
    data = line.encode()
    if len(data) < 75:
        return data + b"\r\n"
    parts = []
    begin = 0
    while len(data) - begin > 74:
        cut = begin + 74
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 character
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        parts.append(data[begin:cut])
        begin = cut
    parts.append(data[begin:])
    return b"\r\n ".join(parts) + b"\r\n"


def _date(value):
    return value.strftime("%Y%m%d")


def _local(value):
    """A naive Warsaw wall-clock time as written next to TZID=Europe/Warsaw."""
    return value.strftime("%Y%m%dT%H%M%S")


def _utc(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# vRecur's canonical order of the parts django-recurrence can hold.
_RULE_PARTS = ("bysecond", "byminute", "byhour", "byday", "bymonthday", "byyearday", "byweekno", "bymonth", "bysetpos")


def rrule_text(rule, until):
    """The RRULE value, as icalendar writes django-recurrence's serialisation of the rule:
    UNTIL (the editor's last day, naive Warsaw time) in UTC as RFC 5545 requires next to a
    DTSTART with TZID."""
    parts = ["FREQ=" + recurrence.Rule.frequencies[rule.freq]]
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    elif until is not None:
        parts.append("UNTIL=" + _utc(occurrences.localize(until)))
    if rule.interval != 1:
        parts.append(f"INTERVAL={int(rule.interval)}")
    for name in _RULE_PARTS:
        values = getattr(rule, name, None)
        if not values:
            continue
        if name == "byday":
            days = []
            for day in values:
                day = recurrence.to_weekday(day)
                days.append(f"{day.index or ''}{_WEEKDAYS[day.number]}")
            parts.append("BYDAY=" + ",".join(days))
        else:
            parts.append(f"{name.upper()}=" + ",".join(str(value) for value in values))
    if rule.wkst:  # django-recurrence leaves out Monday (0), the default
        parts.append("WKST=" + _WEEKDAYS[getattr(rule.wkst, "number", rule.wkst)])
    return ";".join(parts)


class FeedWriter:
    """Writes events for one request; labels and page URLs are worked out once per feed, not per event."""

    def __init__(self, request):
        self.request = request
        self.hostname = hostname_of(request)
        self.language = get_language()
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
        self._stamps = {}

    def url(self, page):
        key = page.pk
        if key not in self._urls:
            if isinstance(page, FeedConsultation):
                # The link its page would give, kept per process by its url_path and the sites.
                self._urls[key] = agenda.page_url(page.url_path, self.request, full=True)
            else:
                self._urls[key] = page.get_full_url(self.request)
        return self._urls[key]

    def stamp(self, page):
        if page.pk not in self._stamps:
            self._stamps[page.pk] = _utc(_stamp(page))
        return self._stamps[page.pk]

    def period_event(self, consultation):
        """A consultation's days as an all-day event (bytes).

        One read as plain values (FeedConsultation) is written once per process for its values,
        link, host name and language (see EVENT_CACHE_SIZE)."""
        if isinstance(consultation, FeedConsultation):
            key = (consultation, self.url(consultation), self.hostname, self.language)
            return _kept_event(key, self._period_event, consultation)
        return self._period_event(consultation)

    def _period_event(self, consultation):
        return b"".join(
            [
                b"BEGIN:VEVENT\r\n",
                fold("SUMMARY:" + escape_text(consultation.title)),
                b"DTSTART;VALUE=DATE:%s\r\n" % _date(consultation.start_date).encode(),
                b"DTEND;VALUE=DATE:%s\r\n" % _date(consultation.end_date + datetime.timedelta(days=1)).encode(),
                b"DTSTAMP:%s\r\n" % self.stamp(consultation).encode(),
                fold(f"UID:konsultacja-{consultation.pk}@{self.hostname}"),
                fold("CATEGORIES:" + escape_text(self.texts["category"])),
                fold("DESCRIPTION:" + escape_text(consultation.lead)),
                b"TRANSP:TRANSPARENT\r\n",
                fold("URL:" + self.url(consultation)),
                b"END:VEVENT\r\n",
            ]
        )

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
        """A meeting with its rule, extra and cancelled dates in Warsaw time (bytes).

        One read as plain values (MeetingRow) is written once per process for its values, its
        consultation's title, stamp and link, the host name and the language (see
        EVENT_CACHE_SIZE): after a change of content a feed writes again only what changed."""
        if isinstance(meeting, meeting_rows.MeetingRow):
            page = meeting.page
            key = (
                meeting.pk,
                meeting.title,
                meeting.kind,
                meeting.start,
                meeting.end,
                meeting.place_name,
                meeting.address,
                meeting.online_url,
                meeting.accessibility_note,
                meeting.registration_note,
                meeting.recurrence_text,
                page.title,
                self.stamp(page),
                self.url(page),
                self.hostname,
                self.language,
            )
            return _kept_event(key, self._meeting_event, meeting)
        return self._meeting_event(meeting)

    def _meeting_event(self, meeting):
        schedule = occurrences.schedule_of(meeting)
        lines = [
            b"BEGIN:VEVENT\r\n",
            fold("SUMMARY:" + escape_text(meeting.title)),
            b"DTSTART;TZID=Europe/Warsaw:%s\r\n" % _local(schedule.start).encode(),
            b"DTEND;TZID=Europe/Warsaw:%s\r\n" % _local(schedule.start + schedule.duration).encode(),
            b"DTSTAMP:%s\r\n" % self.stamp(meeting.page).encode(),
            fold(f"UID:spotkanie-{meeting.pk}@{self.hostname}"),
        ]
        for rule, until in schedule.rrules:
            lines.append(fold("RRULE:" + rrule_text(rule, until)))
        if schedule.rdates:
            lines.append(fold("RDATE;TZID=Europe/Warsaw:" + ",".join(_local(value) for value in schedule.rdates)))
        if schedule.exdates:
            lines.append(fold("EXDATE;TZID=Europe/Warsaw:" + ",".join(_local(value) for value in schedule.exdates)))
        lines.append(fold("CATEGORIES:" + escape_text(self.kinds.get(meeting.kind, meeting.kind))))
        lines.append(fold("DESCRIPTION:" + escape_text(self.description(meeting))))
        location = _location(meeting)
        if location:
            lines.append(fold("LOCATION:" + escape_text(location)))
        lines.append(fold(f"URL:{self.url(meeting.page)}#spotkanie-{meeting.pk}"))
        lines.append(b"END:VEVENT\r\n")
        return b"".join(lines)


# Events written by a process, by everything they are written from (FeedWriter.meeting_event and
# period_event): a city's whole feed is a few thousand events, a few hundred bytes each.
EVENT_CACHE_SIZE = 8192
_events = {}
_events_lock = threading.Lock()


def _kept_event(key, write, value):
    event = _events.get(key)
    if event is None:
        event = write(value)
        with _events_lock:
            if len(_events) >= EVENT_CACHE_SIZE:
                _events.clear()  # a simple bound: the next feed writes its events again
            _events[key] = event
    return event


def _location(meeting):
    parts = [part for part in (meeting.place_name, meeting.address) if part]
    if not parts and meeting.online_url:
        parts = [meeting.online_url]
    return ", ".join(parts)


@dataclass(frozen=True)
class FeedConsultation:
    """What the whole-calendar feed writes of a consultation, read as plain values (a feed may
    carry hundreds; making page objects cost more than writing the events)."""

    pk: int
    title: str
    lead: str
    start_date: datetime.date
    end_date: datetime.date
    last_published_at: datetime.datetime
    url_path: str


def feed_consultations(queryset):
    return [FeedConsultation(*row) for row in queryset.values_list(*FeedConsultation.__dataclass_fields__)]


def build_calendar(name, consultations, meetings, request):
    """The feed as bytes: the calendar and its time zone from icalendar, then the events."""
    feed = Calendar.new(prodid=PRODID, name=name)
    # Calendar.new adds a random UID; a feed that changes identity on every fetch confuses clients.
    del feed["uid"]
    feed.add("x-wr-timezone", "Europe/Warsaw")
    feed.add("refresh-interval", datetime.timedelta(hours=6), parameters={"value": "DURATION"})
    feed.add("x-published-ttl", "PT6H")
    feed.add_component(warsaw_vtimezone())
    head = feed.to_ical()
    end = b"END:VCALENDAR\r\n"
    writer = FeedWriter(request)
    parts = [head.removesuffix(end)]
    parts.extend(writer.period_event(consultation) for consultation in consultations)
    parts.extend(writer.meeting_event(meeting) for meeting in meetings)
    parts.append(end)
    return b"".join(parts)
