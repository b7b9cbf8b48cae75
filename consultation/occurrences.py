"""The one place where meeting occurrences are computed (a pure module: no models, no caches).

The calendar page, a consultation's "next dates", the home page and the iCal feeds all read
occurrences from here, so what a resident's calendar app computes from a feed is what the
portal shows.

Rules are expanded in Europe/Warsaw wall-clock time, as RFC 5545 does for a DTSTART with a
TZID: a weekly 17:00 meeting stays at 17:00 across the change to and from summer time.
django-recurrence stores every date as UTC and its widget stores exception and extra dates as
the editor's local midnight, so `schedule_of` reads them by their Warsaw calendar date and puts
them at the meeting's own time (the same values the feeds write as EXDATE and RDATE).

A meeting is anything with `start`, `end`, `recurrence`, `title` and `pk` (a Meeting); a
consultation anything with `start_date`, `end_date` and `title`.
"""

import datetime
import heapq
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

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


def day_start(day):
    return datetime.datetime.combine(day, datetime.time())


def next_midnight(now):
    """The first moment of the day after `now` (aware, Warsaw)."""
    return localize(day_start(to_local(now).date() + datetime.timedelta(days=1)))


@dataclass(frozen=True)
class Schedule:
    """A meeting's dates in Warsaw wall-clock time, with every rule bounded the way the feeds write it:
    `rrules` are (rule, until) pairs, `until` the end of the editor's last day or None."""

    start: datetime.datetime
    duration: datetime.timedelta
    rrules: tuple = ()
    rdates: tuple = ()
    exdates: tuple = ()

    @property
    def is_recurring(self):
        return bool(self.rrules or self.rdates)

    def rruleset(self, with_exdates=True):
        """The dates the meeting takes place (exceptions taken out unless asked otherwise)."""
        # cache=True: a page asks one schedule several times (its month, its upcoming dates).
        rules = dateutil.rrule.rruleset(cache=True)
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


def build_schedule(start, end, recurrence):
    start = to_local(start)
    duration = to_local(end) - start
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


class _Expanded:
    """A schedule's rule sets, built once per meeting object (see schedule_of)."""

    def __init__(self, schedule):
        self.schedule = schedule
        self.held = schedule.rruleset()
        self._cancelled = None

    @property
    def cancelled(self):
        """Exception dates the rule would otherwise produce, in order (an exception on a day the
        rule never falls on cancels nothing and is not shown)."""
        if self._cancelled is None:
            schedule = self.schedule
            if not schedule.exdates:
                self._cancelled = ()
            else:
                planned = schedule.rruleset(with_exdates=False)
                dates = set(planned.between(schedule.exdates[0], schedule.exdates[-1], inc=True))
                self._cancelled = tuple(value for value in schedule.exdates if value in dates)
        return self._cancelled


def _expanded(meeting):
    """The meeting's schedule and rule sets, worked out once per meeting object and again when
    its start, end or recurrence object is replaced (as a form does)."""
    kept = meeting.__dict__.get("_expanded")
    if kept is None or kept[0] != meeting.start or kept[1] != meeting.end or kept[2] is not meeting.recurrence:
        expanded = _Expanded(build_schedule(meeting.start, meeting.end, meeting.recurrence))
        kept = (meeting.start, meeting.end, meeting.recurrence, expanded)
        meeting.__dict__["_expanded"] = kept
    return kept[3]


def schedule_of(meeting):
    return _expanded(meeting).schedule


def count_occurrences(meeting, limit):
    """How many times the meeting takes place, counting no further than `limit`."""
    return sum(1 for _ in itertools.islice(_expanded(meeting).held, limit))


def series_end(meeting):
    """When the last occurrence ends (aware), or None for a rule that never ends."""
    schedule = schedule_of(meeting)
    if any(rule.count is None and until is None for rule, until in schedule.rrules):
        return None
    last = None
    for last in _expanded(meeting).held:  # noqa: B007 - only the last one is wanted
        pass
    return localize(last + schedule.duration)


@dataclass(frozen=True)
class Occurrence:
    """One date of a meeting (computed, never stored)."""

    meeting: object
    start: datetime.datetime
    end: datetime.datetime
    # A date taken out of the series (EXDATE): shown as cancelled, never counted as an occurrence.
    cancelled: bool = False
    is_meeting = True

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

    # Wall-clock times as the month shows them ("17:00"): `start` and `end` are Warsaw times, and
    # a month shows hundreds (the `time` filter costs more than the rest of an entry).
    @property
    def start_time(self):
        return f"{self.start:%H:%M}"

    @property
    def end_time(self):
        return f"{self.end:%H:%M}"

    @property
    def sort_key(self):
        return (self.start, self.end, self.meeting.title, self.meeting.pk or 0)


