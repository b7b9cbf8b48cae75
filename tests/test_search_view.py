from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from search.query import MAX_QUERY_LENGTH
from tests.document_factories import PortalDocumentFactory
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from tests.search_helpers import consultation, register, result_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_content(home_page):
    StandardPageFactory(parent=home_page, title="Zieleń w mieście", slug="zielen", intro="Parki i skwery Będzina.")
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, title="Nowe drzewa w parku", slug="drzewa", lead="Posadziliśmy lipy w parku.")
    index = register(home_page)
    consultation(index, "Park na Syberce", "park-syberka", "ongoing", lead="Jak urządzić nowy park?")
    consultation(index, "Park nad rzeką", "park-nad-rzeka", "closed", lead="Bulwary i park nad Przemszą.")
    consultation(index, "Park kieszonkowy", "park-kieszonkowy", "planned", lead="Mały park przy szkole.")
    PortalDocumentFactory(title="Ulotka o zieleni", paragraphs=["Pielęgnacja drzew w parkach miejskich."])
    return index


def test_one_search_finds_pages_consultations_and_documents(client, site_content):
    titles = result_titles(client.get("/szukaj/", {"q": "park"}))
    assert {"Zieleń w mieście", "Nowe drzewa w parku", "Park na Syberce", "Ulotka o zieleni"} <= set(titles)


def test_words_inside_a_pdf_are_found(client, site_content):
    assert result_titles(client.get("/szukaj/", {"q": "pielęgnacja"})) == ["Ulotka o zieleni"]


def test_type_filter_shows_only_documents(client, site_content):
    assert result_titles(client.get("/szukaj/", {"q": "park", "typ": "dokumenty"})) == ["Ulotka o zieleni"]


def test_type_filter_shows_only_consultations(client, site_content):
    titles = result_titles(client.get("/szukaj/", {"q": "park", "typ": "konsultacje"}))
    assert sorted(titles) == ["Park kieszonkowy", "Park na Syberce", "Park nad rzeką"]


def test_type_filter_for_pages_leaves_out_consultations_and_documents(client, site_content):
    titles = result_titles(client.get("/szukaj/", {"q": "park", "typ": "strony"}))
    assert sorted(titles) == ["Nowe drzewa w parku", "Zieleń w mieście"]


@pytest.mark.parametrize(
    ("status", "title"),
    [("trwajace", "Park na Syberce"), ("zakonczone", "Park nad rzeką"), ("planowane", "Park kieszonkowy")],
)
def test_status_filter_shows_consultations_with_that_status(client, site_content, status, title):
    assert result_titles(client.get("/szukaj/", {"q": "park", "status": status})) == [title]


def test_consultation_result_shows_its_status(client, site_content):
    html = client.get("/szukaj/", {"q": "syberce"}).content.decode()
    assert 'class="tag tag--status">Trwa</span>' in html


def test_unknown_filters_are_ignored(client, site_content):
    response = client.get("/szukaj/", {"q": "park", "typ": "x", "status": "<b>"})
    assert response.status_code == 200
    assert "Ulotka o zieleni" in result_titles(response)


def test_promoted_page_is_shown_first(client, site_content, home_page):
    about = StandardPageFactory(parent=home_page, title="Jak działa portal", slug="jak-dziala")
    SearchPromotion.objects.create(query=Query.get("park"), page=about, description="Polecane przez redakcję.")
    html = client.get("/szukaj/", {"q": "Park"}).content.decode()
    assert "Polecamy" in html
    assert html.index("Jak działa portal") < html.index("Park na Syberce")
    assert "Polecane przez redakcję." in html


def test_search_is_counted_for_promotions_statistics(client, site_content):
    client.get("/szukaj/", {"q": "park"})
    assert Query.get("park").hits == 1


def test_every_search_is_counted_once_whatever_its_spelling_not_per_results_page(client, site_content):
    client.get("/szukaj/", {"q": "Park"})
    client.get("/szukaj/", {"q": "  PARK "})
    client.get("/szukaj/", {"q": "park", "page": 2})  # the same search, paged on
    client.get("/szukaj/", {"q": "drzewo"})
    assert Query.get("park").hits == 2
    assert Query.get("drzewo").hits == 1
    assert [
        (row["query_string"], row["_hits"]) for row in Query.get_most_popular().values("query_string", "_hits")
    ] == [
        ("park", 2),
        ("drzewo", 1),
    ]


