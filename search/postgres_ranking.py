"""PostgreSQL ranking for the database search backend (search.backend picks it on PostgreSQL).

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

Owns the query compiler (indexed_postgres_compiler_class: ranked, ranked_together, over the
vectors or the postings), the look-ups of what the database has (has_rank_vectors,
posting_settings, with their per-process memos) and the query's lexeme groups (posting_groups).
"""

import functools
import re
import time

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q
from django.db.models.functions import Coalesce

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

    # search.backend imports this module: imported here, once the backend module is loaded.
    from .backend import _pk_converter

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
            # Each source: its content types, and for a filtered queryset (live pages, public
            # documents when some are not) its objects, the queryset's integer keys, tested once
            # per match (a few matches: one index probe each; thousands: one hash of the keys).
            # An unfiltered queryset's objects are all its type's entries, as on SQLite
            # (search.sqlite_ranking): hashing every key of a 10,000-row table cost a quarter of
            # a common word's search. An entry left behind by an object deleted without it
            # (raw SQL; update_index removes such entries) then counts, but is never shown.
            # A title share (rare: a title holds a few words) is weighed by the entry's
            # title_norm, read for those matches only; without one the score is the body's.
            whens, when_params, types = [], [], set()
            for index, compiler in enumerate(compilers):
                content_types = sorted(compiler._content_types())
                if compiler.queryset.query.where:
                    keys = compiler.queryset.order_by().values_list("pk")
                    try:
                        sql, params = keys.query.sql_with_params()
                    except EmptyResultSet:
                        continue
                    whens.append(f"WHEN p.content_type_id = ANY(%s) AND p.object_id IN ({sql}) THEN {index}")
                    when_params += [content_types, *params]
                else:
                    whens.append(f"WHEN p.content_type_id = ANY(%s) THEN {index}")
                    when_params.append(content_types)
                types.update(content_types)
            results = [(0, []) for _compiler in compilers]
            if not whens:
                return results
            entries = IndexEntry._meta.db_table
            # Summed, tested and scored in one pass over the postings (no separate step between).
            # OFFSET 0 keeps the source's CASE in that pass: merged into the HAVING by the outer
            # filter, it was computed twice, and a filtered source's keys (10,000 live pages)
            # were read and hashed twice, a third of a search on the load benchmark's data.
            statement = (
                "WITH j (source, pk, score) AS (SELECT * FROM ("  # noqa: S608
                f"SELECT CASE {' '.join(whens)} END, p.object_id,"
                " (sum(p.title_rank) / %s::real) * coalesce(CASE WHEN sum(p.title_rank) <> 0 THEN"
                f' (SELECT e.title_norm FROM "{entries}" e WHERE e.content_type_id = p.content_type_id'
                " AND e.object_id = p.object_id::text) END, 0) + (sum(p.body_rank) / %s::real)"
                " FROM search_posting p WHERE p.lexeme = ANY(%s::text[]) AND p.content_type_id = ANY(%s)"
                f" GROUP BY p.content_type_id, p.object_id HAVING {condition}"
                " OFFSET 0) AS s (source, pk, score) WHERE source IS NOT NULL)"
                " SELECT source, NULL, NULL, count(*) FROM j GROUP BY source"
            )
            if limit != 0:
                limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
                statement += (
                    " UNION ALL (SELECT source, pk, score, NULL FROM j"  # noqa: S608
                    f" ORDER BY score DESC, source, pk DESC{limit_sql})"
                )
            with connections[first.queryset.db].cursor() as cursor:
                cursor.execute(
                    statement, [*when_params, len(lexemes), len(lexemes), lexemes, sorted(types), *match_params]
                )
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
