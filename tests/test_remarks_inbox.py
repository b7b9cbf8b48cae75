"""The staff inbox (wagtail-modeladmin): filters, search, CSV and XLSX exports, triage and position."""

import csv
import datetime
import io

from django.utils import timezone

import openpyxl
import pytest

from forms.models import Channel, Position, Remark, TriageStatus
from tests.forms_support import RemarkFactory, clear_cache, consultation  # noqa: F401

pytestmark = pytest.mark.usefixtures("clear_cache")

INBOX = "/admin/forms/remark/"


@pytest.fixture
def remarks(site):
    first = consultation(title="Budżet 2027", slug="budzet-2027")
    second = consultation(title="Bulwary", slug="bulwary")
    return [
        RemarkFactory(
            consultation=first, channel=Channel.LETTER, text="List o chodnikach.", status=TriageStatus.NEW, position=""
        ),
        RemarkFactory(
            consultation=first, channel=Channel.EMAIL, text="E-mail o parkach.", status=TriageStatus.ANSWERED
        ),
        RemarkFactory(
            consultation=second,
            channel=Channel.MEETING,
            text="Głos ze spotkania.",
            position=Position.NOT_ACCEPTED,
            received_at=timezone.make_aware(datetime.datetime(2026, 7, 1, 10, 30), timezone.get_default_timezone()),
        ),
    ]


def test_inbox_lists_every_remark(admin_client, remarks):
    content = admin_client.get(INBOX).content.decode()
    for remark in remarks:
        assert remark.text[:20] in content


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status__exact=new", "List o chodnikach.", "E-mail o parkach."),
        ("channel__exact=meeting", "Głos ze spotkania.", "List o chodnikach."),
        ("position__exact=not_accepted", "Głos ze spotkania.", "E-mail o parkach."),
    ],
)
def test_inbox_filters(admin_client, remarks, query, shown, hidden):
    content = admin_client.get(f"{INBOX}?{query}").content.decode()
    assert shown in content and hidden not in content


def test_inbox_filters_by_consultation(admin_client, remarks):
    content = admin_client.get(f"{INBOX}?consultation__id__exact={remarks[2].consultation_id}").content.decode()
    assert "Głos ze spotkania." in content and "List o chodnikach." not in content


def test_inbox_search_finds_text(admin_client, remarks):
    content = admin_client.get(f"{INBOX}?q=parkach").content.decode()
    assert "E-mail o parkach." in content and "List o chodnikach." not in content


def test_csv_export_has_labels_and_warsaw_time(admin_client, remarks):
    response = admin_client.get(f"{INBOX}?export=csv&channel__exact=meeting")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Forma zgłoszenia"] == "Spotkanie konsultacyjne"
    assert row["Stanowisko miasta"] == "Nieuwzględniona"
    assert row["Data wpływu"] == "2026-07-01 10:30"
    assert row["Konsultacje"] == "Bulwary"


def test_xlsx_export_opens_with_openpyxl(admin_client, remarks):
    response = admin_client.get(f"{INBOX}?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 4
    assert "Forma zgłoszenia" in values[0]
    assert "Pismo" in [value for row in values for value in row]


def test_edit_form_saves_triage_status_and_position(admin_client, remarks):
    remark = remarks[0]
    response = admin_client.post(
        f"{INBOX}edit/{remark.pk}/",
        {
            "consultation": remark.consultation_id,
            "channel": remark.channel,
            "received_at": timezone.localtime(remark.received_at).strftime("%Y-%m-%d %H:%M"),
            "author_name": remark.author_name,
            "author_email": remark.author_email,
            "author_organisation": "",
            "subject": remark.subject,
            "text": remark.text,
            "status": TriageStatus.ANSWERED,
            "position": Position.PARTLY_ACCEPTED,
            "reasoning": "Częściowo w projekcie.",
        },
    )
    assert response.status_code == 302
    remark.refresh_from_db()
    assert (remark.status, remark.position, remark.reasoning) == (
        "answered",
        "partly_accepted",
        "Częściowo w projekcie.",
    )


def test_staff_can_type_in_a_letter(admin_client, remarks):
    consultation_id = remarks[0].consultation_id
    admin_client.post(
        f"{INBOX}create/",
        {
            "consultation": consultation_id,
            "channel": Channel.LETTER,
            "received_at": "2026-11-20 09:00",
            "text": "Pismo mieszkańca z 20 listopada.",
            "status": TriageStatus.NEW,
        },
    )
    assert Remark.objects.filter(channel=Channel.LETTER, text="Pismo mieszkańca z 20 listopada.").exists()


def test_inbox_sits_in_the_consultation_menu_group(rf, admin_user):
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = admin_user
    items = admin_menu.menu_items_for_request(request)
    groups = [item for item in items if item.name == "konsultacje"]
    assert len(groups) == 1
    assert "Uwagi mieszkańców" in [str(sub.label) for sub in groups[0].menu.menu_items_for_request(request)]
    assert "Uwagi mieszkańców" not in [str(item.label) for item in items]
