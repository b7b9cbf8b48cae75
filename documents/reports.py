"""An admin report of PDFs whose text could not be read: they are not found by a word inside.

Wagtail's document listing cannot take an extra column, so editors find these files here
(Raporty → Dokumenty bez odczytanego tekstu) and can replace a scan with a PDF that has text.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from home.spreadsheet import FormulaSafeExportMixin

from .extraction import UNREADABLE_NOTES


def document_permissions():
    return policy_registry.get_by_type(get_document_model())


class UnreadableDocumentsReport(FormulaSafeExportMixin, ReportView):
    """Exported as the other staff exports are: CSV for a Polish spreadsheet program."""

    page_title = _("Dokumenty bez odczytanego tekstu")
    header_icon = "doc-full"
    index_url_name = "documents_reports:unreadable"
    index_results_url_name = "documents_reports:unreadable_results"
    any_permission_required = ["add", "change", "delete"]
    list_export = ["title", "filename", "extraction_note_label", "created_at"]
    export_headings = {
        "title": _("Tytuł"),
        "filename": _("Plik"),
        "extraction_note_label": _("Odczyt treści"),
        "created_at": _("Dodano"),
    }

    @property
    def permission_policy(self):
        return document_permissions()

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Tytuł"),
                get_url=lambda document: reverse("wagtaildocs:edit", args=(document.pk,)),
            ),
            Column("filename", label=_("Plik")),
            Column("extraction_note_label", label=_("Odczyt treści")),
            DateColumn("created_at", label=_("Dodano")),
        ]

    def get_queryset(self):
        # Only the documents this editor may change: collections can have their own permissions.
        documents = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["change"])
        return (
            documents.filter(extraction_note__in=UNREADABLE_NOTES)
            .defer("extracted_text")
            .order_by("-created_at", "-pk")
        )

    def decorate_paginated_queryset(self, object_list):
        for document in object_list:
            document.extraction_note_label = document.get_extraction_note_display()
        return object_list
