"""The Wagtail admin shows the hostile portal (tests/xss_site.py) escaped, and its exports open
in a spreadsheet as data: listings, edit views, the remarks inbox, snippets, settings, documents,
images, search promotions, survey answers, and their CSV and XLSX downloads."""

import io

import openpyxl
import pytest

from tests.xss_site import SEARCH_QUERY, shared_hostile_portal  # noqa: F401 - the module-wide fixture
from tests.xss_support import FORMULAS, csv_rows, formula_cells, one_line_ending, screen_problems

pytestmark = pytest.mark.django_db

ESCAPED_SCRIPT = "&lt;script&gt;alert(1337)&lt;/script&gt;"


@pytest.fixture
def hostile(hostile_portal, db):
    return hostile_portal


def admin_pages(hostile):
    """(url, fields it must show) for the admin screens editors and staff use."""
    remark = hostile.remarks[0]
    pages = [
        hostile.home,
        hostile.text_page,
        hostile.news,
        hostile.ongoing,
        hostile.finished,
        hostile.open_survey,
        hostile.contact,
        hostile.calendar,
        hostile.publications,
        hostile.register,
    ]
    edit_views = [(f"/admin/pages/{page.pk}/edit/", [f"#{tag}" for tag in edit_tags(page, hostile)]) for page in pages]
    return [
        ("/admin/", []),
        (f"/admin/pages/{hostile.home.pk}/", ["#standard-title", "#register-title", "#contact-title"]),
        (f"/admin/pages/{hostile.register.pk}/", ["#ongoing-title", "#finished-title"]),
        (f"/admin/pages/search/?q={SEARCH_QUERY}", ["#ongoing-title"]),
        ("/admin/consultation_register/", ["#ongoing-title", "#finished-title"]),
        ("/admin/consultation_register/?q=ssti", ["#ongoing-title"]),
        *edit_views,
        # The inbox cuts each remark to 120 characters: its escaped start must be there.
        ("/admin/forms/remark/", [ESCAPED_SCRIPT, "#finished-title"]),
        (f"/admin/forms/remark/?consultation__id__exact={hostile.finished.pk}", [ESCAPED_SCRIPT]),
        ("/admin/forms/remark/?q=ssti", [ESCAPED_SCRIPT]),
        (
            f"/admin/forms/remark/edit/{remark.pk}/",
            ["#remark-0-name", "#remark-0-organisation", "#remark-0-subject", "#remark-0-text", "#remark-0-reasoning"],
        ),
        ("/admin/forms/", ["#survey-title", "#closed-survey-title"]),
        (
            f"/admin/forms/submissions/{hostile.closed_survey.pk}/",
            ["#closed-survey-singleline", "#answer", "#closed-survey-radio-choice1"],
        ),
        ("/admin/snippets/consultation/topic/", ["#topic"]),
        (f"/admin/snippets/consultation/topic/edit/{hostile.topic.pk}/", ["#topic"]),
        ("/admin/snippets/consultation/district/", ["#district"]),
        (f"/admin/snippets/consultation/district/edit/{hostile.district.pk}/", ["#district"]),
        ("/admin/snippets/consultation/department/", ["#department", "#dep-phone"]),
        (f"/admin/snippets/consultation/department/edit/{hostile.department.pk}/", ["#department"]),
        (
            f"/admin/settings/home/portalsettings/{hostile.site.pk}/",
            ["#settings-portal_name", "#settings-footer_text", "#social", "#logo-alt"],
        ),
        ("/admin/documents/", ["#document-title"]),
        (f"/admin/documents/edit/{hostile.document.pk}/", ["#document-title", "#document-description"]),
        ("/admin/images/", ["#figure-title"]),
        (f"/admin/images/{hostile.image.pk}/", ["#figure-title", "#figure-alt", "#figure-credit"]),
        ("/admin/searchpicks/", ["#promotion-title"]),
        (f"/admin/searchpicks/{hostile.promotion.query_id}/", ["#promotion-title", "#promotion-description"]),
        (f"/admin/pages/{hostile.ongoing.pk}/history/", ["#ongoing-title"]),
        ("/admin/reports/site-history/", ["#ongoing-title"]),
        ("/admin/reports/aging-pages/", []),
        (f"/admin/pages/{hostile.ongoing.pk}/delete/", ["#ongoing-title"]),
    ]


