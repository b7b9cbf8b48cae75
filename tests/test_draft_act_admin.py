"""Editors build a consultation's draft act in the admin: import a .docx, preview it, save, fix a unit."""

import datetime
import io
import re
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import docx
import pytest

from consultation.models import ActUnit, ConsultationPage
from tests.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db

DEMO_DOCX = (
    Path(__file__).resolve().parent.parent / "consultation/demo_files/projekt-uchwaly-program-wspolpracy-2027.docx"
)


@pytest.fixture
def consultation(register):
    return ConsultationPageFactory(
        parent=register,
        slug="program-ngo",
        title="Program współpracy 2027",
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 11, 30),
    )


def import_url(page):
    return reverse("consultation_act_import", args=[page.pk])


def upload(name="projekt.docx", content=None):
    return SimpleUploadedFile(name, content if content is not None else DEMO_DOCX.read_bytes())


def docx_bytes(*paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def preview(admin_client, page, file):
    return admin_client.post(import_url(page), {"file": file})


def payload(response):
    return re.search(r'name="units" value="([^"]+)"', response.content.decode())[1]


def test_editor_finds_the_import_button_on_the_consultation_edit_page(admin_client, consultation):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
    assert "Importuj projekt aktu (.docx)" in response.content.decode()
    assert import_url(consultation) in response.content.decode()


def test_the_draft_act_tab_is_in_the_consultation_editor(admin_client, consultation):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
    assert "Projekt aktu" in response.content.decode()
    assert "Części projektu" in response.content.decode()


def test_upload_shows_a_preview_of_the_units_and_saves_nothing(admin_client, consultation):
    response = preview(admin_client, consultation, upload())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Części projektu z pliku: 23." in html
    assert "§ 2 ust. 2 pkt 1" in html
    assert "poprawa jakości życia seniorów" in html
    assert "UCHWAŁA NR" in html  # the title, shown as skipped
    assert not ActUnit.objects.exists()


def test_saving_the_preview_makes_a_draft_revision_with_the_units(admin_client, consultation):
    response = admin_client.post(
        import_url(consultation), {"units": payload(preview(admin_client, consultation, upload()))}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[consultation.pk])
    draft = ConsultationPage.objects.get(pk=consultation.pk).get_latest_revision_as_object()
    labels = [unit.label for unit in draft.act_units.all()]
    assert labels[:3] == ["Rozdział 1", "§ 1", "§ 2"]
    assert len(labels) == 23


def test_publishing_the_imported_draft_stores_the_units_in_order(admin_client, consultation):
    admin_client.post(import_url(consultation), {"units": payload(preview(admin_client, consultation, upload()))})
    ConsultationPage.objects.get(pk=consultation.pk).get_latest_revision().publish()
    units = list(ActUnit.objects.filter(page=consultation).order_by("sort_order"))
    assert [unit.label for unit in units][-1] == "§ 8"
    assert units[-1].text == "Uchwała wchodzi w życie z dniem 1 stycznia 2027 r."


def test_a_forged_preview_is_refused(admin_client, consultation):
    response = admin_client.post(import_url(consultation), {"units": "forged"}, follow=True)
    assert "Wczytaj plik jeszcze raz" in response.content.decode()
    assert ConsultationPage.objects.get(pk=consultation.pk).get_latest_revision() is None


def test_a_file_that_is_not_docx_is_refused_with_a_message(admin_client, consultation):
    response = preview(admin_client, consultation, upload("projekt.pdf", b"%PDF-1.4"))
    assert "Wybierz plik Worda w formacie .docx." in response.content.decode()


def test_a_broken_docx_is_refused_with_a_message(admin_client, consultation):
    response = preview(admin_client, consultation, upload("projekt.docx", b"not a zip"))
    assert "Nie udało się odczytać pliku" in response.content.decode()


def test_a_document_without_numbered_parts_is_refused(admin_client, consultation):
    response = preview(admin_client, consultation, upload(content=docx_bytes("Tylko tytuł", "I wstęp")))
    assert "nie znaleźliśmy ani jednego" in response.content.decode()


def test_user_who_cannot_edit_the_page_cannot_import(client, django_user_model, consultation):
    user = django_user_model.objects.create_user("reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(import_url(consultation))
    assert response.status_code in (302, 403)
    assert "Import projektu aktu" not in response.content.decode()


def test_editor_fixes_an_imported_unit_by_hand(admin_client, consultation):
    admin_client.post(import_url(consultation), {"units": payload(preview(admin_client, consultation, upload()))})
    page = ConsultationPage.objects.get(pk=consultation.pk)
    page.get_latest_revision().publish()
    page = ConsultationPage.objects.get(pk=consultation.pk)
    units = list(page.act_units.all())
    unit = next(unit for unit in units if unit.label == "§ 5 ust. 1")
    unit.text = "Na realizację Programu przeznacza się w 2027 roku kwotę 2 100 000 zł."
    page.act_units = units  # as the editor's inline form sets them
    page.save_revision().publish()
    assert ActUnit.objects.get(pk=unit.pk).text.endswith("2 100 000 zł.")
