"""The anonymous page cache: the one cache of content.

The rule: every saved or deleted row of content, publish, unpublish, move or migrate adds one
to the content generation, a row in the same database written in the change's own transaction,
and every cached page is stored under the generation read before it was rendered, so once a
change is committed no page rendered before it is ever served again.

How:
- `ContentGeneration` (portal/models.py) holds the number. Any post_save, post_delete or
  m2m_changed of any model bumps it with one `UPDATE ... SET value = value + 1` on the
  change's own database connection, so it commits or rolls back with the change (a save made
  outside any transaction bumps before and after it, so a bump lost after the row committed
  still leaves no page from before the change reachable); only the
  bookkeeping rows listed below, and rows whose instance says `affects_public_pages = False`,
  are exempt. A new content model therefore purges without anyone adding it anywhere.
- A cacheable request reads the generation first (one small query), then looks the page up
  under a key that carries it. A page rendered while a change commits is stored under the
  generation read before rendering, which the change has already left behind.
- Pages live in Django's default cache, which every app server shares (Redis when REDIS_URL is
  set, else the database cache). A cache that cannot answer is a miss, never an error; a purge
  needs no cache at all.
- A page is kept at most PAGE_CACHE_SECONDS (15 minutes), and no later than the moment it said
  its content changes with the clock (home.freshness.changes_at).
- The key is the scheme, the host, the path and only the query parameters pages read
  (PAGE_CACHE_QUERY_PARAMETERS), sorted by name. Tracking parameters (utm_*, fbclid, ...) are
  left out of the key, and a response to such a request is not stored; a request with any
  other parameter is served without the cache, so a crawler cannot fill it with junk URLs.
- Never stored: anything but GET/HEAD, requests with a session cookie (editors), the admin,
  the open data API (its answers show derived statuses, and no page there says when they change),
  documents, static and media files, responses that are not 200, set cookies, hold a CSRF token
  (a form) or say private/no-cache/no-store.
"""

import datetime
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone

from home.freshness import page_changes_at
from portal.models import ContentGeneration

EXCLUDED_PREFIXES = ("/admin/", "/api/", "/documents/", "/healthz", "/static/", "/media/", "/django-admin/")
MAX_QUERY_LENGTH = 512
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl"}
ROW = 1


# The content generation ----------------------------------------------------------------------


def current_generation(using=DEFAULT_DB_ALIAS):
    """The content generation as the database holds it now."""
    connection = connections[using]
    table = connection.ops.quote_name(ContentGeneration._meta.db_table)
    with connection.cursor() as cursor:
        # Plain SQL: this runs before every cached page is served.
        cursor.execute(f"SELECT value FROM {table} WHERE id = %s", [ROW])  # noqa: S608 - our own table's name
        row = cursor.fetchone()
    if row is None:  # the row was removed (a flushed database): start again
        bump(using)
        return ContentGeneration.objects.using(using).values_list("value", flat=True).get(pk=ROW)
    return row[0]


