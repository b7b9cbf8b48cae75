"""The feed writer writes the same bytes as icalendar does for the same events.

`reference_calendar` builds the feed the way the portal did before (icalendar `Event` objects
and `Calendar.to_ical`); the portal's writer must give byte-identical output for consultation
periods and for meetings with every kind of rule, text that needs escaping and folding.
"""

import datetime

from django.test import RequestFactory

import pytest
import recurrence
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, vRecur
from icalendar.parser import _foldline

from consultation import ical_writer, meeting_rows, occurrences
from consultation.models import ConsultationPage, Meeting
from tests.factories import ConsultationPageFactory
from tests.meeting_factories import MeetingFactory, utc_midnight_before, warsaw, weekly

pytestmark = pytest.mark.django_db


def reference_rrule(rule, until):
    bounded = recurrence.Rule(
        rule.freq,
        interval=rule.interval,
        wkst=rule.wkst,
        count=rule.count,
        until=None if rule.count is not None or until is None else occurrences.localize(until),
        **{name: getattr(rule, name) for name in recurrence.Rule.byparams},
    )
    return vRecur.from_ical(recurrence.serialize(bounded).split("RRULE:", 1)[1])


def reference_calendar(name, consultations, meetings, request):
    """The feed as icalendar objects build it (the implementation the writer replaced)."""
    feed = Calendar.new(prodid=ical_writer.PRODID, name=name)
    del feed["uid"]
    feed.add("x-wr-timezone", "Europe/Warsaw")
    feed.add("refresh-interval", datetime.timedelta(hours=6), parameters={"value": "DURATION"})
    feed.add("x-published-ttl", "PT6H")
    feed.add_component(ical_writer.warsaw_vtimezone())
    writer = ical_writer.FeedWriter(request)
    for consultation in consultations:
        event = Event.new(
            uid=f"konsultacja-{consultation.pk}@{writer.hostname}",
            summary=consultation.title,
            start=consultation.start_date,
            end=consultation.end_date + datetime.timedelta(days=1),
            stamp=ical_writer._stamp(consultation),
            description=consultation.lead,
            url=writer.url(consultation),
            categories=[writer.texts["category"]],
        )
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    for meeting in meetings:
        schedule = occurrences.schedule_of(meeting)
        event = Event.new(
            uid=f"spotkanie-{meeting.pk}@{writer.hostname}",
            summary=meeting.title,
            start=occurrences.localize(schedule.start),
            end=occurrences.localize(schedule.start + schedule.duration),
            stamp=ical_writer._stamp(meeting.page),
            location=ical_writer._location(meeting) or None,
            description=writer.description(meeting),
            url=f"{writer.url(meeting.page)}#spotkanie-{meeting.pk}",
            categories=[writer.kinds.get(meeting.kind, meeting.kind)],
        )
        for rule, until in schedule.rrules:
            event.add("rrule", reference_rrule(rule, until))
        if schedule.rdates:
            event.add("rdate", [occurrences.localize(value) for value in schedule.rdates])
        if schedule.exdates:
            event.add("exdate", [occurrences.localize(value) for value in schedule.exdates])
        feed.add_component(event)
    return feed.to_ical()


@pytest.fixture
def request_():
    return RequestFactory().get("/kalendarz/kalendarz.ics")


