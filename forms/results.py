"""Public survey results: counts per option of choice and rating questions, and their bar charts.

Free-text answers are never read here. Single-choice percentages are of the people who answered
the question; multiple-choice ones are of respondents too, so they can add up to more than 100 %.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wagtail.contrib.forms.forms import FormBuilder

CHOICE_TYPES = ("radio", "dropdown", "checkboxes", "multiselect", "rating", "checkbox")
MULTIPLE_TYPES = ("checkboxes", "multiselect")

# Chart geometry (SVG user units); the viewBox scales it to the column width.
CHART_WIDTH = 440
LABEL_HEIGHT = 24
BAR_HEIGHT = 22
ROW_GAP = 14
VALUE_SPACE = 110


@dataclass
class OptionResult:
    label: str
    count: int
    percent: float
    # Chart geometry, computed here so the template only draws.
    y_label: int = 0
    y_bar: int = 0
    y_value: int = 0
    bar_width: float = 0
    x_value: float = 0


@dataclass
class QuestionResult:
    number: int
    label: str
    multiple: bool
    answered: int
    options: list = field(default_factory=list)
    chart_height: int = 0
    chart_width: int = CHART_WIDTH
    bar_space: int = CHART_WIDTH - VALUE_SPACE


def _answer_values(value, field_type):
    if value in (None, "", []):
        return []
    if field_type == "checkbox":
        return [_("Tak")] if value is True or value == "True" else []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def _options(form_field):
    if form_field.field_type == "rating":
        return form_field.rating_choices()
    if form_field.field_type == "checkbox":
        return [(_("Tak"), _("Tak")), (_("Nie"), _("Nie"))]
    return [(value, label) for value, label in FormBuilder([]).get_formatted_field_choices(form_field) if value]


def _layout(question):
    bar_space = CHART_WIDTH - VALUE_SPACE
    y = 0
    for option in question.options:
        option.y_label = y + 18
        option.y_bar = y + LABEL_HEIGHT
        option.y_value = option.y_bar + 17
        option.bar_width = round(bar_space * min(option.percent, 100) / 100, 1)
        option.x_value = option.bar_width + 8
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    question.chart_height = max(y, 1)


def survey_results(survey_page):
    """{"total": responses, "questions": [QuestionResult]} for the page's choice and rating questions."""
    fields = [f for f in survey_page.get_form_fields() if f.field_type in CHOICE_TYPES]
    answers = list(survey_page.get_submissions().values_list("form_data", flat=True))
    questions = []
    for number, form_field in enumerate(fields, start=1):
        options = _options(form_field)
        counts = dict.fromkeys((value for value, _label in options), 0)
        answered = 0
        for data in answers:
            if form_field.field_type == "checkbox" and form_field.clean_name in data:
                # A single checkbox is always answered: ticked (Tak) or not (Nie).
                values = _answer_values(data[form_field.clean_name], "checkbox") or [_("Nie")]
            else:
                values = _answer_values(data.get(form_field.clean_name), form_field.field_type)
            known = [value for value in values if value in counts]
            if known:
                answered += 1
            for value in known:
                counts[value] += 1
        question = QuestionResult(
            number=number,
            label=form_field.label,
            multiple=form_field.field_type in MULTIPLE_TYPES,
            answered=answered,
            options=[
                OptionResult(
                    label=label,
                    count=counts[value],
                    percent=round(100 * counts[value] / answered, 1) if answered else 0.0,
                )
                for value, label in options
            ],
        )
        _layout(question)
        questions.append(question)
    return {
        "total": len(answers),
        "questions": questions,
        "has_multiple": any(question.multiple for question in questions),
    }
