"""The hostile values the XSS corpus's portal is made of (tests/xss_site.py): addresses, rich text
as Wagtail's editor saves it, images, documents, a body with every StreamField block, page titles.

Each value ends with `#<field>` (tests.xss_support.payload), so a failing check shows which field
leaked.
"""

import json

from django.core.files.base import ContentFile

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from documents.models import PortalDocument
from documents.pdf_writer import make_pdf
from home.blocks import RICH_TEXT_FEATURES
from home.models import PortalImage
from tests.factories import png_bytes
from tests.xss_support import FORMULAS, HTML_PIECES, payload

# Valid http(s) addresses (URLField accepts them) that still try to break out of href="…".
HOSTILE_HTTP_URL = "https://example.com/?q=\"><script>alert(1337)</script>&r='onmouseover=alert(1337)//"
# A quoted local part makes this a valid address for Django's EmailValidator.
HOSTILE_EMAIL = '"<script>alert(1337)</script>"@example.com'
EMBED_URL = "https://www.youtube.com/watch?v=xss1337"
# Words every hostile value contains, for searching.
SEARCH_QUERY = "ssti alert"


def rich_text(tag, features=RICH_TEXT_FEATURES):
    """Database HTML as Wagtail's editor saves it: hostile text, a javascript: link, a data: link
    and a valid but hostile https link."""
    blocks, entities = [], {}
    for number, text in enumerate([payload(tag=f"{tag}-p1"), "javascript", "data", "https"]):
        block = {"key": f"b{number}", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": []}
        block["entityRanges"] = []
        if number:
            url = {
                "javascript": "javascript:alert(1337)",
                "data": "data:text/html,<script>alert(1337)</script>",
                "https": HOSTILE_HTTP_URL,
            }[text]
            entities[str(number)] = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
            block["entityRanges"] = [{"offset": 0, "length": len(text), "key": number}]
        blocks.append(block)
    state = {"blocks": blocks, "entityMap": entities}
    return ContentstateConverter(features=features).to_database_format(json.dumps(state))


def image(tag):
    return PortalImage.objects.create(
        title=payload(255, f"{tag}-title"),
        description=payload(255, f"{tag}-alt"),
        credit=payload(255, f"{tag}-credit"),
        file=ContentFile(png_bytes(), name="xss.png"),
    )


def document(tag):
    return PortalDocument.objects.create(
        title=payload(255, f"{tag}-title", crlf=False),
        description=payload(tag=f"{tag}-description"),
        file=ContentFile(make_pdf("Dokument ssti alert", ["".join(HTML_PIECES), "ssti alert"]), name="xss.pdf"),
    )


def body(tag, figure, doc, form_page=None):
    """Every block of BodyBlock, each text in it hostile."""
    blocks = [
        ("heading", {"text": payload(200, f"{tag}-heading"), "level": "h2"}),
        ("paragraph", rich_text(f"{tag}-paragraph")),
        (
            "image",
            {
                "image": {"image": figure.pk, "decorative": False, "alt_text": payload(255, f"{tag}-image-alt")},
                "caption": payload(300, f"{tag}-caption"),
            },
        ),
        ("quote", {"text": payload(tag=f"{tag}-quote"), "attribution": payload(200, f"{tag}-attribution")}),
        (
            "call_to_action",
            {
                "title": payload(200, f"{tag}-cta-title"),
                "text": payload(tag=f"{tag}-cta-text"),
                "page": None,
                "url": HOSTILE_HTTP_URL,
                "button_label": payload(80, f"{tag}-cta-label"),
            },
        ),
        (
            "accordion",
            {
                "heading": payload(200, f"{tag}-accordion"),
                "items": [{"question": payload(300, f"{tag}-question"), "answer": rich_text(f"{tag}-answer")}],
            },
        ),
        (
            "table",
            {
                "data": [
                    [payload(tag=f"{tag}-cell-a"), payload(tag=f"{tag}-cell-b")],
                    [FORMULAS[0], payload(tag=f"{tag}-cell-c")],
                ],
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": payload(tag=f"{tag}-table-caption"),
            },
        ),
        (
            "embed",
            {"embed": EMBED_URL, "title": payload(200, f"{tag}-embed-title"), "transcript": payload(tag=f"{tag}-tr")},
        ),
        ("documents", {"heading": payload(200, f"{tag}-documents"), "documents": [doc.pk]}),
    ]
    if form_page is not None:
        blocks.append(("embedded_form", {"form_page": form_page.pk, "heading": payload(200, f"{tag}-form")}))
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def page_texts(tag, formula=""):
    return {
        "title": payload(255, f"{tag}-title", crlf=False, formula=formula),
        "seo_title": payload(255, f"{tag}-seo", crlf=False),
        "search_description": payload(tag=f"{tag}-description"),
    }
