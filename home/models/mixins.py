import html

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from home.content_version import GenerationMemo
from home.restrictions import restricted_paths
from home.routing import page_on_the_way
from search.polish import POLISH_SEARCH_FIELDS, PolishSearchMixin

# Which child page a slug leads to, per parent: (page id, content type id), per content generation.
# Slugs that lead nowhere are not kept: any URL can be asked for.
_children = GenerationMemo()


class PortalPageQuerySet(PageQuerySet):
    def private_q(self):
        """As Wagtail's, from the restricted paths remembered per content generation."""
        condition = Q()
        for path in restricted_paths():
            condition |= Q(path__startswith=path)
        return condition if condition else Q(pk__in=[])


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

    class Meta:
        abstract = True

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

    def route(self, request, path_components):
        """As Wagtail's, but the child a slug leads to is remembered per content generation, and
        so are the pages on the way to the one served (home.routing): a URL costs one query for
        the page it ends at instead of two for each level."""
        if not path_components:
            return super().route(request, path_components)
        slug = path_components[0]
        key = (self.pk, slug)
        found = _children.get(key, lambda: self._child_by_slug(slug), keep_none=False)
        model = ContentType.objects.get_for_id(found[1]).model_class() if found else None
        if model is None:
            return super().route(request, path_components)  # unknown slug (404) or a removed type
        try:
            if path_components[1:]:
                subpage = page_on_the_way(model, found[0])
            else:
                subpage = model._default_manager.get(pk=found[0])
        except model.DoesNotExist as e:
            raise Http404 from e
        subpage._cached_parent_obj = self
        return subpage.route(request, path_components[1:])

    def _child_by_slug(self, slug):
        return self.get_children().filter(slug=slug).values_list("pk", "content_type_id").first()

    def get_view_restrictions(self):
        # Most sites have no private page at all: then serving a page needs no query for it.
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class PaginatedChildrenMixin:
    """Pages that list their live children a page at a time (news, publications)."""

    per_page = 10

    def paginate(self, request, queryset):
        # get_page turns a malformed ?page= into page 1 and one past the end into the last page.
        return Paginator(queryset, self.per_page).get_page(request.GET.get("page"))
