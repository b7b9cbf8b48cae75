"""Polish-aware text normalisation for search, the same on SQLite (FTS5) and PostgreSQL.

Neither database ships a Polish stemmer, so every indexed text and every query goes through
`normalise`: lowercase, strip diacritics (ł → l too), and for each word add its dictionary
form (simplemma) and a light suffix stem. Both databases then only ever compare plain ASCII-like
tokens, so they find the same things: "konsultacji" finds "konsultacje", "zolw" finds "żółw",
"srodmiesciu" finds "Śródmieścia".

Any app's model gets the behaviour through `PolishSearchMixin` and `POLISH_SEARCH_FIELDS`;
pages inherit both from home's `PortalPage`.
"""

import functools
import re
import unicodedata

from django.utils.html import strip_tags

from wagtail.search import index

import simplemma

WORD_RE = re.compile(r"[^\W_]+")
# Title words are repeated so that a match in the title ranks higher on both databases.
TITLE_WEIGHT = 3
# Enough for a long PDF; more only slows indexing without finding anything new.
MAX_INDEXED_CHARS = 200_000
MAX_QUERY_WORDS = 12

# Suffixes of Polish inflection, diacritics already stripped; longest first. Removing them gives
# a crude stem that catches what the dictionary misses: names, and words typed without ą, ę, ś…
SUFFIXES = sorted(
    (
        "ach", "ami", "ego", "emu", "ymi", "imi", "ich", "ych", "iej", "owi", "owie", "ow", "om",
        "em", "ej", "ym", "im", "ia", "ie", "ii", "iu", "io", "a", "e", "i", "o", "u", "y",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
MIN_STEM = 3

# Words too common to narrow a query; dropped from queries (never from the index).
STOPWORDS = frozenset(
    [
        "a",
        "aby",
        "albo",
        "ani",
        "az",
        "bo",
        "by",
        "czy",
        "dla",
        "do",
        "i",
        "ich",
        "im",
        "jak",
        "jako",
        "je",
        "jest",
        "juz",
        "ku",
        "lub",
        "na",
        "nad",
        "nie",
        "o",
        "od",
        "oraz",
        "po",
        "pod",
        "przez",
        "przy",
        "sa",
        "sie",
        "ta",
        "tak",
        "te",
        "to",
        "tu",
        "w",
        "we",
        "z",
        "za",
        "ze",
    ]
)

_STRIP_TABLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d", "ß": "ss"})


def strip_diacritics(text):
    """'Żółw łąka' → 'Zolw laka'. NFKD leaves ł alone, so it is mapped by hand."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_STRIP_TABLE))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word):
    """Cut one inflectional suffix from an already stripped, lowercase word."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=200_000)
def word_variants(word):
    """The tokens one lowercase word is indexed and searched under, most exact first."""
    surface = strip_diacritics(word)
    variants = [surface]
    if not word.isdigit():
        lemma = strip_diacritics(simplemma.lemmatize(word, lang="pl").lower())
        for candidate in (lemma, stem(surface), stem(lemma)):
            if candidate and candidate not in variants:
                variants.append(candidate)
    return tuple(variants)


def load_dictionary():
    """Load simplemma's Polish dictionary now. Loading it takes seconds; app servers do it at
    start-up (portal/wsgi.py), so no resident's first search waits for it."""
    simplemma.lemmatize("konsultacji", lang="pl")


def words(text):
    return WORD_RE.findall(strip_tags(text).lower())


@functools.lru_cache(maxsize=4)
def normalise(text):
    """Index text: every word's variants, space-separated, in reading order.

    Remembered for the last few texts: modelsearch builds an object's title, body and
    autocomplete columns one after another, each reading every search field, so the same
    text (a whole PDF's) arrives three times in a row."""
    return " ".join(" ".join(word_variants(word)) for word in words(text[:MAX_INDEXED_CHARS]))


def query_words(query):
    """The words of a query worth searching for, without repeats and stopwords."""
    found = list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
    meaningful = [word for word in found if strip_diacritics(word) not in STOPWORDS]
    return meaningful or found


def query_variants(query):
    """For each query word, the tokens any of which may match it."""
    return [word_variants(word) for word in query_words(query)]


def searchable_text(obj, exclude=("search_normalised",)):
    """All text an object's search_fields index, as one string (StreamFields included)."""
    parts = []
    for field in obj.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name not in exclude:
            parts.append(_flatten(field.get_value(obj)))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            objects = related.all() if hasattr(related, "all") else [related]
            for related_obj in objects:
                for sub_field in field.fields:
                    if isinstance(sub_field, index.SearchField):
                        parts.append(_flatten(sub_field.get_value(related_obj)))
    return " ".join(part for part in parts if part)


def _flatten(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_flatten(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_flatten(item) for item in value.values())
    return str(value)


class PolishSearchMixin:
    """Gives a model the `search_normalised` text; add POLISH_SEARCH_FIELDS to its search_fields."""

    def search_normalised(self):
        title = getattr(self, "title", "") or ""
        return normalise(" ".join([title] * (TITLE_WEIGHT - 1) + [searchable_text(self), self.search_extra_text()]))

    def search_extra_text(self):
        """Text to search that is no search field of its own (a PDF's extracted text)."""
        return ""


POLISH_SEARCH_FIELDS = [index.SearchField("search_normalised")]
