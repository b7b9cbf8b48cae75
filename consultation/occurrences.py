"""The one place where meeting occurrences are computed.

The calendar page, a consultation's "next dates", the home page and the iCal feeds all read
occurrences from here, so what a resident's calendar app computes from a feed is what the
portal shows.

Rules are expanded in Europe/Warsaw wall-clock time, as RFC 5545 does for a DTSTART with a
TZID: a weekly 17:00 meeting stays at 17:00 across the change to and from summer time.
django-recurrence stores every date as UTC and its widget stores exception and extra dates as
the editor's local midnight, so `schedule_of` reads them by their Warsaw calendar date and puts
them at the meeting's own time (the same values the feeds write as EXDATE and RDATE).
"""

import datetime
import functools
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

import dateutil.rrule

WARSAW = ZoneInfo("Europe/Warsaw")
END_OF_DAY = datetime.time(23, 59, 59)
UPCOMING_DAYS = 92


def to_local(value):
    """An aware datetime (or a naive one in Warsaw time) as naive Warsaw wall-clock time."""
    if timezone.is_aware(value):
        value = value.astimezone(WARSAW)
    return value.replace(tzinfo=None)


def localize(naive):
    return naive.replace(tzinfo=WARSAW)


def local_now():
    return timezone.now().astimezone(WARSAW)


@dataclass(frozen=True)
class Schedule:
    """A meeting's dates in Warsaw wall-clock time, with every rule bounded the way the feeds write it."""

    start: datetime.datetime
    duration: datetime.timedelta
    rrules: tuple = ()
    rdates: tuple = ()
    exdates: tuple = ()

    @property
    def is_recurring(self):
        return bool(self.rrules or self.rdates)

    def rruleset(self):
        """The dates the meeting takes place (exceptions taken out); built once per schedule."""
        return self._rulesets[0]

    @functools.cached_property
    def cancelled(self):
        """Exception dates the rule would otherwise produce: the cancelled dates, in order.

        An exception on a day the rule never falls on cancels nothing and is not shown.
        """
        planned = self._rulesets[1]
        return tuple(value for value in self.exdates if planned.between(value, value, inc=True))

    @functools.cached_property
    def _rulesets(self):
        return self._build_ruleset(with_exdates=True), self._build_ruleset(with_exdates=False)

    def _build_ruleset(self, with_exdates):
        rules = dateutil.rrule.rruleset()
        # RFC 5545: DTSTART is always the first occurrence, whatever the rule says.
        rules.rdate(self.start)
        for rule, until in self.rrules:
            rules.rrule(
                dateutil.rrule.rrule(
                    rule.freq,
                    dtstart=self.start,
                    interval=rule.interval,
                    wkst=rule.wkst,
                    count=rule.count,
                    until=None if rule.count is not None else until,
                    bysetpos=rule.bysetpos or None,
                    bymonth=rule.bymonth or None,
                    bymonthday=rule.bymonthday or None,
                    byyearday=rule.byyearday or None,
                    byweekno=rule.byweekno or None,
                    byweekday=rule.byday or None,
                    byhour=rule.byhour or None,
                    byminute=rule.byminute or None,
                    bysecond=rule.bysecond or None,
                )
            )
        for rdate in self.rdates:
            rules.rdate(rdate)
        if with_exdates:
            for exdate in self.exdates:
                rules.exdate(exdate)
        return rules


def _on_meeting_time(value, start):
    """A widget date (local midnight, stored as UTC) moved to the meeting's wall-clock time."""
    return datetime.datetime.combine(to_local(value).date(), start.time())


def schedule_of(meeting):
    """The meeting's Schedule, worked out once per loaded meeting (a page may ask several times).

    It is worked out again when start, end or the recurrence object is replaced (as a form
    does); a recurrence changed in place keeps the old schedule until one of those changes.
    """
    cached = meeting.__dict__.get("_schedule")
    if cached is None or cached[0] != meeting.start or cached[1] != meeting.end or cached[2] is not meeting.recurrence:
        cached = (meeting.start, meeting.end, meeting.recurrence, _build_schedule(meeting))
        meeting.__dict__["_schedule"] = cached
    return cached[3]


def _build_schedule(meeting):
    start = to_local(meeting.start)
    duration = to_local(meeting.end) - start
    recurrence = meeting.recurrence
    if not recurrence:
        return Schedule(start=start, duration=duration)
    # "Until" is a calendar day for editors: the meeting on that day still takes place.
    rrules = tuple(
        (rule, datetime.datetime.combine(to_local(rule.until).date(), END_OF_DAY) if rule.until else None)
        for rule in recurrence.rrules
    )
    return Schedule(
        start=start,
        duration=duration,
        rrules=rrules,
        rdates=tuple(sorted({_on_meeting_time(value, start) for value in recurrence.rdates})),
        exdates=tuple(sorted({_on_meeting_time(value, start) for value in recurrence.exdates})),
    )


def count_occurrences(meeting, limit):
    """How many times the meeting takes place, counting no further than `limit`."""
    return sum(1 for _ in itertools.islice(schedule_of(meeting).rruleset(), limit))


