"""How long a survey page stays true: one not open yet says when it opens, so the page cache keeps
it no later than the consultation's first day (home.freshness)."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from home.freshness import page_changes_at
from tests.forms_support import clear_cache, consultation, survey  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(autouse=True)
def noon():
    instant = datetime.datetime.now(WARSAW).replace(hour=12, minute=0, second=0, microsecond=0)
    with mock.patch("django.utils.timezone.now", return_value=instant.astimezone(datetime.UTC)):
        yield


def changes_at(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return page_changes_at(response.wsgi_request)


def test_a_survey_not_open_yet_changes_when_its_consultation_starts(client, site):
    planned = consultation(start=3, end=10)
    page = survey(planned)
    opening = datetime.datetime.combine(planned.start_date, datetime.time(), tzinfo=WARSAW)
    assert changes_at(client, page.url) == opening


def test_a_closed_survey_does_not_change_with_the_clock(client, site):
    page = survey(consultation(start=-30, end=-2))
    assert changes_at(client, page.url) is None
