"""Which pages are private (have a view restriction), remembered once per content generation.

Wagtail's `PageQuerySet.public()` and the serve-time check read every PageViewRestriction
again for each query and each page served. Restrictions are rare and change as content does
(saving one purges, see portal/page_cache.py), so each process keeps the restricted paths for
the current content generation and public pages cost no query for it.
"""

import threading

from home.content_version import current_generation

_lock = threading.Lock()
_remembered = {}


def restricted_paths():
    """The tree paths of the pages that carry a view restriction (a tuple, often empty)."""
    from wagtail.models import PageViewRestriction

    generation = current_generation()
    paths = _remembered.get(generation)
    if paths is None:
        paths = tuple(PageViewRestriction.objects.order_by("page__path").values_list("page__path", flat=True))
        # Generation 0 means the shared cache cannot say what is current: don't remember.
        if generation:
            with _lock:
                _remembered.clear()
                _remembered[generation] = paths
    return paths
