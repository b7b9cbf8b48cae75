"""A whole portal whose every editor-facing text field holds a hostile value (tests.xss_support).

`hostile_site()` builds it through the ORM in about a second: settings, snippets, images,
documents, every page type with every StreamField block, meetings, surveys, the contact form,
remarks and a search promotion. Rich text goes through Wagtail's own editor converter
(Draft.js content state → database HTML), the path an editor's typing takes. Each value ends
with `#<field>`, so a failing check shows which field leaked.
"""

import datetime
import json
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Site

import pytest
import recurrence

from consultation.models import (
    CalendarPage,
    ConsultationDocument,
    ConsultationIndexPage,
    ConsultationPage,
    Department,
    District,
    Meeting,
    MeetingKind,
    Topic,
)
from consultation.models.status import warsaw_today
from consultation.occurrences import WARSAW
from documents.models import PortalDocument, PublicationsPage
from documents.pdf_writer import make_pdf
from forms.models import Channel, ContactPage, Position, Remark, SurveyField, SurveyPage, SurveySubmission
from home.blocks import RICH_TEXT_FEATURES
from home.models import (
    FundingLogo,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PortalImage,
    PortalSettings,
    SocialLink,
    StandardPage,
)
from tests.factories import png_bytes
from tests.xss_support import FORMULAS, HTML_PIECES, payload

# Valid http(s) addresses (URLField accepts them) that still try to break out of href="…".
HOSTILE_HTTP_URL = "https://example.com/?q=\"><script>alert(1337)</script>&r='onmouseover=alert(1337)//"
# A quoted local part makes this a valid address for Django's EmailValidator.
HOSTILE_EMAIL = '"<script>alert(1337)</script>"@example.com'
EMBED_URL = "https://www.youtube.com/watch?v=xss1337"
# Words every hostile value contains, for searching.
SEARCH_QUERY = "ssti alert"


