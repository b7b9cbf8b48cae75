"""A spelling hint for a search that found nothing: title words close to the query's words."""

import difflib

from django.core.cache import cache

from wagtail.documents import get_document_model
from wagtail.models import Page

from .polish import strip_diacritics, words

CACHE_KEY = "search:suggestion-vocabulary"
CACHE_SECONDS = 600
# Titles are enough to learn the portal's vocabulary; a cap keeps a huge site fast.
MAX_TITLES = 5000


def vocabulary():
    """{word without diacritics: the word as written} from page and document titles."""
    found = cache.get(CACHE_KEY)
    if found is None:
        titles = list(Page.objects.live().public().values_list("title", flat=True)[:MAX_TITLES])
        titles += list(get_document_model().objects.values_list("title", flat=True)[:MAX_TITLES])
        found = {}
        for title in titles:
            for word in words(title):
                if len(word) > 3 and not word.isdigit():
                    found.setdefault(strip_diacritics(word), word)
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def suggest(query_text):
    """The query with misspelt words replaced, or '' when there is nothing better to offer."""
    known = vocabulary()
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
