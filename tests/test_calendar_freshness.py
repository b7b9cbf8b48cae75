"""Pages that list dates say when what they show changes (home.freshness): the calendar page, the
upcoming lists and a consultation's next dates are kept by the page cache no longer than the
first moment a listed date starts or ends, or midnight."""

from django.template import Context, Template

import pytest

from home.freshness import page_changes_at
from tests.meeting_factories import MeetingFactory, warsaw, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_now")]

# The calendar's clock: noon on 25 November 2026.
MIDNIGHT = warsaw(2026, 11, 26)


def test_the_calendar_changes_at_midnight_when_no_listed_date_starts_or_ends_before(
    client, calendar_page, budget_consultation
):
    response = client.get("/kalendarz/")
    assert page_changes_at(response.wsgi_request) == MIDNIGHT


def test_the_calendar_changes_when_a_listed_meeting_ends(client, calendar_page, budget_consultation):
    MeetingFactory(page=budget_consultation, start=warsaw(2026, 11, 25, 11), end=warsaw(2026, 11, 25, 12, 30))
    response = client.get("/kalendarz/?miesiac=2027-02")
    assert page_changes_at(response.wsgi_request) == warsaw(2026, 11, 25, 12, 30)


def test_the_calendar_changes_when_a_listed_meeting_starts(client, calendar_page, budget_consultation):
    MeetingFactory(page=budget_consultation, start=warsaw(2026, 11, 25, 17), recurrence=weekly(count=3))
    response = client.get("/kalendarz/")
    assert page_changes_at(response.wsgi_request) == warsaw(2026, 11, 25, 17)


def render(rf, text, **context):
    request = rf.get("/")
    html = Template("{% load calendar_tags %}" + text).render(Context({"request": request, **context}))
    return html, page_changes_at(request)


def test_the_home_pages_upcoming_dates_change_when_the_first_listed_date_starts(
    rf, calendar_page, budget_consultation
):
    MeetingFactory(page=budget_consultation, title="Dyżur", start=warsaw(2026, 11, 25, 15))
    MeetingFactory(page=budget_consultation, title="Sesja", start=warsaw(2026, 11, 27, 10))
    html, changes = render(rf, "{% upcoming_meetings %}")
    assert "Dyżur" in html and "Sesja" in html
    assert changes == warsaw(2026, 11, 25, 15)


def test_the_home_pages_upcoming_dates_without_meetings_change_at_midnight(rf, calendar_page):
    _html, changes = render(rf, "{% upcoming_meetings %}")
    assert changes == MIDNIGHT


def test_a_consultations_next_dates_change_when_the_running_date_ends(rf, calendar_page, budget_consultation):
    MeetingFactory(
        page=budget_consultation,
        title="Dyżur",
        start=warsaw(2026, 11, 18, 11),
        end=warsaw(2026, 11, 18, 13),
        recurrence=weekly(count=3),
    )
    html, changes = render(rf, "{% consultation_meetings page %}", page=budget_consultation)
    assert 'datetime="2026-11-25T11:00:00+01:00"' in html  # running now
    assert changes == warsaw(2026, 11, 25, 13)


def test_a_consultation_whose_meetings_are_over_does_not_change_with_the_clock(rf, calendar_page, budget_consultation):
    MeetingFactory(page=budget_consultation, title="Dawne spotkanie", start=warsaw(2026, 11, 3, 17))
    html, changes = render(rf, "{% consultation_meetings page %}", page=budget_consultation)
    assert "Spotkanie odbyło się 3 listopada 2026." in html
    assert changes is None
