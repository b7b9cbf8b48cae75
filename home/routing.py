"""Interim: names the consultation app still imports; removed at merge (it is moving to
Wagtail's own Site.get_site_root_paths, page.get_url_parts and Page.objects.live().public())."""

from wagtail.models import Page, Site


def site_root_paths():
    """Wagtail's Site.get_site_root_paths()."""
    return Site.get_site_root_paths()


def site_id_for(page):
    """The id of the site a page belongs to (as Page.get_url_parts finds it), or None."""
    for root in site_root_paths():
        if page.url_path.startswith(root.root_path):
            return root.site_id
    return None


def public_page_at(request, page_path):
    """The live page without a view restriction at `page_path` (e.g. "kalendarz/") under the
    request's site, as its own type, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    page = Page.objects.live().public().filter(url_path=site.root_page.url_path + page_path).first()
    return None if page is None else page.specific
