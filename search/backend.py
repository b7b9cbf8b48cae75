"""The database search backend (SQLite FTS5 or PostgreSQL, chosen by the database in use).

Changes on SQLite and PostgreSQL; any other backend (Elasticsearch, OpenSearch) is used as
modelsearch ships it:

- Ranking: modelsearch scores an AND query as the product of (1 + bm25) over its branches, but
  FTS5's bm25() is negative and already scores the whole MATCH expression, so that product puts
  the best results last for some queries. Here every query is ranked by bm25() alone.
- Speed on SQLite: modelsearch attaches the score through a correlated subquery that runs the
  MATCH again for every matching row, so a common word took a minute at 10,000 documents. Here
  two FTS statements: the matches counted per content type (no scoring), and the best `limit`
  by bm25 picked inside SQLite (ORDER BY … LIMIT keeps only those while scoring), limited to
  the searched querysets; only the objects of the requested slice are fetched. There is no
  cap: page 80 of a common word is as correct as page 1.
- Speed on PostgreSQL: modelsearch matches the query against `title || body`, an expression no
  index covers, so every search read every index entry. Here it matches title and body
  separately, so PostgreSQL uses their GIN indexes. And it ranks each column once for the whole
  query, instead of once per word and Polish variant.
- Ranking on PostgreSQL: the body is ranked over a small vector of the start of the entry's
  text (search.models.RankVector: tags, description, the normalised title and the first
  ~700 characters of the rest), not over the entry's whole body vector, which for a long PDF
  is stored out of line and had to be read and decompressed for every match. Matching still
  uses the whole vectors, so a word deep in a PDF finds the document as before; only the order
  weighs the beginning of a long text more than its end. An entry without a small vector (a
  database not migrated yet, or a row the trigger has not seen) is ranked on its whole body.
- Postings on PostgreSQL (search/migrations/0004): even through the GIN indexes, a word in most
  entries made PostgreSQL read and decompress every entry's whole body vector to test `@@`.
  search_posting holds one row per (lexeme, entry) with the lexeme's share of ts_rank over the
  title and over the small vector, kept by the entries' triggers. The site search's queries
  (every word by any of its Polish variants, or any word: AND of ORs of plain lexemes) are
  counted and ranked from it alone (`ranked_by_postings`): the same matches as the vectors',
  the same scores for one word or an OR, and for an AND of words ts_rank's sum without its
  bonus for the words standing close. Any other shape (phrase, negation, a term PostgreSQL
  might parse differently), a database without the table, or postings ranked with other
  weights than the backend's, go the vectors' way above. Since search/migrations/0005 a
  posting names the entry's object (content type, integer id), so the matches are tested
  against the searched querysets by their integer keys, without joining the index entries
  (models with other keys go the vectors' way); only matches with a title share read their
  entry's title_norm. The price: about as many rows as the entries have distinct words (~230
  for a 120-word document, several kB of index each), and indexing about half as fast.

`ranked(backend, query, queryset, limit)` is what the site search uses: the number of matches
and the ids and scores of the best `limit`, without loading a single object, so the view can
merge several sources and load only the page it shows. It works with any backend; on the
database backends it costs one query (two on SQLite).
"""

import functools
import re
import time

