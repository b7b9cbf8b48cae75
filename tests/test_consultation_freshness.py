"""How long what the register, a consultation page and the home sections show stays true: each
records the first moment it changes with the clock (home.freshness), and nothing when nothing does."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.test import RequestFactory

import pytest

from home.freshness import page_changes_at
from tests.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
TODAY = datetime.date(2026, 11, 15)
NEXT_MIDNIGHT = datetime.datetime(2026, 11, 16, tzinfo=WARSAW)


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def midnight(date):
    return datetime.datetime.combine(date, datetime.time(), tzinfo=WARSAW)


@pytest.fixture(autouse=True)
def frozen_clock():
    instant = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=WARSAW)
    with mock.patch("django.utils.timezone.now", return_value=instant.astimezone(datetime.UTC)):
        yield


def changes_at(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return page_changes_at(response.wsgi_request)


def with_results(register, **fields):
    return ConsultationPageFactory(
        parent=register,
        start_date=day(-60),
        end_date=day(-30),
        results_summary="<p>Wyniki.</p>",
        results_published_on=fields.pop("results_published_on", day(-10)),
        **fields,
    )


def test_a_register_listing_an_ongoing_consultation_changes_at_midnight(client, register):
    ConsultationPageFactory(parent=register, start_date=day(-3), end_date=day(3))
    assert changes_at(client, "/konsultacje/") == NEXT_MIDNIGHT


def test_a_register_of_consultations_with_results_only_does_not_change_with_the_clock(client, register):
    with_results(register)
    assert changes_at(client, "/konsultacje/") is None


def test_an_ongoing_consultation_page_changes_at_midnight(client, register):
    page = ConsultationPageFactory(parent=register, start_date=day(-3), end_date=day(3))
    assert changes_at(client, page.url) == NEXT_MIDNIGHT


def test_a_planned_consultation_page_changes_at_midnight(client, register):
    page = ConsultationPageFactory(parent=register, start_date=day(5), end_date=day(30))
    assert changes_at(client, page.url) == NEXT_MIDNIGHT


def test_a_closed_consultation_page_changes_when_its_report_becomes_overdue(client, register):
    page = ConsultationPageFactory(parent=register, start_date=day(-40), end_date=day(-10))
    # Report due 60 days after the end (the default); overdue from the day after.
    assert changes_at(client, page.url) == midnight(day(-10 + 60 + 1))


def test_a_closed_consultation_page_changes_when_its_results_are_published(client, register):
    page = with_results(register, results_published_on=day(7))
    assert changes_at(client, page.url) == midnight(day(7))


def test_a_consultation_page_with_published_results_does_not_change_with_the_clock(client, register):
    page = with_results(register)
    assert changes_at(client, page.url) is None


def render_home_sections():
    request = RequestFactory().get("/")
    Template("{% load consultation_tags %}{% home_consultations %}").render(Context({"request": request}))
    return page_changes_at(request)


def test_the_home_sections_with_an_ongoing_consultation_change_at_midnight(register):
    ConsultationPageFactory(parent=register, start_date=day(-3), end_date=day(3))
    assert render_home_sections() == NEXT_MIDNIGHT


def test_the_home_sections_with_a_planned_consultation_change_at_midnight(register):
    ConsultationPageFactory(parent=register, start_date=day(3), end_date=day(30))
    assert render_home_sections() == NEXT_MIDNIGHT


def test_the_home_sections_with_nothing_ongoing_or_planned_do_not_change_with_the_clock(register):
    with_results(register)
    assert render_home_sections() is None
