"""Surveys work on a phone: multiple choice is a list of checkboxes, and no help text asks for a keyboard."""

import re

import pytest

from forms import demo
from forms.models import SurveySubmission
from tests.forms_support import clear_cache, consultation, honest, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

QUESTIONS = [("Co jest ważne", "multiselect", "Zieleń\nParkingi\nŁawki", False)]


@pytest.fixture
def open_survey(site):
    return survey(consultation(), fields=QUESTIONS)


def test_multiple_choice_question_is_a_group_of_checkboxes(client, open_survey):
    html = client.get(open_survey.url).content.decode()
    assert "<select" not in html
    assert len(re.findall(r'<input type="checkbox" name="co_jest_wazne"', html)) == 3
    assert "<legend" in html and "Co jest ważne" in html


def test_several_ticked_choices_are_stored(client, open_survey):
    client.post(open_survey.url, honest({"co_jest_wazne": ["Zieleń", "Ławki"]}))
    assert SurveySubmission.objects.get().get_data()["co_jest_wazne"] == ["Zieleń", "Ławki"]


def test_demo_help_texts_never_ask_for_a_keyboard_key(site):
    help_texts = [spec[4] for spec in (*demo.BUDGET_QUESTIONS, *demo.BOULEVARD_QUESTIONS)]
    assert not [text for text in help_texts if re.search(r"Ctrl|Cmd|Shift|przytrzymaj", text, re.IGNORECASE)]
