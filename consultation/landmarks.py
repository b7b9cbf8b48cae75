"""The register and the calendar: pages other pages link to, remembered per content generation.

A consultation page links to the calendar and the home page to both; finding one was a query
joining the page tree with the page's own table on every request. Each process keeps them for the
current content generation (any change of content starts a new one, see home.content_version),
and each caller gets its own copy, as with the pages a URL passes through (home.routing).
"""

import copy

from home.content_version import GenerationMemo

_pages = GenerationMemo()


def first_public_page(model):
    """As `model.objects.live().public().first()`: the first live page of this type without a
    view restriction (in tree order), or None."""
    kept = _pages.get(model._meta.label, lambda: model.objects.live().public().first())
    return None if kept is None else copy.copy(kept)
