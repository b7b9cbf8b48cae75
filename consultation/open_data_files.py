"""Open data files under pages (Wagtail's page routes take no dots):

- the register as files: /konsultacje/rejestr.csv and /konsultacje/rejestr.json, with the
  register's filters of the query string applied (?status=trwajace&temat=zielen&obszar=…&rok=…).
  The CSV is for a Polish spreadsheet app (home.spreadsheet); the JSON uses the field names of
  the open data API. Both are described on the "Otwarte dane" page;
- the DCAT-AP catalogue of the datasets: /otwarte-dane/katalog.rdf (RDF/XML, what dane.gov.pl
  harvests) and /otwarte-dane/katalog.ttl (Turtle), built by consultation/catalogue.py."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

from home.freshness import changes_on_next_day
from home.models import PortalSettings
from home.spreadsheet import write_spreadsheet_csv

from .catalogue import catalogue_graph
from .filters import RegisterFilter
from .ical import live_page_at
from .models import ConsultationIndexPage, OpenDataPage, Status

FILENAME = "rejestr-konsultacji"

# The CSV's columns: the JSON's field and the heading a spreadsheet shows.
CSV_COLUMNS = (
    ("id", _("Identyfikator")),
    ("title", _("Tytuł")),
    ("status_label", _("Status")),
    ("start_date", _("Data rozpoczęcia")),
    ("end_date", _("Data zakończenia")),
    ("subject_type_label", _("Przedmiot konsultacji")),
    ("legal_basis", _("Podstawa prawna")),
    ("topics", _("Tematy")),
    ("districts", _("Dzielnice")),
    ("department", _("Wydział prowadzący")),
    ("results_published_on", _("Data publikacji wyników")),
    ("url", _("Adres strony")),
    ("lead", _("Zajawka")),
)


def _iso(day):
    return day.isoformat() if day else None


def _terms(related):
    return [{"slug": term.slug, "name": term.name} for term in related.all()]


def consultation_record(consultation, request):
    """One consultation as the files give it (the API's field names)."""
    return {
        "id": consultation.pk,
        "title": consultation.title,
        "url": consultation.get_full_url(request),
        "lead": consultation.lead,
        "status": consultation.status.value,
        "status_label": str(consultation.status_label),
        "start_date": _iso(consultation.start_date),
        "end_date": _iso(consultation.end_date),
        "subject_type": consultation.subject_type,
        "subject_type_label": str(consultation.get_subject_type_display()),
        "legal_basis": consultation.legal_basis,
        "topics": _terms(consultation.topics),
        "districts": _terms(consultation.districts),
        "department": consultation.department.name if consultation.department else None,
        "results_published_on": _iso(consultation.results_published_on),
    }


def _csv_cell(value):
    if isinstance(value, list):
        return ", ".join(term["name"] for term in value)
    return value


def register_file(request, page_path, extension):
    register = live_page_at(request, page_path, (ConsultationIndexPage,))
    report_due_days = PortalSettings.for_request(request).report_due_days
    register_filter = RegisterFilter(
        request.GET, register.consultations().with_status(report_due_days=report_due_days)
    )
    consultations = (
        register_filter.queryset()
        .in_register_order()
        .select_related("department")
        .prefetch_related("topics", "districts")
    )
    records = [consultation_record(consultation, request) for consultation in consultations]
    if any(record["status"] != Status.RESULTS for record in records):
        changes_on_next_day(request)  # statuses change at midnight
    if extension == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{FILENAME}.csv"'
        write_spreadsheet_csv(
            response,
            [label for _key, label in CSV_COLUMNS],
            ([_csv_cell(record[key]) for key, _label in CSV_COLUMNS] for record in records),
        )
        return response
    response = JsonResponse(
        {
            "register": register.get_full_url(request),
            "filters": {name: str(value) for name, value in register_filter.values.items()},
            "count": len(records),
            "consultations": records,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = f'inline; filename="{FILENAME}.json"'
    return response


CATALOGUE_FORMATS = {
    "rdf": ("pretty-xml", "application/rdf+xml; charset=utf-8"),
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
}


def catalogue_file(request, page_path, extension):
    page = live_page_at(request, page_path, (OpenDataPage,))
    rdf_format, content_type = CATALOGUE_FORMATS[extension]
    body = catalogue_graph(page, request).serialize(format=rdf_format, encoding="utf-8")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="katalog.{extension}"'
    return response