from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connections
from django.db.models import (
    AutoField,
    BigAutoField,
    BigIntegerField,
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from modelsearch.backends.database import SearchBackend as database_search_backend


class Unindexed(Func):
    """SQLite: `+column`, the same value, but the query planner will not use an index for it."""

    template = "+%(expressions)s"


# search/migrations/0001: (id, content type, object id) of every index entry, on SQLite.
ENTRY_LOOKUP_INDEX = "search_indexentry_id_type_object"


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


def _pk_converter(model):
    """Index entries store ids as text; int() is all an integer key needs."""
    field = model._meta.pk
    if isinstance(field, (AutoField, BigAutoField, BigIntegerField, IntegerField)):
        return int
    return field.to_python


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

    class BM25SQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            rank = BM25()
            return rank * boost if boost != 1.0 else rank

        def can_rank(self):
            return not isinstance(normalize(self.query), (MatchAll, Not))

        def _match(self):
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalize(self.query))
            )
            # "+column" keeps SQLite from driving the join by the content type index and then
            # running MATCH once per row (25 s instead of 50 ms for a word in most documents).
            return SQLiteFTSIndexEntry.objects.filter(match).alias(
                _content_type=Unindexed(F("index_entry__content_type_id"), output_field=IntegerField())
            )

        def _content_types(self):
            return set(get_descendants_content_types_pks(self.queryset.model))

        def _condition(self):
            """Index entries of this queryset's objects (only a filtered queryset lists its ids)."""
            condition = Q(_content_type__in=self._content_types())
            if self.queryset.query.where:
                searched_ids = self.queryset.order_by().annotate(object_id=Cast("pk", TextField())).values("object_id")
                condition &= Q(index_entry__object_id__in=searched_ids)
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
            (search/migrations/0001), not the index entry's wide row."""
            type_sets = [compiler._content_types() for compiler in compilers]
            by_type = {content_type: index for index, types in enumerate(type_sets) for content_type in types}
            condition = Q()
            for compiler in compilers:
                condition |= compiler._condition()
            matches = compilers[0]._match().filter(condition)
            counts = [0 for _compiler in compilers]
            found = [[] for _compiler in compilers]
            # An object has one index entry (modelsearch keeps (content type, id) unique, and a
            # page is indexed under its own type only), so entries count objects.
            per_type = matches.values("index_entry__content_type_id").annotate(count=Count("pk"))
            lookup_index = (IndexEntry._meta.db_table, ENTRY_LOOKUP_INDEX)
            for content_type, count in _fetch(
                per_type.values_list("index_entry__content_type_id", "count"), lookup_index
            ):
                counts[by_type[content_type]] += count
            if limit != 0 and sum(counts):
                source = Case(
                    *[
                        When(index_entry__content_type_id__in=types, then=Value(index))
                        for index, types in enumerate(type_sets)
                    ],
                    output_field=IntegerField(),
                )
                converters = [_pk_converter(compiler.queryset.model) for compiler in compilers]
                newest = F("index_entry__object_id")
                if all(converter is int for converter in converters):
                    newest = Cast(newest, IntegerField())
                best = (
                    matches.annotate(score=BM25(), _source=source)
                    .order_by("score", "_source", newest.desc())
                    .values_list("index_entry__content_type_id", "index_entry__object_id", "score")
                )
                for content_type, object_id, score in _fetch(best if limit is None else best[:limit], lookup_index):
                    index = by_type[content_type]
                    found[index].append((converters[index](object_id), score))
            return list(zip(counts, found, strict=True))

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


# Databases known to have search_rankvector (search/migrations/0002): a positive answer is
# kept for good, a negative one for a minute, so a database not migrated yet costs one
# look-up a minute, and its migration is noticed while the site runs.
_RANK_VECTOR_DATABASES = set()
_RANK_VECTOR_MISSING = {}  # alias -> time.monotonic() of the last look-up that found no table
RANK_VECTOR_RECHECK_SECONDS = 60


def has_rank_vectors(alias):
    if alias in _RANK_VECTOR_DATABASES:
        return True
    checked = _RANK_VECTOR_MISSING.get(alias)
    if checked is not None and time.monotonic() - checked < RANK_VECTOR_RECHECK_SECONDS:
        return False
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT to_regclass('search_rankvector') IS NOT NULL")
        found = cursor.fetchone()[0]
    if found:
        _RANK_VECTOR_DATABASES.add(alias)
        _RANK_VECTOR_MISSING.pop(alias, None)
    else:
        _RANK_VECTOR_MISSING[alias] = time.monotonic()
    return found


# search/migrations/0004 and 0005: the postings, and the configuration and weights they were ranked with
# ("config|{weights}"). Looked up like the rank vectors: kept for good once found, looked up
# again after a minute when missing.
_POSTING_SETTINGS = {}
_POSTINGS_MISSING = {}  # alias -> time.monotonic() of the last look-up that found none


def posting_settings(alias):
    """What search_posting was built with on this database, or None without postings."""
    if alias in _POSTING_SETTINGS:
        return _POSTING_SETTINGS[alias]
    checked = _POSTINGS_MISSING.get(alias)
    if checked is not None and time.monotonic() - checked < RANK_VECTOR_RECHECK_SECONDS:
        return None
    with connections[alias].cursor() as cursor:
        cursor.execute(
            # search_posting_lexemes() comes with the postings by object (search/migrations/0005);
            # a database with 0004's postings by entry id only goes the vectors' way.
            "SELECT CASE WHEN to_regprocedure('search_posting_settings()') IS NOT NULL"
            " AND to_regprocedure('search_posting_lexemes(tsvector, tsvector, tsvector)') IS NOT NULL"
            " AND to_regclass('search_posting') IS NOT NULL THEN search_posting_settings() END"
        )
        found = cursor.fetchone()[0]
    if found:
        _POSTING_SETTINGS[alias] = found
        _POSTINGS_MISSING.pop(alias, None)
    else:
        _POSTINGS_MISSING[alias] = time.monotonic()
    return found


# A query term the 'simple' configuration turns into exactly itself: one token, kept as it is.
PLAIN_LEXEME = re.compile(r"[0-9a-z]+")


