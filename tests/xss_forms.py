"""The resident forms of the XSS corpus's portal (tests/xss_site.py): the contact page, surveys with
every field type and hostile labels, choices and answers, and a remark from every channel.
"""

from forms.models import Channel, ContactPage, Position, Remark, SurveyField, SurveyPage, SurveySubmission
from tests.xss_content import HOSTILE_EMAIL, page_texts, rich_text
from tests.xss_support import FORMULAS, payload

INTRO_FEATURES = ["bold", "italic", "ol", "ul", "link"]

SURVEY_TYPES = [
    ("singleline", ""),
    ("multiline", ""),
    ("email", ""),
    ("checkbox", ""),
    ("checkboxes", "choices"),
    ("dropdown", "choices"),
    ("multiselect", "choices"),
    ("radio", "choices"),
    ("rating", ""),
    ("hidden", ""),
]


def survey_fields(survey, tag):
    fields = []
    for order, (field_type, with_choices) in enumerate(SURVEY_TYPES):
        choices = ""
        if with_choices:
            choices = "\n".join(payload(tag=f"{tag}-{field_type}-choice{n}", crlf=False) for n in (1, 2))
        label_formula = FORMULAS[3] if order == 0 else ""
        fields.append(
            SurveyField.objects.create(
                page=survey,
                sort_order=order,
                label=payload(255, f"{tag}-{field_type}", crlf=False, formula=label_formula),
                help_text=payload(255, f"{tag}-{field_type}-help", crlf=False),
                field_type=field_type,
                choices=choices,
                default_value=payload(tag=f"{tag}-{field_type}-default", crlf=False) if field_type == "hidden" else "",
                rating_low_label=payload(60, f"{tag}-low", crlf=False),
                rating_high_label=payload(60, f"{tag}-high", crlf=False),
                required=False,
            )
        )
    return fields


def hostile_answers(survey):
    """A submission whose every answer is hostile: text, and the first option of every choice."""
    answers = {}
    for field in survey.get_form_fields():
        options = [line for line in field.choices.splitlines() if line]
        if field.field_type in ("checkboxes", "multiselect"):
            answers[field.clean_name] = options
        elif field.field_type in ("dropdown", "radio"):
            answers[field.clean_name] = options[0]
        elif field.field_type == "rating":
            answers[field.clean_name] = "5"
        elif field.field_type == "checkbox":
            answers[field.clean_name] = True
        elif field.field_type == "email":
            answers[field.clean_name] = HOSTILE_EMAIL
        else:
            answers[field.clean_name] = FORMULAS[0] + payload(tag="answer")
    return answers


def hostile_contact_page(home):
    contact = ContactPage(
        slug="kontakt",
        intro=rich_text("contact-intro", INTRO_FEATURES),
        thank_you_text=rich_text("contact-thanks", INTRO_FEATURES),
        confirmation_text=payload(tag="contact-confirmation"),
        **page_texts("contact"),
    )
    home.add_child(instance=contact)
    return contact


def hostile_surveys(ongoing, finished):
    """An open survey under the ongoing consultation, a closed one with public results under the
    finished one; each with every field type and one hostile submission."""
    open_survey = SurveyPage(
        slug="ankieta",
        intro=rich_text("survey-intro", INTRO_FEATURES),
        thank_you_text=rich_text("survey-thanks", INTRO_FEATURES),
        subject="Ankieta\r\nBcc: evil@example.com " + payload(200, "survey-subject"),
        confirmation_text=payload(tag="survey-confirmation"),
        send_confirmation=True,
        **page_texts("survey"),
    )
    ongoing.add_child(instance=open_survey)
    survey_fields(open_survey, "survey")
    closed_survey = SurveyPage(slug="ankieta", results_public=True, **page_texts("closed-survey"))
    finished.add_child(instance=closed_survey)
    survey_fields(closed_survey, "closed-survey")
    SurveySubmission.objects.create(page=closed_survey, form_data=hostile_answers(closed_survey))
    SurveySubmission.objects.create(page=open_survey, form_data=hostile_answers(open_survey))
    return open_survey, closed_survey


def hostile_remarks(consultation):
    """One answered remark per channel, each starting with a spreadsheet formula."""
    return [
        Remark.objects.create(
            consultation=consultation,
            channel=channel,
            author_name=formula + payload(200 - len(formula), f"remark-{n}-name"),
            author_email=HOSTILE_EMAIL,
            author_organisation=payload(200, f"remark-{n}-organisation"),
            subject=formula + payload(200 - len(formula), f"remark-{n}-subject"),
            text=formula + payload(tag=f"remark-{n}-text"),
            position=Position.PARTLY_ACCEPTED,
            reasoning=formula + payload(tag=f"remark-{n}-reasoning"),
        )
        for n, (formula, channel) in enumerate(zip(FORMULAS, Channel.values, strict=True))
    ]
