"""The documents in the open data API (/api/v2/documents/): only those the documents rule makes
public (PortalDocument.objects.public()), whoever asks. Composed into the API in portal/api.py."""

from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from .models import PortalDocument

OPEN_FIELDS = ["description", "category", "published_on", "language", "page_count", "file_size"]


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    body_fields = [*DocumentsAPIViewSet.body_fields, *OPEN_FIELDS]
    listing_default_fields = [*DocumentsAPIViewSet.listing_default_fields, *OPEN_FIELDS]
    model = PortalDocument

    def get_queryset(self):
        # Not Wagtail's per-request collection check: the one rule, the same for an editor's
        # browser as for anyone (restricted collections, documents of drafts and private pages).
        return PortalDocument.objects.public().order_by("id")
