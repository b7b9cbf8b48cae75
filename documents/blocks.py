"""StreamField blocks owned by the documents app, for consultation pages and others."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class DocumentsBlock(blocks.StructBlock):
    """Files to download, each with its description, type, format, size, pages and language."""

    heading = blocks.CharBlock(label=_("Nagłówek"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Dokument")), label=_("Dokumenty"))

    class Meta:
        icon = "doc-full"
        label = _("Dokumenty ze szczegółami")
        template = "documents/blocks/documents_block.html"
