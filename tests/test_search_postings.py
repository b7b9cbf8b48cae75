"""PostgreSQL: searches answered from search_posting (search/migrations/0004) match exactly what
`title @@ q OR body @@ q` matches, and the postings follow their index entries."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Fuzzy, Not, Or, Phrase, PlainText

import pytest

from documents.models import PortalDocument
from search import postgres_ranking
from search.backend import ranked, ranked_together
from search.polish import query_variants
from search.postgres_ranking import posting_groups
from search.views import build_query
from tests.factories import StandardPageFactory
from tests.search_helpers import indexed_document, result_titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="search_posting exists on PostgreSQL only"),
]

FILLER = " ".join(f"zdanie{number}" for number in range(200))

# What each entry's postings should be, recomputed from the entries themselves.
EXPECTED_POSTINGS = """
    SELECT p.lexeme, e.content_type_id, e.object_id::bigint, p.flags, p.title_rank, p.body_rank
    FROM wagtailsearch_indexentry e
    CROSS JOIN LATERAL search_posting_rows(
        e.title, e.body, to_tsvector(split_part(search_posting_settings(), '|', 1)::regconfig, left(e.body_text, 700))
    ) p
"""
STORED_POSTINGS = "SELECT lexeme, content_type_id, object_id, flags, title_rank, body_rank FROM search_posting"


def postings_out_of_step():
    """Rows the table has that the entries do not call for, and the other way round."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM ({EXPECTED_POSTINGS} EXCEPT {STORED_POSTINGS}) missing),"  # noqa: S608
            f" (SELECT count(*) FROM ({STORED_POSTINGS} EXCEPT {EXPECTED_POSTINGS}) stale),"
            f" (SELECT count(*) FROM search_posting)"
        )
        return cursor.fetchone()


@pytest.fixture
def corpus(home_page):
    # Words split between title and body, inflected forms, a word deep in a long text, a page.
    indexed_document("Park miejski", "budżet zieleni na przyszły rok")
    indexed_document("Budżet obywatelski", "projekty mieszkańców, w tym park linowy")
    indexed_document("Parki i skwery", "utrzymanie zieleni miejskiej")
    indexed_document("Sprawozdanie", FILLER + " budżetu parku " + FILLER)
    indexed_document("Uchwała budżetowa", "budżetu miasta na 2027", description="park")
    indexed_document("Konsultacje", "konsultacji społecznych w sprawie parku", description="budżet")
    indexed_document("Москва", "город парк")
    StandardPageFactory(parent=home_page, title="Park Grodziec", slug="park-grodziec", intro="Budżet parku w Grodźcu.")
    StandardPageFactory(parent=home_page, title="Zieleń", slug="zielen", intro="Parki kieszonkowe.")


QUERIES = ["park", "budżetu", "park budżetu", "parku zieleni", "budżet park zieleń", "konsultacja", "xyzzy", "2027"]


def querysets():
    from search import sources

    return [sources.pages("", ""), sources.documents()]


def both_ways(query, queryset, limit, monkeypatch):
    backend = get_search_backend()
    with CaptureQueriesContext(connection) as queries:
        by_postings = ranked(backend, query, queryset, limit)
    assert any("search_posting p" in entry["sql"] for entry in queries)
    with monkeypatch.context() as patched:
        patched.setattr(postgres_ranking, "posting_settings", lambda alias: None)
        with CaptureQueriesContext(connection) as queries:
            by_vectors = ranked(backend, query, queryset, limit)
        assert not any("search_posting" in entry["sql"] for entry in queries)
    return by_postings, by_vectors


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("operator", ["and", "or"])
def test_postings_match_what_the_vectors_match(corpus, monkeypatch, text, operator):
    query = build_query(query_variants(text), operator)
    for queryset in querysets():
        (count, best), (vector_count, vector_best) = both_ways(query, queryset, None, monkeypatch)
        assert count == vector_count == len(best)
        assert {pk for pk, _score in best} == {pk for pk, _score in vector_best}
        assert ranked(get_search_backend(), query, queryset, 0)[0] == count
        if len(query_variants(text)) == 1 or operator == "or":
            # OR queries (one word and its variants included): ts_rank's own scores and order.
            assert [pk for pk, _score in best] == [pk for pk, _score in vector_best]
            for (_pk, score), (_vector_pk, vector_score) in zip(best, vector_best, strict=True):
                assert score == pytest.approx(vector_score, rel=1e-5)


