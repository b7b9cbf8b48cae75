"""iCal feeds: valid RFC 5545, rules with their time zone, stable identities."""

import datetime

import pytest
from icalendar import Calendar

from tests.factories import ConsultationPageFactory, TopicFactory
from tests.meeting_factories import MeetingFactory, utc_midnight_before, warsaw, weekly

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(register):
    return ConsultationPageFactory(
        parent=register,
        slug="budzet-2027",
        title="Budżet 2027",
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 11, 30),
    )


@pytest.fixture
def duty(consultation):
    return MeetingFactory(
        page=consultation,
        title="Punkt konsultacyjny",
        start=warsaw(2026, 10, 20, 17),
        end=warsaw(2026, 10, 20, 19),
        recurrence=weekly(count=5, exdates=[utc_midnight_before(datetime.date(2026, 10, 27))]),
    )


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def events(calendar, summary):
    return [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]) == summary]


def test_calendar_feed_is_served_as_text_calendar_in_utf8(client, calendar_page, duty):
    response = client.get("/kalendarz/kalendarz.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_consultation_period_is_an_all_day_event_ending_the_day_after(client, calendar_page, consultation):
    (event,) = events(feed(client, "/kalendarz/kalendarz.ics"), "Budżet 2027")
    assert event.decoded("DTSTART") == datetime.date(2026, 11, 1)
    assert event.decoded("DTEND") == datetime.date(2026, 12, 1)
    assert "DTSTART;VALUE=DATE:20261101" in event.to_ical().decode()


def test_meeting_carries_its_rule_and_exception_in_warsaw_time(client, calendar_page, duty):
    text = feed(client, "/kalendarz/kalendarz.ics").to_ical().decode()
    assert "DTSTART;TZID=Europe/Warsaw:20261020T170000" in text
    assert "RRULE:FREQ=WEEKLY;COUNT=5" in text
    assert "EXDATE;TZID=Europe/Warsaw:20261027T170000" in text


def test_rdate_is_written_at_the_meetings_time(client, calendar_page, consultation):
    MeetingFactory(
        page=consultation,
        start=warsaw(2026, 11, 3, 17),
        recurrence=weekly(count=2, rdates=[utc_midnight_before(datetime.date(2026, 11, 7))]),
    )
    assert "RDATE;TZID=Europe/Warsaw:20261107T170000" in feed(client, "/kalendarz/kalendarz.ics").to_ical().decode()


def test_until_is_written_in_utc_and_keeps_the_last_day(client, calendar_page, consultation):
    MeetingFactory(
        page=consultation,
        start=warsaw(2026, 11, 3, 17),
        recurrence=weekly(until=utc_midnight_before(datetime.date(2026, 11, 17))),
    )
    assert "UNTIL=20261117T225959Z" in feed(client, "/kalendarz/kalendarz.ics").to_ical().decode()


def test_feed_has_a_warsaw_vtimezone_with_yearly_rules_not_rdate_lists(client, calendar_page, duty):
    (zone,) = feed(client, "/kalendarz/kalendarz.ics").walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Warsaw"
    assert {str(sub["TZNAME"]) for sub in zone.subcomponents} == {"CET", "CEST"}
    assert all("RRULE" in sub and "RDATE" not in sub for sub in zone.subcomponents)


def test_events_have_stable_uids_across_requests(client, calendar_page, duty):
    first = [str(e["UID"]) for e in feed(client, "/kalendarz/kalendarz.ics").walk("VEVENT")]
    second = [str(e["UID"]) for e in feed(client, "/kalendarz/kalendarz.ics").walk("VEVENT")]
    assert first == second
    assert f"spotkanie-{duty.pk}@localhost" in first


def test_meeting_event_has_stamp_location_description_and_url(client, calendar_page, duty):
    (event,) = events(feed(client, "/kalendarz/kalendarz.ics"), "Punkt konsultacyjny")
    assert "DTSTAMP" in event
    assert str(event["LOCATION"]) == "Sala Sesyjna Urzędu Miejskiego, ul. 11 Listopada 20, Będzin"
    assert "Konsultacje: Budżet 2027" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"http://testserver/konsultacje/budzet-2027/#spotkanie-{duty.pk}"


def test_consultation_feed_has_only_that_consultation(client, register, consultation, duty):
    other = ConsultationPageFactory(parent=register, slug="inna", title="Inna konsultacja")
    MeetingFactory(page=other, title="Spotkanie innej konsultacji")
    calendar = feed(client, "/konsultacje/budzet-2027/kalendarz.ics")
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == ["Budżet 2027", "Punkt konsultacyjny"]


def test_single_meeting_file_is_an_attachment_with_one_event(client, consultation, duty):
    response = client.get(f"/konsultacje/budzet-2027/spotkanie-{duty.pk}.ics")
    assert response["Content-Disposition"] == f'attachment; filename="spotkanie-{duty.pk}.ics"'
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")] == ["Punkt konsultacyjny"]


def test_meeting_file_of_another_consultation_is_not_found(client, register, consultation, duty):
    ConsultationPageFactory(parent=register, slug="inna")
    assert client.get(f"/konsultacje/inna/spotkanie-{duty.pk}.ics").status_code == 404


def test_feed_under_a_page_that_has_none_is_not_found(client, register):
    assert client.get("/konsultacje/kalendarz.ics").status_code == 404
    assert client.get("/nie-ma/kalendarz.ics").status_code == 404


def test_calendar_feed_applies_the_topic_filter(client, register, calendar_page, consultation, duty):
    green = TopicFactory(slug="zielen", name="Zieleń")
    ConsultationPageFactory(parent=register, slug="drzewa", title="Drzewa", topics=[green])
    calendar = feed(client, "/kalendarz/kalendarz.ics?temat=zielen")
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Drzewa"]


def test_draft_consultation_is_not_in_the_feed(client, calendar_page, consultation, duty):
    consultation.unpublish()
    assert feed(client, "/kalendarz/kalendarz.ics").walk("VEVENT") == []


def test_calendar_feed_keeps_a_year_back_and_consultation_feeds_keep_everything(client, register, calendar_page):
    from unittest import mock

    now = warsaw(2026, 11, 25, 12)
    old = ConsultationPageFactory(
        parent=register,
        slug="dawna",
        title="Dawna konsultacja",
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2025, 11, 20),
    )
    recent = ConsultationPageFactory(
        parent=register,
        slug="niedawna",
        title="Niedawna konsultacja",
        start_date=datetime.date(2025, 10, 1),
        end_date=datetime.date(2025, 11, 26),
    )
    MeetingFactory(page=old, title="Dawny dyżur", start=warsaw(2025, 9, 2, 17), recurrence=weekly(count=10))
    MeetingFactory(page=old, title="Dyżur, który trwa", start=warsaw(2025, 9, 2, 17), recurrence=weekly(count=80))
    MeetingFactory(page=recent, title="Niedawne spotkanie", start=warsaw(2025, 11, 25, 17))
    with mock.patch("consultation.occurrences.local_now", return_value=now):
        everything = {str(e["SUMMARY"]) for e in feed(client, "/kalendarz/kalendarz.ics").walk("VEVENT")}
        old_feed = {str(e["SUMMARY"]) for e in feed(client, "/konsultacje/dawna/kalendarz.ics").walk("VEVENT")}
    assert everything == {"Niedawna konsultacja", "Niedawne spotkanie", "Dyżur, który trwa"}
    assert old_feed == {"Dawna konsultacja", "Dawny dyżur", "Dyżur, który trwa"}


def test_calendar_feed_shows_a_new_meeting_at_once(client, calendar_page, consultation, duty):
    assert len(feed(client, "/kalendarz/kalendarz.ics").walk("VEVENT")) == 2
    MeetingFactory(page=consultation, title="Nowe spotkanie", start=warsaw(2026, 12, 3, 17))
    assert "Nowe spotkanie" in {str(e["SUMMARY"]) for e in feed(client, "/kalendarz/kalendarz.ics").walk("VEVENT")}
