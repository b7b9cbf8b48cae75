"""Short excerpts of a result's text with the words that matched the query marked."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .polish import WORD_RE, word_variants

# Search the start of long texts only: a snippet from page 200 of a PDF helps nobody more.
SCAN_CHARS = 30_000
CONTEXT_BEFORE = 80


def snippet(text, query_groups, length=260):
    """HTML: about `length` characters around the first match, matches in <mark>."""
    text = " ".join((text or "")[:SCAN_CHARS].split())
    if not text:
        return ""
    wanted = {token for group in query_groups for token in group}
    matches = [
        match.span() for match in WORD_RE.finditer(text) if wanted.intersection(word_variants(match.group().lower()))
    ]
    start = 0
    if matches:
        start = max(0, matches[0][0] - CONTEXT_BEFORE)
        if start:
            # Begin at a word boundary.
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < matches[0][0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    parts = ["…"] if start else []
    cursor = start
    for match_start, match_end in matches:
        if match_start < start or match_end > end:
            continue
        parts.append(escape(text[cursor:match_start]))
        parts.append(f"<mark>{escape(text[match_start:match_end])}</mark>")
        cursor = match_end
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
