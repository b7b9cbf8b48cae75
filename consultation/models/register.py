"""The consultation register (/konsultacje/): every consultation, filtered, counted and paged."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from home.freshness import changes_on_next_day
from home.models import PaginatedChildrenMixin, PortalPage, PortalSettings

from .labels import read_labels
from .pages import ConsultationPage
from .status import Status


class CountedPaginator(Paginator):
    """A paginator told how many items there are: the register counts them with the status
    counts, in the same query, so it need not count them again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


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

    def get_context(self, request, *args, **kwargs):
        from consultation.filters import RegisterFilter

        context = super().get_context(request, *args, **kwargs)
        report_due_days = PortalSettings.for_request(request).report_due_days
        register_filter = RegisterFilter(
            request.GET, self.consultations().with_status(report_due_days=report_due_days)
        )
        cards = register_filter.queryset().in_register_order().for_cards()
        page_obj = CountedPaginator(cards, self.per_page, register_filter.count).get_page(request.GET.get("page"))
        # The cards' topics and districts, for the whole page of cards in one query.
        page_obj.object_list = list(page_obj.object_list)
        labels = read_labels(page_obj.object_list)
        for card in page_obj.object_list:
            card.labels = labels[card.pk]
        if set(register_filter.summary) - {Status.RESULTS}:
            changes_on_next_day(request)  # statuses, counts and days left change at midnight
        context["filter"] = register_filter
        feed_query = register_filter.query_string(status=None, rok=None)
        context["rss_url"] = (
            self.get_url(request) + self.reverse_subpage("rss") + (f"?{feed_query}" if feed_query else "")
        )
        # The list as files, with the same filters (consultation/open_data_files.py).
        query = register_filter.query_string()
        context["register_files"] = {
            extension: f"{self.get_url(request)}rejestr.{extension}{'?' if query else ''}{query}"
            for extension in ("csv", "json")
        }
        context["status_links"] = register_filter.status_links()
        context["consultations"] = page_obj
        return context
