"""How a Polish act numbers its parts: a unit's depth and its anchor, read from its label.

Pure functions of the labels ("Rozdział 2", "§ 3", "§ 3 ust. 2", "§ 3 ust. 2 pkt 1",
"§ 3 ust. 2 pkt 1 lit. a"); the model (consultation/models/draft_act.py) and the .docx import
(consultation/act_import.py) both read them.
"""

import re

ANCHOR_PREFIX = "par-"

# Depth by the last part of the label: a chapter holds paragraphs, a paragraph its
# sections (ustępy), a section its points, a point its letters.
CHAPTER, PARAGRAPH, SECTION, POINT, LETTER = range(5)

_LAST_PART = [
    (re.compile(r"\blit\.\s*\S+\s*$"), LETTER),
    (re.compile(r"\bpkt\s*\S+\s*$"), POINT),
    (re.compile(r"\bust\.\s*\S+\s*$"), SECTION),
    (re.compile(r"^§"), PARAGRAPH),
    (re.compile(r"^rozdział\b", re.IGNORECASE), CHAPTER),
]

# NFKD keeps ł, so the Polish letters are mapped by hand.
_POLISH = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def depth_of(label):
    """0 for a chapter, 1 for a paragraph (and any unnumbered part, like a preamble), 2 for
    a section, 3 for a point, 4 for a letter."""
    label = label.strip()
    for pattern, depth in _LAST_PART:
        if pattern.search(label):
            return depth
    return PARAGRAPH


def anchor_base(label):
    """ "§ 3 ust. 2" -> "par-3-ust-2"; "Rozdział 2" -> "par-rozdzial-2"."""
    text = label.translate(_POLISH).lower().replace("§", " ")
    words = re.findall(r"[a-z0-9]+", text)
    return ANCHOR_PREFIX + ("-".join(words) or "czesc")


def anchors(labels):
    """Anchors for labels in the act's order, unique within the act: a repeated label gets
    "-2", "-3"... in the order it repeats."""
    taken = set()
    result = []
    for label in labels:
        base = anchor_base(label)
        anchor, number = base, 1
        while anchor in taken:
            number += 1
            anchor = f"{base}-{number}"
        taken.add(anchor)
        result.append(anchor)
    return result


def parents(depths):
    """For depths in the act's order, the index of each unit's parent (the nearest earlier
    unit that is shallower), or None."""
    stack = []
    result = []
    for index, depth in enumerate(depths):
        while stack and depths[stack[-1]] >= depth:
            stack.pop()
        result.append(stack[-1] if stack else None)
        stack.append(index)
    return result
