"""The database search backend (SQLite FTS5 or PostgreSQL, chosen by the database in use).

One change on SQLite: modelsearch scores an AND query as the product of (1 + bm25) over its
branches, but FTS5's bm25() is negative and already scores the whole MATCH expression, so that
product puts the best results last for some queries. Here every query is ranked by bm25() alone.
Any other backend (PostgreSQL, Elasticsearch, OpenSearch) is used as modelsearch ships it.
"""

import functools

from modelsearch.backends.database import SearchBackend as database_search_backend


@functools.cache
def bm25_compiler_class():
    # Imported here: the SQLite modules need SQLite-only models, absent on PostgreSQL.
    from modelsearch.backends.database.sqlite.query import BM25
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler

    class BM25SQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            rank = BM25()
            return rank * boost if boost != 1.0 else rank

    return BM25SQLiteQueryCompiler


def SearchBackend(params):  # modelsearch looks the backend up by this name
    backend = database_search_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = bm25_compiler_class()
        backend.lower_score_is_better = True
    return backend


def relevance(backend, score):
    """A score where higher is better on every backend (FTS5's bm25 is lower-is-better)."""
    if score is None:
        return 0.0
    return -score if getattr(backend, "lower_score_is_better", False) else score
