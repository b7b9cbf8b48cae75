"""Meetings on the consultation page and the home page's upcoming dates."""

import datetime
from unittest import mock

import pytest

from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory
from tests.meeting_factories import CalendarPageFactory, MeetingFactory, warsaw, weekly

pytestmark = pytest.mark.django_db

NOW = warsaw(2026, 11, 25, 12)


@pytest.fixture(autouse=True)
def frozen_now():
    with mock.patch("consultation.occurrences.local_now", return_value=NOW):
        yield


@pytest.fixture
def consultation(home_page):
    register = ConsultationIndexPageFactory(parent=home_page)
    return ConsultationPageFactory(
        parent=register,
        slug="budzet-2027",
        title="Budżet 2027",
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 12, 30),
    )


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_consultation_page_shows_the_next_dates_of_a_recurring_meeting(client, consultation):
    MeetingFactory(page=consultation, title="Dyżur", start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=6))
    html = html_of(client, "/konsultacje/budzet-2027/")
    assert "Najbliższe terminy:" in html
    assert 'datetime="2026-12-01T17:00:00+01:00"' in html
    assert 'datetime="2026-11-17T17:00:00+01:00"' not in html


def test_consultation_page_links_each_meeting_to_its_ics_file(client, consultation):
    meeting = MeetingFactory(page=consultation, start=warsaw(2026, 12, 3, 17))
    assert f'href="/konsultacje/budzet-2027/spotkanie-{meeting.pk}.ics"' in html_of(
        client, "/konsultacje/budzet-2027/"
    )


def test_consultation_page_links_to_its_feed(client, consultation):
    MeetingFactory(page=consultation, start=warsaw(2026, 12, 3, 17))
    assert 'href="/konsultacje/budzet-2027/kalendarz.ics"' in html_of(client, "/konsultacje/budzet-2027/")


def test_past_meeting_says_when_it_took_place(client, consultation):
    MeetingFactory(page=consultation, start=warsaw(2026, 11, 5, 17))
    assert "Spotkanie odbyło się 5 listopada 2026." in html_of(client, "/konsultacje/budzet-2027/")


def test_consultation_without_meetings_has_no_meetings_section(client, consultation):
    assert 'id="spotkania"' not in html_of(client, "/konsultacje/budzet-2027/")


def test_online_meeting_shows_its_link_and_accessibility_note(client, consultation):
    MeetingFactory(
        page=consultation,
        kind="online",
        start=warsaw(2026, 12, 3, 17),
        online_url="https://spotkania.bedzin.pl/x",
        accessibility_note="Napisy na żywo.",
    )
    html = html_of(client, "/konsultacje/budzet-2027/")
    assert 'href="https://spotkania.bedzin.pl/x"' in html
    assert "Napisy na żywo." in html


def test_home_page_lists_upcoming_meeting_dates(client, home_page, consultation):
    CalendarPageFactory(parent=home_page)
    MeetingFactory(page=consultation, title="Spotkanie w Grodźcu", start=warsaw(2026, 12, 4, 17))
    MeetingFactory(page=consultation, title="Dawne spotkanie", start=warsaw(2026, 11, 4, 17))
    html = html_of(client, "/")
    assert "Spotkanie w Grodźcu" in html
    assert "Dawne spotkanie" not in html
    assert 'href="/kalendarz/"' in html


def test_home_page_says_when_no_meetings_are_planned(client, home_page):
    assert "Nie zaplanowano jeszcze spotkań konsultacyjnych." in html_of(client, "/")


