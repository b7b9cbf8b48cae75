"""RSS of the newest consultations, served by the register at /konsultacje/rss/, optionally of
one district (with the city-wide ones) or topic: /konsultacje/rss/?obszar=grodziec."""

from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.models import Site

from .filters import FEED_FILTERS, RegisterFilter


class ConsultationFeed(Feed):
    feed_type = Rss201rev2Feed
    limit = 30

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.filter = RegisterFilter(
            {name: request.GET.get(name, "") for name in FEED_FILTERS}, self.index_page.consultations
        )
        return super().__call__(request, *args, **kwargs)

    def absolute_url(self, page):
        """On the host the feed was asked from (the Site's may differ, e.g. under runserver)."""
        return self.request.build_absolute_uri(page.get_url(self.request))

    def title(self):
        site = Site.find_for_request(self.request)
        title = _("Konsultacje społeczne – %(site)s") % {"site": (site and site.site_name) or self.index_page.title}
        if self.filter.chosen_names:
            return _("%(feed)s: %(filters)s") % {"feed": title, "filters": ", ".join(self.filter.chosen_names)}
        return title

    def link(self):
        query = self.filter.query_string()
        return self.absolute_url(self.index_page) + (f"?{query}" if query else "")

    def description(self):
        # Feed readers show <description> as HTML; the intro is plain text.
        return escape(self.index_page.intro) if self.index_page.intro else _("Najnowsze konsultacje społeczne.")

    def items(self):
        newest = self.filter.queryset().order_by("-first_published_at", "-pk")
        return newest.prefetch_related("topics")[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_to_string("consultation/feeds/item_description.html", {"consultation": item})

    def item_link(self, item):
        return self.absolute_url(item)

    def item_guid(self, item):
        return self.absolute_url(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]
