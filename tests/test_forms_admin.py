"""Editors build surveys and the contact page in the admin."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from forms.models import ContactPage, SurveyPage
from home.models import HomePage
from tests.forms_support import answer, clear_cache, consultation, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")


def test_editor_can_open_the_new_survey_form_under_a_consultation(admin_client, site):
    parent = consultation()
    response = admin_client.get(f"/admin/pages/add/forms/surveypage/{parent.pk}/")
    assert response.status_code == 200
    assert "Skala ocen 1–5" in response.content.decode()


def test_editor_can_open_the_new_contact_page_form_under_home(admin_client, home_page):
    assert admin_client.get(f"/admin/pages/add/forms/contactpage/{home_page.pk}/").status_code == 200


def test_survey_cannot_be_placed_under_the_home_page():
    assert not SurveyPage.can_create_at(HomePage())


def test_contact_page_cannot_be_placed_under_a_consultation(site):
    assert not ContactPage.can_create_at(consultation())


def test_survey_edit_view_and_its_submissions_open(admin_client, site):
    page = survey(consultation())
    answer(page, wybierz_wariant="Wariant A")
    assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    submissions = admin_client.get(f"/admin/forms/submissions/{page.pk}/")
    assert submissions.status_code == 200
    assert "Wariant A" in submissions.content.decode()


def survey_form_data(questions, action="action-publish"):
    data = {
        "title": "Ankieta o parku",
        "slug": "ankieta",
        "intro": rich_text(""),
        "form_fields": inline_formset(questions),
        "thank_you_text": rich_text(""),
        "to_address": "",
        "from_address": "",
        "subject": "",
        "confirmation_text": "Dziękujemy.",
        "seo_title": "",
        "search_description": "",
        "social_image": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    if action:
        data[action] = action.removeprefix("action-")
    return nested_form_data(data)


def question(label, field_type="multiline", choices=""):
    return {
        "label": label,
        "field_type": field_type,
        "help_text": "",
        "choices": choices,
        "default_value": "",
        "required": True,
        "rating_low_label": "",
        "rating_high_label": "",
    }


def test_survey_without_questions_cannot_be_published(admin_client, site):
    """Published, it would show residents only the consent box and store empty answers."""
    parent = consultation()
    response = admin_client.post(f"/admin/pages/add/forms/surveypage/{parent.pk}/", survey_form_data([]))
    assert response.status_code == 200
    assert not SurveyPage.objects.filter(live=True).exists()
    assert "Ankieta musi mieć co najmniej jedno pytanie." in response.content.decode()


def test_a_survey_without_questions_can_be_saved_as_a_draft(admin_client, site):
    parent = consultation()
    response = admin_client.post(f"/admin/pages/add/forms/surveypage/{parent.pk}/", survey_form_data([], action=None))
    assert response.status_code == 302
    assert SurveyPage.objects.get().live is False


def test_a_survey_with_a_question_is_published(admin_client, site):
    parent = consultation()
    admin_client.post(f"/admin/pages/add/forms/surveypage/{parent.pk}/", survey_form_data([question("Twoja opinia")]))
    assert SurveyPage.objects.get(live=True).form_fields.get().label == "Twoja opinia"


def test_a_survey_whose_last_question_is_deleted_cannot_be_published(admin_client, site):
    page = survey(consultation(), fields=[("Twoja opinia", "multiline", "", True)])
    (existing,) = page.form_fields.all()
    data = survey_form_data([{**question("Twoja opinia"), "id": existing.pk, "DELETE": "1"}])
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "Ankieta musi mieć co najmniej jedno pytanie." in response.content.decode()
    assert SurveyPage.objects.get(pk=page.pk).form_fields.count() == 1


@pytest.mark.parametrize("field_type", ["radio", "dropdown", "checkboxes", "multiselect"])
def test_a_choice_question_without_choices_cannot_be_published(admin_client, site, field_type):
    """Residents would see one unlabelled option and never get the survey sent."""
    parent = consultation()
    url = f"/admin/pages/add/forms/surveypage/{parent.pk}/"
    response = admin_client.post(url, survey_form_data([question("Wybierz wariant", field_type)]))
    assert response.status_code == 200
    assert "Podaj odpowiedzi do wyboru, każdą w osobnym wierszu." in response.content.decode()
    assert not SurveyPage.objects.filter(live=True).exists()
    admin_client.post(url, survey_form_data([question("Wybierz wariant", field_type, "Tak\nNie")]))
    assert SurveyPage.objects.filter(live=True).exists()


def test_two_questions_with_the_same_name_cannot_be_published(admin_client, site):
    """Wagtail's form-page check: the second answer would overwrite the first."""
    parent = consultation()
    response = admin_client.post(
        f"/admin/pages/add/forms/surveypage/{parent.pk}/",
        survey_form_data([question("Twoja opinia"), question("Twoja opinia")]),
    )
    assert response.status_code == 200
    assert not SurveyPage.objects.exists()
