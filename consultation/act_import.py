"""Reading a draft act from a .docx: numbered paragraphs become units labelled as the act numbers them.

`parse_paragraphs` is pure (a list of paragraph texts in, units out); `read_docx` only takes the
paragraph texts out of a file with python-docx. What the numbering does not reveal (Word's own
automatic list numbering, tables, footnotes) editors fix by hand after the import.

Recognised starts of a paragraph (the rest of the paragraph is the unit's text):
- "Rozdział 2" / "Rozdział II" (a title on the same line after a dot or dash, or on the next
  unnumbered line) -> "Rozdział 2";
- "§ 3." -> "§ 3"; "§ 3. 1. Tekst" -> "§ 3" and "§ 3 ust. 1";
- "1." or "ust. 1" -> "§ 3 ust. 1" (a section of the current paragraph);
- "1)" or "pkt 1" -> "§ 3 ust. 1 pkt 1" (a point of the current section or paragraph);
- "a)" or "lit. a" -> "… pkt 1 lit. a" (a letter of the current point).
An unnumbered paragraph continues the unit before it; before the first unit (the act's title
and preamble) it is returned as `skipped`, for the preview to show.
"""

import re
from dataclasses import dataclass, field

import docx

from consultation.act_numbering import depth_of

_CHAPTER = re.compile(r"^Rozdział\s+([0-9]+|[IVXLC]+)\b[\s.:–—-]*(.*)$", re.IGNORECASE | re.DOTALL)
_PARAGRAPH = re.compile(r"^§\s*([0-9]+[a-z]?)\s*\.?\s*(.*)$", re.DOTALL)
_SECTION = re.compile(r"^(?:ust\.\s*([0-9]+[a-z]?)\.?|([0-9]+[a-z]?)\.)(?:\s+(.*)|$)", re.DOTALL)
_POINT = re.compile(r"^(?:pkt\s*([0-9]+[a-z]?)\)?|([0-9]+[a-z]?)\))(?:\s+(.*)|$)", re.DOTALL)
_LETTER = re.compile(r"^(?:lit\.\s*([a-z])\)?|([a-z])\))(?:\s+(.*)|$)", re.DOTALL)


@dataclass
class ParsedUnit:
    label: str
    text: str = ""

    @property
    def depth(self):
        return depth_of(self.label)


@dataclass
class ParsedAct:
    units: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def _clean(text):
    return " ".join(text.replace("\xa0", " ").split())


def parse_paragraphs(paragraphs):
    """Units (label and text, in order) from the paragraph texts of a draft act."""
    act = ParsedAct()
    paragraph = section = point = None

    def add(label, text):
        act.units.append(ParsedUnit(label, text))

    for raw in paragraphs:
        text = _clean(raw)
        if not text:
            continue
        if match := _CHAPTER.match(text):
            add(f"Rozdział {match[1]}", match[2].strip())
            paragraph = section = point = None
            continue
        if match := _PARAGRAPH.match(text):
            paragraph, section, point = f"§ {match[1]}", None, None
            rest = match[2].strip()
            inner = _SECTION.match(rest)
            if inner and not rest.startswith("ust."):
                # "§ 3. 1. Tekst": the paragraph opens with its first section.
                add(paragraph, "")
                section = f"{paragraph} ust. {inner[1] or inner[2]}"
                add(section, (inner[3] or "").strip())
            else:
                add(paragraph, rest)
            continue
        if paragraph is not None and (match := _SECTION.match(text)):
            section, point = f"{paragraph} ust. {match[1] or match[2]}", None
            add(section, (match[3] or "").strip())
            continue
        if paragraph is not None and (match := _POINT.match(text)):
            point = f"{section or paragraph} pkt {match[1] or match[2]}"
            add(point, (match[3] or "").strip())
            continue
        if point is not None and (match := _LETTER.match(text)):
            add(f"{point} lit. {match[1] or match[2]}", (match[3] or "").strip())
            continue
        if act.units:
            last = act.units[-1]
            last.text = f"{last.text}\n{text}" if last.text else text
        else:
            act.skipped.append(text)
    return act


class UnreadableFile(ValueError):
    pass


def read_docx(file):
    """The texts of a .docx file's body paragraphs, in order (python-docx); UnreadableFile if
    it is not a Word document."""
    try:
        document = docx.Document(file)
    except Exception as error:  # python-docx raises zip, XML and key errors alike
        raise UnreadableFile(str(error)) from error
    return [paragraph.text for paragraph in document.paragraphs]
