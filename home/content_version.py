"""One number that changes whenever content a visitor can see changes.

The page cache (portal/page_cache.py) and cached fragments of the page shell key on it, so a
purge is a single write to the shared cache that every app server sees at once.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, None)
    return generation


def purge(reason=""):
    """Invalidate every cached page on every server sharing the cache."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)
    logger.debug("Page cache purged: %s", reason)
