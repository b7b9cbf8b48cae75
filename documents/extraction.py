"""Text and page count of an uploaded PDF, read with pypdf, for search and the listings.

A broken or encrypted file never stops an upload: the document is stored with a note saying
why its text could not be read.
"""

import logging
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PdfReadError

logger = logging.getLogger(__name__)

# Search needs the words, not every page of a 900-page annex.
MAX_PAGES = 300
MAX_CHARS = 500_000


class ExtractionNote(models.TextChoices):
    NOT_PDF = "", _("Nie dotyczy (plik nie jest PDF-em)")
    READ = "read", _("Treść odczytana i przeszukiwana")
    NO_TEXT = "no_text", _("PDF nie zawiera tekstu (np. skan); jego treść nie jest przeszukiwana")
    ENCRYPTED = "encrypted", _("PDF jest zaszyfrowany hasłem; jego treść nie jest przeszukiwana")
    DAMAGED = "damaged", _("Nie udało się odczytać pliku PDF (może być uszkodzony)")


# The notes of a PDF whose text could not be read: such a file is not searchable by its content.
UNREADABLE_NOTES = (ExtractionNote.NO_TEXT, ExtractionNote.ENCRYPTED, ExtractionNote.DAMAGED)


@dataclass
class Extraction:
    text: str = ""
    page_count: int | None = None
    note: str = ExtractionNote.NOT_PDF


def extract_pdf(fileobj):
    """Read the text of a PDF file object; never raises for a bad file."""
    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password only to forbid editing.
            try:
                unlocked = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except (PdfReadError, NotImplementedError, DependencyError):
                unlocked = False
            if not unlocked:
                return Extraction(note=ExtractionNote.ENCRYPTED)
        page_count = len(reader.pages)
        texts, length = [], 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            texts.append(text)
            length += len(text)
            if length >= MAX_CHARS:
                break
        text = "\n".join(texts)[:MAX_CHARS].replace("\x00", "")
    except Exception:
        logger.warning("Could not read a PDF's text", exc_info=True)
        return Extraction(note=ExtractionNote.DAMAGED)
    note = ExtractionNote.READ if text.strip() else ExtractionNote.NO_TEXT
    return Extraction(text=text, page_count=page_count, note=note)
