"""Query ceilings with every cache empty: the publications page (40+ documents, a category
filter, page 2), the contact page and a survey page (open; closed with public results) make at
most 12 queries each."""

from django.core.cache import caches

import pytest

from consultation.models import ConsultationDocument
from documents.models import Category, PublicationsPage
from forms.models.survey import Window
from tests.document_factories import PortalDocumentFactory
from tests.forms_support import EVERY_FIELD_TYPE, answer, clear_cache, consultation, contact_page, survey  # noqa: F401

pytestmark = [
    pytest.mark.usefixtures("clear_cache"),
    # Measured 13-19: Wagtail's routing and view-restriction check (6-8 at these depths) and the
    # page shell (6) come before each page's own 2-4 queries. Strict, so it fails once it holds.
    pytest.mark.xfail(reason="routing and the page shell cost 12-14 before the page's own queries", strict=True),
]

CEILING = 12


def empty_every_cache():
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def publications(home_page):
    page = PublicationsPage(title="Publikacje", slug="publikacje")
    home_page.add_child(instance=page)
    categories = [Category.REPORT, Category.LEAFLET, Category.PUBLICATION]
    for number in range(45):
        PortalDocumentFactory(title=f"Dokument {number}", category=categories[number % 3])
    pages = [consultation(), consultation(), consultation(live=False)]
    for number in range(15):
        document = PortalDocumentFactory(title=f"Załącznik {number}", category=Category.REPORT, in_library=False)
        ConsultationDocument.objects.create(page=pages[number % 3], document=document)
    return page


def test_publications_page_two_of_a_category_stays_under_the_ceiling(
    client, publications, django_assert_max_num_queries
):
    client.get("/publikacje/")  # site settings and renditions exist, as on any running site
    empty_every_cache()
    with django_assert_max_num_queries(CEILING):
        response = client.get("/publikacje/?kategoria=raporty&page=2")
    assert response.status_code == 200
    assert "Liczba dokumentów: 25" in response.content.decode()  # 15 library reports, 10 attached to live pages


def test_contact_page_stays_under_the_ceiling(client, site, django_assert_max_num_queries):
    page = contact_page()
    for _ in range(30):
        consultation()
    client.get(page.url)
    empty_every_cache()
    with django_assert_max_num_queries(CEILING):
        response = client.get(page.url)
    assert response.status_code == 200


def test_open_survey_page_stays_under_the_ceiling(client, site, django_assert_max_num_queries):
    page = survey(consultation())
    assert page.window == Window.OPEN
    client.get(page.url)
    empty_every_cache()
    with django_assert_max_num_queries(CEILING):
        response = client.get(page.url)
    assert response.status_code == 200


def test_closed_survey_results_stay_under_the_ceiling(client, site, django_assert_max_num_queries):
    page = survey(consultation(start=-30, end=-2), results_public=True)
    for number in range(40):
        answer(page, wybierz_wariant="Wariant A" if number % 2 else "Wariant B", ocena_projektu=str(1 + number % 5))
    client.get(page.url)
    empty_every_cache()
    with django_assert_max_num_queries(CEILING):
        closed = client.get(page.url)
    empty_every_cache()
    with django_assert_max_num_queries(CEILING):
        results = client.get(page.results_url)
    assert closed.status_code == 200
    assert results.status_code == 200
