"""The occurrence service (consultation.occurrences): rules expanded in Warsaw wall-clock time."""

import datetime

import pytest
import recurrence

from consultation.models import Meeting
from consultation.occurrences import (
    WARSAW,
    count_occurrences,
    meeting_occurrences,
    next_occurrences,
    occurrences_between,
    series_end,
)
from tests.meeting_factories import utc_midnight_before, warsaw, weekly

UTC = datetime.UTC


def meeting(start, hours=2, rule=None, title="Dyżur"):
    return Meeting(title=title, start=start, end=start + datetime.timedelta(hours=hours), recurrence=rule)


def starts(occurrences):
    return [occurrence.start for occurrence in occurrences]


def local_clock(occurrences):
    return {(o.start.astimezone(WARSAW).hour, o.start.astimezone(WARSAW).minute) for o in occurrences}


def test_one_off_meeting_has_a_single_occurrence():
    found = meeting_occurrences(meeting(warsaw(2026, 11, 10, 17)), warsaw(2026, 11, 1), warsaw(2026, 12, 1))
    assert starts(found) == [warsaw(2026, 11, 10, 17)]


def test_weekly_meeting_stays_at_17_across_the_october_change():
    tuesdays = meeting(warsaw(2026, 10, 13, 17), rule=weekly(count=4))
    found = meeting_occurrences(tuesdays, warsaw(2026, 10, 1), warsaw(2026, 12, 1))
    assert starts(found) == [warsaw(2026, 10, d, 17) for d in (13, 20, 27)] + [warsaw(2026, 11, 3, 17)]
    assert [o.start.utcoffset() for o in found] == [datetime.timedelta(hours=h) for h in (2, 2, 1, 1)]


def test_weekly_meeting_stays_at_17_across_the_march_change():
    thursdays = meeting(warsaw(2027, 3, 18, 17), rule=weekly(count=3))
    found = meeting_occurrences(thursdays, warsaw(2027, 3, 1), warsaw(2027, 5, 1))
    assert starts(found) == [warsaw(2027, 3, 18, 17), warsaw(2027, 3, 25, 17), warsaw(2027, 4, 1, 17)]
    assert local_clock(found) == {(17, 0)}
    assert found[-1].start.utcoffset() == datetime.timedelta(hours=2)


def test_exdate_stored_as_the_editors_midnight_cancels_that_date():
    # The widget stores 27 October as local midnight in UTC: 26 October, 23:00Z.
    cancelled = datetime.datetime(2026, 10, 26, 23, tzinfo=UTC)
    series = meeting(warsaw(2026, 10, 20, 17), rule=weekly(count=3, exdates=[cancelled]))
    found = meeting_occurrences(series, warsaw(2026, 10, 1), warsaw(2026, 12, 1))
    assert starts(found) == [warsaw(2026, 10, 20, 17), warsaw(2026, 11, 3, 17)]


def test_rdate_adds_an_extra_date_at_the_meetings_time():
    extra_saturday = datetime.datetime(2026, 11, 6, 23, tzinfo=UTC)  # 7 November, local midnight
    series = meeting(warsaw(2026, 11, 3, 17), rule=weekly(count=2, rdates=[extra_saturday]))
    found = meeting_occurrences(series, warsaw(2026, 11, 1), warsaw(2026, 12, 1))
    assert starts(found) == [warsaw(2026, 11, 3, 17), warsaw(2026, 11, 7, 17), warsaw(2026, 11, 10, 17)]


def test_count_limits_the_number_of_dates():
    assert count_occurrences(meeting(warsaw(2026, 11, 3, 17), rule=weekly(count=6)), limit=100) == 6


def test_until_day_still_has_its_meeting():
    # "Until 17 November" from the widget: local midnight of that day.
    series = meeting(warsaw(2026, 11, 3, 17), rule=weekly(until=datetime.datetime(2026, 11, 16, 23, tzinfo=UTC)))
    found = meeting_occurrences(series, warsaw(2026, 11, 1), warsaw(2027, 1, 1))
    assert starts(found)[-1] == warsaw(2026, 11, 17, 17)
    assert len(found) == 3


def test_meeting_spanning_midnight_belongs_to_the_day_it_runs_into():
    night = meeting(warsaw(2026, 11, 14, 22), hours=4, title="Noc w bibliotece")
    found = meeting_occurrences(night, warsaw(2026, 11, 15), warsaw(2026, 11, 16))
    assert starts(found) == [warsaw(2026, 11, 14, 22)]
    assert found[0].end == warsaw(2026, 11, 15, 2)
    assert found[0].ends_another_day


def test_weekly_meeting_spanning_midnight_keeps_its_wall_clock_end_across_the_change():
    nights = meeting(warsaw(2026, 10, 17, 22), hours=3, rule=weekly(count=2))
    found = meeting_occurrences(nights, warsaw(2026, 10, 1), warsaw(2026, 11, 1))
    assert [(o.start, o.end) for o in found] == [
        (warsaw(2026, 10, 17, 22), warsaw(2026, 10, 18, 1)),
        (warsaw(2026, 10, 24, 22), warsaw(2026, 10, 25, 1)),
    ]


def test_occurrences_of_several_meetings_come_in_date_order():
    later = meeting(warsaw(2026, 11, 20, 10), title="B")
    series = meeting(warsaw(2026, 11, 3, 17), rule=weekly(count=4), title="A")
    found = occurrences_between([later, series], warsaw(2026, 11, 1), warsaw(2026, 12, 1))
    assert starts(found) == sorted(starts(found))
    assert [o.title for o in found].index("B") == 3


def test_next_occurrences_skip_dates_that_are_over():
    series = meeting(warsaw(2026, 11, 3, 17), rule=weekly(count=5))
    found = next_occurrences(series, warsaw(2026, 11, 17, 18), limit=2)
    # The 17 November meeting is still running at 18:00.
    assert starts(found) == [warsaw(2026, 11, 17, 17), warsaw(2026, 11, 24, 17)]


def test_series_end_is_the_end_of_the_last_date():
    assert series_end(meeting(warsaw(2026, 11, 3, 17), rule=weekly(count=3))) == warsaw(2026, 11, 17, 19)


def test_a_series_with_every_date_cancelled_ends_with_its_last_cancelled_date():
    days = [datetime.date(2026, 11, 3), datetime.date(2026, 11, 10)]
    cancelled = meeting(warsaw(2026, 11, 3, 17), rule=weekly(count=2, exdates=map(utc_midnight_before, days)))
    assert count_occurrences(cancelled, limit=5) == 0
    assert series_end(cancelled) == warsaw(2026, 11, 10, 19)


def test_series_end_is_unknown_for_a_rule_without_an_end():
    endless = recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY)])
    assert series_end(meeting(warsaw(2026, 11, 3, 17), rule=endless)) is None


@pytest.mark.django_db
def test_saving_a_meeting_stores_when_its_series_ends(home_page):
    from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory
    from tests.meeting_factories import MeetingFactory

    page = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=home_page))
    saved = MeetingFactory(page=page, start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=3))
    saved.refresh_from_db()
    assert saved.last_end == warsaw(2026, 11, 17, 19)
