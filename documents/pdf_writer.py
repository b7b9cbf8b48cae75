"""A tiny PDF writer for the demo publications and tests: text pages with Polish letters.

It needs no font file: it uses the standard Helvetica font, whose glyph set includes the
Polish letters, with an encoding (/Differences) that maps spare byte codes to them, and a
ToUnicode map so that text extraction (pypdf, search) reads the letters back exactly.
"""

import textwrap
import zlib

# Byte codes 128+ are free in this encoding; each gets one letter outside ASCII.
EXTRA_GLYPHS = {
    "ą": "aogonek",
    "ć": "cacute",
    "ę": "eogonek",
    "ł": "lslash",
    "ń": "nacute",
    "ó": "oacute",
    "ś": "sacute",
    "ź": "zacute",
    "ż": "zdotaccent",
    "Ą": "Aogonek",
    "Ć": "Cacute",
    "Ę": "Eogonek",
    "Ł": "Lslash",
    "Ń": "Nacute",
    "Ó": "Oacute",
    "Ś": "Sacute",
    "Ź": "Zacute",
    "Ż": "Zdotaccent",
    "–": "endash",
    "—": "emdash",
    "„": "quotedblbase",
    "”": "quotedblright",
    "’": "quoteright",
    "…": "ellipsis",
    "§": "section",
    "°": "degree",
    "²": "twosuperior",
}
CODES = {char: 128 + index for index, char in enumerate(EXTRA_GLYPHS)}
PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
LINE_CHARS = 88
LINES_PER_PAGE = 60


def _encode(text):
    out = bytearray()
    for char in text:
        if char in CODES:
            out.append(CODES[char])
        elif 32 <= ord(char) < 127:
            out.extend(b"\\" + char.encode() if char in "()\\" else char.encode())
        else:
            out.extend(b"?")
    return bytes(out)


def _to_unicode_cmap():
    entries = "\n".join(f"<{code:02X}> <{ord(char):04X}>" for char, code in CODES.items())
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /PortalPolish def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"95 beginbfrange <20> <7E> <0020> endbfrange\n"
        f"{len(CODES)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()


def _page_stream(title, lines, font_size=11):
    leading = font_size + 3
    out = [b"BT", f"/F1 {font_size + 5} Tf {MARGIN} {PAGE_HEIGHT - MARGIN} Td".encode()]
    if title:
        out.append(b"(" + _encode(title) + b") Tj")
        out.append(f"/F1 {font_size} Tf 0 -{leading * 2} Td".encode())
    out.append(f"{leading} TL".encode())
    for line in lines:
        out.append(b"(" + _encode(line) + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def make_pdf(title, paragraphs, *, author="Urząd Miejski w Będzinie"):
    """A PDF (bytes) with the title on the first page and the paragraphs flowing over pages."""
    lines = []
    for paragraph in paragraphs:
        if paragraph == "\f":
            lines.extend([""] * (LINES_PER_PAGE - len(lines) % LINES_PER_PAGE))
            continue
        lines.extend(textwrap.wrap(paragraph, LINE_CHARS) or [""])
        lines.append("")
    pages = [lines[start : start + LINES_PER_PAGE] for start in range(0, max(len(lines), 1), LINES_PER_PAGE)]

    objects = []  # index + 1 is the object number

    def add(body):
        objects.append(body)
        return len(objects)

    differences = " ".join(f"{code} /{EXTRA_GLYPHS[char]}" for char, code in CODES.items())
    cmap = _to_unicode_cmap()
    cmap_id = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    font_id = add(
        (
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            f"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{differences}] >> "
            f"/ToUnicode {cmap_id} 0 R >>"
        ).encode()
    )
    pages_id = len(objects) + 1 + 2 * len(pages)  # the Pages object comes after every page
    page_ids = []
    for number, page_lines in enumerate(pages):
        content = zlib.compress(_page_stream(title if number == 0 else "", page_lines))
        content_id = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                    f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>"
                ).encode()
            )
        )
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode())
    info_id = add(b"<< /Title <" + _utf16(title) + b"> /Author <" + _utf16(author) + b"> /Producer (Konsultacje) >>")
    catalog_id = add(f"<< /Type /Catalog /Pages {pages_id} 0 R /Lang (pl-PL) >>".encode())

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = len(out)
    out.extend(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.extend(b"%010d 00000 n \n" % offset)
    out.extend(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog_id, info_id, xref)
    )
    return bytes(out)


def _utf16(text):
    return ("FEFF" + text.encode("utf-16-be").hex().upper()).encode()
