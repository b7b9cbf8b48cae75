"""The calendar page: month grid, navigation, filters, upcoming dates and subscription."""

import datetime
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Page

import pytest

from consultation.models import CalendarPage
from consultation.models.calendar_page import parse_month
from home.models import HomePage
from tests.factories import ConsultationPageFactory, DistrictFactory, TopicFactory
from tests.meeting_factories import MeetingFactory, warsaw, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_now")]


def page_html(client, query=""):
    response = client.get("/kalendarz/" + query)
    assert response.status_code == 200
    return response.content.decode()


def test_month_grid_is_a_table_with_a_caption_and_monday_first_headers(client, calendar_page):
    html = page_html(client, "?miesiac=2026-11")
    assert "<caption>Listopad 2026: początki i końce konsultacji oraz spotkania</caption>" in html
    headers = html.split("<thead>")[1].split("</thead>")[0]
    assert headers.index('title="Poniedziałek"') < headers.index('title="Wtorek"') < headers.index('title="Niedziela"')
    assert headers.count('<th scope="col">') == 7


def test_today_is_marked_with_aria_current_and_a_word(client, calendar_page):
    html = page_html(client)
    today_cell = html.split('aria-current="date"')[1].split("</td>")[0]
    assert ">25<" in today_cell
    assert "dziś" in today_cell


def test_today_is_not_marked_in_another_month(client, calendar_page):
    assert 'aria-current="date"' not in page_html(client, "?miesiac=2026-12")


def test_month_links_lead_to_the_previous_and_next_month(client, calendar_page):
    html = page_html(client, "?miesiac=2027-01")
    assert 'href="?miesiac=2026-12" rel="prev"' in html
    assert 'href="?miesiac=2027-02" rel="next"' in html


def test_month_links_keep_the_filters(client, calendar_page):
    TopicFactory(slug="zielen")
    assert 'href="?miesiac=2026-12&amp;temat=zielen" rel="next"' in page_html(client, "?miesiac=2026-11&temat=zielen")


def test_malformed_month_shows_the_current_month_with_a_note(client, calendar_page):
    html = page_html(client, "?miesiac=listopad")
    assert "Nie rozpoznano miesiąca „listopad”" in html
    assert '<h2 id="month-heading" class="calendar__month-name">Listopad 2026</h2>' in html


@pytest.mark.parametrize("value", ["2026-13", "0000-01", "9999-12", "2026-1", "2026-11-01", "%00", "x" * 500])
def test_impossible_months_never_break_the_page(client, calendar_page, value):
    assert "Nie rozpoznano miesiąca" in page_html(client, f"?miesiac={value}")


def test_parse_month_reads_year_and_month():
    assert parse_month("2027-03", datetime.date(2026, 11, 25)) == (datetime.date(2027, 3, 1), False)


def test_meeting_occurrences_appear_on_their_days_with_a_link(client, calendar_page, budget_consultation):
    meeting = MeetingFactory(
        page=budget_consultation, title="Dyżur", start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=3)
    )
    html = page_html(client, "?miesiac=2026-11")
    assert html.count(f'href="/konsultacje/budzet-2027/#spotkanie-{meeting.pk}"><time class="entry__time"') == 3
    assert 'data-start="2026-11-17T17:00:00+01:00"' in html


def test_consultation_start_and_end_are_listed_on_their_days(client, calendar_page, budget_consultation):
    html = page_html(client, "?miesiac=2026-11")
    assert 'data-kind="start" data-date="2026-11-02"' in html
    assert 'data-kind="end" data-date="2026-11-30"' in html
    assert 'data-start="2026-11-02" data-end="2026-11-30"' in html


def test_topic_filter_narrows_the_calendar(client, register, calendar_page, budget_consultation):
    green = TopicFactory(slug="zielen", name="Zieleń")
    ConsultationPageFactory(parent=register, slug="drzewa", title="Drzewa dla Syberki", topics=[green])
    html = page_html(client, "?miesiac=2026-11&temat=zielen")
    assert "Drzewa dla Syberki" in html
    assert "Budżet 2027" not in html


