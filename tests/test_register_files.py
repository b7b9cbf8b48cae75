"""The register as files (/konsultacje/rejestr.csv and .json): the register's filters apply, the
CSV opens right in a Polish spreadsheet app, and only live, public consultations are in them."""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from home.models import PortalSettings
from tests.consultation_clock import day, frozen_clock  # noqa: F401 - autouse
from tests.factories import ConsultationPageFactory, DepartmentFactory, DistrictFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def green(register):
    return ConsultationPageFactory(
        parent=register,
        title="Park nad Przemszą",
        slug="park-nad-przemsza",
        start_date=day(-5),
        end_date=day(10),
        legal_basis="Zarządzenie nr 512/2026 Prezydenta Miasta Będzina",
        department=DepartmentFactory(name="Wydział Ochrony Środowiska"),
        topics=[TopicFactory(name="Zieleń", slug="zielen")],
        districts=[DistrictFactory(name="Grodziec", slug="grodziec"), DistrictFactory(name="Łagisza", slug="lagisza")],
    )


@pytest.fixture
def budget(register):
    return ConsultationPageFactory(
        parent=register,
        title="Budżet 2026",
        slug="budzet-2026",
        start_date=datetime.date(2025, 10, 1),
        end_date=datetime.date(2025, 10, 31),
        results_summary="<p>Wpłynęło 40 uwag.</p>",
        results_published_on=datetime.date(2025, 12, 1),
        topics=[TopicFactory(name="Budżet", slug="budzet")],
    )


def csv_rows(client, query=""):
    response = client.get(f"/konsultacje/rejestr.csv{query}")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def json_titles(client, query=""):
    response = client.get(f"/konsultacje/rejestr.json{query}")
    assert response.status_code == 200
    return sorted(item["title"] for item in response.json()["consultations"])


def test_the_csv_starts_with_a_byte_order_mark_and_uses_semicolons(client, green):
    response = client.get("/konsultacje/rejestr.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rejestr-konsultacji.csv"'
    first_line = response.content.decode("utf-8").splitlines()[0]
    assert first_line.startswith("\ufeffIdentyfikator;Tytuł;Status;Data rozpoczęcia")


def test_the_csv_has_a_row_per_consultation_in_polish(client, green):
    header, row = csv_rows(client)
    cells = dict(zip(header, row, strict=True))
    assert cells["Tytuł"] == "Park nad Przemszą"
    assert cells["Status"] == "Trwa"
    assert cells["Data rozpoczęcia"] == day(-5).isoformat()
    assert cells["Dzielnice"] == "Grodziec, Łagisza"
    assert cells["Wydział prowadzący"] == "Wydział Ochrony Środowiska"
    assert cells["Adres strony"] == "http://localhost/konsultacje/park-nad-przemsza/"


def test_empty_cells_of_the_csv_are_empty(client, green):
    header, row = csv_rows(client)
    assert dict(zip(header, row, strict=True))["Data publikacji wyników"] == ""


def test_a_title_that_looks_like_a_formula_stays_text_in_the_csv(client, register):
    ConsultationPageFactory(parent=register, title='=HYPERLINK("http://zly.example","Kliknij")', slug="formula")
    header, row = csv_rows(client)
    assert dict(zip(header, row, strict=True))["Tytuł"] == '\'=HYPERLINK("http://zly.example","Kliknij")'


def test_the_json_gives_the_api_fields(client, green):
    data = client.get("/konsultacje/rejestr.json").json()
    [item] = data["consultations"]
    assert data["count"] == 1
    assert item["status"] == "ongoing"
    assert item["topics"] == [{"slug": "zielen", "name": "Zieleń"}]
    assert item["results_published_on"] is None
    assert item["url"] == "http://localhost/konsultacje/park-nad-przemsza/"


def test_the_files_apply_the_register_filters(client, green, budget):
    assert json_titles(client, "?status=trwajace") == ["Park nad Przemszą"]
    assert json_titles(client, "?temat=budzet") == ["Budżet 2026"]
    assert json_titles(client, "?obszar=grodziec") == ["Park nad Przemszą"]
    assert json_titles(client, "?rok=2025") == ["Budżet 2026"]
    assert [row[1] for row in csv_rows(client, "?status=zakonczone")[1:]] == ["Budżet 2026"]


def test_an_unknown_filter_value_is_ignored_as_on_the_register(client, green, budget):
    assert json_titles(client, "?status=otwarte") == ["Budżet 2026", "Park nad Przemszą"]


def test_drafts_and_private_consultations_are_not_in_the_files(client, register, green):
    ConsultationPageFactory(parent=register, title="Szkic", slug="szkic", live=False)
    private = ConsultationPageFactory(parent=register, title="Tylko dla radnych", slug="radni")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert json_titles(client) == ["Park nad Przemszą"]
    assert [row[1] for row in csv_rows(client)[1:]] == ["Park nad Przemszą"]


def test_a_private_register_has_no_files(client, register, green):
    PageViewRestriction.objects.create(page=register, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert client.get("/konsultacje/rejestr.csv").status_code == 404
    assert client.get("/konsultacje/rejestr.json").status_code == 404


def test_only_the_register_has_files(client, green):
    assert client.get("/konsultacje/park-nad-przemsza/rejestr.csv").status_code == 404


def test_the_register_links_to_its_files_with_its_filters(client, green):
    html = client.get("/konsultacje/?temat=zielen").content.decode()
    assert 'href="/konsultacje/rejestr.csv?temat=zielen"' in html
    assert 'href="/konsultacje/rejestr.json?temat=zielen"' in html


def test_any_origin_may_read_the_files(client, green):
    response = client.get("/konsultacje/rejestr.json", HTTP_ORIGIN="https://dane.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_files_take_as_many_queries_for_thirty_consultations_as_for_two(client, register, site):
    PortalSettings.for_site(site)
    topic, district = TopicFactory(slug="zielen"), DistrictFactory(slug="grodziec")
    department = DepartmentFactory(name="Wydział Rozwoju")

    def add(count, prefix):
        for number in range(count):
            ConsultationPageFactory(
                parent=register,
                slug=f"{prefix}-{number}",
                start_date=day(-number),
                department=department,
                topics=[topic],
                districts=[district],
            )

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(2, "mala")
    client.get("/konsultacje/rejestr.json")
    few = queries("/konsultacje/rejestr.json?temat=zielen")
    add(28, "duza")
    assert queries("/konsultacje/rejestr.json?temat=zielen") == few
    assert queries("/konsultacje/rejestr.csv?temat=zielen") == few
    assert few <= 12
