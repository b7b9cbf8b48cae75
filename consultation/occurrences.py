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

import bisect
import calendar
import datetime
import heapq
import itertools
from dataclasses import dataclass
from functools import cached_property
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

    def rule_arguments(self):
        """Each rule as dateutil.rrule's keyword arguments (all but `dtstart`)."""
        return [
            {
                "freq": rule.freq,
                "interval": rule.interval,
                # dateutil's default week start is the calendar module's first weekday.
                "wkst": calendar.firstweekday() if rule.wkst is None else getattr(rule.wkst, "weekday", rule.wkst),
                "count": rule.count,
                "until": None if rule.count is not None else until,
                "bysetpos": rule.bysetpos or None,
                "bymonth": rule.bymonth or None,
                "bymonthday": rule.bymonthday or None,
                "byyearday": rule.byyearday or None,
                "byweekno": rule.byweekno or None,
                "byweekday": rule.byday or None,
                "byhour": rule.byhour or None,
                "byminute": rule.byminute or None,
                "bysecond": rule.bysecond or None,
            }
            for rule, until in self.rrules
        ]


_PERIOD_FREQUENCIES = (dateutil.rrule.YEARLY, dateutil.rrule.MONTHLY, dateutil.rrule.WEEKLY, dateutil.rrule.DAILY)
_DAY_PARTS = ("byweekno", "byyearday", "bymonthday", "byweekday")