def bump(using=DEFAULT_DB_ALIAS):
    """Start a new content generation, in the current transaction of database `using`."""
    generations = ContentGeneration.objects.using(using)
    if not generations.filter(pk=ROW).update(value=F("value") + 1):
        generations.get_or_create(pk=ROW, defaults={"value": time.time_ns() // 1000})


# Apps and models whose rows never change what a visitor sees.
EXEMPT_APPS = {"migrations", "sessions", "axes", "admin", "django_tasks", "django_tasks_database"}
EXEMPT_MODELS = {
    "portal.contentgeneration",
    "portal.committedrequest",
    "forms.attemptwindow",  # counted with its own SQL; listed in case of an ORM delete
    "forms.usedformtoken",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.uploadedfile",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
    "wagtailusers.userprofile",
    "wagtailembeds.embed",  # Wagtail's store of oEmbed answers, written while a page renders
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "search.rankvector",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
}


def affects_public_pages(sender, instance=None):
    from wagtail.contrib.forms.models import AbstractFormSubmission
    from wagtail.images.models import AbstractRendition

    meta = sender._meta
    if meta.app_label in EXEMPT_APPS or meta.label_lower in EXEMPT_MODELS:
        return False
    if issubclass(sender, AbstractRendition | AbstractFormSubmission):
        return False  # made while rendering, or a resident's answers, which pages do not show live
    # A row may say it is not shown publicly (e.g. a remark without the city's position).
    return getattr(instance, "affects_public_pages", True)


def _bump_on_change(sender, instance=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender.__module__ == "__fake__":
        return  # a migration's historical model; post_migrate bumps once migrate is done
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed is sent before and after; the change is made by then
    if affects_public_pages(sender, instance):
        bump(using)


def _bump_before_an_unwrapped_change(sender, instance=None, using=DEFAULT_DB_ALIAS, **kwargs):
    # A save outside any transaction (autocommit: a script, some admin views) commits before
    # post_save can bump. Bumping first as well leaves nothing rendered before the change
    # reachable even if the bump after it never happens (the database went away in between).
    unwrapped = sender.__module__ != "__fake__" and not connections[using].in_atomic_block
    if unwrapped and affects_public_pages(sender, instance):
        bump(using)


def _bump_on_page_signal(sender, instance=None, **kwargs):
    bump(instance._state.db if instance is not None and instance._state.db else DEFAULT_DB_ALIAS)


def _after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # An upgrade runs migrate: pages rendered by the previous release must go. The database
    # cache's table (used without REDIS_URL) is created here, so every migrate makes sure of it.
    if sender.name == "portal":
        from django.core.management import call_command

        call_command("createcachetable", database=using, verbosity=0)
        bump(using)


def connect_purge_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete, pre_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    pre_save.connect(_bump_before_an_unwrapped_change, dispatch_uid="page_cache_pre_save")
    pre_delete.connect(_bump_before_an_unwrapped_change, dispatch_uid="page_cache_pre_delete")
    post_save.connect(_bump_on_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(_bump_on_change, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(_bump_on_change, dispatch_uid="page_cache_m2m_changed")
    post_migrate.connect(_after_migrate, dispatch_uid="page_cache_post_migrate")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_bump_on_page_signal, dispatch_uid=f"page_cache_{id(signal)}")


# The cache -----------------------------------------------------------------------------------


def cache_key(request, generation):
    """The key for this request, or None when the request must not use the cache. Also says
    whether the request carried tracking parameters (then it may be served, not stored)."""
    known = settings.PAGE_CACHE_QUERY_PARAMETERS
    kept, tracked = [], False
    for name, values in request.GET.lists():
        if name in known:
            kept.extend((name, value) for value in values)
        elif name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMETERS:
            tracked = True
        else:
            return None, tracked  # a parameter no page reads: don't let it pick a cache entry
    # Sorted by name only: the order of one name's values is what the page reads.
    kept.sort(key=lambda pair: pair[0])
    # The scheme and host: pages carry absolute links built from the request (canonical, feeds).
    target = repr((request.scheme, request.get_host(), request.path, kept))
    digest = hashlib.sha256(target.encode()).hexdigest()
    return f"page:{generation}:{digest}", tracked


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
    if response.has_header("Set-Cookie") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # personal: a cookie, or this visitor's CSRF token (a form)
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def lifetime(request):
    """Seconds to keep this request's page: at most PAGE_CACHE_SECONDS, and no later than the
    moment it recorded that what it shows changes (home.freshness). 0: don't keep it."""
    seconds = settings.PAGE_CACHE_SECONDS
    changes_at = page_changes_at(request)
    if changes_at is not None:
        left = (changes_at - timezone.now()) / datetime.timedelta(seconds=1)
        seconds = min(seconds, int(left))
    return max(seconds, 0)


def _stored(response):
    # Plain data rather than a pickled HttpResponse: smaller and quicker to load on a hit.
    return (response.status_code, response.content, list(response.items()))


def _restored(entry):
    status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not is_cacheable_request(request):
            return self.get_response(request)
        generation = current_generation()
        key, tracked = cache_key(request, generation)
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None:
            return _restored(entry)
        response = self.get_response(request)
        if tracked or not is_cacheable_response(request, response):
            return response
        seconds = lifetime(request)
        if seconds > 0:
            cache.set(key, _stored(response), seconds)
            response["X-Page-Cache"] = "miss"
        return response
