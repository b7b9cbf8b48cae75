from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import BigIntegerField, CharField, Count, F, Q
from django.db.models.functions import Cast
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index

from home.models import PaginatedChildrenMixin, PortalPage
from home.visibility import on_site, restricted_collections
from search.polish import POLISH_SEARCH_FIELDS, PolishSearchMixin

from .extraction import UNREADABLE_NOTES, ExtractionNote, extract_pdf

# The first bytes each allowed format starts with: a file renamed to .pdf is refused.
FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
# Markup a CSV must not contain, since a browser that ignored the download could render it.
MARKUP_MARKERS = (b"<html", b"<script", b"<svg", b"<!doctype", b"<iframe")


class Category(models.TextChoices):
    PUBLICATION = "publication", _("Publikacja")
    LEAFLET = "leaflet", _("Ulotka")
    REPORT = "report", _("Raport")
    DRAFT_ACT = "draft_act", _("Projekt aktu prawnego")
    MAP = "map", _("Mapa")
    OTHER = "other", _("Inne")


# ?kategoria=… on the publications page: Polish slugs, in the order the filter shows them.
CATEGORY_SLUGS = {
    "publikacje": Category.PUBLICATION,
    "ulotki": Category.LEAFLET,
    "raporty": Category.REPORT,
    "projekty-aktow": Category.DRAFT_ACT,
    "mapy": Category.MAP,
    "inne": Category.OTHER,
}


class Language(models.TextChoices):
    POLISH = "pl", _("polski")
    ENGLISH = "en", _("angielski")
    UKRAINIAN = "uk", _("ukraiński")
    GERMAN = "de", _("niemiecki")


CATEGORY_LABELS = dict(Category.choices)
LANGUAGE_LABELS = dict(Language.choices)


class PortalDocumentQuerySet(DocumentQuerySet):
    def public(self, public_pages=None):
        """Documents an anonymous visitor may see, find and download.

        The one rule for the publications page, search, the sitemap, feeds and the download
        view: the document is in a collection without a view restriction, **and** an editor
        listed it in the publications library or it is attached to at least one live, public
        page. Attached means anything Wagtail's reference index records from a page (an inline
        document, a StreamField block, a rich-text link, a report field); the index is built
        from the page's stored row, which holds its live content, so a document added only in
        an unpublished draft does not count. Draft, scheduled, expired and restricted pages
        (login, password, groups, on the page or above it) do not count either, nor do pages
        under an unpublished one (home/visibility.py).

        A view that also lists pages passes its own `on_site()` as `public_pages`: building
        that queryset reads every view restriction and the unpublished branches, so the two
        lists then share those reads.
        """
        if public_pages is None:
            public_pages = on_site()
        return self.exclude(collection_id__in=restricted_collections()).filter(
            Q(in_library=True) | Q(pk__in=_attached_to_public_pages(self.model, public_pages))
        )

    def newest_first(self):
        return self.order_by(F("published_on").desc(nulls_last=True), "-created_at", "-pk")


def _attached_to_public_pages(model, public_pages):
    """A subquery of the ids of the documents some page of `public_pages` refers to."""
    keys = public_pages.annotate(key=Cast("pk", CharField())).values("key")
    return (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(model),
            object_id__in=keys,
        )
        .annotate(document_id=Cast("to_object_id", BigIntegerField()))
        .values("document_id")
    )


