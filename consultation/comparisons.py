"""Consultation values in the admin's revision comparison as an editor reads them, registered with
Wagtail's public `register_comparison_class` (consultation/apps.py): a meeting's "Powtarzanie" as
its rule reads ("Co tydzień; w dni: wtorek; do 24 listopada 2026; odwołane: 10 listopada 2026"),
not the stored RRULE text or "None"; a consultation's methods by their names, not their codes."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.admin.compare import TextFieldComparison

from .models.pages import Method
from .recurrence_editor import FREQUENCY_CHOICES, WEEKDAY_CHOICES, parts_of


def _dates(days):
    return ", ".join(date_format(datetime.date.fromisoformat(day), "j E Y") for day in days)


def describe(value):
    """A stored rule (a Recurrence, its text or None) in the admin's words."""
    parts = parts_of(value)
    if not parts["freq"] and not parts["rdates"]:
        return str(dict(FREQUENCY_CHOICES)[""])
    described = [str(dict(FREQUENCY_CHOICES).get(parts["freq"], dict(FREQUENCY_CHOICES)[""]))]
    if parts["freq"] and parts["interval"] != "1":
        described.append(_("odstęp: %(interval)s") % {"interval": parts["interval"]})
    if parts["byday"]:
        weekdays = dict(WEEKDAY_CHOICES)
        described.append(_("w dni: %(days)s") % {"days": ", ".join(str(weekdays[day]) for day in parts["byday"])})
    if parts["end"] == "until":
        described.append(_("do %(date)s") % {"date": _dates([parts["until"]])})
    elif parts["end"] == "count":
        described.append(_("liczba terminów: %(count)s") % {"count": parts["count"]})
    if parts["exdates"]:
        described.append(_("odwołane: %(dates)s") % {"dates": _dates(parts["exdates"])})
    if parts["rdates"]:
        described.append(_("dodatkowe: %(dates)s") % {"dates": _dates(parts["rdates"])})
    return "; ".join(described)


class RecurrenceComparison(TextFieldComparison):
    def __init__(self, field, obj_a, obj_b):
        super().__init__(field, obj_a, obj_b)
        self.val_a = describe(self.val_a)
        self.val_b = describe(self.val_b)


class MethodsComparison(TextFieldComparison):
    def __init__(self, field, obj_a, obj_b):
        super().__init__(field, obj_a, obj_b)
        self.val_a = describe_methods(self.val_a)
        self.val_b = describe_methods(self.val_b)


def describe_methods(values):
    labels = dict(Method.choices)
    return ", ".join(str(labels.get(value, value)) for value in values or ())
