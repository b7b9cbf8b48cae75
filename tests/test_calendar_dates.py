"""Rules read with the meetings (parsed by their text), the next dates and the lazily merged upcoming
dates: never stale, and the same dates as expanding every rule from its start."""

import datetime
from unittest import mock

import pytest
import recurrence

from consultation import occurrences
from consultation.models import ConsultationPage, Meeting
from consultation.occurrences import Milestone, meeting_occurrences, next_dates, upcoming_dates
from tests.factories import ConsultationPageFactory
from tests.meeting_factories import (
    CalendarPageFactory,
    MeetingFactory,
    utc_midnight_before,
    warsaw,
    weekly,
)

NOW = warsaw(2026, 11, 25, 12)
NOVEMBER = (warsaw(2026, 11, 1), warsaw(2026, 12, 1))


@pytest.fixture
def consultation(register):
    return ConsultationPageFactory(
        parent=register,
        slug="budzet-2027",
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 11, 30),
    )


def loaded(consultation):
    """The consultation's meetings as the calendar and the feed read them."""
    return list(Meeting.objects.filter(page=consultation).listed().order_by("start", "pk"))


def starts(found):
    return [occurrence.start for occurrence in found]


@pytest.mark.django_db
def test_a_changed_rule_is_read_at_once_not_from_the_parsed_rules_of_the_process(consultation):
    meeting = MeetingFactory(page=consultation, start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=2))
    assert len(meeting_occurrences(loaded(consultation)[0], *NOVEMBER)) == 2
    meeting.recurrence = weekly(count=4, exdates=[utc_midnight_before(datetime.date(2026, 11, 17))])
    meeting.save()
    row = loaded(consultation)[0]
    assert starts(meeting_occurrences(row, *NOVEMBER)) == [
        warsaw(2026, 11, 3, 17),
        warsaw(2026, 11, 10, 17),
        warsaw(2026, 11, 24, 17),
    ]
    assert [o.start for o in occurrences.meeting_cancellations(row, *NOVEMBER)] == [warsaw(2026, 11, 17, 17)]
    # The same rule text at another time is another schedule.
    Meeting.objects.filter(pk=meeting.pk).update(start=warsaw(2026, 11, 4, 9), end=warsaw(2026, 11, 4, 10))
    assert starts(meeting_occurrences(loaded(consultation)[0], *NOVEMBER))[0] == warsaw(2026, 11, 4, 9)


@pytest.mark.django_db
def test_a_meeting_loaded_with_shared_rules_is_a_whole_meeting_and_takes_a_new_rule(consultation):
    MeetingFactory(page=consultation, start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=3))
    meeting = Meeting.objects.filter(page=consultation).with_shared_rules().get()
    assert not meeting.get_deferred_fields()
    assert meeting.recurrence_text == Meeting._meta.get_field("recurrence").get_prep_value(meeting.recurrence)
    assert len(meeting_occurrences(meeting, *NOVEMBER)) == 3
    shared = meeting.recurrence
    # A form assigns a new rule: this meeting follows it, the shared one stays as it was.
    meeting.recurrence = weekly(count=2)
    assert len(meeting_occurrences(meeting, *NOVEMBER)) == 2
    assert len(shared.rrules) == 1 and shared.rrules[0].count == 3
    meeting.save()
    assert Meeting.objects.get(pk=meeting.pk).recurrence.rrules[0].count == 2


def old_next_dates(meeting, now, limit):
    """next_dates as it was written before the lazy merge: every date expanded, then cut."""
    found = occurrences.next_occurrences(meeting, now, limit)
    until = found[-1].start if len(found) >= limit else None
    cancelled = [
        occurrence
        for occurrence in occurrences.meeting_cancellations(meeting, now, now + datetime.timedelta(days=3650))
        if until is None or occurrence.start < until
    ]
    return sorted(found + cancelled, key=lambda occurrence: occurrence.sort_key)


def some_meetings():
    """Weekly and daily series starting around NOW, with cancelled dates, the same times and
    the same titles here and there (ties are where a merge goes wrong)."""
    found = []
    for n in range(12):
        start = NOW.replace(hour=17, minute=0) + datetime.timedelta(days=n % 5 - 2)
        rule = recurrence.Rule(recurrence.WEEKLY if n % 3 else recurrence.DAILY, count=3 + n % 7)
        cancelled = [utc_midnight_before((start + datetime.timedelta(days=7 * (n % 3) + (n % 2))).date())]
        meeting = Meeting(
            pk=n + 1,
            page_id=1,
            title=f"Dyżur {n % 4}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            recurrence=recurrence.Recurrence(rrules=[rule], exdates=cancelled),
        )
        found.append(meeting)
    return found


