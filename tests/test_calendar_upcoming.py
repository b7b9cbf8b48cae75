"""The home page's next dates read only the soonest one-off meetings (agenda.next_meetings_of) and
list exactly what every meeting of the window, expanded, gives: ties on the same minute, titles
that sort differently in the database and in Python, meetings running now, cancelled dates."""

import datetime

import pytest

from consultation import agenda, occurrences
from consultation.models import ConsultationPage
from tests.factories import ConsultationPageFactory
from tests.meeting_factories import MeetingFactory, utc_midnight_before, warsaw, weekly

pytestmark = pytest.mark.django_db

NOW = warsaw(2026, 11, 25, 12)
TITLES = ["Żółw", "zebra", "Zebra", "Ala", "ala", "Łąka", "Spotkanie"]


@pytest.fixture
def world(register):
    pages = [
        ConsultationPageFactory(
            parent=register,
            slug=f"k-{n}",
            start_date=datetime.date(2026, 11, 1),
            end_date=datetime.date(2027, 1, 31),
        )
        for n in range(3)
    ]
    for n in range(40):
        start = NOW + datetime.timedelta(hours=6 * (n // 4) - 5)  # four at each start, some already begun
        MeetingFactory(page=pages[n % 3], title=TITLES[n % len(TITLES)], start=start)
    # Ended a minute ago, and running until tomorrow.
    MeetingFactory(page=pages[0], title="Koniec", start=NOW - datetime.timedelta(hours=2), end=NOW)
    MeetingFactory(
        page=pages[1], title="Noc", start=NOW - datetime.timedelta(hours=1), end=NOW + datetime.timedelta(days=1)
    )
    # Weekly series on the same minutes as one-off meetings, one with a cancelled date.
    MeetingFactory(page=pages[2], title="Ala", start=warsaw(2026, 11, 20, 13), recurrence=weekly(count=8))
    MeetingFactory(
        page=pages[0],
        title="Dyżur",
        start=warsaw(2026, 11, 19, 19),
        recurrence=weekly(count=8, exdates=[utc_midnight_before(datetime.date(2026, 11, 26))]),
    )
    return ConsultationPage.objects.all()


def listed(found):
    return [(item.start, item.title, item.meeting.pk, item.cancelled) for item in found]


def test_the_next_dates_from_the_soonest_meetings_are_those_of_every_meeting(world):
    for hours in (0, 1, 7, 30, 24 * 80):
        now = NOW + datetime.timedelta(hours=hours)
        horizon = now + datetime.timedelta(days=occurrences.UPCOMING_DAYS)
        every = agenda.meetings_of(world, now, horizon)
        for limit in (1, 3, 5, 8, 13, 60):
            soonest = agenda.next_meetings_of(world, now, horizon, limit)
            expected = listed(occurrences.upcoming_dates([], every, now, limit))
            assert listed(occurrences.upcoming_dates([], soonest, now, limit)) == expected, (hours, limit)


def test_only_the_soonest_one_off_meetings_are_read(world):
    horizon = NOW + datetime.timedelta(days=occurrences.UPCOMING_DAYS)
    found = agenda.next_meetings_of(world, NOW, horizon, 5)
    one_off = [meeting for meeting in found if not meeting.is_recurring]
    assert len(one_off) <= 8  # the five soonest and the others starting with the fifth
    assert len([meeting for meeting in found if meeting.is_recurring]) == 2
