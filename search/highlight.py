"""Short excerpts of a result's text with the words that matched the query marked.

An excerpt is a list of parts, `(text, marked)`: plain text, never HTML. The search page's
template writes the marked parts in <mark> (portal/templates/search/includes/excerpt.html), and
Django's autoescaping escapes every part."""

import itertools

from .polish import WORD_RE, word_variants

# Search the start of long texts only: a snippet from page 200 of a PDF helps nobody more.
SCAN_CHARS = 30_000
CONTEXT_BEFORE = 80


def snippet(text, query_groups, length=260):
    """The parts of about `length` characters around the first match, the matches marked."""
    text = " ".join((text or "")[:SCAN_CHARS].split())
    if not text:
        return []
    wanted = {token for group in query_groups for token in group}
    # Lazily: each word's variants (a dictionary look-up) are worked out only up to the end of
    # the excerpt, which the first match fixes; the words after it are never marked.
    found = (
        match.span() for match in WORD_RE.finditer(text) if wanted.intersection(word_variants(match.group().lower()))
    )
    first = next(found, None)
    start = 0
    if first is not None:
        start = max(0, first[0] - CONTEXT_BEFORE)
        if start:
            # Begin at a word boundary.
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first[0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    matches = [] if first is None else [first, *itertools.takewhile(lambda span: span[0] < end, found)]
    parts = [("…", False)] if start else []
    cursor = start
    for match_start, match_end in matches:
        if match_start < start or match_end > end:
            continue
        parts.append((text[cursor:match_start], False))
        parts.append((text[match_start:match_end], True))
        cursor = match_end
    parts.append((text[cursor:end], False))
    if end < len(text):
        parts.append(("…", False))
    return [part for part in parts if part[0]]
