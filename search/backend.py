"""The database search backend (SQLite FTS5 or PostgreSQL, chosen by the database in use).

Changes on SQLite and PostgreSQL; any other backend (Elasticsearch, OpenSearch) is used as
modelsearch ships it:

- SQLite (search/sqlite_ranking.py): every query ranked by FTS5's bm25() alone (modelsearch's
  product over an AND's branches put the best results last for some queries), counted and
  ranked in two FTS statements inside SQLite, only the requested slice's objects fetched;
  `update_index` leaves the full-text index merged into one segment (search/sqlite_index.py).
- PostgreSQL (search/postgres_ranking.py): title and body matched separately (their GIN
  indexes), each column ranked once for the whole query, the body ranked over a small vector
  of the start of the entry's text (search/migrations/0002), and the site search's plain
  queries counted and ranked from the search_posting postings alone (search/migrations/0004,
  0005), without reading a vector.

This module is what the settings name (modelsearch looks `SearchBackend` up here) and what the
view calls. `ranked(backend, query, queryset, limit)` is what the site search uses: the number
of matches and the ids and scores of the best `limit`, without loading a single object, so the
view can merge several sources and load only the page it shows (`ranked_together` ranks several
sources at once). It works with any backend; on the database backends it costs one query (two
on SQLite).
"""

from django.db.models import AutoField, BigAutoField, BigIntegerField, IntegerField

from modelsearch.backends.database import SearchBackend as database_search_backend

from .postgres_ranking import indexed_postgres_compiler_class
from .sqlite_index import optimizing
from .sqlite_ranking import bm25_compiler_class, ranked_sqlite_results_class


def _pk_converter(model):
    """Index entries store ids as text; int() is all an integer key needs.

    Used by both databases' compilers (search.sqlite_ranking, search.postgres_ranking)."""
    field = model._meta.pk
    if isinstance(field, (AutoField, BigAutoField, BigIntegerField, IntegerField)):
        return int
    return field.to_python


def SearchBackend(params):  # modelsearch looks the backend up by this name
    backend = database_search_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = bm25_compiler_class()
        backend.results_class = ranked_sqlite_results_class()
        backend.lower_score_is_better = True
        backend.rebuilder_class = optimizing(backend.rebuilder_class)
    elif type(backend).__name__ == "PostgresSearchBackend":
        backend.query_compiler_class = indexed_postgres_compiler_class()
    return backend


def relevance(backend, score):
    """A score where higher is better on every backend (FTS5's bm25 is lower-is-better)."""
    if score is None:
        return 0.0
    return -score if getattr(backend, "lower_score_is_better", False) else score


def ranked_together(backend, query, querysets, limit):
    """ranked() for each queryset; on SQLite, and on PostgreSQL from its postings, ranked together
    when their models differ (each source then holds its share of the best `limit` of all
    together: what a merged page needs)."""
    compilers = [
        getattr(backend.search(query, queryset, order_by_relevance=True), "query_compiler", None)
        for queryset in querysets
    ]
    if len(compilers) > 1 and all(
        hasattr(compiler, "ranked_together") and compiler.can_rank() for compiler in compilers
    ):
        type_sets = [compiler._content_types() for compiler in compilers]
        if sum(len(types) for types in type_sets) == len(set().union(*type_sets)):
            return [
                (count, [(pk, relevance(backend, score)) for pk, score in best])
                for count, best in compilers[0].ranked_together(
                    compilers, limit, config=compilers[0].get_config(backend)
                )
            ]
    return [ranked(backend, query, queryset, limit) for queryset in querysets]


def ranked(backend, query, queryset, limit):
    """(number of matches, [(pk, relevance)] of the best `limit`, best first), no objects loaded.

    Relevance is higher-is-better on every backend. Ties: newest (highest pk) first."""
    results = backend.search(query, queryset, order_by_relevance=True)
    compiler = getattr(results, "query_compiler", None)
    if compiler is None:  # nothing to search for
        return 0, []
    if getattr(compiler, "can_rank", lambda: False)():
        count, best = compiler.ranked(compiler.get_config(backend), limit)
        return count, [(pk, relevance(backend, score)) for pk, score in best]
    # Any other backend (Elasticsearch, OpenSearch): its own count, order and scores.
    results = results.annotate_score("_score")
    return results.count(), [(obj.pk, relevance(backend, obj._score)) for obj in results[:limit]]
