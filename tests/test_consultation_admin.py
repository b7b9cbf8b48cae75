"""Editors work with consultations through the Wagtail admin."""

import datetime
import re
from unittest import mock
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from consultation.models import ConsultationIndexPage, ConsultationPage
from forms.models import SurveySubmission
from tests.factories import (
    ConsultationPageFactory,
    DepartmentFactory,
    DistrictFactory,
    StandardPageFactory,
    TopicFactory,
)
from tests.forms_support import RemarkFactory, answer, consultation, survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    instant = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    with mock.patch("django.utils.timezone.now", return_value=instant.astimezone(datetime.UTC)):
        yield


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("consultation", "consultationpage", parent.pk))


def form_data(**overrides):
    topic = TopicFactory(name="Transport i drogi", slug="transport-i-drogi")
    district = DistrictFactory(name="Łagisza", slug="lagisza")
    department = DepartmentFactory(name="Wydział Inwestycji i Dróg")
    data = {
        "title": "Bezpieczne przejścia w Łagiszy",
        "slug": "bezpieczne-przejscia-lagisza",
        "lead": "Które przejścia dla pieszych poprawić w pierwszej kolejności?",
        "easy_read_summary": "",
        "body": streamfield([("paragraph", rich_text("<p>Opis konsultacji.</p>"))]),
        "documents": inline_formset([]),
        "subject_type": "other",
        "legal_basis": "Zarządzenie nr 530/2026 Prezydenta Miasta Będzina.",
        "participants": "Mieszkańcy Będzina.",
        "methods": ["survey", "contact_form"],
        "written_address": "",
        "consultation_point": "",
        "topics": [str(topic.pk)],
        "districts": [str(district.pk)],
        "department": str(department.pk),
        "contact_name": "Tomasz Kowalczyk",
        "contact_email": "t.kowalczyk@bedzin.pl",
        "contact_phone": "",
        "start_date": "2026-11-20",
        "end_date": "2026-12-20",
        "results_summary": rich_text(""),
        "results_changes": rich_text(""),
        "report_document": "",
        "results_published_on": "",
        "seo_title": "",
        "search_description": "",
        "social_image": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        # The meetings inline (calendar issue) posts its own empty formset.
        "meetings": inline_formset([]),
        # And the draft act's units (its own tab), with its two fields.
        "act_units": inline_formset([]),
        "act_title": "",
    }
    data.update(overrides)
    # Multiple-choice fields post repeated values, which nested_form_data would flatten.
    choices = {name: data.pop(name) for name in ("methods", "topics", "districts")}
    return {**nested_form_data(data), **choices}


def test_editor_publishes_a_consultation_through_the_admin(admin_client, register, client):
    response = admin_client.post(add_url(register), form_data(**{"action-publish": "publish"}))
    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="bezpieczne-przejscia-lagisza")
    assert page.live
    assert page.methods == ["survey", "contact_form"]
    assert [topic.slug for topic in page.topics.all()] == ["transport-i-drogi"]
    assert (
        "Bezpieczne przejścia w Łagiszy" in client.get("/konsultacje/bezpieczne-przejscia-lagisza/").content.decode()
    )


def test_editor_saves_a_draft_that_residents_do_not_see(admin_client, register, client):
    response = admin_client.post(add_url(register), form_data())
    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="bezpieczne-przejscia-lagisza")
    assert not page.live
    assert client.get("/konsultacje/bezpieczne-przejscia-lagisza/").status_code == 404


def test_editor_schedules_a_consultation(admin_client, register):
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    response = admin_client.post(
        add_url(register),
        form_data(**{"action-publish": "publish", "go_live_at": go_live.strftime("%Y-%m-%d %H:%M")}),
    )
    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="bezpieczne-przejscia-lagisza")
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None


def test_editor_previews_a_new_consultation_with_its_status(admin_client, register):
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=("consultation", "consultationpage", register.pk))
    response = admin_client.post(preview_url, form_data())
    assert response.json() == {"is_valid": True, "is_available": True}
    html = admin_client.get(preview_url).content.decode()
    assert "Bezpieczne przejścia w Łagiszy" in html
    assert "Planowana</span>" in html


