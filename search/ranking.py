"""Several querysets searched with one query and shown as one list, best first, page by page.

Only the search backend's public API is used: `backend.search(query, queryset)`,
`annotate_score` and slicing. Page N of the merged list needs at most each source's best
N × per_page results, so that is all each source ranks, in one query that also counts every
match (the queryset searched carries a `COUNT(*) OVER ()` annotation, which the database
backends keep). Pass querysets with `.only()` the fields needed to load the shown results
afterwards (a primary key, a content type), so ranking reads no text.

Scores of one backend are comparable across models searched in the same index (FTS5's bm25 and
PostgreSQL's ts_rank weigh terms over the whole index). Equal scores keep each source's own
order (newest first) and the order of the sources.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Window


def lower_score_is_better(backend):
    """SQLite's FTS5 bm25() gives the best match the lowest score; the other backends the highest."""
    return type(backend).__name__ == "SQLiteSearchBackend"


def ranked(backend, query, queryset, limit):
    """(number of matches, [(object, relevance)] of the best `limit`, best first); relevance is
    higher-is-better on every backend."""
    counted = queryset.annotate(search_matches=Window(Count("pk")))
    results = backend.search(query, counted, order_by_relevance=True).annotate_score("_score")
    best = list(results[:limit])
    if len(best) < limit:
        count = len(best)
    elif hasattr(best[0], "search_matches"):
        count = best[0].search_matches
    else:  # a backend that does not run the queryset itself (Elasticsearch, OpenSearch)
        count = results.count()
    sign = -1 if lower_score_is_better(backend) else 1
    return count, [(obj, sign * (obj._score or 0.0)) for obj in best]


def merged_page(backend, query, querysets, number, per_page):
    """One page of the merged results of `querysets`: (paginator page over the total count,
    [(source index, object)] shown on it). A page number past the end gives the last page."""
    limit = number * per_page
    sources = [ranked(backend, query, queryset, limit) for queryset in querysets]
    total = sum(count for count, _best in sources)
    page = Paginator(range(total), per_page).get_page(number)
    merged = sorted(
        (-relevance, source_index, position, obj)
        for source_index, (_count, best) in enumerate(sources)
        for position, (obj, relevance) in enumerate(best)
    )
    shown = [
        (source_index, obj)
        for _score, source_index, _position, obj in merged[page.start_index() - 1 : page.end_index()]
    ]
    return page, shown
