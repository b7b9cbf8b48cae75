"""The database search backend (SQLite FTS5 or PostgreSQL, chosen by the database in use).

Changes on SQLite and PostgreSQL; any other backend (Elasticsearch, OpenSearch) is used as
modelsearch ships it:

- Ranking: modelsearch scores an AND query as the product of (1 + bm25) over its branches, but
  FTS5's bm25() is negative and already scores the whole MATCH expression, so that product puts
  the best results last for some queries. Here every query is ranked by bm25() alone.
- Speed: modelsearch attaches the score through a correlated subquery that runs the MATCH again
  for every matching row, so a common word took a minute at 10,000 documents. Here one FTS query
  returns the best RANKED_CANDIDATES matches with their scores (already limited to the searched
  queryset), and the objects are fetched by id. Relevance-ordered results stop at that many.
- Speed on PostgreSQL: modelsearch matches the query against `title || body`, an expression no
  index covers, so every search read every index entry. Here it matches title and body
  separately, so PostgreSQL uses their GIN indexes; the ranking is unchanged.
"""

import functools

from django.db.models import Case, FloatField, Q, TextField, Value, When
from django.db.models.functions import Cast

from modelsearch.backends.database import SearchBackend as database_search_backend

RANKED_CANDIDATES = 500


@functools.cache
def bm25_compiler_class():
    # Imported here: the SQLite modules need SQLite-only models, absent on PostgreSQL.
    from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry, SQLiteSearchQueryCompiler
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    class BM25SQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            rank = BM25()
            return rank * boost if boost != 1.0 else rank

        def search(self, config, start, stop, score_field=None):
            normalized_query = normalize(self.query)
            if not self.order_by_relevance or isinstance(normalized_query, (MatchAll, Not)):
                return super().search(config, start, stop, score_field=score_field)
            match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalized_query))
            searched_ids = self.queryset.order_by().annotate(object_id=Cast("pk", TextField())).values("object_id")
            ranked = (
                SQLiteFTSIndexEntry.objects.filter(match)
                .filter(
                    index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model),
                    index_entry__object_id__in=searched_ids,
                )
                .annotate(score=BM25())
                .order_by("score")
                .values_list("index_entry__object_id", "score")[:RANKED_CANDIDATES]
            )
            to_pk = self.queryset.model._meta.pk.to_python
            scores = {}
            for object_id, score in ranked:
                scores.setdefault(to_pk(object_id), score)
            if not scores:
                return self.queryset.none()
            score_field = score_field or "_score"
            rank = Case(*(When(pk=pk, then=Value(score)) for pk, score in scores.items()), output_field=FloatField())
            queryset = self.queryset.filter(pk__in=list(scores)).annotate(**{score_field: rank})
            return queryset.order_by(score_field, "-pk")[start:stop]

    return BM25SQLiteQueryCompiler


@functools.cache
def indexed_postgres_compiler_class():
    from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
    from modelsearch.query import Fuzzy, MatchAll, Not

    class IndexedPostgresQueryCompiler(PostgresSearchQueryCompiler):
        def search(self, config, start, stop, score_field=None, backend=None):
            if self.fields is not None or isinstance(self.query, (MatchAll, Not, Fuzzy)):
                return super().search(config, start, stop, score_field=score_field, backend=backend)
            search_query = self.build_tsquery(self.query, config=config)
            rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
            queryset = self.queryset.filter(Q(index_entries__title=search_query) | Q(index_entries__body=search_query))
            return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    return IndexedPostgresQueryCompiler


def SearchBackend(params):  # modelsearch looks the backend up by this name
    backend = database_search_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = bm25_compiler_class()
        backend.lower_score_is_better = True
    elif type(backend).__name__ == "PostgresSearchBackend":
        backend.query_compiler_class = indexed_postgres_compiler_class()
    return backend


def relevance(backend, score):
    """A score where higher is better on every backend (FTS5's bm25 is lower-is-better)."""
    if score is None:
        return 0.0
    return -score if getattr(backend, "lower_score_is_better", False) else score
