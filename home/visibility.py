"""What is on the site: a live, public page with no unpublished page above it.

Wagtail serves and lists a live page that sits under a page that is not live: a survey published
under a consultation that was unpublished, has expired, or is still a draft or scheduled. This
portal does not. Such a page answers 404 (`hide_pages_under_unpublished_ones`, registered as a
`before_serve_page` hook in home/wagtail_hooks.py; no query, as Wagtail's routing has just read
every page above it) and is left out of the listings that hold pages at any depth: search, the
sitemap, the open data API and the documents' rule (`on_site`). It is back, as it was, once the
page above it is published again.

A file in a collection with a view restriction (on it or on a collection above it) is not on the
site either: its download asks for a log-in, so a public page does not list it
(`restricted_collections`, `in_open_collections`).
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404

from wagtail.models import Collection, CollectionViewRestriction, Page, Site


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


def restricted_collections():
    """The collections with a view restriction on them or on a collection above them (a tree
    path starts with its ancestors' paths), as a subquery: no query of its own."""
    above = CollectionViewRestriction.objects.annotate(prefix_length=Length("collection__path")).filter(
        collection__path=Substr(OuterRef("path"), 1, F("prefix_length"))
    )
    return Collection.objects.filter(Exists(above)).values("pk")


def in_open_collections(documents):
    """Of these documents (objects, None for a deleted one), those outside restricted collections,
    in their order: one query, none for an empty list."""
    documents = [document for document in documents if document is not None]
    if not documents:
        return []
    restricted = set(
        Collection.objects.filter(pk__in={document.collection_id for document in documents})
        .filter(pk__in=restricted_collections())
        .values_list("pk", flat=True)
    )
    return [document for document in documents if document.collection_id not in restricted]
