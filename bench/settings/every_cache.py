"""Empty every cache before each request: the benchmark's *cold* path (bench/load.py).

"Cold" is what the first visitor after a publish would get if nothing at all were kept: the page
cache off (cold_settings.py) and, before every request, here:

- every cache in settings.CACHES cleared (the shared one, Redis, flushed: its database is the
  benchmark's own; what Wagtail keeps there, site root paths and renditions, goes too);
- in the project's own modules (home, consultation, documents, forms, search, portal): every
  bounded ``functools.lru_cache`` (values kept per argument: markup, dates, parsed rules,
  Polish word forms), every per-process memo object (a class named ``GenerationMemo`` or
  ``LocalCopies``, or anything else with ``clear()`` whose class name ends in ``Memo``), the
  capped dictionaries kept per process listed in CAPPED_DICTS, and the content generation
  the process remembers (home.content_version, when it exists).

Kept: unbounded ``functools.cache`` of per-process constants (an SQL string built once, a
class built once, the code's version digest), and Django's and Wagtail's own state (compiled
templates, URL resolvers, content types): the first visitor after a publish has those too.

Written so that it runs on any version of the code: what does not exist is skipped. The
objects to clear are found by walking the project's modules' globals again whenever a module
has been imported since the last walk (a module imported during a request is found before the
next one; what it keeps is empty until then), so clearing costs well under a millisecond plus
one round trip to Redis.
"""

import functools
import sys
import time

from django.conf import settings
from django.core.cache import caches

PROJECT_APPS = ("home", "consultation", "documents", "forms", "search", "portal")
MEMO_CLASS_NAMES = ("GenerationMemo", "LocalCopies")
# Per-process dictionaries of content on main before the one-cache redesign (7f19468).
CAPPED_DICTS = (
    ("consultation.agenda", "_page_urls"),
    ("consultation.agenda", "_meeting_months"),
    ("consultation.ical_writer", "_events"),
    ("consultation.meeting_rows", "_row_bytes"),
    ("search.postgres_ranking", "_POSTING_SETTINGS"),
)

_found = {"modules": -1, "clearers": []}


def _is_project_module(name):
    return name.split(".", 1)[0] in PROJECT_APPS


def _clearers():
    """The clear() of everything in the project's modules that keeps values per process."""
    if _found["modules"] == len(sys.modules):
        return _found["clearers"]
    clearers, seen = [], set()
    for name, module in list(sys.modules.items()):
        if module is None or not _is_project_module(name):
            continue
        for value in list(vars(module).values()):
            if id(value) in seen:
                continue
            if isinstance(value, functools._lru_cache_wrapper):
                if value.cache_parameters()["maxsize"] is not None:
                    seen.add(id(value))
                    clearers.append(value.cache_clear)
            elif type(value).__name__ in MEMO_CLASS_NAMES or (
                type(value).__name__.endswith("Memo") and callable(getattr(value, "clear", None))
            ):
                seen.add(id(value))
                clearers.append(value.clear)
    for module_name, attribute in CAPPED_DICTS:
        module = sys.modules.get(module_name)
        found = getattr(module, attribute, None) if module else None
        if isinstance(found, dict):
            clearers.append(found.clear)
    content_version = sys.modules.get("home.content_version")
    if content_version is not None and hasattr(content_version, "forget_generation"):
        clearers.append(content_version.forget_generation)
    _found["modules"], _found["clearers"] = len(sys.modules), clearers
    return clearers


def clear_every_cache():
    """Empty every cache this process can reach (see the module docstring); returns seconds taken."""
    started = time.perf_counter()
    for alias in settings.CACHES:
        caches[alias].clear()
    for clear in _clearers():
        clear()
    return time.perf_counter() - started


class ClearEveryCacheMiddleware:
    """Right after WhiteNoise (cold_settings.py): every page request starts with every cache empty."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        clear_every_cache()
        return self.get_response(request)