def rich_text(tag, features=RICH_TEXT_FEATURES):
    """Database HTML as Wagtail's editor saves it: hostile text, a javascript: link, a data: link
    and a valid but hostile https link."""
    blocks, entities = [], {}
    for number, text in enumerate([payload(tag=f"{tag}-p1"), "javascript", "data", "https"]):
        block = {"key": f"b{number}", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": []}
        block["entityRanges"] = []
        if number:
            url = {
                "javascript": "javascript:alert(1337)",
                "data": "data:text/html,<script>alert(1337)</script>",
                "https": HOSTILE_HTTP_URL,
            }[text]
            entities[str(number)] = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
            block["entityRanges"] = [{"offset": 0, "length": len(text), "key": number}]
        blocks.append(block)
    state = {"blocks": blocks, "entityMap": entities}
    return ContentstateConverter(features=features).to_database_format(json.dumps(state))


def image(tag):
    return PortalImage.objects.create(
        title=payload(255, f"{tag}-title"),
        description=payload(255, f"{tag}-alt"),
        credit=payload(255, f"{tag}-credit"),
        file=ContentFile(png_bytes(), name="xss.png"),
    )


def document(tag):
    return PortalDocument.objects.create(
        title=payload(255, f"{tag}-title", crlf=False),
        description=payload(tag=f"{tag}-description"),
        file=ContentFile(make_pdf("Dokument ssti alert", ["".join(HTML_PIECES), "ssti alert"]), name="xss.pdf"),
    )


def body(tag, figure, doc, form_page=None):
    """Every block of BodyBlock, each text in it hostile."""
    blocks = [
        ("heading", {"text": payload(200, f"{tag}-heading"), "level": "h2"}),
        ("paragraph", rich_text(f"{tag}-paragraph")),
        (
            "image",
            {
                "image": {"image": figure.pk, "decorative": False, "alt_text": payload(255, f"{tag}-image-alt")},
                "caption": payload(300, f"{tag}-caption"),
            },
        ),
        ("quote", {"text": payload(tag=f"{tag}-quote"), "attribution": payload(200, f"{tag}-attribution")}),
        (
            "call_to_action",
            {
                "title": payload(200, f"{tag}-cta-title"),
                "text": payload(tag=f"{tag}-cta-text"),
                "page": None,
                "url": HOSTILE_HTTP_URL,
                "button_label": payload(80, f"{tag}-cta-label"),
            },
        ),
        (
            "accordion",
            {
                "heading": payload(200, f"{tag}-accordion"),
                "items": [{"question": payload(300, f"{tag}-question"), "answer": rich_text(f"{tag}-answer")}],
            },
        ),
        (
            "table",
            {
                "data": [
                    [payload(tag=f"{tag}-cell-a"), payload(tag=f"{tag}-cell-b")],
                    [FORMULAS[0], payload(tag=f"{tag}-cell-c")],
                ],
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": payload(tag=f"{tag}-table-caption"),
            },
        ),
        (
            "embed",
            {"embed": EMBED_URL, "title": payload(200, f"{tag}-embed-title"), "transcript": payload(tag=f"{tag}-tr")},
        ),
        ("documents", {"heading": payload(200, f"{tag}-documents"), "documents": [doc.pk]}),
    ]
    if form_page is not None:
        blocks.append(("embedded_form", {"form_page": form_page.pk, "heading": payload(200, f"{tag}-form")}))
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def page_texts(tag, formula=""):
    return {
        "title": payload(255, f"{tag}-title", crlf=False, formula=formula),
        "seo_title": payload(255, f"{tag}-seo", crlf=False),
        "search_description": payload(tag=f"{tag}-description"),
    }


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


def hostile_site():
    home = HomePage.objects.get(depth=2)
    site = Site.objects.get(is_default_site=True)
    today = warsaw_today()
    day = datetime.timedelta(days=1)

    crest = image("crest")
    portal = PortalSettings.for_site(site)
    for name, limit in [("city_name", 100), ("portal_name", 150), ("office_name", 200), ("phone", 50)]:
        setattr(portal, name, payload(limit, f"settings-{name}", crlf=False))
    for name in ("address", "office_hours", "footer_text", "privacy_notice"):
        setattr(portal, name, payload(tag=f"settings-{name}"))
    portal.email = HOSTILE_EMAIL
    portal.staff_email = "zespol@example.com"
    portal.crest = crest
    portal.save()
    FundingLogo.objects.create(
        settings=portal, image=image("logo"), alt_text=payload(255, "logo-alt"), link=HOSTILE_HTTP_URL
    )
    SocialLink.objects.create(settings=portal, name=payload(50, "social", crlf=False), url=HOSTILE_HTTP_URL)

    topic = Topic.objects.create(name=payload(100, "topic", crlf=False), slug="temat-xss")
    district = District.objects.create(name=payload(100, "district", crlf=False), slug="dzielnica-xss")
    department = Department.objects.create(
        name=payload(200, "department", crlf=False), email=HOSTILE_EMAIL, phone=payload(50, "dep-phone", crlf=False)
    )

    figure = image("figure")
    doc = document("document")

    home.hero_title = payload(200, "hero-title")
    home.hero_text = payload(tag="hero-text")
    home.hero_link_text = payload(80, "hero-link")
    home.hero_image = figure
    home.social_image = figure
    for name, value in page_texts("home").items():
        setattr(home, name, value)
    home.save()

    contact = ContactPage(
        slug="kontakt",
        intro=rich_text("contact-intro", ["bold", "italic", "ol", "ul", "link"]),
        thank_you_text=rich_text("contact-thanks", ["bold", "italic", "ol", "ul", "link"]),
        confirmation_text=payload(tag="contact-confirmation"),
        **page_texts("contact"),
    )
    home.add_child(instance=contact)
    home.hero_link = contact
    home.body = body("home-body", figure, doc, form_page=contact)
    home.save()

    text_page = StandardPage(slug="strona-xss", intro=payload(tag="standard-intro"), **page_texts("standard"))
    home.add_child(instance=text_page)
    news_index = NewsIndexPage(slug="aktualnosci", intro=payload(tag="news-index-intro"), **page_texts("news-index"))
    home.add_child(instance=news_index)
    news = NewsPage(
        slug="wiadomosc-xss", lead=payload(tag="news-lead"), image=figure, date=today, **page_texts("news")
    )
    news_index.add_child(instance=news)

    register = ConsultationIndexPage(slug="konsultacje", intro=payload(tag="register-intro"))
    register.title = payload(255, "register-title", crlf=False)
    home.add_child(instance=register)
    calendar = CalendarPage(slug="kalendarz", intro=payload(tag="calendar-intro"), **page_texts("calendar"))
    home.add_child(instance=calendar)
    publications = PublicationsPage(
        slug="publikacje", intro=payload(tag="publications-intro"), **page_texts("publications")
    )
    home.add_child(instance=publications)

    def consultation(tag, slug, start, end, published=None):
        page = ConsultationPage(
            slug=slug,
            lead=payload(tag=f"{tag}-lead"),
            easy_read_summary=payload(tag=f"{tag}-etr"),
            legal_basis=payload(tag=f"{tag}-legal"),
            participants=payload(tag=f"{tag}-participants"),
            written_address=payload(tag=f"{tag}-written"),
            consultation_point=payload(tag=f"{tag}-point"),
            contact_name=payload(150, f"{tag}-contact"),
            contact_email=HOSTILE_EMAIL,
            contact_phone=payload(50, f"{tag}-phone", crlf=False),
            department=department,
            start_date=today + start * day,
            end_date=today + end * day,
            methods=["survey", "contact_form", "email", "written", "point", "meetings"],
            results_summary=rich_text(f"{tag}-summary", ["h3", "h4", "bold", "italic", "ol", "ul", "link"]),
            results_changes=rich_text(f"{tag}-changes", ["h3", "h4", "bold", "italic", "ol", "ul", "link"]),
            results_published_on=today + published * day if published is not None else None,
            report_document=doc,
            **page_texts(tag, formula=FORMULAS[0]),
        )
        register.add_child(instance=page)
        page.topics.set([topic])
        page.districts.set([district])
        page.save()
        ConsultationDocument.objects.create(page=page, document=doc, title=payload(255, f"{tag}-doc-title"))
        return page

    ongoing = consultation("ongoing", "trwajace-xss", -5, 20)
    finished = consultation("finished", "zakonczone-xss", -40, -10, published=-2)

    start = datetime.datetime.combine(today + 2 * day, datetime.time(17), tzinfo=WARSAW)
    meetings = [
        Meeting.objects.create(
            page=ongoing,
            title=payload(200, f"meeting-{n}-title"),
            kind=kind,
            start=start + n * day,
            end=start + n * day + datetime.timedelta(hours=2),
            recurrence=recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY, count=3)]) if n else None,
            place_name=payload(200, f"meeting-{n}-place"),
            address=payload(255, f"meeting-{n}-address"),
            online_url=HOSTILE_HTTP_URL,
            accessibility_note=payload(tag=f"meeting-{n}-accessibility"),
            registration_note=payload(tag=f"meeting-{n}-registration"),
        )
        for n, kind in enumerate([MeetingKind.OPEN, MeetingKind.ONLINE])
    ]

    open_survey = SurveyPage(
        slug="ankieta",
        intro=rich_text("survey-intro", ["bold", "italic", "ol", "ul", "link"]),
        thank_you_text=rich_text("survey-thanks", ["bold", "italic", "ol", "ul", "link"]),
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

    text_page.body = body("standard-body", figure, doc, form_page=open_survey)
    text_page.save()
    news.body = body("news-body", figure, doc)
    news.save()
    ongoing.body = body("ongoing-body", figure, doc)
    ongoing.save()

    Embed.objects.create(
        url=EMBED_URL,
        max_width=None,
        hash=get_embed_hash(EMBED_URL, None, None),
        type="video",
        html='<iframe title="Film" src="https://www.youtube-nocookie.com/embed/xss1337"></iframe>',
        title=payload(tag="embed-provider-title"),
        thumbnail_url="",
    )

    remarks = [
        Remark.objects.create(
            consultation=finished,
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

    query = Query.get(SEARCH_QUERY)
    promotion = SearchPromotion.objects.create(
        query=query,
        external_link_url=HOSTILE_HTTP_URL,
        external_link_text=payload(200, "promotion-title"),
        description=payload(tag="promotion-description"),
    )

    return SimpleNamespace(
        site=site,
        home=home,
        contact=contact,
        text_page=text_page,
        news_index=news_index,
        news=news,
        register=register,
        calendar=calendar,
        publications=publications,
        ongoing=ongoing,
        finished=finished,
        meetings=meetings,
        open_survey=open_survey,
        closed_survey=closed_survey,
        topic=topic,
        district=district,
        department=department,
        document=doc,
        image=figure,
        remarks=remarks,
        promotion=promotion,
    )


@pytest.fixture(scope="module", name="hostile_portal")
def shared_hostile_portal(django_db_setup, django_db_blocker):
    """One hostile portal for a module's read-only tests, like TestCase.setUpTestData: built in
    a transaction that each test's own transaction nests in, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield hostile_site()
        transaction.set_rollback(True)
