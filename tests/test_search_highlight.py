"""Search excerpts: the words that matched are marked, in an excerpt around the first match."""

import random

from search.highlight import CONTEXT_BEFORE, SCAN_CHARS, snippet
from search.polish import WORD_RE, query_variants, word_variants

WORDS = [
    "konsultacje",
    "konsultacji",
    "budżet",
    "miasta",
    "park",
    "żółw",
    "Będzin",
    "rewitalizacja",
    "rynku",
    "ulica",
    "placu",
    "i",
    "w",
    "na",
]


def every_match_snippet(text, query_groups, length=260):
    """The excerpt as worked out before the scan stopped at the excerpt's end: every word of
    the text looked up, then the matches outside the excerpt dropped."""
    text = " ".join((text or "")[:SCAN_CHARS].split())
    if not text:
        return []
    wanted = {token for group in query_groups for token in group}
    matches = [m.span() for m in WORD_RE.finditer(text) if wanted.intersection(word_variants(m.group().lower()))]
    start = 0
    if matches:
        start = max(0, matches[0][0] - CONTEXT_BEFORE)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < matches[0][0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
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


def test_an_excerpt_marks_the_matches_inside_it_only():
    text = "Park miejski. " + "Słowo " * 100 + "Park przy rynku."
    parts = snippet(text, query_variants("park"))
    assert parts[0] == ("Park", True)
    assert [text for text, marked in parts if marked] == ["Park"]
    assert parts[-1] == ("…", False)


def test_excerpts_are_those_of_looking_up_every_word():
    rng = random.Random(15)  # noqa: S311 - test data, not secrets
    for _ in range(300):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 150)))
        query = " ".join(rng.sample(WORDS[:12], rng.randint(1, 2)))
        length = rng.choice([20, 60, 260])
        groups = query_variants(query)
        assert snippet(text, groups, length) == every_match_snippet(text, groups, length)
