"""The feeds set each property as the icalendar value Component.add would make of it: the same
bytes, with Polish letters, escapes and long (folded) texts."""

import datetime

import pytest
from icalendar import Event

from consultation.ical import FeedWriter
from tests.factories import ConsultationPageFactory
from tests.meeting_factories import MeetingFactory, utc_midnight_before, warsaw, weekly


def written_with_add(writer, consultation, meeting):
    """The two events as the feed wrote them with Component.add for every property."""
    stamp = consultation.last_published_at.astimezone(datetime.UTC).replace(microsecond=0)
    period = Event()
    period.add("summary", consultation.title)
    period.add("dtstart", consultation.start_date)
    period.add("dtend", consultation.end_date + datetime.timedelta(days=1))
    period.add("dtstamp", stamp)
    period.add("uid", f"konsultacja-{consultation.pk}@{writer.hostname}")
    period.add("categories", ["Konsultacje społeczne"])
    period.add("description", consultation.lead)
    period.add("transp", "TRANSPARENT")
    period.add("url", f"http://localhost/konsultacje/{consultation.slug}/")
    event = Event()
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    event.add("dtstamp", stamp)
    event.add("uid", f"spotkanie-{meeting.pk}@{writer.hostname}")
    event.add("rrule", {"freq": "WEEKLY", "count": 5})
    event.add("exdate", [warsaw(2026, 11, 10, 17)])
    event.add("categories", ["Punkt konsultacyjny (dyżur)"])
    event.add("description", writer.description(meeting))
    event.add("location", "Sala 1, ul. Długa 2")
    event.add("url", f"http://localhost/konsultacje/{consultation.slug}/#spotkanie-{meeting.pk}")
    return period, event


@pytest.mark.django_db
def test_events_are_written_as_icalendars_add_writes_them(rf, register):
    consultation = ConsultationPageFactory(
        parent=register,
        slug="budzet",
        title="Budżet; 2027, „obywatelski” " + "ż" * 70,
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 11, 30),
        lead="Zapraszamy\\do udziału: " + "ą" * 90,
        last_published_at=warsaw(2026, 10, 20, 9, 15) + datetime.timedelta(seconds=30, microseconds=5),
    )
    meeting = MeetingFactory(
        page=consultation,
        title="Dyżur",
        kind="duty",
        start=warsaw(2026, 11, 3, 17),
        end=warsaw(2026, 11, 3, 19),
        place_name="Sala 1",
        address="ul. Długa 2",
        online_url="https://spotkania.example.org/a",
        registration_note="Zapisy do 1 listopada",
        recurrence=weekly(count=5, exdates=[utc_midnight_before(datetime.date(2026, 11, 10))]),
    )
    writer = FeedWriter(rf.get("/kalendarz/kalendarz.ics", HTTP_HOST="localhost"))
    period, event = written_with_add(writer, consultation, meeting)
    assert writer.period_event(consultation).to_ical() == period.to_ical()
    assert writer.meeting_event(meeting).to_ical() == event.to_ical()
