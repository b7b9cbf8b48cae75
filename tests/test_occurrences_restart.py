"""A rule restarted near the window (occurrences.restarted_rule) yields exactly the dates of the
plain expansion from DTSTART: checked on a few thousand rules and moments, summer time changes
among them, against the rule set as the module built it before the shortcut."""

import datetime
import itertools
import random

import dateutil.rrule
import pytest
import recurrence

from consultation.occurrences import Series, build_schedule, localize, restarted_rule, to_local
from tests.meeting_factories import utc_midnight_before, warsaw

FREQUENCIES = (recurrence.YEARLY, recurrence.MONTHLY, recurrence.WEEKLY, recurrence.DAILY)
# Moments around both changes of summer time, and some that do not exist or exist twice.
STARTS = [
    warsaw(2019, 1, 31, 17),
    warsaw(2020, 2, 29, 9, 30),
    warsaw(2021, 3, 28, 2, 30),  # the night clocks go forward
    warsaw(2022, 10, 30, 2, 30),  # the hour that happens twice
    warsaw(2023, 12, 31, 23, 15),
    warsaw(2024, 5, 6, 0, 0),
    warsaw(2025, 10, 26, 17),
]
TAKE = 40


def plain_rules(schedule):
    """The dates as consultation/occurrences.py expanded them before it restarted rules: one
    dateutil rule set from DTSTART with the rules, the extra dates and the exceptions."""
    rules = dateutil.rrule.rruleset()
    rules.rdate(schedule.start)
    for rule, until in schedule.rrules:
        rules.rrule(
            dateutil.rrule.rrule(
                rule.freq,
                dtstart=schedule.start,
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
    for rdate in schedule.rdates:
        rules.rdate(rdate)
    for exdate in schedule.exdates:
        rules.exdate(exdate)
    return rules


def random_rule(rng):
    freq = rng.choice(FREQUENCIES)
    parts = {}
    if rng.random() < 0.5:
        if freq in (recurrence.MONTHLY, recurrence.YEARLY) and rng.random() < 0.5:
            parts["byday"] = [recurrence.to_weekday(f"{rng.choice([1, 2, -1])}{rng.choice(['MO', 'TH', 'SA'])}")]
        else:
            parts["byday"] = [recurrence.to_weekday(day) for day in rng.sample(["MO", "TU", "WE", "FR", "SU"], 2)]
    if freq in (recurrence.MONTHLY, recurrence.YEARLY) and rng.random() < 0.3:
        parts["bymonthday"] = rng.sample([1, 15, 29, 30, 31, -1], 2)
    if freq in (recurrence.YEARLY, recurrence.DAILY) and rng.random() < 0.3:
        parts["bymonth"] = rng.sample(range(1, 13), 3)
    if rng.random() < 0.2:
        parts["byhour"] = [rng.choice([2, 9, 17])]
    if rng.random() < 0.15:
        parts["byminute"] = [0, 30]
    start = rng.choice(STARTS)
    until = None
    if rng.random() < 0.7:
        until = utc_midnight_before(start.date() + datetime.timedelta(days=rng.randint(20, 3000)))
    return start, recurrence.Rule(
        freq, interval=rng.choice([1, 1, 2, 3, 5]), wkst=rng.choice([None, 0, 2, 6]), until=until, **parts
    )


def moments(rng, schedule):
    """Moments to read after: random ones, the exact dates (the boundary is exclusive), midnights
    and the changes of summer time."""
    firsts = list(itertools.islice(plain_rules(schedule), 200))
    found = [schedule.start + datetime.timedelta(minutes=rng.randint(0, 4 * 365 * 24 * 60)) for _ in range(5)]
    found += rng.sample(firsts, min(4, len(firsts)))
    found += [
        datetime.datetime(2024, 3, 31, 2, 30),
        datetime.datetime(2025, 10, 26, 2, 30),
        datetime.datetime(2026, 1, 1),
        schedule.start - datetime.timedelta(days=3),
    ]
    return found


@pytest.mark.parametrize("seed", range(12))
def test_a_restarted_rule_yields_the_dates_of_the_plain_expansion(seed):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    restarted_rules = 0
    for _ in range(12):
        start, rule = random_rule(rng)
        schedule = build_schedule(start, start + datetime.timedelta(hours=2), recurrence.Recurrence(rrules=[rule]))
        (arguments,) = schedule.rule_arguments()
        plain = dateutil.rrule.rrule(dtstart=schedule.start, **arguments)
        for after in moments(rng, schedule):
            restarted = restarted_rule(arguments, schedule.start, after)
            if restarted is None:
                continue
            restarted_rules += 1
            expected = list(itertools.islice(plain.xafter(after), TAKE))
            assert list(itertools.islice(restarted.xafter(after), TAKE)) == expected, (str(plain), after)
    assert restarted_rules > 20


@pytest.mark.parametrize("seed", range(8))
def test_a_series_read_from_any_moment_is_the_plain_rule_set_with_extra_and_cancelled_dates(seed):
    rng = random.Random(1000 + seed)  # noqa: S311 - reproducible test data
    for _ in range(12):
        start, rule = random_rule(rng)
        local = to_local(start)
        planned = list(
            itertools.islice(plain_rules(build_schedule(start, start, recurrence.Recurrence(rrules=[rule]))), 60)
        )
        picked = rng.sample(planned, min(3, len(planned)))
        extra = [local + datetime.timedelta(days=rng.randint(1, 900)) for _ in range(2)]
        value = recurrence.Recurrence(
            rrules=[rule],
            rdates=[utc_midnight_before(day.date()) for day in extra],
            exdates=[utc_midnight_before(day.date()) for day in picked[:2] + extra[:1]],
        )
        schedule = build_schedule(start, start + datetime.timedelta(hours=2), value)
        series, plain = Series(schedule), plain_rules(schedule)
        assert list(itertools.islice(series.held(), TAKE)) == list(itertools.islice(plain, TAKE))
        for after in moments(rng, schedule):
            expected = list(itertools.islice(plain.xafter(after), TAKE))
            assert list(itertools.islice(series.held(after), TAKE)) == expected, (str(rule.to_text()), after)


def test_the_dates_keep_their_wall_clock_time_across_the_changes_of_summer_time():
    rule = recurrence.Rule(recurrence.WEEKLY, until=utc_midnight_before(datetime.date(2027, 12, 31)))
    schedule = build_schedule(warsaw(2020, 1, 7, 17), warsaw(2020, 1, 7, 19), recurrence.Recurrence(rrules=[rule]))
    found = [localize(begin) for begin in itertools.islice(Series(schedule).held(datetime.datetime(2027, 3, 15)), 4)]
    assert found == [warsaw(2027, 3, 16, 17), warsaw(2027, 3, 23, 17), warsaw(2027, 3, 30, 17), warsaw(2027, 4, 6, 17)]
    assert {moment.utcoffset() for moment in found} == {datetime.timedelta(hours=1), datetime.timedelta(hours=2)}


def test_a_weekly_rule_begun_years_ago_restarts_near_the_moment_read_from():
    rule = recurrence.Rule(recurrence.WEEKLY, interval=2, until=utc_midnight_before(datetime.date(2030, 1, 1)))
    schedule = build_schedule(warsaw(2019, 1, 1, 17), warsaw(2019, 1, 1, 19), recurrence.Recurrence(rrules=[rule]))
    (arguments,) = schedule.rule_arguments()
    restarted = restarted_rule(arguments, schedule.start, datetime.datetime(2026, 12, 6, 12))
    assert datetime.datetime(2026, 11, 20) < restarted[0] <= datetime.datetime(2026, 12, 6, 12)


@pytest.mark.parametrize(
    "rule",
    [
        recurrence.Rule(recurrence.WEEKLY, count=300),
        recurrence.Rule(recurrence.MONTHLY, byday=[recurrence.MO, recurrence.TU], bysetpos=[-1]),
        recurrence.Rule(recurrence.HOURLY, until=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)),
    ],
)
def test_rules_counted_from_their_start_are_never_restarted(rule):
    schedule = build_schedule(warsaw(2020, 1, 7, 17), warsaw(2020, 1, 7, 19), recurrence.Recurrence(rrules=[rule]))
    (arguments,) = schedule.rule_arguments()
    assert restarted_rule(arguments, schedule.start, datetime.datetime(2026, 12, 6, 12)) is None