def restarted_rule(arguments, start, after):
    """A rule giving the same dates after `after` as `rrule(dtstart=start, **arguments)`, started
    at the beginning of the rule's latest period (its year, month, week or day, counted in
    steps of its interval) that begins at or before `after`; None when that is `start`'s own
    period or no such rule is the same.

    dateutil expands a rule period by period from DTSTART, so a weekly rule begun years ago
    walks every past week to reach this one. Restarting is the same set of dates when:
    - nothing counts dates from DTSTART: no COUNT, no BYSETPOS (left out here);
    - the periods line up: the new start is the first moment of a period of the old rule
      (a year, a month, a `wkst` week, a day; the interval's multiple), so every later period
      is the same calendar span and is filtered the same way;
    - what dateutil takes from DTSTART when a part is missing is written out: the time
      (BYHOUR, BYMINUTE, BYSECOND) and, without any day part, the weekday (weekly), the day of
      the month (monthly) or the month and day (yearly).
    Wall-clock (naive) times throughout, so summer time plays no part. Tested against the plain
    expansion in tests/test_occurrences_restart.py.
    """
    freq, interval = arguments["freq"], arguments["interval"]
    if arguments["count"] is not None or arguments["bysetpos"] or freq not in _PERIOD_FREQUENCIES or interval < 1:
        return None
    day, target = start.date(), after.date()
    if freq == dateutil.rrule.DAILY:
        steps = (target - day).days // interval
        first = day + datetime.timedelta(days=steps * interval)
    elif freq == dateutil.rrule.WEEKLY:
        week = day - datetime.timedelta(days=(day.weekday() - arguments["wkst"]) % 7)
        steps = (target - week).days // 7 // interval
        first = week + datetime.timedelta(days=7 * steps * interval)
    elif freq == dateutil.rrule.MONTHLY:
        steps = ((target.year - day.year) * 12 + target.month - day.month) // interval
        months = day.month - 1 + steps * interval
        first = datetime.date(day.year + months // 12, months % 12 + 1, 1)
    else:
        steps = (target.year - day.year) // interval
        first = datetime.date(day.year + steps * interval, 1, 1)
    if steps <= 0:
        return None
    pinned = dict(arguments)
    for name, value in (("byhour", start.hour), ("byminute", start.minute), ("bysecond", start.second)):
        if pinned[name] is None:
            pinned[name] = value
    if all(pinned[name] is None for name in _DAY_PARTS):
        if freq == dateutil.rrule.YEARLY:
            if pinned["bymonth"] is None:
                pinned["bymonth"] = start.month
            pinned["bymonthday"] = start.day
        elif freq == dateutil.rrule.MONTHLY:
            pinned["bymonthday"] = start.day
        elif freq == dateutil.rrule.WEEKLY:
            pinned["byweekday"] = start.weekday()
    return dateutil.rrule.rrule(dtstart=day_start(first), **pinned)


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


class Series:
    """A schedule's dates, worked out once per meeting object (see series_of) and only as far as
    they are read: RFC 5545's set of DTSTART, the rules' dates and the extra dates, each once;
    the exception dates among them are cancelled, the others held."""

    def __init__(self, schedule):
        self.schedule = schedule
        self.exdates = frozenset(schedule.exdates)
        self.exdates_last = max(schedule.exdates, default=None)
        self._arguments = schedule.rule_arguments()
        self._rules = [None] * len(self._arguments)

    def _rule(self, index):
        """The rule from DTSTART (made when first asked: a page reads a series several times)."""
        if self._rules[index] is None:
            self._rules[index] = dateutil.rrule.rrule(dtstart=self.schedule.start, **self._arguments[index])
        return self._rules[index]

    def _rule_dates(self, index, after):
        if after is None:
            return iter(self._rule(index))
        rule = restarted_rule(self._arguments[index], self.schedule.start, after) or self._rule(index)
        return rule.xafter(after)

    def planned(self, after=None):
        """The dates the meeting is planned on (cancelled ones among them), in order, each once;
        only those after `after` (naive Warsaw time) when it is given."""
        schedule = self.schedule
        streams = []
        if after is None or schedule.start > after:
            streams.append((schedule.start,))
        rdates = schedule.rdates if after is None else schedule.rdates[bisect.bisect_right(schedule.rdates, after) :]
        if rdates:
            streams.append(rdates)
        streams.extend(self._rule_dates(index, after) for index in range(len(self._arguments)))
        if len(streams) == 1:  # one rule, or the dates alone: already in order and each once
            yield from streams[0]
            return
        last = None
        for begin in heapq.merge(*streams):
            if begin != last:
                last = begin
                yield begin

    def held(self, after=None):
        """The dates the meeting takes place (the planned ones less the exceptions)."""
        exdates = self.exdates
        if not exdates:
            return self.planned(after)
        return (begin for begin in self.planned(after) if begin not in exdates)


def series_of(meeting):
    """The meeting's Series, worked out once per meeting object and again when its start, end
    or recurrence object is replaced (as a form does)."""
    kept = meeting.__dict__.get("_series")
    if kept is None or kept[0] != meeting.start or kept[1] != meeting.end or kept[2] is not meeting.recurrence:
        series = Series(build_schedule(meeting.start, meeting.end, meeting.recurrence))
        kept = (meeting.start, meeting.end, meeting.recurrence, series)
        meeting.__dict__["_series"] = kept
    return kept[3]


def schedule_of(meeting):
    return series_of(meeting).schedule


def count_occurrences(meeting, limit):
    """How many times the meeting takes place, counting no further than `limit`."""
    return sum(1 for _ in itertools.islice(series_of(meeting).held(), limit))


def series_end(meeting):
    """When the last occurrence ends (aware), or None for a rule that never ends. A series
    whose every date is cancelled ends with its last (cancelled) date: the calendar still shows
    those dates, marked cancelled."""
    schedule = schedule_of(meeting)
    if any(rule.count is None and until is None for rule, until in schedule.rrules):
        return None
    series = series_of(meeting)
    last = None
    for last in series.held():  # noqa: B007 - only the last one is wanted
        pass
    if last is None:
        for last in series.planned():  # noqa: B007 - DTSTART is always planned
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

    # What the month shows of a date, worked out once per date (a month shows hundreds, most of
    # them twice: in the grid and in the list of days). `start` and `end` are Warsaw times, so
    # these are the wall-clock times (the `time` and `date` filters cost more than the rest of an
    # entry).
    @cached_property
    def start_time(self):
        return f"{self.start:%H:%M}"

    @cached_property
    def end_time(self):
        return f"{self.end:%H:%M}"

    @cached_property
    def start_iso(self):
        return self.start.isoformat()

    @cached_property
    def end_iso(self):
        return self.end.isoformat()

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

    @property
    def iso(self):
        return self.date.isoformat()


def _window(series, start, end):
    """The planned dates of a series overlapping [start, end) (aware or naive Warsaw)."""
    # An occurrence that began before the window but is still running belongs to it.
    window_end = to_local(end)
    return itertools.takewhile(
        lambda begin: begin < window_end, series.planned(to_local(start) - series.schedule.duration)
    )


def meeting_occurrences(meeting, start, end):
    """Occurrences of one meeting overlapping [start, end); both aware or naive Warsaw datetimes."""
    series = series_of(meeting)
    duration, exdates = series.schedule.duration, series.exdates
    return [
        Occurrence(meeting, localize(begin), localize(begin + duration))
        for begin in _window(series, start, end)
        if begin not in exdates
    ]


def meeting_cancellations(meeting, start, end):
    """Cancelled dates of one meeting overlapping [start, end) (never among its occurrences)."""
    series = series_of(meeting)
    duration, exdates = series.schedule.duration, series.exdates
    if not exdates:
        return []
    return [
        Occurrence(meeting, localize(begin), localize(begin + duration), cancelled=True)
        for begin in _window(series, start, end)
        if begin in exdates
    ]


def stray_cancellations(meeting):
    """The cancelled days that are none of the meeting's planned dates, in order (a slip: the
    Wednesday cancelled of a Tuesday duty hour cancels nothing); [] for a rule that never ends."""
    series = series_of(meeting)
    if not series.exdates:
        return []
    planned = set()
    for begin in series.planned():
        if begin > series.exdates_last:
            break
        planned.add(begin)
    return sorted({begin.date() for begin in series.exdates - planned})


def dates_beginning(meeting, start, end):
    """The dates of one meeting beginning in [start, end) (aware or naive Warsaw), the cancelled
    ones marked, in order: the month's days list the dates that begin on them."""
    series = series_of(meeting)
    duration, exdates = series.schedule.duration, series.exdates
    window_end = to_local(end)
    found = []
    for begin in series.planned(to_local(start) - datetime.timedelta(microseconds=1)):
        if begin >= window_end:
            break
        found.append(Occurrence(meeting, localize(begin), localize(begin + duration), begin in exdates))
    return found


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
    series = series_of(meeting)
    duration, exdates = series.schedule.duration, series.exdates
    for begin in series.planned(to_local(now) - duration):
        yield Occurrence(meeting, localize(begin), localize(begin + duration), cancelled=begin in exdates)


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


def _first(pair):
    return pair[0]


def _series_upcoming(meeting, index, now, horizon):
    """upcoming(meeting, now) before the `horizon` day, each date with its place in the merge."""
    for occurrence in upcoming(meeting, now):
        if occurrence.date >= horizon:
            return
        yield (occurrence.start, meeting.title, index), occurrence


def _only_date(meeting):
    """The date of a meeting that is not recurring (cancelled when it is an exception date)."""
    series = series_of(meeting)
    start = series.schedule.start
    return Occurrence(meeting, localize(start), localize(start + series.schedule.duration), start in series.exdates)


def upcoming_dates(consultations, meetings, now, limit, days=UPCOMING_DAYS):
    """The next `limit` dates from now: meeting dates not yet over (cancelled ones marked) and
    consultations starting or ending from today on (Milestones), in date order; ties keep the
    meetings' order, then the consultations'.

    A recurring meeting's dates are read in order only as far as the list needs them (a merge
    of the series); a one-off meeting's date is its start, and becomes an Occurrence only when
    it is listed."""
    local_now = to_local(now)
    today = local_now.date()
    horizon = today + datetime.timedelta(days=days)
    streams, single = [], []
    for index, meeting in enumerate(meetings):
        series = series_of(meeting)
        schedule = series.schedule
        if schedule.is_recurring:
            streams.append(_series_upcoming(meeting, index, now, horizon))
        elif schedule.start > local_now - schedule.duration and schedule.start.date() < horizon:
            # Wall-clock keys: aware datetimes of one zone compare by their wall-clock time.
            single.append(((localize(schedule.start), meeting.title, index), meeting))
    single.sort(key=_first)
    streams.append((key, _only_date(meeting)) for key, meeting in single)
    milestones = sorted(
        (
            Milestone(kind, consultation)
            for consultation in consultations
            for kind in ("start", "end")
            if today <= (consultation.start_date if kind == "start" else consultation.end_date) < horizon
        ),
        key=_upcoming_order,
    )
    last = len(meetings)
    streams.append(((item.start, item.title, last), item) for item in milestones)
    return [item for _key, item in itertools.islice(heapq.merge(*streams, key=_first), limit)]


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
