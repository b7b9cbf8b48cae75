from .pages import ConsultationDocument, ConsultationIndexPage, ConsultationPage, Method, SubjectType
from .status import STATUS_FILTERS, ConsultationQuerySet, Status, status_of
from .taxonomy import Department, District, Topic

__all__ = [
    "STATUS_FILTERS",
    "ConsultationDocument",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationQuerySet",
    "Department",
    "District",
    "Method",
    "Status",
    "SubjectType",
    "Topic",
    "status_of",
]
