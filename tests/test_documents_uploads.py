from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection

import pytest

from documents.models import PortalDocument
from documents.pdf_writer import make_pdf
from tests.document_factories import PortalDocumentFactory, uploaded_file_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_collection(db):
    return Collection.get_first_root_node()


def upload(client, name, content, **extra):
    data = {
        "collection": Collection.get_first_root_node().pk,
        "title": name,
        "file": SimpleUploadedFile(name, content),
        "category": "publication",
        "language": "pl",
    }
    data.update(extra)
    return client.post(reverse("wagtaildocs:add"), data)


def test_editor_uploads_a_pdf_and_its_text_is_read(admin_client, root_collection):
    response = upload(admin_client, "plan.pdf", make_pdf("Plan", ["Plan zagospodarowania przestrzennego."]))
    assert response.status_code == 302
    document = PortalDocument.objects.get(title="plan.pdf")
    assert "Plan zagospodarowania przestrzennego." in document.extracted_text


def test_html_upload_is_refused(admin_client, root_collection):
    response = upload(admin_client, "strona.html", b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert not PortalDocument.objects.exists()


def test_svg_upload_is_refused(admin_client, root_collection):
    response = upload(admin_client, "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    assert response.status_code == 200
    assert not PortalDocument.objects.exists()


def test_html_renamed_to_pdf_is_refused(admin_client, root_collection):
    response = upload(admin_client, "raport.pdf", b"<html><script>alert(1)</script></html>")
    assert "Zawartość pliku nie pasuje do rozszerzenia .pdf." in response.content.decode()
    assert not PortalDocument.objects.exists()


def test_csv_with_markup_is_refused(admin_client, root_collection):
    response = upload(admin_client, "dane.csv", b"a,b\n<script>alert(1)</script>,2\n")
    assert response.status_code == 200
    assert not PortalDocument.objects.exists()


def test_file_over_the_size_limit_is_refused(admin_client, root_collection, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload(admin_client, "duzy.pdf", make_pdf("Duży", ["słowo " * 2000]))
    assert response.status_code == 200
    assert not PortalDocument.objects.exists()


def test_pdf_is_served_as_pdf_with_a_sandboxing_policy(client):
    document = PortalDocumentFactory()
    response = client.get(document.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_spreadsheet_is_served_as_a_download(client):
    document = uploaded_file_document("dane.csv", b"a;b\n1;2\n")
    response = client.get(document.url)
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("stara-strona.html", b"<html><script>alert(document.cookie)</script></html>"),
        ("stary-rysunek.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_html_or_svg_stored_before_the_rules_cannot_run_script(client, name, content):
    document = uploaded_file_document(name, content)
    response = client.get(document.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_editors_search_documents_in_the_admin(admin_client):
    PortalDocumentFactory(title="Raport o zieleni", paragraphs=["Nowe drzewa w parkach."])
    PortalDocumentFactory(title="Mapa dróg")
    response = admin_client.get(reverse("wagtaildocs:index"), {"q": "rapo"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Raport o zieleni" in html
    assert "Mapa dróg" not in html
