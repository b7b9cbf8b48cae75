"""The calendar after a change of content: a change of a meeting or its consultation is shown at
once in the month, the upcoming dates and the whole-calendar feed."""

import datetime

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import ConsultationPageFactory
from tests.meeting_factories import MeetingFactory, warsaw, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_now")]

MONTH = "/kalendarz/?miesiac=2026-11"
FEED = "/kalendarz/kalendarz.ics"


@pytest.fixture
def meeting(budget_consultation):
    return MeetingFactory(
        page=budget_consultation, title="Dyżur w ratuszu", start=warsaw(2026, 11, 26, 17), recurrence=weekly(count=6)
    )


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_edited_meeting_is_shown_at_once_in_the_month_the_upcoming_dates_and_the_feed(
    client, calendar_page, meeting
):
    assert "Dyżur w ratuszu" in get(client, MONTH)
    assert "SUMMARY:Dyżur w ratuszu" in get(client, FEED)
    meeting.title = "Dyżur w bibliotece"
    meeting.start = warsaw(2026, 11, 27, 16)
    meeting.end = warsaw(2026, 11, 27, 18)
    meeting.save()
    html = get(client, MONTH)
    assert "Dyżur w ratuszu" not in html
    grid = html.split('class="month-grid"')[1].split("</table>")[0]
    cell = grid.split('href="#dzien-2026-11-27"')[1].split("</td>")[0]
    assert "Dyżur w bibliotece" in cell
    upcoming = html.split('id="upcoming-heading"')[1].split("</section>")[0]
    assert "Dyżur w bibliotece" in upcoming
    feed = get(client, FEED)
    assert "Dyżur w ratuszu" not in feed
    assert "SUMMARY:Dyżur w bibliotece" in feed
    assert "DTSTART;TZID=Europe/Warsaw:20261127T160000" in feed


def test_a_changed_rule_is_shown_at_once(client, calendar_page, meeting):
    assert get(client, MONTH).count("Dyżur w ratuszu</span>") == 2 * 1  # 26 Nov in the grid and the agenda
    meeting.recurrence = weekly(count=6, byday=[3, 4])  # Thursdays and Fridays
    meeting.save()
    assert get(client, MONTH).count("Dyżur w ratuszu</span>") == 2 * 2  # 26 and 27 Nov
    assert "RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=TH,FR" in get(client, FEED)


def test_a_renamed_or_moved_consultation_is_shown_at_once_with_its_meetings(
    client, calendar_page, budget_consultation, meeting
):
    get(client, MONTH), get(client, FEED)
    budget_consultation.title = "Budżet obywatelski 2027"
    budget_consultation.slug = "budzet-obywatelski"
    budget_consultation.save_revision().publish()
    html = get(client, MONTH)
    assert "Budżet obywatelski 2027" in html
    assert f'href="/konsultacje/budzet-obywatelski/#spotkanie-{meeting.pk}"' in html
    assert "/konsultacje/budzet-2027/" not in html
    feed = get(client, FEED).replace("\r\n ", "")
    assert "DESCRIPTION:Konsultacje: Budżet obywatelski 2027" in feed
    assert f"/konsultacje/budzet-obywatelski/#spotkanie-{meeting.pk}" in feed
    assert "/konsultacje/budzet-2027/" not in feed


def test_the_meetings_of_a_consultation_made_private_leave_the_month_and_the_feed(
    client, calendar_page, budget_consultation, meeting
):
    assert "Dyżur w ratuszu" in get(client, MONTH)
    assert "Dyżur w ratuszu" in get(client, FEED)
    PageViewRestriction.objects.create(page=budget_consultation, restriction_type="password", password="tajne-haslo")
    assert "Dyżur w ratuszu" not in get(client, MONTH)
    assert "Dyżur w ratuszu" not in get(client, FEED)


def test_a_meeting_whose_consultation_ended_long_ago_carries_its_consultation_in_the_feed(
    client, register, calendar_page
):
    old = ConsultationPageFactory(
        parent=register,
        slug="stara",
        title="Stara konsultacja",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 1, 31),
    )
    MeetingFactory(page=old, title="Dyżur wciąż trwa", start=warsaw(2025, 12, 1, 10), recurrence=weekly(count=60))
    feed = get(client, FEED).replace("\r\n ", "")
    assert "SUMMARY:Stara konsultacja" not in feed  # its own days ended more than a year ago
    assert "DESCRIPTION:Konsultacje: Stara konsultacja" in feed
    assert "/konsultacje/stara/#spotkanie-" in feed


def test_a_day_written_before_shows_a_new_entry_and_its_count(client, calendar_page, budget_consultation):
    for hour in (9, 11, 13):
        MeetingFactory(page=budget_consultation, title=f"Spotkanie {hour}", start=warsaw(2026, 11, 18, hour))
    cell = get(client, MONTH).split('href="#dzien-2026-11-18"')[1].split("</td>")[0]
    assert "więcej" not in cell
    MeetingFactory(page=budget_consultation, title="Spotkanie 15", start=warsaw(2026, 11, 18, 15))
    html = get(client, MONTH)
    cell = html.split('href="#dzien-2026-11-18"')[0].rsplit("<td", 1)[1] + html.split('href="#dzien-2026-11-18"')[1]
    assert "18 listopada, liczba terminów: 4" in cell
    assert "+ 1 więcej" in cell.split("</td>")[0]
    day = html.split('id="dzien-2026-11-18"')[1].split("</li>\n</ul>")[0]
    assert "Spotkanie 15" in day


def test_a_meeting_made_a_workshop_in_another_place_is_shown_so_at_once(client, calendar_page, meeting):
    assert "entry--open" in get(client, MONTH)
    meeting.kind = "workshop"
    meeting.place_name = "Biblioteka Miejska"
    meeting.save()
    html = get(client, MONTH)
    assert "entry--open" not in html
    assert "entry--workshop" in html
    assert '<span class="agenda__place">Biblioteka Miejska</span>' in html
