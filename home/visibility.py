"""What is on the site: a live, public page with no unpublished page above it.

Wagtail serves and lists a live page that sits under a page that is not live: a survey published
under a consultation that was unpublished, has expired, or is still a draft or scheduled. This
portal does not. Such a page answers 404 (`hide_pages_under_unpublished_ones`, registered as a
`before_serve_page` hook in home/wagtail_hooks.py; no query, as Wagtail's routing has just read
every page above it) and is left out of the listings that hold pages at any depth: search, the
sitemap, the open data API and the documents' rule (`on_site`). It is back, as it was, once the
page above it is published again.
"""

from django.db.models import Q
from django.http import Http404

from wagtail.models import Page, Site


def unpublished_branches():
    """A Q matching the pages below a page that is not live, in one small query (the pages that
    are not live and have children; Wagtail's root, always live, is never one of them)."""
    branches = Q()
    for path in Page.objects.filter(live=False, numchild__gt=0, depth__gt=1).values_list("path", flat=True):
        branches |= Q(path__startswith=path)
    return branches


def on_site(pages=None):
    """`pages` (all pages by default) as an anonymous visitor may reach them: live, public (Wagtail's
    view restrictions, read in one query) and with no unpublished page above them (one query)."""
    pages = (Page.objects.all() if pages is None else pages).live().public()
    branches = unpublished_branches()
    return pages.exclude(branches) if branches else pages


def hide_pages_under_unpublished_ones(page, request, serve_args, serve_kwargs):
    """A 404 for a live page with a page above it (below the site's root) that is not live."""
    site = Site.find_for_request(request)
    top = site.root_page.depth if site is not None else 2
    ancestor = page
    while ancestor.depth > top:
        ancestor = ancestor.get_parent()
        if ancestor is None:
            return
        if not ancestor.live:
            raise Http404