@pytest.mark.parametrize("limit", [1, 2, 5, 30])
def test_next_dates_are_those_of_every_date_expanded(limit):
    for meeting in some_meetings():
        for now in (NOW - datetime.timedelta(days=3), NOW, NOW + datetime.timedelta(days=9)):
            assert next_dates(meeting, now, limit) == old_next_dates(meeting, now, limit)


@pytest.mark.parametrize("limit", [1, 4, 16, 200])
def test_upcoming_dates_merged_lazily_are_the_soonest_of_all_dates_sorted(limit):
    meetings = some_meetings()
    consultations = [
        mock.Mock(start_date=NOW.date() + datetime.timedelta(days=n), end_date=NOW.date() + datetime.timedelta(days=9))
        for n in range(3)
    ]
    for n, consultation in enumerate(consultations):
        consultation.title = f"Dyżur {n}"
    found = upcoming_dates(consultations, meetings, NOW, limit)
    horizon = NOW.date() + datetime.timedelta(days=occurrences.UPCOMING_DAYS)
    everything = [o for meeting in meetings for o in old_next_dates(meeting, NOW, limit) if o.date < horizon]
    for consultation in consultations:
        if NOW.date() <= consultation.start_date:
            everything.append(Milestone("start", consultation))
        everything.append(Milestone("end", consultation))
    expected = sorted(everything, key=lambda item: (item.start, item.title))[:limit]
    assert found == expected


@pytest.mark.django_db
def test_the_month_shows_a_changed_rule_at_once(client, home_page, consultation):
    CalendarPageFactory(parent=home_page)
    meeting = MeetingFactory(
        page=consultation, title="Dyżur", start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=2)
    )
    with mock.patch("consultation.occurrences.local_now", return_value=NOW):
        assert (
            client.get("/kalendarz/?miesiac=2026-11")
            .content.decode()
            .count('class="agenda__entry agenda__entry--meeting"')
            == 2
        )
        meeting.recurrence = weekly(count=4)
        meeting.save()
        html = client.get("/kalendarz/?miesiac=2026-11").content.decode()
    assert html.count('class="agenda__entry agenda__entry--meeting"') == 4


@pytest.mark.django_db
def test_titles_places_and_links_in_the_month_are_escaped(client, home_page, consultation):
    CalendarPageFactory(parent=home_page)
    MeetingFactory(
        page=consultation,
        title='<script>alert("t")</script>',
        place_name="<img src=x onerror=alert(1)>",
        start=warsaw(2026, 11, 18, 17),
    )
    ConsultationPage.objects.filter(pk=consultation.pk).update(title="Budżet & <b>miasta</b>")
    with mock.patch("consultation.occurrences.local_now", return_value=NOW):
        html = client.get("/kalendarz/?miesiac=2026-11&temat=a&obszar=b").content.decode()
        day = client.get("/kalendarz/?dzien=2026-11-18").content.decode()
    for page in (html, day):
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>miasta</b>" not in page
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'Początek konsultacji:</span> <span class="entry__title">Budżet &amp; &lt;b&gt;miasta&lt;/b&gt;' in html


@pytest.mark.django_db
def test_the_month_shows_a_changed_title_and_place_at_once(client, home_page, consultation):
    CalendarPageFactory(parent=home_page)
    meeting = MeetingFactory(page=consultation, title="Dyżur", place_name="Sala A", start=warsaw(2026, 11, 18, 17))
    with mock.patch("consultation.occurrences.local_now", return_value=NOW):
        before = client.get("/kalendarz/?miesiac=2026-11").content.decode()
        meeting.title, meeting.place_name = "Dyżur radnych", "Sala B"
        meeting.save()
        after = client.get("/kalendarz/?miesiac=2026-11").content.decode()
    assert ">Dyżur<" in before and "Sala A" in before
    assert ">Dyżur<" not in after and "Sala A" not in after
    assert after.count(">Dyżur radnych<") == 2 and "Sala B" in after  # the grid and the month's list
