"""SQLite FTS5 ranking for the database search backend (search.backend picks it on SQLite).

- Ranking: modelsearch scores an AND query as the product of (1 + bm25) over its branches, but
  FTS5's bm25() is negative and already scores the whole MATCH expression, so that product puts
  the best results last for some queries. Here every query is ranked by bm25() alone.
- Speed on SQLite: modelsearch attaches the score through a correlated subquery that runs the
  MATCH again for every matching row, so a common word took a minute at 10,000 documents. Here
  two FTS statements: the matches counted per content type (no scoring), and the best `limit`
  by bm25 picked inside SQLite (ORDER BY … LIMIT keeps only those while scoring), limited to
  the searched querysets; only the objects of the requested slice are fetched. There is no
  cap: page 80 of a common word is as correct as page 1.

Owns the query compiler (bm25_compiler_class: ranked, ranked_together), the results class that
pages through it (ranked_sqlite_results_class), and the lookup index hint (ENTRY_LOOKUP_INDEX,
search/migrations/0001).
"""

import functools

from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connections
from django.db.models import Case, Count, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Cast


class Unindexed(Func):
    """SQLite: `+column`, the same value, but the query planner will not use an index for it."""

    template = "+%(expressions)s"


# search/migrations/0001: (id, content type, object id) of every index entry, on SQLite.
ENTRY_LOOKUP_INDEX = "search_indexentry_id_type_object"
# From this many searched matches on, the best are picked in the full-text index alone, when
# that is exact (best_by_match_alone); below it, ranking them joined costs next to nothing.
MATCH_ALONE_MIN_MATCHES = 500
# ... and at most this many of the best of all matches are looked up for it (a deep results
# page, or a filter that leaves out most matches, is ranked the joined way).
MATCH_ALONE_MAX_LOOKED_UP = 2_000