class PortalDocument(PolishSearchMixin, AbstractDocument):
    """A file residents download: publication, leaflet, report, draft act or map."""

    description = models.TextField(
        blank=True,
        verbose_name=_("Opis"),
        help_text=_("Jedno lub dwa zdania: czego dotyczy dokument. Pokazywany na liście publikacji."),
    )
    category = models.CharField(
        max_length=20, choices=Category.choices, default=Category.PUBLICATION, verbose_name=_("Rodzaj")
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Data publikacji"),
        help_text=_("Data wydania dokumentu, nie data dodania pliku do portalu."),
    )
    language = models.CharField(
        max_length=5, choices=Language.choices, default=Language.POLISH, verbose_name=_("Język dokumentu")
    )
    in_library = models.BooleanField(
        default=False,
        verbose_name=_("Pokaż w bibliotece publikacji"),
        help_text=_(
            "Zaznacz, aby dokument był publiczny sam w sobie (lista publikacji, wyszukiwarka, pobieranie). "
            "Bez zaznaczenia dokument jest publiczny tylko wtedy, gdy jest dołączony do opublikowanej, "
            "publicznej strony."
        ),
    )
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False, verbose_name=_("Liczba stron"))
    extracted_text = models.TextField(blank=True, editable=False, verbose_name=_("Tekst odczytany z pliku"))
    extraction_note = models.CharField(
        max_length=20,
        choices=ExtractionNote.choices,
        blank=True,
        default=ExtractionNote.NOT_PDF,
        editable=False,
        verbose_name=_("Odczyt treści"),
    )
    # The file_hash the text was read from, so a replaced file is read again.
    extracted_from_hash = models.CharField(max_length=40, blank=True, editable=False)

    objects = PortalDocumentQuerySet.as_manager()

    admin_form_fields = (
        *Document.admin_form_fields,
        "description",
        "category",
        "published_on",
        "language",
        "in_library",
    )

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("description"),
        *POLISH_SEARCH_FIELDS,
        index.FilterField("category"),
        index.FilterField("language"),
        index.FilterField("published_on"),
        index.FilterField("in_library"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenty")

    # As get_category_display() and get_language_display(), which rebuild (and translate) the
    # field's whole list of choices for each call: a list of documents asks for them per item.
    @property
    def category_label(self):
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def language_label(self):
        return LANGUAGE_LABELS.get(self.language, self.language)

    @property
    def format_label(self):
        return self.file_extension.upper()

    @property
    def has_extraction_problem(self):
        """A PDF whose text could not be read (scan, password, damage): it is not searchable."""
        return self.extraction_note in UNREADABLE_NOTES

    @property
    def is_pdf(self):
        return self.file_extension.lower() == "pdf"

    def search_extra_text(self):
        return self.extracted_text

    def clean(self):
        super().clean()
        if not self.file:
            return
        limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
        size = getattr(self.file, "size", None)
        if limit is not None and size is not None and size > limit:
            raise ValidationError(
                {
                    "file": _("Plik jest za duży (%(size)s). Największy dopuszczalny rozmiar to %(limit)s.")
                    % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
                }
            )
        self._check_content_matches_extension()

    def _check_content_matches_extension(self):
        extension = self.file_extension.lower()
        with self.open_file() as handle:
            head = handle.read(2048)
        signatures = FILE_SIGNATURES.get(extension)
        if signatures and not head.startswith(signatures):
            raise ValidationError(
                {"file": _("Zawartość pliku nie pasuje do rozszerzenia .%(extension)s.") % {"extension": extension}}
            )
        if extension == "csv" and (b"\x00" in head or any(marker in head.lower() for marker in MARKUP_MARKERS)):
            raise ValidationError({"file": _("Plik CSV może zawierać tylko tekst rozdzielany przecinkami.")})

    def save(self, *args, **kwargs):
        # Partial saves (Wagtail stores file_size or file_hash alone) leave the text as it is.
        if self.file and kwargs.get("update_fields") is None:
            if not self.file_hash:
                self._set_document_file_metadata()
            if self.file_hash != self.extracted_from_hash:
                self._extract_text()
        super().save(*args, **kwargs)

    def _extract_text(self):
        if self.is_pdf:
            with self.open_file() as handle:
                result = extract_pdf(handle)
            self.extracted_text, self.page_count, self.extraction_note = result.text, result.page_count, result.note
        else:
            self.extracted_text, self.page_count, self.extraction_note = "", None, ExtractionNote.NOT_PDF
        self.extracted_from_hash = self.file_hash


class PublicationsPage(PaginatedChildrenMixin, PortalPage):
    """The publications library (/publikacje/): every public document, filterable by type."""

    intro = models.TextField(blank=True, verbose_name=_("Wstęp"), help_text=_("Jedno lub dwa zdania."))

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Publikacje")
        verbose_name_plural = _("Publikacje")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        slug = request.GET.get("kategoria", "")
        category = CATEGORY_SLUGS.get(slug)
        documents = PortalDocument.objects.public().newest_first()
        counts = dict(documents.order_by().values_list("category").annotate(count=Count("pk")))
        context["category_filters"] = [
            {"slug": key, "label": value.label, "count": counts.get(value.value, 0), "current": key == slug}
            for key, value in CATEGORY_SLUGS.items()
        ]
        context["all_count"] = sum(counts.values())
        context["current_category"] = category
        if category:
            documents = documents.filter(category=category)
        # The text read from the files is for search only: a page of PDFs would carry it all.
        paginator = Paginator(documents.defer("extracted_text"), self.per_page)
        # The counts above hold the paginator's count: no COUNT query of its own.
        paginator.count = counts.get(category, 0) if category else context["all_count"]
        # get_page turns a malformed ?page= into page 1 and one past the end into the last page.
        context["documents_page"] = paginator.get_page(request.GET.get("page"))
        context["query_prefix"] = f"kategoria={slug}&" if category else ""
        return context
