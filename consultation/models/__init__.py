from .calendar_page import CalendarPage
from .draft_act import ActUnit, numbered
from .meetings import MAX_OCCURRENCES, Meeting, MeetingKind
from .open_data import Licence, OpenDataPage
from .pages import ConsultationDocument, ConsultationPage, Method, SubjectType
from .register import ConsultationIndexPage
from .status import STATUS_FILTERS, ConsultationQuerySet, Status, status_of
from .taxonomy import Department, District, Topic

__all__ = [
    "ActUnit",
    "MAX_OCCURRENCES",
    "STATUS_FILTERS",
    "CalendarPage",
    "ConsultationDocument",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationQuerySet",
    "Department",
    "District",
    "Licence",
    "Meeting",
    "MeetingKind",
    "Method",
    "OpenDataPage",
    "Status",
    "SubjectType",
    "Topic",
    "numbered",
    "status_of",
]
