"""What editors are told when a meeting's dates or rule make no sense."""

import datetime

from django.core.exceptions import ValidationError

import pytest
import recurrence

from consultation.models import MAX_OCCURRENCES, Meeting
from tests.meeting_factories import warsaw, weekly


def errors_of(meeting):
    with pytest.raises(ValidationError) as caught:
        meeting.clean()
    return caught.value.message_dict


def test_meeting_ending_before_it_starts_is_rejected():
    meeting = Meeting(title="Spotkanie", start=warsaw(2026, 11, 3, 17), end=warsaw(2026, 11, 3, 16))
    assert errors_of(meeting)["end"] == ["Spotkanie musi kończyć się później, niż się zaczyna."]


def test_meeting_ending_when_it_starts_is_rejected():
    meeting = Meeting(title="Spotkanie", start=warsaw(2026, 11, 3, 17), end=warsaw(2026, 11, 3, 17))
    assert "end" in errors_of(meeting)


def test_recurring_meeting_without_an_end_is_rejected():
    endless = recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY)])
    meeting = Meeting(title="Dyżur", start=warsaw(2026, 11, 3, 17), end=warsaw(2026, 11, 3, 19), recurrence=endless)
    assert errors_of(meeting)["recurrence"] == [
        "Spotkania cykliczne muszą się kończyć: ustaw „do dnia” albo liczbę powtórzeń."
    ]


def test_rule_with_more_than_400_dates_is_rejected():
    daily = recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.DAILY, count=MAX_OCCURRENCES + 1)])
    meeting = Meeting(title="Dyżur", start=warsaw(2026, 11, 3, 17), end=warsaw(2026, 11, 3, 19), recurrence=daily)
    assert "ponad 400" in errors_of(meeting)["recurrence"][0]


def test_rule_with_400_dates_is_accepted():
    daily = recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.DAILY, count=MAX_OCCURRENCES)])
    meeting = Meeting(title="Dyżur", start=warsaw(2026, 11, 3, 17), end=warsaw(2026, 11, 3, 19), recurrence=daily)
    meeting.clean()


def test_weekly_rule_with_until_is_accepted():
    until = datetime.datetime(2026, 12, 15, tzinfo=datetime.UTC)
    meeting = Meeting(
        title="Dyżur", start=warsaw(2026, 11, 3, 17), end=warsaw(2026, 11, 3, 19), recurrence=weekly(until=until)
    )
    meeting.clean()