def posting_groups(query):
    """The query as lexeme groups, every group to match (AND) by any of its lexemes (OR), or
    None when it is not of that shape (phrases, negation, boosts, fuzzy, prefixes) or has a
    term that PostgreSQL's parser might split or change (anything but ASCII letters and digits).
    Mirrors modelsearch's build_tsquery_content for PlainText, And and Or."""
    from modelsearch.query import And, Or, PlainText

    if isinstance(query, PlainText):
        terms = [term.lower() for term in re.split(r"[\s\-]+", query.query_string) if term]
        if not terms or not all(term.isascii() and PLAIN_LEXEME.fullmatch(term) for term in terms):
            return None
        if query.operator == "or":
            return [frozenset(terms)]
        return [frozenset([term]) for term in terms]
    if isinstance(query, Or) and query.subqueries:
        lexemes = set()
        for subquery in query.subqueries:
            groups = posting_groups(subquery)
            if groups is None or len(groups) != 1:
                return None
            lexemes |= groups[0]
        return [frozenset(lexemes)]
    if isinstance(query, And) and query.subqueries:
        found = []
        for subquery in query.subqueries:
            groups = posting_groups(subquery)
            if groups is None:
                return None
            found.extend(groups)
        return list(dict.fromkeys(found))
    return None


@functools.cache
def indexed_postgres_compiler_class():
    from django.contrib.postgres.search import SearchRank, SearchVectorField

    from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresSearchQueryCompiler
    from modelsearch.query import Fuzzy, MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    class IndexedPostgresQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            # One ts_rank of the whole query per column. modelsearch ranks every word (and
            # every Polish variant of it) separately, reading each matching row's vectors
            # up to six times; on a word in most documents that was 60% of the search.
            rank = SearchRank(vector, self.build_tsquery(query, config=config), weights=self.sql_weights)
            return rank * boost if boost != 1.0 else rank

        def get_index_vectors(self, search_query):
            title, body = super().get_index_vectors(search_query)
            if not has_rank_vectors(self.queryset.db):
                return [title, body]
            small = Coalesce(F("index_entries__rank_vector__body"), body[0], output_field=SearchVectorField())
            return [title, (small, body[1])]

        def can_rank(self):
            return self.fields is None and not isinstance(self.query, (MatchAll, Not, Fuzzy))

        def _matching(self, config):
            search_query = self.build_tsquery(self.query, config=config)
            rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
            queryset = self.queryset.filter(Q(index_entries__title=search_query) | Q(index_entries__body=search_query))
            return queryset, rank_expression

        def ranked(self, config, limit):
            """(number of matches, [(pk, rank)] of the best `limit`, best first) in one query."""
            groups = self._uses_postings(config)
            if groups is not None:
                return self.ranked_by_postings(groups, limit)
            queryset, rank_expression = self._matching(config)
            if limit == 0:
                return queryset.count(), []
            # Each match's score is computed in a subquery (OFFSET 0 keeps PostgreSQL from
            # merging it), so the count's window holds (id, score) pairs. In one flat query the
            # window held every match's vectors and the scores were computed above it; with
            # thousands of matches that spilled to disk.
            scored = queryset.annotate(_score=rank_expression).order_by().values_list("pk", "_score")
            try:
                sql, params = scored.query.sql_with_params()
            except EmptyResultSet:
                return 0, []
            limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(
                    f"SELECT pk, score, COUNT(*) OVER () FROM ({sql} OFFSET 0) AS scored (pk, score)"  # noqa: S608
                    f" ORDER BY score DESC, pk DESC{limit_sql}",
                    params,
                )
                rows = cursor.fetchall()
            return (rows[0][2] if rows else 0), [(pk, score) for pk, score, _total in rows]

        def _content_types(self):
            return set(get_descendants_content_types_pks(self.queryset.model))

        def _uses_postings(self, config):
            """This query's lexeme groups, when search_posting can answer it; else None."""
            groups = posting_groups(self.query)
            if groups is not None and posting_settings(self.queryset.db) == f"{config}|{self.sql_weights}":
                return groups
            return None

        def ranked_by_postings(self, groups, limit):
            """ranked() from search_posting (see ranked_together)."""
            return self.ranked_together([self], limit, groups=groups)[0]

        @staticmethod
        def ranked_together(compilers, limit, config=None, groups=None):
            """ranked() for several querysets searched for the same query, from search_posting in
            one statement: the matching postings are summed once for all, and each source gets
            its count and its share of the best `limit` of all together (the order of a merged
            page: score, then source, then newest first). Sources that cannot be answered so
            (another query shape, other weights, keys that are not integers) are ranked one by
            one the usual way.

            The same matches as `title @@ q OR body @@ q`, and for a query of one word (any of
            its variants) or an OR the same scores, without reading a vector. An entry matches
            when its title holds every group (one of the group's lexemes) or its body does: each
            posting sets its groups' bits in a title half and a body half, and the entry matches
            when either half is full. The score is ts_rank's sum of each lexeme's share
            (precomputed per posting) over the number of lexemes: ts_rank itself for OR queries;
            for an AND of words it leaves out ts_rank's bonus for the words standing close."""
            first = compilers[0]
            if groups is None:
                groups = first._uses_postings(config)
            if (
                groups is None
                or any(posting_groups(compiler.query) != groups for compiler in compilers)
                or any(compiler.sql_weights != first.sql_weights for compiler in compilers)
                or any(_pk_converter(compiler.queryset.model) is not int for compiler in compilers)
            ):
                return [compiler.ranked(config, limit) for compiler in compilers]
            lexemes = sorted(set().union(*groups))
            match_params = []
            if len(groups) == 1:
                condition = "bit_or(p.flags) <> 0"  # not only a word cut at the end of the small vector
            else:
                # Group g's bit in the title half is 1 << 2g, in the body half 2 << 2g: flags (1 title,
                # 2 body, 3 both) times the lexeme's title bits sets exactly its bits in each half.
                whens = []
                for lexeme in lexemes:
                    whens.append("WHEN %s THEN %s")
                    match_params += [
                        lexeme,
                        sum(1 << (2 * index) for index, group in enumerate(groups) if lexeme in group),
                    ]
                bits = f"bit_or(p.flags * CASE p.lexeme {' '.join(whens)} ELSE 0 END)"
                title_full = sum(1 << (2 * index) for index in range(len(groups)))
                condition = f"{bits} & {title_full} = {title_full} OR {bits} & {title_full * 2} = {title_full * 2}"
                match_params *= 2
            # Each source: its content types, and its objects (the queryset's integer keys),
            # tested once per match (a few matches: one index probe each; thousands: one hash of
            # the keys). A title share (rare: a title holds a few words) is weighed by the entry's
            # title_norm, read for those matches only; without one the score is the body's.
            whens, when_params, types = [], [], set()
            for index, compiler in enumerate(compilers):
                keys = compiler.queryset.order_by().values_list("pk")
                try:
                    sql, params = keys.query.sql_with_params()
                except EmptyResultSet:
                    continue
                content_types = sorted(compiler._content_types())
                types.update(content_types)
                whens.append(f"WHEN m.content_type_id = ANY(%s) AND m.object_id IN ({sql}) THEN {index}")
                when_params += [content_types, *params]
            results = [(0, []) for _compiler in compilers]
            if not whens:
                return results
            entries = IndexEntry._meta.db_table
            statement = (
                "WITH m AS MATERIALIZED (SELECT p.content_type_id, p.object_id, sum(p.title_rank) AS title_rank,"  # noqa: S608
                " sum(p.body_rank) AS body_rank FROM search_posting p"
                " WHERE p.lexeme = ANY(%s::text[]) AND p.content_type_id = ANY(%s)"
                f" GROUP BY p.content_type_id, p.object_id HAVING {condition}),"
                f" j (source, pk, score) AS (SELECT * FROM (SELECT CASE {' '.join(whens)} END, m.object_id,"
                " (m.title_rank / %s::real) * coalesce(CASE WHEN m.title_rank <> 0 THEN"
                f' (SELECT e.title_norm FROM "{entries}" e WHERE e.content_type_id = m.content_type_id'
                " AND e.object_id = m.object_id::text) END, 0) + (m.body_rank / %s::real)"
                " FROM m OFFSET 0) AS s (source, pk, score) WHERE source IS NOT NULL)"
                " SELECT source, NULL, NULL, count(*) FROM j GROUP BY source"
            )
            if limit != 0:
                limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
                statement += (
                    " UNION ALL (SELECT source, pk, score, NULL FROM j"  # noqa: S608
                    f" ORDER BY score DESC, source, pk DESC{limit_sql})"
                )
            source_params = [*when_params, len(lexemes), len(lexemes)]
            with connections[first.queryset.db].cursor() as cursor:
                cursor.execute(statement, [lexemes, sorted(types), *match_params, *source_params])
                rows = cursor.fetchall()
            counts = [0 for _compiler in compilers]
            found = [[] for _compiler in compilers]
            for source, pk, score, count in rows:
                if count is not None:
                    counts[source] = count
                else:
                    found[source].append((pk, score))
            return list(zip(counts, found, strict=True))

        def search(self, config, start, stop, score_field=None, backend=None):
            if not self.can_rank():
                return super().search(config, start, stop, score_field=score_field, backend=backend)
            queryset, rank_expression = self._matching(config)
            return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    return IndexedPostgresQueryCompiler


def SearchBackend(params):  # modelsearch looks the backend up by this name
    backend = database_search_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = bm25_compiler_class()
        backend.results_class = ranked_sqlite_results_class()
        backend.lower_score_is_better = True
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