def test_the_corpus_finds_what_it_should(corpus, client):
    # "Parki i skwery" and "Zieleń" have a park but no budget; "Москва" has only "парк".
    titles = result_titles(client.get("/szukaj/", {"q": "park budżetu"}))
    assert set(titles) == {
        "Budżet obywatelski",
        "Park miejski",
        "Sprawozdanie",
        "Uchwała budżetowa",
        "Konsultacje",
        "Park Grodziec",
    }


def test_a_top_n_is_the_start_of_the_full_order(corpus, monkeypatch):
    query = build_query(query_variants("park"))
    backend = get_search_backend()
    queryset = querysets()[1]
    count, everything = ranked(backend, query, queryset, None)
    assert ranked(backend, query, queryset, 2) == (count, everything[:2])


@pytest.mark.parametrize(
    "query",
    [
        Phrase("park miejski"),
        Not(PlainText("park")),
        And([PlainText("park"), Not(PlainText("budzet"))]),
        Fuzzy("park"),
        PlainText("москва"),
        PlainText("park:*"),
        PlainText("o'park"),
        And([PlainText("park"), Phrase("park miejski")]),
        Or([PlainText("park"), And([PlainText("budzet"), PlainText("miasta")])]),
    ],
)
def test_other_query_shapes_go_the_vectors_way(query):
    assert posting_groups(query) is None


def test_query_shapes_the_postings_answer():
    assert posting_groups(PlainText("Park")) == [frozenset({"park"})]
    assert posting_groups(PlainText("park miasta")) == [frozenset({"park"}), frozenset({"miasta"})]
    assert posting_groups(PlainText("park miasta", operator="or")) == [frozenset({"park", "miasta"})]
    assert posting_groups(And([Or([PlainText("parku"), PlainText("park")]), PlainText("zielen")])) == [
        frozenset({"parku", "park"}),
        frozenset({"zielen"}),
    ]
    assert posting_groups(Or([Or([PlainText("a1")]), PlainText("b")])) == [frozenset({"a1", "b"})]


def test_a_non_ascii_word_is_still_found_the_vectors_way(corpus, client):
    with CaptureQueriesContext(connection) as queries:
        titles = result_titles(client.get("/szukaj/", {"q": "город"}))
    assert titles == ["Москва"]
    assert not any("search_posting" in entry["sql"] for entry in queries)


@pytest.mark.parametrize("term", ["park", "2027", "007", "1e5", "0x1f", "abc123", "x99y", "12345678901234567890"])
def test_a_plain_term_is_its_own_lexeme(term):
    # posting_groups passes such terms as lexemes; modelsearch passes them through to_tsquery.
    assert posting_groups(PlainText(term)) == [frozenset({term})]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsquery('simple', %s) = search_lexeme_query(%s)", ["'" + term + "'", term])
        assert cursor.fetchone()[0]


def test_postings_of_other_weights_are_not_used(corpus, monkeypatch, client):
    monkeypatch.setattr(postgres_ranking, "_POSTING_SETTINGS", {connection.alias: "simple|{1,1,1,1}"})
    with CaptureQueriesContext(connection) as queries:
        titles = result_titles(client.get("/szukaj/", {"q": "park"}))
    assert "Park miejski" in titles
    assert not any("search_posting" in entry["sql"] for entry in queries)


def test_postings_follow_inserts_updates_and_deletes(corpus):
    assert postings_out_of_step()[:2] == (0, 0)
    document = PortalDocument.objects.get(title="Park miejski")
    PortalDocument.objects.filter(pk=document.pk).update(title="Skwer", extracted_text="retencja wody")
    document.refresh_from_db()
    get_search_backend().add(document)
    missing, stale, total = postings_out_of_step()
    assert (missing, stale) == (0, 0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.lexeme, p.flags FROM search_posting p"
            " WHERE p.object_id = %s AND p.lexeme IN ('retencja', 'skwer', 'park') AND p.content_type_id ="
            " (SELECT id FROM django_content_type WHERE app_label = 'documents' AND model = 'portaldocument')",
            [document.pk],
        )
        assert sorted(cursor.fetchall()) == [("retencja", 2), ("skwer", 3)]  # the title is in the body too
    get_search_backend().delete(document)
    assert postings_out_of_step()[:2] == (0, 0)
    assert postings_out_of_step()[2] < total
    document.delete()