def test_editor_edit_form_groups_fields_in_tabs(admin_client, register):
    page = ConsultationPageFactory(parent=register)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    for tab in ("Treść", "Zasady", "Wyniki"):
        assert f">{tab}<" in html or f"{tab}\n" in html


def test_end_before_start_is_refused(admin_client, register):
    response = admin_client.post(
        add_url(register), form_data(**{"start_date": "2026-12-20", "end_date": "2026-12-01"})
    )
    assert response.status_code == 200
    assert "Konsultacje nie mogą zakończyć się przed dniem rozpoczęcia." in response.content.decode()
    assert not ConsultationPage.objects.exists()


def test_results_need_a_summary(admin_client, register):
    response = admin_client.post(
        add_url(register),
        form_data(**{"start_date": "2026-10-01", "end_date": "2026-10-31", "results_published_on": "2026-11-10"}),
    )
    assert response.status_code == 200
    assert "Przed publikacją wyników dodaj ich podsumowanie." in response.content.decode()


def test_short_consultation_saves_with_a_warning(admin_client, register):
    response = admin_client.post(
        add_url(register), form_data(**{"start_date": "2026-11-20", "end_date": "2026-11-26"}), follow=True
    )
    assert ConsultationPage.objects.filter(slug="bezpieczne-przejscia-lagisza").exists()
    assert "Konsultacje trwają 7 dni, krócej niż zalecane minimum (21 dni)." in response.content.decode()


def test_consultation_cannot_be_created_outside_the_register(home_page, register):
    assert ConsultationPage.can_create_at(register)
    assert not ConsultationPage.can_create_at(home_page)
    assert not ConsultationPage.can_create_at(StandardPageFactory(parent=home_page))


def test_admin_refuses_to_add_a_consultation_under_the_home_page(admin_client, home_page):
    response = admin_client.post(add_url(home_page), form_data(**{"action-publish": "publish"}))
    assert response.status_code in (302, 403)
    assert not ConsultationPage.objects.exists()


def test_register_lives_only_under_the_home_page(home_page):
    assert ConsultationIndexPage.can_create_at(home_page)
    assert not ConsultationIndexPage.can_create_at(StandardPageFactory(parent=home_page))


def test_editor_sees_overdue_report_in_the_consultation_listing(admin_client, register):
    ConsultationPageFactory(
        parent=register,
        title="Uchwała krajobrazowa",
        start_date=datetime.date(2026, 6, 1),
        end_date=datetime.date(2026, 6, 30),
    )
    ConsultationPageFactory(
        parent=register,
        title="Program rewitalizacji",
        start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2026, 10, 31),
    )
    html = admin_client.get(reverse("consultation_register:index")).content.decode()
    assert "Uchwała krajobrazowa" in html
    assert "Zakończona, raport po terminie" in html
    assert "Raport do 29 sierpnia 2026" in html
    assert "Raport do 30 grudnia 2026" in html


