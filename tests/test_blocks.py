"""Every shared StreamField block renders what a resident should see."""

import json

import pytest

from tests.factories import PortalImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def render_body(client, home_page, blocks):
    page = StandardPageFactory(
        parent=home_page, slug="bloki", body=json.dumps([{"type": t, "value": v} for t, v in blocks])
    )
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_heading_block_keeps_the_chosen_level(client, home_page):
    html = render_body(
        client,
        home_page,
        [("heading", {"text": "Harmonogram", "level": "h2"}), ("heading", {"text": "Etap 1", "level": "h3"})],
    )
    assert "<h2>Harmonogram</h2>" in html
    assert "<h3>Etap 1</h3>" in html


def test_image_block_uses_the_images_alt_text_and_caption(client, home_page):
    image = PortalImageFactory(description="Plac przed urzędem")
    html = render_body(
        client,
        home_page,
        [("image", {"image": {"image": image.pk, "decorative": False, "alt_text": ""}, "caption": "Stan obecny"})],
    )
    assert 'alt="Plac przed urzędem"' in html
    assert "<figcaption>Stan obecny</figcaption>" in html


def test_quote_call_to_action_and_accordion_render(client, home_page):
    html = render_body(
        client,
        home_page,
        [
            ("quote", {"text": "Park to nasze wspólne miejsce.", "attribution": "Mieszkanka Ksawery"}),
            (
                "call_to_action",
                {"title": "Weź udział", "text": "", "page": home_page.pk, "url": "", "button_label": "Przejdź"},
            ),
            (
                "accordion",
                {"heading": "Pytania", "items": [{"question": "Kto może wziąć udział?", "answer": "<p>Każdy.</p>"}]},
            ),
        ],
    )
    assert "Park to nasze wspólne miejsce." in html
    assert "— Mieszkanka Ksawery" in html
    assert '<a class="button" href="/">Przejdź</a>' in html
    assert "<summary>Kto może wziąć udział?</summary>" in html


def test_table_block_renders_a_captioned_table_with_headers(client, home_page):
    table = {
        "data": [["Etap", "Termin"], ["Uwagi", "do 15 grudnia"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "Harmonogram konsultacji",
    }
    html = render_body(client, home_page, [("table", table)])
    assert "<caption>Harmonogram konsultacji</caption>" in html
    assert '<th scope="col"' in html
    assert "do 15 grudnia" in html


def test_paragraph_block_keeps_the_editors_links(client, home_page):
    html = render_body(
        client, home_page, [("paragraph", '<p>Zobacz <a href="https://bedzin.pl">stronę miasta</a>.</p>')]
    )
    assert '<a href="https://bedzin.pl">stronę miasta</a>' in html
