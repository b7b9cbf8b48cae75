"""What the recurrence editor shows beside its fields: the next dates of the meeting as the
calendar computes them (consultation/occurrences.py), and a warning (never an error) when dates
fall outside the consultation's period; the same warning follows a save of the page, with one for
cancelled days that are none of the meeting's dates."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from consultation.models import MAX_OCCURRENCES, ConsultationPage, Meeting
from consultation.occurrences import (
    count_occurrences,
    local_now,
    meeting_occurrences,
    next_dates,
    series_end,
    stray_cancellations,
)
from consultation.recurrence_editor import LISTS, SUBFIELDS, RecurrenceEditorField

PREVIEW_LIMIT = 8
DAY = "j E Y"


def dates_outside(meeting, first_day, last_day):
    """The meeting's occurrences on days outside [first_day, last_day], in order ([] for a rule
    without an end, which saving refuses anyway)."""
    end = series_end(meeting)
    if end is None:
        return []
    return [
        occurrence
        for occurrence in meeting_occurrences(meeting, meeting.start, end)
        if not first_day <= occurrence.date <= last_day
    ]


def period_text(first_day, last_day):
    return f"{date_format(first_day, DAY)} – {date_format(last_day, DAY)}"


def outside_text(outside, first_day, last_day):
    return _(
        "Terminy poza okresem konsultacji (%(period)s): %(count)d, pierwszy: %(first)s. "
        "Jeśli to pomyłka, zmień powtarzanie."
    ) % {
        "period": period_text(first_day, last_day),
        "count": len(outside),
        "first": date_format(outside[0].start, DAY),
    }


def warn_about_meetings_outside(request, page):
    """After a save: a warning for each meeting of the consultation with dates outside its period."""
    if not isinstance(page, ConsultationPage) or not (page.start_date and page.end_date):
        return
    for meeting in page.meetings.all():
        if not (meeting.start and meeting.end):
            continue
        outside = dates_outside(meeting, page.start_date, page.end_date)
        if outside:
            messages.warning(
                request,
                _("Spotkanie „%(title)s”: %(problem)s")
                % {"title": meeting.title, "problem": outside_text(outside, page.start_date, page.end_date)},
            )
        stray = stray_cancellations(meeting)
        if stray:
            messages.warning(
                request,
                _(
                    "Spotkanie „%(title)s”: odwołane dni, w które spotkania i tak nie ma: %(days)s. Nic nie odwołano; sprawdź daty."
                )
                % {"title": meeting.title, "days": ", ".join(date_format(day, DAY) for day in stray)},
            )


def _read(field, value):
    try:
        return field.clean(value)
    except ValidationError:
        return None


def _occurrence_text(occurrence, outside):
    text = f"{date_format(occurrence.start, f'l, {DAY}, H:i')}–{occurrence.end_time}"
    if occurrence.cancelled:
        return _("%(date)s – odwołany") % {"date": text}
    if outside:
        return _("%(date)s – poza okresem konsultacji") % {"date": text}
    return text


def _messages(error):
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


@require_GET
def recurrence_preview(request):
    """The preview for the editor's fields (`r-…`), the meeting's start and end and the
    consultation's period, as JSON: a summary, the next dates, a warning and errors."""
    parts = {part: request.GET.get(f"r-{part}", "") for part in SUBFIELDS}
    parts.update({part: request.GET.getlist(f"r-{part}") for part in LISTS})
    start = _read(forms.DateTimeField(required=False), request.GET.get("start", ""))
    end = _read(forms.DateTimeField(required=False), request.GET.get("end", ""))
    first_day = _read(forms.DateField(required=False), request.GET.get("period_start", ""))
    last_day = _read(forms.DateField(required=False), request.GET.get("period_end", ""))
    answer = {"summary": "", "warning": "", "errors": [], "dates": []}
    try:
        rule = RecurrenceEditorField(required=False).clean(parts)
    except ValidationError as error:
        answer["errors"] = _messages(error)
        return JsonResponse(answer)
    if start is None or end is None:
        answer["summary"] = _("Podaj początek i koniec pierwszego spotkania, aby zobaczyć jego terminy.")
        return JsonResponse(answer)
    meeting = Meeting(title="", start=start, end=end, recurrence=rule)
    try:
        meeting.clean()
    except ValidationError as error:
        answer["errors"] = _messages(error)
        return JsonResponse(answer)
    period = first_day is not None and last_day is not None and first_day <= last_day
    outside = dates_outside(meeting, first_day, last_day) if period else []
    outside_days = {occurrence.start for occurrence in outside}
    upcoming = next_dates(meeting, local_now(), PREVIEW_LIMIT)
    answer["dates"] = [
        {
            "text": _occurrence_text(occurrence, occurrence.start in outside_days),
            "cancelled": occurrence.cancelled,
            "outside": occurrence.start in outside_days,
        }
        for occurrence in upcoming
    ]
    last = series_end(meeting)
    total = count_occurrences(meeting, MAX_OCCURRENCES)
    summary = _("Terminów w sumie: %(count)d; ostatni: %(last)s.") % {
        "count": total,
        "last": date_format(last - (meeting.end - meeting.start), DAY),
    }
    if not any(not occurrence.cancelled for occurrence in upcoming):
        # Outside the f-string, where gettext's extractor sees it.
        all_passed = _("Wszystkie terminy już minęły.")
        summary = f"{summary} {all_passed}"
    answer["summary"] = summary
    if outside:
        answer["warning"] = outside_text(outside, first_day, last_day)
    return JsonResponse(answer)
