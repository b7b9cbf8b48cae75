"""Hooks of the documents app: who may download a document, and the report of PDFs whose text
could not be read."""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import UnreadableDocumentsReport, document_permissions

report_urls = (
    [
        path("", UnreadableDocumentsReport.as_view(), name="unreadable"),
        path("results/", UnreadableDocumentsReport.as_view(results_only=True), name="unreadable_results"),
    ],
    "documents_reports",
)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/unreadable-documents/", include(report_urls))]


class DocumentEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return document_permissions().user_has_any_permission(request.user, ["add", "change", "delete"])


@hooks.register("register_reports_menu_item")
def register_unreadable_documents_menu_item():
    return DocumentEditorsMenuItem(
        _("Dokumenty bez odczytanego tekstu"),
        reverse("documents_reports:unreadable"),
        name="unreadable-documents",
        icon_name="doc-full",
        order=900,
    )


@hooks.register("before_serve_document")
def only_public_documents_for_visitors(document, request):
    """Anonymous visitors download only public documents (PortalDocumentQuerySet.public); any
    other answers 404, as if it did not exist. Editors (admin access) download every document.

    A document in a collection with a view restriction is left to Wagtail's own check, which
    asks for the password or the log-in that collection needs.
    """
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    # The public rule first: it holds for most downloads, and Wagtail reads the collection's
    # restrictions after this hook anyway, so only a document that is not public asks here.
    if type(document).objects.public().filter(pk=document.pk).exists():
        return None
    if document.collection.get_view_restrictions().exists():
        return None
    raise Http404
