"""A spelling hint for a search that found nothing: words of the given titles close to the query's.

The caller passes the titles a visitor may see (only public content), so a hint never reveals
the title of something private. Nothing is kept between calls.
"""

import difflib

from .polish import strip_diacritics, words


def vocabulary(titles):
    """{word without diacritics: the word as written} for the words of these titles."""
    found = {}
    for title in titles:
        for word in words(title):
            if len(word) > 3 and not word.isdigit():
                found.setdefault(strip_diacritics(word), word)
    return found


def suggest(query_text, titles):
    """The query with misspelt words replaced by words of `titles`, or '' when there is nothing
    better to offer."""
    known = vocabulary(titles)
    suggested, changed = [], False
    for word in words(query_text):
        key = strip_diacritics(word)
        if len(key) <= 3 or key in known:
            suggested.append(word)
            continue
        close = difflib.get_close_matches(key, known.keys(), n=1, cutoff=0.75)
        if close:
            suggested.append(known[close[0]])
            changed = True
        else:
            suggested.append(word)
    return " ".join(suggested) if changed else ""