def test_the_filter_form_shows_the_chosen_values_and_the_month(client, register, calendar_page, budget_consultation):
    TopicFactory(slug="zielen", name="Zieleń")
    html = page_html(client, "?miesiac=2026-11&temat=zielen")
    assert '<option value="zielen" selected>Zieleń</option>' in html
    assert 'name="miesiac" value="2026-11"' in html
    html = page_html(client, "?miesiac=2026-12")
    assert '<option value="zielen">Zieleń</option>' in html
    assert 'name="miesiac" value="2026-12"' in html
    # A new topic appears in the form at once.
    TopicFactory(slug="drogi", name="Drogi")
    assert '<option value="drogi">Drogi</option>' in page_html(client, "?miesiac=2026-12")


def test_district_filter_narrows_the_calendar(client, register, calendar_page, budget_consultation):
    district = DistrictFactory(slug="grodziec", name="Grodziec")
    ConsultationPageFactory(parent=register, slug="grodziec", title="Park w Grodźcu", districts=[district])
    html = page_html(client, "?miesiac=2026-11&obszar=grodziec")
    assert "Park w Grodźcu" in html
    assert "Budżet 2027" not in html


def test_unknown_filter_value_is_dropped_with_a_note(client, calendar_page, budget_consultation):
    html = page_html(client, "?temat=nie-ma-takiego")
    assert "Pominięto nieznaną wartość filtra" in html
    assert "Budżet 2027" in html


def test_upcoming_dates_list_the_next_meetings_and_consultation_ends(client, calendar_page, budget_consultation):
    MeetingFactory(page=budget_consultation, title="Spotkanie w Grodźcu", start=warsaw(2026, 12, 4, 17))
    MeetingFactory(page=budget_consultation, title="Dawne spotkanie", start=warsaw(2026, 11, 3, 17))
    upcoming = page_html(client).split('id="upcoming-heading"')[1].split("</section>")[0]
    assert upcoming.index("Koniec konsultacji: Budżet 2027") < upcoming.index("Spotkanie w Grodźcu")
    assert "Dawne spotkanie" not in upcoming


def test_upcoming_dates_take_the_soonest_of_many_consultation_starts(client, register, calendar_page):
    from consultation.agenda import UPCOMING_LIMIT

    for n in range(UPCOMING_LIMIT * 3):  # more than the list loads, created latest first
        day = datetime.date(2026, 12, 1) + datetime.timedelta(days=UPCOMING_LIMIT * 3 - n)
        ConsultationPageFactory(
            parent=register, title=f"Konsultacja {day:%m-%d}", start_date=day, end_date=day + datetime.timedelta(60)
        )
    upcoming = page_html(client).split('id="upcoming-heading"')[1].split("</section>")[0]
    assert "Konsultacja 12-02" in upcoming
    assert f"Konsultacja 12-{UPCOMING_LIMIT + 1:02d}" in upcoming
    assert f"Konsultacja 12-{UPCOMING_LIMIT + 2:02d}" not in upcoming


def test_page_explains_how_to_subscribe_with_webcal_and_a_copyable_address(client, calendar_page):
    html = page_html(client)
    assert 'href="webcal://testserver/kalendarz/kalendarz.ics"' in html
    assert '<label for="feed-url">' in html
    assert (
        'id="feed-url" class="subscribe__input" type="text" readonly value="http://testserver/kalendarz/kalendarz.ics"'
        in html
    )


def test_subscription_keeps_the_filters(client, calendar_page):
    TopicFactory(slug="zielen")
    assert "webcal://testserver/kalendarz/kalendarz.ics?temat=zielen" in page_html(client, "?temat=zielen")


