"""Wagtail's database search backend, with one change on SQLite: every query ranked by bm25().

modelsearch scores an AND query on SQLite as the product of (1 + bm25) over its branches, minus
one. FTS5's bm25() is negative (lower is better) and already scores the whole MATCH expression,
so for good matches (bm25 below -1) that product grows as the match gets better, and the best
results of a query of two or more words come last. Measured on the stock backend: 231 documents,
"Budżet obywatelski 2027" with both words in its title and text, 30 reports mentioning each word
once in a long text; "budżet obywatelski" listed ten of the reports on the first page and the
budget document after all of them, while "obywatelski" alone put it first
(tests/test_search_ranking.py). Here every query on SQLite is ranked by bm25() of the whole match,
as a one-word query already is. PostgreSQL (ts_rank is positive, so the product keeps the
order) and any other database use modelsearch's backend unchanged.

The change goes through the backend's `query_compiler_class`; the settings name this module as
the backend, and modelsearch looks `SearchBackend` up here.
"""

from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # the name modelsearch looks the backend up by
    backend = database_search_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        # Imported only here: the SQLite modules cannot be imported on other databases.
        from modelsearch.backends.database.sqlite.query import BM25

        class BM25QueryCompiler(backend.query_compiler_class):
            def build_tsrank(self, vector, query, config=None, boost=1.0):
                return BM25() * boost if boost != 1.0 else BM25()

        backend.query_compiler_class = BM25QueryCompiler
    return backend
