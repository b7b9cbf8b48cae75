"""One number that changes whenever content a visitor can see changes.

The page cache (portal/page_cache.py) and cached fragments of the page shell key on it, so a
purge is a single write to the shared cache that every app server sees.

Each process remembers the number it last read for `CONTENT_GENERATION_MAX_AGE` seconds (one by
default), so a page render or a cache hit does not ask the shared cache for it again and again.
A purge made by this process forgets it at once; a purge made on another server is seen here
within that many seconds.
"""

import itertools
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"

_lock = threading.Lock()
_unknown_generations = itertools.count()
_remembered = {"value": None, "read_at": 0.0}


def _new_generation():
    # Not 1: after the shared cache is flushed, a fresh number must not equal one that pages
    # (or a server's local copies of them) were stored under before.
    return time.time_ns() // 1000


def remembered_generation():
    """The generation this process read less than CONTENT_GENERATION_MAX_AGE seconds ago, or None."""
    value, read_at = _remembered["value"], _remembered["read_at"]
    if value is not None and time.monotonic() - read_at < settings.CONTENT_GENERATION_MAX_AGE:
        return value
    return None


def remember_generation(value):
    with _lock:
        _remembered["value"], _remembered["read_at"] = value, time.monotonic()


def forget_generation():
    with _lock:
        _remembered["value"] = None


def read_generation():
    """The generation as the shared cache holds it now, or None when the cache cannot answer."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        generation = cache.get(GENERATION_KEY)
    if generation is not None:
        remember_generation(generation)
    return generation


def current_generation():
    """The generation to key cached content on (remembered briefly, see the module docstring)."""
    generation = remembered_generation()
    if generation is None:
        generation = read_generation()
    # With the shared cache down nothing is stored, so any number will do; don't remember it.
    return 0 if generation is None else generation


def fragment_generation():
    """The generation for the key of something each process keeps (a fragment of markup): the
    current one, or, while the shared cache cannot say which is current, a value never used
    before, so that nothing kept meanwhile is served again and an edit made during an outage
    shows at once (as GenerationMemo computes afresh then)."""
    return current_generation() or f"unknown-{next(_unknown_generations)}"


def purge(reason=""):
    """Invalidate every cached page on every server sharing the cache."""
    forget_generation()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _new_generation(), None)
    logger.debug("Page cache purged: %s", reason)


class GenerationMemo:
    """Values computed at most once per content generation in this process (site settings,
    private page paths): any content change purges the generation, and with it these values."""

    def __init__(self, max_entries=None):
        # A bound where keys come from requests (host names): past it, values are computed and
        # not kept.
        self._max_entries = max_entries
        self._generation = None
        self._values = {}
        self._lock = threading.Lock()

    def get(self, key, compute, keep_none=True):
        generation = current_generation()
        if not generation:
            return compute()  # the shared cache cannot say what is current: don't remember
        with self._lock:
            if self._generation != generation:
                self._generation, self._values = generation, {}
            if key in self._values:
                return self._values[key]
        value = compute()
        if value is None and not keep_none:
            return value
        with self._lock:
            full = self._max_entries is not None and len(self._values) >= self._max_entries
            if self._generation == generation and not full:
                self._values[key] = value
        return value

    def clear(self):
        with self._lock:
            self._generation, self._values = None, {}
