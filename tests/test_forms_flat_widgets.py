"""The public forms render their widgets through flat templates (forms.public_forms.FlatWidgetRenderer):
the markup must be Django's own, to the byte, for every kind of question, empty, filled in and
with errors."""

from django.forms.renderers import get_default_renderer

import pytest

from forms.public_forms import ActRemarkForm, ContactForm
from tests.forms_support import consultation, survey

pytestmark = pytest.mark.django_db

FILLED_SURVEY = {
    "imie": "Anna <b>",
    "twoja_opinia": "Więcej zieleni\ni ławek",
    "e-mail_do_odpowiedzi": "nie-adres",
    "ile_masz_lat": "41",
    "mieszkam_w_bedzinie": "on",
    "czym_dojezdzasz": ["Autobus", "Rower"],
    "dzielnica": "Ksawera",
    "co_jest_wazne": ["Zieleń"],
    "data_wizyty": "2026-02-30",
    "ocena_projektu": "4",
}


def assert_same_markup(flat_form, django_form):
    assert flat_form.renderer is not django_form.renderer
    # The anti-spam start token is signed with the time: the same one for both.
    if not flat_form.is_bound:
        django_form.initial["form_started"] = flat_form.initial["form_started"]
    elif "form_started" in flat_form.data:
        django_form.data = {**django_form.data, "form_started": flat_form.data["form_started"]}
    for flat_field, django_field in zip(flat_form, django_form, strict=True):
        assert str(flat_field) == str(django_field), flat_field.name


@pytest.mark.parametrize("data", [None, FILLED_SURVEY, {}], ids=["empty", "filled-in", "every-error"])
def test_every_survey_question_renders_as_djangos_widgets_do(home_page, data):
    page = survey(consultation())
    flat = page.get_form(data, page=page, user=None)
    plain = page.get_form_class()(data, page=page, user=None, renderer=get_default_renderer())
    if data is not None:
        flat.is_valid(), plain.is_valid()
    assert_same_markup(flat, plain)


@pytest.mark.parametrize("data", [None, {"email": "x", "subject": "", "message": "Tekst"}], ids=["empty", "errors"])
def test_the_contact_form_renders_as_djangos_widgets_do(home_page, data):
    consultation()
    flat, plain = ContactForm(data), ContactForm(data, renderer=get_default_renderer())
    if data is not None:
        flat.is_valid(), plain.is_valid()
    assert_same_markup(flat, plain)


def test_the_draft_act_remarks_form_renders_as_djangos_widgets_do():
    data = {"unit": "nieznana", "text": "", "name": "Jan", "email": "jan@example.com"}
    flat, plain = ActRemarkForm(data), ActRemarkForm(data, renderer=get_default_renderer())
    flat.is_valid(), plain.is_valid()
    assert_same_markup(flat, plain)
