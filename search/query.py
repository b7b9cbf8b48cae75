"""What a visitor typed, made into a query for Wagtail's search backends.

Each query word becomes the Polish variants it may be indexed under (search.polish): one of them
must match. Every word must match ("and"), or, when nothing has them all, any word ("or").
"""

from wagtail.search.query import And, Or, PlainText

from .polish import query_variants

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """The query as the visitor sees it back: control characters dropped (PostgreSQL refuses
    NUL), whitespace collapsed, cut to MAX_QUERY_LENGTH characters."""
    text = "".join(char if char.isprintable() else " " for char in raw[: MAX_QUERY_LENGTH * 2])
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def build_query(groups, operator="and"):
    """A search query from search.polish.query_variants' groups: each group's tokens are
    alternatives; all groups must match ("and") or any of them ("or")."""
    parts = [PlainText(group[0]) if len(group) == 1 else Or([PlainText(token) for token in group]) for group in groups]
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


def search_query(text, operator="and"):
    """The query the site's search runs for a cleaned text (clean_query): its words (at most
    search.polish.MAX_QUERY_WORDS, no punctuation, so nothing a backend's parser reads as syntax)
    with their Polish variants; None when the text has no word to search for."""
    groups = query_variants(text)
    return build_query(groups, operator) if groups else None
