"""Factories for documents: PDFs with real Polish text, made by documents.pdf_writer."""

import datetime

from django.core.files.base import ContentFile

import factory

from documents.models import Category, PortalDocument
from documents.pdf_writer import make_pdf


class PortalDocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Dokument {n}")
    description = "Opis dokumentu."
    category = Category.PUBLICATION
    # Listed in the publications library, so public on its own; page-attached documents pass False.
    in_library = True
    published_on = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    file = factory.LazyAttribute(lambda o: ContentFile(make_pdf(o.title, o.paragraphs), name="dokument.pdf"))

    class Params:
        paragraphs = ("Treść dokumentu.",)

    class Meta:
        model = PortalDocument


def uploaded_file_document(name, content, **fields):
    """A document stored with any file at all, as if it came from before the upload rules."""
    fields.setdefault("title", name)
    fields.setdefault("in_library", True)
    return PortalDocument.objects.create(file=ContentFile(content, name=name), **fields)
