"""The sitemap (/sitemap.xml): Wagtail's, listing only the pages on the site (home/visibility.py)."""

from wagtail.contrib.sitemaps import Sitemap

from home.visibility import on_site


class PortalSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        return on_site(root.get_descendants(inclusive=True)).order_by("path").defer_streamfields().specific()
