"""The rows Wagtail reads to find the page a URL leads to, kept per content generation.

Serving a page costs Wagtail a query for the site, one for the site's root page and one for each
page on the way down the URL. Those rows change only with content, and every content change
starts a new generation (home.content_version), so each process keeps them for the current
generation and hands every request its own copy: a request may set attributes on the pages it
serves without another request seeing them.

Only pages on the way to another page are kept (the home page, the register, an index, a
calendar page on the way to its feed), never the page a URL ends at: there can be thousands of
those, and each is loaded when it is served.
"""

import copy

from django.http.request import split_domain_port

from wagtail.models import Site

from home.content_version import GenerationMemo
from home.restrictions import restricted_paths

_sites = GenerationMemo(max_entries=50)  # keyed on the request's host and port
# Any page can stand on the way in a made-up URL (/a-page/anything/), so this one is bounded too.
_pages = GenerationMemo(max_entries=500)
_root_paths = GenerationMemo()
# Pages that something below them is served from (a page's iCal feed), by site and path.
_public_pages = GenerationMemo(max_entries=500)


def _own_copy(page):
    # Django copies a model instance's state and related-object cache with it (Model.__getstate__).
    return copy.copy(page)


def _load_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        # The root page as its own type, as Wagtail's routing asks for it (root_page.specific).
        site._state.fields_cache["root_page"] = site.root_page.specific
    return site


def site_for_request(request):
    """As Wagtail's Site.find_for_request, with the site and its root page remembered."""
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    kept = _sites.get(key, lambda: _load_site(request))
    if kept is None:
        return None
    site = _own_copy(kept)
    site._state.fields_cache["root_page"] = _own_copy(kept.root_page)
    return site


def site_root_paths():
    """Wagtail's Site.get_site_root_paths(), kept per content generation: a list of named tuples
    that nobody changes, so one list serves every request."""
    return _root_paths.get("all", Site.get_site_root_paths)


def site_id_for(page):
    """The id of the site a page belongs to (as Page.get_url_parts finds it), or None."""
    for root in site_root_paths():
        if page.url_path.startswith(root.root_path):
            return root.site_id
    return None


def page_on_the_way(model, pk):
    """A page that a URL passes through on its way to another page, as `model`."""
    return _own_copy(_pages.get((model, pk), lambda: model._default_manager.get(pk=pk)))


def _load_public_page(url_path):
    from wagtail.models import Page

    page = Page.objects.live().filter(url_path=url_path).first()
    if page is None or any(page.path.startswith(path) for path in restricted_paths()):
        return None
    return page.specific


def public_page_at(request, page_path):
    """The live page without a view restriction at `page_path` (e.g. "kalendarz/") under the
    request's site, as its own type, or None. For views served below a page (its feeds): the
    page is on the way to what they serve, so it is kept like the pages Wagtail's routing
    passes through. A path that leads nowhere is not kept (anyone can make up paths)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path + page_path
    kept = _public_pages.get((site.pk, url_path), lambda: _load_public_page(url_path), keep_none=False)
    return None if kept is None else _own_copy(kept)


def without_site(view):
    """Marks a view that must not look up the site first (a health check answers on its own)."""
    view.without_site = True
    return view


class CurrentSiteMiddleware:
    """Gives each request its site and the sites' root paths before the view runs: Wagtail's
    Site.find_for_request reads `request._wagtail_site` and page URLs read
    `request._wagtail_cached_site_root_paths` when they are set. Else Wagtail would ask the
    database for the site and the shared cache for the root paths on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "without_site", False):
            return None
        request._wagtail_site = site_for_request(request)
        request._wagtail_cached_site_root_paths = site_root_paths()
        return None
