"""Site search (/szukaj/): pages of every type, consultations and documents in one list.

This view composes the apps on top of the search library (search/: the Polish normaliser,
queries, merged ranking, excerpts, spelling hints) and Wagtail's database search backend. It
decides what an anonymous visitor may find: pages on the site (`home.visibility.on_site()`:
live, public, nothing unpublished above them) and public documents
(`PortalDocument.objects.public()`, the documents app's one rule); the editors' promotions and
the spelling hints come only from the same.

The result count is exact and every result can be reached through the pagination: ranking
reads only ids, types and scores, and only the results on the page shown are loaded (one query
for pages of every type and one for documents) and given an excerpt. With every cache empty a search
makes about ten queries however many results it has (tests/test_search_queries.py).
"""

import functools
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as ResultsPage
from django.db import connections, router
from django.db.models import Q
from django.db.models.functions import Substr
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import Query as PromotionQuery
from wagtail.contrib.search_promotions.models import QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from consultation.models import STATUS_FILTERS, ConsultationIndexPage, ConsultationPage, status_of
from documents.models import PortalDocument, PublicationsPage
from home.freshness import changes_on_next_day
from home.models import PortalSettings
from home.visibility import on_site
from search.highlight import SCAN_CHARS, snippet
from search.polish import query_variants, searchable_text
from search.query import MAX_QUERY_LENGTH, build_query, clean_query
from search.ranking import merged_page
from search.suggestions import suggest

PER_PAGE = 10
# Pages beyond this are treated as the last one; it only bounds the work a crafted URL asks for.
MAX_PAGE_NUMBER = 10_000
# Titles enough to learn the portal's words for a spelling hint; a cap keeps a huge site fast.
MAX_SUGGESTION_TITLES = 5000

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
    excerpt: list = field(default_factory=list)  # search.highlight's parts: (text, marked)
    details: list = field(default_factory=list)
    status: str = ""
    is_document: bool = False


def page_number(raw):
    try:
        return min(max(int(raw), 1), MAX_PAGE_NUMBER)
    except (TypeError, ValueError, OverflowError):
        return 1


def search(request):
    query_text = clean_query(request.GET.get("q", ""))
    kind = request.GET.get("typ", "")
    kind = kind if kind in TYPE_FILTERS else ""
    status = request.GET.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    if status:
        kind = "konsultacje"
        changes_on_next_day(request)  # which consultations have a status changes at midnight
    groups = query_variants(query_text)
    filters = {"q": query_text, "typ": "" if status else kind, "status": status}
    context = {
        "query": query_text,
        "was_cut": len(request.GET.get("q", "").strip()) > MAX_QUERY_LENGTH,
        "searched": bool(groups),
        "kind": kind,
        "status": status,
        "type_filters": list(TYPE_FILTERS.items()),
        "status_filters": [(slug, label) for slug, (label, _statuses) in STATUS_FILTERS.items()],
        "query_prefix": urlencode({key: value for key, value in filters.items() if value}) + "&",
        "results_page": None,
        "result_count": 0,
        "promotions": [],
    }
    if groups:
        number = page_number(request.GET.get("page"))
        if number == 1:  # a resident paging through one query's results made one search
            record_hit(normalise_query_string(query_text))
        context.update(find(request, query_text, groups, kind, status, number))
    return render(request, "search/search.html", context)


def find(request, query_text, groups, kind, status, number):
    """The template's context for one search: every match ranked, only the page shown loaded."""
    # Built once (building it reads the pages' view restrictions), and the documents' rule
    # reuses it: one read of the restrictions for the whole search.
    public_pages = on_site()
    public_documents = PortalDocument.objects.public(public_pages)
    promotions = promoted(request, query_text, public_pages, public_documents)
    sources = search_sources(public_pages, public_documents, kind, status, promotions)
    backend = get_search_backend()
    querysets = [queryset for queryset, _load in sources]
    page, shown = merged_page(backend, build_query(groups), querysets, number, PER_PAGE)
    matched_any_word = False
    if not page.paginator.count and len(groups) > 1:
        page, shown = merged_page(backend, build_query(groups, "or"), querysets, number, PER_PAGE)
        matched_any_word = bool(page.paginator.count)

    loaded = {}
    for source_index, (_queryset, load) in enumerate(sources):
        ranked = [obj for index, obj in shown if index == source_index]
        if ranked:
            loaded[source_index] = load(request, ranked, groups)
    hits = [loaded[index][obj.pk] for index, obj in shown if obj.pk in loaded[index]]
    count = page.paginator.count
    context = {
        "results_page": ResultsPage(hits, page.number, page.paginator),
        "result_count": count + len(promotions),
        "promotions": promotions,
        "matched_any_word": matched_any_word,
    }
    if not count and not promotions:
        context["suggestion"] = suggest(query_text, public_titles(public_pages, public_documents))
        context.update(browse_links(request, public_pages))
    return context


