"""What a calendar app computes from the feeds equals what the service yields and the page shows.

The year runs from July 2026 to June 2027, so it holds both changes of summer time. The page
shows every meeting date and consultation period of a month in its list of the month's dates and
its list of running consultations (the grid shows the first few of each day, all of them also in
the list); cancelled dates are shown marked, and are not occurrences anywhere.
"""

import datetime
from html.parser import HTMLParser
from unittest import mock

import pytest
import recurring_ical_events
from icalendar import Calendar

from consultation import occurrences
from consultation.models import ConsultationPage, Meeting
from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory
from tests.meeting_factories import CalendarPageFactory, warsaw, year_of_meetings

pytestmark = pytest.mark.django_db

YEAR_START = warsaw(2026, 7, 1)
YEAR_END = warsaw(2027, 7, 1)
MONTHS = [f"{2026 + (6 + i) // 12}-{(6 + i) % 12 + 1:02d}" for i in range(12)]
# The whole-calendar feed reaches a year back from now: every date of the test year is in it.
NOW = warsaw(2026, 7, 1, 12)


@pytest.fixture(autouse=True)
def frozen_now():
    with mock.patch("consultation.occurrences.local_now", return_value=NOW):
        yield


@pytest.fixture
def world(home_page):
    register = ConsultationIndexPageFactory(parent=home_page)
    budget = ConsultationPageFactory(
        parent=register,
        slug="budzet",
        title="Budżet 2027",
        start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2026, 11, 30),
    )
    parking = ConsultationPageFactory(
        parent=register,
        slug="parkowanie",
        title="Strefa parkowania",
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2026, 9, 30),
    )
    meetings = year_of_meetings(budget, parking)
    CalendarPageFactory(parent=home_page)
    return {"consultations": [budget, parking], "meetings": meetings}


def from_service(consultations):
    pages = ConsultationPage.objects.filter(pk__in=[c.pk for c in consultations])
    meetings = Meeting.objects.filter(page__in=pages)
    found = {(o.start, o.end, o.title) for o in occurrences.occurrences_between(meetings, YEAR_START, YEAR_END)}
    periods = {
        (page.start_date, page.end_date + datetime.timedelta(days=1), page.title)
        for page in pages
        if page.start_date < YEAR_END.date() and page.end_date >= YEAR_START.date()
    }
    return found | periods


def from_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    expanded = recurring_ical_events.of(Calendar.from_ical(response.content)).between(YEAR_START, YEAR_END)
    return {(event.decoded("DTSTART"), event.decoded("DTEND"), str(event["SUMMARY"])) for event in expanded}


class EntryParser(HTMLParser):
    """What the calendar page shows: meeting dates (data-start/data-end and title) in the month's
    list and in the grid, cancelled dates, and the running consultations (data-start/data-end)."""

    def __init__(self):
        super().__init__()
        self.listed = set()  # the month's list and the running consultations
        self.grid = set()  # meeting dates in the grid cells
        self.cancelled = set()
        self._current = None
        self._text = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class", "").split()
        if tag == "li" and ({"agenda__entry", "entry", "period"} & set(classes)) and "data-start" in attrs:
            if "period" in classes:
                place = "period"
            elif "entry--cancelled" in classes or "agenda__entry--cancelled" in classes:
                place = "cancelled"
            else:
                place = "grid" if "entry" in classes else "list"
            self._current = (attrs["data-start"], attrs["data-end"], place)
            self._text = []
            self._in_title = place == "period"
        elif self._current and tag == "span" and {"entry__title", "agenda__title"} & set(classes):
            self._in_title = True

    def handle_data(self, data):
        if self._current and self._in_title:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._current and self._in_title and tag in ("span", "a"):
            start, end, place = self._current
            title = "".join(self._text).strip()
            if place == "period":
                end_day = datetime.date.fromisoformat(end) + datetime.timedelta(days=1)
                self.listed.add((datetime.date.fromisoformat(start), end_day, title))
            else:
                found = (datetime.datetime.fromisoformat(start), datetime.datetime.fromisoformat(end), title)
                {"grid": self.grid, "list": self.listed, "cancelled": self.cancelled}[place].add(found)
            self._current = None
            self._in_title = False


def parse_pages(client):
    parser = EntryParser()
    for month in MONTHS:
        response = client.get(f"/kalendarz/?miesiac={month}")
        assert response.status_code == 200
        parser.feed(response.content.decode())
    return parser


def from_page(client):
    return parse_pages(client).listed


def test_the_year_holds_both_changes_of_summer_time():
    offsets = {
        occurrences.localize(datetime.datetime(2026 + (6 + i) // 12, (6 + i) % 12 + 1, 15)).utcoffset()
        for i in range(12)
    }
    assert offsets == {datetime.timedelta(hours=1), datetime.timedelta(hours=2)}


def test_calendar_feed_expands_to_what_the_service_yields(client, world):
    assert from_feed(client, "/kalendarz/kalendarz.ics") == from_service(world["consultations"])


def test_calendar_page_shows_what_the_service_yields(client, world):
    assert from_page(client) == from_service(world["consultations"])


def test_the_grid_shows_only_dates_of_the_list(client, world):
    parsed = parse_pages(client)
    assert parsed.grid
    assert parsed.grid <= parsed.listed


def test_consultation_feeds_expand_to_what_the_service_yields(client, world):
    for consultation in world["consultations"]:
        assert from_feed(client, f"/konsultacje/{consultation.slug}/kalendarz.ics") == from_service([consultation])


def test_single_meeting_files_expand_to_the_meetings_occurrences(client, world):
    for meeting in world["meetings"]:
        expected = {(o.start, o.end, o.title) for o in occurrences.meeting_occurrences(meeting, YEAR_START, YEAR_END)}
        assert from_feed(client, f"/konsultacje/{meeting.page.slug}/spotkanie-{meeting.pk}.ics") == expected


def test_the_weekly_series_keeps_17_00_local_time_in_the_feed(client, world):
    starts = {
        start.astimezone(occurrences.WARSAW).time()
        for start, _end, title in from_feed(client, "/kalendarz/kalendarz.ics")
        if title == "Punkt konsultacyjny"
    }
    assert starts == {datetime.time(17)}


def test_the_cancelled_date_is_no_occurrence_anywhere_and_shown_cancelled_on_the_page(client, world):
    cancelled = warsaw(2026, 10, 27, 17)
    assert not any(entry[0] == cancelled for entry in from_feed(client, "/kalendarz/kalendarz.ics"))
    assert not any(entry[0] == cancelled for entry in from_service(world["consultations"]))
    parsed = parse_pages(client)
    assert not any(entry[0] == cancelled for entry in parsed.listed)
    assert parsed.cancelled == {(cancelled, warsaw(2026, 10, 27, 19), "Punkt konsultacyjny")}
    html = client.get("/kalendarz/?miesiac=2026-10").content.decode()
    cell = html.split('data-start="2026-10-27T17:00:00+01:00"')[1].split("</li>")[0]
    assert "odwołane" in cell
    assert "EXDATE;TZID=Europe/Warsaw:20261027T170000" in client.get("/kalendarz/kalendarz.ics").content.decode()
