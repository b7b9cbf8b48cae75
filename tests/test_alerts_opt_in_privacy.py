"""The survey's "keep me informed" question is offered only while the alerts sign-up page is
live and public: a view restriction on it, or on a page above it, leaves the question out, as
PageQuerySet.public() would; a restriction elsewhere does not."""

from wagtail.models import PageViewRestriction

import pytest

from alerts.wagtail_hooks import alerts_opt_in
from tests import alerts_support as support
from tests.factories import StandardPageFactory
from tests.forms_support import clear_cache, consultation, survey  # noqa: F401

alerts_page = support.alerts_page
QUESTIONS = [
    ("Adres", "email", "", False),
    ("Chcę dostawać informacje o kolejnych konsultacjach", "alerts", "", False),
]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")


def test_a_password_on_the_alerts_page_leaves_the_question_out(client, site, alerts_page):
    open_survey = survey(consultation(start=-3, end=10), fields=QUESTIONS)
    restrict(alerts_page)
    assert "Chcę dostawać informacje" not in client.get(open_survey.url).content.decode()


def test_a_password_on_another_page_keeps_the_question(client, site, home_page, alerts_page):
    open_survey = survey(consultation(start=-3, end=10), fields=QUESTIONS)
    restrict(StandardPageFactory(parent=home_page, slug="dla-radnych", title="Dla radnych"))
    assert "Chcę dostawać informacje o kolejnych konsultacjach" in client.get(open_survey.url).content.decode()


def test_a_restriction_above_the_alerts_page_closes_sign_ups(home_page, alerts_page):
    assert alerts_opt_in() is not None
    restrict(home_page)
    assert alerts_opt_in() is None


def test_a_draft_alerts_page_closes_sign_ups(alerts_page):
    alerts_page.unpublish()
    assert alerts_opt_in() is None
