"""The consultations in the open data API: the register's filters as query parameters of
/api/v2/pages/?type=consultation.ConsultationPage, and a listing read in a fixed number of
queries. The API itself (the router, the endpoints) is composed in portal/api.py."""

from django.db.models import Prefetch

from wagtail.api.v2.utils import BadRequestError

from rest_framework.filters import BaseFilterBackend

from home.models import PortalSettings

from .filters import during_year
from .models import ConsultationPage, Meeting, Status
from .models.status import status_condition

# ?status=ongoing,planned  ?topic=<slug>  ?district=<slug>  ?year=2026
FILTER_PARAMETERS = frozenset(["status", "topic", "district", "year"])


def _statuses(value):
    try:
        return [Status(part.strip()) for part in value.split(",") if part.strip()]
    except ValueError as error:
        choices = ", ".join(Status.values)
        raise BadRequestError(f"status: one or more of {choices}, separated by commas") from error


def _year(value):
    try:
        year = int(value)
    except ValueError as error:
        raise BadRequestError("year: a year, e.g. 2026") from error
    if not 1 <= year <= 9999:
        raise BadRequestError("year: a year, e.g. 2026")
    return year


class ConsultationFilter(BaseFilterBackend):
    """For a listing of consultations: the derived status on each, the filters by status, topic,
    district and year, the register's order unless ?order or ?search says otherwise, and the
    related rows fetched once for the whole page of results."""

    def filter_queryset(self, request, queryset, view):
        asked = {name: request.GET[name] for name in FILTER_PARAMETERS if name in request.GET}
        if not issubclass(queryset.model, ConsultationPage):
            if asked:
                raise BadRequestError(
                    "status, topic, district and year filter consultations: add type=consultation.ConsultationPage"
                )
            return queryset
        report_due_days = PortalSettings.for_request(request).report_due_days
        queryset = queryset.with_status(report_due_days=report_due_days)
        if "status" in asked:
            queryset = queryset.filter(status_condition(_statuses(asked["status"]), report_due_days=report_due_days))
        if "topic" in asked:
            queryset = queryset.filter(topics__slug=asked["topic"])
        if "district" in asked:
            queryset = queryset.filter(districts__slug=asked["district"])
        if "year" in asked:
            queryset = during_year(queryset, _year(asked["year"]))
        if "order" not in request.GET and "search" not in request.GET:
            queryset = queryset.in_register_order()
        return queryset.select_related("department").prefetch_related(
            "topics", "districts", Prefetch("meetings", queryset=Meeting.objects.with_shared_rules())
        )
