"""Downloads of the public "zestawienie uwag": only published results, never personal data.

The rows follow the draft act's order (general remarks first, then by part), with the statutory
columns: Lp., part of the document, remark, proposed wording, justification, the city's
position, its reasoning, channel. As CSV (UTF-8 with a byte-order mark, `;`-separated, as
Polish spreadsheet programs open it), JSON, and a .docx table for the Public Information
Bulletin (BIP).
"""

import csv
import io
import re

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from consultation.models import ConsultationPage
from home.spreadsheet import neutralise_formula

from .models import Channel, Position, Remark
from .models.remarks import tally

# The public columns, in the statutory order; author name, e-mail and organisation are never among them.
PUBLIC_COLUMNS = (
    "number",
    "section",
    "text",
    "proposed_wording",
    "justification",
    "position",
    "reasoning",
    "channel",
    "section_text",
    "received_on",
)


def column_headings():
    return {
        "number": _("Lp."),
        "section": _("Część dokumentu"),
        "text": _("Treść uwagi"),
        "proposed_wording": _("Proponowane brzmienie"),
        "justification": _("Uzasadnienie uwagi"),
        "position": _("Stanowisko miasta"),
        "reasoning": _("Uzasadnienie stanowiska"),
        "channel": _("Forma zgłoszenia"),
        "section_text": _("Treść części w chwili zgłoszenia"),
        "received_on": _("Data wpływu"),
    }


# The .docx table for the BIP: the statutory columns only.
DOCX_COLUMNS = PUBLIC_COLUMNS[:8]


# Characters XML 1.0 cannot hold; python-docx refuses them, a pasted remark may carry them.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _docx_text(value):
    return _NOT_IN_XML.sub("", str(value))


def _published_consultation(consultation_id):
    consultation = ConsultationPage.objects.live().public().filter(pk=consultation_id).first()
    if consultation is None or not consultation.has_results:
        raise Http404
    return consultation


def public_rows(consultation, remarks=None):
    """The public columns of each published remark; `remarks` when the caller has loaded them."""
    if remarks is None:
        remarks = Remark.objects.published_for(consultation)
    for number, remark in enumerate(remarks, start=1):
        yield {
            "number": number,
            "section": str(remark.section_display),
            "text": remark.text,
            "proposed_wording": remark.proposed_wording,
            "justification": remark.justification,
            "position": str(remark.get_position_display()),
            "reasoning": remark.reasoning,
            "channel": str(remark.get_channel_display()),
            "section_text": remark.section_text,
            "received_on": timezone.localdate(remark.received_at).isoformat(),
        }


def _filename(consultation, extension):
    return f"zestawienie-uwag-{consultation.slug}.{extension}"


def remarks_csv(request, consultation_id):
    consultation = _published_consultation(consultation_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "csv")}"'
    # A byte-order mark so spreadsheet programs read Polish letters as UTF-8, and the semicolon
    # they expect in a Polish locale (the comma is the decimal separator there).
    response.write("\ufeff")
    writer = csv.DictWriter(response, fieldnames=PUBLIC_COLUMNS, delimiter=";")
    writer.writerow(column_headings())
    writer.writerows(
        {name: neutralise_formula(value) for name, value in row.items()} for row in public_rows(consultation)
    )
    return response


def remarks_json(request, consultation_id):
    consultation = _published_consultation(consultation_id)
    # The counts come from the rows loaded for the list: no query of their own.
    published = list(Remark.objects.published_for(consultation))
    response = JsonResponse(
        {
            "consultation": {
                "id": consultation.pk,
                "title": consultation.title,
                "url": consultation.full_url,
                "results_published_on": consultation.results_published_on.isoformat(),
            },
            "counts": {
                "positions": {value: count for value, _label, count in tally(published, "position", Position.choices)},
                "channels": {value: count for value, _label, count in tally(published, "channel", Channel.choices)},
            },
            "remarks": list(public_rows(consultation, published)),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(consultation, "json")}"'
    return response


def remarks_docx(request, consultation_id):
    """The zestawienie uwag as a Word table, landscape A4, for the city's BIP."""
    consultation = _published_consultation(consultation_id)
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(_("Zestawienie uwag"), level=1)
    document.add_paragraph(_docx_text(consultation.title))
    if consultation.act_title:
        document.add_paragraph(_docx_text(consultation.act_title))
    headings = column_headings()
    table = document.add_table(rows=1, cols=len(DOCX_COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, DOCX_COLUMNS, strict=True):
        cell.text = str(headings[name])
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in public_rows(consultation):
        cells = table.add_row().cells
        for cell, name in zip(cells, DOCX_COLUMNS, strict=True):
            cell.text = _docx_text(row[name])
    buffer = io.BytesIO()
    document.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "docx")}"'
    return response
