"""Wagtail's database search backend, with two changes on SQLite: every query ranked by bm25(),
and ranked in one full-text match.

Ranking by bm25(). modelsearch scores an AND query on SQLite as the product of (1 + bm25) over
its branches, minus one. FTS5's bm25() is negative (lower is better) and already scores the whole
MATCH expression, so for good matches (bm25 below -1) that product grows as the match gets
better, and the best results of a query of two or more words come last. Measured on the stock
backend: 231 documents, "Budżet obywatelski 2027" with both words in its title and text, 30
reports mentioning each word once in a long text; "budżet obywatelski" listed ten of the reports
on the first page and the budget document after all of them, while "obywatelski" alone put it
first (tests/test_search_ranking.py). Here every query on SQLite is ranked by bm25() of the whole
match, as a one-word query already is.

One match. modelsearch filters the results by the match (a subquery run once) and then scores
each result with a correlated subquery that runs the MATCH again for that one row
(SQLiteSearchQueryCompiler.search, `score_subquery`); FTS5's bm25()
counts, for every new match, the documents holding each word, so a search costs matches × matches.
Measured through the backend (first page of 10 and the count, median ms, 100 vs 10,000 documents
of bench/search.py): a word in 70 % of them 18.7 vs 50,411 (6,947 matches), "park budżetu"
14.6 vs 20,434 (3,697 matches); with the one match below 10.8 vs 30.3 and 2.9 vs 27.4, the same
counts and the same first results; rare words 3-4 ms at both sizes.
Here a ranked search joins each result to its index entry and that entry's full-text row (by
rowid) and orders by bm25() of that single MATCH: linear in the matches. Unranked and negated
searches, searches for everything, and querysets with a window function other than a count of
all rows (which becomes a count of the matches, run once: SQLite refuses bm25() next to a window
function) are modelsearch's own.

PostgreSQL (ts_rank is positive, so the product keeps the order) and any other database use
modelsearch's backend unchanged. The changes go through the backend's `query_compiler_class`;
the settings name this module as the backend, and modelsearch looks `SearchBackend` up here.
"""

from django.db.models import Count, F, Func, IntegerField, Subquery, Window

from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # the name modelsearch looks the backend up by
    backend = database_search_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = _one_match(backend.query_compiler_class)
        backend.autocomplete_query_compiler_class = _one_match(backend.autocomplete_query_compiler_class)
    return backend


def _one_match(compiler_class):
    # Imported only here: the SQLite modules cannot be imported on other databases.
    from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
    from modelsearch.query import MatchAll, Not

    class OneMatchQueryCompiler(compiler_class):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            return BM25() * boost if boost != 1.0 else BM25()

        def search(self, config, start, stop, score_field=None):
            query = normalize(self.query)
            ranked = score_field is not None or self.order_by_relevance
            counts = _counts_of_all_rows(self.queryset)
            if not ranked or isinstance(query, (MatchAll, Not)) or counts is None:
                return super().search(config, start, stop, score_field=score_field)
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
            )
            # The index entry (of this model or a descendant, see the generic relation) and its
            # full-text row, in the one filter() so that both conditions use the same join; the
            # equality on the primary key lets SQLite start from the match and look each result up.
            queryset = self.queryset.filter(
                pk=F("index_entries__object_id"), index_entries__sqliteftsindexentry__isnull=False
            ).filter(match)
            if counts:
                # SQLite cannot call bm25() in a query that also has a window function: a count of
                # every row (COUNT(*) OVER ()) becomes a count of the same matches, run once.
                number = queryset.annotate(number=Func(F("pk"), function="COUNT", output_field=IntegerField()))
                queryset = queryset.annotate(**dict.fromkeys(counts, Subquery(number.values("number"))))
            # The stock score (bm25() weighted by each vector's boost), its boosts read through
            # the join above rather than from the index entry.
            score = None
            for vector, boost in self.get_search_vectors():
                if isinstance(boost, F):
                    boost = F(boost.name.replace("index_entry__", "index_entries__", 1))
                term = self.build_tsrank(vector, query, config=config) * boost
                score = term if score is None else score + term
            score_field = score_field or "_score"
            queryset = queryset.annotate(**{score_field: score})
            if self.order_by_relevance:
                queryset = queryset.order_by(score_field, "-pk")
            elif not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            return queryset[start:stop]

    return OneMatchQueryCompiler


def _counts_of_all_rows(queryset):
    """The names of the queryset's window annotations, if every one is a count of all its rows
    (Window(Count(...)) with no partition, order or frame), as search/ranking.py annotates; None
    if it has another window function (searched the stock way)."""
    names = []
    for name, annotation in queryset.query.annotations.items():
        if not getattr(annotation, "contains_over_clause", False):
            continue
        counted = getattr(annotation, "source_expression", None)
        if not (
            isinstance(annotation, Window)
            and annotation.partition_by is None
            and annotation.order_by is None
            and annotation.frame is None
            and isinstance(counted, Count)
            and not counted.distinct
            and counted.filter is None
        ):
            return None
        names.append(name)
    return names
