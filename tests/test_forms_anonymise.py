"""`manage.py anonymise_submissions`: personal data goes N days after the consultation closed."""

import io

from django.core.management import call_command

import pytest

from forms.models import SurveySubmission
from tests.forms_support import RemarkFactory, answer, clear_cache, consultation, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

QUESTIONS = [("Imię", "singleline", "", False), ("E-mail", "email", "", False), ("Opinia", "multiline", "", False)]


def run(*args):
    out = io.StringIO()
    call_command("anonymise_submissions", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old(site):
    page = consultation(start=-200, end=-120)
    remark = RemarkFactory(consultation=page, author_organisation="Stowarzyszenie")
    questions = survey(page, fields=QUESTIONS)
    questions.form_fields.filter(label="Imię").update(personal_data=True)
    submission = answer(questions, imie="Ala", e_mail="ala@example.com", opinia="Więcej drzew.")
    return remark, submission


def test_remarks_lose_name_e_mail_and_organisation(old):
    run("--days", "90")
    remark, _submission = old
    remark.refresh_from_db()
    assert (remark.author_name, remark.author_email, remark.author_organisation) == ("", "", "")
    assert remark.text.startswith("Uwaga numer")
    assert remark.anonymised_at is not None


def test_survey_answers_lose_personal_fields_and_keep_opinions(old):
    run("--days", "90")
    data = SurveySubmission.objects.get().form_data
    assert data == {"imie": "", "e_mail": "", "opinia": "Więcej drzew."}


def test_recent_consultations_are_left_alone(site):
    page = consultation(start=-40, end=-10)
    remark = RemarkFactory(consultation=page)
    run("--days", "90")
    remark.refresh_from_db()
    assert remark.author_email == "jan@example.com"


def test_ongoing_consultations_are_left_alone(site):
    remark = RemarkFactory(consultation=consultation())
    run("--days", "0")
    remark.refresh_from_db()
    assert remark.author_email == "jan@example.com"


def test_dry_run_counts_without_changing_anything(old):
    output = run("--days", "90", "--dry-run")
    remark, _submission = old
    remark.refresh_from_db()
    assert "Would anonymise 1 remarks and 1 survey submissions" in output
    assert remark.author_email == "jan@example.com"


def test_second_run_finds_nothing_to_do(old):
    assert "Anonymised 1 remarks and 1 survey submissions" in run("--days", "90")
    assert "Anonymised 0 remarks and 0 survey submissions" in run("--days", "90")


def test_number_of_days_comes_from_the_setting(old, settings):
    settings.FORMS_ANONYMISE_AFTER_DAYS = 365
    assert "Anonymised 0 remarks" in run()