def test_a_full_rebuild_keeps_the_postings(corpus, client):
    call_command("update_index", verbosity=0)
    missing, stale, total = postings_out_of_step()
    assert (missing, stale) == (0, 0) and total > 0
    assert "Park miejski" in result_titles(client.get("/szukaj/", {"q": "parku"}))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_emptying_the_index_empties_the_postings():
    indexed_document("Retencja", "retencja wody")
    assert postings_out_of_step()[2] > 0
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE wagtailsearch_indexentry")
    assert postings_out_of_step() == (0, 0, 0)


@pytest.mark.parametrize("text", ["park", "park budżetu", "xyzzy"])
@pytest.mark.parametrize("limit", [0, 1, 3, 10, None])
def test_sources_ranked_together_hold_their_share_of_the_best(corpus, text, limit):
    backend = get_search_backend()
    query = build_query(query_variants(text))
    with CaptureQueriesContext(connection) as queries:
        together = ranked_together(backend, query, querysets(), limit)
    assert len([entry for entry in queries if "search_posting p" in entry["sql"]]) == 1
    alone = [ranked(backend, query, queryset, None) for queryset in querysets()]
    assert [count for count, _best in together] == [count for count, _best in alone]
    merged = sorted((-score, source, -pk) for source, (_count, best) in enumerate(alone) for pk, score in best)[
        : 0 if limit == 0 else limit
    ]
    for source, (_count, best) in enumerate(together):
        assert best == [
            (-negative_pk, -negative_score) for negative_score, index, negative_pk in merged if index == source
        ]


def test_matches_are_only_the_searched_objects(corpus, monkeypatch, client):
    # The postings follow the index entries; what is searched is the querysets' objects. A
    # filtered queryset (live pages) is tested by its keys: a page taken offline is no result.
    # An unfiltered one (every document) by its content type alone, as on SQLite: a document
    # whose row went without its index entry (raw SQL) counts until update_index removes the
    # entry, but is never shown.
    from wagtail.models import Page

    Page.objects.filter(title="Park Grodziec").update(live=False)
    gone = PortalDocument.objects.get(title="Park miejski")
    PortalDocument.objects.filter(pk=gone.pk)._raw_delete(connection.alias)
    backend = get_search_backend()
    pages, documents = querysets()
    assert pages.query.where and not documents.query.where
    for text in ["park", "park budżetu"]:
        query = build_query(query_variants(text))
        (count, best), (vector_count, vector_best) = both_ways(query, pages, None, monkeypatch)
        assert count == vector_count
        assert {pk for pk, _score in best} == {pk for pk, _score in vector_best}
        assert gone.pk in {pk for pk, _score in ranked(backend, query, documents, None)[1]}
        assert "Park miejski" not in result_titles(client.get("/szukaj/", {"q": text}))
    call_command("update_index", verbosity=0)
    for text in ["park", "park budżetu"]:
        query = build_query(query_variants(text))
        for queryset in querysets():
            (count, best), (vector_count, vector_best) = both_ways(query, queryset, None, monkeypatch)
            assert count == vector_count
            assert {pk for pk, _score in best} == {pk for pk, _score in vector_best}
            assert gone.pk not in {pk for pk, _score in best}
        together = ranked_together(backend, query, querysets(), None)
        assert [count for count, _best in together] == [ranked(backend, query, qs, 0)[0] for qs in querysets()]
    assert ranked(backend, build_query(query_variants("grodziec")), querysets()[0], None) == (0, [])


def test_a_filtered_sources_keys_are_read_once_per_search(corpus):
    """The live pages' keys are one hashed subplan of the statement, not one per use of the
    source's CASE (a third of a search's time with 10,000 pages)."""
    pages, documents = querysets()
    assert pages.query.where
    query = build_query(query_variants("park budżetu"))
    with CaptureQueriesContext(connection) as queries:
        ranked_together(get_search_backend(), query, [pages, documents], 10)
    (statement,) = [entry["sql"] for entry in queries if "search_posting p" in entry["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + statement)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("on wagtailcore_page") == 1, plan
