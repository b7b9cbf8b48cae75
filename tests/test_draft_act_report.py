"""The published zestawienie uwag follows the draft act's order, as HTML, CSV, JSON and .docx."""

import csv
import datetime
import io
import json

from django.utils import timezone

import docx
import pytest

from forms.models import Channel, Position, Remark
from tests.draft_act_support import add_act
from tests.forms_support import clear_cache, consultation  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def received(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


@pytest.fixture
def published(site):
    page = consultation(start=-40, end=-10, published=-2)
    units = add_act(page)
    common = {"consultation": page, "author_name": "Jan Kowalski", "author_email": "jan@example.com"}
    # Received in an order unlike the act's.
    Remark.objects.create(
        **common,
        unit=units["§ 3 ust. 2"],
        channel=Channel.ONLINE_FORM,
        received_at=received(30),
        text="Więcej dla seniorów.",
        proposed_wording="Co najmniej 50% kwoty.",
        justification="Seniorów przybywa.",
        position=Position.PARTLY_ACCEPTED,
        reasoning="Podnosimy do 45%.",
    )
    Remark.objects.create(
        **common,
        unit=units["§ 1"],
        channel=Channel.LETTER,
        received_at=received(25),
        text='=HYPERLINK("http://zle.example")',
        position=Position.NOT_ACCEPTED,
        reasoning="Bez związku.",
    )
    Remark.objects.create(
        **common,
        channel=Channel.MEETING,
        received_at=received(20),
        text="Program jest zbyt ogólny.",
        position=Position.ACCEPTED,
        reasoning="Doprecyzujemy.",
    )
    Remark.objects.create(
        **common,
        unit=units["Rozdział 2"],
        channel=Channel.EMAIL,
        received_at=received(35),
        text="Rozdział o środkach za krótki.",
        position=Position.ACCEPTED,
        reasoning="Rozbudujemy.",
    )
    Remark.objects.create(**common, unit=units["§ 2 ust. 1"], text="Bez stanowiska.", position="")
    return page


def csv_rows(client, page):
    response = client.get(f"/zestawienie-uwag/{page.pk}.csv")
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_html_table_lists_remarks_in_the_acts_order_general_first(client, published):
    html = client.get(published.url).content.decode()
    order = [
        html.index(text)
        for text in ("Program jest zbyt ogólny.", "HYPERLINK", "Rozdział o środkach", "Więcej dla seniorów.")
    ]
    assert order == sorted(order)


def test_html_table_names_the_part_of_the_document(client, published):
    html = client.get(published.url).content.decode()
    assert '<th scope="row">§ 3 ust. 2</th>' in html
    assert '<th scope="row">Uwaga ogólna</th>' in html


def test_html_table_shows_the_current_text_beside_the_proposed_wording(client, published):
    html = client.get(published.url).content.decode()
    assert "Co najmniej 50% kwoty." in html
    assert "Obecne brzmienie:" in html
    assert "Co najmniej 40% kwoty przeznacza się na pomoc seniorom." in html


def test_html_table_has_the_statutory_columns(client, published):
    html = client.get(published.url).content.decode()
    for heading in (
        "Lp.",
        "Część dokumentu",
        "Proponowane brzmienie",
        "Uzasadnienie uwagi",
        "Uzasadnienie stanowiska",
        "Forma zgłoszenia",
    ):
        assert f'<th scope="col">{heading}</th>' in html


def test_remarks_without_a_position_stay_out_of_every_format(client, published):
    assert "Bez stanowiska." not in client.get(published.url).content.decode()
    assert "Bez stanowiska." not in client.get(f"/zestawienie-uwag/{published.pk}.json").content.decode()


def test_csv_has_a_bom_semicolons_and_the_acts_order(client, published):
    response, rows = csv_rows(client, published)
    assert response.content.startswith("\ufeff".encode())
    assert rows[0][:8] == [
        "Lp.",
        "Część dokumentu",
        "Treść uwagi",
        "Proponowane brzmienie",
        "Uzasadnienie uwagi",
        "Stanowisko miasta",
        "Uzasadnienie stanowiska",
        "Forma zgłoszenia",
    ]
    assert [row[1] for row in rows[1:]] == ["Uwaga ogólna", "§ 1", "Rozdział 2", "§ 3 ust. 2"]


def test_csv_leaves_empty_cells_empty_and_neutralises_formulas(client, published):
    _response, rows = csv_rows(client, published)
    general = rows[1]
    assert general[3] == "" and general[4] == ""
    assert rows[2][2] == '\'=HYPERLINK("http://zle.example")'


def test_json_rows_carry_the_section_and_its_text(client, published):
    data = json.loads(client.get(f"/zestawienie-uwag/{published.pk}.json").content)
    rows = data["remarks"]
    assert [row["section"] for row in rows] == ["Uwaga ogólna", "§ 1", "Rozdział 2", "§ 3 ust. 2"]
    assert rows[3]["section_text"] == "Co najmniej 40% kwoty przeznacza się na pomoc seniorom."
    assert rows[0]["section_text"] == ""
    assert all("section" in row and "section_text" in row for row in rows)
    assert "author_email" not in rows[0] and "author_name" not in rows[0]


def test_docx_is_a_table_in_the_acts_order(client, published):
    response = client.get(f"/zestawienie-uwag/{published.pk}.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    table = docx.Document(io.BytesIO(response.content)).tables[0]
    assert [cell.text for cell in table.rows[0].cells][:2] == ["Lp.", "Część dokumentu"]
    assert [row.cells[1].text for row in table.rows[1:]] == ["Uwaga ogólna", "§ 1", "Rozdział 2", "§ 3 ust. 2"]
    assert table.rows[4].cells[3].text == "Co najmniej 50% kwoty."
    assert "jan@example.com" not in response.content.decode("latin-1")


def test_docx_survives_control_characters_in_a_remark(client, published):
    Remark.objects.filter(text="Program jest zbyt ogólny.").update(text="Tekst\x01z\x0bznakami")
    response = client.get(f"/zestawienie-uwag/{published.pk}.docx")
    table = docx.Document(io.BytesIO(response.content)).tables[0]
    assert table.rows[1].cells[2].text == "Tekstzznakami"


def test_docx_is_not_public_before_results(client, site):
    page = consultation(start=-40, end=-10)
    assert client.get(f"/zestawienie-uwag/{page.pk}.docx").status_code == 404


def test_page_links_the_docx_download(client, published):
    assert f'href="/zestawienie-uwag/{published.pk}.docx"' in client.get(published.url).content.decode()


def test_remark_on_a_removed_unit_comes_after_the_act_under_its_old_label(client, published):
    Remark.objects.get(text="Więcej dla seniorów.").unit.delete()
    data = json.loads(client.get(f"/zestawienie-uwag/{published.pk}.json").content)
    assert [row["section"] for row in data["remarks"]] == ["Uwaga ogólna", "§ 1", "Rozdział 2", "§ 3 ust. 2"]
    assert data["remarks"][3]["section_text"].startswith("Co najmniej 40%")
