"""A whole portal whose every editor-facing text field holds a hostile value (tests.xss_support).

`hostile_site()` builds it through the ORM in about a second: settings, snippets, images,
documents, every page type with every StreamField block, meetings, surveys, the contact form,
remarks and a search promotion. Rich text goes through Wagtail's own editor converter
(Draft.js content state → database HTML), the path an editor's typing takes. Each value ends
with `#<field>`, so a failing check shows which field leaked.

The pieces: tests/xss_content.py (the values, rich text, images, documents, page bodies),
tests/xss_snippets.py (settings, taxonomies, embed, search promotion), tests/xss_forms.py (contact
page, surveys, remarks); this module puts the page tree together.
"""

import datetime
from types import SimpleNamespace

from django.db import transaction

from wagtail.models import Site

import pytest
import recurrence

from consultation.models import (
    CalendarPage,
    ConsultationDocument,
    ConsultationIndexPage,
    ConsultationPage,
    Meeting,
    MeetingKind,
)
from consultation.models.status import warsaw_today
from consultation.occurrences import WARSAW
from documents.models import PublicationsPage
from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.xss_content import (
    EMBED_URL,
    HOSTILE_EMAIL,
    HOSTILE_HTTP_URL,
    SEARCH_QUERY,
    body,
    document,
    image,
    page_texts,
    rich_text,
)
from tests.xss_forms import hostile_contact_page, hostile_remarks, hostile_surveys
from tests.xss_snippets import hostile_embed, hostile_promotion, hostile_settings, hostile_taxonomies
from tests.xss_support import FORMULAS, payload

# What the corpus's tests import from here.
__all__ = ["EMBED_URL", "HOSTILE_EMAIL", "HOSTILE_HTTP_URL", "SEARCH_QUERY", "hostile_site", "shared_hostile_portal"]


def hostile_site():
    home = HomePage.objects.get(depth=2)
    site = Site.objects.get(is_default_site=True)
    today = warsaw_today()
    day = datetime.timedelta(days=1)

    hostile_settings(site)
    topic, district, department = hostile_taxonomies()

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

    contact = hostile_contact_page(home)
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

    open_survey, closed_survey = hostile_surveys(ongoing, finished)

    text_page.body = body("standard-body", figure, doc, form_page=open_survey)
    text_page.save()
    news.body = body("news-body", figure, doc)
    news.save()
    ongoing.body = body("ongoing-body", figure, doc)
    ongoing.save()

    hostile_embed()
    remarks = hostile_remarks(finished)
    promotion = hostile_promotion()

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
