"""The consultation pages with every cache empty: a bounded number of queries, however many
consultations, topics, districts, documents and meetings there are (more than the demo has)."""

import datetime
import re
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

import pytest

from consultation.models import ConsultationDocument
from forms.models import Position
from home.models import PortalSettings
from tests.document_factories import PortalDocumentFactory
from tests.factories import (
    ConsultationPageFactory,
    DepartmentFactory,
    DistrictFactory,
    PortalImageFactory,
    TopicFactory,
)
from tests.forms_support import RemarkFactory, contact_page, survey
from tests.meeting_factories import CalendarPageFactory, MeetingFactory, warsaw, weekly

pytestmark = pytest.mark.django_db

# Every public page type makes at most this many queries with every cache empty.
CEILING = 12

TODAY = datetime.date(2026, 11, 15)


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture(autouse=True)
def frozen_clock():
    instant = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    with mock.patch("django.utils.timezone.now", return_value=instant.astimezone(datetime.UTC)):
        yield


@pytest.fixture(autouse=True)
def portal_settings(site):
    """The site's settings row, as every running site has (the first read would insert it)."""
    return PortalSettings.for_site(site)


@pytest.fixture
def tags():
    return {
        "topics": [TopicFactory(name=f"Temat {n}", slug=f"temat-{n}") for n in range(8)],
        "districts": [DistrictFactory(name=f"Dzielnica {n}", slug=f"dzielnica-{n}") for n in range(8)],
        "departments": [DepartmentFactory(name=f"Wydział {n}") for n in range(4)],
        "images": [PortalImageFactory() for _ in range(3)],
    }


@pytest.fixture
def many(register, tags):
    """36 consultations across three years and every status, each with two topics, two
    districts, a department and a share image."""
    pages = []
    for number in range(36):
        start = day(-700 + number * 30)
        pages.append(
            ConsultationPageFactory(
                parent=register,
                title=f"Konsultacja {number:02d}",
                slug=f"konsultacja-{number:02d}",
                start_date=start,
                end_date=start + datetime.timedelta(days=21),
                department=tags["departments"][number % 4],
                social_image=tags["images"][number % 3],
                topics=[tags["topics"][number % 8], tags["topics"][(number + 3) % 8]],
                districts=[tags["districts"][number % 8], tags["districts"][(number + 5) % 8]],
                results_summary="<p>Wyniki.</p>" if number % 5 == 0 and number < 30 else "",
                results_published_on=(start + datetime.timedelta(days=40))
                if number % 5 == 0 and number < 30
                else None,
            )
        )
    return pages


def documents(count, prefix):
    return [PortalDocumentFactory(title=f"{prefix} {n}") for n in range(count)]


@pytest.fixture
def rich(register, many, tags, home_page):
    """An ongoing consultation with everything a page shows: documents inline and in a block,
    an image in its body, meetings (some recurring), a survey and a contact form."""
    CalendarPageFactory(parent=home_page)
    contact_page(home_page)
    page = ConsultationPageFactory(
        parent=register,
        title="Plan zieleni",
        slug="plan-zieleni",
        start_date=day(-5),
        end_date=day(20),
        methods=["survey", "contact_form", "email", "meetings"],
        contact_email="zielen@bedzin.pl",
        department=tags["departments"][0],
        social_image=tags["images"][0],
        topics=tags["topics"][:4],
        districts=tags["districts"][:4],
    )
    page.documents = [ConsultationDocument(document=document) for document in documents(6, "Załącznik")]
    page.body = [
        {"type": "paragraph", "value": "<p>Opis planu.</p>"},
        {"type": "image", "value": {"image": tags["images"][1].pk, "caption": "Park"}},
        {"type": "documents", "value": {"heading": "Do pobrania", "documents": [d.pk for d in documents(5, "Mapa")]}},
    ]
    page.save_revision().publish()
    for number in range(8):
        MeetingFactory(
            page=page,
            title=f"Spotkanie {number}",
            start=warsaw(2026, 11, 16 + number, 17),
            recurrence=weekly(count=6) if number % 3 == 0 else None,
        )
    survey(page, fields=[("Opinia", "multiline", "", False)])
    return page


@pytest.fixture
def with_results(register, many, tags):
    """A closed consultation with published results and its remarks table."""
    page = ConsultationPageFactory(
        parent=register,
        title="Park nad Przemszą",
        slug="park-nad-przemsza",
        start_date=day(-60),
        end_date=day(-30),
        department=tags["departments"][1],
        topics=tags["topics"][:3],
        districts=tags["districts"][:3],
        results_summary="<p>Wpłynęło 40 uwag.</p>",
        results_changes="<p>Dodaliśmy ławki.</p>",
        results_published_on=day(-3),
        report_document=PortalDocumentFactory(title="Raport"),
    )
    for number in range(15):
        RemarkFactory(consultation=page, position=[Position.ACCEPTED, Position.NOT_ACCEPTED][number % 2])
    return page


def forget_every_cache():
    from tests.conftest import _forget_cached_content

    _forget_cached_content()
    cache.clear()


def queries_for(client, url):
    """The queries of one request with every cache empty (after a first request, as on a running
    site: image renditions exist)."""
    assert client.get(url).status_code == 200
    forget_every_cache()
    reset_queries()  # a full log (9,000 queries while building the data) would count none
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return list(captured.captured_queries)  # the next request empties the log


def show(captured):
    """The queries, each without its column list, for the failure message."""
    return "\n".join(
        f"{n}: {re.sub(r'^SELECT .*? FROM', 'SELECT … FROM', query['sql'])[:400]}" for n, query in enumerate(captured)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/konsultacje/",
        "/konsultacje/?status=zakonczone",
        "/konsultacje/?status=trwajace",
        "/konsultacje/?temat=temat-1",
        "/konsultacje/?obszar=dzielnica-2",
        "/konsultacje/?rok=2026",
        "/konsultacje/?page=2",
        "/konsultacje/?status=zakonczone&temat=temat-1&obszar=dzielnica-2&rok=2025",
        "/konsultacje/rss/",
        "/",
    ],
)
def test_register_feed_and_home_stay_under_the_ceiling_with_every_cache_empty(client, rich, with_results, url):
    captured = queries_for(client, url)
    print(url, len(captured))  # noqa: T201
    assert len(captured) <= CEILING, show(captured)


def test_a_rich_consultation_page_stays_under_the_ceiling_with_every_cache_empty(client, rich):
    captured = queries_for(client, rich.url)
    html = client.get(rich.url).content.decode()
    print("rich", len(captured))  # noqa: T201
    assert "Załącznik 5</a>" in html
    assert "Wypełnij ankietę" in html
    assert len(captured) <= CEILING, show(captured)


def test_a_consultation_page_with_results_stays_under_the_ceiling_with_every_cache_empty(client, with_results):
    captured = queries_for(client, with_results.url)
    print("results", len(captured))  # noqa: T201
    assert len(captured) <= CEILING, show(captured)
