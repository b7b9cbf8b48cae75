"""A survey's free-text question marked as collecting remarks: its answers land in the staff inbox,
each once, with the channel "ankieta" and the survey's consultation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from forms.models import Channel, Remark, SurveyField
from forms.survey_remarks import import_survey_remarks
from tests.forms_support import answer, clear_cache, consultation, honest, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

QUESTIONS = [
    ("Twoje uwagi do projektu", "multiline", "", False),
    ("Skąd wiesz o konsultacjach", "singleline", "", False),
    ("Adres e-mail", "email", "", False),
]


@pytest.fixture
def budget(site):
    return consultation(title="Budżet 2027", slug="budzet-2027")


@pytest.fixture
def remark_survey(budget):
    page = survey(budget, fields=QUESTIONS)
    SurveyField.objects.filter(page=page, clean_name="twoje_uwagi_do_projektu").update(collects_remarks=True)
    return page


def submit(client, page, **answers):
    response = client.post(page.url, honest(answers))
    assert response.status_code == 303


def marked(page):
    return SurveyField.objects.get(page=page, clean_name="twoje_uwagi_do_projektu")


def test_an_answer_to_a_marked_question_reaches_the_inbox_as_a_survey_remark(client, budget, remark_survey):
    submit(client, remark_survey, twoje_uwagi_do_projektu="Więcej pieniędzy na zieleń w Grodźcu.")
    remark = Remark.objects.get()
    assert remark.text == "Więcej pieniędzy na zieleń w Grodźcu."
    assert remark.channel == Channel.SURVEY
    assert remark.get_channel_display() == "Ankieta"
    assert remark.consultation_id == budget.pk


def test_the_remark_is_titled_with_the_question(client, remark_survey):
    submit(client, remark_survey, twoje_uwagi_do_projektu="Więcej ławek.")
    assert Remark.objects.get().subject == "Twoje uwagi do projektu"


def test_the_remark_carries_the_address_the_resident_gave(client, remark_survey):
    submit(client, remark_survey, twoje_uwagi_do_projektu="Więcej ławek.", adres_e_mail="anna@example.com")
    assert Remark.objects.get().author_email == "anna@example.com"


def test_answers_to_unmarked_questions_stay_in_the_survey(client, remark_survey):
    submit(client, remark_survey, skad_wiesz_o_konsultacjach="Z plakatu.")
    assert not Remark.objects.exists()


def test_an_empty_answer_makes_no_remark(client, remark_survey):
    submit(client, remark_survey, twoje_uwagi_do_projektu="   ")
    assert not Remark.objects.exists()


def test_the_inbox_lists_the_survey_remark(client, admin_client, remark_survey):
    submit(client, remark_survey, twoje_uwagi_do_projektu="Więcej pieniędzy na zieleń w Grodźcu.")
    content = admin_client.get("/admin/forms/remark/?channel__exact=survey").content.decode()
    assert "Więcej pieniędzy na zieleń w Grodźcu." in content


def test_answering_the_survey_again_is_a_new_remark(client, remark_survey):
    submit(client, remark_survey, twoje_uwagi_do_projektu="Pierwsza uwaga.")
    submit(client, remark_survey, twoje_uwagi_do_projektu="Druga uwaga.")
    assert sorted(Remark.objects.values_list("text", flat=True)) == ["Druga uwaga.", "Pierwsza uwaga."]


def test_importing_the_same_submission_again_adds_nothing(remark_survey):
    submission = answer(remark_survey, twoje_uwagi_do_projektu="Jedna uwaga.")
    assert import_survey_remarks(remark_survey, [submission]) == 1
    assert import_survey_remarks(remark_survey, [submission]) == 0
    assert import_survey_remarks(remark_survey) == 0
    assert Remark.objects.count() == 1


def test_marking_a_question_later_brings_its_earlier_answers_on_publishing(budget):
    page = survey(budget, fields=QUESTIONS)
    answer(page, twoje_uwagi_do_projektu="Zebrana przed zaznaczeniem.")
    field = marked(page)
    field.collects_remarks = True
    field.save()
    page.save_revision().publish()
    assert list(Remark.objects.values_list("text", flat=True)) == ["Zebrana przed zaznaczeniem."]


def test_publishing_again_or_switching_the_marking_off_and_on_makes_no_duplicates(remark_survey):
    answer(remark_survey, twoje_uwagi_do_projektu="Jedna uwaga.")
    remark_survey.save_revision().publish()
    field = marked(remark_survey)
    for value in (False, True):
        field.collects_remarks = value
        field.save()
        remark_survey.save_revision().publish()
    assert Remark.objects.count() == 1


def test_switching_the_marking_off_keeps_the_remarks_already_in_the_inbox(client, remark_survey):
    submit(client, remark_survey, twoje_uwagi_do_projektu="Zostaje w skrzynce.")
    field = marked(remark_survey)
    field.collects_remarks = False
    field.save()
    remark_survey.save_revision().publish()
    submit(client, remark_survey, twoje_uwagi_do_projektu="Już nie trafia do uwag.")
    assert list(Remark.objects.values_list("text", flat=True)) == ["Zostaje w skrzynce."]


def test_the_database_refuses_a_second_remark_for_one_answer(remark_survey):
    submission = answer(remark_survey, twoje_uwagi_do_projektu="Jedna uwaga.")
    import_survey_remarks(remark_survey, [submission])
    with pytest.raises(IntegrityError), transaction.atomic():
        Remark.objects.create(text="Kopia.", survey_submission=submission, survey_field=marked(remark_survey))


def test_only_a_free_text_question_can_collect_remarks(remark_survey):
    field = SurveyField(page=remark_survey, label="Dzielnica", field_type="dropdown", choices="A\nB")
    field.collects_remarks = True
    with pytest.raises(ValidationError, match="tekstowe"):
        field.clean()


def test_a_question_with_personal_data_cannot_collect_remarks(remark_survey):
    field = SurveyField(page=remark_survey, label="Imię", field_type="singleline", personal_data=True)
    field.collects_remarks = True
    with pytest.raises(ValidationError, match="danymi osobowymi"):
        field.clean()


def test_importing_many_answers_takes_a_few_queries(remark_survey, django_assert_max_num_queries):
    submissions = [answer(remark_survey, twoje_uwagi_do_projektu=f"Uwaga {number}.") for number in range(120)]
    survey_page = type(remark_survey).objects.get(pk=remark_survey.pk)
    # The consultation, the questions (with the check for a live alerts page: 2), the
    # submissions, the remarks already imported and the inserts (two batches on SQLite): 8 when
    # run alone, 9 in a whole run (what earlier tests left in per-process caches); constant in the answers.
    with django_assert_max_num_queries(9):
        assert import_survey_remarks(survey_page) == len(submissions)
