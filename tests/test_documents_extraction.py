import io

from django.core.files.base import ContentFile

import pytest
from pypdf import PdfReader, PdfWriter

from documents.extraction import ExtractionNote
from documents.pdf_writer import make_pdf
from tests.document_factories import PortalDocumentFactory, uploaded_file_document

pytestmark = pytest.mark.django_db


def encrypted_pdf(password):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("Tajny", ["Tajna treść."]))))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_uploaded_pdf_text_is_read_with_polish_letters():
    document = PortalDocumentFactory(paragraphs=["Żółw błotny żyje w dolinie Czarnej Przemszy."])
    assert "Żółw błotny żyje w dolinie Czarnej Przemszy." in document.extracted_text
    assert document.extraction_note == ExtractionNote.READ


def test_page_count_is_read_from_the_pdf():
    document = PortalDocumentFactory(paragraphs=["Strona pierwsza.", "\f", "Strona druga.", "\f", "Strona trzecia."])
    assert document.page_count == 3


def test_file_size_is_stored():
    document = PortalDocumentFactory()
    assert document.file_size == document.file.size > 0


def test_broken_pdf_is_stored_with_a_note():
    document = uploaded_file_document("uszkodzony.pdf", b"%PDF-1.7\nto nie jest prawdziwy plik")
    assert document.pk
    assert document.extracted_text == ""
    assert document.extraction_note == ExtractionNote.DAMAGED


def test_password_protected_pdf_is_stored_with_a_note():
    document = uploaded_file_document("zaszyfrowany.pdf", encrypted_pdf("tajne-haslo"))
    assert document.extracted_text == ""
    assert document.extraction_note == ExtractionNote.ENCRYPTED


def test_pdf_locked_only_against_editing_is_still_read():
    document = uploaded_file_document("tylko-do-odczytu.pdf", encrypted_pdf(""))
    assert "Tajna treść." in document.extracted_text


def test_pdf_without_text_is_noted():
    document = uploaded_file_document("skan.pdf", make_pdf("", []))
    assert document.extraction_note == ExtractionNote.NO_TEXT


def test_other_formats_have_no_extracted_text():
    document = uploaded_file_document("dane.csv", b"a;b\n1;2\n")
    assert document.extraction_note == ExtractionNote.NOT_PDF
    assert document.page_count is None


def test_replacing_the_file_reads_the_new_text():
    document = PortalDocumentFactory(paragraphs=["Stara treść."])
    document.file = ContentFile(make_pdf("Nowy", ["Nowa treść."]), name="nowy.pdf")
    document.file_hash = ""
    document.save()
    assert "Nowa treść." in document.extracted_text
    assert "Stara treść." not in document.extracted_text


def edit_page(admin_client, document):
    response = admin_client.get(f"/admin/documents/edit/{document.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.7\nto nie jest prawdziwy plik", "Nie udało się odczytać pliku PDF (może być uszkodzony)"),
        ("encrypted", "PDF jest zaszyfrowany hasłem; jego treść nie jest przeszukiwana"),
        (make_pdf("", []), "PDF nie zawiera tekstu (np. skan); jego treść nie jest przeszukiwana"),
    ],
)
def test_editor_sees_why_a_pdf_is_not_searchable(admin_client, content, reason):
    content = encrypted_pdf("tajne-haslo") if content == "encrypted" else content
    document = uploaded_file_document("plik.pdf", content)
    html = edit_page(admin_client, document)
    assert "Treść tego pliku nie jest przeszukiwana." in html
    assert "Wyszukiwarka znajdzie go tylko po tytule i opisie." in html
    assert reason in html


def test_editor_sees_that_a_readable_pdf_is_searchable(admin_client):
    document = PortalDocumentFactory(paragraphs=["Strona pierwsza.", "\f", "Strona druga."])
    html = edit_page(admin_client, document)
    assert "Treść tego pliku nie jest przeszukiwana." not in html
    assert "Odczyt treści" in html
    assert "Treść odczytana i przeszukiwana" in html
    assert "Liczba stron" in html