def test_results_are_paginated_keeping_the_query_and_filters(client, home_page):
    for number in range(12):
        StandardPageFactory(parent=home_page, title=f"Plac zabaw {number}", slug=f"plac-{number}")
    first = client.get("/szukaj/", {"q": "plac", "typ": "strony"})
    assert len(result_titles(first)) == 10
    assert "?q=plac&amp;typ=strony&amp;page=2" in first.content.decode()
    second = client.get("/szukaj/", {"q": "plac", "typ": "strony", "page": 2})
    assert len(result_titles(second)) == 2


def test_matching_words_are_highlighted_in_the_snippet(client, site_content):
    html = client.get("/szukaj/", {"q": "drzewo"}).content.decode()
    assert "<mark>drzew</mark>" in html


def test_snippet_escapes_page_text(client, home_page):
    StandardPageFactory(parent=home_page, title="Skrypt", slug="skrypt", intro="Tekst <script>alert(1)</script> ogród")
    html = client.get("/szukaj/", {"q": "ogród"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_no_results_page_suggests_a_spelling_and_other_places(client, site_content):
    html = client.get("/szukaj/", {"q": "kieszomkowy"}).content.decode()
    assert "Nie znaleźliśmy nic dla „kieszomkowy”" in html
    assert "Czy chodziło Ci o:" in html
    assert ">kieszonkowy</a>" in html
    assert 'href="/konsultacje/"' in html


def test_when_no_result_has_every_word_results_with_any_word_are_shown(client, site_content):
    response = client.get("/szukaj/", {"q": "park xyzzy"})
    assert "Park na Syberce" in result_titles(response)
    assert "Żaden wynik nie zawiera wszystkich wpisanych słów" in response.content.decode()


def test_draft_pages_are_not_found(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Tajny ogród", slug="tajny")
    page.unpublish()
    assert result_titles(client.get("/szukaj/", {"q": "ogród"})) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 5000,
        "park " * 1000,
        '"',
        '""',
        "'",
        "*",
        "-",
        "-park",
        "park*",
        "NEAR",
        "NEAR(park drzewa)",
        "park AND drzewa",
        "park OR drzewa",
        "NOT park",
        "'; DROP TABLE wagtailcore_page; --",
        "1 OR 1=1",
        "🙂🌳",
        "park 🌳",
        "(park",
        "park)",
        "^park",
        "title:park",
        "\x00",
        "park\x00drzewa",
        "park\x1b[31m",
        "ą" * 300,
    ],
)
def test_unusual_queries_give_a_page_never_an_error(client, site_content, query):
    assert client.get("/szukaj/", {"q": query}).status_code == 200


def test_long_query_is_cut_and_the_visitor_is_told(client, site_content):
    html = client.get("/szukaj/", {"q": "park " * 1000}).content.decode()
    assert "szukamy tylko według pierwszych 200 znaków" in html
    assert f'maxlength="{MAX_QUERY_LENGTH}"' in html


def test_empty_search_invites_a_query(client, site_content):
    html = client.get("/szukaj/").content.decode()
    assert "Wpisz słowo lub kilka słów." in html


def test_every_page_has_the_header_search_form(client, home_page):
    html = client.get("/").content.decode()
    assert 'action="/szukaj/"' in html
    assert '<label class="visually-hidden" for="header-search-query">Szukaj w portalu</label>' in html


def test_search_page_is_not_indexed_by_search_engines(client, site_content):
    assert '<meta name="robots" content="noindex, follow">' in client.get("/szukaj/", {"q": "park"}).content.decode()


def test_a_headings_level_is_neither_searched_nor_shown(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Harmonogram prac", slug="harmonogram", intro="Plan na rok.")
    page.body = [("heading", {"text": "Etapy remontu", "level": "h2"})]
    page.save_revision().publish()
    assert result_titles(client.get("/szukaj/", {"q": "nagłówek sekcji"})) == []
    html = client.get("/szukaj/", {"q": "remontu"}).content.decode()
    assert result_titles(client.get("/szukaj/", {"q": "remontu"})) == ["Harmonogram prac"]
    assert "Etapy" in html
    assert "(H2)" not in html