@dataclass(frozen=True)
class Milestone:
    """A consultation starting ("start") or ending ("end") on a day (computed, never stored)."""

    kind: str
    consultation: object
    is_meeting = False

    @property
    def date(self):
        return self.consultation.start_date if self.kind == "start" else self.consultation.end_date

    @property
    def title(self):
        return self.consultation.title

    @property
    def start(self):
        return localize(day_start(self.date))


def meeting_occurrences(meeting, start, end):
    """Occurrences of one meeting overlapping [start, end); both aware or naive Warsaw datetimes."""
    expanded = _expanded(meeting)
    duration = expanded.schedule.duration
    # An occurrence that began before the window but is still running belongs to it.
    after = to_local(start) - duration
    return [
        Occurrence(meeting, localize(begin), localize(begin + duration))
        for begin in expanded.held.between(after, to_local(end))
    ]


def meeting_cancellations(meeting, start, end):
    """Cancelled dates of one meeting overlapping [start, end) (never among its occurrences)."""
    expanded = _expanded(meeting)
    window_start, window_end = to_local(start), to_local(end)
    duration = expanded.schedule.duration
    return [
        Occurrence(meeting, localize(begin), localize(begin + duration), cancelled=True)
        for begin in expanded.cancelled
        if begin < window_end and begin + duration > window_start
    ]


def occurrences_between(meetings, start, end):
    """Every occurrence of these meetings overlapping [start, end), in date order."""
    found = itertools.chain.from_iterable(meeting_occurrences(meeting, start, end) for meeting in meetings)
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


def next_occurrences(meeting, now, limit):
    """The next dates of one meeting that are not over yet."""
    return list(itertools.islice((o for o in upcoming(meeting, now) if not o.cancelled), limit))


def upcoming(meeting, now):
    """The meeting's dates not over yet, cancelled ones among them marked, in order; worked out
    only as far as they are read."""
    expanded = _expanded(meeting)
    duration = expanded.schedule.duration
    after = to_local(now) - duration
    held = ((begin, False) for begin in expanded.held.xafter(after, inc=False))
    cancelled = [(begin, True) for begin in expanded.cancelled if begin > after]
    for begin, is_cancelled in heapq.merge(held, cancelled) if cancelled else held:
        yield Occurrence(meeting, localize(begin), localize(begin + duration), cancelled=is_cancelled)


def next_dates(meeting, now, limit):
    """The next `limit` occurrences not over yet, with the cancelled dates among them marked.

    Cancelled dates are listed up to the last of those occurrences (all future ones when the
    series has fewer than `limit` dates left), so a resident used to a weekly date sees that
    one week it does not take place.
    """
    found, held = [], 0
    if limit <= 0:
        return found
    for occurrence in upcoming(meeting, now):
        found.append(occurrence)
        if not occurrence.cancelled:
            held += 1
            if held == limit:
                break
    return found


def _upcoming_order(item):
    return (item.start, item.title)


def upcoming_dates(consultations, meetings, now, limit, days=UPCOMING_DAYS):
    """The next `limit` dates from now: meeting dates not yet over (cancelled ones marked) and
    consultations starting or ending from today on (Milestones), in date order.

    Each meeting's dates are read in order only as far as the list needs them (a merge of the
    meetings' series); ties keep the meetings' order, then the consultations'."""
    today = to_local(now).date()
    horizon = today + datetime.timedelta(days=days)
    streams = [itertools.takewhile(lambda o: o.date < horizon, upcoming(meeting, now)) for meeting in meetings]
    milestones = [
        Milestone(kind, consultation)
        for consultation in consultations
        for kind in ("start", "end")
        if today <= (consultation.start_date if kind == "start" else consultation.end_date) < horizon
    ]
    streams.append(sorted(milestones, key=_upcoming_order))
    return list(itertools.islice(heapq.merge(*streams, key=_upcoming_order), limit))


def changes_state_at(items, now):
    """The first moment after `now` when one of these occurrences or milestones starts or ends
    (a listed date that ends leaves "upcoming"), or None."""
    moments = []
    for item in items:
        if item.is_meeting:
            moments.extend(moment for moment in (item.start, item.end) if moment > now)
        else:
            moments.append(localize(day_start(item.date + datetime.timedelta(days=1))))
    return min(moments, default=None)
