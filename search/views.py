"""Site search (/szukaj/): pages, consultations and documents in one list, Polish-aware."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import Query as PromotionQuery
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from . import sources
from .backend import relevance
from .highlight import snippet
from .polish import query_variants, searchable_text
from .suggestions import suggest

MAX_QUERY_LENGTH = 200
# Results taken from each source before merging; nobody pages past 20 pages of results.
RESULTS_LIMIT = 200
PER_PAGE = 10

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
    # A function of the query's word groups, run only for the results on the page shown.
    excerpt: object = None
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
    hits, matched_any_word, promotions = [], False, []
    if groups:
        hits = run_search(build_query(groups), kind, status, groups)
        if not hits and len(groups) > 1:
            hits = run_search(build_query(groups, "or"), kind, status, groups)
            matched_any_word = bool(hits)
        promotions = promoted(query_text, request.GET.get("page") in (None, "", "1"))
        promoted_urls = {promotion["url"] for promotion in promotions}
        hits = [hit for hit in hits if hit.url not in promoted_urls]

    results_page = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
    for hit in results_page.object_list:
        hit.excerpt = hit.excerpt(groups) if callable(hit.excerpt) else ""

    filters = {"q": query_text, "typ": kind if not status else "", "status": status}
    query_prefix = urlencode({key: value for key, value in filters.items() if value}) + "&"
    context = {
        "query": query_text,
        "was_cut": len(request.GET.get("q", "").strip()) > MAX_QUERY_LENGTH,
        "searched": bool(groups),
        "results_page": results_page,
        "result_count": len(hits) + len(promotions),
        "promotions": promotions,
        "matched_any_word": matched_any_word,
        "kind": kind,
        "status": status,
        "type_filters": [(slug, label) for slug, label in TYPE_FILTERS.items() if slug != "konsultacje" or statuses],
        "status_filters": [(slug, label) for slug, (label, _statuses) in statuses.items()],
        "query_prefix": query_prefix,
        "suggestion": suggest(query_text) if groups and not hits and not promotions else "",
    }
    return render(request, "search/search.html", context)


def run_search(query, kind, status, groups):
    backend = get_search_backend()
    hits = []
    if kind != "dokumenty":
        hits.extend(page_hits(backend, sources.pages(kind, status), query))
    if kind in ("", "dokumenty"):
        hits.extend(document_hits(backend, sources.documents(), query))
    # Stable order across databases for equal scores: higher score, then title.
    hits.sort(key=lambda hit: (-hit.score, hit.title))
    return hits


def page_hits(backend, queryset, query):
    results = backend.search(query, queryset, order_by_relevance=True).annotate_score("_score")[:RESULTS_LIMIT]
    scores = {page.pk: relevance(backend, page._score) for page in results}
    if not scores:
        return []
    pages = Page.objects.filter(pk__in=scores).specific()
    hits = []
    for page in pages:
        status = getattr(page, "status_label", "")
        hits.append(
            Hit(
                title=page.title,
                url=page.url,
                kind=str(page._meta.verbose_name),
                score=scores[page.pk],
                excerpt=_page_excerpt(page),
                status=str(status) if status else "",
            )
        )
    return hits


def document_hits(backend, queryset, query):
    results = backend.search(query, queryset, order_by_relevance=True).annotate_score("_score")[:RESULTS_LIMIT]
    hits = []
    for document in results:
        details = [document.get_category_display(), document.format_label] if hasattr(document, "category") else []
        hits.append(
            Hit(
                title=document.title,
                url=document.url,
                kind=str(_("Dokument")),
                score=relevance(backend, document._score),
                excerpt=_document_excerpt(document),
                details=details,
                is_document=True,
            )
        )
    return hits


def _page_excerpt(page):
    def excerpt(groups):
        text = " ".join(
            filter(None, [page.search_description, searchable_text(page, exclude=("search_normalised", "title"))])
        )
        return snippet(text, groups)

    return excerpt


def _document_excerpt(document):
    def excerpt(groups):
        text = " ".join(filter(None, [getattr(document, "description", ""), getattr(document, "extracted_text", "")]))
        return snippet(text, groups)

    return excerpt


def promoted(query_text, first_page):
    """Editors' picks for this exact query (search promotions), shown above the results."""
    promotion_query = PromotionQuery.get(query_text)
    if first_page:
        promotion_query.add_hit()
    picks = []
    for pick in promotion_query.editors_picks.select_related("page").order_by("sort_order"):
        if pick.page_id and not (pick.page.live and pick.page.specific_class is not None):
            continue
        url = pick.page.url if pick.page_id else pick.external_link_url
        picks.append({"title": pick.title, "url": url, "description": pick.description})
    return picks
