"""The admin's editor for a meeting's "Powtarzanie": plain form controls for one rule, stored as
django-recurrence stores it (so the pages and the feeds read the same value as before).

The editor shows a rule as its parts (frequency, interval, weekdays, an end by date or by count,
cancelled and extra dates), and `recurrence_of` puts the parts back together. Dates are calendar
days in Warsaw, stored as Warsaw midnight, as consultation/occurrences.py reads them.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

import recurrence
from recurrence.exceptions import DeserializationError

from consultation.occurrences import WARSAW, to_local

FREQUENCIES = {"daily": recurrence.DAILY, "weekly": recurrence.WEEKLY, "monthly": recurrence.MONTHLY}
FREQUENCY_CHOICES = (
    ("", _("Nie powtarza się")),
    ("daily", _("Codziennie")),
    ("weekly", _("Co tydzień")),
    ("monthly", _("Co miesiąc (tego samego dnia miesiąca)")),
)
WEEKDAY_CHOICES = (
    ("0", _("poniedziałek")),
    ("1", _("wtorek")),
    ("2", _("środa")),
    ("3", _("czwartek")),
    ("4", _("piątek")),
    ("5", _("sobota")),
    ("6", _("niedziela")),
)
MAX_INTERVAL = 99
# The rule's parts the editor shows; any other part of a stored rule is kept only while the
# editor leaves the fields as they were (see RecurrenceEditorField.clean).
SHOWN_RULE_PARTS = {"byday"}
SUBFIELDS = ("freq", "interval", "end", "until", "count", "stored")
LISTS = ("byday", "exdates", "rdates")


def _day(value):
    return to_local(value).date().isoformat()


def _days(values):
    return sorted({_day(value) for value in values})


def parts_of(value):
    """The editor's fields for a stored rule (a Recurrence, its text or None)."""
    if isinstance(value, str):
        value = recurrence.deserialize(value) if value.strip() else None
    parts = {"freq": "", "interval": "1", "byday": [], "end": "", "until": "", "count": ""}
    if value is None:
        return {**parts, "exdates": [], "rdates": [], "stored": ""}
    if value.rrules:
        rule = value.rrules[0]
        parts["freq"] = next((name for name, freq in FREQUENCIES.items() if freq == rule.freq), "")
        parts["interval"] = str(rule.interval or 1)
        parts["byday"] = sorted({str(day.number) for day in rule.byday if not day.index})
        if rule.count is not None:
            parts.update(end="count", count=str(rule.count))
        elif rule.until is not None:
            parts.update(end="until", until=_day(rule.until))
    return {
        **parts,
        "exdates": _days(value.exdates),
        "rdates": _days(value.rdates),
        "stored": recurrence.serialize(value),
    }


def is_editable(value):
    """Whether the editor shows all of a stored rule (else some of it is kept but not shown)."""
    if value is None:
        return True
    if value.exrules or len(value.rrules) > 1 or value.dtstart or value.dtend:
        return False
    for rule in value.rrules:
        if rule.freq not in FREQUENCIES.values() or any(day.index for day in rule.byday):
            return False
        if rule.byday and rule.freq != recurrence.WEEKLY:
            return False
        if any(getattr(rule, part) for part in rule.byparams if part not in SHOWN_RULE_PARTS):
            return False
    return True


def _normalised(parts):
    """What the fields say, for comparing two sets of fields (blank inputs and order ignored)."""
    freq = parts.get("freq", "")
    end = _end_of(parts)
    return (
        freq,
        (parts.get("interval") or "1").strip() if freq else "",
        tuple(sorted(set(parts.get("byday", ())))) if freq == "weekly" else (),
        end if freq else "",
        (parts.get("until") or "").strip() if freq and end == "until" else "",
        (parts.get("count") or "").strip() if freq and end == "count" else "",
        tuple(sorted({day.strip() for day in parts.get("exdates", ()) if day.strip()})),
        tuple(sorted({day.strip() for day in parts.get("rdates", ()) if day.strip()})),
    )


def _end_of(parts):
    """The chosen end ("until" or "count"); a filled-in field counts as chosen."""
    end = parts.get("end", "")
    if end in ("until", "count"):
        return end
    if (parts.get("until") or "").strip() and not (parts.get("count") or "").strip():
        return "until"
    if (parts.get("count") or "").strip() and not (parts.get("until") or "").strip():
        return "count"
    return ""


def _midnight(text, message):
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(message, code="invalid_date", params={"value": text}) from None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=WARSAW)


def _whole_number(text, low, high, message):
    try:
        number = int((text or "").strip())
    except ValueError:
        raise ValidationError(message, code="invalid_number") from None
    if not low <= number <= high:
        raise ValidationError(message, code="invalid_number")
    return number


def _dates(texts):
    errors, found = [], []
    for text in texts:
        if not text.strip():
            continue
        try:
            found.append(_midnight(text, _("„%(value)s” nie jest poprawną datą.")))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return sorted(set(found))


