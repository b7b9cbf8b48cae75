from .attempts import AttemptWindow
from .contact import ContactPage
from .remarks import Channel, Position, Remark, RemarkQuerySet, TriageStatus
from .survey import SurveyField, SurveyPage, SurveySubmission
from .tokens import UsedFormToken

__all__ = [
    "AttemptWindow",
    "Channel",
    "ContactPage",
    "Position",
    "Remark",
    "RemarkQuerySet",
    "SurveyField",
    "SurveyPage",
    "SurveySubmission",
    "TriageStatus",
    "UsedFormToken",
]