def edit_tags(page, hostile):
    """The fields of a page's edit view that must appear (as form values) in it."""
    tag = {
        hostile.home.pk: "home",
        hostile.text_page.pk: "standard",
        hostile.news.pk: "news",
        hostile.ongoing.pk: "ongoing",
        hostile.finished.pk: "finished",
        hostile.open_survey.pk: "survey",
        hostile.contact.pk: "contact",
        hostile.calendar.pk: "calendar",
        hostile.publications.pk: "publications",
        hostile.register.pk: "register",
    }[page.pk]
    tags = [f"{tag}-title"]
    extra = {
        "home": ["hero-title", "hero-text", "home-body-heading", "home-body-cell-a", "home-body-paragraph-p1"],
        "standard": ["standard-intro", "standard-body-quote", "standard-body-accordion", "standard-body-form"],
        "news": ["news-lead", "news-body-caption"],
        "ongoing": ["ongoing-lead", "ongoing-doc-title", "meeting-0-title", "meeting-1-registration", "topic"],
        "finished": ["finished-summary-p1", "finished-changes-p1", "department"],
        "survey": ["survey-singleline", "survey-radio-help", "survey-dropdown-choice2", "survey-low"],
        "contact": ["contact-intro-p1", "contact-thanks-p1", "contact-confirmation"],
    }
    return tags + extra.get(tag, [])


def test_admin_screens_print_hostile_values_escaped(admin_client, hostile):
    problems = screen_problems(admin_client, admin_pages(hostile))
    assert not problems, "\n".join(problems)


def xlsx_cells(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def test_remarks_inbox_exports_open_as_data(admin_client, hostile):
    csv_response = admin_client.get("/admin/forms/remark/?export=csv")
    assert csv_response.status_code == 200
    rows = csv_rows(b"".join(csv_response.streaming_content), delimiter=";")
    assert formula_cells(rows) == []
    texts = {row[8] for row in rows[1:]}
    assert texts == {f"'{remark.text}" for remark in hostile.remarks}
    assert any(row[2] == f"'{hostile.finished.title}" for row in rows[1:])

    xlsx_response = admin_client.get("/admin/forms/remark/?export=xlsx")
    assert xlsx_response.status_code == 200
    cells = xlsx_cells(b"".join(xlsx_response.streaming_content))
    assert [cell for row in cells for cell in row if cell.data_type == "f"] == []
    # XLSX keeps the text as typed: a text cell is never evaluated. (Its line breaks come back as
    # LF, or as typed when openpyxl writes with lxml, which python-docx brings in.)
    assert {one_line_ending(row[8].value) for row in cells[1:]} == {
        one_line_ending(remark.text) for remark in hostile.remarks
    }


def test_survey_answer_exports_open_as_data(admin_client, hostile):
    url = f"/admin/forms/submissions/{hostile.closed_survey.pk}/"
    csv_response = admin_client.get(url, {"export": "csv"})
    assert csv_response.status_code == 200
    rows = csv_rows(b"".join(csv_response.streaming_content), delimiter=";")
    # The first question's label (an editor's) starts like a formula, and so do the text answers.
    assert rows[0][1].startswith(f"'{FORMULAS[3]}")
    assert formula_cells(rows) == []

    xlsx_response = admin_client.get(url, {"export": "xlsx"})
    assert xlsx_response.status_code == 200
    cells = xlsx_cells(b"".join(xlsx_response.streaming_content))
    assert [cell.value for row in cells for cell in row if cell.data_type == "f"] == []
