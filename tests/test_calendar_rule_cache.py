"""Rules parsed and expanded once per process (occurrences.parse_recurrence, schedule_from_text,
Expansion), meetings read as rows, and the lazily merged upcoming dates: never stale, and the
same dates as expanding every rule from its start."""

import datetime
import itertools
from unittest import mock

from django.utils import translation

import dateutil.rrule
import pytest
import recurrence

from consultation import agenda, occurrences
from consultation.meeting_rows import meeting_rows, meetings_for
from consultation.models import ConsultationPage, Meeting
from consultation.occurrences import Expansion, meeting_occurrences, next_dates
from tests.factories import ConsultationPageFactory
from tests.meeting_factories import (
    MEETING_WHEN_CASES,
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
    return meeting_rows(meetings_for(ConsultationPage.objects.filter(pk=consultation.pk)))


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
def test_meetings_with_the_same_rule_share_one_parsed_rule_and_schedule(consultation):
    for hour in (9, 9, 12):
        MeetingFactory(page=consultation, start=warsaw(2026, 11, 3, hour), recurrence=weekly(count=3))
    first, second, third = loaded(consultation)
    assert first.recurrence is second.recurrence is third.recurrence
    assert occurrences.schedule_of(first) is occurrences.schedule_of(second)
    assert occurrences.schedule_of(third) is not occurrences.schedule_of(first)


@pytest.mark.django_db
def test_a_meeting_loaded_with_shared_rules_is_a_whole_meeting_and_takes_a_new_rule(consultation):
    MeetingFactory(page=consultation, start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=3))
    meeting = meetings_for(ConsultationPage.objects.filter(pk=consultation.pk), with_pages=False).get()
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


@pytest.mark.parametrize(
    "rule",
    [
        {"freq": dateutil.rrule.WEEKLY, "count": 40},
        {"freq": dateutil.rrule.DAILY, "interval": 3, "until": datetime.datetime(2027, 6, 1)},
        {"freq": dateutil.rrule.MONTHLY, "bysetpos": -1, "byweekday": dateutil.rrule.TH},
        {"freq": dateutil.rrule.WEEKLY},  # never ends: expanded only as far as asked
    ],
)
def test_expansion_gives_what_dateutil_gives_from_the_rules_start(rule):
    start = datetime.datetime(2026, 10, 6, 17)

    def rules():
        found = dateutil.rrule.rruleset()
        found.rrule(dateutil.rrule.rrule(dtstart=start, **rule))
        found.exdate(start + datetime.timedelta(days=21))
        return found

    expansion = Expansion(rules())
    moments = [
        start + datetime.timedelta(days=days, hours=hours) for days in (-5, 0, 3, 40, 90, 200) for hours in (0, 7)
    ]
    for after, before in itertools.product(moments, moments):
        assert expansion.between(after, before) == rules().between(after, before)
    for after in reversed(moments):
        assert list(itertools.islice(expansion.after(after), 50)) == list(
            itertools.islice(rules().xafter(after, inc=False), 50)
        )
        assert expansion.includes(after) == bool(rules().between(after, after, inc=True))


def old_next_dates(meeting, now, limit):
    """next_dates as it was written before the lazy merge: every date expanded, then cut."""
    found = occurrences.next_occurrences(meeting, now, limit)
    schedule = occurrences.schedule_of(meeting)
    after = occurrences.to_local(now) - schedule.duration
    until = occurrences.to_local(found[-1].start) if len(found) >= limit else None
    cancelled = [
        occurrences.Occurrence(
            meeting, occurrences.localize(begin), occurrences.localize(begin + schedule.duration), cancelled=True
        )
        for begin in schedule.cancelled
        if begin > after and (until is None or begin < until)
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
    found = agenda.upcoming_dates(consultations, meetings, NOW, limit)
    horizon = NOW.date() + datetime.timedelta(days=occurrences.UPCOMING_DAYS)
    everything = [
        agenda.UpcomingDate(kind="meeting", date=o.date, occurrence=o)
        for meeting in meetings
        for o in old_next_dates(meeting, NOW, limit)
        if o.date < horizon
    ]
    for consultation in consultations:
        if NOW.date() <= consultation.start_date:
            everything.append(agenda.UpcomingDate(kind="start", date=consultation.start_date, period_of=consultation))
        everything.append(agenda.UpcomingDate(kind="end", date=consultation.end_date, period_of=consultation))
    expected = sorted(everything, key=agenda._upcoming_order)[:limit]
    assert [(e.kind, e.date, e.title, e.occurrence) for e in found] == [
        (e.kind, e.date, e.title, e.occurrence) for e in expected
    ]


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


@pytest.mark.parametrize(("start", "end", "cancelled"), MEETING_WHEN_CASES)
def test_the_upcoming_lists_when_is_what_the_shared_meeting_when_template_writes(start, end, cancelled):
    from django.template.loader import render_to_string

    entry = agenda.Entry("meeting", start.date(), "Dyżur", "/k/", start=start, end=end, cancelled=cancelled)
    occurrence = occurrences.Occurrence(Meeting(title="Dyżur"), start, end, cancelled=cancelled)
    expected = render_to_string("consultation/includes/meeting_when.html", {"occurrence": occurrence})
    assert entry.when_html() == expected


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


def test_an_entrys_markup_is_kept_per_language():
    entry = agenda.Entry("start", datetime.date(2026, 11, 2), "Budżet", "/k/")
    with translation.override("pl"):
        polish = entry.grid_html()
    with translation.override("en"):
        english = entry.grid_html()
    with translation.override("pl"):
        assert entry.grid_html() == polish
    assert "Początek konsultacji:" in polish
    assert "Consultation starts:" in english and "Początek konsultacji:" not in english


def test_dates_as_words_are_kept_per_language():
    import datetime

    from django.utils import translation

    from consultation.date_words import date_text

    day = datetime.date(2026, 11, 2)
    with translation.override("pl"):
        assert date_text(day, "l, j E") == "Poniedziałek, 2 listopada"
    with translation.override("en"):
        assert date_text(day, "l, j E") == "Monday, 2 November"
    with translation.override("pl"):
        assert date_text(day, "l, j E") == "Poniedziałek, 2 listopada"
