from search.polish import normalise, query_variants, query_words, strip_diacritics


def test_diacritics_are_stripped_including_l_with_stroke():
    assert strip_diacritics("Żółw na łące, Śródmieście") == "Zolw na lace, Srodmiescie"


def test_index_text_holds_surface_forms_and_dictionary_forms():
    tokens = normalise("konsultacji").split()
    assert "konsultacji" in tokens
    assert "konsultacja" in tokens


def test_inflected_query_shares_a_token_with_the_indexed_word():
    indexed = set(normalise("Rewitalizacja Śródmieścia").split())
    for variants in query_variants("rewitalizacji srodmiesciu"):
        assert indexed & set(variants)


def test_query_without_diacritics_matches_text_with_them():
    indexed = set(normalise("żółw").split())
    assert indexed & set(query_variants("zolw")[0])


def test_query_with_diacritics_matches_text_without_them():
    indexed = set(normalise("laka").split())
    assert indexed & set(query_variants("łąka")[0])


def test_html_tags_are_not_indexed():
    assert "href" not in normalise('<a href="/x">park</a>').split()


def test_stopwords_are_dropped_from_queries():
    assert query_words("konsultacje w Będzinie") == ["konsultacje", "będzinie"]


def test_query_of_only_stopwords_keeps_them():
    assert query_words("i w") == ["i", "w"]


def test_search_syntax_and_emoji_leave_only_plain_words():
    assert query_words("\"* - NEAR( 🙂 '; DROP") == ["near", "drop"]


def test_long_query_is_cut_to_twelve_words():
    assert len(query_words(" ".join(f"slowo{n}" for n in range(100)))) == 12
