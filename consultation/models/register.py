"""The consultation register (/konsultacje/): every consultation, filtered, counted and paged."""

import hashlib
from collections.abc import Sequence

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Site
from wagtail.search import index

from home.content_version import fragment_generation
from home.models import PaginatedChildrenMixin, PortalPage

from .pages import ConsultationPage, report_due_days_for
from .status import warsaw_today


class RegisterCards(Sequence):
    """One register page's cards, loaded on first use: when the template takes the rendered list
    from the fragment cache (keyed on these ids), the pages are never loaded."""

    def __init__(self, ids, load):
        self.ids = ids
        self._load = load
        self._cards = None

    def _loaded(self):
        if self._cards is None:
            self._cards = self._load()
        return self._cards

    def __len__(self):
        return len(self._loaded())

    def __getitem__(self, index):
        if not isinstance(index, int | slice):
            raise TypeError(index)  # templates try item lookup first: {{ cards.ids }} must not load
        return self._loaded()[index]

    def __bool__(self):
        return bool(self.ids)


class ConsultationIndexPage(RoutablePageMixin, PaginatedChildrenMixin, PortalPage):
    """The register of every consultation, with filters, counts and an RSS feed."""

    intro = models.TextField(blank=True, verbose_name=_("Wstęp"))

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultation.ConsultationPage"]
    max_count = 1

    per_page = 12

    class Meta:
        verbose_name = _("Rejestr konsultacji")

    def consultations(self):
        return ConsultationPage.objects.live().public().child_of(self)

    @path("")
    def register(self, request):
        return self.render(request)

    @path("rss/")
    def rss(self, request):
        from consultation.feeds import ConsultationFeed

        return ConsultationFeed(self)(request)

    def register_index(self, register_filter, report_due_days):
        """Status counts and the ordered ids for these filters, computed once per content change
        and day: the two queries that grow with the register are then cache reads."""
        values = sorted((name, str(value)) for name, value in register_filter.values.items())
        fingerprint = hashlib.sha256(repr(values).encode()).hexdigest()[:24]
        key = f"register:{self.pk}:{fragment_generation()}:{warsaw_today()}:{report_due_days}:{fingerprint}"
        found = caches["fragments"].get(key)
        if found is None:
            counts = register_filter.without_status().status_counts()
            ids = list(register_filter.queryset().in_register_order().values_list("pk", flat=True))
            found = (counts, ids)
            caches["fragments"].set(key, found, 24 * 3600)
        return found

    def paginate_register(self, request, ids, report_due_days):
        """One page of cards, loaded by id in the register's order."""
        page_obj = Paginator(ids, self.per_page).get_page(request.GET.get("page"))
        page_ids = list(page_obj.object_list)

        def load():
            cards = (
                ConsultationPage.objects.filter(pk__in=page_ids)
                .with_status(report_due_days=report_due_days)
                .select_related("department")
                .prefetch_related("topics", "districts")
                .in_bulk()
            )
            return [cards[pk] for pk in page_ids if pk in cards]

        page_obj.object_list = RegisterCards(page_ids, load)
        return page_obj

    def get_context(self, request, *args, **kwargs):
        from consultation.filters import RegisterFilter

        context = super().get_context(request, *args, **kwargs)
        report_due_days = report_due_days_for(Site.find_for_request(request))
        register_filter = RegisterFilter(
            request.GET,
            lambda: self.consultations().with_status(report_due_days=report_due_days),
            model=ConsultationPage,
        )
        context["filter"] = register_filter
        context["rss_url"] = self.get_url(request) + self.reverse_subpage("rss")
        counts, ids = self.register_index(register_filter, report_due_days)
        context["status_links"] = register_filter.status_links(counts)
        context["consultations"] = self.paginate_register(request, ids, report_due_days)
        return context
