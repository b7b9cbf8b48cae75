"""Which pages are private (have a view restriction), remembered once per content generation.

Wagtail's `PageQuerySet.public()` and the serve-time check read every PageViewRestriction
again for each query and each page served. Restrictions are rare and change as content does
(saving one purges, see portal/page_cache.py), so each process keeps the restricted paths for
the current content generation and public pages cost no query for it.
"""

from home.content_version import GenerationMemo

_memo = GenerationMemo()


def _read_restricted_paths():
    from wagtail.models import PageViewRestriction

    return tuple(PageViewRestriction.objects.order_by("page__path").values_list("page__path", flat=True))


def restricted_paths():
    """The tree paths of the pages that carry a view restriction (a tuple, often empty)."""
    return _memo.get("paths", _read_restricted_paths)