def series_end(meeting):
    """When the last occurrence ends (aware), or None for a rule that never ends."""
    schedule = schedule_of(meeting)
    if any(rule.count is None and until is None for rule, until in schedule.rrules):
        return None
    last = None
    for last in schedule.rruleset():  # noqa: B007 - only the last one is wanted
        pass
    return localize(last + schedule.duration)


@dataclass(frozen=True)
class Occurrence:
    """One date of a meeting."""

    meeting: object
    start: datetime.datetime
    end: datetime.datetime
    # A date taken out of the series (EXDATE): shown as cancelled, never counted as an occurrence.
    cancelled: bool = False

    @property
    def title(self):
        return self.meeting.title

    @property
    def consultation(self):
        return self.meeting.page

    @property
    def date(self):
        return self.start.date()

    @property
    def ends_another_day(self):
        return (self.end - datetime.timedelta(microseconds=1)).date() != self.start.date()

    @property
    def sort_key(self):
        return (self.start, self.end, self.meeting.title, self.meeting.pk or 0)


@dataclass(frozen=True)
class Period:
    """The days a consultation takes opinions (all-day, end inclusive)."""

    consultation: object
    start: datetime.date
    end: datetime.date

    @property
    def title(self):
        return self.consultation.title

    @property
    def end_exclusive(self):
        return self.end + datetime.timedelta(days=1)


def meeting_occurrences(meeting, start, end):
    """Occurrences of one meeting overlapping [start, end); both aware or naive Warsaw datetimes."""
    schedule = schedule_of(meeting)
    window_start, window_end = to_local(start), to_local(end)
    # An occurrence that began before the window but is still running belongs to it.
    after = window_start - schedule.duration
    duration = schedule.duration
    return [
        Occurrence(meeting, localize(begin), localize(begin + duration))
        for begin in schedule.rruleset().between(after, window_end)
    ]


def meeting_cancellations(meeting, start, end):
    """Cancelled dates of one meeting overlapping [start, end) (never among its occurrences)."""
    schedule = schedule_of(meeting)
    window_start, window_end = to_local(start), to_local(end)
    duration = schedule.duration
    return [
        Occurrence(meeting, localize(begin), localize(begin + duration), cancelled=True)
        for begin in schedule.cancelled
        if begin < window_end and begin + duration > window_start
    ]


def day_start(day):
    return datetime.datetime.combine(day, datetime.time())


def occurrences_between(meetings, start, end):
    """Every occurrence of these meetings overlapping [start, end), in date order."""
    found = itertools.chain.from_iterable(meeting_occurrences(meeting, start, end) for meeting in meetings)
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


def periods_between(consultations, first_day, last_day):
    """Consultation periods overlapping the days first_day..last_day (inclusive)."""
    return [
        Period(consultation=consultation, start=consultation.start_date, end=consultation.end_date)
        for consultation in consultations
        if consultation.start_date <= last_day and consultation.end_date >= first_day
    ]


def meetings_for(consultations, start=None, end=None, with_pages=True):
    """The meetings of these consultations (a queryset), in one query.

    With a window (aware datetimes; either end may be None for "open"), only meetings that can
    have an occurrence in it are loaded. Without `with_pages` the caller attaches the pages it
    has already loaded (a meeting's page is a whole ConsultationPage row, costly to load again).
    """
    from consultation.models import Meeting

    meetings = Meeting.objects.filter(page__in=consultations.order_by().values("pk"))
    if with_pages:
        meetings = meetings.select_related("page")
    if end is not None:
        meetings = meetings.filter(start__lt=end)
    if start is not None:
        meetings = meetings.filter(Q(last_end__isnull=True) | Q(last_end__gt=start))
    return meetings.order_by("start", "pk")


def attach_pages(meetings, consultations):
    """Meetings with their page taken from the consultations already loaded (one more query for
    the pages of meetings whose consultation is not among them)."""
    from consultation.models import ConsultationPage

    pages = {consultation.pk: consultation for consultation in consultations}
    meetings = list(meetings)
    missing = {meeting.page_id for meeting in meetings} - pages.keys()
    if missing:
        pages.update(ConsultationPage.objects.in_bulk(missing))
    for meeting in meetings:
        meeting.page = pages[meeting.page_id]
    return meetings


def next_occurrences(meeting, now, limit):
    """The next dates of one meeting that are not over yet."""
    schedule = schedule_of(meeting)
    after = to_local(now) - schedule.duration
    duration = schedule.duration
    return [
        Occurrence(meeting, localize(begin), localize(begin + duration))
        for begin in itertools.islice(schedule.rruleset().xafter(after, inc=False), limit)
    ]


def next_dates(meeting, now, limit):
    """The next `limit` occurrences not over yet, with the cancelled dates among them marked.

    Cancelled dates are listed up to the last of those occurrences (all future ones when the
    series has fewer than `limit` dates left), so a resident used to a weekly date sees that
    one week it does not take place.
    """
    found = next_occurrences(meeting, now, limit)
    schedule = schedule_of(meeting)
    if not schedule.cancelled:
        return found
    after = to_local(now) - schedule.duration
    until = to_local(found[-1].start) if len(found) >= limit else None
    cancelled = [
        Occurrence(meeting, localize(begin), localize(begin + schedule.duration), cancelled=True)
        for begin in schedule.cancelled
        if begin > after and (until is None or begin < until)
    ]
    return sorted(found + cancelled, key=lambda occurrence: occurrence.sort_key)
