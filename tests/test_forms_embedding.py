"""A survey or the contact form embedded in another page: it posts to its own page and comes back on errors."""

from django.template import Context, Template
from django.test import RequestFactory

from wagtail.models import PageViewRestriction

import pytest

from forms.models import Remark, SurveySubmission
from home.models import StandardPage
from tests.forms_support import clear_cache, consultation, contact_page, honest, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

QUESTIONS = [("Wariant", "radio", "A\nB", True), ("Uwagi", "multiline", "", False)]


def render_embedded(host, form_page, request):
    template = Template("{% load forms_tags %}{% embedded_form form_page %}")
    return template.render(Context({"page": host, "form_page": form_page, "request": request}))


@pytest.fixture
def ongoing(site):
    return consultation()


def test_embedded_survey_posts_to_its_own_page_and_names_the_host(ongoing, client):
    questions = survey(ongoing, fields=QUESTIONS)
    request = RequestFactory().get(ongoing.url)
    request.session = client.session
    html = render_embedded(ongoing, questions, request)
    assert f'action="{questions.url}"' in html
    assert f'name="embedded_from" value="{ongoing.pk}"' in html
    assert "Wariant" in html


def test_invalid_embedded_post_lands_on_its_error_summary_which_can_take_focus(ongoing, client):
    questions = survey(ongoing, fields=QUESTIONS)
    response = client.post(questions.url, honest({"uwagi": "Tekst.", "embedded_from": ongoing.pk}))
    fragment = response["Location"].split("#")[1]
    request = RequestFactory().get(ongoing.url)
    request.session = client.session
    html = render_embedded(ongoing, questions, request)
    assert f'id="{fragment}" role="alert" tabindex="-1"' in html


def test_invalid_embedded_post_goes_back_to_the_host_page_with_values_and_errors(ongoing, client):
    questions = survey(ongoing, fields=QUESTIONS)
    response = client.post(questions.url, honest({"uwagi": "Mój tekst zostaje.", "embedded_from": ongoing.pk}))
    assert response.status_code == 302
    assert response["Location"] == f"{ongoing.url}#formularz-{questions.pk}-bledy"
    request = RequestFactory().get(ongoing.url)
    request.session = client.session
    html = render_embedded(ongoing, questions, request)
    assert "Mój tekst zostaje." in html
    assert 'role="alert"' in html
    assert SurveySubmission.objects.count() == 0


def test_values_come_back_only_once(ongoing, client):
    questions = survey(ongoing, fields=QUESTIONS)
    client.post(questions.url, honest({"uwagi": "Raz.", "embedded_from": ongoing.pk}))
    session = client.session
    for expected in (True, False):
        request = RequestFactory().get(ongoing.url)
        request.session = session
        assert ("Raz." in render_embedded(ongoing, questions, request)) is expected


def test_valid_embedded_post_is_stored(ongoing, client):
    questions = survey(ongoing, fields=QUESTIONS)
    response = client.post(questions.url, honest({"wariant": "A", "embedded_from": ongoing.pk}))
    assert response.status_code == 303
    assert response["Location"] == f"{questions.url}dziekujemy/"
    assert SurveySubmission.objects.count() == 1


def test_embedded_survey_of_a_closed_consultation_shows_no_form(site, client):
    closed = consultation(start=-30, end=-3)
    questions = survey(closed, fields=QUESTIONS)
    request = RequestFactory().get(closed.url)
    request.session = client.session
    html = render_embedded(closed, questions, request)
    assert "Ankieta jest zamknięta" in html
    assert "<form" not in html


def test_embedded_contact_form_comes_back_to_the_host(ongoing, client):
    contact = contact_page()
    response = client.post(contact.url, honest({"message": "Zachowana wiadomość.", "embedded_from": ongoing.pk}))
    assert response.status_code == 302
    request = RequestFactory().get(ongoing.url)
    request.session = client.session
    html = render_embedded(ongoing, contact, request)
    assert "Zachowana wiadomość." in html
    assert Remark.objects.count() == 0


def test_embedded_from_an_unknown_page_is_answered_on_the_form_page(ongoing, client):
    questions = survey(ongoing, fields=QUESTIONS)
    response = client.post(questions.url, honest({"uwagi": "Tekst.", "embedded_from": 999999}))
    assert response.status_code == 200
    assert "Tekst." in response.content.decode()


def test_editors_can_embed_a_survey_in_a_consultation_body(ongoing, client):
    questions = survey(ongoing, fields=QUESTIONS)
    ongoing.body.append(("embedded_form", {"form_page": questions, "heading": "Odpowiedz tutaj"}))
    ongoing.save_revision().publish()
    content = client.get(ongoing.url).content.decode()
    assert "Odpowiedz tutaj" in content
    assert f'action="{questions.url}"' in content
    assert "csrfmiddlewaretoken" in content


