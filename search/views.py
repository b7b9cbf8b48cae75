"""Site search (/szukaj/): pages, consultations and documents in one list, Polish-aware.

The result count is exact and every result can be reached through the pagination, however
common the word: ranking reads only ids and scores (search.backend.ranked_together), and only
the ten results on the page shown are loaded and given a snippet. A resident who sees
"Wyniki: 7266" and pages to the end finds 7266 results, not a silent cut at some limit.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page as ResultsPage
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models.functions import Substr
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import Query as PromotionQuery
from wagtail.contrib.search_promotions.models import QueryDailyHits, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText
from wagtail.search.utils import normalise_query_string

from home.content_version import current_generation

from . import sources
from .backend import ranked_together
from .highlight import SCAN_CHARS, snippet
from .polish import query_variants, searchable_text
from .suggestions import suggest

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
# Pages beyond this are treated as the last one; it only bounds the work a crafted URL asks for.
MAX_PAGE_NUMBER = 10_000

TYPE_FILTERS = {
    "konsultacje": _("Konsultacje"),
    "strony": _("Strony"),
    "dokumenty": _("Dokumenty"),
}


@dataclass
class Hit:
    title: str
    url: str
    kind: str
    score: float
    excerpt: str = ""
    details: list = field(default_factory=list)
    status: str = ""
    is_document: bool = False


def clean_query(raw):
    """The query as the visitor sees it back: control characters dropped (PostgreSQL refuses
    NUL), whitespace collapsed, cut to a sane length."""
    text = "".join(char if char.isprintable() else " " for char in raw[: MAX_QUERY_LENGTH * 2])
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def build_query(groups, operator="and"):
    """A modelsearch query: every word must match (one of its Polish variants), or any word."""
    parts = [PlainText(group[0]) if len(group) == 1 else Or([PlainText(token) for token in group]) for group in groups]
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


def page_number(raw):
    try:
        return min(max(int(raw), 1), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def search(request):
    query_text = clean_query(request.GET.get("q", ""))
    statuses = sources.status_filters()
    kind = request.GET.get("typ", "")
    kind = kind if kind in TYPE_FILTERS else ""
    status = request.GET.get("status", "")
    status = status if status in statuses else ""
    if status:
        kind = "konsultacje"

    groups = query_variants(query_text)
    number = page_number(request.GET.get("page"))
    if groups:
        if number == 1:  # a resident paging through one query's results made one search
            record_hit(normalise_query_string(query_text))
        found = remembered(
            request,
            (query_text, kind, status, number),
            lambda: find(query_text, groups, kind, status, number, request),
        )
    else:
        found = Found.nothing()

    filters = {"q": query_text, "typ": kind if not status else "", "status": status}
    query_prefix = urlencode({key: value for key, value in filters.items() if value}) + "&"
    context = {
        "query": query_text,
        "was_cut": len(request.GET.get("q", "").strip()) > MAX_QUERY_LENGTH,
        "searched": bool(groups),
        "results_page": found.results_page(),
        "result_count": found.count + len(found.promotions),
        "promotions": found.promotions,
        "matched_any_word": found.matched_any_word,
        "kind": kind,
        "status": status,
        "type_filters": [(slug, label) for slug, label in TYPE_FILTERS.items() if slug != "konsultacje" or statuses],
        "status_filters": [(slug, label) for slug, (label, _statuses) in statuses.items()],
        "query_prefix": query_prefix,
        "suggestion": found.suggestion,
    }
    return render(request, "search/search.html", context)


@dataclass
class Found:
    """What one search found, as its results page shows it: the number of results (besides
    the promotions), the page of hits shown and its number, the promotions, whether only some
    of the words matched, and a spelling hint. Plain data, so it can be remembered."""

    count: int
    page_number: int
    hits: list
    promotions: list
    matched_any_word: bool = False
    suggestion: str = ""

    @classmethod
    def nothing(cls):
        return cls(count=0, page_number=1, hits=[], promotions=[])

    def results_page(self):
        # The hits shown are all the page needs; the paginator only counts (a range has a length).
        return ResultsPage(self.hits, self.page_number, Paginator(range(self.count), PER_PAGE))


def find(query_text, groups, kind, status, number, request=None):
    """Search: rank every match, load and describe only the page of results shown."""
    promotions = promoted(query_text, request)
    result_sources = search_sources(kind, status, promotions, request)
    hits = RankedHits(build_query(groups), result_sources, groups, wanted=number * PER_PAGE)
    matched_any_word = False
    if not hits.count() and len(groups) > 1:
        hits = RankedHits(build_query(groups, "or"), result_sources, groups, wanted=number * PER_PAGE)
        matched_any_word = bool(hits.count())
    # Only the page shown is loaded from the database and given a snippet (RankedHits).
    results_page = Paginator(hits, PER_PAGE).get_page(number)
    return Found(
        count=hits.count(),
        page_number=results_page.number,
        hits=list(results_page.object_list),
        promotions=promotions,
        matched_any_word=matched_any_word,
        suggestion=suggest(query_text) if not hits.count() and not promotions else "",
    )


def remembered(request, search_key, compute):
    """A search's Found, kept in this process for the content generation (see
    home/content_version.py: any publish, unpublish, move, deletion, document or promotion
    change starts a new one), the day (a consultation's status changes at midnight), the
    language (labels) and the host (result links): the same search then ranks nothing again.
    Searches are the same for every visitor (public content only), so one Found serves all.
    SEARCH_MEMO_SECONDS = 0 turns it off (bench/search.py measures the search itself)."""
    seconds = settings.SEARCH_MEMO_SECONDS
    generation = current_generation()
    if not seconds or not generation:  # the shared cache cannot say what is current
        return compute()
    parts = (generation, timezone.localdate().isoformat(), get_language(), request.get_host(), search_key)
    key = "search:found:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = caches["fragments"].get(key)
    if found is None:
        found = compute()
        caches["fragments"].set(key, found, seconds)
    return found


@dataclass
class Source:
    """One kind of result: what to search, and how to turn the shown ids into hits."""

    queryset: object
    load: object  # (pks, groups) -> {pk: Hit}


def search_sources(kind, status, promotions, request=None):
    """Pages and/or documents for the filters, leaving out what the promotions already show."""
    found = []
    if kind != "dokumenty":
        queryset = sources.pages(kind, status)
        promoted_pages = [promotion["page_id"] for promotion in promotions if promotion["page_id"]]
        load = functools.partial(load_pages, request=request)
        found.append(Source(queryset.exclude(pk__in=promoted_pages) if promoted_pages else queryset, load))
    if kind in ("", "dokumenty"):
        queryset = sources.documents()
        promoted_documents = [promotion["document_id"] for promotion in promotions if promotion["document_id"]]
        found.append(
            Source(queryset.exclude(pk__in=promoted_documents) if promoted_documents else queryset, load_documents)
        )
    return found


class RankedHits:
    """The merged result list of several sources, for the Paginator.

    Counting and ranking cost two queries (SQLite) or one per source and load no objects
    (search.backend.ranked_together); a slice loads and builds hits only for the results in it. Sources are merged by relevance;
    equal scores keep each source's order (newest first), pages before documents."""

    def __init__(self, query, result_sources, groups, wanted):
        self.query = query
        self.sources = result_sources
        self.groups = groups
        self.wanted = wanted
        self._limit = None
        self._ranked = []

    def _rank(self, limit):
        if self._limit is None or limit > self._limit:
            backend = get_search_backend()
            querysets = [source.queryset for source in self.sources]
            self._ranked = ranked_together(backend, self.query, querysets, limit) if querysets else []
            self._limit = limit

    def count(self):
        self._rank(self.wanted)
        return sum(count for count, _best in self._ranked)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop, _step = key.indices(self.count())
        if stop <= start:
            return []
        self._rank(stop)
        merged = sorted(
            (-score, source_index, position, pk)
            for source_index, (_count, best) in enumerate(self._ranked)
            for position, (pk, score) in enumerate(best[:stop])
        )[start:stop]
        loaded = {}
        for source_index, source in enumerate(self.sources):
            pks = [pk for _score, index, _position, pk in merged if index == source_index]
            if pks:
                loaded[source_index] = source.load(pks, self.groups)
        hits = []
        for negative_score, source_index, _position, pk in merged:
            hit = loaded[source_index].get(pk)
            if hit is not None:  # deleted between ranking and loading
                hit.score = -negative_score
                hits.append(hit)
        return hits


def load_pages(pks, groups, request=None):
    """Hits for these pages; with the request, their URLs come from the site root paths
    cached on it (one lookup per request, not one per result)."""
    hits = {}
    for page in Page.objects.filter(pk__in=pks).specific():
        status = getattr(page, "status_label", "")
        text = " ".join(
            filter(None, [page.search_description, searchable_text(page, exclude=("search_normalised", "title"))])
        )
        hits[page.pk] = Hit(
            title=page.title,
            url=page.get_url(request),
            kind=str(page._meta.verbose_name),
            score=0.0,
            excerpt=snippet(text, groups),
            status=str(status) if status else "",
        )
    return hits


def load_documents(pks, groups):
    model = get_document_model()
    # The snippet reads only the start of the text: never load a whole long PDF's text.
    documents = model.objects.filter(pk__in=pks)
    has_text = hasattr(model, "extracted_text")
    if has_text:
        documents = documents.defer("extracted_text").annotate(_text_start=Substr("extracted_text", 1, SCAN_CHARS))
    hits = {}
    for document in documents:
        text = " ".join(filter(None, [getattr(document, "description", ""), getattr(document, "_text_start", "")]))
        hits[document.pk] = Hit(
            title=document.title,
            url=document.url,
            kind=str(_("Dokument")),
            score=0.0,
            excerpt=snippet(text, groups),
            details=[document.get_category_display(), document.format_label] if hasattr(document, "category") else [],
            is_document=True,
        )
    return hits


def record_hit(query_string):
    """One more search today for this (normalised) query, for the admin's search statistics.

    What wagtail's Query.get(...).add_hit() records, in one statement when the query has been
    searched before (an UPSERT of today's row), two the first time (the query row, then the
    UPSERT), instead of a read of each row and an UPDATE of the day's row through the ORM for
    every search. The day's row is locked only for that one statement."""
    daily_hits = QueryDailyHits._meta.db_table
    queries = PromotionQuery._meta.db_table
    today = timezone.now().date()
    # Table names from the models' meta; the values are parameters.
    upsert = (
        f'INSERT INTO "{daily_hits}" ("query_id", "date", "hits") SELECT "id", %s, 1 FROM "{queries}" '  # noqa: S608
        f'WHERE "query_string" = %s ON CONFLICT ("query_id", "date") DO UPDATE SET "hits" = "{daily_hits}"."hits" + 1'
    )
    with connections[router.db_for_write(QueryDailyHits)].cursor() as cursor:
        cursor.execute(upsert, [today, query_string])
        if cursor.rowcount == 0:
            cursor.execute(
                f'INSERT INTO "{queries}" ("query_string") VALUES (%s) ON CONFLICT ("query_string") DO NOTHING',  # noqa: S608
                [query_string],
            )
            cursor.execute(upsert, [today, query_string])


def promoted(query_text, request=None):
    """Editors' picks for this exact query (search promotions), shown above the results."""
    query_string = normalise_query_string(query_text)
    picks = []
    promotions = SearchPromotion.objects.filter(query__query_string=query_string).select_related("page")
    for pick in promotions.order_by("sort_order"):
        if pick.page_id and not (pick.page.live and pick.page.specific_class is not None):
            continue
        url = pick.page.get_url(request) if pick.page_id else pick.external_link_url
        picks.append(
            {
                "title": pick.title,
                "url": url,
                "description": pick.description,
                "page_id": pick.page_id,
                "document_id": None if pick.page_id else linked_document_id(url),
            }
        )
    return picks


def linked_document_id(url):
    """The id of the portal document an external-link promotion points at, if it does."""
    try:
        match = resolve(urlsplit(url or "").path)
    except Resolver404:
        return None
    if match.url_name != "wagtaildocs_serve" or not match.args:
        return None
    return int(match.args[0])