def _rule(parts):
    freq = parts.get("freq", "")
    if freq not in FREQUENCIES:
        raise ValidationError(_("Wybierz, jak często spotkanie się powtarza."), code="invalid_frequency")
    interval = _whole_number(
        parts.get("interval") or "1",
        1,
        MAX_INTERVAL,
        _("Odstęp musi być liczbą całkowitą od 1 do %(max)d.") % {"max": MAX_INTERVAL},
    )
    byday = []
    if freq == "weekly":
        numbers = set()
        for number in parts.get("byday", ()):
            if number not in dict(WEEKDAY_CHOICES):
                raise ValidationError(_("Wybierz dni tygodnia z listy."), code="invalid_weekday")
            numbers.add(int(number))
        byday = [recurrence.Weekday(number) for number in sorted(numbers)]
    end = _end_of(parts)
    if end == "until":
        if not (parts.get("until") or "").strip():
            raise ValidationError(_("Podaj ostatni dzień powtarzania."), code="no_until")
        until = _midnight(parts["until"], _("Ostatni dzień powtarzania nie jest poprawną datą."))
        return recurrence.Rule(FREQUENCIES[freq], interval=interval, until=until, byday=byday)
    if end == "count":
        count = _whole_number(
            parts.get("count"), 1, 10_000, _("Liczba terminów musi być liczbą całkowitą, co najmniej 1.")
        )
        return recurrence.Rule(FREQUENCIES[freq], interval=interval, count=count, byday=byday)
    raise ValidationError(
        _("Spotkania cykliczne muszą się kończyć: ustaw „do dnia” albo liczbę powtórzeń."), code="no_end"
    )


def recurrence_of(parts):
    """The Recurrence the fields describe (None for a one-off meeting), or ValidationError with
    every problem found."""
    errors = []
    rrules = []
    if parts.get("freq"):
        try:
            rrules.append(_rule(parts))
        except ValidationError as error:
            errors.append(error)
    found = {}
    for name in ("exdates", "rdates"):
        try:
            found[name] = _dates(parts.get(name, ()))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    if not rrules and not found["rdates"]:
        # Cancelled dates of a meeting that does not repeat cancel nothing.
        return None
    return recurrence.Recurrence(rrules=rrules, exdates=found["exdates"], rdates=found["rdates"])


class RecurrenceEditor(forms.Widget):
    """Frequency, interval, weekdays, an end, cancelled and extra dates, and a preview of the
    dates (consultation/static/consultation/recurrence-editor.js asks recurrence_preview)."""

    template_name = "consultation/widgets/recurrence_editor.html"

    class Media:
        css = {"all": ["consultation/recurrence-editor.css"]}
        js = ["consultation/recurrence-editor.js"]

    def id_for_label(self, id_):
        # The field's label names the first control, the frequency.
        return f"{id_}-freq" if id_ else id_

    def value_from_datadict(self, data, files, name):
        parts = {part: data.get(f"{name}-{part}", "") for part in SUBFIELDS}
        for part in LISTS:
            parts[part] = (
                data.getlist(f"{name}-{part}") if hasattr(data, "getlist") else data.get(f"{name}-{part}", [])
            )
        return parts

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}-") for key in data)

    def format_value(self, value):
        if isinstance(value, dict):
            return {**parts_of(None), **value}
        return parts_of(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = context["widget"]["value"]
        stored = parts.get("stored") or ""
        try:
            editable = is_editable(recurrence.deserialize(stored)) if stored.strip() else True
        except (DeserializationError, ValueError):
            editable = True
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context.update(
            editor_id=widget_id,
            parts=parts,
            editable=editable,
            frequency_choices=FREQUENCY_CHOICES,
            weekday_choices=[(number, label, number in parts["byday"]) for number, label in WEEKDAY_CHOICES],
            # One empty input after the dates so the list grows without JavaScript too.
            exdate_inputs=[*parts["exdates"], ""],
            rdate_inputs=[*parts["rdates"], ""],
            preview_url=reverse("consultation_recurrence_preview"),
        )
        return context


class RecurrenceEditorField(forms.Field):
    """The recurrence field of the admin: parts in, a django-recurrence Recurrence (or None) out."""

    widget = RecurrenceEditor

    def to_python(self, value):
        if value is None or isinstance(value, recurrence.Recurrence):
            return value
        if isinstance(value, str):
            return recurrence.deserialize(value) if value.strip() else None
        stored = (value.get("stored") or "").strip()
        if stored:
            try:
                kept = recurrence.deserialize(stored)
            except (DeserializationError, ValueError):
                kept = None
            # Fields left as they were keep the stored rule, with any part the editor does not show.
            if kept is not None and _normalised(value) == _normalised(parts_of(kept)):
                return kept
        return recurrence_of(value)

    def validate(self, value):
        if self.required and value is None:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        try:
            before = self.to_python(initial)
            after = self.to_python(data)
        except (ValidationError, DeserializationError, ValueError):
            return True
        return _serialised(before) != _serialised(after)


def _serialised(value):
    return recurrence.serialize(value) if value is not None else ""