def test_embedded_form_block_only_offers_surveys_and_the_contact_form():
    from home.blocks import EmbeddedFormBlock

    chooser = EmbeddedFormBlock().child_blocks["form_page"]
    assert {model.__name__ for model in chooser.target_models} == {"SurveyPage", "ContactPage"}


def test_an_embedded_form_over_the_rate_limit_says_so_where_it_is_embedded(ongoing, client, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 1
    questions = survey(ongoing, fields=QUESTIONS)
    client.post(questions.url, honest({"wariant": "A", "embedded_from": ongoing.pk}))
    response = client.post(
        questions.url, honest({"uwagi": "Drugi tekst.", "wariant": "B", "embedded_from": ongoing.pk})
    )
    assert response["Location"] == f"{ongoing.url}#formularz-{questions.pk}-bledy"
    request = RequestFactory().get(ongoing.url)
    request.session = client.session
    html = render_embedded(ongoing, questions, request)
    assert "zbyt wiele formularzy" in html
    assert "Drugi tekst." in html
    assert SurveySubmission.objects.count() == 1


def test_a_post_naming_the_tree_root_as_its_host_stays_on_the_form_page(ongoing, client):
    questions = survey(ongoing, fields=QUESTIONS)
    response = client.post(questions.url, honest({"uwagi": "Bez wariantu.", "embedded_from": "1"}))
    assert response.status_code == 200
    assert "Bez wariantu." in response.content.decode()


SECRET_QUESTION = "Pytanie tylko dla rady osiedla"


def public_page_embedding(home_page, form_page):
    page = StandardPage(
        title="O projekcie",
        slug="o-projekcie-ankieta",
        body=[("embedded_form", {"form_page": form_page, "heading": ""})],
    )
    home_page.add_child(instance=page)
    return page


@pytest.mark.parametrize("restricted", ["consultation", "survey"])
def test_a_public_page_never_shows_an_embedded_survey_restricted_by_a_password(client, site, home_page, restricted):
    hidden = consultation()
    questions = survey(hidden, fields=[(SECRET_QUESTION, "singleline", "", False)], title="Ankieta zamknięta")
    PageViewRestriction.objects.create(
        page=hidden if restricted == "consultation" else questions, restriction_type="password", password="tajne"
    )
    assert SECRET_QUESTION not in client.get(questions.url).content.decode()  # Wagtail's password form
    content = client.get(public_page_embedding(home_page, questions).url).content.decode()

    assert SECRET_QUESTION not in content
    assert "Ankieta zamknięta" not in content


def test_a_survey_under_its_password_restricted_consultation_shows_to_a_visitor_who_gave_the_password(client, site):
    hidden = consultation()
    survey(hidden, fields=[(SECRET_QUESTION, "singleline", "", False)], title="Ankieta zamknięta")
    hidden.body = [("embedded_form", {"form_page": hidden.get_children().first(), "heading": ""})]
    hidden.save_revision().publish()
    restriction = PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="tajne")
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.id]
    session.save()

    assert SECRET_QUESTION in client.get(hidden.url).content.decode()


def test_a_public_page_never_shows_an_embedded_survey_whose_consultation_is_unpublished(client, site, home_page):
    withdrawn = consultation()
    questions = survey(withdrawn, fields=[(SECRET_QUESTION, "singleline", "", False)], title="Ankieta wycofana")
    withdrawn.unpublish()
    content = client.get(public_page_embedding(home_page, questions).url).content.decode()

    assert SECRET_QUESTION not in content
    assert "Ankieta wycofana" not in content


def test_an_invalid_embedded_post_keeps_only_the_forms_own_fields_in_the_session(client, ongoing):
    """A stranger's made-up fields and megabytes of junk never reach the session's row; the
    resident's own answers still come back."""
    import secrets

    from django.contrib.sessions.models import Session

    questions = survey(ongoing, fields=QUESTIONS)
    for _ in range(3):
        fresh = client.__class__()
        junk = secrets.token_hex(250_000)  # random: the session is compressed
        response = fresh.post(
            questions.url, honest({"embedded_from": ongoing.pk, "nie_ma_takiego_pola": junk, "uwagi": "Moja uwaga."})
        )
        assert response.status_code == 302
    stored = sum(len(session.session_data) for session in Session.objects.all())
    assert stored < 10_000


def test_an_invalid_embedded_post_brings_back_a_long_answer_with_its_error(client, ongoing):
    questions = survey(ongoing, fields=QUESTIONS)
    too_long = "Bardzo długa uwaga. " * 600  # 12,000 characters: over the 10,000 a field takes
    client.post(questions.url, honest({"embedded_from": ongoing.pk, "wariant": "A", "uwagi": too_long}))
    request = RequestFactory().get(ongoing.url)
    request.session = client.session
    html = render_embedded(ongoing, questions, request)
    assert too_long.strip() in html
    assert 'role="alert"' in html
