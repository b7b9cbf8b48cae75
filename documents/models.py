from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument, Document


class PortalDocument(AbstractDocument):
    """The portal's document model, swapped in from the first migration; fields grow here."""

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenty")
