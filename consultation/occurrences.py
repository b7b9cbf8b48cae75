"""The one place where meeting occurrences are computed.

The calendar page, a consultation's "next dates", the home page and the iCal feeds all read
occurrences from here, so what a resident's calendar app computes from a feed is what the
portal shows.

Rules are expanded in Europe/Warsaw wall-clock time, as RFC 5545 does for a DTSTART with a
TZID: a weekly 17:00 meeting stays at 17:00 across the change to and from summer time.
django-recurrence stores every date as UTC and its widget stores exception and extra dates as
the editor's local midnight, so `schedule_of` reads them by their Warsaw calendar date and puts
them at the meeting's own time (the same values the feeds write as EXDATE and RDATE).

Meetings are read (as MeetingRow values) by consultation.meeting_rows; rules are parsed and
expanded once per process here (parse_recurrence, schedule_from_text, Expansion).
"""

import bisect
import datetime
import functools
import heapq
import itertools
import threading
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

    def __getstate__(self):
        # Pickled (with a cached meeting) without the rules and expansion built from it.
        return {name: getattr(self, name) for name in ("start", "duration", "rrules", "rdates", "exdates")}

    def rruleset(self):
        """The dates the meeting takes place (exceptions taken out); built once per schedule."""
        return self._rulesets[0]

    def starts_between(self, after, before):
        """Starts strictly after `after` and strictly before `before` (naive Warsaw times), as
        `rruleset().between(after, before)` gives them."""
        return self._expansion.between(after, before)

    def starts_after(self, after):
        """Starts strictly after `after`, in order, as `rruleset().xafter(after)` gives them."""
        return self._expansion.after(after)

    @functools.cached_property
    def cancelled(self):
        """Exception dates the rule would otherwise produce: the cancelled dates, in order.

        An exception on a day the rule never falls on cancels nothing and is not shown.
        """
        if not self.exdates:
            return ()
        planned = Expansion(self._rulesets[1])
        return tuple(value for value in self.exdates if planned.includes(value))

    @functools.cached_property
    def _expansion(self):
        return Expansion(self.rruleset())

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


class Expansion:
    """The starts of a rule set, expanded once as far as they have been asked for and kept.

    A schedule is shared by every request of a process (see `schedule_from_text`): a month or the
    next dates are then found by bisection in what was expanded before, not by running the rule
    from its first date again. A rule without an end is expanded only as far as it is asked.
    """

    CHUNK = 32

    def __init__(self, rules):
        self._source = iter(rules)
        self._starts = []
        self._complete = False
        self._lock = threading.Lock()

    def _expand_past(self, moment):
        """Expand until a start later than `moment` is known (or the rule ends)."""
        starts = self._starts
        if self._complete or (starts and starts[-1] > moment):
            return
        with self._lock:
            while not self._complete and not (starts and starts[-1] > moment):
                chunk = list(itertools.islice(self._source, self.CHUNK))
                starts.extend(chunk)
                if len(chunk) < self.CHUNK:
                    self._complete = True

    def between(self, after, before):
        self._expand_past(before)
        starts = self._starts
        return starts[bisect.bisect_right(starts, after) : bisect.bisect_left(starts, before)]

    def includes(self, moment):
        self._expand_past(moment)
        index = bisect.bisect_left(self._starts, moment)
        return index < len(self._starts) and self._starts[index] == moment

    def after(self, after):
        self._expand_past(after)
        index = bisect.bisect_right(self._starts, after)
        while True:
            if index >= len(self._starts):
                if self._complete:
                    return
                self._expand_past(self._starts[-1])
                continue
            yield self._starts[index]
            index += 1


def _on_meeting_time(value, start):
    """A widget date (local midnight, stored as UTC) moved to the meeting's wall-clock time."""
    return datetime.datetime.combine(to_local(value).date(), start.time())


def schedule_of(meeting):
    """The meeting's Schedule, worked out once per loaded meeting (a page may ask several times).

    It is worked out again when start, end or the recurrence object is replaced (as a form
    does); a recurrence changed in place keeps the old schedule until one of those changes.
    A meeting loaded by `meeting_rows.meetings_for` shares the schedule of every meeting with the
    same start, end and rule text (see `schedule_from_text`).
    """
    cached = meeting.__dict__.get("_schedule")
    if cached is None or cached[0] != meeting.start or cached[1] != meeting.end or cached[2] is not meeting.recurrence:
        text = meeting.__dict__.get("_recurrence_text")
        if text is not None and meeting.recurrence is text[1]:
            schedule = schedule_from_text(meeting.start, meeting.end, text[0])
        else:
            schedule = _build_schedule(meeting.start, meeting.end, meeting.recurrence)
        cached = (meeting.start, meeting.end, meeting.recurrence, schedule)
        meeting.__dict__["_schedule"] = cached
    return cached[3]


# Parsed rules are kept per process by their stored text: the same text always gives the same
# rule, so a change of content never makes them stale (a changed rule is another text). The
# calendar asks for every meeting again after each content change; parsing a rule and setting up
# dateutil's rules costs more than the rest of a month's work for it.
RULE_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=RULE_CACHE_SIZE)
def parse_recurrence(text):
    """The Recurrence stored as `text`, parsed once per process. Shared: never change it in place."""
    return recurrence_field().to_python(text)


@functools.lru_cache(maxsize=RULE_CACHE_SIZE)
def schedule_from_text(start, end, text):
    """The Schedule of a meeting with this start, end and stored rule text, worked out once per
    process (the rules it builds keep what they have expanded, see Schedule)."""
    return _build_schedule(start, end, parse_recurrence(text))


def recurrence_field():
    from consultation.models import Meeting

    return Meeting._meta.get_field("recurrence")


def _build_schedule(start, end, recurrence):
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
        for begin in schedule.starts_between(after, window_end)
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


def next_occurrences(meeting, now, limit):
    """The next dates of one meeting that are not over yet."""
    schedule = schedule_of(meeting)
    after = to_local(now) - schedule.duration
    duration = schedule.duration
    return [
        Occurrence(meeting, localize(begin), localize(begin + duration))
        for begin in itertools.islice(schedule.starts_after(after), limit)
    ]


def upcoming(meeting, now):
    """The meeting's dates not over yet, cancelled ones among them marked, in order; worked out
    only as far as they are read."""
    schedule = schedule_of(meeting)
    after = to_local(now) - schedule.duration
    duration = schedule.duration
    held = ((begin, False) for begin in schedule.starts_after(after))
    cancelled = [(begin, True) for begin in schedule.cancelled if begin > after]
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