def test_calendar_runs_the_same_number_of_queries_whatever_the_number_of_meetings(client, register, calendar_page):
    consultations = [
        ConsultationPageFactory(parent=register, slug=f"k-{n}", start_date=datetime.date(2026, 11, 1))
        for n in range(3)
    ]
    MeetingFactory(page=consultations[0], start=warsaw(2026, 11, 3, 17), recurrence=weekly(count=10))
    client.get("/kalendarz/")  # warm the site and settings caches
    with CaptureQueriesContext(connection) as few:
        page_html(client)
    for n in range(30):
        MeetingFactory(
            page=consultations[n % 3], start=warsaw(2026, 11, 1 + n % 28, 9 + n % 8), recurrence=weekly(count=8)
        )
    client.get("/kalendarz/")  # new content renews the cached shell fragments; warm them again
    with CaptureQueriesContext(connection) as many:
        html = page_html(client)
    assert html.count("entry--meeting") > 60
    assert len(many) == len(few)


def test_calendar_page_can_only_be_created_under_the_home_page():
    assert CalendarPage.parent_page_types == ["home.HomePage"]
    assert CalendarPage in HomePage.allowed_subpage_models()
    assert CalendarPage.max_count == 1
    assert not CalendarPage.subpage_types


def test_calendar_page_is_listed_under_the_home_page_in_the_tree(calendar_page, home_page):
    assert Page.objects.child_of(home_page).type(CalendarPage).count() == 1


def test_a_crowded_day_shows_a_few_entries_in_the_grid_and_all_in_its_own_view(
    client, calendar_page, budget_consultation
):
    from consultation.agenda import AGENDA_DAY_LIMIT, GRID_DAY_LIMIT

    for n in range(AGENDA_DAY_LIMIT + 2):
        MeetingFactory(page=budget_consultation, title=f"Spotkanie {n:02d}", start=warsaw(2026, 11, 18, 8 + n % 12, n))
    html = page_html(client, "?miesiac=2026-11")
    cell = html.split('href="#dzien-2026-11-18"')[1].split("</td>")[0]
    assert cell.count("entry--meeting") == GRID_DAY_LIMIT
    assert f"+ {AGENDA_DAY_LIMIT + 2 - GRID_DAY_LIMIT} więcej" in cell
    assert 'href="?dzien=2026-11-18#dzien-2026-11-18"' in cell
    day_list = html.split('id="dzien-2026-11-18"')[1].split('class="agenda__day"')[0]
    assert day_list.count("agenda__entry--meeting") == AGENDA_DAY_LIMIT
    assert f"Wszystkie terminy tego dnia ({AGENDA_DAY_LIMIT + 2})" in day_list
    day_view = page_html(client, "?dzien=2026-11-18")
    section = day_view.split('class="calendar__day"')[1].split("</section>")[0]
    assert section.count("agenda__entry--meeting") == AGENDA_DAY_LIMIT + 2
    assert "Środa, 18 listopada 2026" in section


def test_many_running_consultations_are_listed_once_and_capped_with_a_link_to_the_register(
    client, register, calendar_page
):
    from consultation.agenda import PERIODS_LIMIT

    for n in range(PERIODS_LIMIT + 3):
        ConsultationPageFactory(
            parent=register,
            slug=f"k-{n}",
            title=f"Konsultacja {n:02d}",
            start_date=datetime.date(2026, 10, 1),
            end_date=datetime.date(2026, 12, 31),
        )
    html = page_html(client, "?miesiac=2026-11")
    # Neither starting nor ending this month: only in the list of running consultations.
    assert html.split("<aside")[0].count("Konsultacja 00") == 1
    periods = html.split('id="periods-heading"')[1].split("</section>")[0]
    assert f"({PERIODS_LIMIT + 3})" in periods
    assert periods.count('class="period"') == PERIODS_LIMIT
    assert 'href="/konsultacje/?status=trwajace"' in periods
    assert 'href="/konsultacje/?rok=2026"' in page_html(client, "?miesiac=2026-12").split('id="periods-heading"')[1]


