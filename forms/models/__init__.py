from .contact import ContactPage
from .remarks import Channel, Position, Remark, RemarkQuerySet, TriageStatus
from .survey import SurveyField, SurveyPage, SurveySubmission

__all__ = [
    "Channel",
    "ContactPage",
    "Position",
    "Remark",
    "RemarkQuerySet",
    "SurveyField",
    "SurveyPage",
    "SurveySubmission",
    "TriageStatus",
]
