"""Downloads of the public "zestawienie uwag": only published results, never personal data."""

import csv

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone

from consultation.models import ConsultationPage
from home.spreadsheet import neutralise_formula

from .models import Remark

# The public columns; author name, e-mail and organisation are never among them.
PUBLIC_COLUMNS = ("number", "received_on", "channel", "text", "position", "reasoning")


def _published_consultation(consultation_id):
    consultation = ConsultationPage.objects.live().public().filter(pk=consultation_id).first()
    if consultation is None or not consultation.has_results:
        raise Http404
    return consultation


def public_rows(consultation):
    for number, remark in enumerate(Remark.objects.published_for(consultation), start=1):
        yield {
            "number": number,
            "received_on": timezone.localdate(remark.received_at).isoformat(),
            "channel": str(remark.get_channel_display()),
            "text": remark.text,
            "position": str(remark.get_position_display()),
            "reasoning": remark.reasoning,
        }


def _filename(consultation, extension):
    return f"zestawienie-uwag-{consultation.slug}.{extension}"


def remarks_csv(request, consultation_id):
    consultation = _published_consultation(consultation_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "csv")}"'
    # A byte-order mark so spreadsheet programs read Polish letters as UTF-8.
    response.write("\ufeff")
    writer = csv.DictWriter(response, fieldnames=PUBLIC_COLUMNS)
    writer.writeheader()
    writer.writerows(
        {name: neutralise_formula(value) for name, value in row.items()} for row in public_rows(consultation)
    )
    return response


def remarks_json(request, consultation_id):
    consultation = _published_consultation(consultation_id)
    remarks = list(public_rows(consultation))
    published = Remark.objects.published_for(consultation)
    response = JsonResponse(
        {
            "consultation": {
                "id": consultation.pk,
                "title": consultation.title,
                "url": consultation.full_url,
                "results_published_on": consultation.results_published_on.isoformat(),
            },
            "counts": {
                "positions": {value: count for value, _label, count in published.position_counts()},
                "channels": {value: count for value, _label, count in published.channel_counts()},
            },
            "remarks": remarks,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(consultation, "json")}"'
    return response
