"""Anonymous page cache in the shared Django cache (Redis in production).

A visitor without a session cookie gets public pages from the cache. Every stored page carries
the content generation it was rendered at (home/content_version.py), which is bumped whenever
content a page may show changes (publish, unpublish, move, delete, snippets, settings,
documents), so a purge is one write that every app server sees at once. Keys carry today's date in Warsaw, so pages that show a status or "days left" roll over at
midnight. Responses that set cookies, hold a CSRF token (a form), are private, or belong to
the admin are never stored. Such visitors have no session, so nothing personal can be in a
stored page even though the session middleware marks it "Vary: Cookie".

Each process also keeps the pages it served last in memory (`PAGE_CACHE_LOCAL_ENTRIES`), and
serves them while the content generation it remembers is current (home/content_version.py), so
most hits cost no round trip to the shared cache at all. A purge on this server takes effect at
once; a purge on another server within `CONTENT_GENERATION_MAX_AGE` seconds.
"""

import hashlib
import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from home.content_version import (
    GENERATION_KEY,
    current_generation,
    purge,
    read_generation,
    remember_generation,
    remembered_generation,
)

logger = logging.getLogger(__name__)

EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/static/", "/media/", "/django-admin/")
MAX_QUERY_LENGTH = 512


def cache_key(request):
    target = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(target.encode()).hexdigest()
    return f"pagecache:{timezone.localdate().isoformat()}:{digest}"


def _stored(generation, response):
    # Plain data rather than a pickled HttpResponse: smaller and quicker to load on a hit.
    return (generation, response.status_code, response.content, list(response.items()))


def _restored(entry):
    _generation, status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # possibly a logged-in editor: always fresh, never shared
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds this visitor's CSRF token (a form)
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


class LocalCopies:
    """The pages this process stored or fetched last, each with the generation it belongs to:
    at most PAGE_CACHE_LOCAL_ENTRIES of them and PAGE_CACHE_LOCAL_BYTES of content (a calendar
    feed can weigh megabytes), the oldest going first."""

    def __init__(self):
        self._entries = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key, generation):
        entry = self._entries.get(key)
        return entry if entry is not None and entry[0] == generation else None

    def put(self, key, entry):
        limit, budget = settings.PAGE_CACHE_LOCAL_ENTRIES, settings.PAGE_CACHE_LOCAL_BYTES
        size = len(entry[2])
        if limit <= 0 or size > budget:
            return
        with self._lock:
            self._forget(key)
            while self._entries and (len(self._entries) >= limit or self._bytes + size > budget):
                self._forget(next(iter(self._entries)))  # the oldest
            self._entries[key] = entry
            self._bytes += size

    def _forget(self, key):
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry[2])

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0


local_copies = LocalCopies()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not is_cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        generation = remembered_generation()
        if generation is not None and (entry := local_copies.get(key, generation)) is not None:
            return _restored(entry)
        # One round trip: the content generation and the stored page together.
        found = cache.get_many([GENERATION_KEY, key])
        shared_generation = found.get(GENERATION_KEY)
        if shared_generation is not None:
            remember_generation(shared_generation)
            generation = shared_generation
        else:
            generation = current_generation()  # the first request ever, or the cache is down
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            local_copies.put(key, entry)
            return _restored(entry)
        response = self.get_response(request)
        # Content that changed while this page rendered may be missing from it: don't keep it.
        if is_cacheable_response(request, response) and read_generation() == generation:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            entry = _stored(generation, response)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            local_copies.put(key, entry)
            response["X-Page-Cache"] = "miss"
        return response


# Apps whose rows public pages may show. Anything else (sessions, log-in attempts, tasks,
# the search index) never purges.
CONTENT_APPS = {
    "home",
    "consultation",
    "documents",
    "forms",
    "wagtailcore",
    "wagtailimages",
    "wagtailsearchpromotions",
    "wagtailredirects",
    "taggit",
}
# Bookkeeping rows that change without changing what a visitor sees.
IGNORED_MODELS = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.uploadedfile",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
}


def _affects_public_pages(sender, instance):
    from wagtail.contrib.forms.models import AbstractFormSubmission
    from wagtail.images.models import AbstractRendition

    if sender._meta.app_label not in CONTENT_APPS or sender._meta.label_lower in IGNORED_MODELS:
        return False
    if issubclass(sender, AbstractRendition | AbstractFormSubmission):
        return False  # made while rendering, or a resident's answer that pages do not show live
    # A model may say that a row does not show publicly (e.g. a remark without the city's position).
    return getattr(instance, "affects_public_pages", True)


def _purge_on_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures
    if _affects_public_pages(sender, instance):
        purge(f"{sender._meta.label} changed")


def _purge_after_migrate(sender, **kwargs):
    # An upgrade runs migrate: pages and fragments rendered by the previous release must go.
    if sender.name == "portal":
        purge("migrate (a new release)")


def connect_purge_signals():
    from django.db.models.signals import post_delete, post_migrate, post_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_purge_on_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(_purge_on_change, dispatch_uid="page_cache_post_delete")
    post_migrate.connect(_purge_after_migrate, dispatch_uid="page_cache_post_migrate")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(
            lambda sender, **kwargs: purge(str(sender)), weak=False, dispatch_uid=f"page_cache_{id(signal)}"
        )