def test_the_writer_gives_the_bytes_icalendar_gives(register, request_):
    long_text = "Zażółć gęślą jaźń, średnik; przecinek, ukośnik \\ i nowa linia\nkolejna. " * 4
    consultation = ConsultationPageFactory(
        parent=register,
        slug="dlugi",
        title="Budżet 2027: „tytuł”, z przecinkiem; i średnikiem " + "ą" * 40,
        lead=long_text,
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 11, 30),
    )
    empty_lead = ConsultationPageFactory(parent=register, slug="krotki", title="Krótki opis", lead="Tak.")
    monthly = recurrence.Rule(
        recurrence.MONTHLY, interval=2, count=6, byday=[recurrence.Weekday(1, -1), recurrence.Weekday(3, 2)]
    )
    yearly = recurrence.Rule(recurrence.YEARLY, bymonth=[3, 10], bymonthday=[1, -1], wkst=6, count=4)
    daily = recurrence.Rule(recurrence.DAILY, bysetpos=[-1], until=utc_midnight_before(datetime.date(2026, 12, 10)))
    meetings = [
        MeetingFactory(
            page=consultation,
            title="Dyżur; z, wszystkim\\",
            kind="duty",
            start=warsaw(2026, 10, 6, 17),
            end=warsaw(2026, 10, 6, 19, 30),
            recurrence=weekly(
                until=utc_midnight_before(datetime.date(2026, 11, 24)),
                byday=[recurrence.TU, recurrence.TH],
                exdates=[utc_midnight_before(datetime.date(2026, 10, 27))],
                rdates=[
                    utc_midnight_before(datetime.date(2026, 11, 7)),
                    utc_midnight_before(datetime.date(2026, 11, 8)),
                ],
            ),
            online_url="https://spotkania.bedzin.pl/a?x=1,2;3",
            registration_note=long_text,
            accessibility_note="Pętla indukcyjna.\r\nTłumacz PJM.",
        ),
        MeetingFactory(
            page=consultation,
            title="Co dwa miesiące",
            start=warsaw(2026, 11, 3, 9),
            recurrence=recurrence.Recurrence(rrules=[monthly]),
        ),
        MeetingFactory(
            page=consultation,
            title="Rocznie",
            start=warsaw(2027, 3, 1, 9),
            recurrence=recurrence.Recurrence(rrules=[yearly]),
        ),
        MeetingFactory(
            page=empty_lead,
            title="Dziennie",
            start=warsaw(2026, 12, 1, 9),
            recurrence=recurrence.Recurrence(rrules=[daily]),
        ),
        MeetingFactory(
            page=empty_lead,
            title="Online",
            kind="online",
            place_name="",
            address="",
            online_url="https://x.pl/" + "a" * 120,
        ),
        MeetingFactory(page=empty_lead, title="Noc", start=warsaw(2026, 12, 12, 22), end=warsaw(2026, 12, 13, 2)),
    ]
    # DTSTAMP is the page's publication, or the moment of writing for a page never published:
    # the two builds below may fall in different seconds.
    ConsultationPage.objects.filter(pk__in=[consultation.pk, empty_lead.pk]).update(
        last_published_at=warsaw(2026, 11, 20, 10, 15)
    )
    consultations = list(ConsultationPage.objects.filter(pk__in=[consultation.pk, empty_lead.pk]).order_by("pk"))
    meetings = list(Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related("page").order_by("pk"))
    expected = reference_calendar("Kalendarz – Będzin", consultations, meetings, request_)
    assert ical_writer.build_calendar("Kalendarz – Będzin", consultations, meetings, request_) == expected
    assert b"RRULE:FREQ=MONTHLY;COUNT=6;INTERVAL=2;BYDAY=-1TU,2TH" in expected
    # The whole-calendar feed reads plain rows, not model objects: the same bytes.
    rows = ical_writer.feed_consultations(
        ConsultationPage.objects.filter(pk__in=[consultation.pk, empty_lead.pk]).order_by("pk")
    )
    pages = {row.pk: row for row in rows}
    meetings_read = meeting_rows.meeting_rows(
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).with_shared_rules().order_by("pk")
    )
    for row in meetings_read:
        row.page = pages[row.page_id]
    assert ical_writer.build_calendar("Kalendarz – Będzin", rows, meetings_read, request_) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aąęż€😀\\^;,: xyz"), max_size=400))
def test_folding_matches_icalendar(text):
    line = "DESCRIPTION:" + ical_writer.escape_text(text)
    assert ical_writer.fold(line) == (_foldline(line) + "\r\n").encode()


@given(st.text(max_size=200))
def test_escaping_matches_icalendar(text):
    from icalendar import vText

    assert ical_writer.escape_text(text) == vText(text).to_ical().decode()
