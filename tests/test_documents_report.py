"""The admin report of PDFs whose text could not be read (so a word inside them finds nothing)."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import Collection, GroupCollectionPermission

import pytest

from documents.pdf_writer import make_pdf
from tests.document_factories import PortalDocumentFactory, uploaded_file_document

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/unreadable-documents/"


@pytest.fixture
def documents(db):
    return {
        "scan": uploaded_file_document("Skan uchwały.pdf", make_pdf("", [])),
        "damaged": uploaded_file_document("Uszkodzona mapa.pdf", b"%PDF-1.7\nto nie jest prawdziwy plik"),
        "readable": PortalDocumentFactory(title="Raport z czytelnym tekstem"),
        "not_pdf": uploaded_file_document("Tabela.csv", b"a;b\n1;2\n"),
    }


def test_the_report_lists_only_pdfs_whose_text_could_not_be_read(admin_client, documents):
    html = admin_client.get(REPORT).content.decode()
    assert "Dokumenty bez odczytanego tekstu" in html
    assert "Skan uchwały.pdf" in html and "PDF nie zawiera tekstu (np. skan)" in html
    assert "Uszkodzona mapa.pdf" in html and "Nie udało się odczytać pliku PDF" in html
    assert "Raport z czytelnym tekstem" not in html
    assert "Tabela.csv" not in html
    # Each title leads to the document's edit page, where the file can be replaced.
    assert reverse("wagtaildocs:edit", args=(documents["scan"].pk,)) in html


def test_the_report_is_in_the_reports_menu_and_exports(admin_client, documents):
    assert REPORT in admin_client.get("/admin/").content.decode()
    response = admin_client.get(REPORT + "?export=csv")
    assert response.status_code == 200
    exported = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Skan uchwały.pdf" in exported and "Raport z czytelnym tekstem" not in exported


def test_an_editor_sees_only_the_collections_they_may_change(client, django_user_model, documents):
    root = Collection.get_first_root_node()
    theirs, others = root.add_child(name="Publikacje"), root.add_child(name="Raporty")
    documents["scan"].collection = theirs
    documents["scan"].save()
    hidden = uploaded_file_document("Skan z innej kolekcji.pdf", make_pdf("", []), collection=others)
    editors = Group.objects.create(name="Redakcja publikacji")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupCollectionPermission.objects.create(
        group=editors, collection=theirs, permission=Permission.objects.get(codename="change_document")
    )
    user = django_user_model.objects.create_user("redaktor", password="x")
    user.groups.add(editors)
    client.force_login(user)
    html = client.get(REPORT).content.decode()
    assert documents["scan"].title in html
    assert hidden.title not in html
    assert documents["damaged"].title not in html  # in the root collection, which is not theirs


def test_a_user_without_document_permissions_is_turned_away(client, django_user_model, documents):
    user = django_user_model.objects.create_user("gosc", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert "Skan uchwały.pdf" not in response.content.decode()


def test_titles_in_the_report_are_escaped(admin_client, db):
    uploaded_file_document("skan.pdf", make_pdf("", []), title="<script>alert(1337)</script>")
    html = admin_client.get(REPORT).content.decode()
    assert "&lt;script&gt;alert(1337)&lt;/script&gt;" in html
    assert "<script>alert(1337)</script>" not in html


def test_the_report_exports_csv_for_a_polish_spreadsheet(admin_client, documents):
    response = admin_client.get(REPORT + "?export=csv")
    exported = b"".join(response.streaming_content)
    assert exported.startswith("\ufeff".encode())
    heading = exported.decode("utf-8-sig").splitlines()[0]
    assert heading.split(";")[:2] == ["Tytuł", "Plik"]