def _fetch(queryset, lookup_index=None):
    """A queryset's rows as plain tuples, read with the cursor (no per-row ORM work); none
    when the condition can match nothing (e.g. a status filter that no consultation has).

    `lookup_index`: (table, index) to name in the query's join to that table (SQLite's
    INDEXED BY), if the index exists; a database not migrated yet is queried without it."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        if lookup_index:
            table, index = lookup_index
            join = f'INNER JOIN "{table}" ON'
            hinted = sql.replace(join, f'INNER JOIN "{table}" INDEXED BY "{index}" ON', 1)
            if hinted != sql:
                try:
                    cursor.execute(hinted, params)
                    return cursor.fetchall()
                except OperationalError as error:
                    if "no such index" not in str(error):
                        raise
        cursor.execute(sql, params)
        return cursor.fetchall()


@functools.cache
def bm25_compiler_class():
    # Imported here: the SQLite modules need SQLite-only models, absent on PostgreSQL.
    from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        SQLiteFTSIndexEntry,
        SQLiteSearchQueryCompiler,
    )
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    # search.backend imports this module: imported here, once the backend module is loaded.
    from .backend import _pk_converter

    class BM25SQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            rank = BM25()
            return rank * boost if boost != 1.0 else rank

        def can_rank(self):
            return not isinstance(normalize(self.query), (MatchAll, Not))

        def _match(self, joined=True):
            """The FTS rows matching the query; `joined`: with their index entries' content type
            at hand for a condition (see _condition)."""
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalize(self.query))
            )
            if not joined:
                return SQLiteFTSIndexEntry.objects.filter(match)
            # "+column" keeps SQLite from driving the join by the content type index and then
            # running MATCH once per row (25 s instead of 50 ms for a word in most documents).
            return SQLiteFTSIndexEntry.objects.filter(match).alias(
                _content_type=Unindexed(F("index_entry__content_type_id"), output_field=IntegerField())
            )

        def _content_types(self):
            return set(get_descendants_content_types_pks(self.queryset.model))

        def _condition(self, content_type="_content_type", object_id="index_entry__object_id"):
            """Index entries of this queryset's objects (only a filtered queryset lists its ids),
            as a condition on FTS rows (by default) or on the fields named."""
            condition = Q(**{f"{content_type}__in": self._content_types()})
            if self.queryset.query.where:
                searched_ids = self.queryset.order_by().annotate(object_id=Cast("pk", TextField())).values("object_id")
                condition &= Q(**{f"{object_id}__in": searched_ids})
            return condition

        def ranked(self, config, limit):
            """(number of matches, [(pk, bm25)] of the best `limit`, best first)."""
            return self.ranked_together([self], limit)[0]

        @staticmethod
        def ranked_together(compilers, limit, config=None):
            """ranked() for several querysets of different models searched for the same query,
            in one FTS statement for the order and one for the counts.

            The order is the merged one, (bm25, source, newest first), so each source's list
            holds its share of the best `limit` of all sources together: all a merged result
            page needs. SQLite keeps only the best `limit` rows while it scores the matches
            (no sort of thousands of rows, none of them read into Python), and the counts come
            from the match alone, without scoring, about a third of the cost of the scored pass.
            Both read each match's type and object id through the small lookup index
            (search/migrations/0001), not the index entry's wide row. With many matches, the
            best are picked in the full-text index alone instead (best_by_match_alone)."""
            type_sets = [compiler._content_types() for compiler in compilers]
            by_type = {content_type: index for index, types in enumerate(type_sets) for content_type in types}
            condition = Q()
            for compiler in compilers:
                condition |= compiler._condition()
            matches = compilers[0]._match()
            counts = [0 for _compiler in compilers]
            found = [[] for _compiler in compilers]
            # An object has one index entry (modelsearch keeps (content type, id) unique, and a
            # page is indexed under its own type only), so entries count objects. All matches
            # are counted too, searched or not (what best_by_match_alone needs to know).
            per_type = matches.values("index_entry__content_type_id").annotate(
                count=Count("pk", filter=condition), everything=Count("pk")
            )
            lookup_index = (IndexEntry._meta.db_table, ENTRY_LOOKUP_INDEX)
            everything = 0
            for content_type, count, of_type in _fetch(
                per_type.values_list("index_entry__content_type_id", "count", "everything"), lookup_index
            ):
                if count:
                    counts[by_type[content_type]] += count
                everything += of_type
            searched = sum(counts)
            if limit != 0 and searched:
                converters = [_pk_converter(compiler.queryset.model) for compiler in compilers]
                integer_keys = all(converter is int for converter in converters)
                best = None
                if limit is not None and searched >= MATCH_ALONE_MIN_MATCHES:
                    entries = Q()
                    for compiler in compilers:
                        entries |= compiler._condition(content_type="content_type_id", object_id="object_id")
                    best = best_by_match_alone(
                        compilers[0]._match(joined=False),
                        entries,
                        limit,
                        (searched, everything),
                        by_type,
                        integer_keys,
                    )
                if best is None:
                    source = Case(
                        *[
                            When(index_entry__content_type_id__in=types, then=Value(index))
                            for index, types in enumerate(type_sets)
                        ],
                        output_field=IntegerField(),
                    )
                    newest = F("index_entry__object_id")
                    if integer_keys:
                        newest = Cast(newest, IntegerField())
                    best = (
                        matches.filter(condition)
                        .annotate(score=BM25(), _source=source)
                        .order_by("score", "_source", newest.desc())
                        .values_list("index_entry__content_type_id", "index_entry__object_id", "score")
                    )
                    best = _fetch(best if limit is None else best[:limit], lookup_index)
                for content_type, object_id, score in best:
                    index = by_type[content_type]
                    found[index].append((converters[index](object_id), score))
            return list(zip(counts, found, strict=True))

    def best_by_match_alone(match, entries, limit, matched, by_type, integer_keys):
        """The best `limit` searched matches as (content type, object id, bm25), in the merged
        order (bm25, source, newest first), ranked in the full-text index alone; or None when
        that cannot be shown to give exactly that. `matched`: (searched matches, all matches).

        Ranking thousands of matches joined to their index entries (for their type and object,
        to keep only the searched ones) cost a third more than ranking them in the full-text
        index alone. So the best few more than `limit` of all matches are taken there (as many
        as the share of searched matches suggests, with a margin), and only those are looked
        up (at most MATCH_ALONE_MAX_LOOKED_UP). If the worst of them still scores worse than
        the `limit`-th searched one, no match left out can reach the first `limit`: the result
        is exact. Otherwise (most matches are of objects not searched, e.g. behind a type
        filter) the caller ranks the joined way."""
        searched, everything = matched
        wanted = limit * everything // searched + limit + 10
        if wanted > min(4 * limit + 100, MATCH_ALONE_MAX_LOOKED_UP):
            return None
        top = _fetch(match.annotate(score=BM25()).order_by("score").values_list("pk", "score")[:wanted])
        scores = dict(top)
        kept = _fetch(
            IndexEntry.objects.filter(entries, pk__in=list(scores)).values_list("pk", "content_type_id", "object_id")
        )
        if integer_keys:
            kept.sort(key=lambda row: (scores[row[0]], by_type[row[1]], -int(row[2])))
        else:
            kept.sort(key=lambda row: row[2], reverse=True)
            kept.sort(key=lambda row: (scores[row[0]], by_type[row[1]]))
        if len(top) == wanted and (len(kept) < limit or not top[-1][1] > scores[kept[limit - 1][0]]):
            return None
        return [(content_type, object_id, scores[pk]) for pk, content_type, object_id in kept[:limit]]

    return BM25SQLiteQueryCompiler


@functools.cache
def ranked_sqlite_results_class():
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchResults

    class RankedSQLiteSearchResults(SQLiteSearchResults):
        def _is_ranked(self):
            compiler = self.query_compiler
            # Autocomplete (the admin's searches) has its own compiler, without BM25 ranking.
            return compiler.order_by_relevance and hasattr(compiler, "can_rank") and compiler.can_rank()

        def _do_search(self):
            if not self._is_ranked():
                return super()._do_search()
            compiler = self.query_compiler
            _count, best = compiler.ranked(compiler.get_config(self.backend), self.stop)
            best = best[self.start :]
            objects = compiler.queryset.filter(pk__in=[pk for pk, _score in best]).in_bulk()
            results = []
            for pk, score in best:
                if pk in objects:
                    if self._score_field:
                        setattr(objects[pk], self._score_field, score)
                    results.append(objects[pk])
            return results

        def _do_count(self):
            if not self._is_ranked():
                return super()._do_count()
            compiler = self.query_compiler
            count, _best = compiler.ranked(compiler.get_config(self.backend), 0)
            return max(0, (count if self.stop is None else min(count, self.stop)) - self.start)

    return RankedSQLiteSearchResults