def test_the_month_shows_a_new_meeting_at_once(client, calendar_page, budget_consultation):
    assert "Nowe spotkanie" not in page_html(client, "?miesiac=2026-11")
    MeetingFactory(page=budget_consultation, title="Nowe spotkanie", start=warsaw(2026, 11, 19, 17))
    assert "Nowe spotkanie" in page_html(client, "?miesiac=2026-11")


def test_the_subscription_box_says_how_far_back_the_feed_goes(client, calendar_page):
    assert "te, które zakończyły się w ciągu ostatniego roku" in page_html(client)


@pytest.mark.parametrize("value", ["2026-02-30", "2026-11", "jutro", "9999-01-01"])
def test_a_bad_day_shows_the_month(client, calendar_page, value):
    html = page_html(client, f"?dzien={value}")
    assert 'class="calendar__day"' not in html
    assert 'id="month-heading"' in html


def test_the_english_calendar_links_to_the_english_pages_after_the_polish_one(
    client, calendar_page, budget_consultation
):
    """Consultation links are kept per process; each language keeps its own (its URLs differ)."""
    MeetingFactory(page=budget_consultation, title="Dyżur", start=warsaw(2026, 11, 27, 17))
    assert 'href="/konsultacje/budzet-2027/' in page_html(client)
    with translation.override("pl"):  # the request's language would stay active after it
        english = client.get("/en/kalendarz/").content.decode()
    assert 'href="/en/konsultacje/budzet-2027/' in english
    assert 'href="/konsultacje/budzet-2027/' not in english


def upcoming_section(html):
    return html.split('id="upcoming-heading"')[1].split("</section>")[0]


def test_the_upcoming_dates_show_a_new_meeting_at_once(client, calendar_page, budget_consultation):
    """The month and the upcoming dates are kept per process as well as in the shared cache."""
    assert "Nowe spotkanie" not in upcoming_section(page_html(client))
    MeetingFactory(page=budget_consultation, title="Nowe spotkanie", start=warsaw(2026, 11, 26, 17))
    html = page_html(client)
    assert "Nowe spotkanie" in upcoming_section(html)
    assert "Nowe spotkanie" in html.split('id="upcoming-heading"')[0]  # in the month too


def test_a_meeting_that_ends_leaves_the_kept_upcoming_dates(client, calendar_page, budget_consultation):
    MeetingFactory(
        page=budget_consultation,
        title="Krótkie spotkanie",
        start=warsaw(2026, 11, 25, 11),
        end=warsaw(2026, 11, 25, 12, 5),
    )
    assert "Krótkie spotkanie" in upcoming_section(page_html(client))
    # The same quarter of an hour: the list is kept, the meeting is over.
    with mock.patch("consultation.occurrences.local_now", return_value=warsaw(2026, 11, 25, 12, 6)):
        upcoming = upcoming_section(page_html(client))
    assert "Krótkie spotkanie" not in upcoming
    assert "Koniec konsultacji: Budżet 2027" in upcoming


def test_without_the_shared_cache_a_new_meeting_shows_at_once(client, calendar_page, budget_consultation):
    """When the shared cache is down, nobody can say which content generation is current: the
    month and the upcoming dates are then not kept per process either."""
    with (
        mock.patch.object(cache, "get", return_value=None),
        mock.patch.object(cache, "get_many", return_value={}),
        mock.patch.object(cache, "set"),
        mock.patch.object(cache, "add"),
        mock.patch.object(cache, "incr", side_effect=ValueError),
    ):
        assert "Nowe spotkanie" not in page_html(client)
        MeetingFactory(page=budget_consultation, title="Nowe spotkanie", start=warsaw(2026, 11, 26, 17))
        html = page_html(client)
    assert "Nowe spotkanie" in upcoming_section(html)
    assert "Nowe spotkanie" in html.split('id="upcoming-heading"')[0]