def test_a_cancelled_date_among_the_next_ones_is_shown_cancelled(client, consultation):
    from tests.meeting_factories import utc_midnight_before

    MeetingFactory(
        page=consultation,
        title="Dyżur",
        start=warsaw(2026, 11, 3, 17),
        recurrence=weekly(count=12, exdates=[utc_midnight_before(datetime.date(2026, 12, 1))]),
    )
    html = html_of(client, "/konsultacje/budzet-2027/")
    dates = html.split('class="meeting__dates"')[1].split("</ul>")[0]
    cancelled = dates.split('datetime="2026-12-01T17:00:00+01:00"')[1].split("</li>")[0]
    assert "odwołane" in cancelled
    assert dates.count("<li>") == 6  # five dates that take place, and the cancelled one among them
    assert dates.count("odwołane") == 1


def test_home_page_marks_a_cancelled_upcoming_date(client, home_page, consultation):
    from tests.meeting_factories import utc_midnight_before

    MeetingFactory(
        page=consultation,
        title="Dyżur",
        start=warsaw(2026, 11, 24, 17),
        recurrence=weekly(count=4, exdates=[utc_midnight_before(datetime.date(2026, 12, 1))]),
    )
    html = html_of(client, "/")
    assert "odwołane" in html.split('datetime="2026-12-01T17:00:00+01:00"')[1].split("</li>")[0]


def test_the_link_to_the_calendar_follows_the_calendar_page_at_once(client, home_page, consultation):
    """The calendar page a consultation links to is remembered per content generation."""
    MeetingFactory(page=consultation, title="Dyżur", start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=12))
    calendar = CalendarPageFactory(parent=home_page)
    assert 'href="/kalendarz/">Przejdź do kalendarza</a>' in html_of(client, "/konsultacje/budzet-2027/")
    calendar.slug = "terminy"
    calendar.save_revision().publish()
    assert 'href="/terminy/">Przejdź do kalendarza</a>' in html_of(client, "/konsultacje/budzet-2027/")
    calendar.unpublish()
    html = html_of(client, "/konsultacje/budzet-2027/")
    assert "Kolejne terminy znajdziesz w kalendarzu." in html
    assert "Przejdź do kalendarza" not in html


def test_a_changed_rule_shows_its_new_dates_at_once(client, consultation):
    """Rules are parsed and expanded once per process, by their text: a new rule is new text."""
    meeting = MeetingFactory(
        page=consultation, title="Dyżur", start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=5)
    )
    assert 'datetime="2026-12-08T17:00:00+01:00"' not in html_of(client, "/konsultacje/budzet-2027/")
    meeting.recurrence = weekly(count=6)
    meeting.save()
    assert 'datetime="2026-12-08T17:00:00+01:00"' in html_of(client, "/konsultacje/budzet-2027/")


def test_a_preview_shows_the_rule_of_the_draft(rf, admin_user, consultation):
    from consultation.models import Meeting

    MeetingFactory(page=consultation, title="Dyżur", start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=5))
    request = rf.get("/konsultacje/budzet-2027/")
    request.user = admin_user
    assert 'datetime="2026-12-08T17:00:00+01:00"' not in consultation.make_preview_request(request).content.decode()
    draft = type(consultation).objects.get(pk=consultation.pk)
    draft.meetings = [
        Meeting(title="Dyżur", start=warsaw(2026, 11, 3, 17), end=warsaw(2026, 11, 3, 19), recurrence=weekly(count=6))
    ]
    assert 'datetime="2026-12-08T17:00:00+01:00"' in draft.make_preview_request(request).content.decode()


def test_a_page_with_meetings_costs_the_same_queries_however_many(client, settings, home_page, consultation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    CalendarPageFactory(parent=home_page)

    def queries():
        client.get("/konsultacje/budzet-2027/")  # warm the per-generation caches
        with CaptureQueriesContext(connection) as captured:
            html_of(client, "/konsultacje/budzet-2027/")
        return len(captured)

    MeetingFactory(page=consultation, start=warsaw(2026, 12, 3, 17))
    one = queries()
    for day in (4, 5, 6):
        MeetingFactory(page=consultation, start=warsaw(2026, 12, day, 17), recurrence=weekly(count=9))
    assert queries() == one