def test_taxonomies_sit_in_the_konsultacje_menu_group(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Konsultacje" in html
    for url_name in (
        "wagtailsnippets_consultation_topic:list",
        "wagtailsnippets_consultation_district:list",
        "wagtailsnippets_consultation_department:list",
        "consultation_register:index",
    ):
        assert reverse(url_name) in html


def test_editor_adds_a_topic_snippet(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_consultation_topic:add"), {"name": "Kultura", "slug": "kultura"}
    )
    assert response.status_code == 302
    assert admin_client.get(reverse("wagtailsnippets_consultation_topic:list")).status_code == 200


def test_a_one_day_consultation_warning_says_one_dzien(admin_client, register):
    response = admin_client.post(
        add_url(register), form_data(**{"start_date": "2026-11-20", "end_date": "2026-11-20"}), follow=True
    )
    assert "Konsultacje trwają 1 dzień, krócej niż zalecane minimum (21 dni)." in response.content.decode()


@pytest.mark.parametrize(
    ("field", "dates", "message"),
    [
        (
            "end_date",
            {"end_date": "9999-12-31"},
            "Konsultacje trwają najwyżej dwa lata: sprawdź rok daty zakończenia.",
        ),
        ("start_date", {"start_date": "0202-11-20", "end_date": "0202-12-20"}, "Sprawdź rok: konsultacje zaczynają"),
    ],
)
def test_a_slip_of_the_year_is_refused_next_to_the_field(admin_client, client, register, field, dates, message):
    """31.12.9999 ("open-ended") would fill the register's year filter with eight thousand years
    and push the calendar feeds past the last date Python has."""
    response = admin_client.post(add_url(register), form_data(**dates, **{"action-publish": "publish"}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConsultationPage.objects.filter(slug="bezpieczne-przejscia-lagisza").exists()


def test_a_slug_the_registers_feed_answers_is_refused(admin_client, register):
    """/konsultacje/rss/ is the register's RSS feed: a consultation there would never be seen."""
    response = admin_client.post(add_url(register), form_data(**{"slug": "rss", "action-publish": "publish"}))
    assert response.status_code == 200
    assert "Pod tym adresem portal pokazuje już coś innego" in response.content.decode()
    assert not ConsultationPage.objects.filter(slug="rss").exists()


@pytest.mark.parametrize("slug", ["szukaj", "en", "admin"])
def test_a_top_level_slug_another_part_of_the_portal_answers_is_refused(admin_client, home_page, slug):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from home.models import StandardPage

    data = nested_form_data(
        {"title": "Strona", "slug": slug, "intro": "", "body": streamfield([]), "action-publish": "publish"}
    )
    response = admin_client.post(f"/admin/pages/add/home/standardpage/{home_page.pk}/", data)
    assert response.status_code == 200
    assert "Pod tym adresem portal pokazuje już coś innego" in response.content.decode()
    assert not StandardPage.objects.filter(slug=slug).exists()


def test_an_ordinary_slug_is_accepted(admin_client, home_page):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from home.models import StandardPage

    data = nested_form_data(
        {"title": "Strona", "slug": "o-nas", "intro": "", "body": streamfield([]), "action-publish": "publish"}
    )
    admin_client.post(f"/admin/pages/add/home/standardpage/{home_page.pk}/", data)
    assert StandardPage.objects.filter(slug="o-nas", live=True).exists()


def test_consultation_register_listing_has_one_column_per_header(admin_client, register):
    """Two columns were both headed "Status" (the page's publication and the consultation's
    stage): an editor, or a screen reader reading the header, could not tell them apart."""
    ConsultationPageFactory(parent=register)
    html = admin_client.get(reverse("consultation_register:index")).content.decode()
    listing = re.search(r'<table class="listing.*?</thead>', html, re.S).group(0)
    headers = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<th[^>]*>(.*?)</th>", listing, re.S)
    ]
    assert headers.count("Status") <= 1


def test_deleting_a_consultation_warns_about_its_remarks_and_survey_answers(admin_client, site):
    """Deleting a consultation deletes its survey with every answer and detaches its statutory
    remarks (they become "pytanie ogólne"), yet the confirmation said only "Liczba odwołań
    (Konsultacja): 0." and "usunięcie również 1 podstrony"."""
    parent = consultation(title="Budżet 2027")
    questionnaire = survey(parent, fields=[("Twoja opinia", "multiline", "", True)])
    for number in range(3):
        answer(questionnaire, twoja_opinia=f"Odpowiedź {number}")
        RemarkFactory(consultation=parent)
    text = main_text(admin_client.get(reverse("wagtailadmin_pages:delete", args=(parent.pk,))).content.decode())
    assert "Czy na pewno chcesz usunąć tę stronę?" in text
    assert "uwag" in text
    assert "odpowiedzi" in text


def main_text(html):
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_deleting_a_consultation_keeps_its_remarks_and_deletes_its_survey_answers_as_warned(admin_client, site):
    parent = consultation(title="Budżet 2027")
    questionnaire = survey(parent, fields=[("Twoja opinia", "multiline", "", True)])
    answer(questionnaire, twoja_opinia="Odpowiedź")
    remark = RemarkFactory(consultation=parent)
    text = main_text(admin_client.get(reverse("wagtailadmin_pages:delete", args=(parent.pk,))).content.decode())
    assert "Liczba uwag do usuwanych konsultacji: 1. Zostaną w skrzynce uwag" in text
    assert "Liczba odpowiedzi na usuwane ankiety: 1. Zostaną usunięte" in text
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=(parent.pk,)), follow=True)
    assert "Liczba uwag" not in main_text(response.content.decode())
    remark.refresh_from_db()
    assert remark.consultation is None
    assert not SurveySubmission.objects.exists()