def search_sources(public_pages, public_documents, kind, status, promotions):
    """[(queryset to rank, loader of the shown results)] for the filters, leaving out what the
    promotions already show. The querysets carry only what the loaders need."""
    sources = []
    if kind != "dokumenty":
        pages = public_pages.filter(depth__gt=1)
        if status:
            _label, statuses = STATUS_FILTERS[status]
            # The status is derived in SQL, which a search backend cannot filter on: by ids.
            pages = pages.filter(pk__in=ConsultationPage.objects.with_status_in(statuses).values("pk"))
        elif kind == "konsultacje":
            pages = pages.type(ConsultationPage)
        elif kind == "strony":
            pages = pages.not_type(ConsultationPage)
        promoted_pages = [promotion["page_id"] for promotion in promotions if promotion["page_id"]]
        sources.append((pages.exclude(pk__in=promoted_pages).only("pk", "content_type"), load_pages))
    if kind in ("", "dokumenty"):
        # By ids: the documents app's rule may use fields a search backend cannot filter on.
        documents = PortalDocument.objects.filter(pk__in=public_documents.values("pk"))
        promoted_documents = [promotion["document_id"] for promotion in promotions if promotion["document_id"]]
        sources.append((documents.exclude(pk__in=promoted_documents).only("pk"), load_documents))
    return sources


def load_pages(request, ranked, groups):
    """{pk: Hit} for the shown pages, in one query whatever their types: each type's own table
    is joined (select_related of the child link), so every page comes out as its specific model."""
    paths = {}
    for page in ranked:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()  # Django keeps these
        if model is not None:  # a page type whose code is gone is left out
            paths[page.pk] = specific_path(model)
    pages = Page.objects.filter(pk__in=list(paths)).select_related(*{path for path in paths.values() if path})
    hits = {}
    for base in pages:
        page = functools.reduce(getattr, paths[base.pk].split("__"), base) if paths[base.pk] else base
        status = ""
        if isinstance(page, ConsultationPage):
            report_due_days = PortalSettings.for_request(request).report_due_days  # read once per request
            status = str(status_of(page, report_due_days=report_due_days).label)
            changes_on_next_day(request)  # the status shown changes at midnight
        text = " ".join(
            filter(None, [page.search_description, searchable_text(page, exclude=("search_normalised", "title"))])
        )
        hits[page.pk] = Hit(
            title=page.title,
            url=page.get_url(request),
            kind=str(page._meta.verbose_name),
            excerpt=snippet(text, groups),
            status=status,
        )
    return hits


def specific_path(model):
    """The select_related path from Page to a page model's own table: 'standardpage', or
    'parentpage__childpage' for a type derived from another page type; '' for Page itself."""
    chain = [parent for parent in reversed(model._meta.get_parent_list()) if issubclass(parent, Page)]
    return "__".join(link._meta.model_name for link in [*chain, model] if link is not Page)


def load_documents(request, ranked, groups):
    """{pk: Hit} for the shown documents, in one query reading only the start of their text."""
    documents = (
        PortalDocument.objects.filter(pk__in=[document.pk for document in ranked])
        .defer("extracted_text")
        .annotate(text_start=Substr("extracted_text", 1, SCAN_CHARS))
    )
    return {
        document.pk: Hit(
            title=document.title,
            url=document.url,
            kind=str(_("Dokument")),
            excerpt=snippet(" ".join(filter(None, [document.description, document.text_start])), groups),
            details=[str(document.category_label), document.format_label],
            is_document=True,
        )
        for document in documents
    }


def public_titles(public_pages, public_documents):
    """Titles of what an anonymous visitor can find: the vocabulary of spelling hints."""
    titles = list(public_pages.filter(depth__gt=1).values_list("title", flat=True)[:MAX_SUGGESTION_TITLES])
    titles += public_documents.values_list("title", flat=True)[:MAX_SUGGESTION_TITLES]
    return titles


def browse_links(request, public_pages):
    """Where the no-results page sends a visitor to browse: the register and the publications."""
    links = {}
    for page in public_pages.type(ConsultationIndexPage, PublicationsPage).order_by("depth", "path"):
        name = "register_url" if issubclass(page.specific_class, ConsultationIndexPage) else "publications_url"
        links.setdefault(name, page.get_url(request))
    return links


def promoted(request, query_text, public_pages, public_documents):
    """Editors' picks for this exact query, shown above the results: pages only while live and
    public, links to documents only while the document is public."""
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query_text))
        .filter(Q(page__isnull=True) | Q(page__in=public_pages))
        .select_related("page")
        .order_by("sort_order")
    )
    found = []
    for pick in picks:
        if pick.page_id and pick.page.specific_class is None:  # a page type whose code is gone
            continue
        url = pick.page.get_url(request) if pick.page_id else pick.external_link_url
        found.append(
            {
                "title": pick.title,
                "url": url,
                "description": pick.description,
                "page_id": pick.page_id,
                "document_id": None if pick.page_id else linked_document_id(url),
            }
        )
    linked = [pick["document_id"] for pick in found if pick["document_id"]]
    if linked:
        public = set(public_documents.filter(pk__in=linked).values_list("pk", flat=True))
        found = [pick for pick in found if not pick["document_id"] or pick["document_id"] in public]
    return found


def linked_document_id(url):
    """The id of the portal document an external-link promotion points at, if it does."""
    try:
        match = resolve(urlsplit(url or "").path)
    except Resolver404:
        return None
    if match.url_name != "wagtaildocs_serve" or not match.args:
        return None
    return int(match.args[0])


def record_hit(query_string):
    """One more search today for this (normalised) query, for the admin's search statistics.

    What wagtail's Query.get(...).add_hit() records, in one statement when the query has been
    searched before (an UPSERT of today's row), three the first time (the UPSERT, the query row,
    the UPSERT again), instead of a read of each row and an UPDATE of the day's row through the ORM."""
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
