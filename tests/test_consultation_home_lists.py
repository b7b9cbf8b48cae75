"""The home page's consultation lists, read in one query: the six ongoing ones that end soonest
and the three planned ones that start soonest, each in its own order, however many there are."""

from django.template import Context, Template
from django.test import RequestFactory

import pytest

from tests.consultation_clock import day, frozen_clock  # noqa: F401 - frozen_clock is autouse
from tests.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db


def consultation(register, title, start, end):
    return ConsultationPageFactory(
        parent=register, title=title, slug=f"k-{start}-{end}", start_date=day(start), end_date=day(end)
    )


def home_lists():
    html = Template("{% load consultation_tags %}{% home_consultations %}").render(
        Context({"request": RequestFactory().get("/")})
    )
    ongoing, _heading, planned = html.partition("Wkrótce się rozpoczną")
    return ongoing, planned


def titles_in_order(html, titles):
    shown = [title for title in titles if title in html]
    return sorted(shown, key=html.index)


def test_the_home_page_lists_the_six_ongoing_that_end_soonest_in_that_order(register):
    for number in range(9):
        consultation(register, f"Trwająca {number}", -10, 20 - number)
    consultation(register, "Zamknięta", -40, -20)
    ongoing, _planned = home_lists()
    titles = [f"Trwająca {number}" for number in range(9)] + ["Zamknięta"]
    assert titles_in_order(ongoing, titles) == [f"Trwająca {number}" for number in (8, 7, 6, 5, 4, 3)]


def test_the_home_page_teases_the_three_planned_that_start_soonest_in_that_order(register):
    consultation(register, "Trwająca", -10, 20)
    for number in range(7):
        consultation(register, f"Planowana {number}", 30 - number, 60)
    _ongoing, planned = home_lists()
    titles = [f"Planowana {number}" for number in range(7)]
    assert titles_in_order(planned, titles) == ["Planowana 6", "Planowana 5", "Planowana 4"]


def test_ties_are_listed_by_title(register):
    consultation(register, "Budżet", -3, 10)
    ConsultationPageFactory(parent=register, title="Autobusy", slug="autobusy", start_date=day(-5), end_date=day(10))
    ongoing, _planned = home_lists()
    assert titles_in_order(ongoing, ["Budżet", "Autobusy"]) == ["Autobusy", "Budżet"]
