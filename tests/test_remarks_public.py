"""The public "zestawienie uwag": remarks with a position, once results are published; no personal data."""

import csv
import io
import json

import pytest

from forms.models import Channel, Position
from tests.forms_support import RemarkFactory, clear_cache, consultation  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def published(site):
    page = consultation(start=-40, end=-10, published=-2)
    RemarkFactory(
        consultation=page,
        channel=Channel.LETTER,
        text="Więcej drzew.",
        position=Position.ACCEPTED,
        reasoning="Posadzimy.",
    )
    RemarkFactory(
        consultation=page,
        channel=Channel.MEETING,
        text="Parking nad rzeką.",
        position=Position.NOT_ACCEPTED,
        reasoning="Teren zalewowy.",
    )
    RemarkFactory(consultation=page, text="Bez stanowiska jeszcze.", position="")
    return page


def test_table_shows_remarks_with_a_position_and_the_reasoning(client, published):
    content = client.get(published.url).content.decode()
    assert "Zestawienie uwag" in content
    assert "Więcej drzew." in content and "Posadzimy." in content and "Teren zalewowy." in content
    assert "Bez stanowiska jeszcze." not in content


def test_table_never_shows_personal_data(client, published):
    content = client.get(published.url).content.decode()
    assert "Jan Kowalski" not in content
    assert "jan@example.com" not in content


def test_table_counts_remarks_per_position_and_channel(client, published):
    content = client.get(published.url).content.decode()
    assert '<th scope="row">Nieuwzględniona</th><td class="num">1</td>' in content
    assert '<th scope="row">Spotkanie konsultacyjne</th><td class="num">1</td>' in content


def test_table_is_hidden_until_results_are_published(client, site):
    page = consultation(start=-40, end=-10)
    RemarkFactory(consultation=page, text="Ukryta uwaga.")
    assert "Ukryta uwaga." not in client.get(page.url).content.decode()


def test_csv_download_has_the_public_columns_only(client, published):
    response = client.get(f"/zestawienie-uwag/{published.pk}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["Treść uwagi"] for row in rows] == ["Więcej drzew.", "Parking nad rzeką."]
    assert rows[0]["Stanowisko miasta"] == "Uwzględniona"
    assert rows[1]["Forma zgłoszenia"] == "Spotkanie konsultacyjne"
    assert "jan@example.com" not in response.content.decode("utf-8-sig")


def test_json_download_has_counts_and_remarks(client, published):
    data = json.loads(client.get(f"/zestawienie-uwag/{published.pk}.json").content)
    assert data["counts"]["positions"]["accepted"] == 1
    assert data["counts"]["channels"]["letter"] == 1
    assert [remark["reasoning"] for remark in data["remarks"]] == ["Posadzimy.", "Teren zalewowy."]
    assert "author_email" not in data["remarks"][0]


def test_downloads_do_not_exist_before_results_are_published(client, site):
    page = consultation(start=-40, end=-10)
    assert client.get(f"/zestawienie-uwag/{page.pk}.csv").status_code == 404
    assert client.get(f"/zestawienie-uwag/{page.pk}.json").status_code == 404


def test_table_links_both_downloads(client, published):
    content = client.get(published.url).content.decode()
    assert f'href="/zestawienie-uwag/{published.pk}.csv"' in content
    assert f'href="/zestawienie-uwag/{published.pk}.json"' in content


def test_an_id_too_large_for_the_database_is_404(client, db):
    assert client.get("/zestawienie-uwag/99999999999999999999999.csv").status_code == 404
    assert client.get("/zestawienie-uwag/99999999999999999999999.json").status_code == 404
