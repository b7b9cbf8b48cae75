import html

from django.core.paginator import Paginator
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from home.absolute_urls import DEFAULT_LANGUAGE_TAG, page_language_versions
from home.page_forms import PortalPageForm
from search.polish import POLISH_SEARCH_FIELDS, PolishSearchMixin

from .images import PortalImage


class PortalPageQuerySet(PageQuerySet):
    """Wagtail's page queryset; apps subclass it to add their own filters."""


PortalPageManager = PageManager.from_queryset(PortalPageQuerySet)


class PortalPage(PolishSearchMixin, Page):
    """Fields every public page shares: a share image for social media and search listings.

    Its search_fields add the Polish-normalised text (search.polish), so subclasses that extend
    `PortalPage.search_fields` are found by inflected words and words typed without diacritics.
    """

    social_image = models.ForeignKey(
        "home.PortalImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Obraz do udostępniania"),
        help_text=_("Pokazywany przy udostępnianiu strony w mediach społecznościowych."),
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading=_("Wspólne ustawienia strony")),
        FieldPanel("social_image"),
    ]

    search_fields = [*Page.search_fields, *POLISH_SEARCH_FIELDS]

    objects = PortalPageManager()
    base_form_class = PortalPageForm

    # The page's own images (foreign keys to PortalImage) that its template shows.
    image_fields = ("social_image",)

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_images()
        return context

    def load_images(self):
        """Read the page's images in one query and all their renditions in one more, instead of
        an image query and a rendition query per {% image %} tag (the same image used twice, as
        the hero and the share image, was read twice)."""
        fields = [self._meta.get_field(name) for name in self.image_fields]
        ids = {getattr(self, field.attname) for field in fields} - {None}
        if not ids:
            return
        images = PortalImage.objects.prefetch_related("renditions").in_bulk(ids)
        for field in fields:
            image = images.get(getattr(self, field.attname))
            if image is not None:
                setattr(self, field.name, image)

    @property
    def meta_description(self):
        """What search engines and link previews show: the SEO description, else the lead, else
        the introduction, as plain text of at most 200 characters."""
        for name in ("search_description", "lead", "intro"):
            value = getattr(self, name, "")
            if value and isinstance(self._meta.get_field(name), RichTextField):
                value = html.unescape(strip_tags(value)).strip()
            if value:
                return Truncator(value).chars(200)
        return ""

    @property
    def og_type(self):
        return "article" if getattr(self, "lead", "") else "website"

    def get_sitemap_urls(self, request=None):
        """The page in each language (Polish at the root, English under /en/) on the host the
        sitemap was asked from, each naming the others as its alternates (hreflang)."""
        if request is None:
            return super().get_sitemap_urls(request)
        lastmod = self.last_published_at or self.latest_revision_created_at
        versions = page_language_versions(request, self)
        return [
            {"location": version["location"], "lastmod": lastmod, "alternates": versions}
            for version in versions
            if version["lang_code"] != DEFAULT_LANGUAGE_TAG
        ]


class PaginatedChildrenMixin:
    """Pages that list their live children a page at a time (news, publications)."""

    per_page = 10

    def paginate(self, request, queryset):
        # get_page turns a malformed ?page= into page 1 and one past the end into the last page.
        return Paginator(queryset, self.per_page).get_page(request.GET.get("page"))
